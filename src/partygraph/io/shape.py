"""Phase one of loading: the shape of every entity and every cell.

Each entry of a section (a YAML mapping or a CSV row) is validated into its
entity class, every problem located at its origin; each bulk table is parsed
column by column (:func:`partygraph.io.columns.parse_columns`, unless Arrow has
read and checked it already).  References are still plain ids here: phase two
(:mod:`partygraph.io.resolve`) checks them.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from partygraph.errors import MAX_REPORTED, ErrorItem
from partygraph.io.columns import parse_columns
from partygraph.io.origins import CsvOrigin, Origin, YamlOrigin, pydantic_errors, read_codes
from partygraph.io.resolve import Bulk, FileRows
from partygraph.io.source import Entry, Source
from partygraph.io.tables import RawTable, check_header
from partygraph.io.yamlsrc import MarkedDict
from partygraph.model import SECTIONS, Entity, share_fields_set, unwrap_type
from partygraph.model.population import TABLES, Array, TableData

__all__ = ["bulk", "csv_entity_rows", "validate_entities", "validate_rows"]


def csv_entity_rows(raw: RawTable, cls: type[BaseModel]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a CSV table as field dicts (unknown columns left out); ``a;b``
    cells fill list fields, 是/否 boolean ones."""
    hints = typing.get_type_hints(cls)
    kinds = {name: unwrap_type(hints[name]) for name in cls.model_fields}
    columns = {c: cells for c, cells in raw.columns.items() if c in kinds}
    for row in range(len(raw)):
        record: dict[str, Any] = {}
        for column, cells in columns.items():
            cell = cells[row].strip()
            if not cell:
                continue
            tp, many = kinds[column]
            if many and isinstance(tp, type) and issubclass(tp, BaseModel):
                record[column] = cell  # pydantic rejects it with a clear message
            elif many:
                record[column] = [part.strip() for part in cell.split(";") if part.strip()]
            elif tp is bool and cell in ("是", "否"):
                record[column] = cell == "是"
            else:
                record[column] = cell
        yield row, record


def _records(
    item: Source, cls: type[BaseModel], section: str, errors: list[ErrorItem]
) -> Iterator[tuple[Origin, Any]]:
    """Each entity record of a source, with where it came from."""
    if isinstance(item, Entry):
        yield YamlOrigin(item.node, item.index), item.node
        return
    required = [name for name, f in cls.model_fields.items() if f.is_required()]
    errors += check_header(item, list(cls.model_fields), required, section)
    errors += [
        ErrorItem(
            e.file, e.line, e.column, f"{section}.{e.field}" if e.field else section, e.message
        )
        for e in item.problems
    ]
    for row, record in csv_entity_rows(item, cls):
        yield CsvOrigin(item, row), record


def validate_entities(
    items: Sequence[Source], section: str, errors: list[ErrorItem]
) -> tuple[list[Entity], list[Origin]]:
    """Phase one for a section: validate every entry into its entity class."""
    entities, origins = validate_rows(items, section, SECTIONS[section], errors)
    return typing.cast(list[Entity], entities), origins


def validate_rows(
    items: Sequence[Source], section: str, cls: type[BaseModel], errors: list[ErrorItem]
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
        for origin, record in _records(item, cls, section, errors):
            try:
                # 巷, 党委, 是 ... read as their codes, each noted
                entity = cls.model_validate(read_codes(record, cls, origin, section))
            except ValidationError as exc:
                hints = MAX_REPORTED - len(errors)
                errors += pydantic_errors(exc, origin, section, cls, missing, hints)
                continue
            share_fields_set(entity)
            entities.append(entity)
            origins.append(origin)
    return entities, origins


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


def bulk(name: str, items: Sequence[Source], errors: list[ErrorItem]) -> Bulk:
    """Phase one for a bulk table: every cell parsed, its sources joined."""
    spec = TABLES[name]
    raws = _raw_tables(items)
    if len(raws) == 1 and raws[0].fast is not None:
        # Read and checked by Arrow; references are resolved from its columns.
        source = np.zeros(len(raws[0]), dtype=np.int16)
        lines = _line_numbers(raws[0].lines)
        return Bulk(dict(raws[0].fast.columns), raws, source, lines, FileRows(raws, source, name))
    parts = []
    for raw in raws:
        columns, problems = parse_columns(raw, spec, name)
        errors += problems
        parts.append(columns)
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
