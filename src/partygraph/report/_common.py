"""What the report's renderings share: number formats, places, grouping.

Private to :mod:`partygraph.report`; used by :mod:`~partygraph.report.render`
and :mod:`~partygraph.report.markdown`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from partygraph.i18n import language, tr
from partygraph.model.report import SEVERITIES, CoverageRow, Finding, NodeRef, Report, RuleInfo
from partygraph.report.overview import (
    ABOVE_LABELS,
    ORDER,
    Figure,
    Overview,
    Place,
    UnitCoverage,
    counted,
    title,
)
from partygraph.vocabulary import (
    ACTION_LABELS,
    KIND_LABELS,
    ORG_FORM_LABELS,
    SEVERITY_LABELS,
)

__all__ = [
    "SIDE_BY_SIDE",
    "action_label",
    "bar",
    "below_scope",
    "by_rule",
    "count_phrase",
    "finding_text",
    "form_label",
    "kind_label",
    "kinds_label",
    "lead_figures",
    "message",
    "num",
    "pct",
    "place",
    "plural",
    "severity_label",
    "short_title",
    "summary_line",
    "top_rows",
    "unit_cell",
    "units_title",
    "worst_places",
]

#: The ``expected`` of a household or person finding: ``0 / <rows counted>``.
_BULK_EXPECTED = re.compile(r"^0 / (\d+)$")


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


def count_phrase(info: RuleInfo, row: CoverageRow) -> str:
    """Covered of total and what is counted: ``647/827 个单位`` (``647/827 units``).

    >>> info = RuleInfo(id="r", pack="p", severity="info", message="m", message_en="m",
    ...     hint="", counts="household")
    >>> row = CoverageRow(rule="r", node=NodeRef(id="c", kind="city", name="示例市"),
    ...     level="city", covered=17811, total=18000, ratio=0.9895)
    >>> count_phrase(info, row)
    '17,811/18,000 户'
    >>> from partygraph.i18n import use_language
    >>> with use_language("en"):
    ...     count_phrase(info, row)
    '17,811/18,000 households'
    """
    noun = counted(info) if _zh() else plural(counted(info))
    # 户 and 人 are their own measure words: 18,000 户, not 18,000 个户.
    key = "report.counted_measure" if noun in _MEASURE_WORDS or not noun else "report.counted"
    return tr(key, covered=f"{row.covered:,}", total=f"{row.total:,}", noun=noun)


#: Kind labels that count themselves (no 个 before them).
_MEASURE_WORDS = frozenset({"户", "人"})


def plural(noun: str, count: int = 2) -> str:
    """An English noun for ``count`` of it: ``communities``, ``households``.

    >>> plural("community"), plural("household"), plural("unit", 1)
    ('communities', 'households', 'unit')
    """
    if count == 1 or not noun:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def bar(ratio: float | None, cells: int = 10) -> str:
    """A ratio as a bar of ``cells`` blocks: ``▇▇▇▇▇▇▇▇░░`` for 78%.

    >>> bar(0.782), bar(1.0), bar(None)
    ('▇▇▇▇▇▇▇▇░░', '▇▇▇▇▇▇▇▇▇▇', '')
    """
    if ratio is None or math.isnan(ratio):
        return ""
    full = round(max(0.0, min(1.0, ratio)) * cells)
    return "▇" * full + "░" * (cells - full)


def short_title(info: RuleInfo) -> str:
    """A rule's coverage title without what follows it in brackets, for a
    column header: ``单位党的组织覆盖``.

    >>> short_title(RuleInfo(id="r", pack="p", severity="info", message="m",
    ...     message_en="m", hint="", title="单位党的组织覆盖（本单位党组织或联合党支部）"))
    '单位党的组织覆盖'
    """
    said = title(info)
    return re.split(r"（| \(", said, maxsplit=1)[0] or said


def below_scope(report: Report) -> dict[str, tuple[NodeRef, ...]]:
    """Each unit's ancestors below the top unit reported, top down, read off
    the coverage rows' parents: where a unit lies within the scope."""
    rows = {c.node.id: (c.node, c.parent) for c in report.coverage}
    top = top_rows(report)
    stop = {c.node.id for c in top}
    out: dict[str, tuple[NodeRef, ...]] = {}
    for unit, (_, above) in rows.items():
        chain: list[NodeRef] = []
        at = above
        while at is not None and at in rows and at not in stop:
            if any(n.id == at for n in chain):  # a cycle: stop, never loop
                break
            node, at = rows[at]
            chain.append(node)
        out[unit] = tuple(reversed(chain))
    return out


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
    top = min(ORDER.index(c.level) for c in report.coverage)
    return [c for c in report.coverage if ORDER.index(c.level) == top]


def summary_line(report: Report) -> str:
    """Counts by severity: ``错误 3 · 警告 1 · 提示 0`` (``3 error · 1 warning · 0 info``).

    Examples
    --------
    >>> from partygraph.i18n import use_language
    >>> summary_line(Report(model="示例市"))
    '错误 0 · 警告 0 · 提示 0'
    >>> with use_language("en"):
    ...     summary_line(Report(model="示例市"))
    '0 error · 0 warning · 0 info'
    """
    counts = report.counts()
    return " · ".join(
        tr("report.severity_count", label=severity_label(s), count=counts[s]) for s in SEVERITIES
    )


def _zh() -> bool:
    return language() == "zh"


def severity_label(severity: str) -> str:
    """``错误`` / ``error``: a severity in the current language."""
    return SEVERITY_LABELS.get(severity, severity) if _zh() else severity  # type: ignore[call-overload]


