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
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from partygraph.change.data import CoverageChange, ModelDiff, ReportDiff, Snapshot
from partygraph.i18n import language, tr
from partygraph.model.base import unwrap_type
from partygraph.model.entities import SECTIONS
from partygraph.model.population import TABLES
from partygraph.report.textwidth import pad, width
from partygraph.safe_text import neutralise_formula, printable
from partygraph.vocabulary import ENUMERATIONS, RELATION_LABELS, SEVERITIES, SEVERITY_LABELS
from partygraph.vocabulary.headers import TABLE_TITLES, header

__all__ = ["FORMATS", "Row", "detail_rows", "render", "summary_rows", "title"]

#: The formats of a diff, and the suffix each is written with.
FORMATS = {"text": ".txt", "markdown": ".md", "json": ".json", "csv": ".csv", "xlsx": ".xlsx"}

#: One line of the headline table: item, as-is, to-be, change.
Row = tuple[str, str, str, str]


def _zh() -> bool:
    return language() == "zh"


def _side(s: Snapshot) -> str:
    return tr("change.side", name=s.name, snapshot=s.snapshot) if s.snapshot else s.name


def title(d: ModelDiff | None, r: ReportDiff | None) -> str:
    """The first line: which snapshots, old → new."""
    sides = d if d is not None else r
    assert sides is not None
    return printable(tr("change.title", old=_side(sides.old), new=_side(sides.new)))


def section_label(section: str) -> str:
    """A section's or table's name for a reader (its Chinese title, or its name)."""
    return TABLE_TITLES.get(section, section) if _zh() else section.replace("_", " ")


def field_label(section: str, field: str) -> str:
    if not _zh():
        return field
    named = header(section, field)
    return TABLE_TITLES.get(field, named) if named == field else named


@cache
def _enum_labels(section: str, field: str) -> dict[Any, str]:
    """The Chinese terms of an enumerated field's codes (``{}`` if it has none)."""
    cls = SECTIONS.get(section)
    if cls is None or field not in cls.model_fields:
        return {}
    tp, _ = unwrap_type(typing.get_type_hints(cls)[field])
    return next((labels for t, labels in ENUMERATIONS.values() if t == tp), {})


def field_value(section: str, field: str, v: Any) -> str:
    """A field's value for a reader: an enumerated code as its Chinese term."""
    labels = _enum_labels(section, field) if _zh() else {}
    if labels and isinstance(v, str):
        return labels.get(v, v)
    if labels and isinstance(v, list) and all(isinstance(x, str) for x in v):
        return _value([labels.get(x, x) for x in v])
    return _value(v)


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _signed(value: int) -> str:
    return f"{value:+,}" if value else "0"


def _ratio(c: CoverageChange, after: bool) -> str:
    ratio = c.ratio_after if after else c.ratio_before
    covered = c.covered_after if after else c.covered_before
    total = c.total_after if after else c.total_before
    if covered is None or total is None:
        return ""
    shown = "—" if ratio is None else f"{ratio * 100:.1f}%"
    return tr("change.coverage_cell", ratio=shown, covered=f"{covered:,}", total=f"{total:,}")


def _points(c: CoverageChange) -> str:
    return "" if c.points is None else tr("change.points", points=f"{c.points:+.1f}")


def top_coverage(r: ReportDiff) -> list[CoverageChange]:
    """The coverage rows of the top unit (the city, or the scope) of each rule."""
    ids: dict[str, set[str]] = {}
    for c in r.coverage:
        ids.setdefault(c.rule, set()).add(c.node.id)
    return [c for c in r.coverage if c.parent is None or c.parent not in ids[c.rule]]


def summary_rows(d: ModelDiff | None, r: ReportDiff | None) -> Iterator[tuple[str, list[Row]]]:
    """The headline tables, each with its heading: (heading, rows)."""
    if r is not None and r.headline:
        head = set(r.headline)
        rows = [c for c in top_coverage(r) if c.rule in head]
        yield tr("change.headline"), [_coverage_row(r, c) for c in rows]
    if d is not None:
        yield tr("change.entities"), [
            (
                section_label(s.section),
                _n(s.before),
                _n(s.after),
                f"{_signed(s.after - s.before)}（"
                + tr("change.entity_detail", added=len(s.added), removed=len(s.removed),
                     changed=len(s.changed))
                + "）",
            )
            for s in d.sections
            if s.before or s.after
        ]
        yield tr("change.tables"), [
            (
                section_label(t.table),
                _n(t.before),
                _n(t.after),
                f"{_signed(t.after - t.before)}（"
                + tr("change.table_detail" if TABLES[t.table].has_ids else "change.link_table_detail",
                     added=f"{t.added:,}", removed=f"{t.removed:,}",
                     changed=f"{t.changed:,}", moved=f"{t.moved:,}")
                + "）",
            )
            for t in d.tables
            if t.before or t.after
        ]
    if r is not None:
        yield tr("change.findings"), [
            (
                SEVERITY_LABELS[s] if _zh() else s,
                _n(r.counts_before.get(s, 0)),
                _n(r.counts_after.get(s, 0)),
                f"{_signed(r.counts_after.get(s, 0) - r.counts_before.get(s, 0))}（"
                + tr("change.finding_detail", opened=f"{r.opened_count(s):,}",
                     closed=f"{r.closed_count(s):,}", persisting=f"{r.persisting.get(s, 0):,}")
                + "）",
            )
            for s in SEVERITIES
        ]
        yield tr("change.coverage"), [_coverage_row(r, c) for c in top_coverage(r)]
    if d is not None:
        yield tr("change.links"), [
            (
                RELATION_LABELS.get(lc.relation, lc.relation) if _zh() else lc.relation,
                _n(lc.before),
                _n(lc.after),
                f"{_signed(lc.after - lc.before)}（"
                + tr("change.link_detail", added=f"{lc.added:,}", removed=f"{lc.removed:,}")
                + "）",
            )
            for lc in d.links
            if lc.added or lc.removed
        ]


