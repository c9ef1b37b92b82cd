"""The typed model: every structure of party-building-led community governance.

Each *section* of a configuration file is a list of one entity type declared
here (see :data:`SECTIONS`).  Entities are small pydantic models with a stable
string ``id`` and a Chinese display ``name``; references to other entities are
plain id strings, checked in a second pass (:mod:`partygraph.io.resolve`).

Households, persons and their links can number millions.  They are *not*
pydantic objects: they live column by column in :class:`partygraph.model.population.Population`
and are loaded straight from CSV tables.

Examples
--------
>>> d = Division(id="c1", name="阳江市", level="city")
>>> d.level
'city'
>>> Division(id="x", name="某区", level="county", extra=1)
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Division
extra
  Extra inputs are not permitted ...
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, FiniteFloat

from partygraph.model.base import Entity, Id, RefTo, Strict
from partygraph.vocabulary import (
    DIVISION_LEVELS,
    DUTIES,
    ORG_FORMS,
    PARENT_LEVEL,
    SERVICE_LEVELS,
    DivisionLevel,
    DrawnFrom,
    Duty,
    ExpandedForm,
    OrgForm,
    PlaceType,
    Routine,
    ServiceLevel,
    TeamType,
    UnitType,
    WhistleLevel,
)

__all__ = [
    "DIVISION_LEVELS",
    "DUTIES",
    "ORG_FORMS",
    "PARENT_LEVEL",
    "SECTIONS",
    "SERVICE_LEVELS",
    "Captain",
    "CentralHousehold",
    "Compound",
    "Department",
    "Division",
    "ExpandedBody",
    "Grid",
    "IssueCategory",
    "Meeting",
    "Pairing",
    "PartTimeMember",
    "PartyOrg",
    "Place",
    "ReserveCadre",
    "ServiceCentre",
    "ServiceItem",
    "Team",
    "Unit",
    "VolunteerTeam",
]


class Division(Entity):
    """An administrative unit: city 市, county 县(市、区), subdistrict 街道,
    community 社区 or residents' group 居民小组.

    ``district`` marks a county-level unit that is an urban district 区 (it hosts
    district-level service centres and whistle responders).  ``model_community``
    marks a community rated a model community (示范社区, "六有" standard).
    """

    level: DivisionLevel
    parent: Annotated[Id, RefTo("divisions", "contains", reverse=True, home=True)] | None = None
    district: bool = False
    model_community: bool = False


class PartyOrg(Entity):
    """A party organisation 党组织 with its form and members.

    Anchors (at most one is usual): ``division`` (the community's or
    subdistrict's own organisation), ``compound`` (a compound branch 小区党支部),
    ``unit`` (a resident unit's organisation), ``grid`` (a grid branch 网格党支部).
    ``joint`` marks a joint branch 联合党支部 spanning several ``units``.
    Coverage counts an organisation under its anchor; one without (a joint
    branch) under the lowest common ancestor of its joint units' homes, else
    where its ``parent`` organisation is counted (``docs/coverage.md``).

    ``members_full`` / ``members_probationary`` are declared counts; where the
    persons table names this organisation, counts from the table are used.
    ``committee_members`` is the size of its elected committee (0: only a
    secretary).  ``approved_on`` is the day the higher organisation approved a
    form below its member threshold (a committee under 100 members, a general
    branch under 50): with it, the below-threshold rules do not fire.
    """

    form: OrgForm
    parent: Annotated[Id, RefTo("party_orgs", "leads", reverse=True, home="fallback")] | None = None
    division: Annotated[Id, RefTo("divisions", "covers", home=True)] | None = None
    compound: Annotated[Id, RefTo("compounds", "covers", home=True)] | None = None
    unit: Annotated[Id, RefTo("units", "covers", home=True)] | None = None
    grid: Annotated[Id, RefTo("grids", "covers", home=True)] | None = None
    joint: bool = False
    joint_units: list[Annotated[Id, RefTo("units", "covers", home=True)]] = Field(
        default_factory=list
    )
    members_full: int | None = Field(default=None, ge=0)
    members_probationary: int | None = Field(default=None, ge=0)
    committee_members: int = Field(default=0, ge=0)
    secretary: Annotated[Id, RefTo("persons", "held_by")] | None = None
    upgraded_on: dt.date | None = None
    approved_on: dt.date | None = None


class PartTimeMember(Strict):
    """A part-time member 兼职委员 of an expanded body, sitting on behalf of a resident unit."""

    person: Annotated[Id, RefTo("persons", "held_by")]
    on_behalf_of: Annotated[Id, RefTo("units", "on_behalf_of")]
    since: dt.date | None = None


class Meeting(Strict):
    """A meeting held (例会, 联席会议); ``kind`` is free text such as 工作例会."""

    date: dt.date
    kind: str | None = None


class ExpandedBody(Entity):
    """An expanded body: 大工委 (subdistrict) or 大党委 (community).

    It keeps the ``core`` organisation's full-time members 专职委员 and adds
    part-time members 兼职委员 who lead resident units' party organisations.
    """

    form: ExpandedForm
    core: Annotated[Id, RefTo("party_orgs", "expands")]
    division: Annotated[Id, RefTo("divisions", "covers", home=True)]
    full_time_members: list[Annotated[Id, RefTo("persons", "held_by")]] = Field(
        default_factory=list
    )
    part_time_members: list[PartTimeMember] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)


class Unit(Entity):
    """An organisation that is not a party organisation: a resident unit 驻区单位,
    a municipal unit 市直单位 (``municipal``), a residents' committee, an owners'
    committee, a property company, a police station, a school ...

    ``members_full`` counts its full party members (for the set-up rules);
    ``instructor`` is the party-building instructor or liaison 党建指导员
    assigned to it (work coverage).
    """

    type: UnitType
    division: Annotated[Id, RefTo("divisions", "contains", reverse=True, home=True)] | None = None
    municipal: bool = False
    members_full: int | None = Field(default=None, ge=0)
    instructor: Annotated[Id, RefTo("persons", "held_by")] | None = None


class Compound(Entity):
    """A residential compound 小区, with its property company and owners' committee."""

    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]
    property_company: Annotated[Id, RefTo("units", "managed_by")] | None = None
    owners_committee: Annotated[Id, RefTo("units", "owners_committee")] | None = None
    members_full: int | None = Field(default=None, ge=0)
    instructor: Annotated[Id, RefTo("persons", "held_by")] | None = None
    x: FiniteFloat | None = None  # NaN/inf: no place on a map, and not JSON
    y: FiniteFloat | None = None


class Grid(Entity):
    """A party-building grid cell 网格, led by a grid leader 网格长."""

    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]
    residents_group: (
        Annotated[Id, RefTo("divisions", "in_group", level="residents_group")] | None
    ) = None
    leader: Annotated[Id, RefTo("persons", "held_by")] | None = None


