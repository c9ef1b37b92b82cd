"""How a model and a report show in a notebook: bounded, escaped HTML.

Jupyter shows an object's ``_repr_html_`` in place of its repr (the one-line
reprs are in :mod:`partygraph.report.reprs`).  These views are small tables
whose size does not grow with the model: at most ``limit`` findings per rule,
at most :data:`MAX_UNITS` units, names cut at
:data:`~partygraph.report.reprs.NAME_CHARS` characters, and the findings part
stops at :data:`FINDINGS_BUDGET` bytes.  Every name is user data: it is made
printable (:func:`partygraph.safe_text.printable`) and escaped
(:func:`html.escape`).  The HTML carries its own CSS (no external file or
script), scoped to one ``div``; the bars are inline styles, so they show even
where a notebook drops the ``<style>``.

The model's classes call these functions lazily (their ``_repr_html_``), so
``import partygraph.model`` stays as light as it was.

Examples
--------
>>> import partygraph
>>> report = partygraph.check(partygraph.load("tests/fixtures/rules/model.yaml"))
>>> page = report_html(report)
>>> page.count("<details>"), len(page.encode("utf-8")) < 60_000  # 35 rules found something
(35, True)
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from partygraph.i18n import language, tr
from partygraph.model.report import SEVERITIES, Finding, NodeRef, Report, RuleInfo
from partygraph.report._common import by_rule, finding_text, message, severity_label
from partygraph.report.reprs import NAME_CHARS, date_said, level_label, listed, num, pct, short
from partygraph.vocabulary import KIND_LABELS, LEVELS, ORG_FORM_LABELS

if TYPE_CHECKING:
    from partygraph.model import Model
    from partygraph.report.overview import Overview, UnitCoverage

__all__ = ["FINDINGS_BUDGET", "MAX_UNITS", "model_html", "report_html"]

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
    ".pg table.units td{white-space:nowrap}.pg table.units th{min-width:7em}"
    ".pg .error{color:#c0392b}.pg .warning{color:#b9770e}.pg .info{color:#2e6da4}"
    ".pg .row{display:flex;flex-wrap:wrap;gap:12px}"
    ".pg summary{cursor:pointer}.pg .muted{color:#777}"
    "</style>"
)


def _esc(text: object, limit: int = NAME_CHARS) -> str:
    """User text, printable, cut and escaped for HTML (quotes included)."""
    return html.escape(short(text, limit), quote=True)


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
        f'{pct(ratio)}<span class="bar"><span style="width:{width};'
        f'background:{colour}"></span></span>'
    )


def _wrap(parts: Iterable[str]) -> str:
    return f'<div class="pg">{_CSS}{"".join(parts)}</div>'


def _ordered(counts: dict[str, Any]) -> list[tuple[str, Any]]:
    """Counts by kind (or level) in the vocabulary's order, top down, not by code."""
    order = list(KIND_LABELS)
    return sorted(
        counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
    )


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

    FORMS = {str(k): v for k, v in ORG_FORM_LABELS.items()}  # noqa: N806

    zh = language() == "zh"
    summary = summarize(model)

    def label(labels: dict[str, str], code: str) -> str:
        return labels.get(code, code) if zh else code.replace("_", " ")

    figures = _table(
        "notebook.head_figure",
        [(html.escape(label(FIGURE_LABELS, k)), num(v)) for k, v in summary["figures"].items()],
        numeric=(1,),
    )
    kinds = _table(
        "notebook.head_kind",
        [(html.escape(label(KIND_LABELS, k)), num(v)) for k, v in _ordered(summary["kinds"])],
        numeric=(1,),
    )
    levels = {**KIND_LABELS, "other": tr("notebook.other_level")}
    forms = _table(
        "notebook.head_form",
        [
            (html.escape(label(levels, lvl)), html.escape(label(FORMS, form)), num(n))
            for lvl, by_form in _ordered(summary["forms"])
            for form, n in by_form.items()
        ],
        numeric=(2,),
    )
    return _wrap(
        [
            f"<h3>{_esc(model.name, 80)}</h3>",
            f'<p class="muted">{html.escape(date_said(model.snapshot))}</p>',
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
        "notebook.packs", packs=listed(short(p) for p in report.packs), count=len(report.rules)
    )
    parts = [
        f"<h3>{html.escape(tr('report.title', model=short(report.model, 80)))}</h3>",
        f'<p class="muted">{html.escape(date_said(report.snapshot))} · {html.escape(packs)}</p>',
        _severity_table(report),
        *_coverage(report, ov),
        *_worst(ov),
        *_findings(report, limit),
    ]
    return _wrap(parts)


def _severity_table(report: Report) -> str:
    counts = report.counts()
    head = "".join(f'<th class="n {s}">{html.escape(severity_label(s))}</th>' for s in SEVERITIES)
    cells = "".join(f'<td class="n">{num(counts[s])}</td>' for s in SEVERITIES)
    extra = []
    if report.candidates:
        extra.append(tr("notebook.candidates", count=num(len(report.candidates))))
    if report.single_points:
        extra.append(tr("notebook.single_points", count=num(len(report.single_points))))
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
            _esc(f.title, 90),
            html.escape(counted(f.rule)),
            f"{num(f.row.covered)}/{num(f.row.total)}",
            _bar(f.ratio),
        )
        for f in ov.headline
    ]
    out = [
        f"<h4>{html.escape(tr('notebook.coverage_scope', scope=short(scope.name)))}</h4>",
        _table("notebook.head_coverage", rows, numeric=(2,)),
    ]
    if ov.level is None or not ov.units:
        return out
    return out + _units(ov, ov.level, list(ov.units))


