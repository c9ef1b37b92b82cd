"""The rules issue #16 (item 4) adds, on small models worked by hand.

- ``committee.committee_size``: a basic committee of 5 to 9 members;
- ``approved_on``: a committee under 100, a general branch under 50, approved by
  the higher organisation, is left out of the below-threshold rules;
- the order of candidates: one per organisation, at 49/50/99/100 members;
- ``household.grid_leader``: households in a grid without a party-member leader,
  counted apart from those in a led grid.

Every case is checked against the engine and the networkx peer
(``benchmarks/peer.py``), which are written independently.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from peer import peer_check

import partygraph
from partygraph.model import Model
from partygraph.model.report import Report

SNAPSHOT = dt.date(2024, 6, 30)

HEAD = """\
snapshot: 2024-06-30
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: k, name: 一区, level: county, parent: city}
  - {id: s, name: 一街道, level: subdistrict, parent: k}
  - {id: c1, name: 一社区, level: community, parent: s}
  - {id: c2, name: 二社区, level: community, parent: s}
"""


def _load(tmp_path: Path, body: str) -> Model:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return partygraph.load(path)


def _engine(report: Report, *rules: str) -> list[tuple[str, str, object]]:
    return sorted((f.rule, f.node.id, f.value) for f in report.findings if f.rule in rules)


def _peer(model: Model, *rules: str) -> list[tuple[str, str, object]]:
    found = peer_check(model, snapshot=SNAPSHOT).findings
    return sorted(f for f in found if f[0] in rules)


# -- committee sizes ---------------------------------------------------------------
COMMITTEES = """\
party_orgs:
  - {id: o4, name: 四人党委, form: committee, division: c1, members_full: 120,
     committee_members: 4}
  - {id: o5, name: 五人党委, form: committee, division: c1, members_full: 120,
     committee_members: 5}
  - {id: o9, name: 九人党委, form: committee, division: c2, members_full: 120,
     committee_members: 9}
  - {id: o10, name: 十人党委, form: committee, division: c2, members_full: 120,
     committee_members: 10}
  - {id: ok, name: 区委, form: committee, division: k, committee_members: 3}
"""


def test_committee_sizes_five_to_nine(tmp_path: Path) -> None:
    model = _load(tmp_path, COMMITTEES)
    report = partygraph.check(model)
    # 4 and 10 are outside 5-9; 5 and 9 are in; the county committee is not basic.
    expected = [("committee.committee_size", "o10", 10), ("committee.committee_size", "o4", 4)]
    assert _engine(report, "committee.committee_size") == expected
    assert _peer(model, "committee.committee_size") == expected
    cov = {
        c.node.id: (c.covered, c.total)
        for c in report.coverage
        if c.rule == "committee.committee_size"
    }
    assert cov == {"city": (2, 4), "k": (2, 4), "s": (2, 4), "c1": (1, 2), "c2": (1, 2)}


def test_committee_sizes_are_parameters(tmp_path: Path) -> None:
    model = _load(tmp_path, COMMITTEES)
    params = {"committee_committee_min_size": 4, "committee_committee_max_size": 10}
    report = partygraph.check(model, params=params)
    assert _engine(report, "committee.committee_size") == []
    peer = peer_check(model, snapshot=SNAPSHOT, params=params).findings
    assert [f for f in peer if f[0] == "committee.committee_size"] == []


# -- approved below the threshold ---------------------------------------------------
APPROVED = """\
party_orgs:
  - {id: a, name: 甲社区党委, form: committee, division: c1, members_full: 99, committee_members: 7}
  - {id: b, name: 乙社区党委, form: committee, division: c2, members_full: 99, committee_members: 7,
     approved_on: 2023-01-05}
  - {id: g1, name: 甲总支, form: general_branch, division: c1, members_full: 49,
     committee_members: 5}
  - {id: g2, name: 乙总支, form: general_branch, division: c2, members_full: 49,
     committee_members: 5,
     approved_on: 2023-01-05}
