"""What the report's renderings share: number formats, places, grouping.

Private to :mod:`partygraph.report`; used by :mod:`~partygraph.report.render`
and :mod:`~partygraph.report.markdown`.
"""

from __future__ import annotations

from collections.abc import Iterable

from partygraph.model.report import SEVERITIES, CoverageRow, Finding, NodeRef, Report
from partygraph.vocabulary import LEVELS

__all__ = [
    "by_rule",
    "num",
    "pct",
    "place",
    "summary_line",
    "top_rows",
]


def num(v: float | int | str | None) -> str:
    """A value as the reports write it: ``—`` for none, floats in ``%g``."""
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def pct(row: CoverageRow) -> str:
    """A coverage ratio as a percentage with one decimal."""
    return "—" if row.ratio is None else f"{row.ratio:.1%}"


def place(chain: Iterable[NodeRef]) -> str:
    """Where a node is: the names of its chain, top down."""
    return " › ".join(n.name for n in chain)


def by_rule(report: Report, severity: str) -> dict[str, list[Finding]]:
    """The findings of one severity, grouped by rule in report order."""
    out: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.severity == severity:
            out.setdefault(f.rule, []).append(f)
    return out


def top_rows(report: Report) -> list[CoverageRow]:
    """Coverage rows of the top level reported: the city, or the scope."""
    if not report.coverage:
        return []
    top = min(LEVELS.index(c.level) for c in report.coverage)
    return [c for c in report.coverage if LEVELS.index(c.level) == top]


def summary_line(report: Report) -> str:
    """Counts by severity: ``3 error · 1 warning · 0 info``."""
    counts = report.counts()
    return " · ".join(f"{counts[s]} {s}" for s in SEVERITIES)
