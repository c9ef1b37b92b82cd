"""The result cache (partygraph.io.resultcache): a check answered from it writes
what the check wrote, and any change to what decides the answer asks again.

Each test runs the command in-process on a copy of the rules fixture in its own
folder, with the 20 MB threshold lowered to nothing (by default only big
models are cached).  Whether the check ran is counted at
``partygraph.rules.check.check``: a hit must not call it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import partygraph
from partygraph.cli import main
from partygraph.io import cachekey, resultcache
from partygraph.io.cachekey import folder_for
from partygraph.rules import check as check_mod

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "rules", tmp_path / "m")
    monkeypatch.setattr(resultcache, "MIN_BYTES", 0)
    monkeypatch.delenv("PARTYGRAPH_NO_CACHE", raising=False)
    monkeypatch.delenv("PARTYGRAPH_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    return Path("m/model.yaml")


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per check run."""
    ran: list[int] = []
    real = check_mod.check

    def counted(*args: Any, **kwargs: Any) -> Any:
        ran.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(check_mod, "check", counted)
    return ran


def _entries(entry: Path) -> list[Path]:
    folder = folder_for(entry) / "results"
    return (
        sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []
    )


def _run(capsys: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, bytes, bytes]:
    return _said(main(["check", *argv]), capsys)


def _said(code: int, capsys: pytest.CaptureFixture[bytes]) -> tuple[int, bytes, bytes]:
    """The exit code, standard output, and standard error without the timing
    lines of stages slower than a second (a busy machine's, on a miss only)."""
    out, err = capsys.readouterr()
    lines = err.splitlines(keepends=True)
    return code, out, b"".join(x for x in lines if not x.startswith("· ".encode()))


@pytest.mark.parametrize("suffix", [".txt", ".json", ".md", ".csv", ".xlsx"])
def test_a_file_written_again_is_the_same_bytes(
    entry: Path, checks: list[int], capsysbinary: pytest.CaptureFixture[bytes], suffix: str
) -> None:
    out = Path(f"gaps{suffix}")
    code, said, _ = _run(capsysbinary, str(entry), "-o", str(out))
    cold = out.read_bytes()
    out.unlink()
    assert checks == [1] and len(_entries(entry)) == 1
    again = _run(capsysbinary, str(entry), "-o", str(out))
    assert checks == [1]  # answered without checking
    assert again == (code, said, b"") and code == 1  # the fixture has errors
    assert out.read_bytes() == cold
    assert "错误 11 · 警告 26 · 提示 15" in said.decode()  # both packs


def test_a_refused_output_keeps_nothing(
    entry: Path, checks: list[int], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    code, _, err = _run(capsysbinary, str(entry), "-o", os.devnull, "--format", "json")
    assert code == 2 and "/dev" in err.decode() and _entries(entry) == []


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "csv"])
def test_standard_output_again_is_the_same_text(
    entry: Path, checks: list[int], capsysbinary: pytest.CaptureFixture[bytes], fmt: str
) -> None:
    cold = _run(capsysbinary, str(entry), "--format", fmt)
    assert _run(capsysbinary, str(entry), "--format", fmt) == cold
    assert checks == [1] and cold[1]


