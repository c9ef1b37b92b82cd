"""Bulk tables: CSV files (as spreadsheets export them) or inline YAML rows.

A table is read into :class:`RawTable` (columns of strings, with the file and
line of every row), then parsed column by column into numpy arrays.  Nothing in
a cell is ever evaluated; every bad cell is reported with its file, line and
column, at most :data:`MAX_ERRORS_PER_COLUMN` per column so a wholly wrong
column does not bury the other problems.

Examples
--------
>>> raw = RawTable.from_text("id,community\\nh1,c1\\nh2,c1\\n", "h.csv")
>>> raw.columns["id"], raw.lines
(['h1', 'h2'], [2, 3])
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from partygraph.errors import ConfigError, ErrorItem
from partygraph.population import Array, Column, TableSpec
from partygraph.yamlsrc import Mark, MarkedDict, read_text

__all__ = ["MAX_ERRORS_PER_COLUMN", "RawTable", "cell_text", "parse_columns", "suggest"]

#: Bad cells reported per column before the rest are summed up in one line.
MAX_ERRORS_PER_COLUMN = 20
#: Largest CSV table read.
MAX_TABLE_BYTES = 4 * 1024 * 1024 * 1024

_ID = re.compile(r"^[\w.:/-]{1,128}$")
_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f", ""}


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' hint, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def cell_text(value: Any) -> str:
    """A YAML scalar as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class RawTable:
    """The rows of one table source, as columns of strings.

    ``lines`` holds each row's line number; ``column_numbers`` the 1-based
    position of each column in a CSV header (empty for inline YAML rows, whose
    cells are located by ``marks``).
    """

    file: str
    columns: dict[str, list[str]]
    lines: list[int]
    column_numbers: dict[str, int] = field(default_factory=dict)
    marks: list[MarkedDict] | None = None

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

    @classmethod
    def from_text(cls, text: str, name: str, *, delimiter: str = ",") -> RawTable:
        """Parse CSV text whose first row is the header."""
        fast = _split_plain(text, name, delimiter)
        if fast is not None:
            return fast
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            rows = list(reader)
        except csv.Error as exc:
            raise ConfigError(
                [ErrorItem(name, reader.line_num, None, "", f"CSV syntax: {exc}")]
            ) from None
        while rows and not any(cell.strip() for cell in rows[-1]):
            rows.pop()
        if not rows:
            raise ConfigError([ErrorItem(name, 1, None, "", "the table has no header row")])
        header = [h.strip() for h in rows[0]]
        errors = _header_errors(header, name)
        body = rows[1:]
        lines = _row_lines(text, body, reader.line_num)
        width = len(header)
        for i, row in enumerate(body):
            if len(row) != width and any(c.strip() for c in row):
                errors.append(
                    ErrorItem(
                        name,
                        lines[i],
                        None,
                        "",
                        f"row has {len(row)} cells but the header has {width}; "
                        "check for a stray comma or a missing quote",
                    )
                )
        if errors:
            raise ConfigError(errors)
        keep = [i for i, row in enumerate(body) if any(c.strip() for c in row)]
        if len(keep) != len(body):
            body = [body[i] for i in keep]
            lines = [lines[i] for i in keep]
        columns = (
            {
                h: [c.strip() for c in col]
                for h, col in zip(header, zip(*body, strict=True), strict=True)
            }
            if body
            else {h: [] for h in header}
        )
        numbers = {h: i + 1 for i, h in enumerate(header)}
        return cls(name, columns, lines, numbers)

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
        return cls(name, columns, [r.mark.line for r in rows], {}, list(rows))


# A cell with spaces or tabs at either end: the csv module path strips them.
_PADDED = re.compile(r"[ \t](?:[,;\t|\n]|$)|(?:^|[,;\t|\n])[ \t]", re.M)


def _split_plain(text: str, name: str, delimiter: str) -> RawTable | None:
    """The common spreadsheet export, split with C string methods and no
    per-row Python work; ``None`` when the file needs the csv module
    (quotes, carriage returns, padded or ragged rows, blank lines)."""
    if '"' in text or "\r" in text or _PADDED.search(text):
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
    return RawTable(name, columns, list(range(2, len(body) + 2)), numbers)


def _header_errors(header: list[str], name: str) -> list[ErrorItem]:
    errors = []
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if not h:
            errors.append(ErrorItem(name, 1, i + 1, "", "empty column name in the header"))
        elif h in seen:
            errors.append(
                ErrorItem(name, 1, i + 1, h, f"column {h!r} appears twice (first as {seen[h]})")
            )
        seen.setdefault(h, i + 1)
    return errors


