"""Properties of check() on random valid models (tests/strategies.py).

Coverage ratios lie in [0, 1]; totals add up the levels; a covering link never
lowers a ratio and removing a person never raises one; single points of failure
agree with checking the model with the person really removed; and the same
model always gives the same report.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.index import LEVELS
from partygraph.model.report import Report
from partygraph.rules import load_pack
from partygraph.rules.check import check

from strategies import models

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Rules whose ratio can only rise when a post is filled, a household placed or an
#: instructor assigned, and only fall when a person is removed (no upper bounds,
#: no member counts in their filters).
MONOTONE = frozenset(
    {
        "subdistrict.expanded_working_committee",
        "community.expanded_committee",
        "expanded.part_time_member",
        "grid.leader",
        "household.residents_group",
        "household.grid",
        "place.captain",
        "community.captain_duties",
        "community.paired_unit",
        "service.item_responsible",
        "post.secretary",
        "post.captain",
        "post.central_household",
        "unit.organisational_coverage",
        "compound.organisational_coverage",
        "unit.work_coverage",
        "compound.work_coverage",
    }
)
#: Kinds that always live in a community: their totals are exactly the sum over
#: the child units (nothing is placed at a subdistrict or county itself).
COMMUNITY_KINDS = frozenset(
    {"household", "grid", "place", "captain", "community", "compound", "central_household"}
)


def _table(report: Report) -> dict[tuple[str, str], tuple[int, int]]:
    return {(c.rule, c.node.id): (c.covered, c.total) for c in report.coverage}


@pytest.mark.slow
@SETTINGS
@given(models())
def test_ratios_and_levels(model: partygraph.Model) -> None:
    report = check(model, single_points=False)
    rows = _table(report)
    for c in report.coverage:
        assert c.total > 0 and 0 <= c.covered <= c.total
        assert c.ratio is not None and 0.0 <= c.ratio <= 1.0
        assert c.level in LEVELS
    kinds = {}
    for name in ("regulations", "yangjiang"):
        for lr in load_pack(name).rules:
            kinds[lr.rule.id] = lr.rule.applies_to.kind
    children: dict[str, list[str]] = {}
    for d in model.divisions:
        if d.parent is not None and d.level in LEVELS:
            children.setdefault(d.parent, []).append(d.id)
    for (rule, node), (covered, total) in rows.items():
        kids = children.get(node, [])
        sub_cov = sum(rows.get((rule, k), (0, 0))[0] for k in kids)
        sub_tot = sum(rows.get((rule, k), (0, 0))[1] for k in kids)
        assert total >= sub_tot and covered >= sub_cov
        if kinds[rule] in COMMUNITY_KINDS and kids:
            assert (covered, total) == (sub_cov, sub_tot), (rule, node)


def _fill(model: partygraph.Model, data: st.DataObject) -> partygraph.Model:
    """The model with some covering links added: posts filled, households placed,
    instructors assigned."""
    m = model.model_copy(deep=True)
    persons = m.population["persons"]
    ids = persons["id"].tolist()
    members = [p for p, s in zip(ids, persons["member"].tolist(), strict=True) if s >= 0]
    if ids:
        fill = data.draw(st.lists(st.sampled_from(ids), max_size=4))
        for entity in m.grids + m.captains + m.central_households + m.party_orgs + m.units:
            for name in ("leader", "person", "secretary", "instructor"):
                if hasattr(entity, name) and getattr(entity, name) is None and fill:
                    chosen = members if name == "leader" and members else ids
                    setattr(entity, name, data.draw(st.sampled_from(chosen)))
        for compound in m.compounds:
            if compound.instructor is None and data.draw(st.booleans()):
                compound.instructor = data.draw(st.sampled_from(ids))
    hh = m.population["households"]
    communities = hh["community"].tolist()
    for column, options in (("grid", _grids_by_community(m)), ("residents_group", _groups(m))):
        values = hh[column].copy()
        for row, community in enumerate(communities):
            choices = options.get(community, [])
            if values[row] < 0 and choices and data.draw(st.booleans()):
                values[row] = data.draw(st.sampled_from(choices))
        hh.columns[column] = values
    return m


def _grids_by_community(m: partygraph.Model) -> dict[int, list[int]]:
    pos = {d.id: i for i, d in enumerate(m.divisions)}
    out: dict[int, list[int]] = {}
    for i, g in enumerate(m.grids):
        out.setdefault(pos[g.community], []).append(i)
    return out


def _groups(m: partygraph.Model) -> dict[int, list[int]]:
    pos = {d.id: i for i, d in enumerate(m.divisions)}
    out: dict[int, list[int]] = {}
    for i, d in enumerate(m.divisions):
        if d.level == "residents_group" and d.parent is not None:
            out.setdefault(pos[d.parent], []).append(i)
    return out


def _without(model: partygraph.Model, person: str) -> partygraph.Model:
    """The model with ``person`` removed: every post they hold falls vacant,
    their part-time seats go, and they no longer count as a party member."""
    m = model.model_copy(deep=True)
    entities = [*m.entities(), *(item for c in m.service_centres for item in c.items)]
    for entity in entities:
        for name in ("leader", "instructor", "person", "secretary", "responsible"):
            if getattr(entity, name, None) == person:
                setattr(entity, name, None)
        if isinstance(entity, partygraph.ExpandedBody):
            entity.full_time_members = [p for p in entity.full_time_members if p != person]
            entity.part_time_members = [s for s in entity.part_time_members if s.person != person]
    persons = m.population["persons"]
    persons.columns["member"] = np.where(persons["id"] == person, -1, persons["member"]).astype(
        np.int8
    )
    return m


def _compare(before: Report, after: Report, ok: Callable[[float, float], bool]) -> None:
    old, new = _table(before), _table(after)
    for key, (covered, total) in old.items():
        if key[0] not in MONOTONE:
            continue
        assert key in new, key
        covered2, total2 = new[key]
        assert total2 == total, key
        assert ok(covered / total, covered2 / total2), (key, (covered, total), new[key])


@pytest.mark.slow
@SETTINGS
@given(models(), st.data())
def test_covering_links_never_lower_coverage(model: partygraph.Model, data: st.DataObject) -> None:
    before = check(model, single_points=False)
    after = check(_fill(model, data), single_points=False)
    _compare(before, after, lambda old, new: new >= old)


@pytest.mark.slow
@SETTINGS
@given(models(), st.data())
def test_removing_a_person_never_raises_coverage(
    model: partygraph.Model, data: st.DataObject
) -> None:
    ids = model.population["persons"]["id"].tolist()
    if not ids:
        return
    person = data.draw(st.sampled_from(ids))
    before = check(model, single_points=False)
    after = check(_without(model, person), single_points=False)
    _compare(before, after, lambda old, new: new <= old)


@pytest.mark.slow
@SETTINGS
@given(models(), st.data())
def test_single_points_agree_with_a_real_removal(
    model: partygraph.Model, data: st.DataObject
) -> None:
    ids = model.population["persons"]["id"].tolist()
    if not ids:
        return
    report = check(model)
    errors = {(f.rule, f.node.id) for f in report.findings if f.severity == "error"}
    claimed = {p.node.id: p for p in report.single_points}
    for person in data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)):
        after = check(_without(model, person), single_points=False)
        new = {(f.rule, f.node.id) for f in after.findings if f.severity == "error"} - errors
        point = claimed.get(person)
        assert len(new) == (point.new_errors if point else 0), (person, sorted(new), point)
        if point:
            assert sorted({rule for rule, _ in new}) == sorted(point.rules)


@pytest.mark.slow
@SETTINGS
@given(models())
def test_deterministic(model: partygraph.Model) -> None:
    first = check(model).model_dump_json()
    assert check(model).model_dump_json() == first
    assert check(model.model_copy(deep=True)).model_dump_json() == first
