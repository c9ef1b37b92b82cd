"""Shared test set-up: a headless matplotlib backend and the fixture paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def small_model_path() -> Path:
    """The hand-checked small model (tests/fixtures/small/model.yaml)."""
    return FIXTURES / "small" / "model.yaml"
