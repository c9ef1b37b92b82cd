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
from partygraph.io.columns import MAX_ERRORS_PER_COLUMN, parse_columns
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
    hints = field_hints(cls)
    kinds = {name: unwrap_type(hints[name]) for name in cls.model_fields}
    columns = {c: cells for c, cells in raw.columns.items() if c in kinds}
    names = _trimmed_fields(cls)
    checked = problems is not None and (
        raw.controls
        or any(max(map(len, cells), default=0) > MAX_CELL_CHARS for cells in columns.values())
    )
    if not checked:
        yield from _plain_rows(raw, columns, kinds, names, section)
        return
    for row in range(len(raw)):
        record: dict[str, Any] = {}
        refused = False
        for column, cells in columns.items():
            written = cells[row]
            if problems is not None and (raw.controls or len(written) > MAX_CELL_CHARS):
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


def _plain_rows(
    raw: RawTable,
    columns: dict[str, list[str]],
    kinds: dict[str, tuple[Any, bool]],
    names: frozenset[str],
    section: str,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows of a table no cell of which needs a check: each column is
    stripped at once, and only the cells that are more than text (lists,
    是/否, names written with spaces) are looked at one by one (the
    example's 16,952 structure rows: 0.11 s cell by cell, 0.08 s so)."""
    plan = []
    for column, cells in columns.items():
        tp, many = kinds[column]
        stripped = [c.strip() for c in cells]
        # Plain text, or a name no cell of which is written with spaces (nothing to note).
        simple = not many and tp is not bool and (column not in names or stripped == cells)
        plan.append((column, cells, stripped, simple))
    for row in range(len(raw)):
        record: dict[str, Any] = {}
        for column, cells, stripped, simple in plan:
            cell = stripped[row]
            if not cell:
                continue
            if simple:
                record[column] = cell
            else:
                record[column] = _cell(raw, row, column, section, cells[row], cell, kinds, names)
        yield row, record


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
) -> Iterator[tuple[Origin, Any]]:
    """Each entity record of a source, with where it came from."""
    if isinstance(item, Entry):
        _note_trimmed_names(item, section, cls)
        yield YamlOrigin(item.node, item.index), item.node
        return
    required = [name for name, f in cls.model_fields.items() if f.is_required()]
    errors += check_header(item, list(cls.model_fields), required, section)
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
    for row, record in csv_entity_rows(item, cls, section, errors):
        yield CsvOrigin(item, row), record


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
        missing = frozenset(
            name
            for name in cls.model_fields
            if isinstance(item, RawTable) and name not in item.columns
        )
        capped = _PerColumn()
        # A table none of whose cells is a Chinese code is not read for them row by row.
        coded = not isinstance(item, RawTable) or table_has_codes(cls, item.columns)
        for origin, record in _records(item, cls, section, errors, failed):
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
