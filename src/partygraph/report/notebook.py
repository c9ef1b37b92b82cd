"""How a model and a report show in a notebook: one-line reprs and bounded HTML.

``repr(model)`` of a city was 2.9 MB (pydantic lists every field of every
entity) and ``repr(report)`` 2.7 MB; a notebook cell showing either froze the
browser.  Here every repr is one line of key counts, and the HTML views
(``_repr_html_``, which Jupyter shows in place of the repr) are small tables
whose size does not grow with the model: at most ``limit`` findings per rule,
at most :data:`MAX_UNITS` units, names cut at :data:`NAME_CHARS` characters, and
the findings part stops at :data:`FINDINGS_BUDGET` bytes.  Every name is user
data: it is made printable (:func:`partygraph.safe_text.printable`) and
escaped (:func:`html.escape`).  The HTML carries its own CSS (no external file
or script), scoped to one ``div``.

The model's classes call these functions lazily (their ``__repr__`` and
``_repr_html_``), so ``import partygraph.model`` stays as light as it was.

Examples
--------
>>> import partygraph
>>> m = partygraph.load("tests/fixtures/rules/model.yaml")
>>> head, counts = model_repr(m).split("：")
>>> head
'<Model 示例市（规则测试） 数据日期 2024-06-30'
>>> counts
'1 个市、1 个县(市、区)、2 个街道、3 个社区、12 个党组织、4 个网格、8 户、12 人>'
>>> r = partygraph.check(m)
>>> report_repr(r)
'<Report 示例市（规则测试） 数据日期 2024-06-30：错误 11 · 警告 22 · 提示 11；覆盖率 193 行>'
>>> len(report_html(r)) < 60_000
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from partygraph.i18n import language, tr
from partygraph.model.report import (
    SEVERITIES,
    Candidate,
    CoverageRow,
    Finding,
    NodeRef,
    Report,
    RuleInfo,
)
from partygraph.report._common import (
    action_label,
    by_rule,
    finding_text,
    form_label,
    kind_label,
    message,
    severity_label,
)
from partygraph.safe_text import printable
from partygraph.vocabulary import KIND_LABELS, LEVELS

if TYPE_CHECKING:
    from partygraph.model import Model
    from partygraph.report.overview import Overview, UnitCoverage

__all__ = [
    "FINDINGS_BUDGET",
    "MAX_UNITS",
    "NAME_CHARS",
    "candidate_repr",
    "coverage_repr",
    "finding_repr",
    "model_html",
    "model_repr",
    "node_repr",
    "report_html",
    "report_repr",
]

#: Characters of a name shown before it is cut with ``…`` (a hostile or
#: mistaken name can be megabytes long).
NAME_CHARS = 40
#: Units listed in a coverage table (a province has thousands of communities).
MAX_UNITS = 30
#: Bytes of UTF-8 the findings part of a report's HTML may take; rules past it
#: are counted, not listed.
FINDINGS_BUDGET = 120_000

#: The look of the HTML views: scoped to ``.pg``, no external file.
_CSS = (
    "<style scoped>"
    ".pg{font-size:13px;line-height:1.45}"
    ".pg h3{margin:4px 0}.pg h4{margin:10px 0 4px}"
    ".pg table{border-collapse:collapse;margin:2px 12px 6px 0}"
    ".pg th,.pg td{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd;"
    "vertical-align:top}"
    ".pg td.n,.pg th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".pg .bar{display:inline-block;width:90px;height:9px;background:#e6e6e6;"
    "margin-left:6px;vertical-align:middle}"
    ".pg .bar span{display:block;height:100%}"
    ".pg .error{color:#c0392b}.pg .warning{color:#b9770e}.pg .info{color:#2e6da4}"
    ".pg .row{display:flex;flex-wrap:wrap;gap:12px}"
    ".pg summary{cursor:pointer}.pg .muted{color:#777}"
    "</style>"
)


# -- text made safe --------------------------------------------------------------


def _short(text: object, limit: int = NAME_CHARS) -> str:
    """User text made printable and cut at ``limit`` characters (``…`` marks a cut)."""
    shown = printable(str(text))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _esc(text: object, limit: int = NAME_CHARS) -> str:
    """User text, printable, cut and escaped for HTML (quotes included)."""
    return html.escape(_short(text, limit), quote=True)


def _num(n: int) -> str:
    return f"{n:,}"


def _pct(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.1%}"


def _date(snapshot: object) -> str:
    if snapshot is None:
        return tr("notebook.no_snapshot")
    return tr("notebook.as_of", snapshot=snapshot)


def _list(items: Iterable[str]) -> str:
    return tr("report.list_separator").join(items)


def _level_label(level: str) -> str:
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
        tr("notebook.count_of", count=_num(levels.count(lvl)), label=_level_label(lvl))
        for lvl in LEVELS
        if lvl in levels
    ]
    for label, n in (
        ("party_org", len(model.party_orgs) + len(model.expanded_bodies)),
        ("grid", len(model.grids)),
    ):
        if n:
            counts.append(tr("notebook.count_of", count=_num(n), label=kind_label(label)))
    for table, key in (("households", "notebook.households"), ("persons", "notebook.persons")):
        n = len(model.population[table])
        if n:
            counts.append(tr(key, count=_num(n)))
    said = _list(counts) if counts else tr("notebook.empty_model")
    name = _short(model.name, 60)
    return tr(
        "notebook.model_repr",
        cls=type(model).__name__,
        name=name,
        date=_date(model.snapshot),
        counts=said,
    )


def report_repr(report: Report) -> str:
    """One line: the model's name, date, findings by severity, coverage rows.

    >>> report_repr(Report(model="示例市"))
    '<Report 示例市 未注明数据日期：错误 0 · 警告 0 · 提示 0；覆盖率 0 行>'
    """
    counts = report.counts()
    said = " · ".join(
        tr("report.severity_count", label=severity_label(s), count=_num(counts[s]))
        for s in SEVERITIES
    )
    return tr(
        "notebook.report_repr",
        cls=type(report).__name__,
        name=_short(report.model, 60),
        date=_date(report.snapshot),
        counts=said,
        rows=_num(len(report.coverage)),
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
        id=_short(node.id),
        name=_short(node.name),
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
        rule=_short(finding.rule),
        kind=kind_label(node.kind),
        id=_short(node.id),
        name=_short(node.name),
        message=_short(message(None, finding), 60),
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
        rule=_short(row.rule),
        level=_level_label(row.level),
        id=_short(row.node.id),
        name=_short(row.node.name),
        covered=_num(row.covered),
        total=_num(row.total),
        ratio=_pct(row.ratio),
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
        id=_short(node.id),
        name=_short(node.name),
        members=_num(candidate.members),
        current=form_label(candidate.current_form),
        proposed=form_label(candidate.proposed_form),
    )


# -- HTML ------------------------------------------------------------------------


def _table(head: str, rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table: ``head`` is one message with cells split by ``|``; row cells are HTML."""
    cells = tr(head).split("|")
    th = "".join(
        f'<th class="n">{html.escape(c)}</th>' if i in numeric else f"<th>{html.escape(c)}</th>"
        for i, c in enumerate(cells)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _bar(ratio: float | None) -> str:
    """The ratio as a percentage and a CSS bar (green from 95 %, amber from 80 %, else red)."""
    if ratio is None:
        return "—"
    colour = "#2e7d32" if ratio >= 0.95 else "#d68910" if ratio >= 0.8 else "#c0392b"
    width = f"{max(0.0, min(ratio, 1.0)) * 100:.1f}%"
    return (
        f'{_pct(ratio)}<span class="bar"><span style="width:{width};'
        f'background:{colour}"></span></span>'
    )


def _wrap(parts: Iterable[str]) -> str:
    return f'<div class="pg">{_CSS}{"".join(parts)}</div>'


def model_html(model: Model) -> str:
    """The model as small tables: key figures, nodes by kind, party
    organisations by level and form.

    >>> from partygraph.model import Model, Division
    >>> page = model_html(Model(name="<b>示例</b>", divisions=[Division(id="c",
    ...     name="示例市", level="city")]))
    >>> "&lt;b&gt;示例&lt;/b&gt;" in page, "<b>" in page
    (True, False)
    """
    from partygraph.report.summary import _FIGURES as FIGURE_LABELS  # its labels, declared once
    from partygraph.report.summary import summarize

    zh = language() == "zh"
    summary = summarize(model)

    def label(labels: dict[str, str], code: str) -> str:
        return labels.get(code, code) if zh else code.replace("_", " ")

    figures = _table(
        "notebook.head_figure",
        [(html.escape(label(FIGURE_LABELS, k)), _num(v)) for k, v in summary["figures"].items()],
        numeric=(1,),
    )
    kinds = _table(
        "notebook.head_kind",
        [(html.escape(label(KIND_LABELS, k)), _num(v)) for k, v in summary["kinds"].items()],
        numeric=(1,),
    )
    levels = {**KIND_LABELS, "other": tr("notebook.other_level")}
    forms = _table(
        "notebook.head_form",
        [
            (html.escape(label(levels, lvl)), html.escape(form_label(form)), _num(n))
            for lvl, by_form in summary["forms"].items()
            for form, n in by_form.items()
        ],
        numeric=(2,),
    )
    return _wrap(
        [
            f"<h3>{_esc(model.name, 80)}</h3>",
            f'<p class="muted">{html.escape(_date(model.snapshot))}</p>',
            '<div class="row">',
            f"<div><h4>{html.escape(tr('notebook.figures'))}</h4>{figures}</div>",
            f"<div><h4>{html.escape(tr('notebook.kinds'))}</h4>{kinds}</div>",
            f"<div><h4>{html.escape(tr('notebook.forms'))}</h4>{forms}</div>",
            "</div>",
        ]
    )


def report_html(report: Report, *, limit: int = 8) -> str:
    """The report as HTML: counts by severity, the overview's coverage (with
    bars), the units with the most findings, and the findings of each rule
    in a ``<details>`` block with at most ``limit`` rows.

    Its size is bounded whatever the report's (see the module's docstring).

    >>> page = report_html(Report(model="示例市"))
    >>> "没有发现问题" in page
    True
    """
    from partygraph.report.overview import overview

    ov = overview(report)
    packs = tr(
        "notebook.packs", packs=_list(_short(p) for p in report.packs), count=len(report.rules)
    )
    parts = [
        f"<h3>{html.escape(tr('report.title', model=_short(report.model, 80)))}</h3>",
        f'<p class="muted">{html.escape(_date(report.snapshot))} · {html.escape(packs)}</p>',
        _severity_table(report),
        *_coverage(report, ov),
        *_worst(ov),
        *_findings(report, limit),
    ]
    return _wrap(parts)


def _severity_table(report: Report) -> str:
    counts = report.counts()
    head = "".join(f'<th class="n {s}">{html.escape(severity_label(s))}</th>' for s in SEVERITIES)
    cells = "".join(f'<td class="n">{_num(counts[s])}</td>' for s in SEVERITIES)
    extra = []
    if report.candidates:
        extra.append(tr("notebook.candidates", count=_num(len(report.candidates))))
    if report.single_points:
        extra.append(tr("notebook.single_points", count=_num(len(report.single_points))))
    note = f'<p class="muted">{html.escape(" · ".join(extra))}</p>' if extra else ""
    table = f"<table><thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table>"
    return table + note


def _coverage(report: Report, ov: Overview) -> list[str]:
    from partygraph.report.overview import counted, coverage_table

    if ov.scope is None:
        # several units at the top (a province of cities): their table alone
        if not report.coverage:
            return []
        level = min((c.level for c in report.coverage), key=LEVELS.index)
        return _units(ov, level, coverage_table(report, level))
    scope = ov.scope
    rows = [
        (
            _esc(f.title, 60),
            html.escape(counted(f.rule)),
            f"{_num(f.row.covered)}/{_num(f.row.total)}",
            _bar(f.ratio),
        )
        for f in ov.headline
    ]
    out = [
        f"<h4>{html.escape(tr('notebook.coverage_scope', scope=_short(scope.name)))}</h4>",
        _table("notebook.head_coverage", rows, numeric=(2,)),
    ]
    if ov.level is None or not ov.units:
        return out
    return out + _units(ov, ov.level, list(ov.units))


def _units(ov: Overview, level: str, units: Sequence[UnitCoverage]) -> list[str]:
    """The units of ``level`` under the headline rules (else the first three), a row a unit."""
    from partygraph.report.overview import title

    rules = [r for r in ov.rules if r.headline] or list(ov.rules[:3])
    head = "|".join([tr("notebook.head_unit"), *(_short(title(r), 24) for r in rules)])
    cells = [
        (
            _esc(u.node.name),
            *(_bar(u.rows[r.id].ratio) if r.id in u.rows else "—" for r in rules),
        )
        for u in units[:MAX_UNITS]
    ]
    th = "".join(f"<th>{html.escape(c)}</th>" for c in head.split("|"))
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in cells)
    out = [
        f"<h4>{html.escape(tr('notebook.coverage_units', level=_level_label(level)))}</h4>",
        f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>",
    ]
    if len(units) > MAX_UNITS:
        more = tr("notebook.more_units", count=_num(len(units) - MAX_UNITS))
        out.append(f'<p class="muted">{html.escape(more)}</p>')
    return out


