"""The columnar engine and the networkx peer give the same answers.

``partygraph.rules.check.check`` runs the built-in rules vectorised over a columnar
index; ``benchmarks/peer.py`` runs the same rules as plain loops over
``model.to_networkx(population=True)``.  On random synthetic models, the
hand-made fixtures, the Yangjiang example and a model built around every
threshold, both must report the same ``(rule, node, value)`` findings and the
same ``(covered, total)`` per rule and division.

Where the two disagree and the engine is the one that is wrong, the case is an
``xfail(strict=True)``, with the reason; there is none at present.  The cases
where the two once disagreed (a joint branch's anchor, a unit listed twice, a
link written on two rows, part-time members from one unit) are tested below
with their expected answers, worked out from DOMAIN.md and docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peer import (
    DEFAULTS,
    RULES,
    Coverage,
    Finding,
    PeerResult,
    build_peer_graph,
    peer_check,
    report_view,
)

import partygraph
from partygraph.model import Model
from partygraph.rules.check import check
from partygraph.synthetic import synth

from strategies import models

ROOT = Path(__file__).resolve().parent.parent

#: Parameter sets the random models are also checked with (every rule's number moved).
PARAM_SETS: list[dict[str, float] | None] = [
    None,
    {"visit_days": 30, "meeting_days": 200, "service_items_min": 12, "service_items_max": 15},
    {
        "setup_min_full_members": 2,
        "joint_branch_max_units": 2,
        "branch_committee_min_full_members": 5,
        "branch_committee_min_size": 4,
        "branch_committee_max_size": 4,
        "branch_max_members": 40,
        "general_branch_min_members": 40,
        "general_branch_committee_max_size": 6,
        "committee_min_members": 80,
        "part_time_members_min": 2,
    },
]


def differences(engine: tuple[list[Finding], Coverage], peer: PeerResult) -> list[str]:
    """What one side reports and the other does not, one line each."""
    findings, coverage = engine
    lines = [f"engine only: {f}" for f in sorted(set(findings) - set(peer.findings), key=str)]
    lines += [f"peer only: {f}" for f in sorted(set(peer.findings) - set(findings), key=str)]
    for key in sorted(set(coverage) | set(peer.coverage)):
        if coverage.get(key) != peer.coverage.get(key):
            lines.append(
                f"coverage {key}: engine {coverage.get(key)}, peer {peer.coverage.get(key)}"
            )
    return lines


def assert_agree(
    model: Model, *, params: dict[str, float] | None = None, as_of: dt.date | None = None
) -> PeerResult:
    """Check ``model`` both ways and fail with every difference listed."""
    report = check(model, params=params, as_of=as_of, single_points=False)
    assert {r.id for r in report.rules} == set(RULES), "the peer runs a different set of rules"
    # With a date the engine checks the model as of it (Model.as_of, tested by
    # hand in test_asof.py); the peer checks the same model.
    on = model if as_of is None else model.as_of(as_of)
    peer = peer_check(on, snapshot=as_of or model.snapshot, params=params)
    engine = report_view(report)
    found = differences(engine, peer)
    assert not found, "\n".join(found[:40])
    assert engine[0] == peer.findings  # the same order, values of the same type
    return peer


# -- the models -----------------------------------------------------------------------------
@cache
def yangjiang() -> Model:
    return partygraph.load(ROOT / "configs" / "yangjiang.yaml")


@pytest.mark.parametrize("name", ["small", "rules"])
def test_fixtures_agree(name: str) -> None:
    peer = assert_agree(partygraph.load(ROOT / "tests" / "fixtures" / name / "model.yaml"))
    assert peer.findings


@pytest.mark.slow
def test_yangjiang_agrees() -> None:
    peer = assert_agree(yangjiang())
    assert len(peer.findings) > 1000
    assert {rule for rule, _, _ in peer.findings} >= {"household.visit", "grid.leader"}


@pytest.mark.parametrize(
    ("communities", "households", "seed", "gaps"),
    [(6, 500, 0, 0.0), (12, 1500, 1, 0.3), (20, 3000, 2, 0.1), (8, 0, 3, 0.3)],
)
def test_synthetic_models_agree(communities: int, households: int, seed: int, gaps: float) -> None:
    assert_agree(synth(communities=communities, households=households, seed=seed, gaps=gaps))


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    communities=st.integers(6, 20),
    households=st.integers(500, 3000),
    seed=st.integers(0, 2**16),
    gaps=st.sampled_from([0.0, 0.05, 0.15, 0.3]),
    params=st.sampled_from(PARAM_SETS),
    shift=st.sampled_from([None, -100, 30]),
)
def test_random_models_agree(
    communities: int,
    households: int,
    seed: int,
    gaps: float,
    params: dict[str, float] | None,
    shift: int | None,
) -> None:
    model = synth(communities=communities, households=households, seed=seed, gaps=gaps)
    assert model.snapshot is not None
    as_of = None if shift is None else model.snapshot + dt.timedelta(days=shift)
    assert_agree(model, params=params, as_of=as_of)


def test_without_a_reference_date_the_quarterly_rules_do_not_apply() -> None:
    model = synth(communities=6, households=800, seed=7, gaps=0.3)
    model.snapshot = None
    peer = assert_agree(model)
    dated = {"household.visit", "expanded.quarterly_meeting"}
    assert not [f for f in peer.findings if f[0] in dated]
    assert not [k for k in peer.coverage if k[0] in dated]


def test_peer_takes_a_graph_and_counts_it() -> None:
    model = synth(communities=6, households=600, seed=4, gaps=0.1)
    g = model.to_networkx(population=True)
    from_graph = peer_check(g, snapshot=model.snapshot)
    assert (from_graph.nodes, from_graph.edges) == (g.number_of_nodes(), g.number_of_edges())
    assert from_graph == peer_check(model, snapshot=model.snapshot)


def test_peer_defaults_are_the_packs_parameters() -> None:
    packs = resources.files("partygraph") / "rules" / "packs"
    params: dict[str, Any] = {}
    for pack in ("regulations", "yangjiang"):
        params |= yaml.safe_load((packs / f"{pack}.yaml").read_text(encoding="utf-8"))["params"]
    assert {k: v for k, v in params.items() if not k.startswith("load_")} == DEFAULTS


# -- a model built around every threshold ----------------------------------------------
BOUNDARY = Template("""\
partygraph: 1
name: 边界测试
snapshot: 2024-06-30
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: k1, name: 城区, level: county, parent: city, district: true}
  - {id: s1, name: 东街道, level: subdistrict, parent: k1}
  - {id: c1, name: 东风社区, level: community, parent: s1}
  - {id: c2, name: 红旗社区, level: community, parent: s1}
  - {id: c1-g1, name: 第一居民小组, level: residents_group, parent: c1}
