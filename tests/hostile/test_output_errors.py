"""Every output the system refuses is one sentence (exit 2), and nothing new is left.

For ``check -o``, ``draw -o``, ``export -o`` and ``synth -o``: a folder given as
the file, ``-o ''``, a file where a folder should be, a name too long, a full
disk, no permission, a read-only file system.  The failures the machine cannot
stage (a full disk, a permission as root) are made by a write or an open that
raises what the system would; a real full and read-only tmpfs is used as well
where this process may mount one.
"""

from __future__ import annotations

import errno
import os
import subprocess
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hostile._support import RULES_MODEL, refused, run, tree
from partygraph.errors import OutputError, PartygraphError
from partygraph.io import atomic
from partygraph.io.atomic import write_atomic


@pytest.fixture
def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test reads the English sentences (test_output_in_chinese.py reads the Chinese)."""
    monkeypatch.setenv("PARTYGRAPH_LANG", "en")


#: Each command that writes with -o, and the suffix of its output.
COMMANDS: dict[str, tuple[list[str], str]] = {
    "check": (["check", str(RULES_MODEL), "--pack", "regulations"], ".csv"),
    "draw": (["draw", str(RULES_MODEL), "--layer", "linkage"], ".svg"),
    "export": (["export", str(RULES_MODEL), "-f", "graphml"], ".graphml"),
    "synth": (["synth", "--communities", "1"], ".yaml"),
}
WROTE = {"check": 1, "draw": 0, "export": 0, "synth": 0}  # check: the fixture has errors


def _cli(capsys: pytest.CaptureFixture[str], name: str, out: str) -> tuple[int, str, str]:
    args, _ = COMMANDS[name]
    return run(capsys, *args, "-o", out)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    return tmp_path


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("name", COMMANDS)
def test_a_folder_given_as_the_file(
    name: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = work / f"out{COMMANDS[name][1]}"
    target.mkdir()
    before = tree(work)
    code, _, err = _cli(capsys, name, str(target))
    refused(code, err, 2, f"cannot write {target}", "it is a folder", "name a file in it")
    assert tree(work) == before


@pytest.mark.parametrize("name", COMMANDS)
def test_an_empty_output_name(name: str, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(work)
    code, out, err = _cli(capsys, name, "")
    refused(code, err, 2, "-o/--output 后面是空的")
    assert out == "" and tree(work) == before  # check -o '' used to print to stdout


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("deeper", ["", "sub/"])
@pytest.mark.parametrize("name", COMMANDS)
def test_a_file_where_a_folder_should_be(
    name: str, deeper: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(work)
    target = work / "afile" / f"{deeper}out{COMMANDS[name][1]}"
    code, _, err = _cli(capsys, name, str(target))
    refused(code, err, 2, "cannot write", f"{work / 'afile'} is a file, not a folder")
    assert tree(work) == before


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize(
    ("link", "what"),
    [
        ("loop", "loop is a loop of symbolic links"),
        ("nowhere", "dangling is a symbolic link to nowhere, which does not exist"),
        ("afile", "is a symbolic link to afile, not to a folder"),
    ],
)
def test_a_symbolic_link_where_a_folder_should_be(
    link: str, what: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "loop" if link == "loop" else "dangling" if link == "nowhere" else "tofile"
    (work / name).symlink_to(link)
    before = tree(work)
    code, _, err = _cli(capsys, "draw", str(work / name / "x.svg"))
    refused(code, err, 2, f"cannot write {work / name / 'x.svg'}", what)
    assert tree(work) == before


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("name", COMMANDS)
def test_a_name_too_long(name: str, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(work)
    code, _, err = _cli(capsys, name, str(work / ("x" * 300 + COMMANDS[name][1])))
    refused(code, err, 2, "the name is too long (3", "bytes; file systems allow 255)")
    assert tree(work) == before


@pytest.mark.parametrize("name", ["check", "draw", "export"])
def test_a_long_name_that_fits_is_written(
    name: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """234 bytes of name: the temporary name beside it used to exceed 255 bytes."""
    file = "长" * 78 + COMMANDS[name][1]
    assert len(file.encode()) <= 255 < len(f".{file}.0123456789ab.part".encode())
    code, _, err = _cli(capsys, name, str(work / file))
    assert code == WROTE[name], err
    assert tree(work) == {"afile", file}


def _failing_fdopen(code: int) -> Any:
    """``os.fdopen`` whose files fail to write with ``code``, as the system would."""

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        f = os.fdopen(fd, *args, **kwargs)

        def write(data: Any) -> int:
            raise OSError(code, os.strerror(code))

        f.write = write
        return f

    return fdopen


def _os_with(**replaced: Any) -> types.SimpleNamespace:
    return types.SimpleNamespace(**{**vars(os), **replaced})


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("name", COMMANDS)
def test_a_full_disk_leaves_neither_file_nor_the_folders_made_for_it(
    name: str, work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "os", _os_with(fdopen=_failing_fdopen(errno.ENOSPC)))
    before = tree(work)
    target = work / "new" / "deeper" / f"out{COMMANDS[name][1]}"
    code, _, err = _cli(capsys, name, str(target))
    refused(code, err, 2, "cannot write", "no space is left on the device", "free some space")
    assert tree(work) == before  # new/ and new/deeper/ removed too


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("name", COMMANDS)
def test_no_permission(
    name: str, work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(path: Any, *args: Any) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    monkeypatch.setattr(atomic, "os", _os_with(open=denied))
    before = tree(work)
    code, _, err = _cli(capsys, name, str(work / f"out{COMMANDS[name][1]}"))
    refused(code, err, 2, f"permission denied in {work}", "choose a folder you may write to")
    assert tree(work) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder anyway")
def test_a_read_only_folder(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = work / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _, err = _cli(capsys, "draw", str(folder / "out.svg"))
        refused(code, err, 2, f"permission denied in {folder}")
        assert tree(folder) == set()
    finally:
        folder.chmod(0o755)


# -- a real tmpfs, where this process may mount one --------------------------------
@pytest.fixture
def tmpfs(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A 64 KiB tmpfs (``mount -o`` options from the test's parameter), else a skip."""
    where = tmp_path / "mnt"
    where.mkdir()
    options = getattr(request, "param", "size=64k")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not permitted'})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("name", COMMANDS)
