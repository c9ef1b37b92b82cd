"""``partygraph.cli.kept``: the console script's load runs without the
collector and leaves what it made out of later passes; from Python, nothing."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from partygraph import cli


def test_from_python_the_collector_is_left_alone() -> None:
    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    with cli.kept():
        assert gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_the_console_script_loads_without_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cli._process, "console", True)
    made = []
    try:
        with pytest.raises(ValueError), cli.kept():
            assert not gc.isenabled()
            made.append({"kept": [1]})
            raise ValueError  # a load that fails gives the collector back too
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_validate_as_a_process_reads_the_model_as_before() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "partygraph", "validate", "tests/fixtures/rules/model.yaml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK tests/fixtures/rules/model.yaml：")
