"""What of a model lies at or under one division, for a scoped diff.

An entity is in scope when its home (:mod:`partygraph.index.homes`: where a
check counts it) lies at or under the division; a household when its
community does, a person when their household does, a link row when the
row its home column names does.  A division missing from a snapshot (a
community set up only this year) leaves nothing of that snapshot in scope.

Examples
--------
>>> from partygraph.model import Model, Division
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="k", name="示例区", level="county", parent="c"),
...     Division(id="j", name="另一区", level="county", parent="c")])
>>> s = scope_of(m, "k")
>>> s.has("k"), s.has("j"), s.has("c")
(True, False, False)
>>> scope_of(m, None).has("j")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from partygraph.model.entities import SECTIONS
from partygraph.model.model import Model
from partygraph.model.population import Array

__all__ = ["Scope", "scope_of"]


@dataclass
class Scope:
    """The ids and bulk rows in scope; ``ids is None`` means the whole model."""

    ids: set[str] | None = None
    rows: dict[str, Array] = field(default_factory=dict)

    def has(self, entity_id: str) -> bool:
        return self.ids is None or entity_id in self.ids

    def mask(self, table: str) -> Array | None:
        """Which rows of ``table`` are in scope (``None``: all)."""
        return None if self.ids is None else self.rows[table]


def scope_of(model: Model, division: str | None) -> Scope:
    """The part of ``model`` at or under ``division`` (``None``: all of it)."""
    if division is None:
        return Scope()
    pop = model.population
    codes = [i for i, d in enumerate(model.divisions) if d.id == division]
    if not codes:
        return Scope(
            ids=set(), rows={n: np.zeros(len(t), dtype=bool) for n, t in pop.tables.items()}
        )
    from partygraph.index import Index  # the index only for a scoped diff

    ix = Index(model)
    root = codes[0]
    n_top = sum(len(model.section(s)) for s in SECTIONS)
    homes = np.asarray(ix.struct_home[:n_top], dtype=np.int64)
    inside = ix.in_subtree(homes, root) & (homes >= 0)
    ids = {ix.entities[i].id for i in np.flatnonzero(inside).tolist()}
    hh = ix.in_subtree(np.asarray(ix.household_home, dtype=np.int64), root)
    persons = ix.in_subtree(np.asarray(ix.person_home, dtype=np.int64), root)
    links = pop["central_household_links"]["household"]
    reg = np.asarray(pop["registrations"]["community"], dtype=np.int64)
    rows = {
        "households": hh,
        "persons": persons,
        "central_household_links": np.where(links >= 0, hh[np.maximum(links, 0)], False)
        if hh.shape[0]
        else np.zeros(links.shape[0], dtype=bool),
        "registrations": ix.in_subtree(reg, root) & (reg >= 0),
    }
    return Scope(ids=ids, rows=rows)