units:
  - {id: u-muni, name: 市财政局, type: agency, municipal: true, members_full: 5}
  - {id: u-rc, name: 居委会, type: residents_committee, division: c1, members_full: 5}
  - {id: u-oc, name: 业委会, type: owners_committee, division: c1}
  - {id: u-pm, name: 物业公司, type: property_company, division: c1}
  - {id: u-3, name: 三人单位, type: enterprise, division: c1, members_full: 3}
  - {id: u-2, name: 两人单位, type: enterprise, division: c1, members_full: 2}
  - {id: u-0, name: 无党员单位, type: enterprise, division: c1, members_full: 0}
  - {id: u-t, name: 按名册单位, type: enterprise, division: c2}
  - {id: u-j1, name: 联合一, type: other, division: c2, members_full: 1}
  - {id: u-j2, name: 联合二, type: other, division: c2, members_full: 1}
  - {id: u-j3, name: 联合三, type: other, division: c2, members_full: 1}
  - {id: u-j4, name: 联合四, type: other, division: c2, members_full: 1}
  - {id: u-j5, name: 联合五, type: other, division: c2, members_full: 1}
  - {id: u-j6, name: 联合六, type: other, division: c2, members_full: 1}
compounds:
  - {id: cp1, name: 一号小区, community: c1, property_company: u-pm, owners_committee: u-oc}
  - {id: cp2, name: 二号小区, community: c2, property_company: u-pm, members_full: 2}
