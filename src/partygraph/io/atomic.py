"""Files written whole or not at all: every writer of partygraph goes through here.

(Just over 400 lines: the checks before a write, the write itself and its
cleanup on failure share the error sentences of one module.)

Writers (the dump, the report, diagrams, exports) import only this module of
:mod:`partygraph.io`, never the loader.  Any failure of the operating system
while writing (a full disk, a folder given as the file, no permission, a name
too long, a file where a folder should be) becomes one
:class:`~partygraph.errors.OutputError` that names the path, says why and what
to do; the temporary file and the folders made for it are removed first.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from partygraph.errors import OutputError
from partygraph.i18n import tr

__all__ = [
    "check_not_read",
    "check_output",
    "output_error",
    "write_atomic",
    "write_with_folder",
]

#: Longest file name most file systems allow, in bytes (ext4, XFS, tmpfs, APFS, NTFS).
_NAME_MAX = 255
#: What the temporary name adds to the target's: ``.`` + ``.<12 hex>.part``.
_TMP_EXTRA = len(".." + "0" * 12 + ".part")


@contextmanager
def write_atomic(path: Path, *, binary: bool = False) -> Iterator[Any]:
    """Write ``path`` via a temporary file beside it: all or nothing.

    The temporary file is created with the usual mode (``0o666`` less the umask)
    and renamed over ``path`` only when the block ends without an error.  On any
    error the temporary file and the folders created for ``path`` are removed,
    and an :class:`OSError` becomes an :class:`~partygraph.errors.OutputError`.

    Raises
    ------
    partygraph.errors.OutputError
        If the file cannot be written; nothing is left behind.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "out.txt"
    ...     with write_atomic(p) as f:
    ...         _ = f.write("完整")
    ...     p.read_text(encoding="utf-8")
    '完整'
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with write_atomic(pathlib.Path(d)) as f:
    ...         _ = f.write("x")
    Traceback (most recent call last):
    ...
    partygraph.errors.OutputError: 无法写入 ...：它是一个文件夹；请写出文件夹里的一个文件，...
    """
    path = Path(path)
    check_output(path)
    made = _missing_folders(path.parent)
    tmp = path.with_name(_tmp_name(path.name))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        _remove_folders(made)
        raise output_error(path, exc) from None
    try:
        f: Any = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with f:
            yield f
        tmp.replace(path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        _remove_folders(made)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise output_error(path, exc) from None
        raise


def write_with_folder(
    entry: Path,
    folder: Path,
    files: Mapping[str, str | Callable[[Any], None]],
    entry_text: Callable[[str], str],
) -> None:
    """Write ``entry`` and the ``files`` of ``folder`` beside it as one change.

    A file is given as its text or as a function writing it to the open file
    in parts (a table of millions of rows is then never one string).
    ``entry_text(name)`` is the entry file's text when its files are in the
    folder ``name`` beside it (the entry file names that folder).  At every
    moment ``entry`` is the old file naming the old folder, or a new file
    naming a complete new folder; the rename of the entry file is the commit:

    1. the files go into a fresh folder ``.<folder>.<random>`` beside ``folder``;
    2. the entry file, naming that folder, is renamed over ``entry``: **commit**;
    3. the files are linked (or copied) one by one into ``folder`` under
       temporary names, each renamed over the one it replaces (other files of
       ``folder`` are left alone, as before);
    4. the entry file, naming ``folder``, is renamed over ``entry`` again;
    5. the fresh folder, and any left by an earlier interrupted write, are removed
       (after a first write, or one with no files, too), with the temporary files
       a killed write left in ``folder`` and beside ``entry``.

    When ``folder`` does not exist yet, the fresh folder is renamed to it
    before the single write of the entry file.  A failure before the commit
    removes all it made; one after it (steps 3-5) leaves the new model, naming
    the fresh folder, which the next write cleans up.

    Raises
    ------
    partygraph.errors.OutputError
        If the files cannot be written; the old files are untouched.
    """
    check_output(entry)
    if not files:
        _write_text(entry, entry_text(folder.name))
        _remove_leftovers(entry, folder)
        return
    check_output(folder / next(iter(files)))
    fresh = folder.with_name(f".{folder.name}.{secrets.token_hex(6)}")
    made = _missing_folders(entry.parent)
    staged = fresh  # where the new files are: ``folder`` once renamed to it
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fresh.mkdir()
        for name, text in files.items():
            _write_new(fresh / name, text)
        if not os.path.lexists(folder):
            staged = fresh.rename(folder)
            _write_text(entry, entry_text(folder.name))
        else:
            _write_text(entry, entry_text(fresh.name))
    except BaseException as exc:
        shutil.rmtree(staged, ignore_errors=True)
        _remove_folders(made)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise output_error(entry, exc) from None
        raise
    if staged == fresh:  # committed: the new model loads from here on, whatever happens next
        try:
            for name in files:
                _put_linked(fresh / name, folder / name)
            _write_text(entry, entry_text(folder.name))
        except (OSError, OutputError):  # the entry file still names the complete fresh folder
            return
    _remove_leftovers(entry, folder)


def _write_new(path: Path, text: str | Callable[[Any], None]) -> None:
    """A file that must not exist yet (in a folder just made); ``text`` may be a
    function that writes it to the open file in parts (a province's tables)."""
    with path.open("x", encoding="utf-8", newline="") as f:
        if isinstance(text, str):
            f.write(text)
        else:
            text(f)


def _write_text(path: Path, text: str) -> None:
    with write_atomic(path) as f:
        f.write(text)


def _put_linked(source: Path, target: Path) -> None:
    """``target`` replaced, in one rename, by a hard link to ``source`` (a copy where
    the file system has no hard links)."""
    tmp = target.with_name(_tmp_name(target.name))
    try:
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _remove_leftovers(entry: Path, folder: Path) -> None:
    """The fresh folders beside ``folder``, the temporary files in it and the
    entry file's beside it that a killed write left: once the entry file names
    ``folder`` (or no folder), none of them is read."""
    mine = re.compile(re.escape(f".{folder.name}.") + r"[0-9a-f]{12}")
    entry_part = re.compile(re.escape(f".{entry.name}.") + r"[0-9a-f]{12}\.part")
    for p in folder.parent.iterdir():
        if mine.fullmatch(p.name) and p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        elif entry_part.fullmatch(p.name) and p.is_file():
            p.unlink(missing_ok=True)
    if not folder.is_dir():
        return
    part = re.compile(r"\..+\.[0-9a-f]{12}\.part")
    for p in folder.iterdir():
        if part.fullmatch(p.name) and p.is_file():
            p.unlink(missing_ok=True)


def check_output(path: Path) -> None:
    """Refuse, before any work, a file that cannot be written whatever is in it.

    A folder given as the file, a file where a folder should be, an empty name
    or one longer than file systems allow; :func:`write_atomic` meets the rest
    (a full disk, no permission) when it writes.

    Raises
    ------
    partygraph.errors.OutputError
        Naming the path, why and what to do.

    Examples
    --------
    >>> check_output(Path("README.md/out.svg"))
    Traceback (most recent call last):
    ...
    partygraph.errors.OutputError: 无法写入 README.md/out.svg：README.md 是一个文件，不是文件夹；...
    """
    if "\0" in os.fspath(path):
        raise OutputError(path, None, tr("output.nul"), tr("output.remove_it"))
    if not path.name or path.name in (".", ".."):
        raise OutputError(path, None, tr("output.empty"), tr("output.give_a_name"))
    if len(path.name.encode("utf-8", "surrogateescape")) > _NAME_MAX:
        raise output_error(path, OSError(errno.ENAMETOOLONG, "File name too long"))
    if _is_folder(path):  # rename(2) would refuse it only at the end, after the work
        raise output_error(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
    special = _special(path)
    if special is not None:  # a rename would put a regular file in its place
        raise OutputError(path, None, special, tr("output.regular_file"))
    if _in_the_way(path.parent) is not None:
        raise output_error(path, NotADirectoryError(errno.ENOTDIR, "Not a directory"))


def check_not_read(targets: Iterable[Path], read: Iterable[tuple[Path, str]]) -> None:
    """Refuse to write over a file the command read: ``read`` pairs each such
    file with what it is (``"the model's entry file"``).  The same file is the
    same resolved path, or the same inode (a hard link, a bind mount).

    Raises
    ------
    partygraph.errors.OutputError
        Naming the target and the file it is.

    Examples
    --------
    >>> check_not_read([Path("a/../README.md")], [(Path("README.md"), "模型的入口文件")])
    Traceback (most recent call last):
    ...
    partygraph.errors.OutputError: 无法写入 a/../README.md：它是模型的入口文件，本命令读过它；...
    """
    known = [(p, what, os.path.realpath(p), _inode(p)) for p, what in read]
    for target in targets:
        real, inode = os.path.realpath(target), _inode(target)
        for _, what, p_real, p_inode in known:
            if real == p_real or (inode is not None and inode == p_inode):
                reason = tr("output.was_read", what=what)
                raise OutputError(target, None, reason, tr("output.write_elsewhere"))


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        st = Path(path).stat()
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


#: Where the system keeps devices and processes: never a place for an output file.
_SYSTEM = ("/dev", "/proc", "/sys")


def _special(path: Path) -> str | None:
    """Why ``path`` is no place for a regular file (a device, a FIFO,
    ``/dev/stdout``), else ``None``."""
    absolute = os.path.normpath(path.absolute())
    top = next((d for d in _SYSTEM if absolute.startswith(d + "/")), None)
    if os.name == "posix" and top is not None:
        return tr("output.in_system", top=top)
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return None
    kinds = [
        (stat.S_ISCHR, "output.char_device"),
        (stat.S_ISBLK, "output.block_device"),
        (stat.S_ISFIFO, "output.fifo"),
        (stat.S_ISSOCK, "output.socket"),
    ]
    what = next((what for test, what in kinds if test(mode)), None)
    return None if what is None else tr("output.is_special", what=tr(what))


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # unreadable: the write itself will say why
        return False


def _tmp_name(name: str) -> str:
    """``.<name>.<random>.part``, shortened so that a name that fits still fits."""
    room = _NAME_MAX - _TMP_EXTRA
    stem = name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return f".{stem}.{secrets.token_hex(6)}.part"


def _missing_folders(folder: Path) -> list[Path]:
    """The folders that writing in ``folder`` will create, deepest first."""
    missing = []
    for p in (folder, *folder.parents):
        try:
            if p.exists():
                break
        except OSError:
            break
        missing.append(p)
    return missing


def _remove_folders(folders: list[Path]) -> None:
    """Remove folders this write created, deepest first, while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except FileNotFoundError:  # a deeper one the failed mkdir never made
            continue
        except OSError:  # not empty: something else is in it now
            break


def output_error(path: Path, exc: OSError) -> OutputError:
    """An :class:`OSError` met writing ``path`` as a sentence: why, and what to do.

    Examples
    --------
    >>> import errno, pathlib
    >>> print(output_error(pathlib.Path("out/a.svg"), OSError(errno.ENOSPC, "No space left")))
    无法写入 out/a.svg：磁盘空间已满；请腾出空间，或写到别处
    """
    code = exc.errno
    folder = Path(exc.filename).parent if isinstance(exc.filename, str) else path.parent
    size = len(path.name.encode("utf-8", "surrogateescape"))
    reasons: dict[int, tuple[str, str]] = {
        errno.ENOSPC: (tr("output.no_space"), tr("output.free_space")),
        errno.EDQUOT: (tr("output.quota"), tr("output.free_space")),
        errno.EFBIG: (tr("output.too_large"), tr("output.write_elsewhere")),
        errno.EISDIR: (
            tr("output.is_folder"),
            tr("output.name_a_file", example=path / ("out" + (path.suffix or ".txt"))),
        ),
        errno.EACCES: (tr("output.denied", folder=folder), tr("output.ask_permission")),
        errno.EPERM: (tr("output.not_permitted", folder=folder), tr("output.other_folder")),
        errno.EROFS: (tr("output.read_only"), tr("output.other_disk")),
        errno.ENAMETOOLONG: (
            tr("output.name_too_long", size=size, most=_NAME_MAX),
            tr("output.shorter_name"),
        ),
        errno.ELOOP: (tr("output.link_loop_folder"), tr("output.other_folder")),
    }
    if code in reasons:
        reason, hint = reasons[code]
    elif code in (errno.ENOTDIR, errno.EEXIST):
        blocker, what = _in_the_way(path.parent) or (path.parent, tr("output.not_folder"))
        reason = tr("output.in_the_way", blocker=blocker, what=what)
        hint = tr("output.move_it")
    else:
        reason = (exc.strerror or str(exc)).rstrip(".")
        reason = reason[:1].lower() + reason[1:]
        hint = tr("output.check_path")
    return OutputError(path, code, reason, hint)


def _in_the_way(folder: Path) -> tuple[Path, str] | None:
    """The nearest existing ancestor of ``folder`` (or itself) if it is not a
    folder, and what it is: the thing that is where a folder should be."""
    for p in (folder, *folder.parents):
        try:
            if p.is_dir():
                return None
            if p.is_symlink():
                return p, _link(p)
            if p.exists():
                return p, tr("output.not_a_folder")
        except OSError:  # unreadable: the write itself will say why
            return None
    return None


def _link(p: Path) -> str:
    """What a symbolic link that is not a folder leads to."""
    target = p.readlink()
    try:
        p.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return tr("output.link_loop")
        return tr("output.link_missing", target=target)
    return tr("output.link_not_folder", target=target)
