"""The check report as terminal text, leading with the answer.

The first screen says how covered the scope is and where it is worst (the
:func:`~partygraph.report.overview.overview`): the scope and its date, the
counts by severity, the headline figures (组织覆盖, 工作覆盖) under their
rules' titles, the units one level down (or, with ``depth``, level by level
down to it) with the headline figures side by side, the units with the most
findings, then every other coverage figure.  The findings follow, grouped by
severity and rule as before (the rule's id in each group's head, since that
is what ``--rules`` and ``--param`` take), then candidates, load and single
points, and the optional sections (needs matched, key persons) when the
report holds them.  Ids are kept out of the overview: they are jargon to a reader of
Chinese.  Columns are padded by display width (:func:`textwidth.pad`).

Examples
--------
>>> import partygraph
>>> report = partygraph.check(partygraph.load("tests/fixtures/rules/model.yaml"))
>>> print("\\n".join(render_text(report).splitlines()[3:6]))
概览：示例市（数据日期 2024-06-30）
  问题：错误 11 · 警告 26 · 提示 15
  单位党的组织覆盖（本单位党组织或联合党支部）   20.0%  1/5 个单位  ▇▇░░░░░░░░
"""

from __future__ import annotations

from partygraph.i18n import tr
from partygraph.model.report import SEVERITIES, Report
from partygraph.report._common import (
    SIDE_BY_SIDE,
    action_label,
    bar,
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
    place,
    severity_label,
    short_title,
    summary_line,
    unit_cell,
    units_title,
    worst_places,
)
from partygraph.report.analysis_lines import matching_lines, metrics_lines
from partygraph.report.overview import Figure, Overview, drill, overview
from partygraph.report.textwidth import pad, width
from partygraph.safe_text import printable

__all__ = ["overview_lines", "render_text"]


def render_text(report: Report, limit: int = 20, depth: str | None = None) -> str:
    """The report as terminal text: the overview, then at most ``limit``
    findings per rule, candidates, load and single points.

    ``depth`` (``county``, ``subdistrict``, ``community``) lists coverage
    level by level down to it; ``None`` lists the level below the scope.
    """
    lines = [
        tr("report.title", model=report.model),
        tr("report.packs_line", packs=", ".join(report.packs), count=len(report.rules)),
        *overview_lines(report, depth),
    ]
    lines += _findings(report, limit)
    return "\n".join(printable(line) for line in lines + _tail(report, limit)) + "\n"


def overview_lines(report: Report, depth: str | None = None) -> list[str]:
    """The 概览 block as text lines (it begins with an empty line)."""
    ov = overview(report)
    scope = report.model if ov.scope is None else ov.scope.name
    as_of = tr("report.as_of", snapshot=report.snapshot) if report.snapshot else ""
    lines = [
        "",
        tr("report.overview.head", scope=scope) + as_of,
        "  " + tr("report.findings_line", summary=summary_line(report)),
    ]
    head = lead_figures(ov)
    lines += _figure_lines(head)
    lines += _units(report, ov, head, depth)
    lines += _worst(report, ov)
    shown = {f.rule.id for f in head}
    rest = [f for f in ov.headline if f.rule.id not in shown]
    if rest:
        key = "report.overview.rules" if head else "report.overview.rules_all"
        lines += ["", tr(key, scope=scope)]
        lines += _figure_lines(rest)
    return lines


def _figure_lines(figures: list[Figure]) -> list[str]:
    """One line a figure: title, ratio, covered/total and what is counted, a bar."""
    if not figures:
        return []
    wide = max(width(f.title) for f in figures)
    counts = [count_phrase(f.rule, f.row) for f in figures]
    count_wide = max(width(c) for c in counts)
    return [
        f"  {pad(f.title, wide)}  {pct(f.row):>6}  {pad(c, count_wide)}  {bar(f.ratio)}".rstrip()
        for f, c in zip(figures, counts, strict=True)
    ]


def _units(report: Report, ov: Overview, head: list[Figure], depth: str | None) -> list[str]:
    """The units below the scope, a row each, the headline figures side by side."""
    rows = drill(report, depth)
    if not rows or not head:
        return []
    rules = [f.rule for f in head[:SIDE_BY_SIDE]]
    title, first = units_title(report, rows)
    names = ["  " * d + u.node.name for d, u in rows]
    cells = [[unit_cell(u.rows.get(r.id), pad_to=6) for r in rules] for _, u in rows]
    header = [first, *(short_title(r) for r in rules)]
    wides = [max(width(header[0]), *map(width, names))]
    wides += [max(width(header[i + 1]), *(width(c[i]) for c in cells)) for i in range(len(rules))]
    out = ["", title, "  " + "  ".join(pad(h, w) for h, w in zip(header, wides, strict=True))]
    for name, row in zip(names, cells, strict=True):
        line = "  ".join(pad(c, w) for c, w in zip([name, *row], wides, strict=True))
        out.append(("  " + line).rstrip())
    return out


