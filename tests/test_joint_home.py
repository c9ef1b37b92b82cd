"""Where a joint branch 联合党支部 is counted (docs/coverage.md, "Party
organisations and joint branches"): the lowest common ancestor of its joint
units' homes, else its parent organisation's home, else the city.

Every expectation below is worked out by hand from the model text; the networkx
peer (benchmarks/peer.py), which places organisations on its own, must give the
same report.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

import numpy as np
import pytest
from peer import peer_check, report_view

import partygraph
from partygraph.index import Index
from partygraph.model import Model
from partygraph.model.report import Report
from partygraph.rules.check import check

#: A city with one county, one subdistrict and its communities; ``m2`` and ``u3``
#: (a unit of ``m2``), ``u-muni`` (a municipal unit: no division) are there for
#: the joint branches that span them.  Secretaries everywhere but in ``o-j``.
MODEL = Template("""\
partygraph: 1
name: 联合党支部归属
snapshot: 2024-06-30
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: k, name: 城区, level: county, parent: city}
  - {id: s, name: 南街道, level: subdistrict, parent: k}
  - {id: m1, name: 东风社区, level: community, parent: s}
  $m2
units:
  - {id: u1, name: 甲商店, type: enterprise, division: m1, members_full: 1}
  - {id: u2, name: 乙商店, type: enterprise, division: m1, members_full: 2}
  $units
party_orgs:
  - {id: o-s, name: 南街道党工委, form: working_committee, division: s, secretary: p1}
  - {id: o-m1, name: 东风社区党委, form: committee, parent: o-s, division: m1, secretary: p1}
  $orgs
  - {id: o-j, name: 驻区单位联合党支部, form: branch, joint: true, $joint}
persons:
  - {id: p1, name: 李明, member: full}
""")

M2 = "- {id: m2, name: 红旗社区, level: community, parent: s}"
U3 = "- {id: u3, name: 丙商店, type: enterprise, division: m2, members_full: 1}"
U_MUNI = "- {id: u-muni, name: 市财政局, type: agency, municipal: true, members_full: 1}"
O_M2 = "- {id: o-m2, name: 红旗社区党委, form: committee, parent: o-s, division: m2, secretary: p1}"


def load(tmp_path: Path, joint: str, *, wide: bool = False) -> Model:
    """The model with ``o-j``'s fields ``joint``; ``wide`` adds m2, u3, u-muni and o-m2."""
    text = MODEL.substitute(
        m2=M2 if wide else "",
        units=f"{U3}\n  {U_MUNI}" if wide else "",
        orgs=O_M2 if wide else "",
        joint=joint,
    )
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    return partygraph.load(path)


def agreed(model: Model) -> Report:
    """The engine's report, after checking that the peer gives the same one."""
    report = check(model, single_points=False)
    peer = peer_check(model, snapshot=model.snapshot)
    assert report_view(report) == (peer.findings, peer.coverage)
    return report


def rows(report: Report, rule: str) -> dict[str, tuple[int, int]]:
    return {c.node.id: (c.covered, c.total) for c in report.coverage if c.rule == rule}


def finding(report: Report, rule: str, node: str) -> list[str] | None:
    """The chain (ids, city first) of ``node``'s finding of ``rule``; ``None``: none."""
    found = [f for f in report.findings if f.rule == rule and f.node.id == node]
    return [c.id for c in found[0].chain] if found else None


# -- a joint branch of one community's units, under that community's 党委 --------
UNDER_M1 = "parent: o-m1, joint_units: [u1, u2]"


def test_city_and_county_rows_agree_in_a_one_county_model(tmp_path: Path) -> None:
    report = agreed(load(tmp_path, UNDER_M1))
    by_level: dict[str, dict[str, tuple[int, int]]] = {}
    for c in report.coverage:
        by_level.setdefault(c.level, {})[c.rule] = (c.covered, c.total)
    # Nothing lies outside the county, so every rule counts the same nodes at both.
    assert by_level["city"] == by_level["county"]
    assert "post.secretary" in by_level["city"]
    # o-s and o-m1 have secretaries; o-j (anchored in its units) has none.  It is
    # counted in m1 with its units: m1 holds o-m1 and o-j, s adds o-s.  (It was
    # counted at the city alone: m1 (1, 1), s and k (2, 2), city (2, 3).)
    assert rows(report, "post.secretary") == {
        "city": (2, 3),
        "k": (2, 3),
        "s": (2, 3),
        "m1": (1, 2),
    }
    # Its two units are at most five: one branch covered, at every level.
    assert rows(report, "branch.joint_units") == dict.fromkeys(("city", "k", "s", "m1"), (1, 1))


@pytest.mark.parametrize("scope", ["m1", "s"])
def test_its_finding_is_under_the_scope_of_its_community_and_subdistrict(
    tmp_path: Path, scope: str
) -> None:
    model = load(tmp_path, UNDER_M1)
    report = check(model, scope=scope, single_points=False)
    assert finding(report, "post.secretary", "o-j") == ["city", "k", "s", "m1"]
    (found,) = [f for f in report.findings if f.node.id == "o-j"]
    assert [c.name for c in found.chain] == ["示例市", "城区", "南街道", "东风社区"]
    assert rows(report, "post.secretary")["m1"] == (1, 2)
    assert ("s" in rows(report, "post.secretary")) == (scope == "s")


