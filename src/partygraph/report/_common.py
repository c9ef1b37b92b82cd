"""What the report's renderings share: labels in Chinese and number formats.

Private to :mod:`partygraph.report`; used by :mod:`~partygraph.report.render`
and :mod:`~partygraph.report.markdown`.
"""

from __future__ import annotations

from collections.abc import Iterable

from partygraph.model.report import SEVERITIES, CoverageRow, Finding, NodeRef, Report

__all__ = [
    "ACTION_ZH",
    "LEVELS",
    "SEVERITY_ZH",
    "by_rule",
    "num",
    "pct",
    "place",
    "summary_line",
    "top_rows",
]

#: Severity, action and level labels of the text and Markdown reports.
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
LEVELS = ("city", "county", "subdistrict", "community")
ACTION_ZH = {
    "set_up": "单独组建",
    "joint_or_instructor": "联合组建或选派指导员",
    "upgrade": "升格",
    "split": "拆分",
    "committee": "设立支委会",
    "downgrade": "调整",
}


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
