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
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from partygraph.model.population import Population

if TYPE_CHECKING:
    from pathlib import Path

    import networkx as nx

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
    "Entity",
    "ExpandedBody",
    "Grid",
    "IssueCategory",
    "Meeting",
    "Model",
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

#: An id: letters (any script), digits and ``_ - . : /``; no spaces, 1-128 chars.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[\w.:/-]+$", min_length=1, max_length=128),
]


@dataclass(frozen=True)
class RefTo:
    """Field metadata: the field holds the id of an entity in ``target``.

    ``target`` is a section name (``divisions``, ``party_orgs`` ...) or a bulk
    table (``persons``, ``households``); ``level`` narrows a ``divisions``
    reference to one administrative level; ``relation`` names the graph edge
    the reference becomes (see ``docs/model.md``), drawn from the target to the
    holder when ``reverse`` is set (``contains``: parent -> child).  ``home``
    marks the field that places the holder in the administrative hierarchy
    (the first one set wins), for ancestor chains and per-level rollups.
    """

    target: str
    relation: str = "refers_to"
    level: str | None = None
    reverse: bool = False
    home: bool = False


#: A display name: non-empty, at most 200 characters.
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]

DivisionLevel = Literal["city", "county", "subdistrict", "community", "residents_group"]
#: Administrative levels, top down (四级联动 plus the residents' group 居民小组).
DIVISION_LEVELS: tuple[DivisionLevel, ...] = (
    "city",
    "county",
    "subdistrict",
    "community",
    "residents_group",
)
#: The level a division's parent must have (``None``: it has no parent).
PARENT_LEVEL: dict[str, str | None] = {
    "city": None,
    "county": "city",
    "subdistrict": "county",
    "community": "subdistrict",
    "residents_group": "community",
}

OrgForm = Literal["working_committee", "committee", "general_branch", "branch"]
ExpandedForm = Literal["expanded_working_committee", "expanded_committee"]
#: Party organisation forms (DOMAIN.md section 2).
ORG_FORMS: tuple[str, ...] = (
    "working_committee",
    "expanded_working_committee",
    "committee",
    "general_branch",
    "branch",
    "expanded_committee",
)

UnitType = Literal[
    "agency",  # 机关
    "soe",  # 国企
    "public_institution",  # 事业单位
    "finance",  # 金融
    "education",  # 教育
    "health",  # 卫生
    "police_station",  # 派出所
    "school",  # 学校
    "hospital",  # 医院
    "enterprise",  # 驻区企业
    "residents_committee",  # 居委会
    "owners_committee",  # 业主委员会
    "property_company",  # 物业服务公司
    "social_organisation",  # 社会组织
    "non_public",  # 非公企业 (两新)
    "other",
]

Duty = Literal["sanitation", "publicity", "patrol", "traffic"]
#: The four duties of street, lane and building captains (四包).
DUTIES: tuple[Duty, ...] = ("sanitation", "publicity", "patrol", "traffic")

ServiceLevel = Literal["district", "subdistrict", "community", "area", "compound"]
#: The five-level service-centre matrix (五级党群服务中心矩阵), top down.
SERVICE_LEVELS: tuple[ServiceLevel, ...] = (
    "district",
    "subdistrict",
    "community",
    "area",
    "compound",
)

WhistleLevel = Literal["community", "subdistrict", "district"]
Routine = Literal["work_meeting", "deliberation", "joint_consultation", "emergency_response"]


class _SharedFields(set[str]):
    """The set of fields given, shared by every record loaded with the same
    fields (see :func:`share_fields_set`)."""


_SHARED_FIELDS: dict[frozenset[str], _SharedFields] = {}


def share_fields_set(record: BaseModel) -> None:
    """Let ``record`` share its set of given fields with the other records
    that gave the same ones.

    pydantic keeps that set in every instance: 216 to 728 bytes, a third of
    what an entity weighs, and a province loads 2.5 million records.  A record
    assigned to later gets a set of its own first (:meth:`_Strict.__setattr__`).

    >>> a = Division(id="a", name="甲社区", level="community")
    >>> b = Division(id="b", name="乙社区", level="community")
    >>> share_fields_set(a); share_fields_set(b)
    >>> a.model_fields_set is b.model_fields_set
    True
    >>> a.parent = "b"
    >>> sorted(a.model_fields_set), sorted(b.model_fields_set)
    (['id', 'level', 'name', 'parent'], ['id', 'level', 'name'])
    """
    given = record.__pydantic_fields_set__
    key = frozenset(given)
    shared = _SHARED_FIELDS.get(key)
    if shared is None:
        shared = _SHARED_FIELDS[key] = _SharedFields(key)
    object.__setattr__(record, "__pydantic_fields_set__", shared)


