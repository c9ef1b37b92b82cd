"""One division and everything under it, as a model of its own: :meth:`partygraph.Model.subtree`.

What is kept:

- the division, the divisions under it, and the chain of divisions above it
  (its parent is referenced, so the subtree still says where it is);
- every entity placed under it, as the checks place it (its first home field
  that is set: a unit's division, a compound's community, an organisation's
  anchor, a joint branch's units — all of them under it —, else its parent
  organisation; ``docs/coverage.md``);
- the departments of the divisions above it (they answer its whistles);
- entities that belong to the whole model, having no home field at all
  (issue categories);
- whatever the kept entities reference, and so on: the municipal units paired
  with its communities, the parent organisations up to the city's committee,
  the service centres that coordinate its own; a resident unit of a
  neighbouring community that sits on its 大党委 is kept, and so is that
  community (a unit must be somewhere), without what lies in it;
- households in its communities; persons living in them, members of its
  organisations, working in its units, registered at its communities, or
  named by a kept entity; the links and registrations between what is kept.

An entity whose home fields are all empty (a unit with no division) is placed
nowhere: it is kept only when something kept references it, or when the
subtree is the whole hierarchy.  A kept person who lives outside the subtree
keeps no household; a reference from a kept entity to a household outside it
is cleared (:mod:`partygraph.model.prune`).

Examples
--------
>>> from partygraph.model import Model, Division, Grid
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="a", name="东风社区", level="community", parent="c"),
...     Division(id="b", name="西风社区", level="community", parent="c")],
...     grids=[Grid(id="ga", name="东一网格", community="a"),
...            Grid(id="gb", name="西一网格", community="b")])
>>> [e.id for e in subtree(m, "a").entities()]
['c', 'a', 'ga']
>>> subtree(m, "c") == m
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from partygraph.errors import UnknownIdError
from partygraph.i18n import tr
from partygraph.model.base import Entity, ref_fields
from partygraph.model.entities import SECTIONS, Division
from partygraph.model.population import Array
from partygraph.model.prune import member, prune, referenced, references

if TYPE_CHECKING:
    from partygraph.model.model import Model

__all__ = ["subtree"]


def _under(model: Model, root: str) -> set[str]:
    """``root`` and the ids of every division under it."""
    children: dict[str, list[str]] = {}
    for d in model.divisions:
        if d.parent is not None:
            children.setdefault(d.parent, []).append(d.id)
    found, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _above(model: Model, root: str) -> list[str]:
    """The divisions above ``root``, nearest first."""
    parents = {d.id: d.parent for d in model.divisions}
    out: list[str] = []
    at = parents.get(root)
    while at is not None and at not in out and at != root:
        out.append(at)
        at = parents.get(at)
    return out


class _Places:
    """Whether each entity is placed under the subtree: ``True``, ``False``
    (placed elsewhere) or ``None`` (placed nowhere)."""

    def __init__(self, model: Model, divisions: set[str]) -> None:
        self.model = model
        self.divisions = divisions
        self.memo: dict[str, bool | None] = {}

    def of(self, entity_id: str) -> bool | None:
        if entity_id in self.memo:
            return self.memo[entity_id]
        self.memo[entity_id] = None  # a loop (refused by the loader) places nowhere
        try:
            entity = self.model.get(entity_id)
        except KeyError:
            return None
        self.memo[entity_id] = place = self._place(entity)
        return place

    def _place(self, entity: Entity) -> bool | None:
        if isinstance(entity, Division):
            return entity.id in self.divisions
        homes = [f for f in ref_fields(type(entity)) if f.nested is None and f.ref.home]
        for fallback in (False, True):
            for f in homes:
                if (f.ref.home == "fallback") != fallback:
                    continue
                value = getattr(entity, f.name)
                if f.many and value:
                    return all(self.of(v) is True for v in value)
                if not f.many and value is not None:
                    return self.of(value)
        return None


def _closure(model: Model, kept: set[str]) -> set[str]:
    """``kept`` and every structure entity it references, and so on."""
    todo = list(kept)
    while todo:
        more = {
            i
            for e in map(model.get, todo)
            for target, i in references(e)
            if target in SECTIONS and i not in kept
        }
        kept |= more
        todo = list(more)
    return kept


def _in(codes: Array, inside: Array) -> Array:
    """For codes into a section (``-1``: none), whether each is an inside entity."""
    if inside.shape[0] == 0:
        return np.zeros(codes.shape[0], dtype=bool)
    return (codes >= 0) & inside[np.maximum(codes, 0)]


def subtree(model: Model, division_id: str) -> Model:
    """The division ``division_id`` and everything under it (see the module).

    Raises
    ------
    partygraph.errors.UnknownIdError
        ``division_id`` is not a division of the model.
    """
    if not any(d.id == division_id for d in model.divisions):
        raise UnknownIdError(tr("model.not_a_division", scope=division_id), key=division_id)
    divisions = _under(model, division_id)
    whole = len(divisions) == len(model.divisions)
    if whole:
        return model.model_copy()
    places = _Places(model, divisions)
    inside = {e.id for e in model.entities() if places.of(e.id) is True}
    above = set(_above(model, division_id))
    kept = set(inside)
    kept |= {d.id for d in model.departments if d.division in above}
    kept |= {
        e.id
        for name, cls in SECTIONS.items()
        if not any(f.ref.home for f in ref_fields(cls) if f.nested is None)
        for e in model.section(name)
    }
    kept = _closure(model, kept)
    pop = model.population
    flags = {
        name: np.array([e.id in inside for e in model.section(name)], dtype=bool)
        for name in ("divisions", "party_orgs", "units")
    }
    hh = pop["households"]
    households = _in(hh["community"], flags["divisions"])
    persons = pop["persons"]
    home = persons["household"]
    people = _in(home, households)
    people |= _in(persons["org"], flags["party_orgs"]) | _in(persons["unit"], flags["units"])
    registered = pop["registrations"]
    at_inside = _in(registered["community"], flags["divisions"])
    people[registered["person"][at_inside]] = True
    named = referenced(model, "persons", [model.get(i) for i in kept])
    if named:
        people |= member(persons["id"], named)
    drop = {e.id for e in model.entities() if e.id not in kept}
    return prune(model, drop, rows={"households": households, "persons": people})