def _worst(report: Report, ov: Overview) -> list[str]:
    """The units with the most findings: name, where they lie (when they lie
    below a unit under the scope), counts."""
    places = worst_places(ov)
    if not places:
        return []
    level = kind_label(ov.worst_level)
    chains = below_scope(report)
    header = tr("report.overview.worst_header", level=level).split("|")
    wheres = [place(chains.get(p.node.id, ())) for p in places]
    columns = [[p.node.name for p in places]]
    if any(wheres):
        columns.append([w or "—" for w in wheres])
    else:
        del header[1]
    columns += [[str(p.counts[s]) for p in places] for s in SEVERITIES]
    text = len(columns) - len(SEVERITIES)  # the columns of names, left-aligned
    wides = [max(width(h), *map(width, col)) for h, col in zip(header, columns, strict=True)]
    out = [
        "",
        tr(
            "report.overview.worst",
            count=len(places),
            level=kinds_label(ov.worst_level, len(places)),
        ),
    ]
    for cells in [header, *zip(*columns, strict=True)]:
        pairs = enumerate(zip(cells, wides, strict=True))
        padded = [pad(c, w, right=j >= text) for j, (c, w) in pairs]
        out.append("  " + "  ".join(padded))
    return out


def _findings(report: Report, limit: int) -> list[str]:
    """The findings by severity, then rule: its id, message and count, at most
    ``limit`` places, the advice."""
    lines: list[str] = []
    messages = {r.id: r for r in report.rules}
    for severity in SEVERITIES:
        groups = by_rule(report, severity)
        if not groups:
            continue
        total = sum(len(v) for v in groups.values())
        lines += ["", tr("report.severity_head", label=severity_label(severity), count=total)]
        for rule_id, found in groups.items():
            info = messages.get(rule_id)
            head = message(info, found[0])
            lines.append(
                "  " + tr("report.rule_head", rule=rule_id, message=head, count=len(found))
            )
            for f in found[:limit]:
                where = place(f.chain)
                lines.append(
                    "    "
                    + tr("report.node", name=f.node.name, id=f.node.id)
                    + (f"  {where}" if where else "")
                    + f"  {finding_text(f, info)}"
                )
            if len(found) > limit:
                lines.append("    " + tr("report.more", count=len(found) - limit))
            lines.append("    " + tr("report.hint", hint=found[0].hint))
    return lines


def _tail(report: Report, limit: int) -> list[str]:
    """Candidates, load and single points, as text lines."""
    lines: list[str] = []
    if report.candidates:
        lines += ["", tr("report.candidates", count=len(report.candidates))]
        for c in report.candidates[: limit * 3]:
            lines.append(
                "  "
                + tr(
                    "report.candidate_line",
                    action=pad(action_label(c.action), 12),
                    node=tr("report.node", name=c.node.name, id=c.node.id),
                    members=c.members,
                    current=form_label(c.current_form),
                    proposed=form_label(c.proposed_form),
                )
            )
        if len(report.candidates) > limit * 3:
            lines.append("  " + tr("report.more_items", count=len(report.candidates) - limit * 3))
    if report.load:
        lines += ["", tr("report.load")]
        for s in report.load:
            lines.append(
                "  "
                + tr(
                    "report.load_line",
                    label=s.label,
                    measure=s.measure,
                    count=s.count,
                    min=num(s.min),
                    median=num(s.median),
                    p90=num(s.p90),
                    max=num(s.max),
                    threshold=num(s.threshold),
                    outliers=len(s.outliers),
                )
            )
    if report.single_points:
        lines += ["", tr("report.single_points", count=len(report.single_points))]
        for p in report.single_points[:limit]:
            lines.append(
                "  "
                + tr(
                    "report.single_point_line",
                    name=p.node.name,
                    kind=kind_label(p.node.kind),
                    id=p.node.id,
                    errors=p.new_errors,
                    rules=", ".join(p.rules),
                )
            )
        if len(report.single_points) > limit:
            lines.append("  " + tr("report.more_items", count=len(report.single_points) - limit))
    if report.matching is not None:
        lines += matching_lines(report.matching, limit)
    if report.metrics is not None:
        lines += metrics_lines(report.metrics)
    return lines