class _Strict(BaseModel):
    """Base of every model class: unknown fields are errors, values are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self.__pydantic_fields_set__) is _SharedFields:  # copy before it changes
            object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        super().__setattr__(name, value)


class Entity(_Strict):
    """Anything with a stable id and a Chinese display name.

    ``valid_from`` / ``valid_until`` bound the entity's term (任期, agreement
    period); either may be omitted, but the end may not precede the start.
    """

    id: Id
    name: Name
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Entity:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(
                f"valid_until {self.valid_until} is before valid_from {self.valid_from}; "
                "swap them or correct the date"
            )
        return self


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

    ``members_full`` / ``members_probationary`` are declared counts; where the
    persons table names this organisation, counts from the table are used.
    ``committee_members`` is the size of its elected committee (0: only a
    secretary).
    """

    form: OrgForm
    parent: Annotated[Id, RefTo("party_orgs", "leads", reverse=True)] | None = None
    division: Annotated[Id, RefTo("divisions", "covers", home=True)] | None = None
    compound: Annotated[Id, RefTo("compounds", "covers", home=True)] | None = None
    unit: Annotated[Id, RefTo("units", "covers", home=True)] | None = None
    grid: Annotated[Id, RefTo("grids", "covers", home=True)] | None = None
    joint: bool = False
    joint_units: list[Annotated[Id, RefTo("units", "covers")]] = Field(default_factory=list)
    members_full: int | None = Field(default=None, ge=0)
    members_probationary: int | None = Field(default=None, ge=0)
    committee_members: int = Field(default=0, ge=0)
    secretary: Annotated[Id, RefTo("persons", "held_by")] | None = None
    upgraded_on: dt.date | None = None


class PartTimeMember(_Strict):
    """A part-time member 兼职委员 of an expanded body, sitting on behalf of a resident unit."""

    person: Annotated[Id, RefTo("persons", "held_by")]
    on_behalf_of: Annotated[Id, RefTo("units", "on_behalf_of")]
    since: dt.date | None = None


class Meeting(_Strict):
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
    x: float | None = None
    y: float | None = None


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

    type: Literal["1+3", "1+N"]
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

    type: Literal["street", "lane", "building"]
    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]


class Captain(Entity):
    """A street, lane or building captain 街长/巷长/楼长 with a patch and duties."""

    person: Annotated[Id, RefTo("persons", "held_by")] | None = None
    scope: Literal["street", "lane", "building"]
    place: Annotated[Id, RefTo("places", "looks_after")]
    community: Annotated[
        Id, RefTo("divisions", "contains", level="community", reverse=True, home=True)
    ]
    duties: list[Duty] = Field(default_factory=lambda: list(DUTIES))
    drawn_from: (
        Literal["party_member", "central_household", "deputy", "activist", "in_service"] | None
    ) = None


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
    x: float | None = None
    y: float | None = None
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


