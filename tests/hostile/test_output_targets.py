"""``-o`` never overwrites a file the command read, nor a device, FIFO or ``/dev/stdout``.

Every case asserts exit code 2, one sentence naming the output and why, and
that the files read are byte for byte what they were.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ._support import ROOT, RULES_MODEL, command, refused, run, tree


@pytest.fixture
def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test reads the English sentences (test_output_in_chinese.py reads the Chinese)."""
    monkeypatch.setenv("PARTYGRAPH_LANG", "en")


SMALL = ROOT / "tests" / "fixtures" / "small"


@pytest.fixture
def model(tmp_path: Path) -> Path:
    """A copy of the small model: entry file, an include, two tables."""
    shutil.copytree(SMALL, tmp_path / "m")
    return tmp_path / "m" / "model.yaml"


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


#: (command before -o, the command after it); ``{m}`` is the entry file.
COMMANDS = {
    "export": (["export", "{m}", "-f", "json"], []),
    "check": (["check", "{m}", "--pack", "regulations"], []),
    "draw": (["draw", "{m}", "--layer", "linkage"], []),
}


def _args(name: str, model: Path, out: str) -> list[str]:
    before, after = COMMANDS[name]
    return [a.format(m=model) for a in before] + ["-o", out, *after]


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("name", ["export", "check"])
@pytest.mark.parametrize(
    ("target", "what"),
    [
        ("model.yaml", "the model's entry file"),
        ("services.yaml", "a file of the model"),  # an include
        ("households.csv", "a file of the model"),  # a table
        ("persons.csv", "a file of the model"),
    ],
)
def test_a_file_the_command_read_is_refused(
    name: str, target: str, what: str, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _contents(model.parent)
    code, out, err = run(capsys, *_args(name, model, str(model.parent / target)))
    refused(code, err, 2, f"cannot write {model.parent / target}", what, "write elsewhere")
    assert _contents(model.parent) == before
    assert out == ""


@pytest.mark.usefixtures("in_english")
def test_the_same_file_by_another_path_or_a_hard_link_is_refused(
    model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = model.parent
    (folder / "sub").mkdir()
    os.link(folder / "households.csv", folder / "sub" / "copy.json")
    (folder / "alias").symlink_to(folder)
    before = _contents(folder)
    for target in ("sub/../model.yaml", "alias/model.yaml", "sub/copy.json"):
        code, _, err = run(capsys, *_args("export", model, str(folder / target)))
        refused(code, err, 2, "which this command read")
    assert _contents(folder) == before


@pytest.mark.usefixtures("in_english")
def test_a_rules_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.yaml"
    shutil.copy(ROOT / "tests" / "fixtures" / "rules" / "custom_rules.yaml", rules)
    before = rules.read_bytes()
    code, _, err = run(capsys, "check", str(RULES_MODEL), "--rules", str(rules), "-o", str(rules))
    refused(code, err, 2, "a rules file given with --rules")
    assert rules.read_bytes() == before


@pytest.mark.usefixtures("in_english")
def test_the_csv_tables_of_export_are_checked_too(
    model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o households.csv`` writes households.nodes.csv: not a file read, so allowed;
    ``-o FOLDER`` with a table named nodes.csv in it is refused."""
    folder = model.parent
    shutil.copy(folder / "households.csv", folder / "nodes.csv")
    text = model.read_text(encoding="utf-8").replace("households.csv", "nodes.csv")
    model.write_text(text, encoding="utf-8")
    before = _contents(folder)
    code, _, err = run(capsys, "export", str(model), "-f", "csv", "-o", str(folder))
    refused(code, err, 2, "nodes.csv", "a file of the model")
    assert _contents(folder) == before


@pytest.mark.usefixtures("in_english")
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_fifo_is_refused_not_replaced(
    name: str, model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / ("out.svg" if name == "draw" else "out.json")
    os.mkfifo(fifo)
    code, _, err = run(capsys, *_args(name, model, str(fifo)))
    refused(code, err, 2, "a named pipe (FIFO), not a regular file")
    assert fifo.is_fifo()
    assert tree(tmp_path) == {"out.svg" if name == "draw" else "out.json", *_m(model)}


def _m(model: Path) -> set[str]:
    return {"m", *(f"m/{p.name}" for p in model.parent.iterdir())}


@pytest.mark.usefixtures("in_english")
@pytest.mark.skipif(sys.platform != "linux", reason="Linux device names")
@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout", "/dev/full"])
@pytest.mark.parametrize("name", ["export", "check", "synth"])
def test_a_device_is_refused(name: str, device: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = (
        ["synth", "--communities", "2", "--households", "10", "-o", device]
        if name == "synth"
        else _args(name, SMALL / "model.yaml", device)
    )
    code, _, err = run(capsys, *args)
    refused(code, err, 2, f"cannot write {device}", "not regular files")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "dot", "mermaid", "json"])
def test_export_to_stdout(fmt: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``-o -`` prints what ``-o FILE`` writes."""
    out = tmp_path / "out"
    assert run(capsys, "export", str(SMALL / "model.yaml"), "-f", fmt, "-o", str(out))[0] == 0
    code, printed, err = run(capsys, "export", str(SMALL / "model.yaml"), "-f", fmt, "-o", "-")
    assert code == 0, err
    assert printed == out.read_text(encoding="utf-8")
    assert not (Path.cwd() / "-").exists()


def test_export_csv_to_stdout_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", str(SMALL / "model.yaml"), "-f", "csv", "-o", "-")
    refused(code, err, 2, "-o - 不能用于 csv")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_check_to_stdout(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, printed, _ = run(capsys, "check", str(RULES_MODEL), "--format", fmt, "-o", "-")
    plain = run(capsys, "check", str(RULES_MODEL), "--format", fmt)
    assert (code, printed) == plain[:2]
    assert not (Path.cwd() / "-").exists()


def test_draw_to_stdout_needs_a_format_and_no_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "draw", str(SMALL / "model.yaml"), "--layer", "linkage", "-o", "-")
    refused(code, err, 2, "-o - 需要 --format")


DRAW_SVG = ("--layer", "linkage", "--format", "svg", "-o", "-")


@pytest.mark.slow
def test_draw_svg_to_a_pipe() -> None:
    p = subprocess.run(
        [*command(), "draw", str(SMALL / "model.yaml"), *DRAW_SVG],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith(b"<?xml") and b"</svg>" in p.stdout[-100:]


def test_draw_format_must_agree_with_the_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.png"
    args = ("draw", str(SMALL / "model.yaml"), "--layer", "linkage", "--format", "svg")
    code, _, err = run(capsys, *args, "-o", str(out))
    refused(code, err, 2, "--format svg 与", "的后缀不一致")
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")
def test_draw_to_stdout_refuses_a_terminal() -> None:
    leader, follower = os.openpty()
    try:
        p = subprocess.run(
            [*command(), "draw", str(SMALL / "model.yaml"), *DRAW_SVG],
            stdout=follower,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert p.returncode == 2
    assert "-o - 会把 SVG 写到终端" in p.stderr.decode()
