"""``partygraph.validate``: a model built in Python checked as loading checks one.

Each problem is a :class:`ConfigError` item naming the entity by its place in
the model (``grids[0].leader``), with no file.  The checks are the loader's
own: the same model written out and loaded again reports the same messages.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import partygraph
from partygraph import ConfigError, Division, Grid, Model, PartyOrg, Unit
from partygraph.errors import ErrorItem
from partygraph.model.population import TABLES, Population, TableData, text_array

from conftest import ROOT

CITY = Division(id="city", name="示例市", level="city")
COUNTY = Division(id="dist", name="城区", level="county", parent="city")
SUB = Division(id="sd", name="南街道", level="subdistrict", parent="dist")
COMMUNITY = Division(id="c1", name="东风社区", level="community", parent="sd")
DIVISIONS = [CITY, COUNTY, SUB, COMMUNITY]


def _population(**columns: dict[str, object]) -> Population:
    """Bulk tables from their columns (every column of a table given)."""
    pop = Population.empty()
    for name, cols in columns.items():
        spec = TABLES[name]
        arrays = {
            c.name: np.asarray(cols[c.name], dtype=TableData.empty(spec).columns[c.name].dtype)
            for c in spec.columns
        }
        pop.tables[name] = TableData(spec, arrays)
    return pop


def _households(ids: list[str], community: list[int]) -> dict[str, object]:
    n = len(ids)
    return {
        "id": text_array(ids),
        "community": community,
        "residents_group": [-1] * n,
        "grid": [-1] * n,
        "compound": [-1] * n,
        "size": [-1] * n,
    }


def _persons(ids: list[str]) -> dict[str, object]:
    n = len(ids)
    return {
        "id": text_array(ids),
        "name": text_array(["李明"] * n),
        "household": [-1] * n,
        "member": [-1] * n,
        "org": [-1] * n,
        "unit": [-1] * n,
        "in_service": [False] * n,
    }


def _errors(model: Model) -> list[ErrorItem]:
    with pytest.raises(ConfigError) as info:
        partygraph.validate(model)
    return info.value.errors


def test_a_clean_model_passes() -> None:
    grid = Grid(id="g1", name="第一网格", community="c1", leader="p1")
    model = Model(
        divisions=DIVISIONS,
        grids=[grid],
        population=_population(households=_households(["h1"], [3]), persons=_persons(["p1"])),
    )
    assert partygraph.validate(model) is None


def test_a_dangling_person_id() -> None:
    grid = Grid(id="g1", name="第一网格", community="c1", leader="p9")
    model = Model(
        divisions=DIVISIONS, grids=[grid], population=_population(persons=_persons(["p1"]))
    )
    assert _errors(model) == [
        ErrorItem(
            None,
            None,
            None,
            "grids[0].leader",
            "找不到 ‘p9’：persons 表里没有这个编号；请把它加到 persons 表，或改正编号",
        )
    ]


def test_a_duplicate_id() -> None:
    model = Model(divisions=DIVISIONS, units=[Unit(id="sd", name="南街道办", type="agency")])
    (error,) = _errors(model)
    assert error.field == "units[0].id"
    assert error.file is None
    assert error.message == (
        "编号 ‘sd’ 重复：divisions[2]（divisions）也用了它；整个模型的编号不能重复"
    )


def test_a_cycle() -> None:
    orgs = [
        PartyOrg(id="a", name="甲党委", form="committee", division="c1", parent="b"),
        PartyOrg(id="b", name="乙党委", form="committee", division="c1", parent="a"),
    ]
    errors = _errors(Model(divisions=DIVISIONS, party_orgs=orgs))
    assert [(e.field, e.message) for e in errors] == [
        (
            "party_orgs[0].parent",
            "层级里有循环：a -> b -> a；一个单位不能是自己的上级",
        )
    ]


def test_a_wrong_level_parent() -> None:
    bad = Division(id="c2", name="西湖社区", level="community", parent="dist")
    (error,) = _errors(Model(divisions=[*DIVISIONS, bad]))
    assert error.field == "divisions[4].parent"
    assert error.message == ("社区的上级必须是街道，但 ‘dist’是县(市、区)")


def test_bulk_tables_are_checked() -> None:
    """A household whose community is a subdistrict, a person sharing a
    household's id, a code past the end of its target."""
    pop = _population(
        households=_households(["h1", "h2"], [2, 7]),
        persons=_persons(["p1", "h1"]),
    )
    errors = _errors(Model(divisions=DIVISIONS, population=pop))
    assert [(e.field, e.message) for e in errors] == [
        ("households[1].community", "code 7 is out of range (-1 to 3)"),
        ("households[0].community", "‘sd’是街道，但 community 必须是社区"),
        (
            "persons[1].id",
            "编号 ‘h1’ 也用在 households（households[0]）；整个模型的编号不能重复",
        ),
    ]
    assert all(e.file is None and e.line is None for e in errors)


def test_a_loaded_model_validates_clean() -> None:
    model = partygraph.load(ROOT / "configs" / "yangjiang.yaml")
    assert partygraph.validate(model) is None


def test_the_same_checks_as_loading(tmp_path: Path) -> None:
    """Written out and loaded again, a broken model reports the same problems
    (where the first of two equal ids is, aside: a line, or a place in the model)."""
    orgs = [
        PartyOrg(id="a", name="甲党委", form="committee", division="c1", parent="b"),
        PartyOrg(id="b", name="乙党委", form="committee", division="x9", parent="a"),
    ]
    model = Model(
        divisions=[*DIVISIONS, Division(id="c2", name="西湖社区", level="community", parent="c1")],
        party_orgs=orgs,
        grids=[Grid(id="g1", name="第一网格", community="sd", leader="p9")],
        units=[Unit(id="g1", name="重名单位", type="school")],
    )
    model.dump(tmp_path / "model.yaml")
    with pytest.raises(ConfigError) as loaded:
        partygraph.load(tmp_path / "model.yaml")
    built = _errors(model)
    assert len(built) == 6

    def found(errors: list[ErrorItem]) -> list[tuple[str, str]]:
        return sorted((e.field, re.sub(r"重复：\S+?（", "重复：（", e.message)) for e in errors)

    assert found(built) == found(loaded.value.errors)
