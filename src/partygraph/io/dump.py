"""Write a model back as YAML, with its tables as CSV files beside it.

:func:`dump` is what :meth:`partygraph.Model.dump` calls: the YAML entry file
:func:`partygraph.load` reads back to an equal model, the bulk tables (and the
long structure sections) in ``<stem>_tables/*.csv``.  Every file is written
whole or not at all (:func:`partygraph.io.atomic.write_atomic`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ValidationError

from partygraph.errors import ConfigError, PartygraphError
from partygraph.i18n import tr
from partygraph.io import cells as cells_
from partygraph.io import scalars
from partygraph.io.atomic import write_with_folder
from partygraph.io.companions import COMPANIONS, NESTED, Companion, record
from partygraph.io.shape import csv_entity_rows
from partygraph.io.source import FORMAT_VERSION
from partygraph.io.tables import RawTable
from partygraph.model import SECTIONS, Entity, Model
from partygraph.model.population import TABLES, TableData, text_array

__all__ = ["TABLE_MIN_ROWS", "dump"]

#: A structure section this long is dumped as a CSV table (when every value fits one).
TABLE_MIN_ROWS = 100


def _table_dir(path: Path) -> Path:
    return path.with_name(f"{path.stem}_tables")


#: Rows of a bulk table made text at a time: a province's 30 million households
#: are written to their file in parts, never held as one string or as lists of
#: cells (docs/performance.md).
_PART_ROWS = 1 << 16


def _lookups(model: Model, table: TableData) -> list[Any]:
    """Per column what turns its codes into text: the target's ids (a reference,
    its codes checked once here), the choices (an enum), else ``None``."""
    out: list[Any] = []
    for col in table.spec.columns:
        values = table.columns[col.name]
        if col.type == "ref":
            assert col.target is not None
            ids = _target_ids(model, col.target)
            if values.size and (values.min() < -1 or values.max() >= len(ids)):
                raise PartygraphError(
                    f"{table.spec.name}.{col.name}: a code is out of range "
                    f"(-1 to {len(ids) - 1}); the population does not match the model"
                )
            out.append(ids)
        elif col.type == "enum":
            out.append(np.array([*col.choices, ""], dtype=object))
        else:
            out.append(None)
    return out


def _target_ids(model: Model, target: str) -> Any:
    """The ids a reference column's codes point into: a bulk table's own column
    (not copied: a province's 30 million household ids), or a section's."""
    if target in TABLES:
        return model.population[target]["id"]
    return text_array([e.id for e in model.section(target)])


def _cells(table: TableData, lookups: list[Any], rows: slice, first: int) -> list[list[str]]:
    """Each column of ``rows`` of a bulk table as strings, references back to ids
    (``first``: the number of the first of them, for a message)."""
    out = []
    for col, lookup in zip(table.spec.columns, lookups, strict=True):
        values = table.columns[col.name][rows]
        if col.type == "ref":  # code -1: no reference, an empty cell
            ids = lookup[np.maximum(values, 0)] if len(lookup) else np.full(len(values), "")
            out.append(np.where(values < 0, "", ids).tolist())
        elif col.type == "enum":
            out.append(lookup[values].tolist())
        elif col.type == "int":
            out.append(["" if v < 0 else str(v) for v in values.tolist()])
        elif col.type == "bool":
            out.append(np.where(values, "true", "false").tolist())
        elif col.type == "date":
            text = np.datetime_as_string(values, unit="D")
            out.append(np.where(np.isnat(values), "", text).tolist())
        else:
            cells = ["" if v is None else str(v) for v in values.tolist()]
            _no_controls(table.spec.name, col.name, cells, first)
            out.append(cells)
    return out


class _TableWriter:
    """A bulk table written to its open file part by part: the text
    :func:`_csv_text` would make of it whole, ``\\r\\n`` ending every line when
    a cell holds a carriage return (then the file is written again)."""

    def __init__(self, model: Model, table: TableData) -> None:
        self.table = table
        self.lookups = _lookups(model, table)  # before any file is written

    def __call__(self, f: Any) -> None:
        header = [c.name for c in self.table.spec.columns]
        for ending in ("\n", "\r\n"):
            f.seek(0)
            f.truncate()
            f.write(_csv_text(header, [], ending))
            if self._rows(f, ending):
                return

    def _rows(self, f: Any, ending: str) -> bool:
        """Write the rows; ``False`` (stopped) when ``\\n`` ends lines but a cell holds ``\\r``."""
        n = len(self.table)
        for first in range(0, n, _PART_ROWS):
            part = slice(first, min(first + _PART_ROWS, n))
            cells = _cells(self.table, self.lookups, part, first)
            buf = io.StringIO(newline="")
            csv.writer(buf, lineterminator=ending).writerows(zip(*cells, strict=True))
            text = buf.getvalue()
            if ending == "\n" and "\r" in text:
                return False
            f.write(text)
        return True


def _no_controls(table: str, column: str, cells: list[str], first: int = 0) -> None:
    """A table cannot hold a control character (the loader refuses one, see
    :mod:`partygraph.io.cells`): refuse to write a model that would not load back."""
    if not cells_.has_control("\n".join(cells)):  # one search; LF is not refused
        return
    row = next(i for i, cell in enumerate(cells) if cells_.has_control(cell))
    raise PartygraphError(
        tr(
            "load_tables.dump_control",
            table=table,
            column=column,
            row=first + row + 1,
            value=cells_.shown(cells[row]),
        )
    )


def _csv_text(header: list[str], rows: Sequence[Sequence[str]], ending: str = "") -> str:
    """CSV text, lines ending in ``\\n``; ``\\r\\n`` when a cell holds a carriage
    return, which the csv module quotes only when it ends lines (``ending``: this one)."""
    for end in (ending,) if ending else ("\n", "\r\n"):
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator=end)
        writer.writerow(header)
        writer.writerows(rows)
        text = buf.getvalue()
        if end == "\r\n" or "\r" not in text:
            break
    return text


def _yaml_value(entity: Entity) -> dict[str, Any]:
    return entity.model_dump(mode="python", exclude_defaults=True)


class _Dumper(yaml.SafeDumper):
    """Block style, Chinese kept as is, no anchors: every value written out
    (a reader need not resolve ``*id001``, and the loader skips its alias walk)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML folds a NEL or line/paragraph separator in a plain or single-quoted
    # scalar into a space when reading back; double quotes escape them.
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


class _Flow(list[str]):
    """A list written on one line, as an analyst writes a synonym group: ``[助餐, 老年助餐]``."""


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
# Quote text that the loader (YAML 1.2 rules, io.scalars) would read as anything
# else: `0o17` and `09` are plain text to PyYAML's YAML 1.1 dumper.
for _tag, _regexp, _first in scalars.RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, _regexp, list(_first))


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _section_csv(cls: type[Entity], items: Sequence[Entity]) -> str | None:
    """The section as CSV text, or ``None`` when CSV cannot hold it exactly
    (nested records, ``;`` in a list item, ...): checked by reading it back."""
    rows = [e.model_dump(mode="python", exclude_defaults=True) for e in items]
    return _rows_csv(cls, list(cls.model_fields), rows, items)


