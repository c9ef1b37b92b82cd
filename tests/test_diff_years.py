"""The 2022 snapshot: made by examples/yangjiang_2022.py, and what a year changed."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

import partygraph

from conftest import ROOT


@pytest.mark.slow  # derives the year (about 6 s) and loads both
def test_the_committed_2022_snapshot_is_what_the_script_makes(tmp_path: Path) -> None:
    script = runpy.run_path(str(ROOT / "examples" / "yangjiang_2022.py"))
    made = script["previous_year"](partygraph.load(ROOT / "configs" / "yangjiang.yaml"))
    assert made == partygraph.load(ROOT / "configs" / "yangjiang-2022.yaml")


def test_the_2022_snapshot_loads_and_is_a_year_earlier() -> None:
    old = partygraph.load(ROOT / "configs" / "yangjiang-2022.yaml")
    assert str(old.snapshot) == "2022-06-30"
    assert old.count("divisions") == 1070 and old.count("households") == 17_419
    # the meetings are the year before's: none after the snapshot
    dates = [x.date for t in old.teams for x in t.meetings]
    assert max(dates) <= old.snapshot
