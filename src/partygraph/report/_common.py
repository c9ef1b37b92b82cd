"""What the report's renderings share: number formats, places, grouping.

Private to :mod:`partygraph.report`; used by :mod:`~partygraph.report.render`
and :mod:`~partygraph.report.markdown`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from partygraph.i18n import language, tr
from partygraph.model.report import SEVERITIES, CoverageRow, Finding, NodeRef, Report, RuleInfo
from partygraph.vocabulary import (
    ACTION_LABELS,
    KIND_LABELS,
    LEVELS,
    ORG_FORM_LABELS,
    SEVERITY_LABELS,
)

__all__ = [
    "action_label",
    "by_rule",
    "finding_text",
    "form_label",
    "kind_label",
    "message",
    "num",
    "pct",
    "place",
    "severity_label",
    "summary_line",
    "top_rows",
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
    return KIND_LABELS.get(kind, kind) if _zh() else kind


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
