"""A diff as an Excel workbook: a summary sheet (the headline tables) and a details sheet.

Every text cell is written as a string cell (``write_string``, with
xlsxwriter's ``strings_to_formulas`` off), so a name that starts like a
formula (``=``, ``+``, ``-``, ``@``) is shown as the text it is and never
runs; the quote :func:`partygraph.safe_text.neutralise_formula` puts before
such a cell in CSV (where the spreadsheet decides the type) would show here
as part of the text, so it is not added.  The file is written whole or not
at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from partygraph.change.data import ModelDiff, ReportDiff
from partygraph.change.render import summary_rows, title
from partygraph.change.rows import detail_rows
from partygraph.i18n import tr
from partygraph.io.atomic import write_atomic

__all__ = ["write_xlsx"]


def write_xlsx(d: ModelDiff | None, r: ReportDiff | None, path: str | Path) -> None:
    """Write the diff ``d`` and/or the comparison ``r`` to the workbook ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from partygraph.change.data import Snapshot
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "diff.xlsx"
    ...     write_xlsx(ModelDiff(old=Snapshot(name="=1+1"), new=Snapshot(name="b")), None, p)
    ...     p.stat().st_size > 0
    True
    """
    import xlsxwriter  # type: ignore[import-untyped]

    with write_atomic(Path(path), binary=True) as f:
        book = xlsxwriter.Workbook(f, {"in_memory": True, "strings_to_formulas": False})
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(tr("change.sheet.summary"))
        sheet.set_column(0, 0, 60)
        sheet.set_column(1, 2, 24)
        sheet.set_column(3, 3, 40)
        for page in (sheet,):  # printed: landscape, as wide as one page
            page.set_landscape()
            page.fit_to_pages(1, 0)
        sheet.write_string(0, 0, title(d, r), bold)
        row = 2
        for heading, rows in summary_rows(d, r):
            if not rows:
                continue
            sheet.write_string(row, 0, heading, bold)
            row += 1
            for i, cell in enumerate(tr("change.header").split("|")):
                sheet.write_string(row, i, cell, bold)
            row += 1
            for cells in rows:
                for i, cell in enumerate(cells):
                    _write(sheet, row, i, cell)
                row += 1
            row += 1
        details = book.add_worksheet(tr("change.sheet.details"))
        for i, cell in enumerate(tr("change.csv_header").split("|")):
            details.write_string(0, i, cell, bold)
        for n, values in enumerate(detail_rows(d, r), start=1):
            for i, cell in enumerate(values):
                _write(details, n, i, cell)
        details.autofilter(0, 0, 0, 7)
        details.freeze_panes(1, 0)
        book.close()


def _write(sheet: Any, row: int, col: int, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        sheet.write_string(row, col, str(value))
    else:
        sheet.write_number(row, col, value)