def _rows_csv(
    cls: type[BaseModel],
    order: list[str],
    rows: list[dict[str, Any]],
    want: Sequence[Any],
    back_as: Callable[[Any], Any] = lambda x: x,
) -> str | None:
    """``rows`` as CSV text (columns in ``order``) when reading it back as
    ``cls`` (then ``back_as``) gives ``want`` exactly, else ``None``."""
    columns = [name for name in order if any(name in r for r in rows)]
    text = _csv_text(columns, [[_cell(r.get(c)) for c in columns] for r in rows])
    if cells_.has_control(text):  # a table refuses it; YAML writes it escaped
        return None
    try:
        raw = RawTable.from_text(text, "<dump>")
        back = [back_as(cls.model_validate(rec)) for _, rec in csv_entity_rows(raw, cls)]
    except (ConfigError, ValidationError):
        return None
    return text if back == list(want) else None


#: A nested record with the id of the entity holding it: one companion row.
_Pair = tuple[str, BaseModel]


def _companion_pairs(comp: Companion, items: Sequence[Entity]) -> list[_Pair]:
    """The nested records of ``items`` in ``comp.field`` with their holder, in order."""
    return [(e.id, r) for e in items for r in getattr(e, comp.field)]


def _row_dict(comp: Companion, pair: _Pair) -> dict[str, Any]:
    return {comp.key: pair[0], **pair[1].model_dump(mode="python", exclude_defaults=True)}


def _companion_csv(comp: Companion, pairs: list[_Pair]) -> str | None:
    """Companion rows as CSV text, parent key first, when CSV holds them exactly."""
    return _rows_csv(
        comp.row,
        [comp.key, *comp.record.model_fields],
        [_row_dict(comp, pair) for pair in pairs],
        pairs,
        lambda row: (getattr(row, comp.key), record(comp, row)),
    )


