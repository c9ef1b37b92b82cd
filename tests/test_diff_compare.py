"""partygraph.compare: two reports, findings opened/closed/persisting, coverage in points."""

from __future__ import annotations

from partygraph.change import compare
from partygraph.i18n import use_language
from partygraph.model.report import Candidate, CoverageRow, Finding, NodeRef, Report, RuleInfo

G1 = NodeRef(id="g1", kind="grid", name="一网格")
G2 = NodeRef(id="g2", kind="grid", name="二网格")
CITY = NodeRef(id="c", kind="city", name="示例市")
RULE = RuleInfo(
    id="grid.leader",
    pack="yangjiang",
    severity="error",
    message="网格无网格长",
    message_en="grid has no leader",
    hint="",
    title="网格配备党员网格长",
    title_en="grids with a leader",
    headline=True,
)


def finding(node: NodeRef, value: int = 0) -> Finding:
    return Finding(
        rule="grid.leader",
        severity="error",
        node=node,
        value=value,
        message="网格无网格长",
        message_en="grid has no leader",
        hint="",
    )


def coverage(covered: int, total: int) -> CoverageRow:
    return CoverageRow(
        rule="grid.leader",
        node=CITY,
        level="city",
        covered=covered,
        total=total,
        ratio=covered / total,
    )


def test_opened_closed_and_persisting_by_rule_and_node() -> None:
    old = Report(
        model="2022",
        rules=[RULE],
        findings=[finding(G1), finding(G2, 1)],
        coverage=[coverage(8, 10)],
    )
    g3 = NodeRef(id="g3", kind="grid", name="三网格")
    new = Report(
        model="2023",
        rules=[RULE],
        findings=[finding(G2, 5), finding(g3)],
        coverage=[coverage(9, 12)],
    )
    d = compare(old, new)
    assert [f.node.id for f in d.opened] == ["g3"]
    assert [f.node.id for f in d.closed] == ["g1"]
    assert d.persisting == {"error": 1}  # g2, whatever its value
    (c,) = d.coverage
    # 80.0% -> 75.0%: -5.0 points
    assert (c.covered_before, c.total_before, c.covered_after, c.total_after, c.points) == (
        8,
        10,
        9,
        12,
        -5.0,
    )
    assert d.titles == {"grid.leader": "网格配备党员网格长"} and d.headline == ["grid.leader"]
    with use_language("en"):
        assert compare(old, new).titles == {"grid.leader": "grids with a leader"}


def test_a_rule_without_a_title_is_named_by_its_message() -> None:
    info = RULE.model_copy(update={"title": None})
    assert compare(Report(model="a", rules=[info]), Report(model="b")).titles == {
        "grid.leader": "网格无网格长"
    }


def test_candidates_new_and_resolved() -> None:
    def cand(node: NodeRef) -> Candidate:
        return Candidate(action="set_up", node=node, members=3, rule="unit.set_up")

    d = compare(Report(model="a", candidates=[cand(G1)]), Report(model="b", candidates=[cand(G2)]))
    assert [c.node.id for c in d.candidates_new] == ["g2"]
    assert [c.node.id for c in d.candidates_resolved] == ["g1"]


def test_the_same_report_compares_empty() -> None:
    r = Report(model="a", rules=[RULE], findings=[finding(G1)], coverage=[coverage(1, 2)])
    d = compare(r, r)
    assert d.is_empty() and d.coverage[0].points == 0.0
