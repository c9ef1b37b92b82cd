"""Bulk tables: CSV files (as spreadsheets export them) or inline YAML rows.

A table is read into :class:`RawTable` (columns of strings, with the file and
line of every row), then parsed column by column into numpy arrays.  Nothing in
a cell is ever evaluated; every bad cell is reported with its file, line and
column, at most :data:`MAX_ERRORS_PER_COLUMN` per column so a wholly wrong
column does not bury the other problems.

Examples
--------
>>> raw = RawTable.from_text("id,community\\nh1,c1\\nh2,c1\\n", "h.csv")
>>> raw.columns["id"], list(raw.lines)
(['h1', 'h2'], [2, 3])
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from partygraph.errors import ConfigError, ErrorItem
from partygraph.io.yamlsrc import MarkedDict, read_text
from partygraph.model.population import Array, Column, TableSpec, text_array

__all__ = [
    "ID_PATTERN",
    "MAX_ERRORS_PER_COLUMN",
    "RawTable",
    "cell_text",
    "parse_columns",
    "suggest",
]

#: Bad cells reported per column before the rest are summed up in one line.
MAX_ERRORS_PER_COLUMN = 20
#: Largest CSV table read.
MAX_TABLE_BYTES = 4 * 1024 * 1024 * 1024

#: What an id may hold (letters of any script, digits, `_ . : / -`).
ID_PATTERN = re.compile(r"[\w.:/-]{1,128}")

#: How a ``bool`` cell may be written (case aside).
TRUE_SPELLINGS = frozenset({"true", "1", "yes", "y", "是", "t"})
FALSE_SPELLINGS = frozenset({"false", "0", "no", "n", "否", "f", ""})
_TRUE = TRUE_SPELLINGS
_FALSE = FALSE_SPELLINGS


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' hint, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def cell_text(value: Any) -> str:
    """A YAML scalar as the text a CSV cell would hold (a list or mapping: empty)."""
    if value is None or isinstance(value, list | dict):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class RawTable:
    """The rows of one table source, as columns of strings.

    ``lines`` holds the line each row starts on; ``column_numbers`` the 1-based
    position of each column in a CSV header on ``header_line`` (empty for inline
    YAML rows, whose cells are located by ``marks``).  ``trimmed`` is false when
    cells may have spaces around them (kept in text columns, stripped elsewhere);
    ``problems`` lists rows of the wrong width and cells that hold a list.
    ``fast`` holds the columns already parsed when the table was read by
    :mod:`partygraph.io.arrowtables` (its ``columns`` lists are then left empty).
    """

    file: str
    columns: dict[str, list[str]]
    lines: Sequence[int]
    column_numbers: dict[str, int] = field(default_factory=dict)
    marks: list[MarkedDict] | None = None
    header_line: int = 1
    trimmed: bool = True
    problems: list[ErrorItem] = field(default_factory=list)
    fast: Any = None

    def __len__(self) -> int:
        return len(self.lines)

    def where(self, row: int, column: str) -> tuple[int, int | None]:
        """Line and column of a cell."""
        if self.marks is not None:
            mark = self.marks[row].value_mark(column)
            return mark.line, mark.column
        return self.lines[row], self.column_numbers.get(column)

    def error(self, row: int, column: str, label: str, message: str) -> ErrorItem:
        line, col = self.where(row, column)
        return ErrorItem(self.file, line, col, f"{label}.{column}", message)

    def header_place(self, column: Any) -> tuple[str, int, int | None]:
        """Where a column is named: its header cell, or the first inline row with it."""
        if not self.marks:
            return self.file, self.header_line, self.column_numbers.get(column)
        row = next((r for r in self.marks if column in r), self.marks[0])
        mark = row.key_mark(column) if column in row else row.mark
        return mark.file, mark.line, mark.column

    @classmethod
    def from_text(cls, text: str, name: str, *, delimiter: str = ",") -> RawTable:
        """Parse CSV text whose first row is the header."""
        fast = _split_plain(text, name, delimiter)
        if fast is not None:
            return fast
        rows, lines = _read_rows(text, name, delimiter)
        if not rows:
            raise ConfigError([ErrorItem(name, 1, None, "", "the table has no header row")])
        header = [h.strip() for h in rows[0]]
        errors = _header_errors(header, name, lines[0])
        if errors:
            raise ConfigError(errors)
        width = len(header)
        ragged = [
            ErrorItem(
                name,
                line,
                None,
                "",
                f"row has {len(row)} cells but the header has {width}; "
                "check for a stray delimiter or a missing quote",
            )
            for row, line in zip(rows[1:], lines[1:], strict=True)
            if len(row) != width
        ]
        body = [row if len(row) == width else (row + [""] * width)[:width] for row in rows[1:]]
        columns = [list(col) for col in zip(*body, strict=True)] if body else [[] for _ in header]
        numbers = {h: i + 1 for i, h in enumerate(header)}
        return cls(
            name,
            dict(zip(header, columns, strict=True)),
            lines[1:],
            numbers,
            header_line=lines[0],
            trimmed=False,
            problems=ragged,
        )

    @classmethod
    def from_csv(cls, path: Path, *, encoding: str | None = None, delimiter: str = ",") -> RawTable:
        """Read a CSV file (UTF-8 with or without BOM, or the ``encoding`` named)."""
        text = read_text(path, encoding=encoding, limit=MAX_TABLE_BYTES)
        return cls.from_text(text, str(path), delimiter=delimiter)

    @classmethod
    def from_rows(cls, rows: Sequence[MarkedDict], name: str) -> RawTable:
        """Inline YAML rows (mappings); every key becomes a column."""
        header: list[str] = []
        for row in rows:
            header.extend(k for k in row if k not in header)
        columns = {h: [cell_text(r.get(h)) for r in rows] for h in header}
        nested = [
            ErrorItem(m.file, m.line, m.column, str(k), "a cell holds one value, not a list")
            for r in rows
            for k, v in r.items()
            if isinstance(v, list | dict)
            for m in [r.value_mark(k)]
        ]
        lines = [r.mark.line for r in rows]
        return cls(name, columns, lines, {}, list(rows), trimmed=False, problems=nested)


def _padded(text: str, delimiter: str) -> bool:
    """Some cell has a space or tab at either end (the csv module path strips
    them): a few substring scans, much faster than a regular expression."""
    pads = tuple(p for p in " \t" if p != delimiter and p in text)
    if not pads:
        return False
    return (
        text.startswith(pads)
        or text.rstrip("\n").endswith(pads)
        or any(p + e in text or e + p in text for p in pads for e in (delimiter, "\n"))
    )


def _split_plain(text: str, name: str, delimiter: str) -> RawTable | None:
    """The common spreadsheet export, split with C string methods and no
    per-row Python work; ``None`` when the file needs the csv module
    (quotes, carriage returns, padded or ragged rows, blank lines)."""
    if '"' in text or "\r" in text or _padded(text, delimiter):
        return None
    lines = text.split("\n")
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) < 2:
        return None
    header = lines[0].split(delimiter)
    width = len(header)
    body = lines[1:]
    if _header_errors(header, name) or "" in body:
        return None
    if set(map(str.count, body, repeat(delimiter))) != {width - 1}:
        return None
    flat = delimiter.join(body).split(delimiter)
    columns = {h: flat[i::width] for i, h in enumerate(header)}
    numbers = {h: i + 1 for i, h in enumerate(header)}
    return RawTable(name, columns, range(2, len(body) + 2), numbers)


def _header_errors(header: list[str], name: str, line: int = 1) -> list[ErrorItem]:
    errors = []
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if not h:
            errors.append(ErrorItem(name, line, i + 1, "", "empty column name in the header"))
        elif h in seen:
            errors.append(
                ErrorItem(name, line, i + 1, h, f"column {h!r} appears twice (first as {seen[h]})")
            )
        seen.setdefault(h, i + 1)
    return errors


def _read_rows(text: str, name: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """The rows that are not blank, and the line each starts on (a quoted cell
    may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        message = f'CSV syntax: {exc}; check the quotes (") on this line'
        raise ConfigError([ErrorItem(name, start, None, "", message)]) from None
    return rows, lines


def check_header(
    raw: RawTable, allowed: Sequence[str], required: Sequence[str], label: str
) -> list[ErrorItem]:
    """Unknown and missing columns of a table."""
    errors = []
    for name in raw.columns:
        if name not in allowed:
            file, line, col = raw.header_place(name)
            message = (
                f"unknown column {name!r}{suggest(str(name), allowed)}; "
                f"columns are: {', '.join(allowed)}"
            )
            errors.append(ErrorItem(file, line, col, f"{label}.{name}", message))
    for name in required:
        if name not in raw.columns and len(raw):
            file, line, _ = raw.header_place(None)
            message = f"required column {name!r} is missing"
            errors.append(ErrorItem(file, line, None, f"{label}.{name}", message))
    return errors


class _Collector:
    """Collects per-column errors, capped at :data:`MAX_ERRORS_PER_COLUMN`."""

    def __init__(self, raw: RawTable, label: str) -> None:
        self.raw, self.label = raw, label
        self.errors: list[ErrorItem] = []

    def bad_rows(self, column: str, rows: Iterable[int], message: Any) -> None:
        rows = list(rows)
        for row in rows[:MAX_ERRORS_PER_COLUMN]:
            text = message(row) if callable(message) else message
            self.errors.append(self.raw.error(row, column, self.label, text))
        if len(rows) > MAX_ERRORS_PER_COLUMN:
            line, col = self.raw.where(rows[MAX_ERRORS_PER_COLUMN], column)
            self.errors.append(
                ErrorItem(
                    self.raw.file,
                    line,
                    col,
                    f"{self.label}.{column}",
                    f"... and {len(rows) - MAX_ERRORS_PER_COLUMN:,} more rows like these",
                )
            )


def parse_columns(
    raw: RawTable, spec: TableSpec, label: str
) -> tuple[dict[str, Array], list[ErrorItem]]:
    """Phase one for a bulk table: shape of every cell, vectorised per column.

    ``ref`` columns stay strings here (their targets are resolved later), with
    malformed ids blanked so that they are not reported a second time; the
    others become their final numpy dtype.
    """
    if raw.fast is not None:  # read and checked by Arrow: no problem in any cell
        fast: dict[str, Array] = raw.fast.materialize()
        return fast, []
    names = [c.name for c in spec.columns]
    errors = check_header(raw, names, [c.name for c in spec.columns if c.required], label)
    errors += [
        ErrorItem(e.file, e.line, e.column, f"{label}.{e.field}" if e.field else label, e.message)
        for e in raw.problems
    ]
    out: dict[str, Array] = {}
    coll = _Collector(raw, label)
    for col in spec.columns:
        cells = raw.columns.get(col.name)
        if cells is None:
            out[col.name] = _parse(col, [""] * len(raw), coll, required=False)
            continue
        if not raw.trimmed and col.type != "str":
            cells = [c.strip() for c in cells]
        out[col.name] = _parse(col, cells, coll, required=col.required)
    return out, errors + coll.errors


def _parse(col: Column, cells: list[str], coll: _Collector, *, required: bool) -> Array:
    name = col.name
    if required and "" in cells:
        coll.bad_rows(name, (i for i, c in enumerate(cells) if not c), f"{name} is required")
    if col.type in ("id", "ref"):
        # A malformed reference matches no id: resolving it reports it, so only
        # id columns are scanned here (the scan costs as much as the lookup).
        if col.type == "id" and not _all_ids(cells):
            bad = [i for i, c in enumerate(cells) if c and not ID_PATTERN.fullmatch(c)]
            coll.bad_rows(
                name,
                bad,
                lambda i: f"{cells[i]!r} is not a valid id (letters, digits and _ - . : / only)",
            )
            cells = _blank(cells, bad)
        # References stay Python strings: they are looked up as they are.
        return text_array(cells) if col.type == "id" else np.array(cells, dtype=object)
    if col.type == "str":
        return text_array(cells)
    if col.type == "int":
        return _parse_int(name, cells, coll)
    if col.type == "bool":
        values = [c.lower() for c in cells]
        coll.bad_rows(
            name,
            (i for i, v in enumerate(values) if v not in _TRUE and v not in _FALSE),
            lambda i: f"{cells[i]!r} is not true/false (也可写 是/否)",
        )
        return np.array([v in _TRUE for v in values], dtype=bool)
    if col.type == "enum":
        codes = {c: i for i, c in enumerate(col.choices)}
        coll.bad_rows(
            name,
            (i for i, c in enumerate(cells) if c and c not in codes),
            lambda i: (
                f"{cells[i]!r} is not one of: {', '.join(col.choices)}"
                + suggest(cells[i], col.choices)
            ),
        )
        return np.array([codes.get(c, -1) for c in cells], dtype=np.int8)
    return _parse_date(name, cells, coll)


def _blank(cells: list[str], rows: list[int]) -> list[str]:
    """``cells`` with the given rows emptied (already reported: not checked again)."""
    if not rows:
        return cells
    out = list(cells)
    for i in rows:
        out[i] = ""
    return out


_NOT_ID = re.compile(r"[^\w.:/\n-]")


_ID_BYTES = (string.ascii_letters + string.digits + "_.:/-\n").encode()


def _all_ids(cells: list[str]) -> bool:
    """Every non-empty cell is a valid id: one scan, not one match per cell
    (the line breaks counted are the separators, none inside a cell)."""
    joined = "\n".join(cells)
    if joined.isascii():  # the usual case: a C table lookup per byte
        ok = not joined.encode().translate(None, _ID_BYTES)
    else:
        ok = not _NOT_ID.search(joined)
    return (
        ok
        and joined.count("\n") == max(len(cells) - 1, 0)
        and max(map(len, cells), default=0) <= 128
    )


_COUNT = re.compile(r"[0-9]{1,18}")


def _parse_int(name: str, cells: list[str], coll: _Collector) -> Array:
    """Whole numbers of 0 or more (``-1``: empty), checked with one scan when all are."""
    joined = "".join(cells)
    if not (joined.isascii() and joined.isdigit()) or max(map(len, cells), default=0) > 18:
        bad = [i for i, c in enumerate(cells) if c and not _COUNT.fullmatch(c)]
        coll.bad_rows(name, bad, lambda i: f"{cells[i]!r} is not a whole number (0 or more)")
        cells = _blank(cells, bad)
    return np.array([c or "-1" for c in cells], dtype=np.int64)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAT = np.datetime64("NaT", "D")


def _date(cell: str) -> np.datetime64:
    try:
        return np.datetime64(cell, "D") if _DATE.fullmatch(cell) else _NAT
    except ValueError:  # a day that does not exist: 2024-02-30
        return _NAT


def _parse_date(name: str, cells: list[str], coll: _Collector) -> Array:
    """Dates written exactly ``YYYY-MM-DD`` (numpy alone would take ``2024-05``
    or ``today``): parsed as a column, then compared with their own text."""
    try:
        values = np.array([c or "NaT" for c in cells], dtype="datetime64[D]")
    except ValueError:
        values = np.array([_date(c) for c in cells], dtype="datetime64[D]")
    given = np.array(cells, dtype=object)
    bad = np.flatnonzero((given != "") & (np.datetime_as_string(values, unit="D") != given))
    values[bad] = _NAT
    coll.bad_rows(name, bad.tolist(), lambda i: f"{cells[i]!r} is not a date (write YYYY-MM-DD)")
    return values
