"""Tables in Excel workbooks: one sheet read as a table, its cells placed by sheet and A1.

``{table: 户.xlsx, sheet: 户}`` reads the sheet 户 of the workbook 户.xlsx
(``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls`` and ``.ods`` alike) with
python-calamine: values only, no formula is ever run (a formula cell gives the
value Excel saved with it), nothing is written.  The first row that is not
blank is the header; blank rows are skipped, as in a CSV file.  Each cell
becomes the text a CSV cell would hold, so the same rules apply to both
(``docs/config.md``, “Excel 工作簿”): a whole number ``101.0`` is ``101``, a
date cell ``2023-04-26``, a yes/no cell ``true``/``false``.

A sheet's table is a :class:`SheetTable`: its rows are the sheet's row
numbers, and a problem in a cell is placed as Excel names it,
``户.xlsx[户]!C12``.

Examples
--------
>>> t = SheetTable.from_cells([["id", "size"], [101.0, 3.0], ["", ""], ["h2", 2.5]], "户.xlsx[户]")
>>> t.columns, list(t.lines)
({'id': ['101', 'h2'], 'size': ['3', '2.5']}, [2, 4])
>>> print(t.error(1, "size", "households", "户内人数须是整数"))
户.xlsx[户]!B4: households.size: 户内人数须是整数
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from partygraph.errors import ConfigError, ErrorItem
from partygraph.i18n import tr
from partygraph.io.readfile import read_bytes, what_it_is
from partygraph.io.tables import RawTable
from partygraph.vocabulary.headers import TABLE_TITLES

__all__ = [
    "MAX_UNPACKED_BYTES",
    "MAX_WORKBOOK_BYTES",
    "WORKBOOK_SUFFIXES",
    "SheetTable",
    "column_letters",
    "error_cells",
    "is_workbook",
    "read_sheet",
    "value_text",
]

#: File names read as workbooks (by calamine); any other name is read as CSV.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
#: Largest workbook file read (Excel's own limit, 1,048,576 rows, fits well).
MAX_WORKBOOK_BYTES = 512 * 1024 * 1024
#: Most bytes a workbook may unpack to (a zip of 1 MB can hold gigabytes).
MAX_UNPACKED_BYTES = 4 * 1024 * 1024 * 1024


def is_workbook(path: Path) -> bool:
    """``path`` is named as a workbook (``.xlsx``, ``.xls`` ...; any case)."""
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def column_letters(number: int) -> str:
    """Excel's letters of a 1-based column number.

    >>> column_letters(1), column_letters(26), column_letters(27), column_letters(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def value_text(value: Any) -> str:
    """A workbook cell as the text a CSV cell would hold.

    >>> [value_text(v) for v in (101.0, 2.5, True, dt.date(2023, 4, 26), "", 1e20)]
    ['101', '2.5', 'true', '2023-04-26', '', '100000000000000000000']
    >>> value_text(dt.datetime(2023, 4, 26)), value_text(dt.datetime(2023, 4, 26, 9, 30))
    ('2023-04-26', '2023-04-26 09:30:00')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Excel keeps every number as a float: 101 is 101.0, and an id must stay 101
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0)
        return value.date().isoformat() if midnight else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    # an int, or a duration: its text (no column takes a duration)
    return "" if value is None else str(value)


class SheetTable(RawTable):
    """The rows of one sheet: ``file`` is ``book.xlsx[sheet]``, ``lines`` the
    sheet's row numbers, ``column_numbers`` its column numbers (A is 1); a cell
    is placed as ``book.xlsx[sheet]!C12``, a whole row as ``book.xlsx[sheet]:12``.
    """

    def place(self, row: int, column: str) -> tuple[str, int | None, int | None]:
        number = self.column_numbers.get(column) if column else None
        if number is None:
            return self.file, self.lines[row], None
        return f"{self.file}!{column_letters(number)}{self.lines[row]}", None, None

    def error(self, row: int, column: str, label: str, message: str) -> ErrorItem:
        return ErrorItem(*self.place(row, column), f"{label}.{column}", message)

    def header_place(self, column: Any) -> tuple[str, int | None, int | None]:
        number = self.column_numbers.get(column)
        if number is None:
            return self.file, self.header_line, None
        return f"{self.file}!{column_letters(number)}{self.header_line}", None, None

    @classmethod
    def from_cells(cls, rows: Sequence[Sequence[Any]], name: str) -> SheetTable:
        """A table from a sheet's rows of cells, from A1 (calamine's
        ``to_python(skip_empty_area=False)``); the first row not blank is the header."""
        texts = [[value_text(c) for c in row] for row in rows]
        filled = [r for r, row in enumerate(texts) if any(c.strip() for c in row)]
        if not filled:
            raise ConfigError([ErrorItem(name, None, None, "", tr("load_tables.sheet_empty"))])
        top, body = filled[0], filled[1:]
        header = [h.strip() for h in texts[top]]
        used = [
            c
            for c in range(len(header))
            if header[c] or any(c < len(texts[r]) and texts[r][c].strip() for r in body)
        ]
        errors = _header_errors(header, used, name, top + 1)
        if errors:  # reported as the table's problems, at their cells; no rows read
            return cls(name, {}, [], {}, header_line=top + 1, problems=errors)
        columns = {
            header[c]: [texts[r][c] if c < len(texts[r]) else "" for r in body] for c in used
        }
        numbers = {header[c]: c + 1 for c in used}
        lines = [r + 1 for r in body]
        return cls(name, columns, lines, numbers, header_line=top + 1, trimmed=False)


def _header_errors(header: list[str], used: list[int], name: str, line: int) -> list[ErrorItem]:
    errors: list[ErrorItem] = []
    seen: dict[str, str] = {}
    for c in used:
        cell = f"{name}!{column_letters(c + 1)}{line}"
        if not header[c]:
            message = tr("load_tables.sheet_header_empty", column=column_letters(c + 1))
            errors.append(ErrorItem(cell, None, None, "", message))
        elif header[c] in seen:
            message = tr("load_tables.sheet_header_twice", header=header[c], first=seen[header[c]])
            errors.append(ErrorItem(cell, None, None, header[c], message))
        else:
            seen[header[c]] = f"{column_letters(c + 1)}{line}"
    return errors


def read_sheet(path: Path, sheet: str | int | None, section: str) -> SheetTable:
    """The sheet ``sheet`` of the workbook at ``path`` as a table.

    ``sheet`` is a sheet's name or its position, 1 for the first sheet; without
    it, the sheet named after the section (its Chinese title, e.g. 户, or its
    name, ``households``), else the first sheet.
    """
    name = str(path)
    raw = read_bytes(path, limit=MAX_WORKBOOK_BYTES)
    if what_it_is(raw) != "workbook":
        raise _error(
            tr(
                "load_tables.xlsx_not_a_workbook",
                suffix=path.suffix,
                name=path.with_suffix(".csv").name,
            ),
            name,
        )
    _check_unpacked(raw, name)
    import python_calamine as calamine  # the reader, only when a workbook is read

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        chosen = _choose(list(book.sheet_names), sheet, section, name)
        rows = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except calamine.PasswordError:
        raise _error(tr("load_tables.xlsx_password"), name) from None
    except calamine.CalamineError as exc:
        raise _error(tr("load_tables.xlsx_unreadable", why=str(exc)), name) from None
    table = SheetTable.from_cells(rows, f"{path}[{chosen}]")
    table.problems += [
        ErrorItem(
            f"{table.file}!{cell}", None, None, "", tr("load_tables.xlsx_error_cell", value=v)
        )
        for cell, v in error_cells(raw, chosen).items()
    ]
    return table


#: An .xlsx part's tags and attributes, read with regular expressions rather
#: than an XML parser: only a few attributes are wanted, and nothing is expanded.
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s([^>]*)>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\s([^>]*)>")
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*\bt=\"e\"[^>]*)>(.*?)</(?:\w+:)?c>", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")


def _attrs(text: bytes) -> dict[str, str]:
    pairs = re.findall(rb'([\w:]+)="([^"]*)"', text)
    return {
        k.decode().rpartition(":")[2]: html.unescape(v.decode("utf-8", "replace")) for k, v in pairs
    }


def error_cells(raw: bytes, sheet: str) -> dict[str, str]:
    """The cells of ``sheet`` holding an Excel error (``#DIV/0!``, ``#N/A`` ...),
    A1 -> the error, in an .xlsx/.xlsm workbook's bytes; calamine reads such a
    cell as empty, and an error must not load as "nothing" (an .xls or .ods is
    not looked into).

    >>> error_cells(b"not a zip", "户")
    {}
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            ids = {a.get("name"): a.get("id") for t in _SHEET_TAG.findall(z.read("xl/workbook.xml"))
                   for a in [_attrs(t)]}  # fmt: skip
            rels = {a.get("Id"): a.get("Target", "") for t in _REL_TAG.findall(
                z.read("xl/_rels/workbook.xml.rels")) for a in [_attrs(t)]}  # fmt: skip
            target = rels.get(ids.get(sheet), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part not in names:
                return {}
            xml = z.read(part)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return {}
    if b'"e"' not in xml:  # the common case: one scan, no regular expression
        return {}
    out: dict[str, str] = {}
    for attrs, body in _ERROR_CELL.findall(xml):
        cell = _attrs(attrs).get("r")
        value = _VALUE.search(body)
        if cell:
            out[cell] = html.unescape(value.group(1).decode("utf-8", "replace")) if value else "#"
    return out


def _choose(names: list[str], sheet: str | int | None, section: str, file: str) -> str:
    """The sheet to read, by name, by position from 1, or by the section's names."""
    listed = tr("load_tables.columns_separator").join(names)
    if isinstance(sheet, int):
        if 1 <= sheet <= len(names):
            return names[sheet - 1]
        message = tr("load_tables.sheet_no_position", sheet=sheet, count=len(names), sheets=listed)
        raise _error(message, file, "sheet")
    if isinstance(sheet, str):
        if sheet in names:
            return sheet
        near = next((n for n in names if n.strip().casefold() == sheet.strip().casefold()), None)
        hint = tr("load_tables.sheet_did_you_mean", name=near) if near else ""
        message = tr("load_tables.sheet_no_name", sheet=sheet, sheets=listed, hint=hint)
        raise _error(message, file, "sheet")
    for candidate in (TABLE_TITLES.get(section), section):
        if candidate in names:
            return candidate
    if not names:
        raise _error(tr("load_tables.sheet_none"), file)
    return names[0]


def _check_unpacked(raw: bytes, name: str) -> None:
    """Refuse a zip that would unpack to more than :data:`MAX_UNPACKED_BYTES`
    (the sizes its directory declares; an .xls is not a zip and is read whole)."""
    if not raw.startswith(b"PK"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError):
        return  # calamine says what is wrong with it
    if total > MAX_UNPACKED_BYTES:
        raise _error(tr("load_tables.xlsx_too_large", size=f"{total:,}"), name)


def _error(message: str, file: str, field: str = "") -> ConfigError:
    return ConfigError([ErrorItem(file, None, None, field, message)])
