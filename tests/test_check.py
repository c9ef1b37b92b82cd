"""check() on the hand-made fixture tests/fixtures/rules/model.yaml: every figure
below was worked out by hand from that file (see the comments there)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

import partygraph
from partygraph.errors import PartygraphError
from partygraph.i18n import use_language
from partygraph.model.report import SCHEMA_VERSION, Report
from partygraph.report.render import CSV_COLUMNS, render, write_report
from partygraph.rules.check import check, worst

from conftest import FIXTURES

MODEL = FIXTURES / "rules" / "model.yaml"
ALL_CHAIN = {
    "c1": ["city", "k1", "s1"],
    "c2": ["city", "k1", "s1"],
    "c3": ["city", "k1", "s2"],
}
DUTIES = "包环境卫生、包政策宣传、包治安巡逻、包交通协管"

#: (severity, rule, focus node, value), in report order.
FINDINGS = [
    ("error", "unit.work_coverage", "u-sch", 0),
    ("error", "unit.work_coverage", "u-hos", 0),
    ("error", "compound.work_coverage", "cp3", 0),
    ("error", "subdistrict.expanded_working_committee", "s2", 0),
    ("error", "community.expanded_committee", "c3", 0),
    ("error", "expanded.part_time_member", "e-c2", 0),
    ("error", "grid.leader", "c1-grid2", 0),  # its leader p-nm is no party member
    ("error", "household.grid", "c2", 1),  # h4
    ("error", "household.grid", "c3", 1),  # h7
    ("error", "place.captain", "pl2", 0),  # its captain's post is vacant
    ("error", "place.captain", "pl3", 0),
    ("warning", "unit.set_up", "u-sch", 0),
    ("warning", "branch.committee", "o-cp1", 0),
    ("warning", "branch.size", "o-c2", 62),  # 60 full + 2 probationary
    ("warning", "expanded.quarterly_meeting", "e-c1", 167),  # 2024-01-15 .. 2024-06-30
    ("warning", "compound.team_1p3", "cp2", 0),
    ("warning", "household.residents_group", "c1", 1),  # h3
    ("warning", "household.residents_group", "c2", 1),  # h6
    ("warning", "household.residents_group", "c3", 2),  # h7, h8
    ("warning", "community.captain_duties", "c2", DUTIES),  # cap2 is vacant
    ("warning", "community.captain_duties", "c3", DUTIES),
    ("warning", "community.paired_unit", "c2", 0),  # pair2 has no projects
    ("warning", "community.paired_unit", "c3", 0),
    ("warning", "pairing.agreement_signed", "pair1", None),  # no agreement_signed
    ("warning", "pairing.agreement_signed", "pair2", None),
    ("warning", "household.visit", "c1", 1),  # h2: 181 days
    ("warning", "household.visit", "c2", 1),  # h5: never
    ("warning", "service.item_count", "sc-c2", 2),
    ("warning", "service.item_responsible", "sc-c1-i10", 0),
    # No centre of the model writes weekend_duty: both community centres lack it.
    ("warning", "service.weekend_duty", "sc-c1", "False"),
    ("warning", "service.weekend_duty", "sc-c2", "False"),
    ("warning", "whistle.responder", "c2", "治安"),
    ("warning", "whistle.responder", "c3", "环境卫生、治安"),
    ("warning", "post.secretary", "o-s2", 0),
    ("warning", "post.secretary", "o-cp1", 0),
    ("warning", "post.captain", "cap2", None),
    ("warning", "post.central_household", "ch2", None),
    ("info", "compound.set_up", "cp3", 0),
    ("info", "unit.joint_or_instructor", "u-hos", 0),
    ("info", "unit.organisational_coverage", "u-pm1", 0),
    ("info", "unit.organisational_coverage", "u-sch", 0),
    ("info", "unit.organisational_coverage", "u-hos", 0),
    ("info", "unit.organisational_coverage", "u-soe", 0),
    ("info", "compound.organisational_coverage", "cp2", 0),
    ("info", "compound.organisational_coverage", "cp3", 0),
    ("info", "general_branch.committee_size", "o-c3", 10),
    ("info", "branch.upgrade_general_branch", "o-c2", 62),
    ("info", "general_branch.below_threshold", "o-c3", 40),
    # 红旗电子厂 (u-ent) has its branch o-ent and no seat: e-c2 has no members, and
    # e-s1's only part-time member sits for u-sch.
    ("info", "unit.expanded_seat", "u-ent", 0),
    # h3 lies in c1-grid2, whose leader p-nm is no party member.
    ("info", "household.grid_leader", "c1", 1),
    # 财政局 offers 助学资金 and 培训场地; both communities need 老年助餐.
    ("info", "pairing.needs_met", "pair1", "老年助餐"),
    ("info", "pairing.needs_met", "pair2", "老年助餐"),
]


@pytest.fixture(scope="module")
def model() -> partygraph.Model:
    return partygraph.load(MODEL)


@pytest.fixture(scope="module")
def report(model: partygraph.Model) -> Report:
    return check(model)


def test_findings_exact(report: Report) -> None:
    got = [(f.severity, f.rule, f.node.id, f.value) for f in report.findings]
    assert got == FINDINGS
    assert report.counts() == {"error": 11, "warning": 26, "info": 15}


def test_finding_details(report: Report) -> None:
    grid = report.findings_for("c1-grid2")[0]
    assert [n.id for n in grid.chain] == ["city", "k1", "s1", "c1"]
    assert grid.node.name == "东风二网格" and grid.node.kind == "grid"
    assert grid.expected == "leader ≥ 1"
    assert grid.message == "网格未配备党员网格长"
    assert grid.message_en == "grid has no party-member leader"
    # Household findings are summed per community, which becomes the focus node.
    households = [f for f in report.findings if f.rule == "household.residents_group"]
    assert [(f.node.kind, [n.id for n in f.chain], f.expected) for f in households] == [
        ("community", ALL_CHAIN["c1"], "0 / 3"),
        ("community", ALL_CHAIN["c2"], "0 / 3"),
        ("community", ALL_CHAIN["c3"], "0 / 2"),
    ]
    items = next(f for f in report.findings if f.rule == "service.item_count")
    assert items.message == "社区党群服务中心高频服务项目不在10至20项之间"
    assert items.expected == "service_items 10–20"


def _cov(report: Report, rule: str) -> dict[str, tuple[int, int]]:
    return {c.node.id: (c.covered, c.total) for c in report.coverage if c.rule == rule}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            "household.grid",
            {
                "city": (6, 8),
                "k1": (6, 8),
                "s1": (5, 6),
                "s2": (1, 2),
                "c1": (3, 3),
                "c2": (2, 3),
                "c3": (1, 2),
            },
        ),
        (
            "household.residents_group",
            {
                "city": (4, 8),
                "k1": (4, 8),
                "s1": (4, 6),
                "s2": (0, 2),
                "c1": (2, 3),
                "c2": (2, 3),
                "c3": (0, 2),
            },
        ),
        (
            # Households in grids (h4, h7 are in none): h1, h2 (c1-grid1, led by p1),
            # h5, h6 (c2-grid1, p2), h8 (c3-grid1, p1) are led; h3 (c1-grid2) is not.
            "household.grid_leader",
            {
                "city": (5, 6),
                "k1": (5, 6),
                "s1": (4, 5),
                "s2": (1, 1),
                "c1": (2, 3),
                "c2": (2, 2),
                "c3": (1, 1),
            },
        ),
        (
            # Only o-c1 is a basic committee (o-city, o-k1 are not): 7 members.
            "committee.committee_size",
            {"city": (1, 1), "k1": (1, 1), "s1": (1, 1), "c1": (1, 1)},
        ),
        (
            "grid.leader",
            {
                "city": (3, 4),
                "k1": (3, 4),
                "s1": (2, 3),
                "s2": (1, 1),
                "c1": (1, 2),
                "c2": (1, 1),
                "c3": (1, 1),
            },
        ),
        (
            "unit.work_coverage",
            {
                "city": (3, 5),
                "k1": (3, 5),
                "s1": (2, 4),
                "s2": (1, 1),
                "c1": (1, 2),
                "c2": (1, 2),
                "c3": (1, 1),
            },
        ),
        (
            "unit.organisational_coverage",
            {
                "city": (1, 5),
                "k1": (1, 5),
                "s1": (1, 4),
                "s2": (0, 1),
                "c1": (0, 2),
                "c2": (1, 2),
                "c3": (0, 1),
            },
        ),
        (
            "compound.work_coverage",
            {
                "city": (2, 3),
                "k1": (2, 3),
                "s1": (2, 2),
                "s2": (0, 1),
                "c1": (1, 1),
                "c2": (1, 1),
                "c3": (0, 1),
            },
        ),
        # Subdistrict rules have no community rows.
        (
            "subdistrict.expanded_working_committee",
            {"city": (1, 2), "k1": (1, 2), "s1": (1, 1), "s2": (0, 1)},
        ),
        # A subdistrict's own working committee counts at the subdistrict only.
        (
            "post.secretary",
            {
                "city": (5, 7),
                "k1": (5, 7),
                "s1": (4, 5),
                "s2": (1, 2),
                "c1": (1, 2),
                "c2": (2, 2),
                "c3": (1, 1),
            },
        ),
        (
            "household.visit",
            {"city": (2, 4), "k1": (2, 4), "s1": (2, 4), "c1": (1, 2), "c2": (1, 2)},
        ),
    ],
)
def test_coverage_exact(report: Report, rule: str, expected: dict[str, tuple[int, int]]) -> None:
    assert _cov(report, rule) == expected


def test_coverage_rows(report: Report) -> None:
    rows = report.coverage_of("s1", "grid.leader")
    assert len(rows) == 1
    assert rows[0].level == "subdistrict" and rows[0].ratio == pytest.approx(2 / 3)
    assert {c.level for c in report.coverage} == {"city", "county", "subdistrict", "community"}
    assert all(c.total > 0 and c.ratio == c.covered / c.total for c in report.coverage)


def test_candidates_exact(report: Report) -> None:
    got = [
        (c.action, c.node.id, c.members, c.current_form, c.proposed_form, c.rule)
        for c in report.candidates
    ]
    assert got == [
        ("set_up", "u-sch", 5, None, "branch", "unit.set_up"),
        ("set_up", "cp3", 4, None, "branch", "compound.set_up"),
        ("joint_or_instructor", "u-hos", 2, None, "branch", "unit.joint_or_instructor"),
        ("committee", "o-cp1", 8, "branch", "branch", "branch.committee"),
        ("upgrade", "o-c2", 62, "branch", "general_branch", "branch.upgrade_general_branch"),
        ("downgrade", "o-c3", 40, "general_branch", "branch", "general_branch.below_threshold"),
    ]
    assert [n.id for n in report.candidates[0].chain] == ["city", "k1", "s1", "c1"]


def test_load_exact(report: Report) -> None:
    got = {s.measure: (s.count, s.min, s.median, s.p90, s.max, s.threshold) for s in report.load}
    assert got == {
        # branches o-c2 62, o-cp1 8, o-ent 4; p90 interpolates between 8 and 62
        "members_per_branch": (3, 4.0, 8.0, pytest.approx(51.2), 62.0, 50.0),
        "households_per_central_household": (2, 2.0, 2.0, 2.0, 2.0, 30.0),
        # p1 leads two grids, p-nm and p2 one each
        "grids_per_leader": (3, 1.0, 1.0, pytest.approx(1.8), 2.0, 2.0),
        "communities_per_paired_unit": (1, 2.0, 2.0, 2.0, 2.0, 3.0),
        # posts held: p-resp 9 (service items), p1 5, p2 4, p-ins 2, eight others 1;
        # p90 interpolates 0.9 of the way from the 10th (4) to the 11th (5)
        "posts_per_person": (12, 1.0, 1.0, pytest.approx(4.9), 9.0, 5.0),
    }
    branches = report.load[0]
    assert [(o.node.id, o.value) for o in branches.outliers] == [("o-c2", 62.0)]
    assert branches.label == "每个党支部党员数"


def test_single_points_exact(report: Report) -> None:
    got = [
        (p.node.id, p.node.kind, p.new_errors, p.rules, [e.id for e in p.examples])
        for p in report.single_points
    ]
    assert got == [
        # p1 leads c1-grid1 and c3-grid1, the only party-member leaders there
        ("p1", "person", 2, ["grid.leader"], ["c1-grid1", "c3-grid1"]),
        # p-ins is the only instructor of u-pm1 and of cp2, neither has an organisation
        ("p-ins", "person", 2, ["unit.work_coverage", "compound.work_coverage"], ["u-pm1", "cp2"]),
        ("u-sch", "unit", 1, ["expanded.part_time_member"], ["e-s1"]),
        ("u-ent", "unit", 1, ["expanded.part_time_member"], ["e-c1"]),
        ("p2", "person", 1, ["grid.leader"], ["c2-grid1"]),
        ("p4", "person", 1, ["place.captain"], ["pl1"]),
        # the only part-time members: their seats go with them
        ("p-pt1", "person", 1, ["expanded.part_time_member"], ["e-s1"]),
        ("p-pt2", "person", 1, ["expanded.part_time_member"], ["e-c1"]),
        ("p-ins2", "person", 1, ["unit.work_coverage"], ["u-soe"]),
    ]


def _without(model: partygraph.Model, person: str) -> partygraph.Model:
    """The model with ``person`` removed by hand: every post they hold falls vacant,
    their part-time seats go, and they no longer count as a party member."""
    data = model.model_copy(deep=True)
    for entity in data.entities():
        for name in ("leader", "instructor", "person", "secretary", "responsible"):
            if getattr(entity, name, None) == person:
                setattr(entity, name, None)
        if isinstance(entity, partygraph.ExpandedBody):
            entity.full_time_members = [p for p in entity.full_time_members if p != person]
            entity.part_time_members = [m for m in entity.part_time_members if m.person != person]
    persons = data.population["persons"]
    persons.columns["member"] = np.where(persons["id"] == person, -1, persons["member"])
    return data


@pytest.mark.parametrize("person", ["p1", "p-ins", "p4", "p3", "p-pt1", "p-nm"])
def test_single_points_match_a_real_removal(
    model: partygraph.Model, report: Report, person: str
) -> None:
    after = check(_without(model, person), single_points=False)
    before = {(f.rule, f.node.id) for f in report.findings if f.severity == "error"}
    new = {(f.rule, f.node.id) for f in after.findings if f.severity == "error"} - before
    claimed = next((p for p in report.single_points if p.node.id == person), None)
    assert len(new) == (claimed.new_errors if claimed else 0)


def test_worst(report: Report) -> None:
    got = [(n.id, c) for n, c in worst(report)]
    assert got == [
        ("c2", {"error": 4, "warning": 12, "info": 6}),  # + weekend duty, pair2's need, u-ent
        ("c3", {"error": 4, "warning": 4, "info": 5}),
        ("c1", {"error": 2, "warning": 9, "info": 4}),  # + weekend duty, pair1's need, h3's grid
    ]
    assert [n.id for n, _ in worst(report, level="subdistrict", n=1)] == ["s1"]


def test_scope(model: partygraph.Model) -> None:
    r = check(model, scope="s2")
    assert {f.node.id for f in r.findings} == {"cp3", "s2", "c3", "pl3", "o-s2", "u-soe", "o-c3"}
    assert {c.node.id for c in r.coverage} == {"s2", "c3"}
    assert [(p.node.id, p.new_errors) for p in r.single_points] == [("p1", 1), ("p-ins2", 1)]
    with pytest.raises(PartygraphError, match="不是模型里的区划"):
        check(model, scope="cp1")


def test_params_and_as_of(model: partygraph.Model) -> None:
    r = check(model, packs=["yangjiang"], params={"visit_days": 200, "service_items_min": 2})
    assert [f.node.id for f in r.findings if f.rule == "household.visit"] == ["c2"]
    assert not [f for f in r.findings if f.rule == "service.item_count"]
    info = next(x for x in r.rules if x.id == "service.item_count")
    assert info.message == "社区党群服务中心高频服务项目不在2至20项之间"
    # A year later every listed meeting is more than a quarter old.
    later = check(model, packs=["yangjiang"], as_of=dt.date(2025, 6, 30))
    assert {f.node.id for f in later.findings if f.rule == "expanded.quarterly_meeting"} == {
        "e-s1",
        "e-c1",
        "e-c2",
    }


def test_without_dates_the_date_rules_do_not_apply(model: partygraph.Model) -> None:
    undated = model.model_copy(update={"snapshot": None})
    r = check(undated, packs=["yangjiang"])
    assert r.snapshot is None
    assert not _cov(r, "expanded.quarterly_meeting")
    assert not _cov(r, "household.visit")


def test_custom_rules_file(model: partygraph.Model) -> None:
    r = check(model, rules=[FIXTURES / "rules" / "custom_rules.yaml"])
    assert r.packs == ["regulations", "yangjiang", "mycity"]
    mine = [
        (f.rule, f.node.id, f.value, f.expected) for f in r.findings if f.rule.startswith("my.")
    ]
    assert mine == [
        ("my.branch_secretary_in_grid", "o-cp1", 0, "secretary ≥ 1; committee_members ≥ 1"),
        ("my.big_household_linked", "c1", 1, "0 / 1"),  # h3 (4 persons)
        ("my.big_household_linked", "c3", 1, "0 / 1"),  # h8 (5 persons)
    ]
    assert not [f for f in r.findings if f.rule == "post.secretary"]  # disabled
    assert [f.node.id for f in r.findings if f.rule == "household.visit"] == ["c2"]
    info = next(x for x in r.rules if x.id == "my.big_household_linked")
    assert info.pack == "mycity" and info.message == "人口4人以上的住户未联系党员中心户"
    assert info.source is not None and info.source.endswith("custom_rules.yaml:9")


def test_deterministic(model: partygraph.Model, report: Report) -> None:
    again = check(partygraph.load(MODEL))
    assert again.model_dump_json() == report.model_dump_json()


def test_small_fixture_runs(small_model_path: Path) -> None:
    r = check(partygraph.load(small_model_path))
    assert r.model == "示例市（测试）"
    assert [f.node.id for f in r.findings if f.rule == "grid.leader"] == ["c1-grid2"]


# -- rendering ----------------------------------------------------------------------
def test_json_round_trip(report: Report) -> None:
    text = render(report, "json")
    data = json.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION
    # The optional sections are left out when not computed (check --with adds them).
    assert set(data) == set(Report.model_fields) - {"matching", "metrics"}
    assert Report.model_validate_json(text) == report


def test_csv(report: Report) -> None:
    lines = render(report, "csv").splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert len(lines) == 1 + len(report.findings)
    assert lines[1].split(",")[:10] == [
        "error",
        "unit.work_coverage",
        "u-sch",
        "unit",
        "东风小学",
        "示例市",
        "城区",
        "东街道",
        "东风社区",
        "0",
    ]
    households = next(line for line in lines if line.startswith("error,household.grid"))
    assert households.split(",")[5:11] == ["示例市", "城区", "东街道", "红旗社区", "1", "0 / 3"]


def test_text_and_markdown(report: Report) -> None:
    text = render(report, "text", limit=1)
    assert "问题：错误 11 · 警告 26 · 提示 15" in text
    assert "……另有 3 处" in text  # unit.organisational_coverage lists 4
    assert (
        "单点风险（9 个）\n  李明（人 p1）：缺了会新增 2 个错误（grid.leader）\n  ……另有 8 个\n"
        in text
    )
    # A finding is its rule's sentence: 1 of the 3 households of 红旗社区 has no grid.
    assert "    红旗社区（c2）  示例市 › 城区 › 东街道  3 户中 1 户未纳入网格" in text
    assert "value" not in text and "expected" not in text
    md = render(report, "markdown")
    assert md.startswith("# 示例市（规则测试）：检查报告\n")
    assert "| 住户纳入网格 | 75.0% | 6/8 户 |" in md  # household.grid at the city: 6 of 8
    assert "| 红旗社区（c2） | 示例市 › 城区 › 东街道 | 3 户中 1 户未纳入网格 |" in md
    assert "## 单点风险\n" in md
    with use_language("en"):
        text = render(report, "text", limit=1)
        md = render(report, "markdown")
    assert "findings: 11 error · 26 warning · 15 info" in text
    assert "… and 3 more" in text
    assert "    红旗社区 (c2)  示例市 › 城区 › 东街道  1 of 3 households in no grid" in text
    assert "| 红旗社区 (c2) | 示例市 › 城区 › 东街道 | 1 of 3 households in no grid |" in md
    assert "## Single points of failure\n" in md
    with pytest.raises(PartygraphError, match="未知的报告格式"):
        render(report, "xml")


def test_write_report(report: Report, tmp_path: Path) -> None:
    assert write_report(report, tmp_path / "r.json") == "json"
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["model"] == report.model
    assert write_report(report, tmp_path / "r.csv") == "csv"
    assert (tmp_path / "r.csv").read_bytes().startswith("\ufeffseverity".encode())
    assert write_report(report, tmp_path / "r.out", "markdown") == "markdown"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.json", "r.out"]


def test_report_doc_names_every_field() -> None:
    from partygraph.model import report as module

    doc = (FIXTURES.parent.parent / "docs" / "report.md").read_text(encoding="utf-8")
    for name in module.__all__:
        cls = getattr(module, name)
        for field in getattr(cls, "model_fields", {}):
            assert f"`{field}`" in doc, f"docs/report.md does not mention `{field}` of {name}"


def test_index_finds_persons_by_id(model: partygraph.Model) -> None:
    """Persons are looked up in their sorted ids, not a dict of all of them."""
    from partygraph.index import Index

    ix = Index(model)
    ids = model.population["persons"]["id"].tolist()
    assert len(ids) > 5
    for row, pid in reversed(list(enumerate(ids))):
        assert ix.has(pid)
        assert ix.code(pid) == ix.person_offset + row
    assert not ix.has("nobody") and not ix.has("")
    with pytest.raises(KeyError):
        ix.code("nobody")
    first = ix.person_offset
    assert ix._person_codes_of([None, "", "nobody", ids[0], "zzz"]) == [-1, -1, -1, first, -1]