"""
BELOW = ("committee.below_threshold", "general_branch.below_threshold")


def test_approved_on_silences_the_below_threshold_rules(tmp_path: Path) -> None:
    model = _load(tmp_path, APPROVED)
    assert model.party_orgs[1].approved_on == dt.date(2023, 1, 5)
    report = partygraph.check(model)
    expected = [
        ("committee.below_threshold", "a", 99),
        ("general_branch.below_threshold", "g1", 49),
    ]
    assert _engine(report, *BELOW) == expected
    assert _peer(model, *BELOW) == expected
    # The approved ones are out of the rule: not in c2's coverage at all.
    cov = {(c.rule, c.node.id): (c.covered, c.total) for c in report.coverage if c.rule in BELOW}
    assert cov[("committee.below_threshold", "s")] == (0, 1)
    assert ("committee.below_threshold", "c2") not in cov
    assert [(c.node.id, c.action) for c in report.candidates] == [
        ("a", "downgrade"),
        ("g1", "downgrade"),
    ]


def test_approved_on_from_a_table_with_a_chinese_header(tmp_path: Path) -> None:
    (tmp_path / "orgs.csv").write_text(
        "id,name,form,division,members_full,批准日期\n"
        "a,甲社区党委,committee,c1,99,\n"
        "b,乙社区党委,committee,c2,99,2023-01-05\n",
        encoding="utf-8",
    )
    model = _load(tmp_path, "party_orgs: {table: orgs.csv}\n")
    assert [o.approved_on for o in model.party_orgs] == [None, dt.date(2023, 1, 5)]
    report = partygraph.check(model)
    assert _engine(report, *BELOW) == [("committee.below_threshold", "a", 99)]


def test_approved_on_survives_a_dump(tmp_path: Path) -> None:
    from partygraph.io.dump import dump

    model = _load(tmp_path, APPROVED)
    out = tmp_path / "out"
    dump(model, out / "model.yaml")
    again = partygraph.load(out / "model.yaml")
    assert [o.approved_on for o in again.party_orgs] == [o.approved_on for o in model.party_orgs]


# -- the order of candidates at 49 / 50 / 99 / 100 ------------------------------------
def _branch(i: str, members: int, form: str = "branch") -> str:
    return (
        f"  - {{id: {i}, name: 组织{i}, form: {form}, division: c1, members_full: {members},"
        " committee_members: 5}\n"
    )


SIZES = (
    "party_orgs:\n"
    + "".join(_branch(f"b{n}", n) for n in (49, 50, 51, 99, 100, 120))
    + "".join(_branch(f"g{n}", n, "general_branch") for n in (49, 50, 99, 100))
)


def test_each_organisation_is_one_candidate_by_its_member_count(tmp_path: Path) -> None:
    report = partygraph.check(_load(tmp_path, SIZES))
    got = [(c.node.id, c.action, c.proposed_form, c.rule) for c in report.candidates]
    assert got == [
        ("b50", "upgrade", "general_branch", "branch.upgrade_general_branch"),
        ("b51", "upgrade", "general_branch", "branch.upgrade_general_branch"),
        ("b99", "upgrade", "general_branch", "branch.upgrade_general_branch"),
        ("b100", "upgrade", "committee", "org.upgrade_committee"),
        ("b120", "upgrade", "committee", "org.upgrade_committee"),
        ("g100", "upgrade", "committee", "org.upgrade_committee"),
        ("g49", "downgrade", "branch", "general_branch.below_threshold"),
    ]
    ids = [c.node.id for c in report.candidates]
    assert len(ids) == len(set(ids))  # never both a split and an upgrade


def test_the_size_findings_stay_at_the_boundaries(tmp_path: Path) -> None:
    model = _load(tmp_path, SIZES)
    rules = ("branch.size", "branch.upgrade_general_branch", "org.upgrade_committee")
    expected = sorted(
        [
            ("branch.size", "b51", 51),  # over 50: the warning stays
            ("branch.size", "b99", 99),
            ("branch.size", "b100", 100),
            ("branch.size", "b120", 120),
            ("branch.upgrade_general_branch", "b50", 50),
            ("branch.upgrade_general_branch", "b51", 51),
            ("branch.upgrade_general_branch", "b99", 99),
            ("org.upgrade_committee", "b100", 100),
            ("org.upgrade_committee", "b120", 120),
            ("org.upgrade_committee", "g100", 100),
        ]
    )
    assert _engine(partygraph.check(model), *rules) == expected
    assert _peer(model, *rules) == expected


# -- households in a grid without a party-member leader --------------------------------
GRIDS = """\
grids:
  - {id: g1, name: 一网格, community: c1, leader: p1}
  - {id: g2, name: 二网格, community: c1, leader: p2}
  - {id: g3, name: 三网格, community: c2}
  - {id: g4, name: 四网格, community: c2, leader: p3}