def _where(chain: Sequence[NodeRef]) -> str:
    """The chain below the top (the top is the same for every row), names cut short."""
    return html.escape(" › ".join(_short(n.name, 16) for n in chain[1:]))


def _worst(ov: Overview) -> list[str]:
    if not ov.worst:
        return []
    rows = [(_esc(p.node.name), *(_num(p.counts[s]) for s in SEVERITIES)) for p in ov.worst]
    return [
        f"<h4>{html.escape(tr('notebook.worst', level=_level_label(ov.worst_level)))}</h4>",
        _table("notebook.head_worst", rows, numeric=(1, 2, 3)),
    ]


def _findings(report: Report, limit: int) -> list[str]:
    if not report.findings:
        return [f"<p>{html.escape(tr('notebook.no_findings'))}</p>"]
    info = {r.id: r for r in report.rules}
    out = [f"<h4>{html.escape(tr('notebook.by_rule', limit=limit))}</h4>"]
    used, skipped, skipped_findings = 0, 0, 0
    for severity in SEVERITIES:
        for rule, found in by_rule(report, severity).items():
            if used > FINDINGS_BUDGET:
                skipped, skipped_findings = skipped + 1, skipped_findings + len(found)
                continue
            block = _rule_block(severity, rule, found, info.get(rule), limit)
            used += len(block.encode("utf-8"))
            out.append(block)
    if skipped:
        more = tr("notebook.more_rules", count=skipped, findings=_num(skipped_findings))
        out.append(f'<p class="muted">{html.escape(more)}</p>')
    return out


def _rule_block(
    severity: str, rule: str, found: list[Finding], rule_info: RuleInfo | None, limit: int
) -> str:
    said = message(rule_info, found[0])
    summary = tr(
        "notebook.rule_summary",
        severity=severity_label(severity),
        message=_short(said, 60),
        count=_num(len(found)),
    )
    rows = [
        (
            html.escape(tr("report.node", name=_short(f.node.name), id=_short(f.node.id, 24))),
            _where(f.chain),
            _esc(finding_text(f, rule_info), 80),
        )
        for f in found[:limit]
    ]
    parts = [
        f'<details><summary><span class="{severity}">{html.escape(summary)}</span> '
        f'<code class="muted">{_esc(rule)}</code></summary>',
        _table("notebook.head_finding", rows),
    ]
    if len(found) > limit:
        parts.append(
            f'<p class="muted">{html.escape(tr("report.more", count=_num(len(found) - limit)))}</p>'
        )
    hint = found[0].hint
    if hint:
        parts.append(f'<p class="muted">{_esc(tr("report.hint", hint=hint), 200)}</p>')
    parts.append("</details>")
    return "".join(parts)
