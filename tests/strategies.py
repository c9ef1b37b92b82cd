"""Hypothesis strategies that build *valid* models.

Ids are drawn first and every reference is drawn from ids already made, so each
example passes both phases of loading: divisions form a tree city -> county ->
subdistrict -> community -> residents' group, party organisations and service
centres form trees, and every household lies in its community.  Bulk tables
are :class:`TableData` with the loader's dtypes (ids as ``str``, text as
``object``, references as ``int32`` codes, enums ``int8``, dates
``datetime64[D]``).  Invalid inputs are made by mutating a dumped valid model
(see ``test_properties.py``), not here.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
from hypothesis import strategies as st

from partygraph.model import (
    DUTIES,
    SERVICE_LEVELS,
    Captain,
    CentralHousehold,
    Compound,
    Department,
    Division,
    Entity,
    ExpandedBody,
    Grid,
    IssueCategory,
    Meeting,
    Model,
    Pairing,
    PartTimeMember,
    PartyOrg,
    Place,
    ReserveCadre,
    ServiceCentre,
    ServiceItem,
    Team,
    Unit,
    VolunteerTeam,
)
from partygraph.model.population import TABLES, Population, TableData

__all__ = ["models"]

T = TypeVar("T")
Draw = Callable[[st.SearchStrategy[Any]], Any]

#: Ids that YAML 1.1 would read as something else if written bare.
TRICKY_IDS = (
    "null",
    "true",
    "yes",
    "No",
    "on",
    "y",
    "1",
    "-1",
    "1.5",
    ".5",
    "1e3",
    "0x1f",
    "0o17",
    "1_000",
    "1:20",
    ".inf",
    ".nan",
    "2024-01-01",
    "-",
    "_",
    "a/b",
    "社区",
)
_ID_CHARS = st.sampled_from("abcxyz019_-.:/社区网格户")
#: Display text: Chinese, ASCII, YAML and CSV punctuation, and a few awkward spaces.
_TEXT_CHARS = st.sampled_from(
    "东风社区阳江市人民路abcXYZ 09:#-'\"&*!%@`|>,;{}[]?\t\u3000\u00a0\x85\u2028\U0001f3e0\x07\x00"
)
#: What a bulk table's text cell may hold.
_TABLE_CHARS = _TEXT_CHARS.filter(lambda c: c not in "\x85\x07\x00")
_DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def _literal(cls: type[Entity], field: str) -> tuple[str, ...]:
    """The values a ``Literal[...]`` field allows."""
    hint = typing.get_type_hints(cls)[field]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return tuple(typing.get_args(args[0]) if typing.get_origin(args[0]) else args)


class _Ids:
    """Hands out ids unique across the whole model (entities and table rows)."""

    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self.used: set[str] = set()

    def new(self) -> str:
        base = self.draw(
            st.one_of(st.sampled_from(TRICKY_IDS), st.text(_ID_CHARS, min_size=1, max_size=5))
        )
        ident, k = base, 0
        while ident in self.used:
            k += 1
            ident = f"{base}-{k}"
        self.used.add(ident)
        return ident


class _Builder:
    """Draws one model, section by section, keeping what later sections refer to."""

    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self.ids = _Ids(draw)
        self.persons: list[str] = []
        self.households: list[str] = []
        self.divisions: list[Division] = []

    # -- small values ---------------------------------------------------
    def name(self) -> str:
        text = self.draw(st.text(_TEXT_CHARS, min_size=1, max_size=12)).strip()
        return text or "名"

    def maybe(self, strategy: st.SearchStrategy[T]) -> T | None:
        value: T | None = self.draw(st.one_of(st.none(), strategy))
        return value

    def pick(self, items: Sequence[T]) -> T:
        value: T = self.draw(st.sampled_from(items))
        return value

    def maybe_pick(self, items: Sequence[T]) -> T | None:
        return self.maybe(st.sampled_from(items)) if items else None

    def some(self, items: Sequence[T], most: int = 3) -> list[T]:
        if not items:
            return []
        value: list[T] = self.draw(st.lists(st.sampled_from(items), max_size=most))
        return value

    def count(self, most: int) -> int:
        value: int = self.draw(st.integers(0, most))
        return value

    def common(self) -> dict[str, Any]:
        """Fields every entity has: id, name and an optional term and note."""
        start = self.maybe(_DATES)
        end = self.maybe(_DATES.filter(lambda d: start is None or d >= start))
        note = self.maybe(st.text(_TEXT_CHARS, max_size=10))
        fields = {"id": self.ids.new(), "name": self.name()}
        fields.update(
            {
                k: v
                for k, v in (("valid_from", start), ("valid_until", end), ("note", note))
                if v is not None
            }
        )
        return fields

    def level(self, level: str) -> list[str]:
        return [d.id for d in self.divisions if d.level == level]

    def person(self) -> str | None:
        return self.maybe_pick(self.persons)

    def meetings(self) -> list[Meeting]:
        return [
            Meeting(date=self.draw(_DATES), kind=self.maybe(st.text(_TEXT_CHARS, max_size=6)))
            for _ in range(self.count(2))
        ]

    # -- sections -------------------------------------------------------
    def make_divisions(self) -> list[Division]:
        for level, parent_level, most in (
            ("city", None, 1),
            ("county", "city", 2),
            ("subdistrict", "county", 2),
            ("community", "subdistrict", 3),
            ("residents_group", "community", 3),
        ):
            parents = self.level(parent_level) if parent_level else [None]
            for _ in range(1 if level == "city" else self.count(most) if parents else 0):
                self.divisions.append(
                    Division(
                        **self.common(),
                        level=level,
                        parent=self.pick(parents),
                        district=level == "county" and self.draw(st.booleans()),
                        model_community=level == "community" and self.draw(st.booleans()),
                    )
                )
        return self.divisions

    def make_units(self) -> list[Unit]:
        return [
            Unit(
                **self.common(),
                type=self.pick(_literal(Unit, "type")),
                division=self.maybe_pick([d.id for d in self.divisions]),
                municipal=self.draw(st.booleans()),
                members_full=self.maybe(st.integers(0, 200)),
                instructor=self.person(),
            )
            for _ in range(self.count(4))
        ]

    def make_compounds(self, units: list[str]) -> list[Compound]:
        communities = self.level("community")
        coords = st.floats(-1e6, 1e6, allow_nan=False)
        return [
            Compound(
                **self.common(),
                community=self.pick(communities),
                property_company=self.maybe_pick(units),
                owners_committee=self.maybe_pick(units),
                members_full=self.maybe(st.integers(0, 60)),
                instructor=self.person(),
                x=self.maybe(coords),
                y=self.maybe(coords),
            )
            for _ in range(self.count(3) if communities else 0)
        ]

    def make_grids(self) -> list[Grid]:
        grids = []
        for _ in range(self.count(3) if self.level("community") else 0):
            community = self.pick(self.level("community"))
            groups = [
                d.id
                for d in self.divisions
                if d.parent == community and d.level == "residents_group"
            ]
            grids.append(
                Grid(
                    **self.common(),
                    community=community,
                    residents_group=self.maybe_pick(groups),
                    leader=self.person(),
                )
            )
        return grids

    def make_party_orgs(self, anchors: dict[str, list[str]]) -> list[PartyOrg]:
        orgs: list[PartyOrg] = []
        for _ in range(self.count(4)):
            anchor = self.pick(["division", "compound", "unit", "grid", "none"])
            orgs.append(
                PartyOrg(
                    **self.common(),
                    form=self.pick(_literal(PartyOrg, "form")),
                    parent=self.maybe_pick([o.id for o in orgs]),
                    **({anchor: self.pick(anchors[anchor])} if anchors.get(anchor) else {}),
                    joint=self.draw(st.booleans()),
                    joint_units=self.some(anchors["unit"]),
                    members_full=self.maybe(st.integers(0, 150)),
                    members_probationary=self.maybe(st.integers(0, 10)),
                    committee_members=self.draw(st.integers(0, 9)),
                    secretary=self.person(),
                    upgraded_on=self.maybe(_DATES),
                )
            )
        return orgs

    def make_expanded_bodies(self, orgs: list[str], units: list[str]) -> list[ExpandedBody]:
        bodies = []
        for _ in range(self.count(2) if orgs else 0):
            form = self.pick(_literal(ExpandedBody, "form"))
            places = self.level("community" if form == "expanded_committee" else "subdistrict")
            if not places:
                continue
            members = [
                PartTimeMember(
                    person=self.pick(self.persons),
                    on_behalf_of=self.pick(units),
                    since=self.maybe(_DATES),
                )
                for _ in range(self.count(2) if self.persons and units else 0)
            ]
            bodies.append(
                ExpandedBody(
                    **self.common(),
                    form=form,
                    core=self.pick(orgs),
                    division=self.pick(places),
                    full_time_members=self.some(self.persons),
                    part_time_members=members,
                    meetings=self.meetings(),
                )
            )
        return bodies

    def make_teams(self, orgs: list[str], units: list[str], compounds: list[str]) -> list[Team]:
        communities = self.level("community")
        return [
            Team(
                **self.common(),
                type=self.pick(["1+3", "1+N"]),
                community=self.pick(communities),
                compound=self.maybe_pick(compounds),
                core=self.pick(orgs),
                members=self.some(units),
                routines=self.some(_literal(Team, "routines")),
                meetings=self.meetings(),
            )
            for _ in range(self.count(2) if orgs and communities else 0)
        ]

    def make_places(self) -> list[Place]:
        communities = self.level("community")
        return [
            Place(
                **self.common(),
                type=self.pick(["street", "lane", "building"]),
                community=self.pick(communities),
            )
            for _ in range(self.count(3) if communities else 0)
        ]

    def make_captains(self, places: list[Place]) -> list[Captain]:
        captains = []
        for _ in range(self.count(3) if places else 0):
            place = self.pick(places)
            captains.append(
                Captain(
                    **self.common(),
                    person=self.person(),
                    scope=place.type,
                    place=place.id,
                    community=place.community,
                    duties=self.some(DUTIES, 4),
                    drawn_from=self.maybe_pick(_literal(Captain, "drawn_from")),
                )
            )
        return captains

    def make_central_households(self, grids: list[str]) -> list[CentralHousehold]:
        communities = self.level("community")
        return [
            CentralHousehold(
                **self.common(),
                person=self.person(),
                household=self.maybe_pick(self.households),
                community=self.pick(communities),
                grid=self.maybe_pick(grids),
            )
            for _ in range(self.count(2) if communities else 0)
        ]

    def make_pairings(self, units: list[str]) -> list[Pairing]:
        words = st.lists(st.text(_TEXT_CHARS, min_size=1, max_size=6), max_size=3)
        communities = self.level("community")
        return [
            Pairing(
                **self.common(),
                unit=self.pick(units),
                community=self.pick(communities),
                resources=self.draw(words),
                projects=self.draw(words),
                needs=self.draw(words),
                agreement_signed=self.maybe(_DATES),
            )
            for _ in range(self.count(2) if units and communities else 0)
        ]

    def make_service_centres(self, compounds: list[str]) -> list[ServiceCentre]:
        where = {
            "district": self.level("county"),
            "subdistrict": self.level("subdistrict"),
            "community": self.level("community"),
            "area": self.level("community") + self.level("subdistrict"),
        }
        centres: list[ServiceCentre] = []
        for _ in range(self.count(4)):
            level = self.pick(SERVICE_LEVELS)
            if not (compounds if level == "compound" else where[level]):
                continue
            above = [
                c.id for c in centres if SERVICE_LEVELS.index(c.level) < SERVICE_LEVELS.index(level)
            ]
            items = [
                ServiceItem(
                    **self.common(),
                    responsible=self.person(),
                    category=self.maybe(st.text(_TEXT_CHARS, max_size=5)),
                )
                for _ in range(self.count(3))
            ]
            centres.append(
                ServiceCentre(
                    **self.common(),
                    level=level,
                    division=None if level == "compound" else self.pick(where[level]),
                    compound=self.pick(compounds) if level == "compound" else None,
                    parent=self.maybe_pick(above),
                    hours=self.maybe(st.text(_TEXT_CHARS, max_size=8)),
                    weekend_duty=self.draw(st.booleans()),
                    items=items,
                )
            )
        return centres

    def make_departments(self, categories: list[str]) -> list[Department]:
        departments = []
        for _ in range(self.count(2)):
            level = self.pick(["community", "subdistrict", "district"])
            places = self.level({"district": "county"}.get(level, level))
            if places:
                departments.append(
                    Department(
                        **self.common(),
                        level=level,
                        division=self.pick(places),
                        categories=self.some(categories),
                    )
                )
        return departments

    def make_volunteer_teams(self) -> list[VolunteerTeam]:
        communities = self.level("community")
        counts = st.integers(0, 5000)
        return [
            VolunteerTeam(
                **self.common(),
                community=self.pick(communities),
                members=self.maybe(counts),
                activities=self.maybe(counts),
                people_served=self.maybe(counts),
            )
            for _ in range(self.count(2) if communities else 0)
        ]

    def make_reserve_cadres(self) -> list[ReserveCadre]:
        communities = self.level("community")
        return [
            ReserveCadre(**self.common(), person=self.person(), community=self.pick(communities))
            for _ in range(self.count(2) if communities else 0)
        ]


# -- bulk tables --------------------------------------------------------------
def _codes(values: Sequence[str | None], ids: Sequence[str]) -> np.ndarray[Any, Any]:
    pos = {v: i for i, v in enumerate(ids)}
    return np.array([-1 if v is None else pos[v] for v in values], dtype=np.int32)


def _dates(values: Sequence[dt.date | None]) -> np.ndarray[Any, Any]:
    return np.array(["NaT" if v is None else v.isoformat() for v in values], dtype="datetime64[D]")


def _table(name: str, columns: dict[str, Any]) -> TableData:
    return TableData(TABLES[name], columns)


def _households(b: _Builder, model: dict[str, Any]) -> TableData:
    divisions = [d.id for d in model["divisions"]]
    rows = []
    for hid in b.households:
        community = b.pick(b.level("community"))
        groups = [
            d.id
            for d in model["divisions"]
            if d.parent == community and d.level == "residents_group"
        ]
        grids = [g.id for g in model["grids"] if g.community == community]
        compounds = [c.id for c in model["compounds"] if c.community == community]
        rows.append(
            (hid, community, b.maybe_pick(groups), b.maybe_pick(grids), b.maybe_pick(compounds))
        )
    return _table(
        "households",
        {
            "id": np.array([r[0] for r in rows], dtype=str),
            "community": _codes([r[1] for r in rows], divisions),
            "residents_group": _codes([r[2] for r in rows], divisions),
            "grid": _codes([r[3] for r in rows], [g.id for g in model["grids"]]),
            "compound": _codes([r[4] for r in rows], [c.id for c in model["compounds"]]),
            "size": np.array([b.draw(st.integers(-1, 9)) for _ in rows], dtype=np.int64),
        },
    )


def _persons(b: _Builder, model: dict[str, Any]) -> TableData:
    n = len(b.persons)
    # a table holds no control character but tab and line breaks (io/cells.py);
    # dump refuses one (tests/hostile/test_cells.py)
    names = st.text(_TABLE_CHARS | st.sampled_from("\r\n"), max_size=8)
    orgs = [o.id for o in model["party_orgs"]]
    units = [u.id for u in model["units"]]
    return _table(
        "persons",
        {
            "id": np.array(b.persons, dtype=str),
            "name": np.array([b.draw(names) for _ in range(n)], dtype=object),
            "household": _codes([b.maybe_pick(b.households) for _ in range(n)], b.households),
            "member": np.array([b.draw(st.integers(-1, 1)) for _ in range(n)], dtype=np.int8),
            "org": _codes([b.maybe_pick(orgs) for _ in range(n)], orgs),
            "unit": _codes([b.maybe_pick(units) for _ in range(n)], units),
            "in_service": np.array([b.draw(st.booleans()) for _ in range(n)], dtype=bool),
        },
    )


def _links(b: _Builder, model: dict[str, Any]) -> TableData:
    centrals = [c.id for c in model["central_households"]]
    n = b.count(6) if centrals and b.households else 0
    return _table(
        "central_household_links",
        {
            "central_household": _codes([b.pick(centrals) for _ in range(n)], centrals),
            "household": _codes([b.pick(b.households) for _ in range(n)], b.households),
            "last_visit": _dates([b.maybe(_DATES) for _ in range(n)]),
        },
    )


def _registrations(b: _Builder, model: dict[str, Any]) -> TableData:
    divisions = [d.id for d in model["divisions"]]
    units = [u.id for u in model["units"]]
    n = b.count(5) if b.persons and b.level("community") else 0
    return _table(
        "registrations",
        {
            "person": _codes([b.pick(b.persons) for _ in range(n)], b.persons),
            "community": _codes([b.pick(b.level("community")) for _ in range(n)], divisions),
            "basis": np.array([b.draw(st.integers(0, 1)) for _ in range(n)], dtype=np.int8),
            "unit": _codes([b.maybe_pick(units) for _ in range(n)], units),
            "date": _dates([b.maybe(_DATES) for _ in range(n)]),
        },
    )


@st.composite
def models(draw: Draw) -> Model:
    """A small valid model: at most about 40 entities and 60 table rows."""
    b = _Builder(draw)
    divisions = b.make_divisions()
    b.persons = [b.ids.new() for _ in range(b.count(12))]
    b.households = [b.ids.new() for _ in range(b.count(10) if b.level("community") else 0)]
    units = b.make_units()
    unit_ids = [u.id for u in units]
    compounds = b.make_compounds(unit_ids)
    grids = b.make_grids()
    anchors = {
        "division": [d.id for d in divisions],
        "compound": [c.id for c in compounds],
        "unit": unit_ids,
        "grid": [g.id for g in grids],
    }
    orgs = b.make_party_orgs(anchors)
    org_ids = [o.id for o in orgs]
    places = b.make_places()
    categories = [IssueCategory(**b.common()) for _ in range(b.count(2))]
    sections: dict[str, Any] = {
        "divisions": divisions,
        "units": units,
        "compounds": compounds,
        "party_orgs": orgs,
        "expanded_bodies": b.make_expanded_bodies(org_ids, unit_ids),
        "grids": grids,
        "teams": b.make_teams(org_ids, unit_ids, anchors["compound"]),
        "places": places,
        "captains": b.make_captains(places),
        "central_households": b.make_central_households(anchors["grid"]),
        "pairings": b.make_pairings(unit_ids),
        "service_centres": b.make_service_centres(anchors["compound"]),
        "issue_categories": categories,
        "departments": b.make_departments([c.id for c in categories]),
        "volunteer_teams": b.make_volunteer_teams(),
        "reserve_cadres": b.make_reserve_cadres(),
    }
    population = Population(
        {
            "households": _households(b, sections),
            "persons": _persons(b, sections),
            "central_household_links": _links(b, sections),
            "registrations": _registrations(b, sections),
        }
    )
    head = {
        "name": b.name(),
        "description": b.maybe(
            st.text(_TEXT_CHARS | st.sampled_from("\n"), min_size=1, max_size=20)
        ),
        "snapshot": b.maybe(_DATES),
    }
    return Model(**head, **sections, population=population)
