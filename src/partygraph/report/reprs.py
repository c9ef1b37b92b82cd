"""One-line reprs of a model, a report and its rows, for notebooks and debuggers.

``repr(model)`` of a city was 2.9 MB (pydantic lists every field of every
entity) and ``repr(report)`` 2.7 MB.  Here each is one line of key counts in the
current language, names made printable (:func:`partygraph.safe_text.printable`)
and cut at :data:`NAME_CHARS` characters.  The model's classes call these
lazily from their ``__repr__``; the HTML views are in
:mod:`partygraph.report.notebook`.

Examples
--------
>>> import partygraph
>>> m = partygraph.load("tests/fixtures/rules/model.yaml")
>>> head, counts = model_repr(m).split("：")
>>> head
'<Model 示例市（规则测试） 数据日期 2024-06-30'
>>> counts
'1 个市、1 个县(市、区)、2 个街道、3 个社区、12 个党组织、4 个网格、8 户、12 人>'
>>> report_repr(partygraph.check(m))
'<Report 示例市（规则测试） 数据日期 2024-06-30：错误 11 · 警告 26 · 提示 15；覆盖率 223 行>'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from partygraph.i18n import language, tr
from partygraph.model.report import SEVERITIES, Candidate, CoverageRow, Finding, NodeRef, Report
from partygraph.report._common import action_label, form_label, kind_label, message, severity_label
from partygraph.safe_text import printable
from partygraph.vocabulary import KIND_LABELS, LEVELS

if TYPE_CHECKING:
    from partygraph.model import Model

__all__ = [
    "NAME_CHARS",
    "candidate_repr",
    "coverage_repr",
    "date_said",
    "finding_repr",
    "level_label",
    "listed",
    "model_repr",
    "node_repr",
    "num",
    "pct",
    "report_repr",
    "short",
]

#: Characters of a name shown before it is cut with ``…`` (a hostile or
#: mistaken name can be megabytes long).
NAME_CHARS = 40


# -- text made safe for one line ------------------------------------------------


def short(text: object, limit: int = NAME_CHARS) -> str:
    """User text made printable and cut at ``limit`` characters (``…`` marks a cut)."""
    shown = printable(str(text))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def num(n: int) -> str:
    """A count with thousands separators: ``18,000``."""
    return f"{n:,}"


def pct(ratio: float | None) -> str:
    """A ratio as a percentage with one decimal; ``—`` for none."""
    return "—" if ratio is None else f"{ratio:.1%}"


def date_said(snapshot: object) -> str:
    """``数据日期 2024-06-30``, or that the model gives none."""
    if snapshot is None:
        return tr("notebook.no_snapshot")
    return tr("notebook.as_of", snapshot=snapshot)


def listed(items: Iterable[str]) -> str:
    """Items joined as a list is written in the current language (``、`` / ``, ``)."""
    return tr("report.list_separator").join(items)


def level_label(level: str) -> str:
    """``社区`` / ``community``: an administrative level in the current language."""
    return KIND_LABELS.get(level, level) if language() == "zh" else level


# -- one-line reprs --------------------------------------------------------------


def model_repr(model: Model) -> str:
    """One line: the model's name, date and key counts (divisions by level,
    party organisations, grids, households, persons).

    >>> from partygraph.model import Model
    >>> model_repr(Model(name="空"))
    '<Model 空 未注明数据日期：空模型>'
    """
    levels = [d.level for d in model.divisions]
    counts = [
        tr("notebook.count_of", count=num(levels.count(lvl)), label=level_label(lvl))
        for lvl in LEVELS
        if lvl in levels
    ]
    for label, n in (
        ("party_org", len(model.party_orgs) + len(model.expanded_bodies)),
        ("grid", len(model.grids)),
    ):
        if n:
            counts.append(tr("notebook.count_of", count=num(n), label=kind_label(label)))
    for table, key in (("households", "notebook.households"), ("persons", "notebook.persons")):
        n = len(model.population[table])
        if n:
            counts.append(tr(key, count=num(n)))
    said = listed(counts) if counts else tr("notebook.empty_model")
    name = short(model.name, 60)
    return tr(
        "notebook.model_repr",
        cls=type(model).__name__,
        name=name,
        date=date_said(model.snapshot),
        counts=said,
    )


def report_repr(report: Report) -> str:
    """One line: the model's name, date, findings by severity, coverage rows.

    >>> report_repr(Report(model="示例市"))
    '<Report 示例市 未注明数据日期：错误 0 · 警告 0 · 提示 0；覆盖率 0 行>'
    """
    counts = report.counts()
    said = " · ".join(
        tr("report.severity_count", label=severity_label(s), count=num(counts[s]))
        for s in SEVERITIES
    )
    return tr(
        "notebook.report_repr",
        cls=type(report).__name__,
        name=short(report.model, 60),
        date=date_said(report.snapshot),
        counts=said,
        rows=num(len(report.coverage)),
    )


def node_repr(node: NodeRef) -> str:
    """``<NodeRef 网格 g1 “一网格”>``.

    >>> node_repr(NodeRef(id="g1", kind="grid", name="一网格"))
    '<NodeRef 网格 g1 “一网格”>'
    """
    return tr(
        "notebook.node_repr",
        cls=type(node).__name__,
        kind=kind_label(node.kind),
        id=short(node.id),
        name=short(node.name),
    )


def finding_repr(finding: Finding) -> str:
    """``<Finding 错误 grid.leader 网格 g1 “一网格”：网格无网格长>``.

    >>> f = Finding(rule="grid.leader", severity="error", node=NodeRef(id="g1", kind="grid",
    ...     name="一网格"), message="网格无网格长", message_en="grid has no leader", hint="")
    >>> finding_repr(f)
    '<Finding 错误 grid.leader 网格 g1 “一网格”：网格无网格长>'
    """
    node = finding.node
    return tr(
        "notebook.finding_repr",
        cls=type(finding).__name__,
        severity=severity_label(finding.severity),
        rule=short(finding.rule),
        kind=kind_label(node.kind),
        id=short(node.id),
        name=short(node.name),
        message=short(message(None, finding), 60),
    )


def coverage_repr(row: CoverageRow) -> str:
    """``<CoverageRow grid.leader 社区 c1 “东风社区”：1/2 50.0%>``.

    >>> c = CoverageRow(rule="grid.leader", node=NodeRef(id="c1", kind="community",
    ...     name="东风社区"), level="community", covered=1, total=2, ratio=0.5)
    >>> coverage_repr(c)
    '<CoverageRow grid.leader 社区 c1 “东风社区”：1/2 50.0%>'
    """
    return tr(
        "notebook.coverage_repr",
        cls=type(row).__name__,
        rule=short(row.rule),
        level=level_label(row.level),
        id=short(row.node.id),
        name=short(row.node.name),
        covered=num(row.covered),
        total=num(row.total),
        ratio=pct(row.ratio),
    )


def candidate_repr(candidate: Candidate) -> str:
    """``<Candidate 单独组建 单位 u1 “东风小学”：党员 5 人，— → 党支部>``.

    >>> c = Candidate(action="set_up", node=NodeRef(id="u1", kind="unit", name="东风小学"),
    ...     members=5, proposed_form="branch", rule="unit.set_up")
    >>> candidate_repr(c)
    '<Candidate 单独组建 单位 u1 “东风小学”：党员 5 人，— → 党支部>'
    """
    node = candidate.node
    return tr(
        "notebook.candidate_repr",
        cls=type(candidate).__name__,
        action=action_label(candidate.action),
        kind=kind_label(node.kind),
        id=short(node.id),
        name=short(node.name),
        members=num(candidate.members),
        current=form_label(candidate.current_form),
        proposed=form_label(candidate.proposed_form),
    )
