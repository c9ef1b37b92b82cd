"""A section table's cells as the values of its records.

Each cell is stripped; a list cell is split at ``;`` and, recorded as
normalised, at the separators an analyst types (``、``, ``，``, ``；``, ``,``);
是/否 fills a flag; a name written with spaces around it is trimmed and
recorded.  A plain table (no cell that must be checked by itself) is read
column by column (:func:`record_columns`) and its rows checked column-wise
(:func:`plain_entities`, :mod:`partygraph.io.columnwise`).

Examples
--------
>>> from partygraph.model import Place
>>> raw = RawTable.from_text("id,name,type,community\\np1, 人民路 ,street,c1\\n", "p.csv")
>>> [record for _, record in csv_entity_rows(raw, Place)]
[{'id': 'p1', 'name': '人民路', 'type': 'street', 'community': 'c1'}]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from partygraph.errors import ErrorItem
from partygraph.io import columnwise
from partygraph.io.cells import MAX_CELL_CHARS, cell_problem
from partygraph.io.source import Entry
from partygraph.io.tables import RawTable
from partygraph.model import field_hints, unwrap_type
from partygraph.model.base import field_names
from partygraph.normalised import note

__all__ = [
    "csv_entity_rows",
    "note_trimmed_names",
    "plain_entities",
    "record_at",
    "record_columns",
]


#: What separates the items of a list cell: ``;`` as written by :mod:`dump`,
#: then what an analyst types instead (each use recorded as normalised).
_LIST_SEPARATOR = ";"
_OTHER_SEPARATORS = re.compile("[、，；,]")
_WIDE = "全角分隔符"
_COMMA = "逗号分隔"
_TRIMMED = "去掉首尾空格"


def csv_entity_rows(
    raw: RawTable,
    cls: type[BaseModel],
    section: str = "",
    problems: list[ErrorItem] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a CSV table as field dicts (unknown columns left out); ``a;b``
    cells fill list fields (``a、b``, ``a，b``, ``a；b`` and ``a,b`` too), 是/否
    boolean ones.

    With ``problems`` given, a row with a cell no table may hold (a control
    character, longer than :data:`~partygraph.io.cells.MAX_CELL_CHARS`) is
    reported there at the cell and left out; what is read in another form than
    written is noted (:func:`partygraph.normalised.note`) under ``section``.
    """
    kinds = _kinds(cls)
    columns = {c: cells for c, cells in raw.columns.items() if c in kinds}
    names = _trimmed_fields(cls)
    # Row by row, lazily: the caller reads each row's Chinese codes as it comes,
    # so a row's notes (names trimmed, then codes) come in the order written.
    # (A plain table with no codes is read column-wise: plain_entities.)
    checked = _checked(raw, columns, problems)
    for row in range(len(raw)):
        record: dict[str, Any] = {}
        refused = False
        for column, cells in columns.items():
            written = cells[row]
            if checked and (raw.controls or len(written) > MAX_CELL_CHARS):
                why = cell_problem(written)
                if why is not None:
                    assert problems is not None  # checked: problems were given
                    problems.append(raw.error(row, column, section, why))
                    refused = True
                    continue
            cell = written.strip()
            if cell:
                record[column] = _cell(raw, row, column, section, written, cell, kinds, names)
        if not refused:
            yield row, record


def _checked(
    raw: RawTable, columns: dict[str, list[str]], problems: list[ErrorItem] | None
) -> bool:
    """Whether a cell of the table must be checked by itself (see :func:`csv_entity_rows`)."""
    return problems is not None and (
        raw.controls
        or any(max(map(len, cells), default=0) > MAX_CELL_CHARS for cells in columns.values())
    )


@cache
def _kinds(cls: type[BaseModel]) -> dict[str, tuple[Any, bool]]:
    """Each field's type and whether it holds a list (shared: never change it)."""
    hints = field_hints(cls)
    return {name: unwrap_type(hints[name]) for name in field_names(cls)}


def record_at(values: dict[str, list[Any]], row: int) -> dict[str, Any]:
    """A row's record from its table's record values (an empty cell left out)."""
    return {c: v[row] for c, v in values.items() if v[row] != ""}


def plain_entities(
    raw: RawTable, cls: type[BaseModel], section: str, problems: list[ErrorItem]
) -> tuple[dict[str, list[Any]], list[Any | None]] | None:
    """A plain table's record values and each row's record made column-wise
    (:func:`partygraph.io.columnwise.entities`; ``None`` for a row pydantic
    validates); ``None`` when a cell must be checked by itself."""
    if columnwise.plan(cls) is None:
        return None
    kinds = _kinds(cls)
    columns = {c: cells for c, cells in raw.columns.items() if c in kinds}
    if _checked(raw, columns, problems):
        return None
    values = record_columns(raw, columns, kinds, _trimmed_fields(cls), section)
    made = columnwise.entities(cls, values, len(raw))
    return None if made is None else (values, made)


