"""Dates as Excel writes them, read as dates and noted where they stand.

zh-CN Excel shows and saves a date as ``2023/4/26``; people type
``2023-4-26``, ``2023.4.26`` or ``2023年4月26日``.  Each is read as the day it
names (:func:`partygraph.model.base.read_date`) and recorded with
:func:`partygraph.normalised.note` (why: “日期写法”) at its file, line and
column, so that ``dump`` writes ``2023-04-26`` and ``validate --verbose`` lists
what was read so.  Anything else is refused where it stands, in plain words
with a form to write.

Here: the date fields of every entry written in YAML (nested records too),
the date columns of section tables, and the ``snapshot:``.  The date columns
of bulk tables are read by :mod:`partygraph.io.columns`.

Examples
--------
>>> from partygraph.normalised import recording
>>> from partygraph.io.yamlsrc import loads
>>> from partygraph.model import Division
>>> node = loads("id: c1\\nname: 东风社区\\nlevel: community\\nvalid_from: 2023/4/26\\n", "m.yaml")
>>> with recording() as record:
...     in_entry(node, Division, "divisions[0]")
>>> node["valid_from"]
datetime.date(2023, 4, 26)
>>> print(record.notes[0])
m.yaml:4:13: divisions[0].valid_from: “2023/4/26” 读作 “2023-04-26”（日期写法）
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from partygraph.io.companions import COMPANIONS
from partygraph.io.tables import RawTable
from partygraph.io.yamlsrc import MarkedDict, MarkedList
from partygraph.model import SECTIONS, field_hints, unwrap_type
from partygraph.model.base import DATE_WHY, read_date
from partygraph.normalised import note

__all__ = ["date_fields", "in_entry", "in_sections", "in_table", "normalise"]


@cache
def date_fields(cls: type[BaseModel]) -> tuple[tuple[str, type[BaseModel] | None], ...]:
    """``(field, None)`` for each date field of ``cls``, ``(field, record class)``
    for each field of nested records that have date fields of their own."""
    out: list[tuple[str, type[BaseModel] | None]] = []
    hints = field_hints(cls)
    for name in cls.model_fields:
        tp, _ = unwrap_type(hints[name])
        if tp is dt.date:
            out.append((name, None))
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and date_fields(tp):
            out.append((name, tp))
    return tuple(out)


def normalise(text: str) -> dt.date | None:
    """The day ``text`` writes when it is not already written ``YYYY-MM-DD``."""
    day = read_date(text.strip())
    return None if day is None or day.isoformat() == text else day


def in_entry(node: MarkedDict, cls: type[BaseModel], path: str) -> None:
    """Each date of the YAML entry ``node`` (validated later as ``cls``) written
    as Excel writes it becomes the date, noted at its place; ``path`` names the
    entry in the notes (``divisions[3]``)."""
    for name, record in date_fields(cls):
        value = node.get(name)
        if record is not None:
            if isinstance(value, MarkedList):
                for i, item in enumerate(value):
                    if isinstance(item, MarkedDict):
                        in_entry(item, record, f"{path}.{name}[{i}]")
            elif isinstance(value, MarkedDict):
                in_entry(value, record, f"{path}.{name}")
        elif isinstance(value, str):
            day = normalise(value)
            if day is not None:
                mark = node.value_mark(name)
                note(mark.file, mark.line, mark.column, f"{path}.{name}", value, str(day), DATE_WHY)
                node[name] = day


def in_table(raw: RawTable, cls: type[BaseModel], label: str) -> None:
    """The same for the cells of a section's table (rows of ``cls``): a date
    cell written as Excel writes it is rewritten ``YYYY-MM-DD``, noted."""
    for name, record in date_fields(cls):
        cells = raw.columns.get(name)
        if record is not None or cells is None:
            continue
        for row, cell in enumerate(cells):
            day = normalise(cell) if cell else None
            if day is not None:
                line, column = raw.where(row, name)
                note(raw.file, line, column, f"{label}.{name}", cell.strip(), str(day), DATE_WHY)
                cells[row] = day.isoformat()


def in_sections(items: Mapping[str, Sequence[Any]]) -> None:
    """Every date of a section entry or a section table's cell written as Excel
    writes it (``items``: each section's sources), read as the date and noted."""
    for section, sources in items.items():
        cls = _row_class(section)
        if cls is None or not date_fields(cls):
            continue
        for item in sources:
            if isinstance(item, RawTable):
                if item.fast is None:
                    in_table(item, cls, section)
            elif isinstance(getattr(item, "node", None), MarkedDict):
                in_entry(item.node, cls, f"{section}[{item.index}]")


def _row_class(section: str) -> type[BaseModel] | None:
    """The class a section's entries are validated as (``None``: a bulk table)."""
    if section in SECTIONS:
        return SECTIONS[section]
    return COMPANIONS[section].row if section in COMPANIONS else None