party_orgs:
  - {id: o-city, name: 市委, form: committee}
  - {id: o-s1, name: 街道党工委, form: working_committee, parent: o-city, division: s1}
  - {id: o-c1, name: 东风社区党委, form: committee, parent: o-s1, division: c1,
     members_full: 99, committee_members: 7, secretary: p1}
  - {id: o-c2, name: 红旗社区党总支, form: general_branch, parent: o-s1, division: c2,
     members_full: 49, committee_members: 10, secretary: p1}
  - {id: o-b50, name: 五十人支部, form: branch, parent: o-c1, unit: u-3, members_full: 48,
     members_probationary: 2, committee_members: 8, secretary: p1}
  - {id: o-b51, name: 五十一人支部, form: branch, parent: o-c1, compound: cp1, division: c1,
     members_full: 51, committee_members: 7, secretary: p1}
  - {id: o-b99, name: 九十九人总支, form: general_branch, parent: o-c1, grid: c1-grid1,
     members_full: 99, committee_members: 9, secretary: p1}
  - {id: o-b100, name: 百人支部, form: branch, parent: o-c1, unit: u-pm, members_full: 100,
     committee_members: 3, secretary: p1}
  - {id: o-b7, name: 七人支部, form: branch, parent: o-c1, unit: u-rc, members_full: 7,
     committee_members: 2, secretary: p1}
  - {id: o-b6, name: 六人支部, form: branch, parent: o-c1, unit: u-muni, members_full: 6,
     secretary: p1}
  - {id: o-tab, name: 按名册支部, form: branch, parent: o-c2, unit: u-t, members_full: 40,
     secretary: p1}
  - {id: o-j5, name: 五单位联合支部, form: branch, parent: o-c2, joint: true,
     joint_units: [$j5]}
  - {id: o-j6, name: 六单位联合支部, form: branch, parent: o-c2, joint: true,
     joint_units: [u-j1, u-j2, u-j3, u-j4, u-j5, u-j6], secretary: p1}
expanded_bodies:
  - {id: e-s1, name: 大工委, form: expanded_working_committee, core: o-s1, division: s1,
     part_time_members: [{person: p1, on_behalf_of: u-3}], meetings: [{date: 2024-03-30}]}
  - {id: e-c1, name: 东风大党委, form: expanded_committee, core: o-c1, division: c1,
     meetings: [{date: 2024-03-29}, {date: 2023-01-01}]}
  - {id: e-c2, name: 红旗大党委, form: expanded_committee, core: o-c2, division: c2}
grids:
  - {id: c1-grid1, name: 一网格, community: c1, residents_group: c1-g1, leader: p1}
  - {id: c1-grid2, name: 二网格, community: c1, leader: p-nm}
  - {id: c2-grid1, name: 红旗网格, community: c2}
teams:
  - {id: t-n, name: 一号小区“1+N”, type: "1+N", community: c1, compound: cp1, core: o-c1,
     members: [u-rc, u-oc, u-pm]}
  - {id: t-3, name: 二号小区“1+3”, type: "1+3", community: c2, compound: cp2, core: o-c2,
     members: [u-rc, u-pm, u-pm]}
places:
  - {id: pl1, name: 人民路, type: street, community: c1}
  - {id: pl2, name: 幸福巷, type: lane, community: c2}
captains:
  - {id: cap1, name: 街长, person: p1, scope: street, place: pl1, community: c1,
     duties: [sanitation, publicity, patrol]}
  - {id: cap2, name: 空缺街长, scope: street, place: pl1, community: c1, duties: [traffic]}
  - {id: cap3, name: 空缺巷长, scope: lane, place: pl2, community: c2, duties: []}
  - {id: cap4, name: 空缺巷长二, scope: lane, place: pl2, community: c2}
