"""The bulk tables of two snapshots compared with numpy: no loop over rows.

A city has a million households.  Each table's and section's ids are given
one code space shared by both snapshots (the sorted union of its ids; no
sort when both list the same ids in the same order), so a household whose
community kept its id but moved in the list is unchanged.  Rows are then
matched by these codes (:func:`numpy.intersect1d` on integers), a column is
compared row by row, and a link is a pair of codes packed in one ``int64``.

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
from partygraph.model.population import TABLES, TEXT, Array, text_array

__all__ = [
    "EXAMPLES",
    "Compare",
    "community_counts",
    "fixed",
    "population_diff",
    "shared_codes",
    "sort_keys",
]

#: Ids listed as examples of rows added or removed (the counts count all).
EXAMPLES = 20


def shared_codes(
    old_ids: Array, new_ids: Array, old_codes: Array, new_codes: Array
) -> tuple[Array, Array, int]:
    """Codes into ``old_ids`` and ``new_ids`` as codes into their sorted union.

    ``-1`` (no reference) stays ``-1``; the third value is the union's size.
    """
    # One sort of both (not np.searchsorted: on StringDType arrays numpy 2.4
    # answered wrongly, seen on the example's ids); matching needs an order,
    # not the alphabetical one, so short ids sort as integers.
    both = np.concatenate([np.asarray(old_ids, dtype=TEXT), np.asarray(new_ids, dtype=TEXT)])
    union, inverse = np.unique(sort_keys(both), return_inverse=True)  # one key type for both
    inverse = inverse.reshape(-1)
    a, b = inverse[: old_ids.shape[0]], inverse[old_ids.shape[0] :]

    def remap(codes: Array, to: Array) -> Array:
        codes = np.asarray(codes, dtype=np.int64)
        if to.shape[0] == 0:
            return np.full(codes.shape[0], -1, dtype=np.int64)
        return np.where(codes >= 0, to[np.maximum(codes, 0)], -1)

    return remap(old_codes, a), remap(new_codes, b), int(union.shape[0])


def sort_keys(ids: Array) -> Array:
    """``ids`` as values numpy sorts fast and that are equal exactly when the ids
    are: ASCII ids as bytes, one ``uint64`` when they fit in 8 (a household id
    such as ``h0000001``); others as fixed-width text.

    >>> sort_keys(np.array(["h1", "h2"])).dtype, sort_keys(np.array(["社区1"])).dtype
    (dtype('uint64'), dtype('<U3'))
    """
    ids = np.asarray(ids, dtype=TEXT)
    if ids.shape[0] == 0:
        return np.zeros(0, dtype=np.uint64)
    n = max(1, int(np.strings.str_len(ids).max()))
    try:
        raw = ids.astype(f"S{n}")  # a C cast, where np.strings.encode loops in Python
    except UnicodeEncodeError:
        return ids.astype(f"U{n}")
    # no id holds a NUL (io.cells refuses it), so the padding loses nothing
    return raw.astype("S8").view(np.uint64) if n <= 8 else raw


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


def _same_ids(a: Array, b: Array) -> bool:
    return a.shape == b.shape and bool(np.all(a == b))


def _same(a: Array, b: Array) -> Array:
    """Element-wise equality; an empty date equals an empty date."""
    eq = np.asarray(a == b)
    if a.dtype.kind == "M":
        eq |= np.isnat(a) & np.isnat(b)
    return eq


class Compare:
    """The bulk tables of two snapshots, compared once: each target's ids are
    matched once (no sort at all when both snapshots list the same ids in the
    same order, as a model compared with itself does) and every column and
    link is compared through those codes."""

    def __init__(self, old: Model, new: Model, os_: Scope, ns: Scope) -> None:
        self.old, self.new, self.os, self.ns = old, new, os_, ns
        self._maps: dict[str, tuple[Array, Array]] = {}

    def target(self, target: str) -> tuple[Array, Array]:
        """Row code -> shared code, in the old and the new snapshot, of a section or table."""
        if target not in self._maps:
            a, b = _target_ids(self.old, target), _target_ids(self.new, target)
            if _same_ids(a, b):
                same = np.arange(a.shape[0], dtype=np.int64)
                self._maps[target] = (same, same)
            else:
                n = a.shape[0]
                ca, cb, _ = shared_codes(a, b, np.arange(n), np.arange(b.shape[0]))
                self._maps[target] = (ca, cb)
        return self._maps[target]

    def rows(self, name: str) -> tuple[Array | None, Array | None]:
        """The rows of ``name`` in scope in each snapshot (``None``: all)."""
        ma, mb = self.os.mask(name), self.ns.mask(name)
        return (
            None if ma is None else np.flatnonzero(ma),
            None if mb is None else np.flatnonzero(mb),
        )

    def column(self, name: str, column: str) -> tuple[Array, Array]:
        """A column's values in scope in each snapshot; references as shared codes."""
        col = TABLES[name].column(column)
        ra, rb = self.rows(name)
        va, vb = self.old.population[name][column], self.new.population[name][column]
        va, vb = (va if ra is None else va[ra]), (vb if rb is None else vb[rb])
        if col.type != "ref":
            return np.asarray(va), np.asarray(vb)
        assert col.target is not None
        ma, mb = self.target(col.target)
        return _remap(va, ma), _remap(vb, mb)


