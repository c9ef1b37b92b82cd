"""The town: everything drawn before the per-community pass, and the sections it fills.

The early stages each return one record (:class:`Geography`, :class:`Structure`,
...).  The per-community pass and the upper levels need most of them at once,
so they take a :class:`Town` holding them all, and append the model's
entities to its :class:`Sections`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from partygraph.model import (
    Captain,
    CentralHousehold,
    Department,
    ExpandedBody,
    Grid,
    Pairing,
    Place,
    ReserveCadre,
    ServiceCentre,
    Team,
    VolunteerTeam,
)
from partygraph.synthetic.divisions import Geography
from partygraph.synthetic.draws import Dice
from partygraph.synthetic.grids import Structure
from partygraph.synthetic.households import Households
from partygraph.synthetic.orgs import Orgs
from partygraph.synthetic.persons import Persons, Registrations
from partygraph.synthetic.presets import Plan
from partygraph.synthetic.quotas import Gaps, Quotas, Volunteering
from partygraph.synthetic.units import Units

__all__ = ["Sections", "Town"]


@dataclass
class Sections:
    """The model's sections, appended to community by community, then by the upper levels."""

    grids: list[Grid] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    captains: list[Captain] = field(default_factory=list)
    central_households: list[CentralHousehold] = field(default_factory=list)
    service_centres: list[ServiceCentre] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    volunteer_teams: list[VolunteerTeam] = field(default_factory=list)
    reserve_cadres: list[ReserveCadre] = field(default_factory=list)
    expanded_bodies: list[ExpandedBody] = field(default_factory=list)
    pairings: list[Pairing] = field(default_factory=list)
    # person row, grid and community of each central household, for the visits table
    ch_rows: list[int] = field(default_factory=list)
    ch_grid: list[int] = field(default_factory=list)
    ch_comm: list[int] = field(default_factory=list)


@dataclass
class Town:
    """The records of the early stages, in the order they are drawn, and the sections."""

    plan: Plan
    dice: Dice
    geo: Geography
    st: Structure
    hh: Households
    q: Quotas
    units: Units
    orgs: Orgs
    people: Persons
    regs: Registrations
    gaps: Gaps
    vols: Volunteering
    out: Sections = field(default_factory=Sections)