def test_a_really_full_disk(name: str, tmpfs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmpfs / "filler").write_bytes(b"\0" * (64 * 1024 - 4096))  # leave one page
    before = tree(tmpfs)
    code, _, err = _cli(capsys, name, str(tmpfs / "a" / "b" / f"out{COMMANDS[name][1]}"))
    refused(code, err, 2, "no space is left on the device")
    assert tree(tmpfs) == before


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("tmpfs", ["ro,size=64k"], indirect=True)
def test_a_read_only_file_system(tmpfs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(capsys, "check", str(tmpfs / "gaps.csv"))
    refused(code, err, 2, "the file system is read-only")


# -- write_atomic itself --------------------------------------------------------------
def test_output_error_is_an_os_error_with_its_errno(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught, write_atomic(tmp_path):
        pass
    assert isinstance(caught.value, OSError) and isinstance(caught.value, PartygraphError)
    assert caught.value.errno == errno.EISDIR
    assert caught.value.filename == str(tmp_path)


def test_an_error_of_the_caller_removes_the_temporary_file_and_new_folders(
    tmp_path: Path,
) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    with pytest.raises(KeyError), write_atomic(target) as f:
        f.write("half")
        raise KeyError("the renderer failed")
    assert tree(tmp_path) == set()


def test_a_folder_made_by_someone_else_meanwhile_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "a" / "out.txt"
    with pytest.raises(KeyError), write_atomic(target):
        (tmp_path / "a" / "theirs.txt").write_text("keep", encoding="utf-8")
        raise KeyError("failed")
    assert tree(tmp_path) == {"a", "a/theirs.txt"}
