"""Files written whole or not at all: every writer of partygraph goes through here.

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
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from partygraph.errors import OutputError

__all__ = ["check_output", "output_error", "write_atomic"]

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
    partygraph.errors.OutputError: cannot write ...: it is a folder; name a file in it, ...
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
    partygraph.errors.OutputError: cannot write README.md/out.svg: README.md is a file, ...
    """
    if "\0" in os.fspath(path):
        raise OutputError(path, None, "the name contains a NUL character", "remove it")
    if not path.name or path.name in (".", ".."):
        raise OutputError(path, None, "the name is empty", "give the name of a file")
    if len(path.name.encode("utf-8", "surrogateescape")) > _NAME_MAX:
        raise output_error(path, OSError(errno.ENAMETOOLONG, "File name too long"))
    if _is_folder(path):  # rename(2) would refuse it only at the end, after the work
        raise output_error(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
    if _in_the_way(path.parent) is not None:
        raise output_error(path, NotADirectoryError(errno.ENOTDIR, "Not a directory"))


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
    cannot write out/a.svg: no space is left on the device; free some space or write elsewhere
    """
    code = exc.errno
    folder = Path(exc.filename).parent if isinstance(exc.filename, str) else path.parent
    size = len(path.name.encode("utf-8", "surrogateescape"))
    reasons: dict[int, tuple[str, str]] = {
        errno.ENOSPC: ("no space is left on the device", "free some space or write elsewhere"),
        errno.EDQUOT: ("your disk quota is used up", "free some space or write elsewhere"),
        errno.EFBIG: ("the file is too large for the file system", "write elsewhere"),
        errno.EISDIR: (
            "it is a folder",
            f"name a file in it, e.g. {path / ('out' + (path.suffix or '.txt'))}",
        ),
        errno.EACCES: (
            f"permission denied in {folder}",
            "choose a folder you may write to, or ask for write permission",
        ),
        errno.EPERM: (
            f"the system does not permit writing in {folder}",
            "choose another folder",
        ),
        errno.EROFS: ("the file system is read-only", "write to another disk or folder"),
        errno.ENAMETOOLONG: (
            f"the name is too long ({size} bytes; file systems allow {_NAME_MAX})",
            "choose a shorter name",
        ),
        errno.ELOOP: ("its folder is a loop of symbolic links", "choose another folder"),
    }
    if code in reasons:
        reason, hint = reasons[code]
    elif code in (errno.ENOTDIR, errno.EEXIST):
        blocker, what = _in_the_way(path.parent) or (path.parent, "not a folder")
        reason = f"{blocker} is {what}"
        hint = "choose another folder, or move it away"
    else:
        reason = (exc.strerror or str(exc)).rstrip(".")
        reason = reason[:1].lower() + reason[1:]
        hint = "check the path and try again"
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
                return p, "a file, not a folder"
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
            return "a loop of symbolic links"
        return f"a symbolic link to {target}, which does not exist"
    return f"a symbolic link to {target}, not to a folder"
