"""The edges of the index: per relation, parallel arrays of node codes.

Structure edges come from the model's references (``RefTo`` metadata, as in
:func:`partygraph.graph.build_graph`) and from nested records that are nodes
(:data:`partygraph.vocabulary.NESTED`); bulk edges from the reference columns
of the population tables (``Column.relation``, ``TableSpec.edge``).  Nothing
here names a relation: each comes from where the model declares it.

Examples
--------
>>> a, b, n, inv = unique_pairs(np.array([3, 1, 3]), np.array([5, 2, 5]))
>>> a.tolist(), b.tolist(), n.tolist()
([1, 3], [2, 5], [1, 2])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from partygraph.model import SECTIONS, Entity, RefField, ref_fields
from partygraph.model.population import TABLES, Array
from partygraph.vocabulary import BULK_KINDS, HELD_BY, NESTED, ROLES, role_name

if TYPE_CHECKING:
    from partygraph.index.core import Index

__all__ = ["Edges", "build_edges", "unique_pairs"]

_ROLE = {name: i for i, name in enumerate(ROLES)}
_BULK_KIND = {table: kind for kind, table in BULK_KINDS.items()}
#: (section, field) of the nested lists whose records are nodes of their own.
_NODE_LISTS = frozenset((n.section, n.field) for n in NESTED)


@dataclass(frozen=True)
class Edges:
    """The edges of one relation: parallel arrays of source and target codes,
    the role code (``-1``: none) of ``held_by`` edges and, where an edge is
    written in a record that names a person (a part-time member's seat on
    behalf of a unit), that person's code in ``via`` (``-1``: none; ``None``
    when no edge of the relation has one)."""

    src: Array
    dst: Array
    role: Array
    via: Array | None = None


def unique_pairs(a: Array, b: Array) -> tuple[Array, Array, Array, Array]:
    """Distinct (a, b) pairs of non-negative ints, sorted by a then b, with how
    often each occurs and, for each input pair, the index of its distinct pair.

    One sort of packed int64 keys: much faster than ``np.unique(axis=0)``.

    Examples
    --------
    >>> a, b, n, inv = unique_pairs(np.array([3, 1, 3]), np.array([5, 2, 5]))
    >>> a.tolist(), b.tolist(), n.tolist(), inv.tolist()
    ([1, 3], [2, 5], [1, 2], [1, 0, 1])
    """
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    if a.shape[0] == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z
    width = int(b.max()) + 1
    keys, inverse, counts = np.unique(a * width + b, return_inverse=True, return_counts=True)
    return keys // width, keys % width, counts, inverse.reshape(-1)


def _distinct(edges: Edges) -> Edges:
    """One edge per (source, target, role): a unit listed twice in a joint branch
    is one unit covered.  Merged edges keep their ``via`` person only if every
    copy names the same one (else losing one person loses no edge)."""
    if edges.src.shape[0] < 2:
        return edges
    roles = edges.role.astype(np.int64) + 1
    rest = edges.dst.astype(np.int64) * (len(ROLES) + 1) + roles
    src, rest, _, inverse = unique_pairs(edges.src, rest)
    if src.shape[0] == edges.src.shape[0]:
        return edges
    first = np.full(src.shape[0], edges.src.shape[0])
    np.minimum.at(first, inverse, np.arange(edges.src.shape[0]))
    order = np.argsort(first)  # keep the order the edges were written in
    via = None
    if edges.via is not None:
        low = np.full(src.shape[0], np.iinfo(np.int64).max)
        high = np.full(src.shape[0], -1)
        np.minimum.at(low, inverse, edges.via)
        np.maximum.at(high, inverse, edges.via)
        via = np.where(low == high, low, -1)[order]
    dst, role = np.divmod(rest[order], len(ROLES) + 1)
    return Edges(src[order], dst, (role - 1).astype(np.int16), via)


def _empty_edges() -> Edges:
    e = np.zeros(0, dtype=np.int64)
    return Edges(e, e, np.zeros(0, dtype=np.int16))


def _record_person(record: BaseModel) -> str | None:
    """The person a nested record (a part-time member's seat) names, if any."""
    for f in ref_fields(type(record)):
        if f.ref.target == "persons" and not f.many:
            value = vars(record).get(f.name)
            return str(value) if value is not None else None
    return None


def _role(section: str, ref: RefField) -> str:
    """The ``role`` of a ``held_by`` edge, as :mod:`partygraph.graph` names it."""
    seat = ref.nested if ref.nested and (section, ref.nested) not in _NODE_LISTS else None
    return role_name(ref.name, many=ref.many, seat=seat)


def _ref_specs() -> dict[str, list[tuple[str, RefField]]]:
    out: dict[str, list[tuple[str, RefField]]] = {}
    for section, cls in SECTIONS.items():
        for f in ref_fields(cls):
            out.setdefault(f.ref.relation, []).append((section, f))
    return out


_REF_SPECS = _ref_specs()


def build_edges(ix: Index, relation: str, role: str | None = None) -> Edges:
    """Every edge of ``relation`` (structure references and bulk links); with
    ``role``, only the ``held_by`` edges of that post."""
    parts: list[Edges] = []
    structure = _structure_edges(ix, relation, role)
    if structure is not None:
        parts.append(_distinct(structure))
    parts.extend(_bulk_edges(ix, relation))
    if not parts:
        return _empty_edges()
    if len(parts) == 1:
        return parts[0]
    vias = [p.via for p in parts]
    return Edges(
        np.concatenate([p.src for p in parts]),
        np.concatenate([p.dst for p in parts]),
        np.concatenate([p.role for p in parts]),
        None
        if all(v is None for v in vias)
        else np.concatenate(
            [
                np.full(p.src.shape[0], -1) if v is None else v
                for p, v in zip(parts, vias, strict=True)
            ]
        ),
    )


def _structure_edges(ix: Index, relation: str, role_name: str | None) -> Edges | None:
    """Edges of ``relation`` written as references between structure entities
    (only the posts named ``role_name``, if given)."""
    src: list[int] = []
    dst: list[int] = []
    role: list[int] = []
    via: list[int] = []
    held = ix._nested.get(relation, {})
    src += held.values()
    dst += held.keys()
    role += [-1] * len(held)
    for section, ref in _REF_SPECS.get(relation, ()):
        start = ix.section_start(section)
        role_code = _ROLE[_role(section, ref)] if relation == HELD_BY else -1
        if role_name is not None and role_code != _ROLE[role_name]:
            continue
        if ref.ref.target == "households":
            continue  # a central household's own home is no edge here
        sources, coded, vias = _coded_refs(ix, section, ref, start)
        a, b = (coded, sources) if ref.ref.reverse else (sources, coded)
        src += a
        dst += b
        role += [role_code] * len(coded)
        via += vias
    if not src:
        return None
    return Edges(
        np.array(src, dtype=np.int64),
        np.array(dst, dtype=np.int64),
        np.array(role, dtype=np.int16),
        np.array([-1] * (len(src) - len(via)) + via, dtype=np.int64)
        if any(v >= 0 for v in via)
        else None,
    )


def _coded_refs(
    ix: Index, section: str, ref: RefField, start: int
) -> tuple[list[int], list[int], list[int]]:
    """(holder code, target code, code of the person the record names) for
    every reference ``ref`` of a section's entities that names a node.

    Kept on the index: ``held_by`` is built whole and once per role a rule
    asks for, and looking up the person ids is most of the work."""
    key = (section, ref.name, ref.nested)
    found = ix._coded_refs.get(key)
    if found is not None:
        return found
    sources, targets, vias = _ref_pairs(ix, section, ref, start)
    if ref.ref.target == "persons":
        coded = ix._person_codes_of(targets)
    else:
        codes = ix._codes
        coded = [codes.get(t, -1) for t in targets]
    if -1 in coded:  # a model built in Python may name ids it lacks
        keep = [i for i, c in enumerate(coded) if c >= 0]
        coded = [coded[i] for i in keep]
        sources = [sources[i] for i in keep]
        vias = [vias[i] for i in keep]
    found = ix._coded_refs[key] = (sources, coded, ix._person_codes_of(vias))
    return found


def _ref_pairs(
    ix: Index, section: str, ref: RefField, start: int
) -> tuple[list[int], list[str], list[str | None]]:
    """(holder code, target id, person the record names) for every reference
    ``ref`` of a section's entities."""
    sources: list[int] = []
    targets: list[str] = []
    vias: list[str | None] = []
    items = ix.model.section(section)
    name = ref.name
    values: list[tuple[int, Any, str | None]]
    if ref.nested is None:
        values = [(start + i, vars(e).get(name), None) for i, e in enumerate(items)]
    else:
        codes = ix._codes
        values = [
            (
                codes[h.id] if isinstance(h, Entity) else start + i,
                vars(h).get(name),
                None if isinstance(h, Entity) else _record_person(h),
            )
            for i, e in enumerate(items)
            for h in vars(e)[ref.nested]
        ]
    for source, value, person in values:
        if value is None:
            continue
        n = len(value) if ref.many else 1
        sources += [source] * n
        targets += value if ref.many else [value]
        vias += [person] * n
    return sources, targets, vias


def _link(src: Array, dst: Array) -> Edges:
    keep = (src >= 0) & (dst >= 0)
    if not keep.all():
        src, dst = src[keep], dst[keep]
    # No link has a role: one shared -1 (read-only) instead of 60 MB of them
    # for a province's households.
    return Edges(src, dst, np.broadcast_to(np.int16(-1), src.shape))


def _bulk_edges(ix: Index, relation: str) -> list[Edges]:
    """The edges of ``relation`` that the bulk tables' columns declare."""
    pop = ix.model.population
    parts: list[Edges] = []
    for name, spec in TABLES.items():
        if len(pop[name]) == 0:
            continue
        if spec.edge is not None:
            if spec.edge.relation == relation:  # a link written twice is one edge
                ends = ix.bulk_ref(name, spec.edge.source), ix.bulk_ref(name, spec.edge.target)
                parts.append(_distinct(_link(*ends)))
            continue
        columns = [c for c in spec.columns if c.relation == relation]
        rows = ix.nodes(_BULK_KIND[name])
        for col in columns:
            if col.replaces is not None:
                continue  # taken with the column it replaces
            targets = ix.bulk_ref(name, col.name)
            for over in (c for c in columns if c.replaces == col.name):
                better = ix.bulk_ref(name, over.name)
                targets = np.where(better >= 0, better, targets)
            parts.append(_link(targets, rows) if col.reverse else _link(rows, targets))
    return parts
