"""Only regular files are read, and never more than their limit (issue #10).

A FIFO blocked for ever, ``/dev/zero`` spun for ever, and a table over the
limit was read up to the limit before being refused.  Every such path must now
be refused before it is opened, with one sentence naming it and what it is, at
the line of the model that names it.  The FIFOs run in a subprocess with a
timeout, so that a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from hostile._support import RULES_MODEL, popen, refused, run
from partygraph.io import tables, yamlsrc

BOUND = 20.0  # seconds: every hostile input ends well within this
#: Where ``persons: {table: persons.csv}`` stands in the rules model (line, column of the value).
TABLE_AT = ":118:18: persons.table:"


@pytest.fixture
def model(tmp_path: Path) -> Path:
    """A copy of the hand-checked rules model and its two tables."""
    for source in RULES_MODEL.parent.glob("*"):
        if source.suffix in (".yaml", ".csv"):
            shutil.copy(source, tmp_path / source.name)
    return tmp_path / "model.yaml"


def _in_time(*args: str) -> tuple[int, str]:
    """Run the console script; it must end within :data:`BOUND` seconds."""
    proc = popen(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _, err = proc.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"partygraph {' '.join(args)} still running after {BOUND} s")
    return proc.returncode, err.decode()


def _replace(path: Path, by: str) -> None:
    """Put a symbolic link to ``by`` where ``path`` was."""
    path.unlink(missing_ok=True)
    path.symlink_to(by)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
class TestFifo:
    def test_as_a_table(self, model: Path) -> None:
        (model.parent / "persons.csv").unlink()
        os.mkfifo(model.parent / "persons.csv")
        code, err = _in_time("validate", str(model))
        refused(code, err, 2, TABLE_AT, "persons.csv", "这是命名管道（FIFO）")

    def test_as_the_entry_file(self, tmp_path: Path) -> None:
        os.mkfifo(tmp_path / "m.yaml")
        code, err = _in_time("validate", str(tmp_path / "m.yaml"))
        refused(code, err, 2, "m.yaml: 无法读取文件：这是命名管道（FIFO）")

    def test_as_an_include(self, model: Path) -> None:
        with model.open("a", encoding="utf-8") as f:
            f.write("include: more.yaml\n")
        os.mkfifo(model.parent / "more.yaml")
        code, err = _in_time("validate", str(model))
        refused(code, err, 2, ":124:10: include:", "more.yaml", "这是命名管道（FIFO）")

    def test_as_a_rules_file(self, model: Path) -> None:
        os.mkfifo(model.parent / "r.yaml")
        code, err = _in_time("check", str(model), "--rules", str(model.parent / "r.yaml"))
        refused(code, err, 2, "r.yaml: 无法读取文件：这是命名管道（FIFO）")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_a_table(model: Path, device: str, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    _replace(model.parent / "persons.csv", device)
    start = time.monotonic()
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, TABLE_AT, "这是设备，不是普通文件")
    assert time.monotonic() - start < BOUND


def test_a_folder_as_a_table(model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (model.parent / "persons.csv").unlink()
    (model.parent / "persons.csv").mkdir()
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, TABLE_AT, "这是一个文件夹")


def test_a_symlink_loop_as_a_table(model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _replace(model.parent / "persons.csv", "loop.csv")
    _replace(model.parent / "loop.csv", "persons.csv")
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, TABLE_AT, "符号链接形成了循环")


def test_a_symlink_loop_as_an_include(model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with model.open("a", encoding="utf-8") as f:
        f.write("include: more.yaml\n")
    _replace(model.parent / "more.yaml", "more.yaml")
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, ":124:10: include:", "more.yaml", "符号链接形成了循环")


def test_a_symlink_loop_as_the_entry_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _replace(tmp_path / "m.yaml", "m.yaml")
    code, _, err = run(capsys, "validate", str(tmp_path / "m.yaml"))
    refused(code, err, 2, "m.yaml: 无法读取文件：符号链接形成了循环")


def _sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no room on disk (a hole)."""
    with path.open("wb") as f:
        f.truncate(size)


def test_a_table_over_the_limit_is_refused_before_reading(
    model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 5 GiB, over the 4 GiB limit: it used to be read 4 GiB into memory first.
    _sparse(model.parent / "persons.csv", 5 * 1024**3)
    start = time.monotonic()
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, TABLE_AT, f"超过 {tables.MAX_TABLE_BYTES:,} 字节的上限")
    assert time.monotonic() - start < BOUND


def test_a_yaml_file_over_the_limit_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sparse(tmp_path / "m.yaml", yamlsrc.MAX_FILE_BYTES + 1)
    code, _, err = run(capsys, "validate", str(tmp_path / "m.yaml"))
    limit = f"{yamlsrc.MAX_FILE_BYTES:,}"
    refused(code, err, 2, f"m.yaml: 文件大小超过 {limit} 字节的上限")


def test_the_read_stops_one_byte_past_the_limit(tmp_path: Path) -> None:
    # A file that grows after its size was checked is still cut at limit + 1.
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n" * 10)
    assert yamlsrc.read_bytes(path, limit=40) == b"a,b\n" * 10
    with pytest.raises(yamlsrc.ConfigError, match="超过 39 字节的上限"):
        yamlsrc.read_bytes(path, limit=39)


def test_a_nul_in_a_table_path(model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = model.read_text(encoding="utf-8").replace("{table: persons.csv}", '{table: "p\\0.csv"}')
    model.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, TABLE_AT, "文件名中含有空字符（NUL）")
