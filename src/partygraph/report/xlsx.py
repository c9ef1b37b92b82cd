"""The check report as an Excel workbook: ``partygraph check FILE -o 报告.xlsx``.

Six sheets, named and headed in the current language (Chinese by default):

- **概览** — title, model, 数据日期, rule packs, findings by severity; every
  coverage rule's figure at the scope under its title (headline rules
  first); the headline figures of each unit one level down; the ten
  communities with the most findings; how many rows each sheet holds;
- **覆盖率** — every level, one row a unit × rule (层级, 上级, 单位名称, 单位代码,
  规则, 计数对象, 达标数, 总数, 覆盖率, 规则编号): a long table, so that one
  autofilter picks a level, a rule or a place and a sort ranks the units;
- **问题清单** — one row a finding, errors first: 严重程度, 规则, 对象, 类型,
  市/县区/街道/社区, 情况 (the finding's sentence), 建议, 实际值;
- **整改建议** — the candidates to set up, upgrade, split or adjust;
- **负荷** — each load measure's distribution, and beside it the outliers;
- **关键节点** — the single points of failure;
- **需求对接** and **关键人物** — when the report holds the optional sections
  ``matching`` and ``metrics`` (``check --with``): a row per paired community,
  a row per person or unit listed (:mod:`partygraph.report._analysis_sheets`).

Numbers are numbers (``#,##0``, ``0.0%``), text is text (never a formula:
:mod:`partygraph.report._sheet`), every table has a frozen bold header and an
autofilter.  The workbook is written by XlsxWriter in constant-memory mode
(a province's million findings stream through), into a temporary file
renamed into place at the end (:func:`partygraph.io.atomic.write_atomic`):
an error or Ctrl-C leaves no half-written workbook.

Examples
--------
>>> import partygraph, tempfile, pathlib
>>> from python_calamine import CalamineWorkbook
>>> report = partygraph.check(partygraph.load("tests/fixtures/rules/model.yaml"))
>>> with tempfile.TemporaryDirectory() as d:
...     write_workbook(report, pathlib.Path(d) / "报告.xlsx")
...     book = CalamineWorkbook.from_path(str(pathlib.Path(d) / "报告.xlsx"))
>>> book.sheet_names
['概览', '覆盖率', '问题清单', '整改建议', '负荷', '关键节点']
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from partygraph.errors import PartygraphError
from partygraph.i18n import tr
from partygraph.io.atomic import write_atomic
from partygraph.model.report import SEVERITIES, CoverageRow, Report, RuleInfo
from partygraph.report._analysis_sheets import analysis_sheets, analysis_sizes
from partygraph.report._common import (
    action_label,
    finding_text,
    form_label,
    kind_label,
    message,
    severity_label,
)
from partygraph.report._overview_sheet import overview_sheet
from partygraph.report._sheet import Book, Kind, Table
from partygraph.report.overview import counted, coverage_rules, title
from partygraph.vocabulary import LEVELS

__all__ = ["workbook_bytes", "write_workbook"]


def write_workbook(report: Report, path: str | os.PathLike[str]) -> None:
    """Write the report as an Excel workbook at ``path``, whole or not at all.

    Raises
    ------
    partygraph.errors.OutputError
        If the file cannot be written (nothing is left behind).
    """
    with write_atomic(Path(path), binary=True) as f:
        _write(report, f)


def workbook_bytes(report: Report) -> bytes:
    """The workbook as bytes (for ``-o -``: standard output that is not a terminal).

    >>> from partygraph.model.report import Report
    >>> workbook_bytes(Report(model="示例市"))[:2]
    b'PK'
    """
    buf = io.BytesIO()
    _write(report, buf)
    return buf.getvalue()


def _write(report: Report, target: IO[bytes]) -> None:
    try:
        import xlsxwriter  # type: ignore[import-untyped]
    except ImportError:  # a core dependency; a broken install still gets a sentence
        raise PartygraphError(tr("workbook.no_writer")) from None
    # The rows of each sheet wait in temporary files until the workbook is put
    # together: in a folder of our own, removed whatever happens.
    with tempfile.TemporaryDirectory(prefix="partygraph-xlsx-") as tmp:
        options = {
            "constant_memory": True,
            "tmpdir": tmp,
            "strings_to_formulas": False,  # no text becomes a formula, even by write()
            "strings_to_numbers": False,
            "strings_to_urls": False,
        }
        workbook = xlsxwriter.Workbook(target, options)
        book = Book(workbook)
        try:
            _sheets(book, report)
        except BaseException:
            for sheet in workbook.worksheets():  # release the row files before removal
                fh = getattr(sheet, "row_data_fh", None)
                if fh is not None:
                    fh.close()
            raise
        workbook.close()
    for name, rows, parts in book.splits:
        said = tr("report.list_separator").join(parts)
        count = f"{rows:,}"
        warnings.warn(
            tr("workbook.split_warning", sheet=name, count=count, parts=len(parts), sheets=said),
            UserWarning,
            stacklevel=3,
        )
    if book.non_finite:
        warnings.warn(tr("workbook.non_finite", count=book.non_finite), UserWarning, stacklevel=3)
    if book.truncated:
        warnings.warn(tr("workbook.truncated", count=book.truncated), UserWarning, stacklevel=3)


def _sheets(book: Book, report: Report) -> None:
    rules = {r.id: r for r in report.rules}
    sizes = {
        tr("workbook.sheet.coverage"): len(report.coverage),
        tr("workbook.sheet.findings"): len(report.findings),
        tr("workbook.sheet.candidates"): len(report.candidates),
        tr("workbook.sheet.load"): max(len(report.load), sum(len(s.outliers) for s in report.load)),
        tr("workbook.sheet.single_points"): len(report.single_points),
        **analysis_sizes(report),
    }
    overview_sheet(book, report, sizes)
    _coverage(book, report)
    _findings(book, report, rules)
    _candidates(book, report)
    _load(book, report)
    _single_points(book, report, rules)
    analysis_sheets(book, report)


def _texts(n: int) -> list[Kind]:
    """``n`` text columns."""
    return ["text"] * n


# -- 覆盖率 ----------------------------------------------------------------------------
def _coverage(book: Book, report: Report) -> None:
    cols = ("level", "parent", "unit", "unit_id", "rule", "counts", "covered", "total", "ratio")
    kinds: list[Kind] = [*_texts(6), "int", "int", "pct", "text"]
    table = Table(
        book,
        tr("workbook.sheet.coverage"),
        [tr(f"workbook.col.{c}") for c in (*cols, "rule_id")],
        kinds,
    )
    infos = {r.id: r for r in coverage_rules(report)}
    names = {c.node.id: c.node.name for c in report.coverage}
    for r in _coverage_order(report, list(infos)):
        info = infos.get(r.rule)
        table.add(
            [
                kind_label(r.level),
                names.get(r.parent or "", r.parent),
                r.node.name,
                r.node.id,
                r.rule if info is None else title(info),
                None if info is None else counted(info),
                r.covered,
                r.total,
                r.ratio,
                r.rule,
            ]
        )
    table.close()


def _coverage_order(report: Report, rules: list[str]) -> list[CoverageRow]:
    """Every coverage row once: top level first, each unit's rows together (units in
    report order), its rules headline first; a row of a level or rule the report
    does not describe comes after the others, not left out."""
    levels: dict[str, int] = {lvl: i for i, lvl in enumerate(LEVELS)}
    units: dict[str, int] = {}
    for c in report.coverage:
        units.setdefault(c.node.id, len(units))
    order = {r: i for i, r in enumerate(rules)}
    return sorted(
        report.coverage,
        key=lambda c: (
            levels.get(c.level, len(levels)),
            units[c.node.id],
            order.get(c.rule, len(order)),
        ),
    )


# -- 问题清单 --------------------------------------------------------------------------
_PLACE_COLS = tuple(f"workbook.col.{lvl}" for lvl in LEVELS)


def _findings(book: Book, report: Report, rules: dict[str, RuleInfo]) -> None:
    head = ("severity", "rule", "rule_id", "name", "id", "kind")
    tail = ("finding", "hint", "value")
    kinds: list[Kind] = [*_texts(len(head) + len(LEVELS) + 2), "value"]
    titles = [
        *(tr(f"workbook.col.{c}") for c in head),
        *map(tr, _PLACE_COLS),
        *(tr(f"workbook.col.{c}") for c in tail),
    ]
    table = Table(book, tr("workbook.sheet.findings"), titles, kinds)
    for row in _finding_rows(report, rules):
        table.add(row)
    table.close()


def _finding_rows(report: Report, rules: dict[str, RuleInfo]) -> Iterator[list[object]]:
    """One row a finding, errors first, each severity in report order."""
    labels = {s: severity_label(s) for s in SEVERITIES}
    # Each rule's message and each kind's label once, not once a finding (a million).
    said: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for severity in SEVERITIES:
        for f in report.findings:
            if f.severity != severity:
                continue
            info = rules.get(f.rule)
            if f.rule not in said or info is None:  # without its rule: the finding's own
                said[f.rule] = message(info, f)
            if f.node.kind not in kinds:
                kinds[f.node.kind] = kind_label(f.node.kind)
            levels = {n.kind: n.name for n in (*f.chain, f.node)}
            yield [
                labels[severity],
                said[f.rule],
                f.rule,
                f.node.name,
                f.node.id,
                kinds[f.node.kind],
                *(levels.get(lvl) for lvl in LEVELS),
                finding_text(f, info),
                f.hint,
                f.value,
            ]


# -- 整改建议 --------------------------------------------------------------------------
def _candidates(book: Book, report: Report) -> None:
    head = ("action", "name", "id", "kind")
    tail = ("members", "current_form", "proposed_form", "rule_id")
    kinds: list[Kind] = [*_texts(len(head) + len(LEVELS)), "int", "text", "text", "text"]
    titles = [
        *(tr(f"workbook.col.{c}") for c in head),
        *map(tr, _PLACE_COLS),
        *(tr(f"workbook.col.{c}") for c in tail),
    ]
    table = Table(book, tr("workbook.sheet.candidates"), titles, kinds)
    for c in report.candidates:
        levels = {n.kind: n.name for n in (*c.chain, c.node)}
        table.add(
            [
                action_label(c.action),
                c.node.name,
                c.node.id,
                kind_label(c.node.kind),
                *(levels.get(lvl) for lvl in LEVELS),
                c.members,
                form_label(c.current_form) if c.current_form else None,
                form_label(c.proposed_form) if c.proposed_form else None,
                c.rule,
            ]
        )
    table.close()


# -- 负荷 ----------------------------------------------------------------------------
_STAT_COLS = ("measure", "measure_id", "count", "min", "median", "p90", "max", "threshold")
_STAT_KINDS: tuple[Kind, ...] = ("text", "text", "int", *(("float",) * 5), "int")


def _load(book: Book, report: Report) -> None:
    """The distributions on the left, their outliers (filterable) on the right."""
    right = len(_STAT_COLS) + 2  # one empty column between the two tables
    cols = ("measure", "name", "id", "kind", "value", "threshold")
    kinds: list[Kind] = [*_texts(4), "float", "float"]
    table = Table(
        book,
        tr("workbook.sheet.load"),
        [tr(f"workbook.col.{c}") for c in cols],
        kinds,
        first_col=right,
    )
    sheet = table.sheet
    for c, key in enumerate((*_STAT_COLS, "outliers")):
        sheet.put(0, c, tr(f"workbook.col.{key}"), "text", book.head)
    stats = [
        [s.label, s.measure, s.count, s.min, s.median, s.p90, s.max, s.threshold, len(s.outliers)]
        for s in report.load
    ]
    outliers = [
        [s.label, o.node.name, o.node.id, kind_label(o.node.kind), o.value, s.threshold]
        for s in report.load
        for o in s.outliers
    ]
    for i in range(max(len(stats), len(outliers))):
        if i < len(stats):  # row i + 1 of the first sheet, written before the row beside it
            for c, (value, kind) in enumerate(zip(stats[i], _STAT_KINDS, strict=True)):
                sheet.put(i + 1, c, value, kind)
        if i < len(outliers):
            table.add(outliers[i])
    table.close()


# -- 关键节点 --------------------------------------------------------------------------
def _single_points(book: Book, report: Report, rules: dict[str, RuleInfo]) -> None:
    cols = ("name", "id", "kind", "new_errors", "rules", "rule_ids", "examples")
    kinds: list[Kind] = ["text", "text", "text", "int", "text", "text", "text"]
    table = Table(
        book, tr("workbook.sheet.single_points"), [tr(f"workbook.col.{c}") for c in cols], kinds
    )
    sep = tr("report.list_separator")
    for p in report.single_points:
        table.add(
            [
                p.node.name,
                p.node.id,
                kind_label(p.node.kind),
                p.new_errors,
                sep.join(message(rules.get(r)) or r for r in p.rules),
                ", ".join(p.rules),
                sep.join(n.name for n in p.examples),
            ]
        )
    table.close()
