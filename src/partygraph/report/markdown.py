"""The check report as Markdown: headed sections and tables in Chinese.

Names, messages and hints are user data: :func:`md` escapes them, so that a
name stays text in any Markdown renderer (CommonMark, GitHub's tables,
strikethrough and math) and in the HTML it becomes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from partygraph.i18n import language, tr
from partygraph.model.report import SEVERITIES, NodeRef, Report
from partygraph.report._common import (
    SIDE_BY_SIDE,
    action_label,
    below_scope,
    by_rule,
    count_phrase,
    finding_text,
    form_label,
    kind_label,
    kinds_label,
    lead_figures,
    message,
    num,
    pct,
    severity_label,
    short_title,
    unit_cell,
    units_title,
    worst_places,
)
from partygraph.report.analysis_lines import (
    key_rows,
    matching_paragraphs,
    matching_rows,
    network_paragraphs,
    pairing,
)
from partygraph.report.overview import Figure, drill, overview
from partygraph.safe_text import printable

__all__ = ["md", "render_markdown"]


#: Characters that would make Markdown (CommonMark and GitHub's: tables,
#: strikethrough, math) or HTML of a name: escaped with a backslash, or as an
#: HTML entity.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]#|~$<&]")
#: What may follow ``<`` to open a tag, a comment or an autolink, and ``&`` to
#: open a character reference (HTML reads ``&lt5`` as ``<5``).
_OPENS = {"<": re.compile("[A-Za-z/!?]"), "&": re.compile("[A-Za-z0-9#]")}
_MD_ENTITIES = {"<": "&lt;", "&": "&amp;"}


def _md_escape(m: re.Match[str]) -> str:
    ch, text, i = m[0], m.string, m.start()
    if ch in _MD_ENTITIES:
        # "members < 50", "A & B": nothing HTML could start, kept as written.
        after = text[i + 1 : i + 2]
        return _MD_ENTITIES[ch] if not after or _OPENS[ch].match(after) else ch
    # An underscore inside a word never emphasises, and a "#" inside one never
    # heads or closes a heading ("3#楼"): both are left as they are.
    inside = 0 < i < len(text) - 1 and text[i - 1].isalnum()
    if ch == "_" and inside and text[i + 1].isalnum():
        return ch
    if ch == "#" and i > 0 and not text[i - 1].isspace():
        return ch
    return "\\" + ch


def md(text: object) -> str:
    r"""User text as Markdown that shows it as it is, on one line.

    No HTML gets through: ``<`` before a letter, ``/``, ``!`` or ``?`` is
    written ``&lt;``, ``&`` before a letter, a digit or ``#`` is ``&amp;``
    (elsewhere they cannot start a tag or an entity, and ``>`` never can once
    ``<`` is escaped).  Every character that could make a link, an image,
    emphasis, code, math, strikethrough, a heading or a table cell gets a
    backslash (``_`` inside a word and ``#`` not after a space never do, and are
    kept); line breaks become ``<br>``, control characters and bidi controls
    visible escapes (:func:`partygraph.safe_text.printable`).

    Examples
    --------
    >>> print(md("<b>*东风*</b> | [x](http://a) 3#楼 a_b\n# 第二行"))
    &lt;b>\*东风\*&lt;/b> \| \[x\](http://a) 3#楼 a_b<br>\# 第二行
    >>> print(md("members < 50, A & B, &lt;"))
    members < 50, A & B, &amp;lt;
    """
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _MD_SPECIAL.sub(_md_escape, printable(text, keep="\n"))
    return text.replace("\n", "<br>")


def _md_place(chain: Iterable[NodeRef]) -> str:
    return " › ".join(md(n.name) for n in chain)


def _md_node(node: NodeRef) -> str:
    return tr("report.node", name=md(node.name), id=md(node.id))


def _table(header: list[str], rows: Iterable[list[object]]) -> list[str]:
    """A Markdown table; its cells are already Markdown (user text through :func:`md`)."""
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def _header(key: str) -> list[str]:
    return tr(key).split("|")


def _figures(figures: list[Figure]) -> list[str]:
    return _table(
        _header("report.md.figures_header"),
        ([md(f.title), pct(f.row), md(count_phrase(f.rule, f.row))] for f in figures),
    )


def _overview(report: Report, depth: str | None) -> list[str]:
    """The 概览 section: the same figures, units and places as the text's."""
    ov = overview(report)
    if ov.scope is None:
        return []
    scope = md(ov.scope.name)
    head = lead_figures(ov)
    lines = ["", tr("report.md.overview", scope=scope), "", *_figures(head)]
    rows = drill(report, depth)
    if rows and head:
        rules = [f.rule for f in head[:SIDE_BY_SIDE]]
        title, first = units_title(report, rows)
        lines += ["", tr("report.md.subhead", title=md(title)), ""]
        lines += _table(
            [first, *(md(short_title(r)) for r in rules)],
            (
                ["\u3000" * d + md(u.node.name), *(unit_cell(u.rows.get(r.id)) for r in rules)]
                for d, u in rows
            ),
        )
    places = worst_places(ov)
    if places:
        level = kind_label(ov.worst_level)
        chains = below_scope(report)
        title = tr(
            "report.overview.worst",
            count=len(places),
            level=kinds_label(ov.worst_level, len(places)),
        )
        lines += ["", tr("report.md.subhead", title=md(title)), ""]
        lines += _table(
            tr("report.overview.worst_header", level=level).split("|"),
            (
                [md(p.node.name), _md_place(chains.get(p.node.id, ())) or "—"]
                + [p.counts[s] for s in SEVERITIES]
                for p in places
            ),
        )
    shown = {f.rule.id for f in head}
    rest = [f for f in ov.headline if f.rule.id not in shown]
    if rest:
        key = "report.overview.rules" if head else "report.overview.rules_all"
        lines += ["", tr("report.md.subhead", title=tr(key, scope=scope)), ""]
        lines += _figures(rest)
    return lines


def render_markdown(report: Report, limit: int = 20, depth: str | None = None) -> str:
    """The report as Markdown, in the text report's order: the overview
    (the headline figures, the units below the scope down to ``depth``, the
    units with the most findings, every other figure), then at most ``limit``
    findings listed per rule, candidates, load and single points.

    Examples
    --------
    >>> from partygraph.model.report import Report
    >>> print(render_markdown(Report(model="<b>示例市</b>")).splitlines()[0])
    # &lt;b>示例市&lt;/b>：检查报告
    """
    counts = report.counts()
    lines = [
        tr("report.md.title", model=md(report.model)),
        "",
        tr("report.md.snapshot", snapshot=report.snapshot or "—"),
        tr("report.md.packs", packs=", ".join(map(md, report.packs)), count=len(report.rules)),
        tr("report.md.findings", **counts),
    ]
    messages = {r.id: r for r in report.rules}
    lines += _overview(report, depth)
    for severity in SEVERITIES:
        groups = by_rule(report, severity)
        if not groups:
            continue
        label = severity_label(severity)
        lines += ["", tr("report.md.severity", label=label[:1].upper() + label[1:])]
        for rule_id, found in groups.items():
            info = messages.get(rule_id)
            lines += ["", f"### `{rule_id}` {md(message(info, found[0]))}"]
            lines += ["", tr("report.md.rule_count", count=len(found), hint=md(found[0].hint)), ""]
            lines += _table(
                _header("report.md.findings_header"),
                (
                    [_md_node(f.node), _md_place(f.chain) or "—", md(finding_text(f, info))]
                    for f in found[:limit]
                ),
            )
            if len(found) > limit:
                lines += ["", tr("report.md.more", count=len(found) - limit)]
    if report.candidates:
        lines += ["", tr("report.md.candidates"), ""]
        lines += _table(
            _header("report.md.candidates_header"),
            (
                [
                    action_label(c.action),
                    _md_node(c.node),
                    _md_place(c.chain) or "—",
                    c.members,
                    md(form_label(c.current_form)),
                    md(form_label(c.proposed_form)),
                    f"`{c.rule}`",
                ]
                for c in report.candidates
            ),
        )
    if report.load:
        lines += ["", tr("report.md.load"), ""]
        lines += _table(
            _header("report.md.load_header"),
            (
                [
                    md(s.label),
                    s.count,
                    num(s.min),
                    num(s.median),
                    num(s.p90),
                    num(s.max),
                    num(s.threshold),
                    len(s.outliers),
                ]
                for s in report.load
            ),
        )
    if report.single_points:
        lines += ["", tr("report.md.single_points"), ""]
        lines += _table(
            _header("report.md.single_points_header"),
            (
                [
                    _md_node(p.node),
                    p.new_errors,
                    ", ".join(map(md, p.rules)),
                    tr("report.list_separator").join(md(e.name) for e in p.examples),
                ]
                for p in report.single_points[:limit]
            ),
        )
    lines += _analyses(report, limit)
    return "\n".join(lines) + "\n"


def _analyses(report: Report, limit: int) -> list[str]:
    """The optional sections: needs matched (a table of communities), key persons."""
    lines: list[str] = []
    m = report.matching
    if m is not None:
        lines += ["", "## " + tr("report.matching.head"), ""]
        lines += [md(p) + "  " for p in matching_paragraphs(m)]
        best = pairing(m)
        if best is not None:
            colon = "：" if language() == "zh" else ": "
            lines += ["", f"**{md(best[0])}**{colon}{md(best[1])}"]
        if m.communities:
            lines += [""]
            lines += _table(
                _header("report.matching.header"),
                ([md(c) for c in row] for row in matching_rows(m, limit)),
            )
            if len(m.communities) > limit:
                lines += ["", tr("report.md.more", count=len(m.communities) - limit)]
        if m.unmet_needs:
            lines += ["", tr("report.matching.unmet_head", count=min(limit, len(m.unmet_needs)))]
            lines += [""]
            lines += _table(
                _header("report.matching.need_header"),
                ([md(n.need), n.communities] for n in m.unmet_needs[:limit]),
            )
    if report.metrics is not None:
        lines += ["", "## " + tr("report.metrics.head")]
    for net in report.metrics or []:
        paragraphs = network_paragraphs(net)
        lines += ["", "### " + md(paragraphs[0]), "", *(md(p) + "  " for p in paragraphs[1:])]
        lists = [
            (tr(f"analysis.top_posts.{net.network}", n=len(net.most_posts)), net.most_posts),
            (tr(f"analysis.brokers_head.{net.network}", n=len(net.brokers)), net.brokers),
        ]
        for head, rows in lists:
            lines += ["", f"**{md(head)}**", ""]
            if not rows:
                lines.append(tr("analysis.none"))
                continue
            cells: list[list[object]] = [[md(c) for c in r] for r in key_rows(rows)]
            lines += _table(_header("report.metrics.header"), cells)
        if net.network == "units" and net.sole_links:
            lines += ["", f"**{md(tr('analysis.sole_head', count=net.sole_total))}**", ""]
            lines += _table(
                _header("report.metrics.sole_header"),
                ([_md_node(k.node), k.sole_links] for k in net.sole_links),
            )
    return lines
