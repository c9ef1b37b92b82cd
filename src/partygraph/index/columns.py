"""Attribute columns of the index: one attribute over the nodes of a kind.

Examples
--------
>>> from partygraph.model import Model, Division, Grid
>>> from partygraph.index import Index
>>> m = Model(divisions=[Division(id="m", name="东风社区", level="community")],
...     grids=[Grid(id="g", name="一网格", community="m")])
>>> Index(m).column("grid", "community").values.tolist()
[0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from partygraph.index.schema import AttrSpec, attributes
from partygraph.model.population import TABLES, Array
from partygraph.vocabulary import BULK_KINDS

if TYPE_CHECKING:
    from partygraph.index.core import Index

__all__ = ["Column", "build_column"]


@dataclass(frozen=True)
class Column:
    """One attribute over the nodes of a kind, in the kind's node order.

    ``ref`` values are node codes minus ``offset`` (``-1``: none; a bulk
    table's reference column is used as stored, its target's first code as
    ``offset``); ``num`` are floats (NaN: none); ``text`` and ``list`` are
    object arrays (``None`` / tuples); ``date`` is ``datetime64[D]`` (NaT:
    none); ``bool`` is bool.
    """

    spec: AttrSpec
    values: Array
    offset: int = 0


_CONVERT: dict[str, Callable[[list[Any]], Array]] = {
    "num": lambda raw: np.array(raw, dtype=float),  # None: NaN
    "bool": lambda raw: np.array([bool(v) for v in raw], dtype=bool),
    "date": lambda raw: np.array(
        [np.datetime64("NaT") if v is None else np.datetime64(v, "D") for v in raw],
        dtype="datetime64[D]",
    ),
}


def build_column(ix: Index, kind: str, name: str, rows: Array | None = None) -> Column:
    """Attribute ``name`` over the nodes of ``kind`` (see :func:`attributes`),
    or, for a household or person attribute, over those ``rows`` of its table
    only (a filter asked at the few persons a rule's edges reach)."""
    spec = attributes(kind)[name]
    if kind in BULK_KINDS:
        table = BULK_KINDS[kind]
        if spec.type == "ref" and name in ix.model.population[table].columns:
            target = TABLES[table].column(name).target
            assert target is not None
            data = ix.model.population[table][name]
            return Column(spec, data if rows is None else data[rows], ix.target_offset(target))
        return Column(spec, _bulk_column(ix, kind, name, rows))
    if rows is not None:
        return Column(spec, ix.column(kind, name).values[rows])
    if name == "anchor":
        return Column(spec, _anchors(ix))
    raw = [vars(e).get(name) for e in ix.entities_of(kind)]
    return Column(spec, _struct_values(ix, spec, raw))


def _struct_values(ix: Index, spec: AttrSpec, raw: list[Any]) -> Array:
    if spec.type == "ref" and not spec.many:
        if spec.target == "persons":
            return np.array(ix._person_codes_of(raw), dtype=np.int64)
        codes = ix._codes  # households are not looked up by id: they stay -1
        return np.array([codes.get(v, -1) if v else -1 for v in raw], dtype=np.int64)
    convert = _CONVERT.get(spec.type)
    if convert is not None:
        return convert(raw)
    out = np.empty(len(raw), dtype=object)
    out[:] = (
        [tuple(v) if v else () for v in raw]
        if spec.type in ("ref", "list")
        else [None if v is None else str(v) for v in raw]
    )
    return out


def _anchors(ix: Index) -> Array:
    """Where each party organisation is set up: its compound, unit or grid, else
    the level of its division, else (a joint branch) the units it spans."""
    out: list[str | None] = []
    for e in ix.entities_of("party_org"):
        found: str | None = None
        for field in ("compound", "unit", "grid"):
            if getattr(e, field, None):
                found = field
                break
        division = getattr(e, "division", None)
        if found is None and division in ix._codes:
            found = str(getattr(ix.entities[ix._codes[division]], "level"))  # noqa: B009
        if found is None and getattr(e, "joint_units", None):
            found = "unit"  # a joint branch 联合党支部 is set up in the units it spans
        out.append(found)
    arr = np.empty(len(out), dtype=object)
    arr[:] = out
    return arr


def _bulk_column(ix: Index, kind: str, name: str, rows: Array | None) -> Array:
    table = BULK_KINDS[kind]
    if name == "linked":
        links = ix.model.population["central_household_links"]["household"]
        linked = np.zeros(ix.n_households, dtype=bool)  # not a count per household: 8x the bytes
        linked[links[links >= 0]] = True
        return linked if rows is None else linked[rows]
    data = ix.model.population[table][name]
    if rows is not None:
        data = data[rows]
    col = TABLES[table].column(name)
    if col.type == "int":
        return np.where(data >= 0, data, np.nan).astype(float)
    if col.type == "enum":
        choices = np.array([*col.choices, None], dtype=object)
        return np.asarray(choices[data])
    if col.type == "str":
        return np.asarray(data, dtype=object)
    return np.asarray(data)
