"""Phase one of loading: the shape of every entity and every cell.

Each entry of a section (a YAML mapping or a CSV row) is validated into its
entity class, every problem located at its origin; each bulk table is parsed
column by column (:func:`partygraph.io.columns.parse_columns`, unless Arrow has
read and checked it already).  References are still plain ids here: phase two
(:mod:`partygraph.io.resolve`) checks them.

A table whose header lacks a required column is said once at its header and
its section counted as failed: none of its rows is checked, and references to
it are not reported one by one.  How a table's cells are read:
:mod:`partygraph.io.rowvalues`; a plain table's rows are checked column-wise
(:mod:`partygraph.io.columnwise`), pydantic validating only the rows those
checks leave undecided.

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
from partygraph.io.rowvalues import csv_entity_rows, note_trimmed_names, plain_entities, record_at
from partygraph.io.source import Entry, Source
from partygraph.io.tables import RawTable, check_header, header_fails
from partygraph.io.yamlsrc import MarkedDict
from partygraph.model import SECTIONS, Entity, share_fields_set
from partygraph.model.base import field_names
from partygraph.model.population import TABLES, Array, TableData
from partygraph.progress import without_gc

__all__ = ["bulk", "csv_entity_rows", "validate_entities", "validate_rows"]


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
        note_trimmed_names(item, section, cls)
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
    plain = None if coded else plain_entities(item, cls, section, errors)
    if plain is not None:
        values, made = plain
        for row, entity in enumerate(made):
            yield CsvOrigin(item, row), record_at(values, row) if entity is None else entity
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
    with without_gc():  # records by the ten thousand, no cycles
        return _validate_rows(items, section, cls, errors, failed)


def _validate_rows(
    items: Sequence[Source],
    section: str,
    cls: type[BaseModel],
    errors: list[ErrorItem],
    failed: set[str] | None,
) -> tuple[list[BaseModel], list[Origin]]:
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