def test_the_default_is_off_for_a_small_model_and_by_the_environment(
    entry: Path,
    checks: list[int],
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(resultcache, "MIN_BYTES", cachekey.MIN_BYTES)
    _run(capsysbinary, str(entry))
    assert _entries(entry) == []  # the fixture is a few KB: nothing kept
    monkeypatch.setattr(resultcache, "MIN_BYTES", 0)
    _run(capsysbinary, str(entry), "--no-cache")
    monkeypatch.setenv("PARTYGRAPH_NO_CACHE", "1")
    _run(capsysbinary, str(entry))
    assert _entries(entry) == [] and checks == [1, 1, 1]
    monkeypatch.delenv("PARTYGRAPH_NO_CACHE")
    _run(capsysbinary, str(entry))  # written now
    for off in (["--no-cache"], []):  # neither read with the option nor with the variable
        if not off:
            monkeypatch.setenv("PARTYGRAPH_NO_CACHE", "1")
        _run(capsysbinary, str(entry), *off)
    assert checks == [1] * 6


def _rules_edited(entry: Path) -> None:
    rules = entry.parent / "custom_rules.yaml"
    rules.write_text(
        rules.read_text("utf-8").replace("visit_days: 200", "visit_days: 100"), "utf-8"
    )


def _table_edited(entry: Path) -> None:
    table = entry.parent / "households.csv"
    data = table.read_bytes()
    table.write_bytes(data.replace(b"\n", b"\r\n", 1))  # one byte more, the same rows


def _stamp_changed(entry: Path) -> None:
    cachekey._stamp[:] = ["another"]


#: (what is changed, the arguments before and after, a change of the files).
CHANGES: dict[str, tuple[list[str], list[str], Callable[[Path], None] | None]] = {
    "pack": ([], ["--pack", "regulations"], None),
    "rules file added": ([], ["--rules", "m/custom_rules.yaml"], None),
    "rules file edited": (["--rules", "m/custom_rules.yaml"], [], _rules_edited),
    "param": ([], ["--param", "visit_days=30"], None),
    "scope": ([], ["--scope", "东街道"], None),
    "scope as id": (["--scope", "东街道"], ["--scope", "s1"], None),
    "as-of": ([], ["--as-of", "2024-01-01"], None),
    "with": ([], ["--with", "metrics"], None),
    "depth": ([], ["--depth", "community"], None),
    "format": ([], ["--format", "markdown"], None),
    "language": ([], ["--lang", "en"], None),
    "a table": ([], [], _table_edited),
    "code": ([], [], _stamp_changed),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_each_part_of_the_question_changed_asks_again(
    entry: Path,
    checks: list[int],
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    before, after, edit = CHANGES[change]
    monkeypatch.setattr(cachekey, "_stamp", list(cachekey._stamp))  # restored after
    lang = ["--lang", "en"] if "--lang" in after else []
    args = [a for a in after if a not in ("--lang", "en")]
    _run(capsysbinary, str(entry), *before)
    _run(capsysbinary, str(entry), *before)
    assert checks == [1]
    if edit is not None:
        edit(entry)
    # --lang goes before the command
    fresh = _said(main([*lang, "check", str(entry), *before, *args]), capsysbinary)
    assert checks == [1, 1]
    again = _said(main([*lang, "check", str(entry), *before, *args]), capsysbinary)
    assert again == fresh  # this answer is kept too
    assert checks == [1, 1]


def test_the_entry_named_otherwise_asks_again(
    entry: Path, checks: list[int], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    _run(capsysbinary, str(entry))
    _run(capsysbinary, str(entry.absolute()))  # file names in messages are as named
    assert checks == [1, 1]


def test_another_version_asks_again(
    entry: Path,
    checks: list[int],
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _run(capsysbinary, str(entry))
    monkeypatch.setattr(partygraph, "__version__", "0.0.0-other")
    _run(capsysbinary, str(entry))
    assert checks == [1, 1]


def _truncated(p: Path) -> None:
    p.write_bytes(p.read_bytes()[:-10])


def _flipped(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[-3] ^= 1
    p.write_bytes(bytes(data))


def _bad_head(p: Path) -> None:
    p.write_bytes(b"{not json\n" + p.read_bytes().partition(b"\n")[2])


def _emptied(p: Path) -> None:
    p.write_bytes(b"")


def _folder(p: Path) -> None:
    p.unlink()
    p.mkdir()


def _other_digest(p: Path) -> None:  # a source's digest wrong, its size right
    head, _, rest = p.read_bytes().partition(b"\n")
    import json

    meta = json.loads(head)
    meta["sources"][0][2] = "0" * 64
    p.write_bytes(json.dumps(meta).encode() + b"\n" + rest)


@pytest.mark.parametrize(
    "damage", [_truncated, _flipped, _bad_head, _emptied, _folder, _other_digest]
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    entry: Path,
    checks: list[int],
    capsysbinary: pytest.CaptureFixture[bytes],
    damage: Callable[[Path], None],
) -> None:
    cold = _run(capsysbinary, str(entry), "--format", "json")
    (stored,) = _entries(entry)
    damage(stored)
    if stored.is_dir():
        stored.rmdir()  # a folder in its place is a miss; the next write needs the name
    assert _run(capsysbinary, str(entry), "--format", "json") == cold  # no traceback
    assert checks == [1, 1]
    assert _run(capsysbinary, str(entry), "--format", "json") == cold  # rebuilt
    assert checks == [1, 1]


def test_an_output_that_is_a_file_read_is_refused_on_a_hit(
    entry: Path, checks: list[int], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    _run(capsysbinary, str(entry), "-o", "gaps.csv")
    before = (entry.parent / "households.csv").read_bytes()
    code, _, err = _run(capsysbinary, str(entry), "-o", "m/households.csv")
    assert code == 2 and "households.csv" in err.decode()
    assert (entry.parent / "households.csv").read_bytes() == before


def test_only_the_newest_entries_stay(
    entry: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resultcache, "KEEP", 3)
    for days in (10, 20, 30, 40, 50):
        _run(capsysbinary, str(entry), "--param", f"visit_days={days}")
    assert len(_entries(entry)) == 3


def test_a_warning_is_shown_again(
    entry: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import warnings

    real = check_mod.check

    def warning(*args: Any, **kwargs: Any) -> Any:
        warnings.warn("某项数值无法计算", UserWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(check_mod, "check", warning)
    with warnings.catch_warnings():
        warnings.simplefilter("default")  # the suite makes warnings errors
        cold = _run(capsysbinary, str(entry))
        assert "某项数值无法计算" in cold[2].decode()
        monkeypatch.setattr(check_mod, "check", real)
        assert _run(capsysbinary, str(entry)) == cold