households:
  - {id: h1, community: c1, grid: g1}
  - {id: h2, community: c1, grid: g1}
  - {id: h3, community: c1, grid: g2}
  - {id: h4, community: c2, grid: g3}
  - {id: h5, community: c2, grid: g3}
  - {id: h6, community: c2, grid: g4}
  - {id: h7, community: c2}
persons:
  - {id: p1, name: 李明, household: h1, member: full}
  - {id: p2, name: 群众, household: h3}
  - {id: p3, name: 王芳, household: h6, member: probationary}
"""


def test_households_in_unled_grids_are_counted_apart(tmp_path: Path) -> None:
    model = _load(tmp_path, GRIDS)
    report = partygraph.check(model)
    # g2's leader is no member (h3), g3 has none (h4, h5); h7 is in no grid.
    expected = [("household.grid_leader", "c1", 1), ("household.grid_leader", "c2", 2)]
    assert _engine(report, "household.grid_leader") == expected
    assert _peer(model, "household.grid_leader") == expected
    cov = {
        c.node.id: (c.covered, c.total)
        for c in report.coverage
        if c.rule == "household.grid_leader"
    }
    # Households: 3 of 6 in a led grid (h1, h2, h6); grids: 2 of 4 led.
    assert cov == {"city": (3, 6), "k": (3, 6), "s": (3, 6), "c1": (2, 3), "c2": (1, 3)}
    grids = {c.node.id: (c.covered, c.total) for c in report.coverage if c.rule == "grid.leader"}
    assert grids["city"] == (2, 4)
    from partygraph.report.text import render_text

    text = render_text(report)
    assert "3 户中 1 户所在网格没有党员网格长" in text  # c1
    assert "3 户中 2 户所在网格没有党员网格长" in text  # c2


@pytest.mark.parametrize("leader", ["", ", leader: p2"])
def test_a_grid_without_households_counts_no_household(tmp_path: Path, leader: str) -> None:
    body = f"""\
grids:
  - {{id: g1, name: 一网格, community: c1{leader}}}
persons:
  - {{id: p2, name: 群众}}
"""
    report = partygraph.check(_load(tmp_path, body))
    assert _engine(report, "household.grid_leader") == []
    assert not [c for c in report.coverage if c.rule == "household.grid_leader"]


# -- resident units' seats in the 大党委 / 大工委 -------------------------------------
SEATS = """\
units:
  - {id: u-a, name: 甲公司, type: enterprise, division: c1}
  - {id: u-b, name: 乙医院, type: hospital, division: c1}
  - {id: u-c, name: 丙学校, type: school, division: c2}
  - {id: u-d, name: 丁银行, type: finance, division: c2}
  - {id: u-off, name: 一街道办事处, type: agency, division: s}
  - {id: u-rc, name: 一社区居委会, type: residents_committee, division: c1}
  - {id: u-j, name: 戊商店, type: non_public, division: c2}
party_orgs:
  - {id: o-s, name: 一街道党工委, form: working_committee, division: s}
  - {id: o-c1, name: 一社区党委, form: committee, parent: o-s, division: c1}
  - {id: o-c2, name: 二社区党委, form: committee, parent: o-s, division: c2}
  - {id: o-a, name: 甲公司党支部, form: branch, parent: o-c1, unit: u-a}
  - {id: o-b, name: 乙医院党支部, form: branch, parent: o-c1, unit: u-b}
  - {id: o-c, name: 丙学校党支部, form: branch, parent: o-c2, unit: u-c}
  - {id: o-d, name: 丁银行党支部, form: branch, parent: o-c2, unit: u-d}
  - {id: o-off, name: 街道办党支部, form: branch, parent: o-s, unit: u-off}
  - {id: o-rc, name: 居委会党支部, form: branch, parent: o-c1, unit: u-rc}
  - {id: o-j, name: 联合党支部, form: branch, parent: o-c2, joint: true, joint_units: [u-j]}
