"""Shared test set-up: a headless matplotlib backend and the fixture paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def write_model(folder: Path, files: dict[str, str] | dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative names; text as UTF-8, or raw bytes) under
    ``folder``; return the path of ``model.yaml`` there."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder / "model.yaml"


@pytest.fixture
def small_model_path() -> Path:
    """The hand-checked small model (tests/fixtures/small/model.yaml)."""
    return FIXTURES / "small" / "model.yaml"


@pytest.fixture(scope="session")
def nation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three small provinces (11, 12, 13) and their nation entry, written by
    ``synth --provinces``; tests that change them work on a copy."""
    from partygraph.cli import main

    entry = tmp_path_factory.mktemp("nation") / "nation.yaml"
    assert main(["synth", "--provinces", "3", "--communities", "3", "-o", str(entry)]) == 0
    return entry
