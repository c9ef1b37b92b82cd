"""The rows of a diff and a report comparison for CSV and xlsx: every item, one row each.

The columns: part, item, id, name, field, as-is, to-be, change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from partygraph.change.data import ModelDiff, ReportDiff
from partygraph.change.labels import (
    field_label,
    field_value,
    ratio_cell,
    section_label,
    top_coverage,
    zh,
)
from partygraph.i18n import tr
from partygraph.vocabulary import RELATION_LABELS

__all__ = ["detail_rows"]


def detail_rows(d: ModelDiff | None, r: ReportDiff | None) -> Iterator[list[Any]]:
    """Every item of the diff and the comparison, one row each (for CSV and xlsx):
    part, item, id, name, field, as-is, to-be, change."""
    if r is not None:
        yield from _report_rows(r)
    if d is not None:
        yield from _diff_rows(d)


def _part(key: str) -> str:
    return tr(f"change.part.{key}")


def _report_rows(r: ReportDiff) -> Iterator[list[Any]]:
    top = top_coverage(r)
    keys = {(c.rule, c.node.id) for c in top}
    for c in top + [c for c in r.coverage if (c.rule, c.node.id) not in keys]:
        yield [
            _part("coverage"),
            r.titles.get(c.rule, c.rule),
            c.node.id,
            c.node.name,
            c.rule,
            ratio_cell(c, False),
            ratio_cell(c, True),
            c.points,
        ]
    for key, items in (("opened", r.opened), ("closed", r.closed)):
        for f in items:
            yield [
                _part("finding"),
                _part(key),
                f.node.id,
                f.node.name,
                f.rule,
                f.severity,
                f.message,
                "",
            ]


def _diff_rows(d: ModelDiff) -> Iterator[list[Any]]:
    for s in d.sections:
        label = section_label(s.section)
        yield [_part("section"), label, "", "", "", s.before, s.after, s.after - s.before]
        for key, refs in (("added", s.added), ("removed", s.removed)):
            for e in refs:
                yield [_part("section"), label, e.id, e.name, _part(key), "", "", ""]
        for c in s.changed:
            for f in c.changes:
                yield [
                    _part("section"),
                    label,
                    c.id,
                    c.name,
                    field_label(s.section, f.field),
                    field_value(s.section, f.field, f.before),
                    field_value(s.section, f.field, f.after),
                    _part("changed"),
                ]
    for t in d.tables:
        yield [
            _part("table"),
            section_label(t.table),
            "",
            "",
            "",
            t.before,
            t.after,
            t.after - t.before,
        ]
        for col, n in t.columns.items():
            yield [
                _part("table"),
                section_label(t.table),
                "",
                "",
                field_label(t.table, col),
                "",
                "",
                n,
            ]
    for lc in d.links:
        yield [
            _part("link"),
            RELATION_LABELS.get(lc.relation, lc.relation) if zh() else lc.relation,
            "",
            "",
            lc.relation,
            lc.before,
            lc.after,
            lc.after - lc.before,
        ]
    for cc in d.communities:
        if cc.changed():
            for name in ("households", "members", "registrations"):
                v = getattr(cc, name)
                yield [
                    _part("community"),
                    cc.name,
                    cc.id,
                    cc.name,
                    name,
                    v.before,
                    v.after,
                    v.after - v.before,
                ]