class Model(_Strict):
    """A whole model: the structure sections plus the bulk population tables.

    Build one with :func:`partygraph.load` from YAML, or in Python.  Section
    lists keep the order of the input; ids are unique across the whole model.

    Examples
    --------
    >>> m = Model(name="示例市", divisions=[Division(id="c", name="示例市", level="city")])
    >>> m.count("divisions")
    1
    >>> m.get("c").name
    '示例市'
    """

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    name: Name = "partygraph model"
    description: str | None = None
    snapshot: dt.date | None = None
    divisions: list[Division] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    compounds: list[Compound] = Field(default_factory=list)
    party_orgs: list[PartyOrg] = Field(default_factory=list)
    expanded_bodies: list[ExpandedBody] = Field(default_factory=list)
    grids: list[Grid] = Field(default_factory=list)
    teams: list[Team] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    captains: list[Captain] = Field(default_factory=list)
    central_households: list[CentralHousehold] = Field(default_factory=list)
    pairings: list[Pairing] = Field(default_factory=list)
    service_centres: list[ServiceCentre] = Field(default_factory=list)
    issue_categories: list[IssueCategory] = Field(default_factory=list)
    departments: list[Department] = Field(default_factory=list)
    volunteer_teams: list[VolunteerTeam] = Field(default_factory=list)
    reserve_cadres: list[ReserveCadre] = Field(default_factory=list)
    population: Population = Field(default_factory=Population.empty)

    _by_id: dict[str, Entity] | None = PrivateAttr(default=None)

    def section(self, name: str) -> list[Entity]:
        """The entity list of a section (see :data:`SECTIONS`)."""
        if name not in SECTIONS:
            raise KeyError(f"no section {name!r}; sections are {', '.join(SECTIONS)}")
        items: list[Entity] = getattr(self, name)
        return items

    def count(self, name: str) -> int:
        """Number of entities in a section, or of rows in a bulk table."""
        if name in SECTIONS:
            return len(self.section(name))
        return len(self.population[name])

    def entities(self) -> list[Entity]:
        """Every structure entity, section by section."""
        return [e for name in SECTIONS for e in self.section(name)]

    def get(self, entity_id: str) -> Entity:
        """The structure entity with this id (``KeyError`` if none)."""
        if self._by_id is None:
            self._by_id = {e.id: e for e in self.entities()}
        return self._by_id[entity_id]

    def to_networkx(self, *, population: bool | str = False) -> nx.MultiDiGraph:
        """The model as a typed ``networkx.MultiDiGraph``.

        Every node has ``kind`` and ``name``; every edge a ``relation``.  With
        ``population=True`` households and persons become nodes too; with a
        division id, only those under it.  See ``docs/model.md``.

        Examples
        --------
        >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
        ...     Division(id="k", name="示例区", level="county", parent="c")])
        >>> g = m.to_networkx()
        >>> g.nodes["k"]["kind"], list(g.edges(data="relation"))
        ('county', [('c', 'k', 'contains')])
        """
        from partygraph.graph import build_graph

        return build_graph(self, population=population)

    def dump(self, path: str | Path) -> None:
        """Write the model as YAML (bulk tables as CSV beside it); ``load`` reads it back.

        Examples
        --------
        >>> import tempfile, pathlib, partygraph
        >>> m = Model(name="示例市", divisions=[Division(id="c", name="示例市", level="city")])
        >>> with tempfile.TemporaryDirectory() as d:
        ...     m.dump(pathlib.Path(d) / "m.yaml")
        ...     partygraph.load(pathlib.Path(d) / "m.yaml") == m
        True
        """
        from partygraph.io.dump import dump

        dump(self, path)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        names = [n for n in type(self).model_fields if n != "population"]
        return all(getattr(self, n) == getattr(other, n) for n in names) and (
            self.population == other.population
        )

    __hash__ = None  # type: ignore[assignment]  # mutable container


@dataclass(frozen=True)
class RefField:
    """A reference field of an entity class, found by :func:`ref_fields`.

    ``nested`` names the list field holding nested records (``items``,
    ``part_time_members``) when the reference sits inside one of them.
    """

    name: str
    ref: RefTo
    many: bool
    nested: str | None = None
    nested_many: bool = False


def unwrap_type(tp: Any) -> tuple[Any, bool]:
    """Strip ``X | None`` and ``list[X]`` from a field's type; return (X, is_list).

    Examples
    --------
    >>> unwrap_type(list[int] | None)
    (<class 'int'>, True)
    """
    many = False
    while True:
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0]
        elif origin is list:
            many = True
            tp = typing.get_args(tp)[0]
        else:
            return tp, many


@cache
def ref_fields(cls: type[BaseModel]) -> tuple[RefField, ...]:
    """Every reference field of an entity class, nested records included.

    Examples
    --------
    >>> [(f.name, f.ref.target) for f in ref_fields(Grid)]
    [('community', 'divisions'), ('residents_group', 'divisions'), ('leader', 'persons')]
    >>> [(f.nested, f.name) for f in ref_fields(ServiceCentre)][-1]
    ('items', 'responsible')
    """
    found: list[RefField] = []
    hints = typing.get_type_hints(cls, include_extras=True)
    for name in cls.model_fields:
        tp, many = unwrap_type(hints[name])
        if typing.get_origin(tp) is Annotated:
            refs = [m for m in tp.__metadata__ if isinstance(m, RefTo)]
            if refs:
                found.append(RefField(name, refs[0], many))
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            found.extend(RefField(f.name, f.ref, f.many, name, many) for f in ref_fields(tp))
    return tuple(found)
