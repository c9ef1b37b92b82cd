"""The README contract: CI runs exactly the README's install and test commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


@pytest.mark.slow
def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", text, flags=re.S)[0]
    assert len(code.strip().splitlines()) <= 12
    monkeypatch.chdir(ROOT)
    code = code.replace('"out/', f'"{tmp_path}/')  # write the copy into a temporary folder
    exec(compile(code, "README.md", "exec"), {})  # the example itself asserts nothing: it must run
    copy = tmp_path / "yangjiang-copy.yaml"
    import partygraph

    assert partygraph.load(copy) == partygraph.load(ROOT / "configs" / "yangjiang.yaml")