def _cell(
    raw: RawTable,
    row: int,
    column: str,
    section: str,
    written: str,
    cell: str,
    kinds: dict[str, tuple[Any, bool]],
    names: frozenset[str],
) -> Any:
    """The value of one stripped, non-empty cell."""
    tp, many = kinds[column]
    if many and isinstance(tp, type) and issubclass(tp, BaseModel):
        return cell  # pydantic rejects it with a clear message
    if many:
        return _list_cell(raw, row, column, section, cell)
    if tp is bool and cell in ("是", "否"):
        return cell == "是"
    if column in names and cell != written:
        _noted(raw, row, column, section, written, cell, _TRIMMED)
    return cell


def record_columns(
    raw: RawTable,
    columns: dict[str, list[str]],
    kinds: dict[str, tuple[Any, bool]],
    names: frozenset[str],
    section: str,
) -> dict[str, list[Any]]:
    """The record values of a table no cell of which needs a check, column by
    column (``""`` for an empty cell): each column is stripped at once, and only
    the cells that are more than text (lists, 是/否, names written with spaces)
    are looked at one by one, row by row (so notes come in the order written)."""
    values: dict[str, list[Any]] = {}
    odd = []
    for column, cells in columns.items():
        tp, many = kinds[column]
        stripped = list(map(str.strip, cells))
        values[column] = stripped
        records = many and isinstance(tp, type) and issubclass(tp, BaseModel)
        if tp is bool:
            values[column] = [_FLAGS.get(c, c) for c in stripped]
        elif many and not records and not _OTHER_SEPARATORS.search("\n".join(stripped)):
            # Items split at ";" only: nothing to note, the column at once.
            values[column] = [_items(c) if c else "" for c in stripped]
        elif (many and not records) or (column in names and stripped != cells):
            # Cells that may be noted: looked at row by row, in the order written.
            odd.append((column, cells, stripped, list(stripped)))
    for row in range(len(raw) if odd else 0):
        for column, cells, stripped, out in odd:
            cell = stripped[row]
            if cell:
                out[row] = _cell(raw, row, column, section, cells[row], cell, kinds, names)
    for column, _, _, out in odd:
        values[column] = out
    return values


_FLAGS = {"是": True, "否": False}


def _items(cell: str) -> list[str]:
    """The items of a list cell written with ``;`` only."""
    if _LIST_SEPARATOR not in cell:
        return [cell]
    return [p for p in map(str.strip, cell.split(_LIST_SEPARATOR)) if p]


def _list_cell(raw: RawTable, row: int, column: str, section: str, cell: str) -> list[str]:
    """The items of a list cell; a separator other than ``;`` is noted."""
    parts = _OTHER_SEPARATORS.split(cell) if _OTHER_SEPARATORS.search(cell) else [cell]
    if len(parts) > 1:
        why = _WIDE if any(s in cell for s in "、，；") else _COMMA
        canonical = _LIST_SEPARATOR.join(
            p.strip() for part in parts for p in part.split(_LIST_SEPARATOR) if p.strip()
        )
        _noted(raw, row, column, section, cell, canonical, why)
    return [p.strip() for part in parts for p in part.split(_LIST_SEPARATOR) if p.strip()]


def _noted(
    raw: RawTable, row: int, column: str, section: str, written: str, read_as: str, why: str
) -> None:
    line, col = raw.where(row, column)
    note(raw.file, line, col, f"{section}[{row}].{column}", written, read_as, why)


@cache
def _trimmed_fields(cls: type[BaseModel]) -> frozenset[str]:
    """The fields whose text the model trims (``Name``: ``strip_whitespace``)."""
    return frozenset(
        name
        for name, f in cls.model_fields.items()
        if any(getattr(m, "strip_whitespace", False) for m in f.metadata)
    )


def note_trimmed_names(entry: Entry, section: str, cls: type[BaseModel]) -> None:
    """Note each name of a YAML entry that the model trims."""
    for key in _trimmed_fields(cls):
        value = entry.node.get(key)
        if isinstance(value, str) and value != value.strip() and value.strip():
            mark = entry.node.value_mark(key)
            field = f"{section}[{entry.index}].{key}"
            note(mark.file, mark.line, mark.column, field, value, value.strip(), _TRIMMED)