class Team(Entity):
    """A co-building team: "1+3" (party org + residents' committee, owners'
    committee, property company) or "1+N" (plus police, schools, hospitals...)."""

    type: TeamType
    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]
    compound: Annotated[Id, RefTo("compounds", "serves")] | None = None
    core: Annotated[Id, RefTo("party_orgs", "led_by")]
    members: list[Annotated[Id, RefTo("units", "includes")]] = Field(default_factory=list)
    routines: list[Routine] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)


class Place(Entity):
    """A street 街, lane 巷 or building 楼 listed in a community, for captains."""

    type: PlaceType
    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]


class Captain(Entity):
    """A street, lane or building captain 街长/巷长/楼长 with a patch and duties."""

    person: Annotated[Id, RefTo("persons", "held_by")] | None = None
    scope: PlaceType
    place: Annotated[Id, RefTo("places", "looks_after")]
    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]
    duties: list[Duty] = Field(default_factory=lambda: list(DUTIES))
    drawn_from: DrawnFrom | None = None


class CentralHousehold(Entity):
    """A party-member central household 党员中心户, linked to ordinary households
    (the links live in the ``central_household_links`` table)."""

    person: Annotated[Id, RefTo("persons", "held_by")] | None = None
    household: Annotated[Id, RefTo("households", "based_at")] | None = None
    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]
    grid: Annotated[Id, RefTo("grids", "in_grid")] | None = None


class Pairing(Entity):
    """A unit registration 单位双报到: a municipal unit paired with a community
    挂点社区, with the three lists 三清单 and a co-building agreement 共建协议."""

    unit: Annotated[Id, RefTo("units", "paired_unit")]
    community: Annotated[Id, RefTo("divisions", "paired_community", level="community", home=True)]
    resources: list[str] = Field(default_factory=list)
    projects: list[str] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list)
    agreement_signed: dt.date | None = None


class ServiceItem(Entity):
    """A high-frequency service item 高频服务项目 with its responsible person."""

    responsible: Annotated[Id, RefTo("persons", "held_by")] | None = None
    category: str | None = None


class ServiceCentre(Entity):
    """A party-mass service centre 党群服务中心 or compound station 党群服务站."""

    level: ServiceLevel
    division: Annotated[Id, RefTo("divisions", "contains", reverse=True, home=True)] | None = None
    compound: Annotated[Id, RefTo("compounds", "serves", home=True)] | None = None
    parent: Annotated[Id, RefTo("service_centres", "coordinates", reverse=True)] | None = None
    x: FiniteFloat | None = None  # NaN/inf: no place on a map, and not JSON
    y: FiniteFloat | None = None
    hours: str | None = None
    weekend_duty: bool = False
    items: list[ServiceItem] = Field(default_factory=list)


class IssueCategory(Entity):
    """A category of issue residents raise (for whistle routing 吹哨报到)."""


class Department(Entity):
    """A department that reports in when the whistle blows at ``level``."""

    level: WhistleLevel
    division: Annotated[Id, RefTo("divisions", "contains", reverse=True, home=True)]
    categories: list[Annotated[Id, RefTo("issue_categories", "handles")]] = Field(
        default_factory=list
    )


class VolunteerTeam(Entity):
    """A community volunteer team 志愿服务队 with its reported activity."""

    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]
    members: int | None = Field(default=None, ge=0)
    activities: int | None = Field(default=None, ge=0)
    people_served: int | None = Field(default=None, ge=0)


class ReserveCadre(Entity):
    """A member of the community reserve cadre pool 社区后备干部."""

    person: Annotated[Id, RefTo("persons", "held_by")] | None = None
    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]


#: Section name -> entity class, in the order a configuration is written and read.
SECTIONS: dict[str, type[Entity]] = {
    "divisions": Division,
    "units": Unit,
    "compounds": Compound,
    "party_orgs": PartyOrg,
    "expanded_bodies": ExpandedBody,
    "grids": Grid,
    "teams": Team,
    "places": Place,
    "captains": Captain,
    "central_households": CentralHousehold,
    "pairings": Pairing,
    "service_centres": ServiceCentre,
    "issue_categories": IssueCategory,
    "departments": Department,
    "volunteer_teams": VolunteerTeam,
    "reserve_cadres": ReserveCadre,
}
