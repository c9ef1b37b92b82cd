"""A model with some entities and rows taken out, every reference still sound.

:meth:`partygraph.Model.as_of` and :meth:`partygraph.Model.subtree` decide
what goes; :func:`prune` takes it out and mends what referred to it, the same
way for both, so that the result validates:

- a structure entity whose *required* reference (a grid's community, a team's
  core organisation) or whose *home* (a unit's division, a division's parent)
  is gone goes too, and so on until nothing more goes;
- an optional reference to what is gone is cleared (a grid's residents' group,
  a unit's instructor), and a gone id is dropped from a list (a team's members);
- a nested record (a part-time member, a service item) whose required
  reference is gone is dropped from its list;
- a bulk row goes when its required reference is gone (a household whose
  community is gone, a registration at it); an optional reference column is
  set to ``-1``; codes into a shorter table are renumbered with one
  cumulative sum, so a million households cost a few array operations.

Examples
--------
>>> from partygraph.model import Model, Division, Grid
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="d", name="东风社区", level="community", parent="c")],
...     grids=[Grid(id="g", name="一网格", community="d")])
>>> [e.id for e in prune(m, {"d"}).entities()]
['c']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from partygraph.model.base import Entity, RefField, ref_fields
from partygraph.model.entities import SECTIONS
from partygraph.model.population import TABLES, Array, Population, TableData

if TYPE_CHECKING:
    from partygraph.model.model import Model

__all__ = ["member", "prune", "referenced", "references", "renumber"]

#: Reference targets that are bulk tables, not sections.
_BULK = frozenset(TABLES)


def _required(cls: type[BaseModel], name: str) -> bool:
    return cls.model_fields[name].is_required()


def _cascades(cls: type[BaseModel], field: RefField) -> bool:
    """Whether the holder goes when this single reference's target goes: it
    is required, or it places the holder (``home=True``: a unit in a division
    that is gone was nowhere that is left)."""
    return field.ref.home is True or _required(cls, field.name)


def _gone_ref(value: Any, gone: set[str], kept_rows: dict[str, set[str]], target: str) -> bool:
    if value is None:
        return False
    if target in _BULK:
        rows = kept_rows.get(target)
        return rows is not None and value not in rows
    return value in gone


def _cascade(model: Model, drop: set[str]) -> set[str]:
    """``drop`` and every structure entity that must go with it."""
    gone = set(drop)
    while True:
        more = {
            e.id
            for cls, items in ((SECTIONS[n], model.section(n)) for n in SECTIONS)
            for e in items
            if e.id not in gone
            for f in ref_fields(cls)
            if f.nested is None
            and not f.many
            and f.ref.target not in _BULK
            and getattr(e, f.name) in gone
            and _cascades(cls, f)
        }
        if not more:
            return gone
        gone |= more


def _mend(record: BaseModel, gone: set[str], kept_rows: dict[str, set[str]]) -> BaseModel | None:
    """``record`` with its references to what is gone cleared or dropped;
    ``None`` when a required one is gone; the record itself when nothing changes."""
    cls = type(record)
    update: dict[str, Any] = {}
    nested: dict[str, list[RefField]] = {}
    for f in ref_fields(cls):
        if f.nested is not None:
            nested.setdefault(f.nested, []).append(f)
            continue
        value = getattr(record, f.name)
        if f.many:
            left = [v for v in value if not _gone_ref(v, gone, kept_rows, f.ref.target)]
            if len(left) != len(value):
                update[f.name] = left
        elif _gone_ref(value, gone, kept_rows, f.ref.target):
            if _required(cls, f.name):
                return None
            update[f.name] = None
    for name in nested:
        items = getattr(record, name)
        mended = [_mend(item, gone, kept_rows) for item in items]
        if any(m is not i for m, i in zip(mended, items, strict=True)):
            update[name] = [m for m in mended if m is not None]
    return record.model_copy(update=update) if update else record


def renumber(keep: Array) -> Array:
    """Old row -> new row (``-1``: the row is gone), for a boolean keep mask.

    >>> renumber(np.array([True, False, True])).tolist()
    [0, -1, 1]
    """
    return np.where(keep, np.cumsum(keep) - 1, -1).astype(np.int64)


def _recode(codes: Array, new: Array) -> Array:
    """Codes into an old order as codes into the new one (``-1`` stays ``-1``)."""
    if new.shape[0] == 0:
        return np.full(codes.shape[0], -1, dtype=codes.dtype)
    return np.where(codes >= 0, new[np.maximum(codes, 0)], -1).astype(codes.dtype)


def _table(
    data: TableData, rows: Array | None, new_codes: dict[str, Array]
) -> tuple[TableData, Array]:
    """``data`` with its references renumbered and the rows that lose a required one
    (or are not in ``rows``) taken out (``data`` itself if nothing changes), and
    which of its rows stayed."""
    keep = np.ones(len(data), dtype=bool) if rows is None else rows.copy()
    columns = dict(data.columns)
    changed = False
    for col in data.spec.columns:
        if col.type != "ref" or col.target not in new_codes:
            continue
        old = columns[col.name]
        new = _recode(old, new_codes[col.target])
        if col.required:
            keep &= (old < 0) | (new >= 0)
        if not np.array_equal(old, new):
            columns[col.name], changed = new, True
    whole = bool(keep.all())
    if not changed and whole:
        return data, keep
    if not whole:
        columns = {name: values[keep] for name, values in columns.items()}
    line = data.line[keep] if data.line.shape[0] == keep.shape[0] else data.line
    source = data.source[keep] if data.source.shape[0] == keep.shape[0] else data.source
    return TableData(data.spec, columns, list(data.files), source, line), keep


def _population(
    model: Model, kept: dict[str, Array], rows: dict[str, Array]
) -> tuple[Population, dict[str, Array]]:
    """The bulk tables with codes into the kept sections, rows not in ``rows``
    and rows that lose a required reference taken out; which rows of each table
    with ids stayed (in the old row order).  Tables come in load order, so a
    table's targets are renumbered before it."""
    # Only targets that lost rows are renumbered: the others' codes stand.
    new_codes = {name: renumber(keep) for name, keep in kept.items() if not bool(keep.all())}
    tables: dict[str, TableData] = {}
    stayed: dict[str, Array] = {}
    for name, data in model.population.tables.items():
        tables[name], keep = _table(data, rows.get(name), new_codes)
        if data.spec.has_ids:
            stayed[name] = keep
            if not bool(keep.all()):
                new_codes[name] = renumber(keep)
    return Population(tables), stayed


