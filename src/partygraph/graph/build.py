"""The model as a typed ``networkx.MultiDiGraph``, and per-layer views of it.

Node kinds, relations and layers are declared as data here (:data:`KINDS`,
:data:`LAYERS`); edges come from the ``RefTo`` metadata of the model's fields,
so a new reference field becomes a new edge with no code here.  Node and edge
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
from partygraph.model.population import TABLES, Array

__all__ = ["KINDS", "LAYERS", "build_graph", "kind_of", "layer"]

#: Node kind of each section (divisions take their ``level`` as kind).
KINDS: dict[str, str] = {
    "divisions": "<level>",
    "units": "unit",
    "compounds": "compound",
    "party_orgs": "party_org",
    "expanded_bodies": "party_org",
    "grids": "grid",
    "teams": "team",
    "places": "place",
    "captains": "captain",
    "central_households": "central_household",
    "pairings": "pairing",
    "service_centres": "service_centre",
    "issue_categories": "issue_category",
    "departments": "department",
    "volunteer_teams": "volunteer_team",
    "reserve_cadres": "reserve_cadre",
    "items": "service_item",
    "households": "household",
    "persons": "person",
}

_ADMIN = frozenset({"city", "county", "subdistrict", "community"})

#: Layer name -> (node kinds, relations).  A layer view keeps the nodes of
#: those kinds and the edges of those relations between them.
LAYERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "linkage": (_ADMIN | {"party_org"}, frozenset({"contains", "leads", "covers", "expands"})),
    "grid": (
        frozenset(
            {
                "community",
                "residents_group",
                "grid",
                "household",
                "person",
                "central_household",
                "captain",
                "place",
                "party_org",
                "compound",
            }
        ),
        frozenset(
            {
                "contains",
                "in_group",
                "in_grid",
                "held_by",
                "covers",
                "linked_to",
                "based_at",
                "looks_after",
                "lives_in",
                "in_compound",
            }
        ),
    ),
    "service": (
        _ADMIN | {"compound", "service_centre", "service_item", "person"},
        frozenset({"contains", "coordinates", "offers", "held_by", "serves"}),
    ),
    "cobuilding": (
        frozenset({"community", "compound", "team", "unit", "party_org", "person"}),
        frozenset(
            {
                "contains",
                "led_by",
                "includes",
                "serves",
                "expands",
                "held_by",
                "on_behalf_of",
                "managed_by",
                "owners_committee",
                "covers",
            }
        ),
    ),
    "pairing": (
        _ADMIN | {"pairing", "unit", "person"},
        frozenset({"contains", "paired_unit", "paired_community", "registered_at"}),
    ),
    "whistle": (
        _ADMIN | {"department", "issue_category"},
        frozenset({"contains", "handles"}),
    ),
}


def kind_of(section: str, entity: Entity) -> str:
    """The node kind of an entity of ``section``.

    Examples
    --------
    >>> from partygraph.model import Unit
    >>> kind_of("units", Unit(id="u", name="市财政局", type="agency"))
    'unit'
    """
    kind = KINDS[section]
    return str(getattr(entity, "level")) if kind == "<level>" else kind  # noqa: B009


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
            if ref.ref.relation == "held_by":
                role = (
                    ref.nested.removesuffix("s")
                    if ref.nested and not isinstance(holder, Entity)
                    else ref.name
                )
                attrs["role"] = role.removesuffix("s") if ref.many else role
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
    for name in type(entity).model_fields:
        value = getattr(entity, name)
        if isinstance(value, list) and value and isinstance(value[0], Entity):
            for item in value:
                item_cls: type[Entity] = type(item)
                item_refs = {f.name for f in ref_fields(item_cls)}
                g.add_node(
                    item.id, kind=KINDS[name], section=section, **_attributes(item, item_refs)
                )
                g.add_edge(entity.id, item.id, key="offers", relation="offers")


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
                    if relation != "held_by":
                        continue  # a household, shown only with the population
                    _add_person(g, model, person_row[target])
                key = f"held_by:{attrs['role']}" if relation == "held_by" else relation
                g.add_edge(source, target, key=key, relation=relation, **attrs)
    return g


def _add_person(g: nx.MultiDiGraph, model: Model, row: int) -> None:
    persons = model.population["persons"]
    attrs: dict[str, Any] = {"kind": "person", "section": "persons"}
    name = persons["name"][row]
    attrs["name"] = name if name else str(persons["id"][row])
    member = int(persons["member"][row])
    if member >= 0:
        attrs["member"] = TABLES["persons"].column("member").choices[member]
    if persons["in_service"][row]:
        attrs["in_service"] = True
    g.add_node(str(persons["id"][row]), **attrs)


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
    """Households, persons and their links as nodes and edges (``root``: a subtree)."""
    inside = _under(model, root) if root is not None else np.ones(len(model.divisions), bool)
    hh = model.population["households"]
    keep = inside[hh["community"]] if len(hh) else np.zeros(0, dtype=bool)
    _add_households(g, model, keep)
    _add_persons(g, model, keep, everyone=root is None)
    _add_links(g, model, keep)
    _add_registrations(g, model, inside)


def _add_households(g: nx.MultiDiGraph, model: Model, keep: Array) -> None:
    hh = model.population["households"]
    div_ids = [d.id for d in model.divisions]
    targets = {
        "grid": ([x.id for x in model.grids], "in_grid"),
        "compound": ([x.id for x in model.compounds], "in_compound"),
    }
    for row in np.flatnonzero(keep).tolist():
        h = str(hh["id"][row])
        size = int(hh["size"][row])
        g.add_node(
            h,
            kind="household",
            section="households",
            name=h,
            **({"size": size} if size >= 0 else {}),
        )
        group = int(hh["residents_group"][row])
        container = div_ids[group if group >= 0 else int(hh["community"][row])]
        g.add_edge(container, h, key="contains", relation="contains")
        for column, (ids, relation) in targets.items():
            code = int(hh[column][row])
            if code >= 0:
                g.add_edge(h, ids[code], key=relation, relation=relation)


def _add_persons(g: nx.MultiDiGraph, model: Model, keep: Array, *, everyone: bool) -> None:
    persons = model.population["persons"]
    hh_ids = model.population["households"]["id"]
    household = persons["household"]
    lives = household >= 0
    mask = np.full(len(persons), everyone)
    mask[lives] = keep[household[lives]]
    targets = {
        "org": ([o.id for o in model.party_orgs], "member_of"),
        "unit": ([u.id for u in model.units], "works_at"),
    }
    for row in np.flatnonzero(mask).tolist():
        pid = str(persons["id"][row])
        if pid not in g:
            _add_person(g, model, row)
        if household[row] >= 0:
            g.add_edge(pid, str(hh_ids[household[row]]), key="lives_in", relation="lives_in")
        for column, (ids, relation) in targets.items():
            code = int(persons[column][row])
            if code >= 0:
                g.add_edge(pid, ids[code], key=relation, relation=relation)


def _add_links(g: nx.MultiDiGraph, model: Model, keep: Array) -> None:
    links = model.population["central_household_links"]
    hh_ids = model.population["households"]["id"]
    ch_ids = [c.id for c in model.central_households]
    rows = np.flatnonzero(keep[links["household"]]) if len(links) else np.zeros(0, int)
    for row in rows.tolist():
        visit = links["last_visit"][row]
        attrs = {} if np.isnat(visit) else {"last_visit": str(visit)}
        g.add_edge(
            ch_ids[links["central_household"][row]],
            str(hh_ids[links["household"][row]]),
            key="linked_to",
            relation="linked_to",
            **attrs,
        )


def _add_registrations(g: nx.MultiDiGraph, model: Model, inside: Array) -> None:
    regs = model.population["registrations"]
    persons = model.population["persons"]
    div_ids = [d.id for d in model.divisions]
    unit_ids = [u.id for u in model.units]
    basis = TABLES["registrations"].column("basis").choices
    rows = np.flatnonzero(inside[regs["community"]]) if len(regs) else np.zeros(0, int)
    for row in rows.tolist():
        person = int(regs["person"][row])
        pid = str(persons["id"][person])
        if pid not in g:
            _add_person(g, model, person)
        attrs: dict[str, Any] = {"basis": basis[regs["basis"][row]]}
        if regs["unit"][row] >= 0:
            attrs["unit"] = unit_ids[regs["unit"][row]]
        if not np.isnat(regs["date"][row]):
            attrs["date"] = str(regs["date"][row])
        g.add_edge(
            pid,
            div_ids[regs["community"][row]],
            key="registered_at",
            relation="registered_at",
            **attrs,
        )


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