def kind_label(kind: str) -> str:
    """``网格`` / ``grid``: a node kind in the current language."""
    if kind in ABOVE_LABELS:  # a national report's nation and provinces
        return ABOVE_LABELS[kind][0 if _zh() else 1]
    return KIND_LABELS.get(kind, kind) if _zh() else kind


def kinds_label(kind: str, count: int) -> str:
    """``count`` nodes of a kind, named: ``社区`` / ``communities``.

    >>> from partygraph.i18n import use_language
    >>> with use_language("en"):
    ...     kinds_label("community", 3), kinds_label("community", 1)
    ('communities', 'community')
    """
    return kind_label(kind) if _zh() else plural(kind_label(kind), count)


def form_label(form: str | None) -> str:
    """``党支部`` / ``branch``: an organisation form in the current language; ``—`` for none."""
    if not form:
        return "—"
    return ORG_FORM_LABELS.get(form, form) if _zh() else form  # type: ignore[call-overload]


def action_label(action: str) -> str:
    """``单独组建`` / ``set_up``: a candidate's action in the current language."""
    return ACTION_LABELS.get(action, action) if _zh() else action  # type: ignore[call-overload]


def message(info: RuleInfo | None, finding: Finding | None = None) -> str:
    """What a rule says, in the current language (from its first finding without ``info``)."""
    source = info if info is not None else finding
    if source is None:
        return ""
    return source.message if _zh() else source.message_en


def finding_text(finding: Finding, info: RuleInfo | None) -> str:
    """What one finding found, as a sentence in the current language.

    The rule's ``finding`` sentence with ``{value}`` and ``{total}`` filled in
    (``827 户中 7 户未纳入网格``); for a rule without one, or a finding without
    the value its sentence needs, the rule's message, with the value when there
    is one.

    Examples
    --------
    >>> from partygraph.i18n import use_language
    >>> info = RuleInfo(id="household.grid", pack="p", severity="error", message="住户未纳入网格",
    ...     message_en="households not placed in a grid", hint="划入网格",
    ...     finding="{total} 户中 {value} 户未纳入网格",
    ...     finding_en="{value} of {total} households in no grid")
    >>> f = Finding(rule="household.grid", severity="error", value=7, expected="0 / 827",
    ...     node=NodeRef(id="c", kind="community", name="东风社区"),
    ...     message=info.message, message_en=info.message_en, hint=info.hint)
    >>> finding_text(f, info)
    '827 户中 7 户未纳入网格'
    >>> with use_language("en"):
    ...     finding_text(f, info)
    '7 of 827 households in no grid'
    >>> finding_text(f, None)
    '住户未纳入网格（实际为 7）'
    """
    template = None if info is None else info.finding if _zh() else info.finding_en
    value = None if finding.value is None else num(finding.value)
    bulk = _BULK_EXPECTED.match(finding.expected or "")
    total = bulk[1] if bulk else None
    needs_missing = template is not None and (
        ("{value}" in template and value is None) or ("{total}" in template and total is None)
    )
    if template is None or needs_missing:
        said = message(info, finding)
        return said if value is None else tr("report.value_fallback", message=said, value=value)
    # str.replace, not format: a user's sentence may hold other braces.
    return template.replace("{value}", value or "").replace("{total}", total or "")


#: How many headline figures the units table shows side by side at most.
SIDE_BY_SIDE = 4


def lead_figures(ov: Overview) -> list[Figure]:
    """The figures a report leads with: the headline rules' (组织覆盖,
    工作覆盖); for packs of one's own without any, their first few."""
    head = [f for f in ov.headline if f.rule.headline]
    return head or list(ov.headline[:SIDE_BY_SIDE])


def unit_cell(row: CoverageRow | None, *, pad_to: int = 0) -> str:
    """A unit's figure in the side-by-side table: ``75.0% 300/400``; ``—`` for
    none (a rule with nothing to count there); the ratio right-aligned in
    ``pad_to`` columns."""
    if row is None:
        return "—".rjust(pad_to)
    return f"{pct(row):>{pad_to}} {row.covered:,}/{row.total:,}"


def units_title(report: Report, rows: list[tuple[int, UnitCoverage]]) -> tuple[str, str]:
    """The head of the units table and its first column's: ``下一级：县(市、区)（4 个）``
    and ``县(市、区)``, or ``逐级：县(市、区) › 街道（14 个）`` and ``区划``; with the
    ``--depth`` that would list the next level when there is one."""
    levels = [lvl for lvl in ORDER if any(u.level == lvl for _, u in rows)]
    if len(levels) == 1:
        head = tr("report.overview.units", level=kind_label(levels[0]), count=len(rows))
        first = kind_label(levels[0])
    else:
        names = " › ".join(kind_label(lvl) for lvl in levels)
        head = tr("report.overview.levels", levels=names, count=len(rows))
        first = tr("report.overview.division")
    present = {c.level for c in report.coverage}
    deeper = next((lvl for lvl in ORDER[ORDER.index(levels[-1]) + 1 :] if lvl in present), None)
    if deeper is not None:
        head += tr("report.overview.deeper", depth=deeper, label=kind_label(deeper))
    return head, first


def worst_places(ov: Overview) -> tuple[Place, ...]:
    """The places with the most findings worth listing: none when the scope is
    itself one of them (``--scope 东风社区`` would rank 东风社区 alone)."""
    if ov.scope is not None and ov.scope.kind == ov.worst_level:
        return ()
    return ov.worst