def test_cli_scope_shows_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from partygraph.cli import main

    load(tmp_path, UNDER_M1)
    assert main(["check", str(tmp_path / "model.yaml"), "--scope", "m1", "--format", "json"]) == 1
    got = Report.model_validate_json(capsys.readouterr().out)
    assert finding(got, "post.secretary", "o-j") == ["city", "k", "s", "m1"]


# -- other joint branches -------------------------------------------------------------
def test_a_joint_branch_of_two_communities_is_counted_at_their_subdistrict(
    tmp_path: Path,
) -> None:
    """u1 is in m1, u3 in m2: their lowest common ancestor is s, although o-j's
    parent is m1's 党委 (the units come first)."""
    report = agreed(load(tmp_path, "parent: o-m1, joint_units: [u1, u3]", wide=True))
    assert finding(report, "post.secretary", "o-j") == ["city", "k", "s"]
    # s: o-s, o-m1, o-m2 with a secretary, o-j without; m1 and m2 their 党委 alone.
    assert rows(report, "post.secretary") == {
        "city": (3, 4),
        "k": (3, 4),
        "s": (3, 4),
        "m1": (1, 1),
        "m2": (1, 1),
    }
    assert rows(report, "branch.joint_units") == dict.fromkeys(("city", "k", "s"), (1, 1))
    model = partygraph.load(tmp_path / "model.yaml")
    for scope, seen in (("s", True), ("m1", False), ("m2", False)):
        scoped = check(model, scope=scope, single_points=False)
        assert (finding(scoped, "post.secretary", "o-j") is not None) == seen, scope


def test_a_joint_branch_with_no_units_and_no_parent_stays_at_the_city(tmp_path: Path) -> None:
    """With no units it has no anchor (post.secretary does not apply), but it is
    still a joint branch: branch.joint_units counts it, at the city only."""
    model = load(tmp_path, "joint_units: []")
    report = agreed(model)
    assert rows(report, "branch.joint_units") == {"city": (1, 1)}
    assert finding(report, "post.secretary", "o-j") is None
    # A limit of no unit at all: it fails, and its chain is the city alone.
    failed = check(model, params={"joint_branch_max_units": -1}, single_points=False)
    assert finding(failed, "branch.joint_units", "o-j") == ["city"]
    scoped = check(model, scope="k", params={"joint_branch_max_units": -1}, single_points=False)
    assert finding(scoped, "branch.joint_units", "o-j") is None


@pytest.mark.parametrize(
    ("joint", "home"),
    [
        ("parent: o-m1, joint_units: [u1, u2]", "m1"),  # one community
        ("joint_units: [u1, u2]", "m1"),  # no parent needed
        ("parent: o-m2, joint_units: [u1]", "m1"),  # units before the parent
        ("parent: o-m1, joint_units: [u1, u1, u2]", "m1"),  # a unit listed twice
        ("parent: o-m2, joint_units: [u1, u3]", "s"),  # two communities of s
        ("parent: o-m1, joint_units: [u1, u-muni]", "city"),  # a municipal unit: the city
        ("parent: o-m2, joint_units: []", "m2"),  # no units: where its parent is
        ("parent: o-s, joint_units: []", "s"),
        ("joint_units: []", "city"),  # neither
        ("division: m2, joint_units: [u1, u2]", "m2"),  # an anchor comes first
        ("unit: u3, joint_units: [u1, u2]", "m2"),
    ],
)
def test_where_a_joint_branch_is_counted(tmp_path: Path, joint: str, home: str) -> None:
    model = load(tmp_path, joint, wide=True)
    ix = Index(model)
    assert ix.entities[int(ix.struct_home[ix.code("o-j")])].id == home
    report = agreed(model)
    lowest = {"city": 0, "k": 1, "s": 2, "m1": 3, "m2": 3}
    counted = rows(report, "branch.joint_units")
    assert max(counted, key=lowest.__getitem__) == home


def test_an_organisation_under_a_joint_branch_follows_it(tmp_path: Path) -> None:
    """A branch with no anchor whose parent is the joint branch spanning m1 and
    m2 is counted where that branch is, at s (parents followed to the end)."""
    extra = (
        "parent: o-m1, joint_units: [u1, u3]}\n"
        "  - {id: o-j2, name: 下级联合党支部, form: branch, joint: true, parent: o-j"
    )
    model = load(tmp_path, extra, wide=True)
    ix = Index(model)
    homes = ix.home(np.array([ix.code("o-j"), ix.code("o-j2")]))
    assert [ix.entities[int(h)].id for h in homes] == ["s", "s"]
    report = agreed(model)
    assert rows(report, "branch.joint_units")["s"] == (2, 2)
    assert "m1" not in rows(report, "branch.joint_units")
