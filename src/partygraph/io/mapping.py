"""A table's headers read as the model's fields: ``columns:`` mappings and Chinese headers.

A table exported from another system names its columns its own way.
``{table: 单位.csv, columns: {编号: id, 名称: name, 所属社区: division}}`` says
which header is which field; without a mapping, the Chinese headers of
:mod:`partygraph.vocabulary.headers` (编号, 名称, 所在社区 ...) are read as their
fields by themselves, each recorded once per table (``validate --verbose``).
A header that is already a field's name is read as it is.

Examples
--------
>>> from partygraph.io.tables import RawTable
>>> raw = RawTable.from_text("编号,名称,所属社区\\nu1,市财政局,c1\\n", "单位.csv")
>>> apply(raw, "units", None)
>>> raw.columns, raw.column_numbers["division"]
({'id': ['u1'], 'name': ['市财政局'], 'division': ['c1']}, 3)
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from partygraph.errors import ErrorItem
from partygraph.i18n import tr
from partygraph.io.companions import COMPANIONS
from partygraph.io.tables import RawTable
from partygraph.io.yamlsrc import Mark, MarkedDict
from partygraph.model import SECTIONS
from partygraph.model.population import TABLES
from partygraph.normalised import note
from partygraph.vocabulary.headers import header_aliases

__all__ = ["ALIAS", "apply", "problems", "renames", "table_fields"]

#: Why a header was read as a field (the normalisation record's reason).
ALIAS = "中文表头"


def table_fields(section: str) -> list[str]:
    """The columns a table of ``section`` (a section, companion or bulk table) may have.

    >>> table_fields("meetings")
    ['date', 'kind', 'holder']
    """
    if section in TABLES:
        return [c.name for c in TABLES[section].columns]
    cls = COMPANIONS[section].row if section in COMPANIONS else SECTIONS[section]
    return list(cls.model_fields)


def renames(
    header: Sequence[str], section: str, columns: Mapping[str, Any] | None
) -> dict[str, str]:
    """Header -> field for every header read as another name: mapped in
    ``columns``, or a Chinese header of the section not already a field.

    >>> renames(["户编号", "community", "人数"], "households", None)
    {'户编号': 'id', '人数': 'size'}
    """
    fields = set(table_fields(section))
    mapped = dict(columns or {})
    aliases = header_aliases(section)
    out: dict[str, str] = {}
    for name in header:
        if name in mapped:
            out[name] = str(mapped[name])
        elif name not in fields and name in aliases:
            out[name] = aliases[name]
    return out


def apply(raw: RawTable, section: str, columns: Any) -> None:
    """Rename ``raw``'s headers to fields in place (``columns``: the ``columns:``
    mapping as written, a :class:`~partygraph.io.yamlsrc.MarkedDict`, or ``None``).

    A mapped header the table does not have, and two headers read as one field,
    are problems of the table (``raw.problems``); a header read through a
    Chinese alias is noted once, at its header cell.
    """
    header = list(raw.columns)
    new = renames(header, section, columns)
    mapped = columns or {}
    for name in mapped:
        if name not in raw.columns:
            raw.problems.append(_at_key(columns, name, raw, header))
    seen: dict[str, str] = {}
    for name in header:
        field = new.get(name, name)
        if field in seen:
            file, line, col = raw.header_place(name)
            message = tr("load_tables.columns_twice", header=name, other=seen[field], field=field)
            raw.problems.append(ErrorItem(file, line, col, field, message))
            new.pop(name, None)  # left as it is: the header check names it
            continue
        seen[field] = name
        if name in new and name not in mapped:
            note(*raw.header_place(name), f"{section}.{field}", name, field, ALIAS)
    if not new:
        return
    raw.columns = {new.get(h, h): cells for h, cells in raw.columns.items()}
    raw.column_numbers = {new.get(h, h): n for h, n in raw.column_numbers.items()}


def _at_key(columns: Any, name: str, raw: RawTable, header: list[str]) -> ErrorItem:
    mark = columns.key_mark(name)
    listed = tr("load_tables.columns_separator").join(header) or tr("load_tables.columns_no_header")
    message = tr("load_tables.columns_missing", header=name, file=raw.file, headers=listed)
    return ErrorItem(mark.file, mark.line, mark.column, f"columns.{name}", message)


def problems(ref: MarkedDict, section: str) -> list[ErrorItem]:
    """What is wrong with the ``columns:`` of a table reference ``ref``: it maps
    headers (text) to fields of ``section``, each field once."""
    columns = ref["columns"]
    if not isinstance(columns, MarkedDict) or not columns:
        example = "columns: {编号: id, 名称: name}"
        message = tr("load_tables.columns_not_a_mapping", example=example)
        return [_item(ref.value_mark("columns"), f"{section}.columns", message)]
    fields = table_fields(section)
    out = []
    first: dict[str, str] = {}
    for header, field in columns.items():
        where, mark = f"{section}.columns.{header}", columns.value_mark(header)
        if not isinstance(header, str) or not isinstance(field, str):
            message = tr("load_tables.columns_not_text", header=str(header), field=str(field))
            out.append(_item(mark, where, message))
        elif field not in fields:
            close = difflib.get_close_matches(field, fields, n=1, cutoff=0.6)
            hint = tr("load_tables.columns_did_you_mean", name=close[0]) if close else ""
            listed = tr("load_tables.columns_separator").join(fields)
            message = tr(
                "load_tables.columns_unknown_field",
                field=field,
                hint=hint,
                section=section,
                fields=listed,
            )
            out.append(_item(mark, where, message))
        elif field in first:
            message = tr("load_tables.columns_field_twice", field=field, first=first[field])
            out.append(_item(mark, where, message))
        else:
            first[field] = header
    return out


def _item(mark: Mark, field: str, message: str) -> ErrorItem:
    return ErrorItem(mark.file, mark.line, mark.column, field, message)
