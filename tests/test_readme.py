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


def test_the_lowest_versions_step_installs_exactly_the_declared_floors() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    floors = {}
    for spec in declared:
        found = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^]]*\])?\s*>=\s*([0-9][^,;\s]*)", spec)
        if found:
            floors[found[1].lower().replace("_", "-")] = found[2]
    pinned = {}
    for line in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[name.strip().lower()] = version.strip()
    tools = {"ruff", "mypy", "types-pyyaml"}  # linters: their newest is what CI lints with
    for name, floor in floors.items():
        if name in tools:
            continue
        assert name in pinned, f"{name}>={floor} has no pin in .ci/lowest.txt"
        assert _release(pinned[name]) == _release(floor), (
            f"{name}: .ci/lowest.txt pins {pinned[name]}, pyproject.toml declares >={floor}"
        )
    assert "bash" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c .ci/lowest.txt" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _release(version: str) -> tuple[int, ...]:
    """``"3.10"`` and ``"3.10.0"`` alike: the numbers, padded to three."""
    parts = [int(p) for p in re.findall(r"\d+", version)]
    return tuple(parts + [0] * (3 - len(parts)))
