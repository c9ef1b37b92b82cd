"""Phase one for a bulk table: the shape of every cell, parsed column by column.

A :class:`~partygraph.io.tables.RawTable` of strings becomes one numpy array
per column (see :class:`~partygraph.model.population.TableData`), vectorised
where the usual case allows.  Every bad cell is reported with its file, line
and column, at most :data:`MAX_ERRORS_PER_COLUMN` per column so a wholly wrong
column does not bury the other problems.  A cell holding a control character,
or longer than its column takes (:data:`~partygraph.io.cells.MAX_NAME_CHARS`,
:data:`~partygraph.io.cells.MAX_CELL_CHARS`), is refused first and then
treated as empty; a header lacking a required column is said once, and the
cells of that table are not checked.

Examples
--------
>>> from partygraph.model.population import TABLES
>>> raw = RawTable.from_text("id,community,size\\nh1,c1,3\\nh2,c1,x\\n", "h.csv")
>>> columns, errors = parse_columns(raw, TABLES["households"], "households")
>>> columns["size"].tolist()
[3, -1]
>>> print(errors[0])
h.csv:3:3: households.size: “x”不是整数：请写 0 或正整数，不带小数点、千分位和单位，例如 3
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np

from partygraph.errors import ErrorItem
from partygraph.i18n import tr
from partygraph.io.cells import MAX_CELL_CHARS, MAX_NAME_CHARS, cell_problem, shown
from partygraph.io.origins import choice_error
from partygraph.io.tables import RawTable, check_header, header_fails
from partygraph.model.base import DATE_WHY, all_ids, date_problem, is_id, read_date
from partygraph.model.population import Array, Column, TableSpec, text_array
from partygraph.normalised import note
from partygraph.vocabulary.terms import FALSE_TERMS, TRUE_TERMS, code_for

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

#: How a ``bool`` cell may be written (case aside) and read as it is; 是/否
#: (:data:`~partygraph.vocabulary.terms.TRUE_TERMS`) are read too, and noted
#: as Chinese codes (the Arrow reader, taking only these, leaves them to us).
TRUE_SPELLINGS = frozenset({"true", "1", "yes", "y", "t"})
FALSE_SPELLINGS = frozenset({"false", "0", "no", "n", "f", ""})
_TRUE = TRUE_SPELLINGS
_FALSE = FALSE_SPELLINGS
#: 是/否 -> true/false.
_TERMS: dict[str, bool] = {**dict.fromkeys(TRUE_TERMS, True), **dict.fromkeys(FALSE_TERMS, False)}


class _Collector:
    """Collects per-column errors, capped at :data:`MAX_ERRORS_PER_COLUMN` for
    each column of the table (whatever the problem), the rest counted."""

    def __init__(self, raw: RawTable, label: str) -> None:
        self.raw, self.label = raw, label
        self.errors: list[ErrorItem] = []
        self.reported: Counter[str] = Counter()
        self.more: dict[str, tuple[int, int]] = {}  # column -> (count, first row)

    def bad_rows(self, column: str, rows: Iterable[int], message: Any) -> None:
        rows = list(rows)
        room = max(MAX_ERRORS_PER_COLUMN - self.reported[column], 0)
        for row in rows[:room]:
            text = message(row) if callable(message) else message
            self.errors.append(self.raw.error(row, column, self.label, text))
        self.reported[column] += min(room, len(rows))
        if len(rows) > room:
            count, first = self.more.get(column, (0, rows[room]))
            self.more[column] = (count + len(rows) - room, min(first, rows[room]))

    def finish(self) -> list[ErrorItem]:
        """The errors, with one line per column for the rows not listed."""
        for column, (count, first) in self.more.items():
            file, line, col = self.raw.place(first, column)
            message = tr("load_tables.more_in_column", count=count)
            self.errors.append(ErrorItem(file, line, col, f"{self.label}.{column}", message))
        self.more = {}
        return self.errors


def parse_columns(
    raw: RawTable, spec: TableSpec, label: str
) -> tuple[dict[str, Array], list[ErrorItem]]:
    """Phase one for a bulk table: shape of every cell, vectorised per column.

    ``ref`` columns stay strings here (their targets are resolved later), with
    malformed ids blanked so that they are not reported a second time; the
    others become their final numpy dtype.  A header lacking a required column
    gives its header problems alone (see :func:`~partygraph.io.tables.header_fails`).
    """
    if raw.fast is not None:  # read and checked by Arrow: no problem in any cell
        fast: dict[str, Array] = raw.fast.materialize()
        return fast, []
    names = [c.name for c in spec.columns]
    required = [c.name for c in spec.columns if c.required]
    errors = check_header(raw, names, required, label)
    if header_fails(raw, required):
        return {}, errors
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
        cells, refused = _refuse_cells(col, cells, coll, controls=raw.controls)
        if not raw.trimmed and col.type != "str":
            cells = [c.strip() for c in cells]
        out[col.name] = _parse(col, cells, coll, required=col.required, refused=refused)
    return out, errors + coll.finish()


def _refuse_cells(
    col: Column, cells: list[str], coll: _Collector, *, controls: bool
) -> tuple[list[str], frozenset[int]]:
    """``cells`` with those holding a control character or longer than the
    column takes reported and emptied, and their rows (not reported again)."""
    limit = MAX_NAME_CHARS if col.type == "str" else MAX_CELL_CHARS
    if not controls and max(map(len, cells), default=0) <= limit:
        return cells, frozenset()  # the usual case: one pass over the lengths
    why = {i: p for i, c in enumerate(cells) if (p := cell_problem(c, limit)) is not None}
    if not why:
        return cells, frozenset()
    coll.bad_rows(col.name, list(why), why.__getitem__)
    return [("" if i in why else c) for i, c in enumerate(cells)], frozenset(why)


def _parse(
    col: Column,
    cells: list[str],
    coll: _Collector,
    *,
    required: bool,
    refused: frozenset[int] = frozenset(),
) -> Array:
    name = col.name
    if required and "" in cells:
        message = tr("load_tables.required_cell", name=name)
        empty = (i for i, c in enumerate(cells) if not c and i not in refused)
        coll.bad_rows(name, empty, message)
    if col.type in ("id", "ref"):
        # A malformed reference matches no id: resolving it reports it, so only
        # id columns are scanned here (the scan costs as much as the lookup).
        if col.type == "id" and not _all_ids(cells):
            bad = [i for i, c in enumerate(cells) if c and not is_id(c)]
            coll.bad_rows(
                name,
                bad,
                lambda i: tr("load_tables.bad_id", value=shown(cells[i])),
            )
            cells = _blank(cells, bad)
        # References stay Python strings: they are looked up as they are.
        return text_array(cells) if col.type == "id" else np.array(cells, dtype=object)
    if col.type == "str":
        return text_array(cells)
    if col.type == "int":
        return _parse_int(name, cells, coll)
    if col.type == "bool":
        return _parse_bool(name, cells, coll)
    if col.type == "enum":
        return _parse_enum(name, col.choices, cells, coll)
    return _parse_date(name, cells, coll)


def _parse_bool(name: str, cells: list[str], coll: _Collector) -> Array:
    """The spellings of true and false; 是/否 read as them and noted."""
    values = [c.lower() for c in cells]
    others = set(values) - _TRUE - _FALSE
    if others:
        terms = others & _TERMS.keys()
        if terms:
            values = _read_terms(name, values, {t: str(_TERMS[t]).lower() for t in terms}, coll)
        coll.bad_rows(
            name,
            (i for i, v in enumerate(values) if v in others and v not in terms),
            lambda i: tr("load_model.not_yes_no", value=shown(cells[i]), spelled="true/false"),
        )
    return np.array([v in _TRUE for v in values], dtype=bool)


def _parse_enum(name: str, choices: tuple[str, ...], cells: list[str], coll: _Collector) -> Array:
    """Codes into ``choices`` (``-1``: empty); a Chinese term (正式党员) read as
    its code and noted."""
    codes = {c: i for i, c in enumerate(choices)}
    others = set(cells) - codes.keys() - {""}
    if others:
        terms = {t: c for t in others if (c := code_for(choices, t)) is not None}
        if terms:
            cells = _read_terms(name, cells, terms, coll)
        coll.bad_rows(
            name,
            (i for i, c in enumerate(cells) if c in others and c not in terms),
            lambda i: choice_error(choices, cells[i], name),
        )
    return np.array([codes.get(c, -1) for c in cells], dtype=np.int8)


def _read_terms(name: str, cells: list[str], terms: dict[str, str], coll: _Collector) -> list[str]:
    """``cells`` with each Chinese term read as its code, each one noted where it is."""
    out = list(cells)
    raw = coll.raw
    for i, cell in enumerate(cells):
        code = terms.get(cell)
        if code is not None:
            out[i] = code
            line, column = raw.where(i, name)
            note(raw.file, line, column, f"{coll.label}.{name}", cell, code, "中文代码")
    return out


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
        coll.bad_rows(name, bad, lambda i: tr("load_tables.bad_count", value=shown(cells[i])))
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