def _coverage_row(r: ReportDiff, c: CoverageChange) -> Row:
    return (r.titles.get(c.rule, c.rule), _ratio(c, False), _ratio(c, True), _points(c))


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

        raise PartygraphError(
            tr("change.unknown_format", format=fmt, formats=", ".join(FORMATS))
        )
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
        "  " + pad(row[0], widths[0]) + "  " + pad(row[1], widths[1], right=True) + "  "
        + pad(row[2], widths[2], right=True) + "  " + row[3]
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


def _value(v: Any) -> str:
    if v is None or v == [] or v == "":
        return tr("change.empty_value")
    if isinstance(v, list) and any(isinstance(x, dict) for x in v):
        dates = [str(x["date"]) for x in v if isinstance(x, dict) and x.get("date")]
        if dates:
            return tr("change.records_dated", count=len(v), last=max(dates))
        return tr("change.records", count=len(v))
    if isinstance(v, list):
        return tr("report.list_separator").join(_value(x) for x in v) if len(v) <= 5 else f"[{len(v)}]"
    if isinstance(v, dict):
        return ", ".join(f"{k}={_value(x)}" for k, x in v.items() if x is not None)
    return str(v)


def _details(d: ModelDiff | None, r: ReportDiff | None, md: bool, limit: int) -> list[str]:
    lines: list[str] = []
    node = "report.node"
    if r is not None:
        for s in SEVERITIES:
            label = SEVERITY_LABELS[s] if _zh() else s
            for key, items in (("change.opened", r.opened), ("change.closed", r.closed)):
                found = [f for f in items if f.severity == s]
                if found and (s == "error" or key == "change.opened"):
                    lines += _heading(tr(key, label=label, count=len(found)), md)
                    lines += _bullets(
                        [
                            tr("change.finding_line", node=tr(node, name=f.node.name, id=f.node.id),
                               message=f.message, rule=f.rule)
                            for f in found
                        ],
                        limit,
                        md,
                    )
        if r.candidates_new or r.candidates_resolved:
            lines += _heading(
                tr("change.candidates", new=len(r.candidates_new),
                   resolved=len(r.candidates_resolved)),
                md,
            )
    if d is None:
        return lines
    if d.moves:
        lines += _heading(tr("change.moves", count=len(d.moves)), md)
        lines += _bullets(
            [
                tr("change.move_line", section=section_label(m.section), name=m.name, id=m.id,
                   field=field_label(m.section, m.field), before=field_value(m.section, m.field, m.before),
                   after=field_value(m.section, m.field, m.after))
                for m in d.moves
            ],
            limit,
            md,
        )
    for s in d.sections:
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
                    tr("change.change_line", name=c.name, id=c.id, changes=tr(
                        "report.list_separator").join(
                        tr("change.field_change", field=field_label(s.section, f.field),
                           before=field_value(s.section, f.field, f.before),
                           after=field_value(s.section, f.field, f.after))
                        for f in c.changes
                    ))
                    for c in s.changed
                ],
                limit,
                md,
            )
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
            lines.append(tr("change.more", count=len(rows) - limit))
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


def detail_rows(d: ModelDiff | None, r: ReportDiff | None) -> Iterator[list[Any]]:
    """Every item of the diff and the comparison, one row each (for CSV and xlsx):
    part, item, id, name, field, as-is, to-be, change."""
    part = lambda key: tr(f"change.part.{key}")  # noqa: E731
    if r is not None:
        for c in top_coverage(r) + [c for c in r.coverage if c not in top_coverage(r)]:
            yield [part("coverage"), r.titles.get(c.rule, c.rule), c.node.id, c.node.name,
                   c.rule, _ratio(c, False), _ratio(c, True), c.points]
        for key, items in (("opened", r.opened), ("closed", r.closed)):
            for f in items:
                yield [part("finding"), part(key), f.node.id, f.node.name, f.rule,
                       f.severity, f.message, ""]
    if d is None:
        return
    for s in d.sections:
        label = section_label(s.section)
        yield [part("section"), label, "", "", "", s.before, s.after, s.after - s.before]
        for key, refs in (("added", s.added), ("removed", s.removed)):
            for e in refs:
                yield [part("section"), label, e.id, e.name, part(key), "", "", ""]
        for c in s.changed:
            for f in c.changes:
                yield [part("section"), label, c.id, c.name, field_label(s.section, f.field),
                       field_value(s.section, f.field, f.before),
                       field_value(s.section, f.field, f.after), part("changed")]
    for t in d.tables:
        yield [part("table"), section_label(t.table), "", "", "", t.before, t.after,
               t.after - t.before]
        for col, n in t.columns.items():
            yield [part("table"), section_label(t.table), "", "", field_label(t.table, col),
                   "", "", n]
    for lc in d.links:
        yield [part("link"), RELATION_LABELS.get(lc.relation, lc.relation) if _zh()
               else lc.relation, "", "", lc.relation, lc.before, lc.after, lc.after - lc.before]
    for cc in d.communities:
        if cc.changed():
            for name in ("households", "members", "registrations"):
                v = getattr(cc, name)
                yield [part("community"), cc.name, cc.id, cc.name, name, v.before, v.after,
                       v.after - v.before]
