"""Command-line conventions (#15 item 9), with real pipes: ``-o -`` is standard
output, a reader that stops early ends the run quietly with the exit code the
work earned, and ``draw -o -`` refuses to print a PNG on a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SMALL = ROOT / "tests" / "fixtures" / "small" / "model.yaml"
YANGJIANG = ROOT / "configs" / "yangjiang.yaml"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PARTYGRAPH_LANG", "LANGUAGE")}
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def piped(args: list[str], reader: list[str], cwd: Path) -> tuple[int, bytes, str]:
    """Run ``partygraph ARGS | READER``: our exit code, what the reader printed, our stderr."""
    ours = subprocess.Popen(
        [sys.executable, "-m", "partygraph", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=_env(),
    )
    assert ours.stdout is not None and ours.stderr is not None
    head = subprocess.run(reader, stdin=ours.stdout, capture_output=True, check=True)
    ours.stdout.close()  # only the reader holds the pipe now: it has gone
    err = ours.stderr.read().decode("utf-8")
    ours.stderr.close()
    code = ours.wait(timeout=300)
    # Stages slower than a second say so on stderr (progress, not a complaint).
    complaints = "\n".join(line for line in err.splitlines() if not line.startswith("· "))
    return code, head.stdout, complaints


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "reader", "code", "starts"),
    [
        (["check", str(YANGJIANG)], ["head", "-1"], 1, "阳江市".encode()),
        (["check", str(YANGJIANG), "-o", "-"], ["head", "-c", "10"], 1, "阳江市".encode()),
        (["summary", str(SMALL), "--format", "json", "-o", "-"], ["head", "-1"], 0, b"{"),
        (["export", str(SMALL), "-f", "json", "-o", "-"], ["head", "-c", "1"], 0, b"{"),
        (
            ["export", str(SMALL), "-f", "gexf", "--population", "-o", "-"],
            ["head", "-1"],
            0,
            b"<?xml",
        ),
        (["schema", "model"], ["head", "-1"], 0, b"{"),
        (
            ["draw", str(SMALL), "--layer", "linkage", "-o", "-", "--format", "png"],
            ["head", "-c", "8"],
            0,
            b"\x89PNG\r\n\x1a\n",
        ),
    ],
)
def test_a_closed_pipe_ends_quietly_with_the_earned_code(
    tmp_path: Path, args: list[str], reader: list[str], code: int, starts: bytes
) -> None:
    got, out, complaints = piped(args, reader, tmp_path)
    assert (got, complaints) == (code, "")
    assert out.startswith(starts)
    assert not (tmp_path / "-").exists()  # -o - is standard output, not a file named "-"


@pytest.mark.slow
def test_draw_to_a_terminal_is_refused_in_chinese(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "partygraph",
                "draw",
                str(SMALL),
                "--layer",
                "linkage",
                "-o",
                "-",
                "--format",
                "png",
            ],
            stdout=follower,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=_env(),
            check=False,
            timeout=300,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert run.returncode == 2
    assert "终端" in run.stderr.decode("utf-8")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_summary_writes_to_a_file_or_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    from partygraph.cli import main

    assert main(["summary", str(SMALL), "--format", fmt, "-o", "-"]) == 0
    shown = capsys.readouterr().out
    out = tmp_path / "summary.out"
    assert main(["summary", str(SMALL), "--format", fmt, "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"已写出 {out}\n"
    assert out.read_text(encoding="utf-8") == shown  # the same text, to the file
    assert main(["summary", str(SMALL), "-o", str(SMALL)]) == 2  # never over what it reads
    assert "入口文件" in capsys.readouterr().err
