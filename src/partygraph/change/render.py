"""A diff and a report comparison as text, Markdown, JSON and CSV (xlsx: :mod:`.xlsx`).

Every rendering leads with the headline figures in a three-column As-is /
To-be / 变化 table: with a report comparison the headline coverage first,
then the entities by kind, the bulk tables and the findings by severity;
the details (findings opened and closed, moves, changed fields, community
population) follow, each list cut at ``limit`` with a line saying how many
more there are.  CSV and xlsx hold one row per item, all of them.

Examples
--------
>>> from partygraph.change.data import ModelDiff, Snapshot
>>> print(render(ModelDiff(old=Snapshot(name="2022"), new=Snapshot(name="2023")), None))
2022 → 2023：变化
两份数据没有差别。
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from partygraph.change.data import CoverageChange, ModelDiff, ReportDiff, SectionDiff, Snapshot
from partygraph.change.labels import (
    field_label,
    field_value,
    ratio_cell,
    section_label,
    top_coverage,
    zh,
)
from partygraph.change.rows import detail_rows
from partygraph.i18n import tr
from partygraph.model.population import TABLES
from partygraph.report.textwidth import pad, width
from partygraph.safe_text import neutralise_formula, printable
from partygraph.vocabulary import RELATION_LABELS, SEVERITIES, SEVERITY_LABELS

__all__ = ["FORMATS", "Row", "render", "summary_rows", "title"]

#: The formats of a diff, and the suffix each is written with.
FORMATS = {"text": ".txt", "markdown": ".md", "json": ".json", "csv": ".csv", "xlsx": ".xlsx"}

#: One line of the headline table: item, as-is, to-be, change.
Row = tuple[str, str, str, str]


def _side(s: Snapshot) -> str:
    return tr("change.side", name=s.name, snapshot=s.snapshot) if s.snapshot else s.name


def title(d: ModelDiff | None, r: ReportDiff | None) -> str:
    """The first line: which snapshots, old → new."""
    sides = d if d is not None else r
    assert sides is not None
    return printable(tr("change.title", old=_side(sides.old), new=_side(sides.new)))


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _signed(value: int) -> str:
    return f"{value:+,}" if value else "0"


def _points(c: CoverageChange) -> str:
    return "" if c.points is None else tr("change.points", points=f"{c.points:+.1f}")


def summary_rows(d: ModelDiff | None, r: ReportDiff | None) -> Iterator[tuple[str, list[Row]]]:
    """The headline tables, each with its heading: (heading, rows)."""
    if r is not None and r.headline:
        head = set(r.headline)
        rows = [c for c in top_coverage(r) if c.rule in head]
        yield tr("change.headline"), [_coverage_row(r, c) for c in rows]
    if d is not None:
        yield (
            tr("change.entities"),
            [
                (
                    section_label(s.section),
                    _n(s.before),
                    _n(s.after),
                    tr(
                        "change.change_cell",
                        delta=_signed(s.after - s.before),
                        detail=tr(
                            "change.entity_detail",
                            added=len(s.added),
                            removed=len(s.removed),
                            changed=len(s.changed),
                        ),
                    ),
                )
                for s in d.sections
                if s.before or s.after
            ],
        )
        yield (
            tr("change.tables"),
            [
                (
                    section_label(t.table),
                    _n(t.before),
                    _n(t.after),
                    tr(
                        "change.change_cell",
                        delta=_signed(t.after - t.before),
                        detail=tr(
                            "change.table_detail"
                            if TABLES[t.table].has_ids
                            else "change.link_table_detail",
                            added=f"{t.added:,}",
                            removed=f"{t.removed:,}",
                            changed=f"{t.changed:,}",
                            moved=f"{t.moved:,}",
                        ),
                    ),
                )
                for t in d.tables
                if t.before or t.after
            ],
        )
    if r is not None:
        yield (
            tr("change.findings"),
            [
                (
                    SEVERITY_LABELS[s] if zh() else s,
                    _n(r.counts_before.get(s, 0)),
                    _n(r.counts_after.get(s, 0)),
                    tr(
                        "change.change_cell",
                        delta=_signed(r.counts_after.get(s, 0) - r.counts_before.get(s, 0)),
                        detail=tr(
                            "change.finding_detail",
                            opened=f"{r.opened_count(s):,}",
                            closed=f"{r.closed_count(s):,}",
                            persisting=f"{r.persisting.get(s, 0):,}",
                        ),
                    ),
                )
                for s in SEVERITIES
            ],
        )
        yield tr("change.coverage"), [_coverage_row(r, c) for c in top_coverage(r)]
    if d is not None:
        yield (
            tr("change.links"),
            [
                (
                    RELATION_LABELS.get(lc.relation, lc.relation) if zh() else lc.relation,
                    _n(lc.before),
                    _n(lc.after),
                    tr(
                        "change.change_cell",
                        delta=_signed(lc.after - lc.before),
                        detail=tr(
                            "change.link_detail", added=f"{lc.added:,}", removed=f"{lc.removed:,}"
                        ),
                    ),
                )
                for lc in d.links
                if lc.added or lc.removed
            ],
        )


def _coverage_row(r: ReportDiff, c: CoverageChange) -> Row:
    return (r.titles.get(c.rule, c.rule), ratio_cell(c, False), ratio_cell(c, True), _points(c))


def render(
    d: ModelDiff | None, r: ReportDiff | None = None, fmt: str = "text", *, limit: int = 20
) -> str:
    """The diff ``d`` and/or the comparison ``r`` in ``fmt`` (text, markdown, json, csv)."""
    if fmt == "json":
        out: dict[str, Any] = {}
        if d is not None:
            out["diff"] = d.model_dump(mode="json")
        if r is not None:
            out["report"] = r.model_dump(mode="json")
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(tr("change.csv_header").split("|"))
        for row in detail_rows(d, r):
            w.writerow([neutralise_formula(str(v)) if isinstance(v, str) else v for v in row])
        return buf.getvalue()
    if fmt not in ("text", "markdown"):
        from partygraph.errors import PartygraphError

        raise PartygraphError(tr("change.unknown_format", format=fmt, formats=", ".join(FORMATS)))
    md = fmt == "markdown"
    lines = [("# " if md else "") + title(d, r)]
    if d is not None and d.scope:
        lines.append(tr("change.scope", scope=d.scope))
    if (d is None or d.is_empty()) and (r is None or r.is_empty()):
        lines.append(tr("change.no_change"))
        return "\n".join(lines) + "\n"
    for heading, rows in summary_rows(d, r):
        if rows:
            lines += ["", ("## " if md else "") + heading, *_table(rows, md)]
    lines += _details(d, r, md, limit)
    return "\n".join(printable(x) for x in lines) + "\n"


def _table(rows: list[Row], md: bool) -> list[str]:
    head = tuple(tr("change.header").split("|"))
    if md:
        cells = [head, *rows]
        out = ["|" + "|".join(_md(c) for c in row) + "|" for row in cells]
        out.insert(1, "|---|--:|--:|---|")
        return out
    widths = [max(width(row[i]) for row in (head, *rows)) for i in range(3)]
    return [
        "  "
        + pad(row[0], widths[0])
        + "  "
        + pad(row[1], widths[1], right=True)
        + "  "
        + pad(row[2], widths[2], right=True)
        + "  "
        + row[3]
        for row in (head, *rows)
    ]


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _bullets(items: list[str], limit: int, md: bool) -> list[str]:
    mark = "- " if md else "  - "
    out = [mark + (_md(x) if md else x) for x in items[:limit]]
    if len(items) > limit:
        out.append(mark + tr("change.more", count=len(items) - limit))
    return out


def _heading(text: str, md: bool) -> list[str]:
    return ["", ("### " if md else "") + text]


def _details(d: ModelDiff | None, r: ReportDiff | None, md: bool, limit: int) -> list[str]:
    lines = [] if r is None else _report_details(r, md, limit)
    return lines if d is None else lines + _diff_details(d, md, limit)


def _report_details(r: ReportDiff, md: bool, limit: int) -> list[str]:
    lines: list[str] = []
    node = "report.node"
    for s in SEVERITIES:
        label = SEVERITY_LABELS[s] if zh() else s
        for key, items in (("change.opened", r.opened), ("change.closed", r.closed)):
            found = [f for f in items if f.severity == s]
            if found and (s == "error" or key == "change.opened"):
                lines += _heading(tr(key, label=label, count=len(found)), md)
                lines += _bullets(
                    [
                        tr(
                            "change.finding_line",
                            node=tr(node, name=f.node.name, id=f.node.id),
                            message=f.message,
                            rule=f.rule,
                        )
                        for f in found
                    ],
                    limit,
                    md,
                )
    if r.candidates_new or r.candidates_resolved:
        lines += _heading(
            tr(
                "change.candidates",
                new=len(r.candidates_new),
                resolved=len(r.candidates_resolved),
            ),
            md,
        )
    return lines


def _diff_details(d: ModelDiff, md: bool, limit: int) -> list[str]:
    lines: list[str] = []
    node = "report.node"
    if d.moves:
        lines += _heading(tr("change.moves", count=len(d.moves)), md)
        lines += _bullets(
            [
                tr(
                    "change.move_line",
                    section=section_label(m.section),
                    name=m.name,
                    id=m.id,
                    field=field_label(m.section, m.field),
                    before=field_value(m.section, m.field, m.before),
                    after=field_value(m.section, m.field, m.after),
                )
                for m in d.moves
            ],
            limit,
            md,
        )
    for s in d.sections:
        lines += _section_details(s, md, limit)
    changed = [c for c in d.communities if c.changed()]
    if changed:
        lines += _heading(tr("change.communities", count=len(changed)), md)
        rows = [
            (
                tr(node, name=c.name, id=c.id),
                f"{c.households.before:,} → {c.households.after:,}",
                f"{c.members.before:,} → {c.members.after:,}",
                f"{c.registrations.before:,} → {c.registrations.after:,}",
            )
            for c in changed
        ]
        lines += _community_table(rows[:limit], md)
        if len(rows) > limit:
            lines += [""] * md + [tr("change.more", count=len(rows) - limit)]  # not a table row
    return lines


def _section_details(s: SectionDiff, md: bool, limit: int) -> list[str]:
    lines: list[str] = []
    node = "report.node"
    label = section_label(s.section)
    for key, refs in (("change.added", s.added), ("change.removed", s.removed)):
        if refs:
            lines += _heading(tr(key, section=label, count=len(refs)), md)
            lines += _bullets([tr(node, name=e.name, id=e.id) for e in refs], limit, md)
    if s.changed:
        lines += _heading(tr("change.changed", section=label, count=len(s.changed)), md)
        counts: dict[str, int] = {}
        for c in s.changed:
            for f in c.changes:
                counts[f.field] = counts.get(f.field, 0) + 1
        fields = tr("report.list_separator").join(
            tr("change.field_count", field=field_label(s.section, k), count=v)
            for k, v in sorted(counts.items(), key=lambda kv: -kv[1])
        )
        lines.append(tr("change.field_counts", fields=fields))
        lines += _bullets(
            [
                tr(
                    "change.change_line",
                    name=c.name,
                    id=c.id,
                    changes=tr("report.list_separator").join(
                        tr(
                            "change.field_change",
                            field=field_label(s.section, f.field),
                            before=field_value(s.section, f.field, f.before),
                            after=field_value(s.section, f.field, f.after),
                        )
                        for f in c.changes
                    ),
                )
                for c in s.changed
            ],
            limit,
            md,
        )
    return lines


def _community_table(rows: list[Row], md: bool) -> list[str]:
    head = tuple(tr("change.community_header").split("|"))
    if md:
        out = ["|" + "|".join(_md(c) for c in row) + "|" for row in (head, *rows)]
        out.insert(1, "|---|--:|--:|--:|")
        return out
    widths = [max(width(row[i]) for row in (head, *rows)) for i in range(4)]
    return [
        "  " + "  ".join(pad(c, widths[i], right=i > 0) for i, c in enumerate(row))
        for row in (head, *rows)
    ]