def _row_lines(text: str, body: list[list[str]], last_line: int) -> list[int]:
    """Line number of each data row (header on line 1)."""
    if last_line == len(body) + 1 or text.count("\n") in (len(body), len(body) + 1):
        return list(range(2, len(body) + 2))
    # Quoted cells span lines: count line breaks row by row.
    lines, line = [], 2
    for row in body:
        lines.append(line)
        line += 1 + sum(cell.count("\n") for cell in row)
    return lines


def check_header(
    raw: RawTable, allowed: Sequence[str], required: Sequence[str], label: str
) -> list[ErrorItem]:
    """Unknown and missing columns of a table."""
    errors = []
    for name in raw.columns:
        if name not in allowed:
            line, col = (
                (raw.lines[0], None)
                if raw.marks is not None and raw.lines
                else (1, raw.column_numbers.get(name))
            )
            if raw.marks is not None:
                bad = next(r for r in raw.marks if name in r)
                mark: Mark = bad.key_mark(name)
                line, col = mark.line, mark.column
            errors.append(
                ErrorItem(
                    raw.file,
                    line,
                    col,
                    f"{label}.{name}",
                    f"unknown column {name!r}{suggest(name, allowed)}; "
                    f"columns are: {', '.join(allowed)}",
                )
            )
    for name in required:
        if name not in raw.columns and len(raw):
            errors.append(
                ErrorItem(
                    raw.file,
                    1 if raw.marks is None else raw.lines[0],
                    None,
                    f"{label}.{name}",
                    f"required column {name!r} is missing",
                )
            )
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

    ``ref`` columns stay strings here (their targets are resolved later); the
    others become their final numpy dtype.
    """
    names = [c.name for c in spec.columns]
    errors = check_header(raw, names, [c.name for c in spec.columns if c.required], label)
    out: dict[str, Array] = {}
    coll = _Collector(raw, label)
    n = len(raw)
    for col in spec.columns:
        cells = raw.columns.get(col.name)
        if cells is None:
            cells = [""] * n
        out[col.name] = _parse(col, cells, coll)
    return out, errors + coll.errors


def _parse(col: Column, cells: list[str], coll: _Collector) -> Array:
    name = col.name
    if col.required:
        coll.bad_rows(name, (i for i, c in enumerate(cells) if not c), f"{name} is required")
    if col.type in ("id", "ref"):
        if not _all_ids(cells):
            coll.bad_rows(
                name,
                (i for i, c in enumerate(cells) if c and not _ID.match(c)),
                lambda i: f"{cells[i]!r} is not a valid id (letters, digits and _ - . : / only)",
            )
        # References stay Python strings until they are resolved to codes.
        return np.array(cells, dtype=str if col.type == "id" else object)
    if col.type == "str":
        return np.array(cells, dtype=object)
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


_NOT_ID = re.compile(r"[^\w.:/\n-]")


def _all_ids(cells: list[str]) -> bool:
    """Every non-empty cell is a valid id: one scan, not one match per cell."""
    return not _NOT_ID.search("\n".join(cells)) and max(map(len, cells), default=0) <= 128


def _parse_int(name: str, cells: list[str], coll: _Collector) -> Array:
    filled = [c if c else "-1" for c in cells]
    try:
        values = np.array(filled, dtype=np.int64)
    except (ValueError, OverflowError):
        values = np.full(len(cells), -1, dtype=np.int64)
        bad = []
        for i, c in enumerate(filled):
            try:
                values[i] = int(c)
            except (ValueError, OverflowError):
                bad.append(i)
        coll.bad_rows(name, bad, lambda i: f"{cells[i]!r} is not a whole number")
    coll.bad_rows(
        name,
        (i for i in np.flatnonzero(values < -1).tolist()),
        lambda i: f"{cells[i]!r} is negative",
    )
    negative_one = [i for i, c in enumerate(cells) if c == "-1"]
    coll.bad_rows(name, negative_one, lambda i: f"{cells[i]!r} is negative")
    return values


def _parse_date(name: str, cells: list[str], coll: _Collector) -> Array:
    filled = [c if c else "NaT" for c in cells]
    try:
        return np.array(filled, dtype="datetime64[D]")
    except ValueError:
        values = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[D]")
        bad = []
        for i, c in enumerate(filled):
            try:
                values[i] = np.datetime64(c, "D") if _DATE.match(c) or c == "NaT" else _raise()
            except ValueError:
                bad.append(i)
        coll.bad_rows(name, bad, lambda i: f"{cells[i]!r} is not a date (write YYYY-MM-DD)")
        return values


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _raise() -> Any:
    raise ValueError
