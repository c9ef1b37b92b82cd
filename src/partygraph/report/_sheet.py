"""Cells and tables of a workbook written with XlsxWriter in constant-memory mode.

Private to :mod:`partygraph.report.xlsx`.  What every sheet of the report's
workbook keeps to, in one place:

- **text is text**: a text cell is written with ``write_string`` (never
  ``write``, which would make ``=HYPERLINK(...)`` a formula and ``001`` a
  number), and one that begins with a formula trigger (``= + - @``, tab, CR)
  also gets Excel's quote prefix, so that editing the cell keeps it text;
- **numbers are numbers**, with a number format (``#,##0``, ``0.0%``); a NaN
  or infinity, which Excel cannot hold, is left empty and counted;
- a table's **header row is bold and frozen**, with an **autofilter** over the
  table, and its **columns fit Chinese** (a CJK character counts two,
  :func:`partygraph.report.textwidth.width`);
- a table longer than **Excel's 1,048,576 rows** goes on in a sheet
  ``问题清单（续 2）`` with the same header (:func:`part_names`).

In constant-memory mode a row is written out when the next one starts, so
every sheet is written top down, row by row; column widths and the
autofilter are set at the end (XlsxWriter writes them at close).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, Literal

from partygraph.i18n import tr
from partygraph.report.textwidth import width
from partygraph.safe_text import FORMULA_TRIGGERS

__all__ = ["MAX_WIDTH", "ROW_LIMIT", "Book", "Kind", "Sheet", "Table", "part_names"]

#: Rows an Excel sheet holds, its header row included (read when a table
#: starts, so that a test can lower it).
ROW_LIMIT = 1_048_576
#: Widest a column is made, in Excel's character units (a longer text is cut on screen only).
MAX_WIDTH = 60
_MIN_WIDTH = 6

#: What a column holds: text; a whole number; a decimal; a ratio shown as a
#: percentage; a date; or a finding's value (a number or a text).
Kind = Literal["text", "int", "float", "pct", "date", "value"]

#: Number formats; ``_)`` leaves a space after the number, so that a right-aligned
#: number does not run into the left-aligned text of the next column.
_NUMBER_FORMATS = {"int": "#,##0_)", "float": "#,##0.0#_)", "pct": "0.0%_)", "date": "yyyy-mm-dd"}


class Book:
    """An XlsxWriter workbook with the report's formats, counting what Excel
    could not hold (NaN and infinite numbers, texts over 32,767 characters)."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self._props: dict[int, dict[str, Any]] = {}
        self._guarded: dict[int, Any] = {}
        add = self._add
        self.head = add({"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "valign": "top"})
        self.title = add({"bold": True, "font_size": 14})
        self.section = add({"bold": True, "font_size": 12})
        self.guarded = add({"quote_prefix": True})
        self.numbers = {k: add({"num_format": f}) for k, f in _NUMBER_FORMATS.items()}
        self.non_finite = 0
        self.truncated = 0
        #: Tables longer than a sheet: (name, rows, the sheets they fill).
        self.splits: list[tuple[str, int, list[str]]] = []

    def _add(self, props: dict[str, Any]) -> Any:
        fmt = self.workbook.add_format(props)
        self._props[id(fmt)] = props
        return fmt

    def guard(self, fmt: Any) -> Any:
        """``fmt`` with Excel's quote prefix too (for text that looks like a formula)."""
        if fmt is None:
            return self.guarded
        if id(fmt) not in self._guarded:
            self._guarded[id(fmt)] = self._add({**self._props[id(fmt)], "quote_prefix": True})
        return self._guarded[id(fmt)]


class Sheet:
    """A worksheet whose cells are typed by column kind, and whose column widths
    follow the widest cell written (headers included)."""

    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self.sheet = book.workbook.add_worksheet(name)
        self.name = name
        # Printed (or saved as PDF): A4 landscape, a page wide, the header on every page.
        self.sheet.set_paper(9)
        self.sheet.set_landscape()
        self.sheet.fit_to_pages(1, 0)
        self.widths: dict[int, int] = {}

    def put(
        self,
        row: int,
        col: int,
        value: object,
        kind: Kind = "text",
        fmt: Any = None,
        *,
        measure: bool = True,
    ) -> None:
        """Write one cell: text as text, numbers as numbers (``None``: left empty)."""
        if value is None:
            return
        shown = self._write(row, col, value, kind, fmt)
        if measure and shown > self.widths.get(col, 0):
            self.widths[col] = shown

    def _write(self, row: int, col: int, value: object, kind: Kind, fmt: Any) -> int:
        """Write the cell; returns its display width (0 when it cannot be widest)."""
        sheet, book = self.sheet, self.book
        if isinstance(value, dt.date):
            sheet.write_datetime(row, col, value, fmt or book.numbers["date"])
            return 10
        if isinstance(value, str | bool) or kind == "text":
            text = str(value)
            if text and text[0] in FORMULA_TRIGGERS:
                fmt = book.guard(fmt)
            if sheet.write_string(row, col, text, fmt) == -2:  # over 32,767 characters: cut
                book.truncated += 1
            # A text cannot be wider than twice its length: most need no measuring.
            current = self.widths.get(col, 0)
            return 0 if 2 * len(text) <= current else min(width(text), MAX_WIDTH)
        number = float(value)  # type: ignore[arg-type]
        if not math.isfinite(number):
            book.non_finite += 1
            return 0
        if kind in ("int", "float", "pct"):
            key = kind
        else:
            key = "int" if isinstance(value, int) else "float"
        sheet.write_number(row, col, value, fmt or book.numbers[key])
        return 7 if key == "pct" else len(f"{number:,.0f}") + (3 if key == "float" else 0)

    def fit(self, *, floor: int = _MIN_WIDTH) -> None:
        """Set each column's width to its widest cell (within ``MAX_WIDTH``)."""
        for col, w in self.widths.items():
            self.sheet.set_column(col, col, min(max(w + 2, floor), MAX_WIDTH))


def part_names(name: str, rows: int, limit: int | None = None) -> list[str]:
    """The sheets a table of ``rows`` rows (its header not counted) fills: the
    first named ``name``, the next ``name（续 2）`` and so on.

    >>> part_names("问题清单", 5, limit=3)   # a header and 2 rows a sheet
    ['问题清单', '问题清单（续 2）', '问题清单（续 3）']
    >>> part_names("问题清单", 0)
    ['问题清单']
    """
    per = (ROW_LIMIT if limit is None else limit) - 1
    parts = max(1, math.ceil(rows / per))
    more = [tr("workbook.sheet.continued", sheet=name, part=n) for n in range(2, parts + 1)]
    return [name, *more]


class Table:
    """A table streamed to one sheet, or on to more at Excel's row limit.

    The header row is bold and frozen; at the end (:meth:`close`) each sheet
    gets an autofilter over its rows and columns fit to their text.
    ``first_col`` places the table to the right of something else on the
    sheet (the load statistics beside their outliers).
    """

    def __init__(
        self,
        book: Book,
        name: str,
        headers: Sequence[str],
        kinds: Sequence[Kind],
        *,
        first_col: int = 0,
    ) -> None:
        if len(headers) != len(kinds):
            raise ValueError("a table needs one kind per header")
        self.book, self.name = book, name
        self.headers, self.kinds = list(headers), list(kinds)
        self.first_col = first_col
        self.limit = ROW_LIMIT
        self.parts: list[Sheet] = []
        self.rows = 0  # data rows written, all parts
        self.row = 0  # the current part's last row written
        self._start()

    @property
    def sheet(self) -> Sheet:
        """The sheet rows go to now."""
        return self.parts[-1]

    def _start(self) -> None:
        names = part_names(self.name, (len(self.parts) + 1) * (self.limit - 1), self.limit)
        sheet = Sheet(self.book, names[len(self.parts)])
        self.parts.append(sheet)
        sheet.sheet.freeze_panes(1, 0)
        sheet.sheet.repeat_rows(0)
        for c, title in enumerate(self.headers, start=self.first_col):
            sheet.put(0, c, title, "text", self.book.head)
            sheet.widths[c] += 2  # the autofilter's button
        self.row = 0

    def add(self, cells: Sequence[object]) -> None:
        """Write one row (``None`` for an empty cell), on a new sheet at the limit."""
        if self.row + 1 >= self.limit:
            self._finish()
            self._start()
        self.row += 1
        self.rows += 1
        sheet, row = self.sheet, self.row
        for c, (value, kind) in enumerate(zip(cells, self.kinds, strict=True), self.first_col):
            sheet.put(row, c, value, kind)

    def _finish(self) -> None:
        last = self.first_col + len(self.headers) - 1
        self.sheet.sheet.autofilter(0, self.first_col, self.row, last)
        self.sheet.fit()

    def close(self) -> list[str]:
        """Finish the last sheet; returns the names of the sheets the table filled."""
        self._finish()
        names = [p.name for p in self.parts]
        if len(names) > 1:
            self.book.splits.append((self.name, self.rows, names))
        return names
