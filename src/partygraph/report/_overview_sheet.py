"""The overview sheet (概览) of the report's workbook: what the analyst reads first.

Private to :mod:`partygraph.report.xlsx`.  Title, model, 数据日期, rule packs
and findings by severity; every coverage rule's figure at the scope, under
its title, headline rules first; the headline figures of each unit one level
down (a column a unit); the units with the most findings; how many rows each
sheet holds, and where a table went on to another sheet.  Written top down,
row by row, as constant-memory mode needs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from partygraph.i18n import tr
from partygraph.model.report import SEVERITIES, Report, RuleInfo
from partygraph.report import _sheet
from partygraph.report._common import kind_label, severity_label
from partygraph.report._sheet import Book, Kind, Sheet, part_names
from partygraph.report.overview import counted, overview, title

__all__ = ["overview_sheet"]

#: Units one level down get these many figures when no rule is a headline.
_OVERVIEW_FIGURES = 4


def overview_sheet(book: Book, report: Report, sizes: dict[str, int]) -> None:
    """Write the 概览 sheet; ``sizes`` are the other sheets' names and rows."""
    sheet = Sheet(book, tr("workbook.sheet.overview"))
    rows = _Rows(sheet)
    rows.line([(tr("report.title", model=report.model), "text")], fmt=book.title, measure=False)
    snapshot: object = report.snapshot
    with contextlib.suppress(ValueError):  # a date as a date; anything else as written
        snapshot = dt.date.fromisoformat(report.snapshot or "")
    rows.line([(tr("workbook.snapshot"), "text"), (snapshot, "date")])
    rows.line([(tr("workbook.packs"), "text"), (", ".join(report.packs), "text")], measure=False)
    rows.line([(tr("workbook.rule_count"), "text"), (len(report.rules), "int")])
    rows.gap()
    rows.section(tr("workbook.findings_head"))
    rows.head([tr("workbook.col.severity"), tr("workbook.col.count")])
    counts = report.counts()
    for s in SEVERITIES:
        rows.line([(severity_label(s), "text"), (counts[s], "int")])
    rows.line([(tr("workbook.col.all"), "text"), (sum(counts.values()), "int")])
    rows.gap()
    ov = overview(report)
    if ov.scope is None:
        rows.line([(tr("workbook.no_coverage"), "text")], measure=False)
    else:
        rows.section(tr("workbook.scope_head", scope=ov.scope.name))
        rows.head(
            [
                tr(f"workbook.col.{c}")
                for c in ("rule", "ratio", "covered", "total", "counts", "headline", "rule_id")
            ]
        )
        for fig in ov.headline:
            r = fig.row
            rows.line(
                [
                    (fig.title, "text"),
                    (r.ratio, "pct"),
                    (r.covered, "int"),
                    (r.total, "int"),
                    (counted(fig.rule), "text"),
                    (tr("workbook.yes") if fig.rule.headline else None, "text"),
                    (r.rule, "text"),
                ]
            )
        _units(rows, ov.rules, ov.level, ov.units)
    _worst(rows, report, ov.worst_level, ov.worst)
    rows.gap()
    rows.section(tr("workbook.sheets_head"))
    rows.head([tr("workbook.col.sheet"), tr("workbook.col.rows")])
    for name, count in sizes.items():
        rows.line([(name, "text"), (count, "int")])
        parts = part_names(name, count)
        if len(parts) > 1:
            note = tr(
                "workbook.split",
                sheet=name,
                count=f"{count:,}",
                limit=f"{_sheet.ROW_LIMIT:,}",
                sheets=tr("report.list_separator").join(parts),
            )
            rows.line([(note, "text")], measure=False)
    sheet.fit(floor=10)


class _Rows:
    """The overview's rows, written top down (constant memory writes rows in order)."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet, self.row = sheet, 0

    def line(self, cells: list[tuple[object, Kind]], fmt: Any = None, measure: bool = True) -> None:
        for c, (value, kind) in enumerate(cells):
            self.sheet.put(self.row, c, value, kind, fmt, measure=measure)
        self.row += 1

    def head(self, titles: list[str]) -> None:
        for c, t in enumerate(titles):
            self.sheet.put(self.row, c, t, "text", self.sheet.book.head)
        self.row += 1

    def section(self, text: str) -> None:
        self.line([(text, "text")], fmt=self.sheet.book.section, measure=False)

    def gap(self) -> None:
        self.row += 1


def _units(rows: _Rows, rules: tuple[RuleInfo, ...], level: str | None, units: Any) -> None:
    """The headline figures of each unit one level down: a row a rule, a column a unit."""
    if level is None or not units:
        return
    shown = [r for r in rules if r.headline] or list(rules[:_OVERVIEW_FIGURES])
    rows.gap()
    sheet_name = tr("workbook.sheet.coverage")
    rows.section(tr("workbook.units_head", level=kind_label(level), sheet=sheet_name))
    rows.head([tr("workbook.col.rule"), *(u.node.name for u in units)])
    rows.line([(tr("workbook.col.unit_id"), "text"), *((u.node.id, "text") for u in units)])
    for r in shown:
        cells: list[tuple[object, Kind]] = [(title(r), "text")]
        cells += [(u.rows[r.id].ratio if r.id in u.rows else None, "pct") for u in units]
        rows.line(cells)


def _worst(rows: _Rows, report: Report, level: str, worst: Any) -> None:
    """The units with the most findings, errors first, with their parent."""
    if not worst:
        return
    parents = _parent_names(report)
    rows.gap()
    rows.section(tr("workbook.worst_head", count=len(worst), level=kind_label(level)))
    keys = ("errors", "warnings", "infos", "all", "parent", "unit_id")
    rows.head([kind_label(level), *(tr(f"workbook.col.{k}") for k in keys)])
    for place in worst:
        cells: list[tuple[object, Kind]] = [(place.node.name, "text")]
        cells += [(place.counts[s], "int") for s in SEVERITIES]
        cells += [(sum(place.counts.values()), "int"), (parents.get(place.node.id), "text")]
        rows.line([*cells, (place.node.id, "text")])


def _parent_names(report: Report) -> dict[str, str]:
    """Each unit's parent's name, from the coverage rows and the findings' chains."""
    names = {c.node.id: c.node.name for c in report.coverage}
    out = {c.node.id: names[c.parent] for c in report.coverage if c.parent in names}
    for f in report.findings:
        if f.chain and f.node.id not in out:
            out[f.node.id] = f.chain[-1].name
    return out
