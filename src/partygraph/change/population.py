"""The bulk tables of two snapshots compared with numpy: no loop over rows.

A city has a million households.  Rows are matched by id with sorted ids
(:func:`numpy.intersect1d`); a reference is compared through one code space
shared by both snapshots (the sorted union of the target's ids), so a
household whose community kept its id but moved in the list is unchanged;
a link is a pair of such codes packed in one ``int64``.

Examples
--------
>>> import numpy as np
>>> shared_codes(np.array(["b", "a"]), np.array(["c", "a"]), np.array([0, 1, -1]),
...     np.array([0, 1]))
(array([ 1,  0, -1]), array([2, 0]), 3)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from partygraph.change.data import CommunityCounts, CountChange, TableDiff
from partygraph.change.scope import Scope
from partygraph.model.model import Model
from partygraph.model.population import TABLES, Array, TableData, text_array

__all__ = [
    "EXAMPLES",
    "community_counts",
    "fixed", "population_links", "shared_codes", "table_diffs"]

#: Ids listed as examples of rows added or removed (the counts count all).
EXAMPLES = 20


def shared_codes(
    old_ids: Array, new_ids: Array, old_codes: Array, new_codes: Array
) -> tuple[Array, Array, int]:
    """Codes into ``old_ids`` and ``new_ids`` as codes into their sorted union.

    ``-1`` (no reference) stays ``-1``; the third value is the union's size.
    """
    # One sort of both (not np.searchsorted: on StringDType arrays numpy 2.4
    # answers wrongly, seen on the example's ids).
    union, inverse = np.unique(np.concatenate([fixed(old_ids), fixed(new_ids)]), return_inverse=True)
    inverse = inverse.reshape(-1)
    a, b = inverse[: old_ids.shape[0]], inverse[old_ids.shape[0] :]

    def remap(codes: Array, to: Array) -> Array:
        codes = np.asarray(codes, dtype=np.int64)
        if to.shape[0] == 0:
            return np.full(codes.shape[0], -1, dtype=np.int64)
        return np.where(codes >= 0, to[np.maximum(codes, 0)], -1)

    return remap(old_codes, a), remap(new_codes, b), int(union.shape[0])


def fixed(ids: Array) -> Array:
    """``ids`` as fixed-width ``<U`` strings, which numpy sorts and compares reliably
    (its StringDType sorts crashed on the example's ids, numpy 2.4)."""
    ids = np.asarray(ids)
    if ids.dtype.kind == "U":
        return ids
    if ids.shape[0] == 0:
        return np.zeros(0, dtype="U1")
    return ids.astype(f"U{max(1, int(np.strings.str_len(ids).max()))}")


def _target_ids(model: Model, target: str) -> Array:
    if target in model.population.tables:
        return text_array(model.population[target]["id"])
    return text_array([e.id for e in model.section(target)])


def _same(a: Array, b: Array) -> Array:
    """Element-wise equality; an empty date equals an empty date."""
    eq = np.asarray(a == b)
    if a.dtype.kind == "M":
        eq |= np.isnat(a) & np.isnat(b)
    return eq


class _Side:
    """One snapshot's rows of a table in scope, with their references in shared codes."""

    def __init__(self, data: TableData, mask: Array | None) -> None:
        self.data = data
        self.rows = np.arange(len(data)) if mask is None else np.flatnonzero(mask)

    def column(self, name: str) -> Array:
        return np.asarray(self.data[name])[self.rows]


def _values(side: _Side, name: str) -> Array:
    values = side.column(name)
    return fixed(values) if values.dtype.kind not in "biuMmf" else values


def _refs(old: Model, new: Model, a: _Side, b: _Side, column: Any) -> tuple[Array, Array, int]:
    return shared_codes(
        _target_ids(old, column.target),
        _target_ids(new, column.target),
        a.column(column.name),
        b.column(column.name),
    )


def _sides(old: Model, new: Model, name: str, os_: Scope, ns: Scope) -> tuple[_Side, _Side]:
    return (
        _Side(old.population[name], os_.mask(name)),
        _Side(new.population[name], ns.mask(name)),
    )


def table_diffs(old: Model, new: Model, os_: Scope, ns: Scope) -> list[TableDiff]:
    """Each bulk table, old → new."""
    out = []
    for name, spec in TABLES.items():
        a, b = _sides(old, new, name, os_, ns)
        out.append(
            _id_table(old, new, name, a, b) if spec.has_ids else _link_table(old, new, name, a, b)
        )
    return out


def _id_table(old: Model, new: Model, name: str, a: _Side, b: _Side) -> TableDiff:
    spec = TABLES[name]
    ida, idb = fixed(a.column("id")), fixed(b.column("id"))
    _, xa, xb = np.intersect1d(ida, idb, assume_unique=True, return_indices=True)
    changed = np.zeros(xa.shape[0], dtype=bool)
    moved = np.zeros(xa.shape[0], dtype=bool)
    columns: dict[str, int] = {}
    for col in spec.columns[1:]:
        if col.type == "ref":
            va, vb, _ = _refs(old, new, a, b, col)
        else:
            va, vb = _values(a, col.name), _values(b, col.name)
        differs = ~_same(va[xa], vb[xb])
        if differs.any():
            columns[col.name] = int(differs.sum())
        changed |= differs
        if col.home:
            moved |= differs
    only_b = np.ones(idb.shape[0], dtype=bool)
    only_b[xb] = False
    only_a = np.ones(ida.shape[0], dtype=bool)
    only_a[xa] = False
    return TableDiff(
        table=name,
        before=int(ida.shape[0]),
        after=int(idb.shape[0]),
        added=int(only_b.sum()),
        removed=int(only_a.sum()),
        changed=int(changed.sum()),
        moved=int(moved.sum()),
        columns=columns,
        added_ids=np.sort(idb[only_b])[:EXAMPLES].tolist(),
        removed_ids=np.sort(ida[only_a])[:EXAMPLES].tolist(),
    )


def _edge_keys(old: Model, new: Model, name: str, a: _Side, b: _Side) -> tuple[Array, Array]:
    """The edge of each row of a link table, as one packed int64 per row."""
    edge = TABLES[name].edge
    assert edge is not None
    spec = TABLES[name]
    sa, sb, _ = _refs(old, new, a, b, spec.column(edge.source))
    ta, tb, nt = _refs(old, new, a, b, spec.column(edge.target))
    return sa * (nt + 1) + ta, sb * (nt + 1) + tb


def _link_table(old: Model, new: Model, name: str, a: _Side, b: _Side) -> TableDiff:
    spec = TABLES[name]
    ka, kb = _edge_keys(old, new, name, a, b)
    ua, fa = np.unique(ka, return_index=True)  # a row written twice is one edge
    ub, fb = np.unique(kb, return_index=True)
    _, xa, xb = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
    edge = spec.edge
    assert edge is not None
    changed = np.zeros(xa.shape[0], dtype=bool)
    columns: dict[str, int] = {}
    for col in spec.columns:
        if col.name in (edge.source, edge.target):
            continue
        if col.type == "ref":
            va, vb, _ = _refs(old, new, a, b, col)
        else:
            va, vb = _values(a, col.name), _values(b, col.name)
        differs = ~_same(va[fa[xa]], vb[fb[xb]])
        if differs.any():
            columns[col.name] = int(differs.sum())
        changed |= differs
    return TableDiff(
        table=name,
        before=int(ua.shape[0]),
        after=int(ub.shape[0]),
        added=int(ub.shape[0] - xb.shape[0]),
        removed=int(ua.shape[0] - xa.shape[0]),
        changed=int(changed.sum()),
        columns=columns,
    )


def _pair_counts(ka: Array, kb: Array) -> tuple[int, int, int, int]:
    ua, ub = np.unique(ka), np.unique(kb)
    common = np.intersect1d(ua, ub, assume_unique=True).shape[0]
    return int(ua.shape[0]), int(ub.shape[0]), int(ub.shape[0] - common), int(ua.shape[0] - common)


def population_links(
    old: Model, new: Model, os_: Scope, ns: Scope
) -> dict[str, tuple[int, int, int, int]]:
    """Per relation, the edges bulk rows make: (before, after, added, removed)."""
    out: dict[str, tuple[int, int, int, int]] = {}

    def add(relation: str, counts: tuple[int, int, int, int]) -> None:
        prev = out.get(relation, (0, 0, 0, 0))
        out[relation] = tuple(p + c for p, c in zip(prev, counts, strict=True))  # type: ignore[assignment]

    for name, spec in TABLES.items():
        a, b = _sides(old, new, name, os_, ns)
        if spec.edge is not None:
            add(spec.edge.relation, _pair_counts(*_edge_keys(old, new, name, a, b)))
            continue
        ra, rb, _ = shared_codes(
            fixed(a.column("id")), fixed(b.column("id")), np.arange(a.rows.shape[0]), np.arange(b.rows.shape[0])
        )
        for col in spec.columns:
            if col.type != "ref" or col.relation is None:
                continue
            ta, tb, nt = _refs(old, new, a, b, col)
            ka = (ra * (nt + 1) + ta)[ta >= 0]
            kb = (rb * (nt + 1) + tb)[tb >= 0]
            add(col.relation, _pair_counts(ka, kb))
    return out


def _per_community(model: Model, scope: Scope) -> dict[str, tuple[int, int, int]]:
    """Households, party members and registrations per community id."""
    pop = model.population
    n = len(model.divisions)
    hh = np.asarray(pop["households"]["community"], dtype=np.int64)
    hmask = scope.mask("households")
    households = np.bincount(hh[(hh >= 0) & (True if hmask is None else hmask)], minlength=n)
    persons = pop["persons"]
    home = np.asarray(persons["household"], dtype=np.int64)
    member = (np.asarray(persons["member"]) >= 0) & (home >= 0)
    pmask = scope.mask("persons")
    if pmask is not None:
        member &= pmask
    where = hh[home[member]] if hh.shape[0] else np.zeros(0, np.int64)
    members = np.bincount(where[where >= 0], minlength=n)
    reg = np.asarray(pop["registrations"]["community"], dtype=np.int64)
    rmask = scope.mask("registrations")
    registrations = np.bincount(reg[(reg >= 0) & (True if rmask is None else rmask)], minlength=n)
    out = {}
    for i, d in enumerate(model.divisions):
        if d.level == "community" and scope.has(d.id):
            out[d.id] = (int(households[i]), int(members[i]), int(registrations[i]))
    return out


def community_counts(old: Model, new: Model, os_: Scope, ns: Scope) -> list[CommunityCounts]:
    """Per community in either snapshot: households, members and registrations, old → new."""
    a, b = _per_community(old, os_), _per_community(new, ns)
    names = {d.id: d.name for d in old.divisions} | {d.id: d.name for d in new.divisions}
    out = []
    for key in sorted(a.keys() | b.keys()):
        x, y = a.get(key, (0, 0, 0)), b.get(key, (0, 0, 0))
        out.append(
            CommunityCounts(
                id=key,
                name=names[key],
                households=CountChange(before=x[0], after=y[0]),
                members=CountChange(before=x[1], after=y[1]),
                registrations=CountChange(before=x[2], after=y[2]),
            )
        )
    return out