def _split_csv(section: str, items: Sequence[Entity]) -> tuple[str, dict[str, list[_Pair]]] | None:
    """A section CSV cannot hold only for its nested records: the section without
    them as CSV text, and its companion rows per companion; ``None`` when CSV
    cannot hold the section or a companion exactly."""
    comps = NESTED[section]
    if not comps:
        return None
    bare = [e.model_copy(update={c.field: [] for c in comps}) for e in items]
    text = _section_csv(SECTIONS[section], bare)
    if text is None:
        return None
    companions: dict[str, list[_Pair]] = {}
    for comp in comps:
        pairs = _companion_pairs(comp, items)
        if pairs:
            if _companion_csv(comp, pairs) is None:
                return None
            companions[comp.name] = pairs
    return text, companions


def _section_table(
    section: str, items: Sequence[Entity], companions: dict[str, list[_Pair]]
) -> str | None:
    """A long section as CSV text (``None``: it stays in YAML); its nested records,
    when they alone kept it from CSV, are added to ``companions``."""
    if len(items) < TABLE_MIN_ROWS:
        return None
    text = _section_csv(SECTIONS[section], items)
    if text is not None:
        return text
    split = _split_csv(section, items)
    if split is None:
        return None
    for name, rows in split[1].items():
        companions.setdefault(name, []).extend(rows)
    return split[0]


def _comment(description: str | None) -> str:
    """The description again as comment lines on top, for whoever opens the file
    (none when it holds a character a YAML comment cannot)."""
    if not description or yaml.reader.Reader.NON_PRINTABLE.search(description):
        return ""
    return "".join(f"# {line}\n" for line in description.splitlines())


def dump(model: Model, path: str | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` (YAML) and its tables to ``<stem>_tables/*.csv``.

    Bulk tables always go to CSV; so does a structure section of
    :data:`TABLE_MIN_ROWS` or more entities when CSV holds it exactly (what a
    spreadsheet user edits, and much faster to read), its nested records going
    to companion tables (``service_items.csv`` ...) when they alone kept it
    from CSV.  ``load(path) == model`` holds.

    The write is one change (:func:`partygraph.io.atomic.write_with_folder`):
    every text is made before any file is written (the bulk tables', written in
    parts, as they are written), the tables go into a fresh
    folder beside ``<stem>_tables`` and the entry file, renamed over ``path``
    last, is the commit.  A dump that fails or is interrupted at any point
    leaves ``path`` loading the old model or the new one, never a mix.
    """
    path = Path(path)
    tables_dir = _table_dir(path)
    files: dict[str, str | _TableWriter] = {}
    doc: dict[str, Any] = {"partygraph": FORMAT_VERSION, "name": model.name}
    if model.description:
        doc["description"] = model.description
    if model.snapshot:
        doc["snapshot"] = model.snapshot
    if model.coordinates.model_fields_set:
        doc["coordinates"] = model.coordinates.model_dump()
    if model.vocabulary.synonyms:
        doc["vocabulary"] = {"synonyms": [_Flow(g) for g in model.vocabulary.synonyms]}
    companions: dict[str, list[_Pair]] = {}
    for section in SECTIONS:
        items = model.section(section)
        text = _section_table(section, items, companions)
        if text is not None:
            files[f"{section}.csv"] = doc[section] = text
        elif items:
            doc[section] = [_yaml_value(e) for e in items]
    for name, pairs in companions.items():
        # Each section's rows read back exactly on their own, so all of them do;
        # inline rows (exact in YAML) should that ever fail.
        comp = COMPANIONS[name]
        part = _companion_csv(comp, pairs)
        if part is not None:
            files[f"{name}.csv"] = doc[name] = part
        else:
            doc[name] = [_row_dict(comp, pair) for pair in pairs]
    for name, table in model.population.tables.items():
        if len(table):
            files[f"{name}.csv"] = doc[name] = _TableWriter(model, table)

    def entry_text(folder: str) -> str:
        # A key whose value is a table's text (a string nowhere else) names the table.
        named = {
            key: {"table": f"{folder}/{key}.csv"}
            if isinstance(value, str | _TableWriter) and key in tabled
            else value
            for key, value in doc.items()
        }
        text = yaml.dump(named, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        return _comment(model.description) + text

    tabled = {name.removesuffix(".csv") for name in files}

    write_with_folder(path, tables_dir, files, entry_text)
