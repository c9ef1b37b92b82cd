"""The README contract: CI runs exactly the README's install and test commands."""

from __future__ import annotations

import re

from conftest import ROOT


def _code_lines(text: str) -> list[str]:
    blocks = re.findall(r"```(?:sh|bash)\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_install_and_test_commands() -> None:
    readme = _code_lines((ROOT / "README.md").read_text(encoding="utf-8"))
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    install, test = readme[0], readme[1]
    assert install == 'pip install -e ".[dev]"'
    assert test == "pytest"
    assert install in ci
    assert test in ci
    assert ci.index(install) < ci.index(test)
    assert any("venv" in line for line in ci)


def test_readme_main_job_uses_the_shipped_example() -> None:
    readme = _code_lines((ROOT / "README.md").read_text(encoding="utf-8"))
    assert readme[2].startswith("partygraph ")
    assert "configs/yangjiang.yaml" in readme[2]
