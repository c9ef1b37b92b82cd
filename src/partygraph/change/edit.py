"""Edits of a model that keep it whole: remove, redirect, move, add.

Each returns a new model and leaves the one given unchanged.  Removing an
entity or a bulk row takes its references with it, as a person leaving
takes their posts: an optional reference becomes empty (the post is vacant),
an item of a list goes from the list, and a required reference removes what
holds it (a pairing goes with its unit, a household with its community).
The codes of the bulk tables are renumbered with numpy.

Examples
--------
>>> from partygraph.model import Model, Division, Grid
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="a", name="东门社区", level="community", parent="c")],
...     grids=[Grid(id="g", name="一网格", community="a", leader="p1")])
>>> remove(m, {"p1"}).grids[0].leader is None
True
>>> [e.id for e in remove(m, {"a"}).entities()]
['c']
>>> m.get("g").leader
'p1'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from partygraph.change.population import fixed
from partygraph.model.base import Entity, RefField, ref_fields
from partygraph.model.entities import SECTIONS
from partygraph.model.model import Model
from partygraph.model.population import TABLES, Array, Population, TableData

__all__ = ["add", "move", "redirect", "remove"]


def remove(model: Model, ids: Iterable[str]) -> Model:
    """``model`` without the entities, households and persons ``ids`` name, and
    without what can only exist with them."""
    gone = set(ids)
    kept = {name: list(model.section(name)) for name in SECTIONS}
    while True:  # a removal can remove what required it, which can remove more
        more = False
        for name, items in kept.items():
            out = []
            for e in items:
                e2 = None if e.id in gone else _without_refs(e, gone)
                if e2 is None:
                    gone.add(e.id)
                    more = True
                else:
                    out.append(e2)
            kept[name] = out
        if not more:
            break
    population = _population_without(model, kept, gone)
    return model.model_copy(update={**kept, "population": population})


def _without_refs(e: Entity, gone: set[str]) -> Entity | None:
    """``e`` with its references to ``gone`` taken out; ``None`` if one it needs is gone."""
    update: dict[str, Any] = {}
    for f in ref_fields(type(e)):
        if f.nested is not None:
            continue
        value = update.get(f.name, getattr(e, f.name))
        if f.many:
            if any(v in gone for v in value):
                update[f.name] = [v for v in value if v not in gone]
        elif value is not None and value in gone:
            if not _optional(type(e), f.name):
                return None
            update[f.name] = None
    for nested in {f.nested for f in ref_fields(type(e)) if f.nested is not None}:
        assert nested is not None
        records = getattr(e, nested)
        fields = [f for f in ref_fields(type(e)) if f.nested == nested]
        new = [r for r in (_record_without(r, fields, gone) for r in records) if r is not None]
        if new != records:
            update[nested] = new
    return e.model_copy(update=update) if update else e


def _record_without(record: Any, fields: list[RefField], gone: set[str]) -> Any:
    update: dict[str, Any] = {}
    for f in fields:
        value = getattr(record, f.name)
        if value is not None and not f.many and value in gone:
            if not _optional(type(record), f.name):
                return None
            update[f.name] = None
    return record.model_copy(update=update) if update else record


def _optional(cls: type[Any], name: str) -> bool:
    return not cls.model_fields[name].is_required()


def _population_without(
    model: Model, kept: Mapping[str, list[Entity]], gone: set[str]
) -> Population:
    """The bulk tables without the rows ``gone`` names and those needing them, renumbered."""
    pop = model.population
    # old code -> new code (-1: gone) for every section and table a column refers to
    maps: dict[str, Array] = {}
    for name in SECTIONS:
        keep_ids = {e.id for e in kept[name]}
        keep = np.array([e.id in keep_ids for e in model.section(name)], dtype=bool)
        maps[name] = _renumber(keep)
    tables: dict[str, TableData] = {}
    for name, spec in TABLES.items():
        t = pop[name]
        keep = np.ones(len(t), dtype=bool)
        if spec.has_ids and gone:
            keep &= ~np.isin(fixed(t["id"]), fixed(np.array(sorted(gone))))
        new_cols: dict[str, Array] = {}
        for col in spec.columns:
            if col.type != "ref":
                continue
            assert col.target is not None
            codes = np.asarray(t[col.name], dtype=np.int64)
            to = maps[col.target]
            mapped = np.where(codes >= 0, to[np.maximum(codes, 0)] if to.shape[0] else -1, -1)
            if col.required:
                keep &= mapped >= 0
            new_cols[col.name] = mapped.astype(t[col.name].dtype)
        maps[name] = _renumber(keep)
        tables[name] = _rows(t, keep, new_cols)
    return Population(tables)


def _renumber(keep: Array) -> Array:
    return np.where(keep, np.cumsum(keep) - 1, -1).astype(np.int64)


def _rows(t: TableData, keep: Array, replaced: Mapping[str, Array]) -> TableData:
    cols = {n: np.asarray(replaced.get(n, a))[keep] for n, a in t.columns.items()}
    n = t.line.shape[0]
    return TableData(
        t.spec,
        cols,
        files=list(t.files),
        source=t.source[keep[:n]] if n else t.source,
        line=t.line[keep[:n]] if n else t.line,
    )


def redirect(model: Model, mapping: Mapping[str, str]) -> Model:
    """``model`` with every reference to an id in ``mapping`` pointing at its value
    instead (the entities mapped away stay; :func:`remove` them after)."""
    sections = {name: [_redirected(e, mapping) for e in model.section(name)] for name in SECTIONS}
    pop = model.population
    tables = {}
    for name, spec in TABLES.items():
        t = pop[name]
        cols: dict[str, Array] = {}
        for col in spec.columns:
            if col.type != "ref" or col.target not in SECTIONS:
                continue
            items = model.section(col.target)
            where = {e.id: i for i, e in enumerate(items)}
            to = np.arange(len(items), dtype=np.int64)
            for a, b in mapping.items():
                if a in where and b in where:
                    to[where[a]] = where[b]
            codes = np.asarray(t[col.name], dtype=np.int64)
            if to.shape[0]:
                cols[col.name] = np.where(codes >= 0, to[np.maximum(codes, 0)], -1).astype(
                    t[col.name].dtype
                )
        tables[name] = _rows(t, np.ones(len(t), dtype=bool), cols)
    return model.model_copy(update={**sections, "population": Population(tables)})


def _redirected(e: Entity, mapping: Mapping[str, str]) -> Entity:
    update: dict[str, Any] = {}
    for f in ref_fields(type(e)):
        if f.nested is not None:
            records = update.get(f.nested, getattr(e, f.nested))
            new = [_swap(r, f.name, f.many, mapping) for r in records]
            if new != records:
                update[f.nested] = new
            continue
        value = getattr(e, f.name)
        swapped = _value(value, f.many, mapping)
        if swapped != value:
            update[f.name] = swapped
    return e.model_copy(update=update) if update else e


def _swap(record: Any, name: str, many: bool, mapping: Mapping[str, str]) -> Any:
    value = getattr(record, name)
    swapped = _value(value, many, mapping)
    return record if swapped == value else record.model_copy(update={name: swapped})


def _value(value: Any, many: bool, mapping: Mapping[str, str]) -> Any:
    if many:
        return list(dict.fromkeys(mapping.get(v, v) for v in value))
    return value if value is None else mapping.get(value, value)


def move(model: Model, moves: Mapping[str, str]) -> Model:
    """``model`` with each entity or household of ``moves`` placed under its value:
    the first of its home fields that can name it (a division's parent, a grid's
    community ...), or a household's community (its grid, compound and group cleared)."""
    sections = {name: list(model.section(name)) for name in SECTIONS}
    kinds = {e.id: name for name in SECTIONS for e in model.section(name)}
    for items in sections.values():
        for i, e in enumerate(items):
            if e.id in moves:
                target = moves[e.id]
                field = next(
                    f.name
                    for f in ref_fields(type(e))
                    if f.ref.home
                    and not f.nested
                    and not f.many
                    and f.ref.target == kinds.get(target)
                )
                items[i] = e.model_copy(update={field: target})
    pop = model.population
    tables = dict(pop.tables)
    hh = pop["households"]
    moving = [k for k in moves if k not in kinds]
    if moving:
        codes = {d.id: i for i, d in enumerate(model.divisions)}
        ids = np.asarray(hh["id"])
        cols = {
            c: np.array(hh[c], copy=True)
            for c in ("community", "residents_group", "grid", "compound")
        }
        for key in moving:
            rows = np.flatnonzero(ids == key)
            cols["community"][rows] = codes[moves[key]]
            for c in ("residents_group", "grid", "compound"):
                cols[c][rows] = -1
        tables["households"] = _rows(hh, np.ones(len(hh), dtype=bool), cols)
    return model.model_copy(update={**sections, "population": Population(tables)})


def add(model: Model, entities: Iterable[Entity]) -> Model:
    """``model`` with ``entities`` appended to their sections (by their class)."""
    by_class = {cls: name for name, cls in SECTIONS.items()}
    sections = {name: list(model.section(name)) for name in SECTIONS}
    for e in entities:
        sections[by_class[type(e)]].append(e)
    return model.model_copy(update=sections)
