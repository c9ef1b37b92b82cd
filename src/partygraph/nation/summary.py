"""The national summary: counts per province and the headline coverage of the nation.

What a text or Markdown report of a national model shows above the provinces'
report (the rest of the report renders as any model's).

Examples
--------
>>> from partygraph.model.report import Report
>>> summary_lines(Report(model="全国"))
[]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from partygraph.i18n import language, tr
from partygraph.model.report import SEVERITIES, Report
from partygraph.nation.merge import NATION, PROVINCE, province_of

__all__ = ["summary_lines", "without_nation_rows"]

#: How a severity is named in the summary, in Chinese and in English.
_SEVERITY_WORDS = {
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
}


def summary_lines(report: Report, *, coverage: bool = True) -> list[str]:
    """The nation's counts, each province's, and (``coverage``) the headline
    rules' coverage of the nation and its lowest province.  The command
    leaves the coverage to the report's 概览, which lists every province."""
    top = [c for c in report.coverage if c.level == NATION]
    if not top:
        return []
    nation = top[0].node
    provinces = {c.node.id: c.node for c in report.coverage if c.level == PROVINCE}
    city_province = province_of(report)
    counts = {p: dict.fromkeys(SEVERITIES, 0) for p in provinces}
    for f in report.findings:
        city = f.chain[0].id if f.chain else f.node.id
        p = city_province.get(city)
        if p in counts:
            counts[p][f.severity] += 1
    lines = [
        tr(
            "nation.summary_head",
            name=nation.name,
            id=nation.id,
            count=len(provinces),
            summary=_counts(report.counts()),
        ),
        tr("nation.summary_provinces"),
    ]
    lines += [
        tr("nation.summary_province", name=node.name, id=pid, summary=_counts(counts[pid]))
        for pid, node in provinces.items()
    ]
    headline = [r for r in report.rules if r.headline and r.title and coverage]
    if headline:
        lines.append(tr("nation.summary_coverage"))
    for rule in headline:
        rows = [c for c in report.coverage if c.rule == rule.id]
        whole = next((c for c in rows if c.level == NATION), None)
        parts = [c for c in rows if c.level == PROVINCE]
        if whole is None or not parts:
            continue
        lowest = min(parts, key=lambda c: (c.ratio or 0.0, c.node.id))
        title = rule.title if language() == "zh" else (rule.title_en or rule.title)
        lines.append(
            tr(
                "nation.summary_rule",
                title=title,
                covered=f"{whole.covered:,}",
                total=f"{whole.total:,}",
                ratio=f"{whole.ratio or 0:.1%}",
                lowest=lowest.node.name,
                lowest_ratio=f"{lowest.ratio or 0:.1%}",
            )
        )
    return lines


def _counts(counts: Mapping[Any, int]) -> str:
    i = 0 if language() == "zh" else 1
    return " · ".join(
        f"{_SEVERITY_WORDS[s][i]} {counts[s]:,}"
        if i == 0
        else f"{counts[s]:,} {_SEVERITY_WORDS[s][i]}"
        for s in SEVERITIES
    )


def without_nation_rows(report: Report) -> Report:
    """The report with only its provinces' own coverage rows (what every
    rendering of one model knows how to lay out); cities back at the top."""
    provinces = {c.node.id for c in report.coverage if c.level == PROVINCE}
    rows = [
        c if c.parent not in provinces else c.model_copy(update={"parent": None})
        for c in report.coverage
        if c.level not in (NATION, PROVINCE)
    ]
    return report.model_copy(update={"coverage": rows})
