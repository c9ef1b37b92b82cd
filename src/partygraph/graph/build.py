"""The model as a typed ``networkx.MultiDiGraph``, and per-layer views of it.

Node kinds and layers come from :mod:`partygraph.vocabulary` (:data:`KINDS`,
:data:`LAYERS` are views of it); edges come from the ``RefTo`` metadata of the
model's fields and the ``relation`` of the population tables' columns, so a
new reference field or column becomes a new edge with no code here.  Node and edge
attributes are plain scalars (str, int, float, bool; dates as ISO text; lists
as tuples) so the graph exports cleanly.  See ``docs/model.md``.

Examples
--------
>>> from partygraph.model import Model, Division
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...                      Division(id="k", name="示例区", level="county", parent="c")])
>>> g = build_graph(m)
>>> sorted(layer(g, "linkage").nodes)
['c', 'k']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import networkx as nx
import numpy as np

from partygraph.errors import PartygraphError
from partygraph.model import SECTIONS, Entity, Model, RefField, ref_fields
from partygraph.model.population import TABLES, Array, TableSpec
from partygraph.vocabulary import (
    BULK_KINDS,
    HELD_BY,
    NESTED,
    NESTED_KINDS,
    SECTION_KINDS,
    role_name,
    section_kind,
)
from partygraph.vocabulary import LAYERS as VOCABULARY_LAYERS

__all__ = ["KINDS", "LAYERS", "build_graph", "kind_of", "layer"]

#: Node kind of each section, nested list and bulk table (divisions take
#: their ``level`` as kind: :data:`partygraph.vocabulary.BY_LEVEL`).
KINDS: dict[str, str] = {
    **SECTION_KINDS,
    **NESTED_KINDS,
    **{table: kind for kind, table in BULK_KINDS.items()},
}

#: Layer name -> (node kinds, relations).  A layer view keeps the nodes of
#: those kinds and the edges of those relations between them.
LAYERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    name: (spec.kinds, spec.relations) for name, spec in VOCABULARY_LAYERS.items()
}

_BULK_KIND = {table: kind for kind, table in BULK_KINDS.items()}


def kind_of(section: str, entity: Entity) -> str:
    """The node kind of an entity of ``section``.

    Examples
    --------
    >>> from partygraph.model import Unit
    >>> kind_of("units", Unit(id="u", name="市财政局", type="agency"))
    'unit'
    """
    return section_kind(section, getattr(entity, "level", None))


def _scalar(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return tuple(_scalar(v) for v in value if not isinstance(v, dict))
    return value


def _attributes(entity: Entity, ref_names: set[str]) -> dict[str, Any]:
    """Scalar attributes of an entity (references become edges, not attributes)."""
    out: dict[str, Any] = {}
    for name, value in entity:
        if name in ref_names or name == "id" or value is None or value == []:
            continue
        if isinstance(value, list) and value and isinstance(value[0], Entity | dict):
            continue
        if isinstance(value, list) and value and hasattr(value[0], "model_dump"):
            if name == "meetings":
                out["last_meeting"] = max(m.date for m in value).isoformat()
            continue
        out[name] = _scalar(value)
    return out


def _edges(
    entity: Entity, fields: tuple[RefField, ...]
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(source, target, relation, attributes) for each reference of an entity."""
    for ref in fields:
        if ref.nested is None:
            holders: list[Any] = [entity]
        else:
            holders = list(getattr(entity, ref.nested))
        for holder in holders:
            value = getattr(holder, ref.name)
            if value is None:
                continue
            source = holder.id if isinstance(holder, Entity) else entity.id
            attrs: dict[str, Any] = {}
            if ref.ref.relation == HELD_BY:
                seat = ref.nested if not isinstance(holder, Entity) else None
                attrs["role"] = role_name(ref.name, many=ref.many, seat=seat)
                if hasattr(holder, "on_behalf_of"):
                    attrs["on_behalf_of"] = holder.on_behalf_of
            for target in value if ref.many else [value]:
                if ref.ref.reverse:
                    yield target, source, ref.ref.relation, attrs
                else:
                    yield source, target, ref.ref.relation, attrs


