"""What the hostile-input tests share: running the command line, and how a refusal looks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from partygraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
RULES_MODEL = ROOT / "tests" / "fixtures" / "rules" / "model.yaml"
YANGJIANG = ROOT / "configs" / "yangjiang.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``partygraph ARGS`` in this process: (exit code, stdout, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse: usage errors and --help
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


#: What stderr holds besides the problems: the problem count, and a stage's
#: time (``· 读取文件 read files: 1.2 s``, printed when a stage is slow -- on a
#: busy machine, any stage).
_NOT_A_PROBLEM = re.compile(
    r"partygraph: (发现 [\d,]+ 个问题|[\d,]+ problems? found)|· .+: [\d.]+ s|· .+：[\d.]+ 秒"
)


def problem_lines(err: str) -> list[str]:
    """The lines of ``err`` that say what is wrong (usage, count and timing aside)."""
    return [
        line
        for line in err.splitlines()
        if line.strip()
        and not line.startswith(("usage:", "用法：", " "))
        and not _NOT_A_PROBLEM.fullmatch(line)
    ]


def sentence(err: str) -> str:
    """The one line that says what is wrong (usage lines and the count line aside)."""
    assert "Traceback" not in err, err
    assert "internal error" not in err and "内部错误" not in err, err
    lines = problem_lines(err)
    assert len(lines) == 1, err
    return lines[0]


def refused(code: int, err: str, expected: int, *fragments: str) -> str:
    """Assert a clean refusal: the exit code, one sentence holding every fragment."""
    assert code == expected, err
    line = sentence(err)
    for fragment in fragments:
        assert fragment in line, line
    return line


def tree(folder: Path) -> set[str]:
    """Every path under ``folder`` (hidden temporary files and empty folders included)."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def command() -> list[str]:
    """The installed console script (what a user runs), else ``python -m partygraph``."""
    script = Path(sys.executable).with_name("partygraph")
    if script.exists():
        return [str(script)]
    found = shutil.which("partygraph")
    return [found] if found else [sys.executable, "-m", "partygraph"]


def popen(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    """Start ``partygraph ARGS`` as a user would, from the repository root."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
        [*command(), *args], cwd=ROOT, env=env, **kwargs
    )