def _remap(codes: Array, to: Array) -> Array:
    codes = np.asarray(codes, dtype=np.int64)
    if to.shape[0] == 0:
        return np.full(codes.shape[0], -1, dtype=np.int64)
    return np.where(codes >= 0, to[np.maximum(codes, 0)], -1)


def _match(c: Compare, name: str) -> tuple[Array, Array, Array, Array]:
    """Rows of an id table in both snapshots (``xa``, ``xb``) and in one only."""
    ra, rb = c.rows(name)
    ma, mb = c.target(name)
    ka = ma if ra is None else ma[ra]
    kb = mb if rb is None else mb[rb]
    if ra is None and rb is None and ka is kb:  # the same ids in the same order
        xa = xb = np.arange(ka.shape[0])
    else:
        _, xa, xb = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
    only_a = np.ones(ka.shape[0], dtype=bool)
    only_a[xa] = False
    only_b = np.ones(kb.shape[0], dtype=bool)
    only_b[xb] = False
    return xa, xb, only_a, only_b


def population_diff(
    old: Model, new: Model, os_: Scope, ns: Scope
) -> tuple[list[TableDiff], dict[str, tuple[int, int, int, int]]]:
    """Each bulk table old → new, and per relation the edges its rows make:
    (before, after, added, removed)."""
    c = Compare(old, new, os_, ns)
    diffs: list[TableDiff] = []
    links: dict[str, tuple[int, int, int, int]] = {}

    def add(relation: str, counts: tuple[int, int, int, int]) -> None:
        prev = links.get(relation, (0, 0, 0, 0))
        links[relation] = (
            prev[0] + counts[0],
            prev[1] + counts[1],
            prev[2] + counts[2],
            prev[3] + counts[3],
        )

    for name, spec in TABLES.items():
        if spec.has_ids:
            diffs.append(_id_table(c, name, add))
        else:
            diffs.append(_link_table(c, name, add))
    return diffs, links


def _id_table(c: Compare, name: str, add: Any) -> TableDiff:
    spec = TABLES[name]
    xa, xb, only_a, only_b = _match(c, name)
    changed = np.zeros(xa.shape[0], dtype=bool)
    moved = np.zeros(xa.shape[0], dtype=bool)
    columns: dict[str, int] = {}
    for col in spec.columns[1:]:
        va, vb = c.column(name, col.name)
        differs = ~_same(va[xa], vb[xb])
        if differs.any():
            columns[col.name] = int(differs.sum())
        changed |= differs
        if col.home:
            moved |= differs
        if col.type == "ref" and col.relation is not None:
            # one edge per row that names a target: compared row by row, no sort
            was, now = va[xa] >= 0, vb[xb] >= 0
            removed = int((differs & was).sum() + (va[only_a] >= 0).sum())
            added = int((differs & now).sum() + (vb[only_b] >= 0).sum())
            add(col.relation, (int((va >= 0).sum()), int((vb >= 0).sum()), added, removed))
    ida, idb = c.column(name, "id")
    return TableDiff(
        table=name,
        before=int(ida.shape[0]),
        after=int(idb.shape[0]),
        added=int(only_b.sum()),
        removed=int(only_a.sum()),
        changed=int(changed.sum()),
        moved=int(moved.sum()),
        columns=columns,
        added_ids=_examples(idb[only_b]),
        removed_ids=_examples(ida[only_a]),
    )


def _examples(ids: Array) -> list[str]:
    return sorted(ids[: EXAMPLES * 50].tolist())[:EXAMPLES] if ids.shape[0] else []


def _link_table(c: Compare, name: str, add: Any) -> TableDiff:
    spec = TABLES[name]
    edge = spec.edge
    assert edge is not None
    sa, sb = c.column(name, edge.source)
    ta, tb = c.column(name, edge.target)
    width = max(int(ta.max(initial=-1)), int(tb.max(initial=-1))) + 2
    ka, kb = sa * width + ta, sb * width + tb
    ua, fa = np.unique(ka, return_index=True)  # a row written twice is one edge
    ub, fb = np.unique(kb, return_index=True)
    _, xa, xb = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
    changed = np.zeros(xa.shape[0], dtype=bool)
    columns: dict[str, int] = {}
    for col in spec.columns:
        if col.name in (edge.source, edge.target):
            continue
        va, vb = c.column(name, col.name)
        differs = ~_same(va[fa[xa]], vb[fb[xb]])
        if differs.any():
            columns[col.name] = int(differs.sum())
        changed |= differs
    added, removed = int(ub.shape[0] - xb.shape[0]), int(ua.shape[0] - xa.shape[0])
    add(edge.relation, (int(ua.shape[0]), int(ub.shape[0]), added, removed))
    return TableDiff(
        table=name,
        before=int(ua.shape[0]),
        after=int(ub.shape[0]),
        added=added,
        removed=removed,
        changed=int(changed.sum()),
        columns=columns,
    )


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