def _add_entity(g: nx.MultiDiGraph, section: str, entity: Entity) -> None:
    fields = ref_fields(SECTIONS[section])
    direct = {f.name for f in fields if f.nested is None}
    g.add_node(
        entity.id, kind=kind_of(section, entity), section=section, **_attributes(entity, direct)
    )
    for nested in NESTED:
        if nested.section != section:
            continue
        items: list[Entity] = getattr(entity, nested.field)
        for item in items:
            item_refs = {f.name for f in ref_fields(type(item))}
            g.add_node(item.id, kind=nested.kind, section=section, **_attributes(item, item_refs))
            g.add_edge(entity.id, item.id, key=nested.relation, relation=nested.relation)


def build_graph(model: Model, *, population: bool | str = False) -> nx.MultiDiGraph:
    """Build the typed graph of ``model`` (see :meth:`Model.to_networkx`)."""
    g = nx.MultiDiGraph(name=model.name)
    for section in SECTIONS:
        for entity in model.section(section):
            _add_entity(g, section, entity)
    if population:
        # Before the structure's edges, so a central household's own household
        # (``based_at``) finds its node.
        _add_population(g, model, None if population is True else str(population))
    persons = model.population["persons"]
    person_row = {pid: i for i, pid in enumerate(persons["id"].tolist())}
    for section in SECTIONS:
        for entity in model.section(section):
            for source, target, relation, attrs in _edges(entity, ref_fields(SECTIONS[section])):
                if target not in g:
                    if relation != HELD_BY:
                        continue  # a household, shown only with the population
                    _add_row(g, model, "persons", person_row[target])
                key = f"{HELD_BY}:{attrs['role']}" if relation == HELD_BY else relation
                g.add_edge(source, target, key=key, relation=relation, **attrs)
    return g


def _add_row(g: nx.MultiDiGraph, model: Model, table: str, row: int) -> str:
    """The node of one row of a bulk table with ids (added if not there yet)."""
    node = str(model.population[table]["id"][row])
    if node not in g:
        ((node, attrs),) = _row_nodes(model, table, np.array([row]))
        g.add_node(node, **attrs)
    return node


def _row_nodes(model: Model, table: str, rows: Array) -> list[tuple[str, dict[str, Any]]]:
    """(id, attributes) of the nodes of some rows of a bulk table with ids: each
    named by its ``name`` column or its id, with the row's values that are set
    (references become edges, not attributes)."""
    data = model.population[table]
    ids: list[str] = data["id"][rows].tolist()
    names = data["name"][rows].tolist() if "name" in data.columns else [""] * len(ids)
    kind = _BULK_KIND[table]
    attrs = [
        {"kind": kind, "section": table, "name": name or node}
        for node, name in zip(ids, names, strict=True)
    ]
    for col in data.spec.columns[1:]:
        if col.type in ("ref", "str"):
            continue
        for values, raw in zip(attrs, data[col.name][rows].tolist(), strict=True):
            value = _cell(col.type, col.choices, raw)
            if value is not None and value is not False:
                values[col.name] = value
    return list(zip(ids, attrs, strict=True))


def _cell(kind: str, choices: tuple[str, ...], value: Any) -> Any:
    """A bulk table's cell (as ``tolist`` gives it) as an attribute value
    (``None``: empty)."""
    if kind == "enum":
        return choices[value] if value >= 0 else None
    if kind == "int":
        return value if value >= 0 else None
    if kind == "date":
        return None if value is None else value.isoformat()
    return bool(value) if kind == "bool" else value


def _under(model: Model, root: str) -> Array:
    """Mask over divisions: those at or below ``root``."""
    divisions = model.divisions
    pos = {d.id: i for i, d in enumerate(divisions)}
    if root not in pos:
        raise PartygraphError(f"no division {root!r} in the model; give a division id")
    inside = np.zeros(len(divisions), dtype=bool)
    for i, d in enumerate(divisions):
        cur: str | None = d.id
        while cur is not None and cur != root:
            cur = divisions[pos[cur]].parent
        inside[i] = cur == root
    return inside


def _add_population(g: nx.MultiDiGraph, model: Model, root: str | None) -> None:
    """Households, persons and their links as nodes and edges (``root``: a subtree),
    table by table, with the edges their reference columns declare."""
    rows = _rows_under(model, None if root is None else _under(model, root))
    ids = _Ids(model)
    for name, spec in TABLES.items():
        if spec.edge is None:
            _add_rows(g, model, spec, rows[name], ids)
        else:
            _add_links(g, model, spec, rows[name], ids)


