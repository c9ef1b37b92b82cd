"""The generator and the dump at province scale: the same files, written in parts.

``partygraph synth`` of a 30-million-household province once needed 22 GB: every
draw over all households made full-length float arrays, and the dump held each
bulk table as lists of cells and one string.  Now the draws are made in parts
(:data:`partygraph.synthetic.households.PART` rows at a time, the same numbers as
one draw) and the bulk tables are written to their files in parts.  The files
must be byte for byte what the earlier code wrote: the digests below are of
files written by main's code before the change (``partygraph synth ... -o m.yaml``),
kept as the oracle.
"""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import partygraph.synthetic.households as households_
from partygraph import load
from partygraph.cli import main
from partygraph.errors import PartygraphError
from partygraph.io import dump as dump_
from partygraph.model import Model
from partygraph.synthetic import synth
from partygraph.synthetic.draws import Dice
from partygraph.synthetic.presets import make_plan

#: The first 16 hex digits of each file's SHA-256, as main's code wrote them.
ORACLE = {
    "--communities 3 --households 300": {
        "m.yaml": "6ed1695c84324f7a",
        "m_tables/central_household_links.csv": "bd320a4cfdb1ebcd",
        "m_tables/households.csv": "e31a64c347f70d76",
        "m_tables/persons.csv": "15d5da2fa3d7d948",
        "m_tables/registrations.csv": "f537ad2815849771",
    },
    "--communities 25 --subdistricts 3 --households 7001 --seed 5 --gaps 0.2": {
        "m.yaml": "71cdf42401248a88",
        "m_tables/captains.csv": "9f6447a08efe64d7",
        "m_tables/central_household_links.csv": "fb10ca993affde74",
        "m_tables/central_households.csv": "3387ae287326f142",
        "m_tables/compounds.csv": "33b4e7463213a1c4",
        "m_tables/divisions.csv": "d1ec7e239e3d56f1",
        "m_tables/grids.csv": "2892bf9f8b21ddd5",
        "m_tables/households.csv": "54af12c05bdace6d",
        "m_tables/meetings.csv": "dabb9c039d8cca77",
        "m_tables/party_orgs.csv": "28db768fc10f84e6",
        "m_tables/persons.csv": "afa108bd6f982469",
        "m_tables/places.csv": "9480be105af75006",
        "m_tables/registrations.csv": "dc1dcd627c532693",
        "m_tables/teams.csv": "bf7eb820cc9f21ee",
        "m_tables/units.csv": "cffb6d488aa63281",
    },
    "--communities 4 --households 3": {
        "m.yaml": "374b4177b6c96c43",
        "m_tables/households.csv": "ca83079deb172ef8",
        "m_tables/persons.csv": "835ebedba075b648",
        "m_tables/registrations.csv": "1bcbdd149d0ae2a2",
    },
}


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("args", list(ORACLE))
@pytest.mark.parametrize("part", [None, 97])
def test_the_files_are_those_main_wrote(
    args: str, part: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whole, and in parts far smaller than a community (so that every draw,
    the sort by group and every table cross part boundaries)."""
    if part is not None:
        monkeypatch.setattr(households_, "PART", part)
        monkeypatch.setattr(dump_, "_PART_ROWS", part + 3)
    assert main(["synth", *args.split(), "-o", str(tmp_path / "m.yaml")]) == 0
    assert _digests(tmp_path) == ORACLE[args]


def test_a_model_in_parts_equals_the_model_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = synth(communities=6, households=5_000, seed=11)
    monkeypatch.setattr(households_, "PART", 64)
    assert synth(communities=6, households=5_000, seed=11) == whole


def test_households_are_drawn_without_full_length_floats() -> None:
    """The draws over all households: no temporary array of 8 bytes a household.

    Before, placing 400,000 households took 118 bytes of peak memory each
    (tracemalloc), keeping 68; now they keep 17 (four ``int32`` columns and an
    ``int8``) and peak at 18.3, the parts (here 16,384 rows) aside.
    """
    plan = make_plan(
        communities=20,
        subdistricts=None,
        households=400_000,
        members=None,
        seed=1,
        gaps=0.05,
        preset=None,
    )
    from partygraph.synthetic.divisions import geography
    from partygraph.synthetic.grids import structure
    from partygraph.synthetic.names import Names

    dice = Dice(plan.seed, plan.gaps, plan.snapshot)
    geo = geography(plan, dice.rng, Names())
    st = structure(dice, geo)
    old = households_.PART
    try:
        households_.PART = 1 << 14  # parts of 16,384 households: 130 KB of floats
        tracemalloc.start()
        hh = households_.place_households(plan, dice, geo, st)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        households_.PART = old
    assert len(hh.comm) == 400_000
    assert hh.comm.dtype == hh.rg.dtype == hh.cmp.dtype == hh.grid.dtype == np.int32
    assert peak / 400_000 < 20


def test_ids_are_made_as_before() -> None:
    m = synth(communities=3, households=1_234, seed=2)
    ids = m.population["households"]["id"]
    assert ids[0] == "h000001" and ids[-1] == "h001234" and len(ids) == 1_234


def _with_name(row: int, name: str) -> Model:
    """A small model whose person ``row`` (negative: from the end) is called ``name``."""
    m = synth(communities=3, households=300, seed=1)
    persons = m.population["persons"]
    column = persons.columns["name"].astype(object)
    column[row] = name
    persons.columns["name"] = column
    return m


def test_a_carriage_return_in_a_later_part_rewrites_the_table_with_crlf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the whole table did: ``\\r\\n`` ends every line when a cell holds ``\\r``,
    even one in the last part, after the first parts went out with ``\\n``."""
    m = _with_name(-1, "陈\r伟")
    monkeypatch.setattr(dump_, "_PART_ROWS", 50)
    m.dump(tmp_path / "m.yaml")
    text = (tmp_path / "m_tables" / "persons.csv").read_bytes()
    rows = len(m.population["persons"])
    assert rows > 200 and text.count(b"\r\n") == rows + 1  # the header and every row
    assert text.count(b"\n") == rows + 1  # no line left ending in a bare \n
    assert load(tmp_path / "m.yaml").population["persons"]["name"][-1] == "陈\r伟"


def test_a_control_character_is_refused_with_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = _with_name(130, "陈\x1b伟")
    monkeypatch.setattr(dump_, "_PART_ROWS", 50)
    with pytest.raises(PartygraphError, match="第 131 行"):
        m.dump(tmp_path / "m.yaml")
    assert list(tmp_path.iterdir()) == []  # nothing left behind


class _Stop(KeyboardInterrupt):
    """Ctrl-C in the middle of a table."""


def test_ctrl_c_in_the_middle_of_a_table_leaves_the_old_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.yaml"
    old = synth(communities=3, households=300, seed=1)
    old.dump(path)
    before = _digests(tmp_path)
    new = synth(communities=3, households=300, seed=2)
    real = dump_._cells
    calls = []

    def interrupted(*args: object, **kwargs: object) -> list[list[str]]:
        calls.append(1)
        if len(calls) == 3:  # the households table's third part
            raise _Stop
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dump_, "_PART_ROWS", 100)
    monkeypatch.setattr(dump_, "_cells", interrupted)
    with pytest.raises(_Stop):
        new.dump(path)
    assert _digests(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml", "m_tables"]
    assert load(path) == old
