"""Where each structure node is counted: its home division.

The model declares homes once, as ``RefTo(home=...)`` on its reference fields
(:class:`partygraph.model.RefTo`); this module reads that declaration:

- the first home field set places the node: a single reference names its home
  or the entity whose home it shares (a compound branch -> its compound -> its
  community); a list (a joint branch's ``joint_units``) places it at the lowest
  common ancestor of its items' homes;
- a ``"fallback"`` field (an organisation's ``parent``) places a node that no
  other home field places, where its target is;
- a nested record (a service item) is where the entity holding it is.

A node none of these places (or placed through a cycle) is counted at the
only city.  The rule is written out in ``docs/coverage.md``.

Examples
--------
A joint branch 联合党支部 of units in two communities of one subdistrict is
counted at the subdistrict; a branch with no anchor, where its parent is:

>>> from partygraph.model import Model, Division, PartyOrg, Unit
>>> from partygraph.index import Index
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="k", name="城区", level="county", parent="c"),
...     Division(id="s", name="南街道", level="subdistrict", parent="k"),
...     Division(id="m1", name="东风社区", level="community", parent="s"),
...     Division(id="m2", name="红旗社区", level="community", parent="s")],
...     units=[Unit(id="u1", name="甲公司", type="enterprise", division="m1"),
...         Unit(id="u2", name="乙公司", type="enterprise", division="m2")],
...     party_orgs=[PartyOrg(id="o", name="东风社区党委", form="committee", division="m1"),
...         PartyOrg(id="j", name="联合党支部", form="branch", parent="o", joint=True,
...             joint_units=["u1", "u2"]),
...         PartyOrg(id="b", name="第一党支部", form="branch", parent="o")])
>>> ix = Index(m)
>>> [ix.entities[int(ix.struct_home[ix.code(x)])].id for x in ("j", "b")]
['s', 'm1']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from partygraph.model import SECTIONS, ref_fields
from partygraph.model.population import Array
from partygraph.vocabulary import LEVELS

if TYPE_CHECKING:
    from partygraph.index.core import Index

__all__ = ["lowest_common", "struct_homes"]


def struct_homes(ix: Index, root: int) -> Array:
    """The home division of every structure node (``root`` where none)."""
    single, fallback, holders, items = _pointers(ix)
    home = _follow(np.where(single >= 0, single, fallback), ix.n_divisions)
    # A list's items may be placed by lists or fallbacks of their own: round
    # by round until nothing moves (units, the only items today, take one).
    for _ in range(len(SECTIONS) if holders.shape[0] else 0):
        item_homes = home[items]
        groups, common = lowest_common(ix, holders, np.where(item_homes >= 0, item_homes, root))
        target = single.copy()
        target[groups] = np.where(common >= 0, common, -1)
        moved = _follow(np.where(target >= 0, target, fallback), ix.n_divisions)
        if np.array_equal(moved, home):
            break
        home = moved
    home[home < 0] = root
    return home


def _pointers(ix: Index) -> tuple[Array, Array, Array, Array]:
    """Per structure node: the node its first single home field names (a
    division names itself), the target of its fallback field, and the
    (holder, item) pairs of the nodes a list home field places (``-1``: none)."""
    single = np.full(ix.n_struct, -1, dtype=np.int64)
    single[: ix.n_divisions] = np.arange(ix.n_divisions)
    fallback = np.full(ix.n_struct, -1, dtype=np.int64)
    holders: list[int] = []
    items: list[int] = []
    codes = ix._codes
    for section, cls in SECTIONS.items():
        if section == "divisions":
            continue  # a division is its own home
        start = ix.section_start(section)
        entities = ix.model.section(section)
        placed = np.zeros(len(entities), dtype=bool)  # by an earlier home field
        for f in ref_fields(cls):
            if not f.ref.home or f.nested is not None:
                continue
            values = [vars(e)[f.name] for e in entities]
            if f.ref.home == "fallback":
                part = fallback[start : start + len(entities)]
                found = np.array([codes.get(v or "", -1) for v in values], dtype=np.int64)
                part[part < 0] = found[part < 0]
            elif f.many:
                for i in np.flatnonzero(~placed).tolist():
                    known = [c for v in values[i] or () if (c := codes.get(v, -1)) >= 0]
                    holders += [start + i] * len(known)
                    items += known
                    placed[i] = bool(known)
            else:
                part = single[start : start + len(entities)]
                found = np.array([codes.get(v or "", -1) for v in values], dtype=np.int64)
                found[placed] = -1
                part[found >= 0] = found[found >= 0]
                placed |= found >= 0
    for held in ix._nested.values():
        for item, holder in held.items():
            single[item] = holder
    return single, fallback, np.array(holders, dtype=np.int64), np.array(items, dtype=np.int64)


def _follow(target: Array, n_divisions: int) -> Array:
    """Follow each node's pointer to a division by pointer doubling (``-1``: a
    pointer to nothing, or a cycle)."""
    home = target.copy()
    for _ in range(int(home.shape[0]).bit_length() + 1):
        hop = home >= n_divisions
        if not hop.any():
            break
        home[hop] = home[home[hop]]
    home[home >= n_divisions] = -1  # still pointing at an entity: a cycle
    return home


def lowest_common(ix: Index, holders: Array, homes: Array) -> tuple[Array, Array]:
    """For each distinct holder, the lowest division at or above the homes of
    all its items (``holders[i]`` holds an item whose home is ``homes[i]``;
    ``-1``: none, as when an item has no home).

    The homes themselves when they are all one division, else their common
    ancestor at the deepest of :data:`~partygraph.vocabulary.LEVELS` that has
    one (a residents' group holds no other division).

    Examples
    --------
    >>> from partygraph.model import Model, Division
    >>> from partygraph.index import Index
    >>> ix = Index(Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k1", name="甲区", level="county", parent="c"),
    ...     Division(id="k2", name="乙区", level="county", parent="c")]))
    >>> groups, common = lowest_common(ix, np.array([7, 7, 9]), np.array([1, 2, 2]))
    >>> groups.tolist(), common.tolist()
    ([7, 9], [0, 2])
    """
    groups, inverse = np.unique(holders, return_inverse=True)
    common = np.full(groups.shape[0], -1, dtype=np.int64)
    homes = np.asarray(homes, dtype=np.int64)
    for level in [None, *reversed(range(len(LEVELS)))]:
        if level is None:
            at = homes
        else:
            at = np.where(homes >= 0, ix.div_anc[level][np.maximum(homes, 0)], -1)
        low = np.full(groups.shape[0], np.iinfo(np.int64).max)
        high = np.full(groups.shape[0], -1, dtype=np.int64)
        np.minimum.at(low, inverse, at)
        np.maximum.at(high, inverse, at)
        found = (low == high) & (low >= 0) & (common < 0)
        common[found] = low[found]
    return groups, common
