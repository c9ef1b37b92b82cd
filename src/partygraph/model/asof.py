"""The model as it stood on a date: :meth:`partygraph.Model.as_of`.

An entity holds on a day when ``valid_from <= day <= valid_until`` (both ends
inclusive: a term written to end on 2023-06-30 still holds that day; a missing
end is open).  What the dates bound depends on what the entity is:

- most entities (divisions, units, compounds, grids, teams, places, service
  centres and their items, departments, reserve cadres ...) exist only within
  their dates: outside them they are taken out, and with them what cannot
  stand without them (:mod:`partygraph.model.prune`);
- for a *post* the dates are its holder's term (:data:`LAPSED`): before the
  term the post is not there yet; after it the post stays and is vacant — a
  captain's or a central household's ``person``, an organisation's
  ``secretary``, an expanded body's full-time and part-time members — so the
  ``post.*`` rules and ``expanded.part_time_member`` report it;
- a pairing's dates are its co-building agreement's: after them the pairing
  stays (the unit is still paired with its community) with its agreement
  lapsed, which ``pairing.agreement_in_force`` reports; an agreement signed
  after the day is not signed yet;
- within an entity: a part-time member ``since`` a later day is not a member
  yet, a meeting on a later day has not been held, a service item outside its
  dates is not offered;
- bulk rows: a registration dated after the day is not made yet; a central
  household's visit after the day has not happened, so the link keeps no
  visit date (what visits came before it the tables do not say).

A later form of an organisation (``upgraded_on`` after the day) is not undone:
the earlier form is not recorded.

Examples
--------
>>> import datetime as dt
>>> from partygraph.model import Model, Division, Captain, Place
>>> m = Model(divisions=[Division(id="c", name="示例社区", level="community"),
...     Division(id="n", name="新社区", level="community", valid_from=dt.date(2024, 1, 1))],
...     places=[Place(id="s", name="一巷", type="lane", community="c")],
...     captains=[Captain(id="k", name="一巷巷长", person="p1", scope="lane", place="s",
...         community="c", valid_until=dt.date(2023, 6, 30))])
>>> [d.id for d in as_of(m, dt.date(2023, 6, 30)).divisions]
['c']
>>> [as_of(m, dt.date(2023, 6, d)).captains[0].person for d in (29, 30)]
['p1', 'p1']
>>> as_of(m, dt.date(2023, 7, 1)).captains[0].person is None
True
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from partygraph.model.base import Entity
from partygraph.model.entities import (
    SECTIONS,
    Captain,
    CentralHousehold,
    ExpandedBody,
    Pairing,
    PartyOrg,
)
from partygraph.model.population import Population, TableData
from partygraph.model.prune import prune

if TYPE_CHECKING:
    from partygraph.model.model import Model

__all__ = ["LAPSED", "as_of", "holds"]

#: Posts: after its term the entity stays with these fields vacant (a pairing:
#: with its agreement lapsed, nothing changed).
LAPSED: dict[type[Entity], dict[str, Any]] = {
    Captain: {"person": None},
    CentralHousehold: {"person": None},
    PartyOrg: {"secretary": None},
    ExpandedBody: {"full_time_members": [], "part_time_members": []},
    Pairing: {},
}


def holds(entity: Entity, day: dt.date) -> bool:
    """Whether ``day`` is within the entity's dates (both ends inclusive).

    >>> from partygraph.model import Division
    >>> d = Division(id="c", name="示例市", level="city", valid_until=dt.date(2023, 6, 30))
    >>> holds(d, dt.date(2023, 6, 30)), holds(d, dt.date(2023, 7, 1))
    (True, False)
    """
    return (entity.valid_from is None or entity.valid_from <= day) and (
        entity.valid_until is None or day <= entity.valid_until
    )


def _within(entity: Entity, day: dt.date) -> dict[str, Any]:
    """What changes inside an entity that holds on ``day``."""
    fields = type(entity).model_fields
    update: dict[str, Any] = {}
    if "meetings" in fields:
        meetings = entity.meetings  # type: ignore[attr-defined]
        if any(m.date > day for m in meetings):
            update["meetings"] = [m for m in meetings if m.date <= day]
    if "part_time_members" in fields:
        members = entity.part_time_members  # type: ignore[attr-defined]
        if any(m.since is not None and m.since > day for m in members):
            update["part_time_members"] = [m for m in members if m.since is None or m.since <= day]
    if "items" in fields:
        items = entity.items  # type: ignore[attr-defined]
        if not all(holds(i, day) for i in items):
            update["items"] = [i for i in items if holds(i, day)]
    if "agreement_signed" in fields:
        signed = entity.agreement_signed  # type: ignore[attr-defined]
        if signed is not None and signed > day:
            update["agreement_signed"] = None
    return update


def _entity(entity: Entity, day: dt.date) -> Entity | None:
    """The entity on ``day``: itself, a changed copy, or ``None`` (not there)."""
    if entity.valid_from is not None and day < entity.valid_from:
        return None
    update = _within(entity, day)
    if entity.valid_until is not None and entity.valid_until < day:
        vacant = LAPSED.get(type(entity))
        if vacant is None:
            return None
        update.update(vacant)
    return entity.model_copy(update=update) if update else entity


def _tables(population: Population, day: dt.date) -> tuple[Population, dict[str, Any]]:
    """Visits after ``day`` forgotten; the rows of registrations made after it, to drop."""
    when = np.datetime64(day, "D")
    tables = dict(population.tables)
    links = tables["central_household_links"]
    later = links["last_visit"] > when  # NaT compares False
    if later.any():
        columns = {**links.columns, "last_visit": links["last_visit"].copy()}
        columns["last_visit"][later] = np.datetime64("NaT")
        tables[links.spec.name] = TableData(
            links.spec, columns, list(links.files), links.source, links.line
        )
    made = population["registrations"]["date"]
    rows = {} if not (made > when).any() else {"registrations": ~(made > when)}
    return Population(tables), rows


def as_of(model: Model, day: dt.date) -> Model:
    """``model`` as it stood on ``day`` (see the module for what that means);
    its ``snapshot`` is ``day``.  Entities and tables that do not change are
    shared with ``model``, not copied.

    Parameters
    ----------
    model
        The model, as loaded or built.
    day
        The date; a ``datetime`` is taken at its day.
    """
    day = day.date() if isinstance(day, dt.datetime) else day
    drop: set[str] = set()
    sections: dict[str, list[Entity]] = {}
    for name in SECTIONS:
        items: list[Entity] = []
        for entity in model.section(name):
            on = _entity(entity, day)
            if on is None:
                drop.add(entity.id)
            items.append(entity if on is None else on)
        sections[name] = items
    population, rows = _tables(model.population, day)
    base = model.model_copy(update=sections)
    return prune(base, drop, rows=rows, population=population, snapshot=day)
