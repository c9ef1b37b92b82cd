"""Tables: CSV files (as spreadsheets export them) or inline YAML rows.

A table is read into :class:`RawTable`: columns of strings, with the file and
line of every row and the place of every cell, so that a problem found later
(:mod:`partygraph.io.columns` parses the bulk tables' cells) points at it.
Nothing in a cell is ever evaluated.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from partygraph.errors import ConfigError, ErrorItem
from partygraph.i18n import tr
from partygraph.io.cells import has_control, shown
from partygraph.io.yamlsrc import MarkedDict, read_text
from partygraph.safe_text import printable

__all__ = ["MAX_TABLE_BYTES", "RawTable", "cell_text", "check_header", "header_fails", "suggest"]

#: Largest CSV table read.
MAX_TABLE_BYTES = 4 * 1024 * 1024 * 1024


def suggest(word: str, choices: Iterable[str]) -> str:
    """A '（是不是“...”？）' hint, or ''.

    >>> suggest("comunity", ["community", "grid"])
    '（是不是“community”？）'
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return tr("load_tables.did_you_mean", word=close[0]) if close else ""


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
    ``delimiter`` is the one the file was read with; ``controls`` is false when
    no cell can hold a control character (the text was scanned whole).
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
    delimiter: str = ","
    controls: bool = True

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
        controls = has_control(text)
        fast = None if controls else _split_plain(text, name, delimiter)
        if fast is not None:
            fast.delimiter, fast.controls = delimiter, False
            return fast
        rows, lines = _read_rows(text, name, delimiter)
        if not rows:
            example = delimiter.join(("id", "name"))
            message = tr("load_tables.no_header", example=example)
            raise ConfigError([ErrorItem(name, 1, None, "", message)])
        header = [h.strip() for h in rows[0]]
        errors = _header_errors(header, name, lines[0])
        if errors:
            raise ConfigError(errors)
        width = len(header)
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
            problems=_ragged(rows, lines, name),
            delimiter=delimiter,
            controls=controls,
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
            ErrorItem(m.file, m.line, m.column, str(k), tr("load_tables.nested_cell"))
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


def _ragged(rows: list[list[str]], lines: list[int], name: str) -> list[ErrorItem]:
    """Rows of another width than the header: the first ones, then a count."""
    width = len(rows[0])
    wrong = [
        (row, line) for row, line in zip(rows[1:], lines[1:], strict=True) if len(row) != width
    ]
    errors = [
        ErrorItem(name, line, None, "", tr("load_tables.ragged", cells=len(row), width=width))
        for row, line in wrong[:_MAX_RAGGED]
    ]
    if len(wrong) > _MAX_RAGGED:
        more = len(wrong) - _MAX_RAGGED
        line = wrong[_MAX_RAGGED][1]
        errors.append(ErrorItem(name, line, None, "", tr("load_tables.ragged_more", count=more)))
    return errors


#: Rows of the wrong width reported one by one (as bad cells per column).
_MAX_RAGGED = 20


def _header_errors(header: list[str], name: str, line: int = 1) -> list[ErrorItem]:
    errors = []
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if not h:
            message = tr("load_tables.empty_column", column=i + 1)
            errors.append(ErrorItem(name, line, i + 1, "", message))
        elif h in seen:
            message = tr("load_tables.duplicate_column", name=shown(h), first=seen[h])
            errors.append(ErrorItem(name, line, i + 1, shown(h), message))
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
        if "field larger than field limit" in str(exc):
            message = tr("load_tables.row_too_long", limit=csv.field_size_limit())
        else:
            message = tr("load_tables.csv_syntax")
        raise ConfigError([ErrorItem(name, start, None, "", message)]) from None
    return rows, lines


def check_header(
    raw: RawTable, allowed: Sequence[str], required: Sequence[str], label: str
) -> list[ErrorItem]:
    """Unknown and missing columns of a table, each said once at the header.

    A CSV header of one column that is no column of the table is one problem:
    the file is separated by another delimiter, or is no table at all (then
    only a short prefix of its first line is quoted: it may be any file).
    """
    lone = _lone_header(raw, allowed)
    if lone is not None:
        file, line, _ = raw.header_place(None)
        return [ErrorItem(file, line, None, label, lone)]
    errors = []
    for name in raw.columns:
        if name not in allowed:
            file, line, col = raw.header_place(name)
            message = tr(
                "load_tables.unknown_column",
                name=shown(str(name)),
                hint=suggest(str(name), allowed),
                allowed=", ".join(allowed),
            )
            errors.append(ErrorItem(file, line, col, f"{label}.{shown(str(name))}", message))
    for name in required:
        if name not in raw.columns and len(raw):
            file, line, _ = raw.header_place(None)
            message = tr("load_tables.missing_column", name=name)
            errors.append(ErrorItem(file, line, None, f"{label}.{name}", message))
    return errors


def header_fails(raw: RawTable, required: Sequence[str]) -> bool:
    """The header lacks a required column: no row can be read, so its cells are
    not checked one by one (the header problem says it once)."""
    return bool(len(raw)) and any(name not in raw.columns for name in required)


#: What a delimiter is called in messages.
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _delimiter_name(char: str) -> str:
    key = _DELIMITERS.get(char)
    if key is None:
        return tr("load_tables.delimiter.other", char=printable(char))
    return tr(f"load_tables.delimiter.{key}")


def _lone_header(raw: RawTable, allowed: Sequence[str]) -> str | None:
    """The message for a CSV header of one unknown column, or ``None``."""
    if raw.marks is not None or len(raw.columns) != 1:
        return None
    (only,) = raw.columns
    if only in allowed:
        return None
    found = next((d for d in (";", "\t", ",", "|") if d != raw.delimiter and d in only), None)
    if found is None and _COLUMN_NAME.fullmatch(only):
        return None  # one column named wrongly (编号): said as an unknown column
    if found is None:
        prefix = shown(only, _PREFIX)
        return tr(
            "load_tables.not_a_table", delimiter=_delimiter_name(raw.delimiter), prefix=prefix
        )
    written = "\\t" if found == "\t" else found
    return tr(
        "load_tables.wrong_delimiter",
        prefix=shown(only),
        found=_delimiter_name(found),
        option=f'delimiter: "{written}"',
    )


#: Characters quoted of the first line of a file that is not a table.
_PREFIX = 10
#: What a column name looks like (letters, digits, ``_`` and spaces): a first
#: line of anything else (``root:x:0:0:...``, ``partygraph: 1``) is no header.
_COLUMN_NAME = re.compile(r"[\w ]{1,40}")
