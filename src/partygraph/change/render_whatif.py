"""A what-if as text, Markdown, JSON or CSV: what the change would open and close, and where.

It leads with the findings by severity (As-is / To-be / 变化), then the
coverage of the rules whose coverage moves, then the units where it moves
(the lowest level first: a community is where one acts), then the findings
opened and closed.

Examples
--------
>>> from partygraph.change.whatif import ReportDelta
>>> from partygraph.change.data import Snapshot
>>> d = ReportDelta(old=Snapshot(name="示例市"), new=Snapshot(name="示例市"), removed=["p1"])
>>> print(render_whatif(d, "去掉 张三（p1）"))
示例市：假如去掉 张三（p1）
这样改动不会新增或消除任何问题，覆盖率也不变。
"""

from __future__ import annotations

import csv
import io
import json

from partygraph.change.data import CoverageChange
from partygraph.change.labels import top_coverage
from partygraph.change.render import (
    _bullets,
    _coverage_row,
    _details,
    _heading,
    _table,
    summary_rows,
)
from partygraph.change.rows import detail_rows
from partygraph.change.whatif import ReportDelta
from partygraph.i18n import tr
from partygraph.safe_text import neutralise_formula, printable

__all__ = ["moved_coverage", "render_whatif"]

_LEVEL_ORDER = {"residents_group": 0, "community": 1, "subdistrict": 2, "county": 3, "city": 4}


def moved_coverage(d: ReportDelta) -> list[CoverageChange]:
    """Coverage rows whose count changes, the lowest level first."""
    rows = [
        c
        for c in d.coverage
        if (c.covered_before, c.total_before) != (c.covered_after, c.total_after)
    ]
    return sorted(rows, key=lambda c: (_LEVEL_ORDER.get(c.level, 9), c.rule, c.node.id))


def render_whatif(d: ReportDelta, what: str, fmt: str = "text", *, limit: int = 20) -> str:
    """The what-if ``d`` (``what`` says the change, in words) in ``fmt``."""
    if fmt == "json":
        return json.dumps(d.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    moved = moved_coverage(d)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(tr("change.csv_header").split("|"))
        keep = {(c.rule, c.node.id) for c in moved}
        for row in detail_rows(None, d):
            if row[0] == tr("change.part.coverage") and (row[4], row[2]) not in keep:
                continue
            w.writerow([neutralise_formula(v) if isinstance(v, str) else v for v in row])
        return buf.getvalue()
    md = fmt == "markdown"
    lines = [("# " if md else "") + tr("change.whatif.title", model=d.old.name, what=what)]
    if d.also_removed:
        names = tr("report.list_separator").join(
            tr("report.node", name=e.name, id=e.id) for e in d.also_removed[:limit]
        )
        lines.append(tr("change.whatif.also", count=len(d.also_removed), names=names))
    if d.is_empty():
        lines.append(tr("change.whatif.nothing"))
        return "\n".join(printable(x) for x in lines) + "\n"
    findings = dict(summary_rows(None, d))[tr("change.findings")]
    lines += ["", ("## " if md else "") + tr("change.findings"), *_table(findings, md)]
    top = {(c.rule, c.node.id) for c in top_coverage(d)}
    rows = [_coverage_row(d, c) for c in moved if (c.rule, c.node.id) in top]
    if rows:
        lines += ["", ("## " if md else "") + tr("change.coverage"), *_table(rows, md)]
    where = [c for c in moved if (c.rule, c.node.id) not in top]
    if where:
        lines += _heading(tr("change.whatif.where", count=len(where)), md)
        lines += _bullets(
            [
                tr(
                    "change.whatif.where_line",
                    node=tr("report.node", name=c.node.name, id=c.node.id),
                    title=d.titles.get(c.rule, c.rule),
                    before=f"{c.covered_before}/{c.total_before}",
                    after=f"{c.covered_after}/{c.total_after}",
                )
                for c in where
            ],
            limit,
            md,
        )
    lines += _details(None, d, md, limit)
    return "\n".join(printable(x) for x in lines) + "\n"