central_households:
  - {id: ch1, name: 中心户一, person: p1, household: h1, community: c1}
  - {id: ch2, name: 中心户二, community: c1}
pairings:
  - {id: pair1, name: 财政局—东风, unit: u-muni, community: c1, resources: [资金],
     projects: [书屋], needs: [], agreement_signed: 2021-07-01, valid_until: 2024-06-30}
  - {id: pair2, name: 财政局—红旗, unit: u-muni, community: c2, resources: [资金],
     projects: [书屋], needs: [助餐], agreement_signed: 2021-06-30, valid_until: 2024-06-29}
service_centres:
  - {id: sc-s1, name: 街道中心, level: subdistrict, division: s1, items: [{id: s1-i1, name: 事项}]}
  - {id: sc-c1, name: 东风中心, level: community, division: c1, items: [$items9]}
  - {id: sc-c2, name: 红旗中心, level: community, division: c2, items: [$items10]}
  - {id: sc-x20, name: 二十项中心, level: community, division: c1, items: [$items20]}
  - {id: sc-x21, name: 二十一项中心, level: community, division: c2, items: [$items21]}
  - {id: sc-cp, name: 小区站, level: compound, compound: cp1}
issue_categories:
  - {id: ic-env, name: 环境卫生}
  - {id: ic-safety, name: 治安}
  - {id: ic-traffic, name: 交通}
departments:
  - {id: d1, name: 东风警务室, level: community, division: c1, categories: [ic-safety]}
  - {id: d2, name: 街道城管, level: subdistrict, division: s1, categories: [ic-env]}
  - {id: d3, name: 区交警, level: district, division: k1, categories: []}
households:
  - {id: h1, community: c1, residents_group: c1-g1, grid: c1-grid1, compound: cp1}
  - {id: h2, community: c1, residents_group: c1-g1, grid: c1-grid1, compound: cp1}
  - {id: h3, community: c1, grid: c1-grid2, compound: cp1}
  - {id: h4, community: c1, compound: cp1}
  - {id: h5, community: c2}
  - {id: h6, community: c2, compound: cp2}
  - {id: h7, community: c2}
persons:
  - {id: p1, name: 李明, household: h1, member: full}
  - {id: p-nm, name: 群众, household: h2}
  - {id: pc1, name: 居民一, household: h2, member: full}
  - {id: pc2, name: 居民二, household: h3, member: full}
  - {id: pc3, name: 居民三, household: h4, member: probationary}
  - {id: pt1, name: 职工一, member: full, unit: u-t, org: o-tab}
  - {id: pt2, name: 职工二, member: full, unit: u-t, org: o-tab}
  - {id: pt3, name: 职工三, member: full, unit: u-t}
  - {id: pt4, name: 职工四, member: probationary, unit: u-t, org: o-tab}
central_household_links:
  - {central_household: ch1, household: h1, last_visit: 2024-03-30}
  - {central_household: ch1, household: h2, last_visit: 2024-03-29}
  - {central_household: ch1, household: h3}
  - {central_household: ch1, household: h4, last_visit: 2024-06-01}
  - {central_household: ch2, household: h4, last_visit: 2024-01-01}
  - {central_household: ch2, household: h5, last_visit: 2024-07-05}
  $h6_links