def _units(ov: Overview, level: str, units: Sequence[UnitCoverage]) -> list[str]:
    """The units of ``level`` under the headline rules (else the first three), a row a unit."""
    from partygraph.report.overview import title

    rules = [r for r in ov.rules if r.headline] or list(ov.rules[:3])
    head = "|".join([tr("notebook.head_unit"), *(short(title(r), 24) for r in rules)])
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
        f"<h4>{html.escape(tr('notebook.coverage_units', level=level_label(level)))}</h4>",
        f'<table class="units"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>',
    ]
    if len(units) > MAX_UNITS:
        more = tr("notebook.more_units", count=num(len(units) - MAX_UNITS))
        out.append(f'<p class="muted">{html.escape(more)}</p>')
    return out


def _where(chain: Sequence[NodeRef]) -> str:
    """The chain below the top (the top is the same for every row), names cut short."""
    return html.escape(" › ".join(short(n.name, 16) for n in chain[1:]))


def _worst(ov: Overview) -> list[str]:
    if not ov.worst:
        return []
    rows = [(_esc(p.node.name), *(num(p.counts[s]) for s in SEVERITIES)) for p in ov.worst]
    return [
        f"<h4>{html.escape(tr('notebook.worst', level=level_label(ov.worst_level)))}</h4>",
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
        more = tr("notebook.more_rules", count=skipped, findings=num(skipped_findings))
        out.append(f'<p class="muted">{html.escape(more)}</p>')
    return out


def _rule_block(
    severity: str, rule: str, found: list[Finding], rule_info: RuleInfo | None, limit: int
) -> str:
    said = message(rule_info, found[0])
    summary = tr(
        "notebook.rule_summary",
        severity=severity_label(severity),
        message=short(said, 60),
        count=num(len(found)),
    )
    rows = [
        (
            html.escape(tr("report.node", name=short(f.node.name), id=short(f.node.id, 24))),
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
            f'<p class="muted">{html.escape(tr("report.more", count=num(len(found) - limit)))}</p>'
        )
    hint = found[0].hint
    if hint:
        parts.append(f'<p class="muted">{_esc(tr("report.hint", hint=hint), 200)}</p>')
    parts.append("</details>")
    return "".join(parts)
