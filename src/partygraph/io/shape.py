"""Phase one of loading: the shape of every entity and every cell.

Each entry of a section (a YAML mapping or a CSV row) is validated into its
entity class, every problem located at its origin; each bulk table is parsed
column by column (:func:`partygraph.io.columns.parse_columns`, unless Arrow has
read and checked it already).  References are still plain ids here: phase two
(:mod:`partygraph.io.resolve`) checks them.

A table whose header lacks a required column is said once at its header and
its section counted as failed: none of its rows is checked, and references to
it are not reported one by one.  A list cell is split at ``;`` and, recorded
as normalised, at the separators an analyst types (``、``, ``，``, ``；``, ``,``);
a name written with spaces around it is trimmed and recorded.

Examples
--------
>>> from partygraph.model import Place
>>> raw = RawTable.from_text("id,name,type,community\\np1, 人民路 ,street,c1\\n", "p.csv")
>>> [record for _, record in csv_entity_rows(raw, Place)]
[{'id': 'p1', 'name': '人民路', 'type': 'street', 'community': 'c1'}]
"""

from __future__ import annotations

import re
import typing
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from partygraph.errors import MAX_REPORTED, ErrorItem
from partygraph.i18n import tr
from partygraph.io.cells import MAX_CELL_CHARS, cell_problem
from partygraph.io import columnwise
from partygraph.io.columns import MAX_ERRORS_PER_COLUMN, parse_columns
from partygraph.io.columnwise import field_names
from partygraph.io.origins import (
    CsvOrigin,
    Origin,
    YamlOrigin,
    pydantic_errors,
    read_codes,
    table_has_codes,
)
from partygraph.io.resolve import Bulk, FileRows
from partygraph.io.source import Entry, Source
from partygraph.io.tables import RawTable, check_header, header_fails
from partygraph.io.yamlsrc import MarkedDict
from partygraph.model import SECTIONS, Entity, field_hints, share_fields_set, unwrap_type
from partygraph.model.population import TABLES, Array, TableData
from partygraph.normalised import note

__all__ = ["bulk", "csv_entity_rows", "validate_entities", "validate_rows"]


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
    if not _checked(raw, columns, problems):
        values = _record_columns(raw, columns, kinds, names, section)
        for row in range(len(raw)):
            yield row, _record(values, row)
        return
    assert problems is not None
    for row in range(len(raw)):
        record: dict[str, Any] = {}
        refused = False
        for column, cells in columns.items():
            written = cells[row]
            if raw.controls or len(written) > MAX_CELL_CHARS:
                why = cell_problem(written)
                if why is not None:
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


def _record(values: dict[str, list[Any]], row: int) -> dict[str, Any]:
    """A row's record from its table's record values (an empty cell left out)."""
    return {c: v[row] for c, v in values.items() if v[row] != ""}