def _rows_under(model: Model, inside: Array | None) -> dict[str, Array]:
    """The rows of each bulk table placed under the subtree ``inside`` (a mask
    over divisions; ``None``: every row).  A row is placed by its ``home``
    column, directly in a division or through the row it names; a row placed
    nowhere (a person without a household) only in the whole model."""
    pop = model.population
    masks: dict[str, Array] = {}
    for name, spec in TABLES.items():
        n = len(pop[name])
        if inside is None:
            masks[name] = np.ones(n, dtype=bool)
            continue
        home = next(c for c in spec.columns if c.home)
        assert home.target is not None
        codes = pop[name][home.name]
        placed = inside if home.target == "divisions" else masks[home.target]
        mask = np.zeros(n, dtype=bool)
        mask[codes >= 0] = placed[codes[codes >= 0]]
        masks[name] = mask
    return {name: np.flatnonzero(mask) for name, mask in masks.items()}


class _Ids:
    """Node ids of the entities of a section or the rows of a bulk table, by code."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.found: dict[str, list[str]] = {}

    def __getitem__(self, target: str) -> list[str]:
        if target not in self.found:
            if target in SECTIONS:
                self.found[target] = [e.id for e in self.model.section(target)]
            else:
                self.found[target] = self.model.population[target]["id"].tolist()
        return self.found[target]


def _add_rows(g: nx.MultiDiGraph, model: Model, spec: TableSpec, rows: Array, ids: _Ids) -> None:
    """A node per row, and an edge per reference the row's columns declare one for."""
    data = model.population[spec.name]
    columns = [c for c in spec.columns if c.relation is not None]
    replaced = {c.replaces: c.name for c in columns if c.replaces is not None}
    codes = {c.name: data[c.name][rows].tolist() for c in columns}
    for i, (node, attrs) in enumerate(_row_nodes(model, spec.name, rows)):
        if node not in g:
            g.add_node(node, **attrs)
        for col in columns:
            code = codes[col.name][i]
            over = replaced.get(col.name)
            if code < 0 or (over is not None and codes[over][i] >= 0):
                continue
            assert col.target is not None and col.relation is not None
            target = ids[col.target][code]
            source, target = (target, node) if col.reverse else (node, target)
            g.add_edge(source, target, key=col.relation, relation=col.relation)


def _add_links(g: nx.MultiDiGraph, model: Model, spec: TableSpec, rows: Array, ids: _Ids) -> None:
    """An edge per row of a link table, its other columns as the edge's attributes."""
    assert spec.edge is not None
    data = model.population[spec.name]
    relation = spec.edge.relation
    ends = (spec.column(spec.edge.source), spec.column(spec.edge.target))
    rest = [c for c in spec.columns if c not in ends]
    cells = {c.name: data[c.name][rows].tolist() for c in spec.columns}
    for i in range(rows.shape[0]):
        source, target = (_end(g, model, c, cells[c.name][i], ids) for c in ends)
        attrs: dict[str, Any] = {}
        for col in rest:
            value = cells[col.name][i]
            if col.type == "ref":
                assert col.target is not None
                value = ids[col.target][value] if value >= 0 else None
            else:
                value = _cell(col.type, col.choices, value)
            if value is not None:
                attrs[col.name] = value
        g.add_edge(source, target, key=relation, relation=relation, **attrs)


def _end(g: nx.MultiDiGraph, model: Model, col: Any, code: int, ids: _Ids) -> str:
    """The node at one end of a link: a structure entity, or a bulk row's node
    (added if the population shown does not have it: a person registered here
    who lives elsewhere)."""
    if col.target in SECTIONS:
        return ids[col.target][code]
    return _add_row(g, model, col.target, code)


def layer(g: nx.MultiDiGraph, name: str) -> nx.MultiDiGraph:
    """A read-only view of one layer of the graph (see :data:`LAYERS`).

    Examples
    --------
    >>> layer(nx.MultiDiGraph(), "nonsense")
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: no layer 'nonsense'; layers are linkage, grid, ...
    """
    if name not in LAYERS:
        raise PartygraphError(f"no layer {name!r}; layers are {', '.join(LAYERS)}")
    kinds, relations = LAYERS[name]

    def keep_node(n: str) -> bool:
        return g.nodes[n].get("kind") in kinds

    def keep_edge(u: str, v: str, k: str) -> bool:
        return g.edges[u, v, k].get("relation") in relations

    return nx.subgraph_view(g, filter_node=keep_node, filter_edge=keep_edge)
