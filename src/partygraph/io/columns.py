"""Phase one for a bulk table: the shape of every cell, parsed column by column.

A :class:`~partygraph.io.tables.RawTable` of strings becomes one numpy array
per column (see :class:`~partygraph.model.population.TableData`), vectorised
where the usual case allows.  Every bad cell is reported with its file, line
and column, at most :data:`MAX_ERRORS_PER_COLUMN` per column so a wholly wrong
column does not bury the other problems.

Examples
--------
>>> from partygraph.model.population import TABLES
>>> raw = RawTable.from_text("id,community,size\\nh1,c1,3\\nh2,c1,x\\n", "h.csv")
>>> columns, errors = parse_columns(raw, TABLES["households"], "households")
>>> columns["size"].tolist(), str(errors[0])
([3, -1], "h.csv:3:3: households.size: 'x' is not a whole number (0 or more)")
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

import numpy as np

from partygraph.errors import ErrorItem
from partygraph.io.tables import RawTable, check_header, suggest
from partygraph.model.base import DATE_WHY, ID_RULE, all_ids, date_problem, is_id, read_date
from partygraph.model.population import Array, Column, TableSpec, text_array
from partygraph.normalised import note

__all__ = [
    "FALSE_SPELLINGS",
    "MAX_ERRORS_PER_COLUMN",
    "TRUE_SPELLINGS",
    "is_id",
    "parse_columns",
]

#: Bad cells reported per column before the rest are summed up in one line.
MAX_ERRORS_PER_COLUMN = 20

#: What an id may hold (letters of any script, digits, `_ . : / -`).

#: How a ``bool`` cell may be written (case aside).
TRUE_SPELLINGS = frozenset({"true", "1", "yes", "y", "是", "t"})
FALSE_SPELLINGS = frozenset({"false", "0", "no", "n", "否", "f", ""})
_TRUE = TRUE_SPELLINGS
_FALSE = FALSE_SPELLINGS


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
            bad = [i for i, c in enumerate(cells) if c and not is_id(c)]
            coll.bad_rows(
                name,
                bad,
                lambda i: f"{cells[i]!r} is not a valid id ({ID_RULE})",
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


_ID_BYTES = (string.ascii_letters + string.digits + "_.:/-\n").encode()


def _all_ids(cells: list[str]) -> bool:
    """Every non-empty cell is a valid id: one scan, not one match per cell
    (the line breaks counted are the separators, none inside a cell)."""
    joined = "\n".join(cells)
    # ASCII, the usual case: a C table lookup per byte; else each distinct character once.
    ascii_ok = joined.isascii() and not joined.encode().translate(None, _ID_BYTES)
    ok = ascii_ok or (not joined.isascii() and all_ids(joined))
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


_FIRST_DAY = np.datetime64("0001-01-01", "D")


def _not_a_date(cell: str) -> str:
    return date_problem(cell)


def _parse_date(name: str, cells: list[str], coll: _Collector) -> Array:
    """Dates written ``YYYY-MM-DD`` (numpy alone would take ``2024-05`` or
    ``today``), parsed as a column and compared with their own text; then the
    others as Excel writes them (``2023/4/26``, ``2023年4月26日``: see
    :func:`partygraph.model.base.read_date`), each noted where it stands."""
    try:
        values = np.array([c or "NaT" for c in cells], dtype="datetime64[D]")
    except ValueError:
        values = np.array([_date(c) for c in cells], dtype="datetime64[D]")
    given = np.array(cells, dtype=object)
    wrong = (given != "") & (np.datetime_as_string(values, unit="D") != given)
    # numpy holds year 0 (and Python's dates do not): no calendar has it.
    bad = np.flatnonzero(wrong | (values < _FIRST_DAY)).tolist()
    values[bad] = _NAT
    refused = []
    for i in bad:
        day = read_date(cells[i])
        if day is None:
            refused.append(i)
            continue
        values[i] = np.datetime64(day, "D")
        line, column = coll.raw.where(i, name)
        note(coll.raw.file, line, column, f"{coll.label}.{name}", cells[i], str(day), DATE_WHY)
    coll.bad_rows(name, refused, lambda i: _not_a_date(cells[i]))
    return values
