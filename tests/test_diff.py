"""partygraph.diff on small models worked by hand: a move, a rename, a split, an expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

import partygraph
from partygraph.change import diff
from partygraph.change.edit import redirect, remove
from partygraph.change.population import shared_codes
from partygraph.model import Division, Grid, Model, Pairing, Unit
from partygraph.model.population import TABLES, Population, TableData

CITY = Division(id="c", name="示例市", level="city")
SUB = Division(id="s", name="示例街道", level="subdistrict", parent="c")
A = Division(id="a", name="东门社区", level="community", parent="s")
B = Division(id="b", name="西门社区", level="community", parent="s")
LONG = "社区网格户-很长的编号-超过十五个字节"  # an id held in numpy's arena, not inline


def table(name: str, **columns: Any) -> TableData:
    spec = TABLES[name]
    n = len(next(iter(columns.values())))
    full: dict[str, Any] = {}
    for col in spec.columns:
        if col.name in columns:
            full[col.name] = columns[col.name]
        elif col.type in ("id", "str"):
            full[col.name] = [""] * n
        elif col.type == "date":
            full[col.name] = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
        elif col.type == "bool":
            full[col.name] = np.zeros(n, dtype=bool)
        elif col.type == "enum":
            full[col.name] = np.full(n, -1, dtype=np.int8)
        else:
            full[col.name] = np.full(n, -1, dtype=np.int32 if col.type == "ref" else np.int64)
    for col in spec.columns:
        if col.type == "ref":
            full[col.name] = np.asarray(full[col.name], dtype=np.int32)
        if col.type == "enum":
            full[col.name] = np.asarray(full[col.name], dtype=np.int8)
    return TableData(spec, full)


def population(
    households: list[tuple[str, int]], persons: list[tuple[str, int, int]]
) -> Population:
    """Households (id, community code) and persons (id, household code, member code)."""
    pop = Population.empty()
    pop.tables["households"] = table(
        "households", id=[h for h, _ in households], community=[c for _, c in households]
    )
    pop.tables["persons"] = table(
        "persons",
        id=[p for p, _, _ in persons],
        household=[h for _, h, _ in persons],
        member=[m for _, _, m in persons],
    )
    return pop


def test_the_same_model_has_no_diff() -> None:
    m = Model(divisions=[CITY, SUB, A], grids=[Grid(id="g", name="一网格", community="a")])
    d = diff(m, m)
    assert d.is_empty()
    assert d.section("grids").before == d.section("grids").after == 1


def test_a_rename_is_a_change_not_a_removal_and_an_addition() -> None:
    old = Model(divisions=[CITY, SUB, A])
    new = Model(divisions=[CITY, SUB, A.model_copy(update={"name": "东城社区"})])
    s = diff(old, new).section("divisions")
    assert s.added == [] and s.removed == []
    assert [(c.id, [(f.field, f.before, f.after) for f in c.changes]) for c in s.changed] == [
        ("a", [("name", "东门社区", "东城社区")])
    ]


def test_a_grid_moved_to_another_community_is_a_move() -> None:
    g = Grid(id="g", name="一网格", community="a")
    old = Model(divisions=[CITY, SUB, A, B], grids=[g])
    new = Model(divisions=[CITY, SUB, A, B], grids=[g.model_copy(update={"community": "b"})])
    d = diff(old, new)
    assert [(m.section, m.id, m.field, m.before, m.after) for m in d.moves] == [
        ("grids", "g", "community", "a", "b")
    ]
    contains = next(lc for lc in d.links if lc.relation == "contains")
    # c>s, s>a, s>b, and the grid: a>g before, b>g after
    assert (contains.before, contains.after, contains.added, contains.removed) == (4, 4, 1, 1)


def test_a_split_community() -> None:
    # 2022: 东门 holds four households; 2023: 西门 split off with two of them (h3
    # and LONG), and a new household h5 came to 东门.
    old = Model(
        divisions=[CITY, SUB, A],
        population=population(
            [("h1", 2), ("h2", 2), ("h3", 2), (LONG, 2)],
            [("p1", 0, 0), ("p2", 2, 0), ("p3", 3, 1), ("p4", 3, -1)],
        ),
    )
    new = Model(
        divisions=[CITY, SUB, B, A],  # codes: 西门 2, 东门 3; ids count, not the order
        population=population(
            [("h1", 3), ("h2", 3), ("h3", 2), (LONG, 2), ("h5", 3)],
            [("p1", 0, 0), ("p2", 2, 0), ("p3", 3, 1), ("p4", 3, -1)],
        ),
    )
    d = diff(old, new)
    assert [e.id for e in d.section("divisions").added] == ["b"]
    hh = d.table("households")
    assert (hh.before, hh.after, hh.added, hh.removed, hh.changed, hh.moved) == (4, 5, 1, 0, 2, 2)
    assert hh.added_ids == ["h5"] and hh.columns == {"community": 2}
    assert d.table("persons").is_empty()  # households kept their ids: persons did not move
    counts = {
        c.id: (c.households.before, c.households.after, c.members.before, c.members.after)
        for c in d.communities
    }
    # members: p1 (h1) and p2 (h3) full, p3 (LONG) probationary; p4 not a member
    assert counts == {"a": (4, 3, 3, 1), "b": (0, 2, 0, 2)}


def test_scope_keeps_what_is_under_the_division() -> None:
    old = Model(
        divisions=[CITY, SUB, A, B],
        grids=[
            Grid(id="ga", name="甲网格", community="a"),
            Grid(id="gb", name="乙网格", community="b"),
        ],
        population=population([("h1", 2), ("h2", 3)], []),
    )
    new = Model(
        divisions=[CITY, SUB, A, B],
        grids=[
            Grid(id="ga", name="甲网格二", community="a"),
            Grid(id="gb", name="乙网格二", community="b"),
        ],
        population=population([("h1", 2), ("h2", 3), ("h3", 3)], []),
    )
    d = diff(old, new, scope="b")
    assert [c.id for c in d.section("grids").changed] == ["gb"]
    assert d.section("divisions").before == 1  # b itself
    assert d.table("households").added_ids == ["h3"]
    assert [c.id for c in d.communities] == ["b"]


def test_an_agreement_on_its_last_day_and_one_renewed() -> None:
    # Both agreements end on the old snapshot's date: one expired and is gone a
    # year later, the other was renewed (a field change, not a new pairing).
    unit = Unit(id="u", name="市图书馆", type="agency", municipal=True)
    last_day = dt.date(2022, 6, 30)
    p1 = Pairing(id="p1", name="挂点甲", unit="u", community="a", valid_until=last_day)
    p2 = Pairing(id="p2", name="挂点乙", unit="u", community="a", valid_until=last_day)
    old = Model(snapshot=last_day, divisions=[CITY, SUB, A], units=[unit], pairings=[p1, p2])
    renewed = p2.model_copy(update={"valid_until": dt.date(2025, 6, 30)})
    new = Model(
        snapshot=dt.date(2023, 6, 30), divisions=[CITY, SUB, A], units=[unit], pairings=[renewed]
    )
    d = diff(old, new)
    s = d.section("pairings")
    assert [e.id for e in s.removed] == ["p1"] and s.added == []
    assert [(f.field, f.before, f.after) for f in s.changed[0].changes] == [
        ("valid_until", "2022-06-30", "2025-06-30")
    ]
    assert (d.old.snapshot, d.new.snapshot) == ("2022-06-30", "2023-06-30")
    paired = next(lc for lc in d.links if lc.relation == "paired_unit")
    assert (paired.before, paired.after, paired.removed) == (2, 1, 1)


def test_shared_codes_of_long_ids() -> None:
    # numpy 2.4's searchsorted on StringDType answered wrongly on ids like these.
    old = np.array([f"{LONG}{i:04d}" for i in range(300)], dtype=np.dtypes.StringDType())
    new = old[::-1].copy()
    a, b, n = shared_codes(old, new, np.arange(300), np.arange(300)[::-1])
    assert n == 300 and (a == b).all()


def test_remove_a_person_vacates_posts_and_renumbers_the_rows() -> None:
    m = Model(
        divisions=[CITY, SUB, A],
        grids=[Grid(id="g", name="一网格", community="a", leader="p2")],
        population=population([("h1", 2), ("h2", 2)], [("p1", 0, 0), ("p2", 1, 0), ("p3", 1, 0)]),
    )
    out = remove(m, ["p2", "h1"])
    assert out.grids[0].leader is None
    persons = out.population["persons"]
    # p1 lived in h1 (gone, a person's household is optional): stays, homeless
    assert persons["id"].tolist() == ["p1", "p3"]
    assert persons["household"].tolist() == [-1, 0]  # h2 is now row 0
    assert m.population["persons"]["household"].tolist() == [0, 1, 1]  # the original unchanged


def test_redirect_moves_references_and_bulk_codes() -> None:
    m = Model(
        divisions=[CITY, SUB, A, B],
        grids=[Grid(id="g", name="一网格", community="b")],
        population=population([("h1", 3)], []),
    )
    out = remove(redirect(m, {"b": "a"}), ["b"])
    assert out.grids[0].community == "a"
    assert out.population["households"]["community"].tolist() == [2]


def test_the_shipped_snapshots_differ_as_a_year_does() -> None:
    old = partygraph.load("configs/yangjiang-2022.yaml")
    new = partygraph.load("configs/yangjiang.yaml")
    d = diff(old, new)
    assert [e.id for e in d.section("divisions").added] == ["441702001017"]  # the split
    orgs = d.section("party_orgs")
    assert len(orgs.added) == 46 and orgs.removed == []
    forms = [c for c in orgs.changed if any(f.field == "form" for f in c.changes)]
    assert len(forms) == 5  # upgraded to general branches
    captains = d.section("captains").changed
    assert sum(1 for c in captains if any(f.field == "person" for f in c.changes)) == 60
    assert len(d.section("pairings").removed) == 6  # expired at the end of 2022
    assert d.table("households").moved > 0 and d.table("households").added > 0
    assert diff(new, new).is_empty()


@pytest.mark.parametrize("bad", ["nowhere"])
def test_scope_of_a_division_neither_has(bad: str) -> None:
    m = Model(divisions=[CITY, SUB, A])
    d = diff(m, m, scope=bad)
    assert d.is_empty() and d.section("divisions").before == 0
