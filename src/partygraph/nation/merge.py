"""The provinces' reports merged into the nation's.

Findings are concatenated in the order the entry lists the provinces and then
sorted as :func:`~partygraph.rules.check.check` sorts them (severity, then the
rule's place; a stable sort, so within a rule province by province).  Coverage
keeps every province's rows, each city now under its province, and adds one
row per rule for each province (the sum of its cities' rows) and one for the
nation (the sum of the provinces'): covered and total are counts, so they add
up exactly.  Candidates, load and single points stay per province: a load's
median or a what-if removal means nothing summed over provinces, so each
province's load is labelled with its name.

Examples
--------
>>> from partygraph.model.report import CoverageRow, NodeRef
>>> city = NodeRef(id="c1", kind="city", name="甲市")
>>> r = Report(model="甲省", coverage=[CoverageRow(rule="grid.leader", node=city,
...     level="city", covered=3, total=4, ratio=0.75)])
>>> top = NodeRef(id="000000", kind="nation", name="全国")
>>> merged = merge(top, [(NodeRef(id="44", kind="province", name="甲省"), r)])
>>> [(c.level, c.parent, c.covered, c.total) for c in merged.coverage]
[('nation', None, 3, 4), ('province', '000000', 3, 4), ('city', '44', 3, 4)]
"""

from __future__ import annotations

from collections.abc import Sequence

from partygraph.i18n import tr
from partygraph.model.report import SEVERITIES, CoverageRow, LoadStat, NodeRef, Report, row
from partygraph.vocabulary import LEVELS

__all__ = ["NATION", "PROVINCE", "merge", "province_of"]

#: The levels of the merged report's coverage above a model's: ``CoverageRow.level``.
NATION, PROVINCE = "nation", "province"


def merge(nation: NodeRef, provinces: Sequence[tuple[NodeRef, Report]]) -> Report:
    """The nation's report from each province's (in the entry's order)."""
    if not provinces:
        return Report(model=nation.name)
    first = provinces[0][1]
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    order = {r.id: i for i, r in enumerate(first.rules)}
    findings = [f for _, r in provinces for f in r.findings]
    findings.sort(key=lambda f: (rank[f.severity], order.get(f.rule, len(order))))
    snapshots = {r.snapshot for _, r in provinces}
    return Report(
        model=nation.name,
        snapshot=snapshots.pop() if len(snapshots) == 1 else None,
        packs=first.packs,
        rules=first.rules,
        findings=findings,
        coverage=_coverage(nation, provinces, _rule_ids(provinces)),
        candidates=[c for _, r in provinces for c in r.candidates],
        load=[_labelled(s, p) for p, r in provinces for s in r.load],
        single_points=[s for _, r in provinces for s in r.single_points],
    )


def _coverage(
    nation: NodeRef, provinces: Sequence[tuple[NodeRef, Report]], rules: list[str]
) -> list[CoverageRow]:
    """Per rule: the nation's row, the provinces', then every level's rows,
    province by province, as one check of the whole nation lists them."""
    by: dict[tuple[str, str], list[CoverageRow]] = {}
    for p, r in provinces:
        for c in r.coverage:
            # a top division of the province: now under it
            moved = c if c.parent is not None else c.model_copy(update={"parent": p.id})
            by.setdefault((c.rule, c.level), []).append(moved)
    out: list[CoverageRow] = []
    for rule in rules:
        tops = [(p, _sum(by.get((rule, LEVELS[0]), []), p.id)) for p, _ in provinces]
        top_rows = [_row(rule, p, PROVINCE, nation.id, *t) for p, t in tops if t[1]]
        covered = sum(c.covered for c in top_rows)
        total = sum(c.total for c in top_rows)
        if total:
            out.append(_row(rule, nation, NATION, None, covered, total))
        out += top_rows
        for level in LEVELS:
            out += by.get((rule, level), [])
    return out


def _rule_ids(provinces: Sequence[tuple[NodeRef, Report]]) -> list[str]:
    """The rules in the order they ran, then any other rule a coverage row names."""
    ids = [r.id for r in provinces[0][1].rules]
    ids += [c.rule for _, r in provinces for c in r.coverage]
    return list(dict.fromkeys(ids))


def _sum(rows: list[CoverageRow], parent: str) -> tuple[int, int]:
    mine = [c for c in rows if c.parent == parent]
    return sum(c.covered for c in mine), sum(c.total for c in mine)


def _row(
    rule: str, node: NodeRef, level: str, parent: str | None, covered: int, total: int
) -> CoverageRow:
    return row(
        CoverageRow,
        rule=rule,
        node=node,
        level=level,
        parent=parent,
        covered=covered,
        total=total,
        ratio=covered / total,
    )


def _labelled(stat: LoadStat, province: NodeRef) -> LoadStat:
    label = tr("nation.load_label", province=province.name, label=stat.label)
    return stat.model_copy(update={"label": label})


def province_of(report: Report) -> dict[str, str]:
    """City id -> province id, from a merged report's coverage.

    >>> province_of(Report(model="全国"))
    {}
    """
    return {
        c.node.id: c.parent
        for c in report.coverage
        if c.level == LEVELS[0] and c.parent is not None
    }