def _plain_entities(
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
    values = _record_columns(raw, columns, kinds, _trimmed_fields(cls), section)
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


def _record_columns(
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
        stripped = [c.strip() for c in cells]
        values[column] = stripped
        # Plain text, or a name no cell of which is written with spaces (nothing to note).
        if many or tp is bool or (column in names and stripped != cells):
            odd.append((column, cells, stripped, list(stripped)))
    for row in range(len(raw) if odd else 0):
        for column, cells, stripped, out in odd:
            cell = stripped[row]
            if cell:
                out[row] = _cell(raw, row, column, section, cells[row], cell, kinds, names)
    for column, _, _, out in odd:
        values[column] = out
    return values


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


def _note_trimmed_names(entry: Entry, section: str, cls: type[BaseModel]) -> None:
    """Note each name of a YAML entry that the model trims."""
    for key in _trimmed_fields(cls):
        value = entry.node.get(key)
        if isinstance(value, str) and value != value.strip() and value.strip():
            mark = entry.node.value_mark(key)
            field = f"{section}[{entry.index}].{key}"
            note(mark.file, mark.line, mark.column, field, value, value.strip(), _TRIMMED)


def _records(
    item: Source,
    cls: type[BaseModel],
    section: str,
    errors: list[ErrorItem],
    failed: set[str] | None = None,
    coded: bool = True,
) -> Iterator[tuple[Origin, Any]]:
    """Each entity record of a source, with where it came from: a record made
    column-wise already (:mod:`partygraph.io.columnwise`), or what pydantic
    validates (unless ``coded``, a table none of whose cells is a Chinese code)."""
    if isinstance(item, Entry):
        _note_trimmed_names(item, section, cls)
        yield YamlOrigin(item.node, item.index), item.node
        return
    required = _required(cls)
    errors += check_header(item, list(field_names(cls)), required, section)
    if header_fails(item, required):
        if failed is not None:
            failed.add(section)
        return  # said once at the header: no row can be read
    errors += [
        ErrorItem(
            e.file, e.line, e.column, f"{section}.{e.field}" if e.field else section, e.message
        )
        for e in item.problems
    ]
    plain = None if coded else _plain_entities(item, cls, section, errors)
    if plain is not None:
        values, made = plain
        for row, entity in enumerate(made):
            yield CsvOrigin(item, row), _record(values, row) if entity is None else entity
        return
    for row, record in csv_entity_rows(item, cls, section, errors):
        yield CsvOrigin(item, row), record


@cache
def _required(cls: type[BaseModel]) -> list[str]:
    """The required fields of ``cls`` (shared: never change it)."""
    return [name for name, f in cls.model_fields.items() if f.is_required()]


def validate_entities(
    items: Sequence[Source],
    section: str,
    errors: list[ErrorItem],
    failed: set[str] | None = None,
) -> tuple[list[Entity], list[Origin]]:
    """Phase one for a section: validate every entry into its entity class.

    ``failed`` receives the section when a table of it cannot be read for its
    header (its references are then not reported one by one)."""
    entities, origins = validate_rows(items, section, SECTIONS[section], errors, failed)
    return typing.cast(list[Entity], entities), origins


def validate_rows(
    items: Sequence[Source],
    section: str,
    cls: type[BaseModel],
    errors: list[ErrorItem],
    failed: set[str] | None = None,
) -> tuple[list[BaseModel], list[Origin]]:
    """Validate every entry or row of a section or companion into ``cls``."""
    entities: list[BaseModel] = []
    origins: list[Origin] = []
    for item in items:
        missing = (
            frozenset(name for name in field_names(cls) if name not in item.columns)
            if isinstance(item, RawTable)
            else frozenset()
        )
        capped = _PerColumn()
        # A table none of whose cells is a Chinese code is not read for them row by row.
        coded = not isinstance(item, RawTable) or table_has_codes(cls, item.columns)
        for origin, record in _records(item, cls, section, errors, failed, coded):
            if isinstance(record, BaseModel):  # made column-wise: valid, its set shared
                entities.append(record)
                origins.append(origin)
                continue
            try:
                # 巷, 党委, 是 ... read as their codes, each noted
                read = read_codes(record, cls, origin, section) if coded else record
                entity = cls.model_validate(read)
            except ValidationError as exc:
                hints = MAX_REPORTED - len(errors)
                found = pydantic_errors(exc, origin, section, cls, missing, hints)
                errors += capped.add(found) if isinstance(item, RawTable) else found
                continue
            share_fields_set(entity)
            entities.append(entity)
            origins.append(origin)
        errors += capped.finish()
    return entities, origins


class _PerColumn:
    """The errors of a table's rows, at most :data:`MAX_ERRORS_PER_COLUMN` per
    column (as for the bulk tables), the rest counted in one line per column."""

    def __init__(self) -> None:
        self.listed: Counter[int] = Counter()
        self.more: dict[int, tuple[int, ErrorItem]] = {}  # column -> (count, first left out)

    def add(self, found: list[ErrorItem]) -> list[ErrorItem]:
        out = []
        for e in found:
            if e.column is None:  # about the row, not a cell
                out.append(e)
            elif self.listed[e.column] < MAX_ERRORS_PER_COLUMN:
                self.listed[e.column] += 1
                out.append(e)
            else:
                count, first = self.more.get(e.column, (0, e))
                self.more[e.column] = (count + 1, first)
        return out

    def finish(self) -> list[ErrorItem]:
        return [
            ErrorItem(
                e.file,
                e.line,
                e.column,
                _ROW_INDEX.sub("", e.field, count=1).partition("[")[0],
                tr("load_tables.more_in_column", count=count),
            )
            for count, e in self.more.values()
        ]


_ROW_INDEX = re.compile(r"\[\d+\]")


# -- bulk tables -----------------------------------------------------------------
def _raw_tables(items: Sequence[Source]) -> list[RawTable]:
    """The sources of a bulk table in order; inline rows in a row from one file
    become one table."""
    raws: list[RawTable] = []
    run: list[MarkedDict] = []
    for item in [*items, None]:
        if isinstance(item, Entry) and (not run or run[0].mark.file == item.node.mark.file):
            run.append(item.node)
            continue
        if run:
            raws.append(RawTable.from_rows(run, run[0].mark.file))
            run = []
        if isinstance(item, Entry):
            run.append(item.node)
        elif item is not None:
            raws.append(item)
    return raws


def bulk(
    name: str, items: Sequence[Source], errors: list[ErrorItem], failed: set[str] | None = None
) -> Bulk:
    """Phase one for a bulk table: every cell parsed, its sources joined.

    A source whose header lacks a required column is left out, and ``failed``
    receives the table: its header problem is said once, not once per row or
    per reference."""
    spec = TABLES[name]
    required = [c.name for c in spec.columns if c.required]
    raws = _raw_tables(items)
    if len(raws) == 1 and raws[0].fast is not None:
        # Read and checked by Arrow; references are resolved from its columns.
        source = np.zeros(len(raws[0]), dtype=np.int16)
        lines = _line_numbers(raws[0].lines)
        return Bulk(dict(raws[0].fast.columns), raws, source, lines, FileRows(raws, source, name))
    parts = []
    kept = []
    for raw in raws:
        columns, problems = parse_columns(raw, spec, name)
        errors += problems
        if raw.fast is None and header_fails(raw, required):
            if failed is not None:
                failed.add(name)
            continue
        parts.append(columns)
        kept.append(raw)
    raws = kept
    if not parts:
        empty = TableData.empty(spec)
        return Bulk(empty.columns, [], empty.source, empty.line, FileRows([], empty.source, name))
    columns = (
        parts[0]
        if len(parts) == 1
        else {c.name: np.concatenate([p[c.name] for p in parts]) for c in spec.columns}
    )
    source = np.concatenate([np.full(len(r), k, dtype=np.int16) for k, r in enumerate(raws)])
    line = np.concatenate([_line_numbers(r.lines) for r in raws])
    return Bulk(columns, raws, source, line, FileRows(raws, source, name))


def _line_numbers(lines: Sequence[int]) -> Array:
    if isinstance(lines, range):  # a plain table: one row a line
        return np.arange(lines.start, lines.stop, lines.step, dtype=np.int32)
    return np.asarray(lines, dtype=np.int32)