expanded_bodies:
  - {id: e-s, name: 一街道大工委, form: expanded_working_committee, core: o-s, division: s,
     full_time_members: [p-staff], part_time_members: [{person: p-b, on_behalf_of: u-b}]}
  - {id: e-c1, name: 一社区大党委, form: expanded_committee, core: o-c1, division: c1,
     part_time_members: [{person: p-a, on_behalf_of: u-a}]}
  - {id: e-c2, name: 二社区大党委, form: expanded_committee, core: o-c2, division: c2,
     part_time_members: [{person: p-a, on_behalf_of: u-a}]}
persons:
  - {id: p-a, name: 甲书记, member: full, unit: u-a}
  - {id: p-b, name: 乙书记, member: full, unit: u-b}
  - {id: p-staff, name: 街道干部, member: full, unit: u-off}
"""


def test_resident_units_with_an_organisation_hold_a_seat(tmp_path: Path) -> None:
    model = _load(tmp_path, SEATS)
    report = partygraph.check(model)
    # u-a sits in c1's 大党委 (its seat in c2's does not count twice, nor matter);
    # u-b in the subdistrict's 大工委; u-off through its staff, the full-time
    # member p-staff.  u-c and u-d sit nowhere; u-rc is a residents' committee
    # and u-j is only in a joint branch: the rule does not apply to them.
    expected = [("unit.expanded_seat", "u-c", 0), ("unit.expanded_seat", "u-d", 0)]
    assert _engine(report, "unit.expanded_seat") == expected
    assert _peer(model, "unit.expanded_seat") == expected
    cov = {
        c.node.id: (c.covered, c.total) for c in report.coverage if c.rule == "unit.expanded_seat"
    }
    assert cov == {"city": (3, 5), "k": (3, 5), "s": (3, 5), "c1": (2, 2), "c2": (0, 2)}


# -- unit-linked registrations at communities the unit is not paired with ---------------
REGISTRATIONS = """\
units:
  - {id: u-m, name: 市财政局, type: agency, municipal: true}
  - {id: u-n, name: 市税务局, type: agency, municipal: true}
pairings:
  - {id: pr1, name: 财政局—一社区, unit: u-m, community: c1}
persons:
  - {id: p1, name: 甲, member: full, unit: u-m, in_service: true}
  - {id: p2, name: 乙, member: full, unit: u-n, in_service: true}
  - {id: p3, name: 丙, member: full, in_service: true}
  - {id: p4, name: 丁, member: full, unit: u-n, in_service: true}
registrations:
  - {person: p1, community: c1, basis: unit_link}
  - {person: p2, community: c1, basis: unit_link}
  - {person: p3, community: c1, basis: unit_link, unit: u-m}
  - {person: p4, community: c1, basis: residence}
  - {person: p1, community: c2, basis: unit_link}
  - {person: p1, community: c2, basis: unit_link, unit: u-m}
  - {person: p3, community: c2, basis: unit_link}
"""


def test_unit_linked_members_come_from_paired_units(tmp_path: Path) -> None:
    model = _load(tmp_path, REGISTRATIONS)
    report = partygraph.check(model)
    # c1: p1 (u-m, paired) and p3 (the row names u-m) are fine; p2's u-n is not
    # paired with c1; p4 registered by residence, which this rule leaves alone.
    # c2: u-m is paired with c1 only, so p1 (two rows) counts once; p3 has no
    # unit at all and cannot be judged.
    expected = [("registration.unit_paired", "c1", 1), ("registration.unit_paired", "c2", 1)]
    assert _engine(report, "registration.unit_paired") == expected
    assert _peer(model, "registration.unit_paired") == expected
    cov = {
        c.node.id: (c.covered, c.total)
        for c in report.coverage
        if c.rule == "registration.unit_paired"
    }
    assert cov == {"city": (0, 2), "k": (0, 2), "s": (0, 2), "c1": (0, 1), "c2": (0, 1)}


def test_a_pairing_settles_it(tmp_path: Path) -> None:
    body = REGISTRATIONS.replace(
        "pairings:\n",
        "pairings:\n  - {id: pr2, name: 税务局—一社区, unit: u-n, community: c1}\n"
        "  - {id: pr3, name: 财政局—二社区, unit: u-m, community: c2}\n",
    )
    model = _load(tmp_path, body)
    assert _engine(partygraph.check(model), "registration.unit_paired") == []
    assert _peer(model, "registration.unit_paired") == []