def referenced(model: Model, target: str, entities: Iterable[Entity] | None = None) -> set[str]:
    """The ids of ``target`` (a section or a bulk table) that structure entities
    name, nested records included (all of them, or those of ``entities``).

    >>> from partygraph.model import Model, Division, Grid
    >>> m = Model(grids=[Grid(id="g", name="一网格", community="d", leader="p1")])
    >>> sorted(referenced(m, "persons"))
    ['p1']
    """
    return {
        i
        for e in (model.entities() if entities is None else entities)
        for t, i in references(e)
        if t == target
    }


def references(record: BaseModel) -> list[tuple[str, str]]:
    """Every (target, id) that ``record`` names, nested records included.

    >>> from partygraph.model import Grid
    >>> references(Grid(id="g", name="一网格", community="d", leader="p1"))
    [('divisions', 'd'), ('persons', 'p1')]
    """
    out: list[tuple[str, str]] = []
    for f in ref_fields(type(record)):
        if f.nested is None:
            holders: list[Any] = [record]
        else:
            holder = getattr(record, f.nested)
            holders = holder if f.nested_many else [] if holder is None else [holder]
        for item in holders:
            value = getattr(item, f.name)
            values = value if f.many else [] if value is None else [value]
            out.extend((f.ref.target, v) for v in values)
    return out


def _kept_ids(data: TableData, stayed: Array, wanted: set[str]) -> set[str]:
    """Of the ids in ``wanted``, those whose rows stayed."""
    if not wanted:
        return set()
    ids = data["id"]
    return set(ids[member(ids, wanted) & stayed].tolist())


def member(ids: Array, wanted: set[str]) -> Array:
    """Which of ``ids`` are in ``wanted``: one set look-up per row (``numpy.isin``
    compares variable-width strings one pair at a time, a thousand times slower).

    >>> member(np.array(["a", "b", "c"]), {"b"}).tolist()
    [False, True, False]
    """
    return np.fromiter((v in wanted for v in ids.tolist()), dtype=bool, count=ids.shape[0])


def prune(
    model: Model,
    drop: set[str],
    *,
    rows: dict[str, Array] | None = None,
    population: Population | None = None,
    **fields: Any,
) -> Model:
    """A copy of ``model`` without the structure entities ``drop`` and without
    the bulk rows not in ``rows`` (table name -> boolean keep mask), and without
    what must go with them; every reference to what went is mended (see the
    module).  ``population`` replaces the model's tables before pruning;
    ``fields`` set other fields of the copy (``snapshot``).  Entities and tables
    that do not change are shared with ``model``, not copied.
    """
    base = model if population is None else model.model_copy(update={"population": population})
    gone = _cascade(base, drop)
    kept = {
        name: np.array([e.id not in gone for e in base.section(name)], dtype=bool)
        for name in SECTIONS
    }
    pop, stayed = _population(base, kept, rows or {})
    kept_rows: dict[str, set[str]] = {}
    for name, data in base.population.tables.items():
        if name in stayed and not bool(stayed[name].all()):
            kept_rows[name] = _kept_ids(data, stayed[name], referenced(base, name))
    if not gone and not kept_rows:  # nothing any entity could refer to has gone
        out = base.model_copy(update={"population": pop, **fields})
        out._by_id = None
        return out
    sections: dict[str, list[Entity]] = {}
    for name in SECTIONS:
        mended = [_mend(e, gone, kept_rows) for e in base.section(name) if e.id not in gone]
        # A required reference to a bulk row that went: the entity goes (none of
        # the sections has one today; kept so, should one be added).
        sections[name] = [e for e in mended if isinstance(e, Entity)]
    out = base.model_copy(update={**sections, "population": pop, **fields})
    out._by_id = None
    return out