""")


def items(prefix: str, n: int) -> str:
    """``n`` service items; the first has no responsible person."""
    return ", ".join(
        f"{{id: {prefix}-i{i}, name: 事项{i}" + ("}" if i == 1 else ", responsible: p1}")
        for i in range(1, n + 1)
    )


def boundary(tmp_path: Path, edit: tuple[str, str] = ("", ""), **changes: str) -> Model:
    """The threshold model, with ``changes`` to its placeholders and the text
    ``edit[0]`` replaced by ``edit[1]``."""
    fills = {
        "items9": items("c1", 9),
        "items10": items("c2", 10),
        "items20": items("x20", 20),
        "items21": items("x21", 21),
        "j5": "u-j1, u-j2, u-j3, u-j4, u-j5",
        "h6_links": "- {central_household: ch2, household: h6, last_visit: 2024-04-01}",
    }
    text = BOUNDARY.substitute(fills | changes)
    if edit[0]:
        assert text.count(edit[0]) == 1, edit[0]
        text = text.replace(*edit)
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    return partygraph.load(path)


#: Worked out by hand from DOMAIN.md and the packs (snapshot 2024-06-30; a quarter
#: is 92 days, so a visit or meeting on 2024-03-30 is in time and 2024-03-29 is not).
BOUNDARY_FINDINGS: list[Finding] = [
    ("branch.committee", "o-b7", 2),  # 7 full members: a committee of 3+ is due
    ("branch.committee", "o-tab", 0),  # 40 declared (the persons table lists 2): due too
    ("branch.committee_size", "o-b50", 8),  # at most 7
    ("branch.joint_units", "o-j6", 6),  # at most 5 units; o-j5 has exactly 5
    ("branch.size", "o-b100", 100),
    ("branch.size", "o-b51", 51),  # 50 is allowed (o-b50)
    ("branch.upgrade_general_branch", "o-b50", 50),  # 50 and more; o-b100 goes to committee
    ("branch.upgrade_general_branch", "o-b51", 51),
    ("committee.below_threshold", "o-c1", 99),
    ("community.captain_duties", "c1", "包交通协管"),  # only a vacant captain holds it
    ("community.captain_duties", "c2", "包环境卫生、包政策宣传、包治安巡逻、包交通协管"),
    ("community.paired_unit", "c1", 0),  # needs list empty
    ("compound.joint_or_instructor", "cp2", 0),
    ("compound.organisational_coverage", "cp2", 0),
    ("compound.team_1p3", "cp1", 0),  # its team is "1+N"
    ("compound.team_1p3", "cp2", 0),  # no owners' committee in the team
    ("compound.work_coverage", "cp2", 0),
    ("expanded.part_time_member", "e-c1", 0),
    ("expanded.part_time_member", "e-c2", 0),
    ("expanded.quarterly_meeting", "e-c1", 93),
    ("expanded.quarterly_meeting", "e-c2", None),  # never met
    ("general_branch.below_threshold", "o-c2", 49),
    ("general_branch.committee_size", "o-c2", 10),  # at most 9 (o-b99 has 9)
    ("grid.leader", "c1-grid2", 0),  # the leader is no party member
    ("grid.leader", "c2-grid1", 0),
    ("household.grid", "c1", 1),
    ("household.grid", "c2", 3),
    ("household.grid_leader", "c1", 1),  # h3: its grid's leader p-nm is no party member
    ("household.residents_group", "c1", 2),
    ("household.residents_group", "c2", 3),
    ("household.visit", "c1", 3),  # h2 (93 days), h3 (no date), h4 (one of two is stale)
    ("org.upgrade_committee", "o-b100", 100),  # 99 (o-b99) is not yet
    ("pairing.agreement_in_force", "pair2", 1),  # ended yesterday; pair1 ends today
    ("pairing.needs_met", "pair2", "助餐"),  # 财政局 offers 资金 only; pair1 lists no need
    ("party_org.members_listed", "o-tab", 38),  # 40 declared, 2 full members listed
    ("place.captain", "pl2", 0),  # both its captains are vacant
    ("post.captain", "cap2", None),
    ("post.captain", "cap3", None),
    ("post.captain", "cap4", None),
    ("post.central_household", "ch2", None),
    ("post.secretary", "o-j5", 0),  # a joint branch is a basic branch, anchored in its units
    ("post.secretary", "o-s1", 0),
    ("service.item_count", "sc-c1", 9),  # 10 and 20 are allowed
    ("service.item_count", "sc-x21", 21),
    ("service.item_responsible", "c1-i1", 0),
    ("service.item_responsible", "c2-i1", 0),
    ("service.item_responsible", "s1-i1", 0),
    ("service.item_responsible", "x20-i1", 0),
    ("service.item_responsible", "x21-i1", 0),
    # The four community centres keep no weekend duty (none is written); the
    # compound station's level is not asked.
    ("service.weekend_duty", "sc-c1", "False"),
    ("service.weekend_duty", "sc-c2", "False"),
    ("service.weekend_duty", "sc-x20", "False"),
    ("service.weekend_duty", "sc-x21", "False"),
    # Resident units with an organisation of their own: u-3 sits in s1's 大工委
    # (p1); u-pm (o-b100) and u-t (o-tab) sit nowhere.  u-rc is a residents'
    # committee, u-muni municipal, the u-j* only in joint branches: out.
    ("unit.expanded_seat", "u-pm", 0),
    ("unit.expanded_seat", "u-t", 0),
    ("unit.joint_or_instructor", "u-2", 0),
    ("unit.organisational_coverage", "u-0", 0),
    ("unit.organisational_coverage", "u-2", 0),
    ("unit.work_coverage", "u-0", 0),
    ("unit.work_coverage", "u-2", 0),
    ("whistle.responder", "c1", "交通"),  # the district department handles nothing
    ("whistle.responder", "c2", "治安、交通"),
]

BOUNDARY_COVERAGE: Coverage = {
    ("household.grid", "city"): (3, 7),
    ("household.grid_leader", "city"): (2, 3),  # h1, h2 in c1-grid1 (led by p1); h3 not
    ("household.visit", "c1"): (1, 4),  # linked households only
    ("household.visit", "city"): (3, 6),  # h5, visited in the future, is in time
    ("unit.work_coverage", "city"): (9, 11),  # resident units: not municipal, not committees
    ("unit.expanded_seat", "city"): (1, 3),  # u-3 of u-3, u-pm, u-t
    ("unit.set_up", "c2"): (1, 1),  # u-t: 3 full members counted from the persons table
    ("compound.set_up", "c1"): (1, 1),  # cp1: 3 full members live there
    # Recomputed by hand when joint branches got their anchor (``unit``, the units
    # they span): o-s1, o-c1, o-c2, o-b50, o-b51, o-b99, o-b100, o-b7, o-b6, o-tab,
    # o-j5 and o-j6 need a secretary; o-s1 and o-j5 have none; o-city (no division)
    # has no anchor.  Joint branches are counted where their units are
    # (docs/coverage.md): o-j5 and o-j6 span units of c2 only, so in c2.  o-b6 is
    # the organisation of a municipal unit (no division): at the city, not in k1.
    ("post.secretary", "city"): (10, 12),
    ("post.secretary", "k1"): (9, 11),  # all but o-b6; o-s1 and o-j5 lack one
    ("post.secretary", "s1"): (9, 11),
    ("post.secretary", "c2"): (3, 4),  # o-c2, o-tab, o-j6; o-j5 has no secretary
    ("branch.joint_units", "c2"): (1, 2),  # o-j5 spans 5 units, o-j6 6
    # Basic branches under 100 members: o-b50, o-b51, o-b7, o-b6, o-tab (40 declared,
    # which win over the 3 the persons table lists), o-j5 and o-j6 (0 declared); under
    # 50: all but o-b50, o-b51.
    ("branch.upgrade_general_branch", "city"): (5, 7),
    ("branch.upgrade_general_branch", "c1"): (1, 3),  # o-b50, o-b51, o-b7
    ("branch.upgrade_general_branch", "c2"): (3, 3),  # o-tab, o-j5, o-j6
    # Those and o-b100 (branches) and o-c2, o-b99 (general branches): only o-b100 has 100.
    ("org.upgrade_committee", "city"): (9, 10),
    ("service.item_count", "c2"): (1, 2),
}


def test_boundary_model_agrees_and_is_right(tmp_path: Path) -> None:
    peer = assert_agree(boundary(tmp_path))
    assert peer.findings == BOUNDARY_FINDINGS
    assert {k: peer.coverage.get(k) for k in BOUNDARY_COVERAGE} == BOUNDARY_COVERAGE


def test_boundary_model_agrees_with_parameters(tmp_path: Path) -> None:
    params: dict[str, float] = {
        "visit_days": 93,
        "meeting_days": 93,
        "service_items_min": 9,
        "part_time_members_min": 0,
    }
    peer = assert_agree(boundary(tmp_path), params=params)
    moved = {f for f in BOUNDARY_FINDINGS if f not in peer.findings}
    assert moved == {
        ("household.visit", "c1", 3),  # h2, at 93 days, is now in time: 2 left
        ("expanded.quarterly_meeting", "e-c1", 93),
        ("expanded.part_time_member", "e-c1", 0),
        ("expanded.part_time_member", "e-c2", 0),
        ("service.item_count", "sc-c1", 9),
    }
    assert ("household.visit", "c1", 2) in peer.findings


# -- cases the two once disagreed on ---------------------------------------------------
def findings_of(peer: PeerResult, rule: str) -> list[Finding]:
    return [f for f in peer.findings if f[0] == rule]


def test_a_unit_listed_twice_is_one_unit(tmp_path: Path) -> None:
    """branch.joint_units is about the units a joint branch covers (联合党支部覆盖单位
    一般不超过5个), and a ``related`` count counts a node listed twice once
    (docs/rules.md): o-j5 lists u-j5 twice but covers 5 units, which is allowed."""
    peer = assert_agree(boundary(tmp_path, j5="u-j1, u-j2, u-j3, u-j4, u-j5, u-j5"))
    assert findings_of(peer, "branch.joint_units") == [("branch.joint_units", "o-j6", 6)]
    assert peer.coverage[("branch.joint_units", "city")] == (1, 2)


#: h6 (in c2, the only linked household of c2 besides h5, visited "in the future")
#: with its link to ch2 written on two rows: the link was last visited on the
#: later date, whichever row comes last (docs/rules.md, days_since_visit).
LINK_TWICE = [
    pytest.param(("2024-01-01", "2024-06-01"), 0, id="later-row-is-later"),
    pytest.param(("2024-06-01", "2024-01-01"), 0, id="later-row-is-older"),
    pytest.param((None, "2024-06-01"), 0, id="one-row-undated"),
    pytest.param(("2024-06-01", None), 0, id="last-row-undated"),
    pytest.param(("2024-01-01", "2024-03-29"), 1, id="both-stale"),  # 93 days at best
    pytest.param((None, None), 1, id="never-visited"),
]


@pytest.mark.parametrize(("dates", "stale"), LINK_TWICE)
def test_a_link_listed_twice_is_one_link(
    tmp_path: Path, dates: tuple[str | None, str | None], stale: int
) -> None:
    rows = [
        "{central_household: ch2, household: h6" + (f", last_visit: {d}}}" if d else "}")
        for d in dates
    ]
    model = boundary(tmp_path, h6_links="- " + "\n  - ".join(rows))
    peer = assert_agree(model)
    expected = [("household.visit", "c1", 3)] + ([("household.visit", "c2", 1)] if stale else [])
    assert findings_of(peer, "household.visit") == expected
    assert peer.coverage[("household.visit", "c2")] == (2 - stale, 2)  # h5 and h6
    # The networkx graph keeps one edge for the two rows; the peer's graph keeps
    # both dates on it.
    link = build_peer_graph(model).edges["ch2", "h6", "linked_to"]
    assert sorted(link["visits"]) == sorted(d for d in dates if d)


def test_a_joint_branch_needs_a_secretary(tmp_path: Path) -> None:
    """A joint branch 联合党支部 with no compound, unit, grid or division of its
    own is anchored in the units it spans: a basic branch, so post.secretary
    and the upgrade rules apply to it (docs/rules.md, ``party_org.anchor``)."""
    peer = assert_agree(boundary(tmp_path))
    assert ("post.secretary", "o-j5", 0) in peer.findings  # o-j6 has one: p1
    report = check(boundary(tmp_path), single_points=False)
    assert ("post.secretary", "o-j5") in {(f.rule, f.node.id) for f in report.findings}


@pytest.mark.parametrize(
    ("field", "spans"),
    [("division: c1", (1, 1)), ("unit: u-3", (0, 1))],  # its own unit is a sixth it covers
)
def test_a_placed_joint_branch_is_counted_where_it_is_placed(
    tmp_path: Path, field: str, spans: tuple[int, int]
) -> None:
    """A joint branch that names a division (anchored at its level) or a unit of
    its own (anchored there) is counted under that division or the unit's, c1,
    although the units it spans are all in c2: an anchor comes before the units
    (docs/coverage.md)."""
    placed = ("{id: o-j5, name: 五单位联合支部,", f"{{id: o-j5, name: 五单位联合支部, {field},")
    peer = assert_agree(boundary(tmp_path, placed))
    assert ("post.secretary", "o-j5", 0) in peer.findings
    # c1: o-c1, o-b50, o-b51, o-b99, o-b100, o-b7 have a secretary, o-j5 none;
    # c2 keeps o-c2, o-tab and o-j6.
    assert peer.coverage[("post.secretary", "c1")] == (6, 7)
    assert peer.coverage[("post.secretary", "c2")] == (3, 3)
    assert peer.coverage[("branch.joint_units", "c1")] == spans  # at most 5 units
    assert peer.coverage[("branch.joint_units", "c2")] == (0, 1)  # o-j6: 6
    assert peer.coverage[("branch.upgrade_general_branch", "c1")] == (2, 4)  # + o-j5
    assert peer.coverage[("branch.upgrade_general_branch", "c2")] == (2, 2)  # o-tab, o-j6


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(model=models(), params=st.sampled_from(PARAM_SETS))
def test_odd_models_agree(model: Model, params: dict[str, float] | None) -> None:
    """Small valid models with every optional field drawn (tests/strategies.py):
    organisations with both a unit and joint units, joint flags without joint
    units, empty tables, homeless nodes."""
    assert_agree(model, params=params)


@pytest.mark.parametrize(
    ("seats", "minimum", "found"),
    [
        # Two part-time members sitting for u-3 bring one resident unit in.
        ("{person: p1, on_behalf_of: u-3}, {person: pc1, on_behalf_of: u-3}", 2, 1),
        # One member sitting for two units brings in two.
        ("{person: p1, on_behalf_of: u-3}, {person: p1, on_behalf_of: u-2}", 2, None),
        ("{person: p1, on_behalf_of: u-3}, {person: pc1, on_behalf_of: u-2}", 2, None),
        ("{person: p1, on_behalf_of: u-3}, {person: pc1, on_behalf_of: u-3}", 1, None),
    ],
)
def test_part_time_members_count_the_units_they_sit_for(
    tmp_path: Path, seats: str, minimum: int, found: int | None
) -> None:
    """expanded.part_time_member counts the resident units a 大工委 or 大党委 draws
    in through its part-time members (``related`` over ``on_behalf_of``: a unit
    counts once, docs/rules.md; 吸纳驻区单位党组织负责人担任兼职委员, DOMAIN.md 2)."""
    model = boundary(tmp_path, ("[{person: p1, on_behalf_of: u-3}]", f"[{seats}]"))
    peer = assert_agree(model, params={"part_time_members_min": minimum})
    e_s1 = [f for f in findings_of(peer, "expanded.part_time_member") if f[1] == "e-s1"]
    assert e_s1 == ([] if found is None else [("expanded.part_time_member", "e-s1", found)])
