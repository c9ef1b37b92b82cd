"""The whole model: every structure section plus the bulk population tables.

Examples
--------
>>> from partygraph.model.entities import Division
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
>>> m.count("divisions"), m.get("c").name
(1, '示例市')
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field, PrivateAttr

from partygraph.errors import UnknownIdError, UnknownNameError
from partygraph.i18n import tr
from partygraph.model.asof import as_of
from partygraph.model.base import Entity, Name, Strict
from partygraph.model.entities import (
    SECTIONS,
    Captain,
    CentralHousehold,
    Compound,
    Department,
    Division,
    ExpandedBody,
    Grid,
    IssueCategory,
    Pairing,
    PartyOrg,
    Place,
    ReserveCadre,
    ServiceCentre,
    Team,
    Unit,
    VolunteerTeam,
)
from partygraph.model.population import Population
from partygraph.model.subtree import subtree
from partygraph.vocabulary.space import CoordinateUnit, Crs

if TYPE_CHECKING:
    from pathlib import Path

    import networkx as nx
    import pandas as pd

__all__ = ["Coordinates", "Model", "Vocabulary"]


class Coordinates(Strict):
    """How the model's ``x`` / ``y`` are written: ``unit`` of a local plane
    (``m``, the default, or ``km``), or a geographic ``crs`` (``wgs84`` /
    ``gcj02``: ``x`` longitude, ``y`` latitude, in degrees).

    >>> Coordinates(unit="km").metres(2.5)
    2500.0
    """

    unit: CoordinateUnit = "m"
    crs: Crs = "local"

    def metres(self, value: float) -> float:
        """A distance on the local plane, in metres."""
        return value * (1000.0 if self.unit == "km" else 1.0)


class Vocabulary(Strict):
    """The model's own words: ``synonyms``, groups of items of the three lists
    that name the same thing (the first names the group), used beside the
    built-in groups when needs are matched with resources (docs/matching.md).

    >>> Vocabulary(synonyms=[["助餐", "老年助餐"]]).synonyms
    [['助餐', '老年助餐']]
    """

    synonyms: list[list[str]] = Field(default_factory=list)


class Model(Strict):
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
    coordinates: Coordinates = Field(default_factory=Coordinates)
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
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

    #: Where each id was found: ``index * len(SECTIONS) + section number``,
    #: one int per entity (see :meth:`get`).
    _by_id: dict[str, int] | None = PrivateAttr(default=None)
    _section_names: typing.ClassVar[tuple[str, ...]] = tuple(SECTIONS)

    def section(self, name: str) -> list[Entity]:
        """The entity list of a section (see :data:`SECTIONS`).

        Examples
        --------
        >>> Model().section("grid")
        Traceback (most recent call last):
        ...
        partygraph.errors.UnknownNameError: 没有名为 ‘grid’ 的部分；部分有：divisions, units, ...
        """
        if name not in SECTIONS:
            raise UnknownNameError(
                tr("model.no_section", name=name, sections=", ".join(SECTIONS)),
                key=name,
                choices=SECTIONS,
            )
        items: list[Entity] = getattr(self, name)
        return items

    def count(self, name: str) -> int:
        """Number of entities in a section, or of rows in a bulk table.

        Examples
        --------
        >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
        >>> m.count("divisions"), m.count("persons")
        (1, 0)
        >>> m.count("people")
        Traceback (most recent call last):
        ...
        partygraph.errors.UnknownNameError: 没有名为 ‘people’ 的部分或表可以计数；部分有：...
        """
        if name in SECTIONS:
            return len(self.section(name))
        if name in self.population.tables:
            return len(self.population[name])
        tables = list(self.population.tables)
        raise UnknownNameError(
            tr(
                "model.nothing_to_count",
                name=name,
                sections=", ".join(SECTIONS),
                tables=", ".join(tables),
            ),
            key=name,
            choices=[*SECTIONS, *tables],
        )

    def entities(self) -> list[Entity]:
        """Every structure entity, section by section."""
        return [e for name in SECTIONS for e in self.section(name)]

    def get(self, entity_id: str) -> Entity:
        """The structure entity with this id.

        The answer follows every change to the section lists (append, remove,
        replace, a new list): a cached place is checked before it is trusted,
        and an id not found there is looked for in the whole model once more.
        So an id not in the model costs one pass over it.

        Raises
        ------
        partygraph.errors.UnknownIdError
            No structure entity has this id (it is a ``KeyError`` too).

        Examples
        --------
        >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
        >>> m.get("c").name
        '示例市'
        >>> m.divisions.append(Division(id="k", name="示例区", level="county", parent="c"))
        >>> m.get("k").name
        '示例区'
        >>> m.get("x")
        Traceback (most recent call last):
        ...
        partygraph.errors.UnknownIdError: 没有编号为 ‘x’ 的结构实体；模型有 2 个结构实体...
        """
        found = self._cached(entity_id, self._by_id)
        if found is None:
            self._by_id = places = self._places()
            found = self._cached(entity_id, places)
        if found is None:
            raise UnknownIdError(self._unknown_id(entity_id), key=entity_id)
        return found

    def _places(self) -> dict[str, int]:
        """Where each id is now (the last of equal ids, as a dict of them would keep)."""
        n = len(self._section_names)
        return {
            e.id: i * n + s
            for s, name in enumerate(self._section_names)
            for i, e in enumerate(getattr(self, name))
        }

    def _cached(self, entity_id: str, places: dict[str, int] | None) -> Entity | None:
        """The entity at the place of ``entity_id`` in ``places``, if it still has that id."""
        place = None if places is None else places.get(entity_id)
        if place is None:
            return None
        index, section = divmod(place, len(self._section_names))
        items: list[Entity] = getattr(self, self._section_names[section])
        if index < len(items) and items[index].id == entity_id:
            return items[index]
        return None

    def _unknown_id(self, entity_id: str) -> str:
        """Why ``entity_id`` is not an entity, and where ids are."""
        base = tr("model.no_entity", id=entity_id)
        for table in self.population.tables.values():
            if (
                table.spec.has_ids
                and isinstance(entity_id, str)
                and (table["id"] == entity_id).any()
            ):
                return tr("model.a_row", base=base, table=table.spec.name)
        sections = [name for name in SECTIONS if self.section(name)]
        if not sections:
            return tr("model.none", base=base)
        counts = ", ".join(f"{name} {len(self.section(name))}" for name in sections)
        return tr("model.has", base=base, count=len(self.entities()), counts=counts)

    def as_of(self, day: dt.date) -> Model:
        """The model as it stood on ``day``: entities outside their dates taken
        out, posts whose holder's term has ended vacant, later meetings, visits
        and registrations not yet there; it validates, and its ``snapshot`` is
        ``day``.  See :mod:`partygraph.model.asof` and ``docs/time.md``.

        Examples
        --------
        >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
        ...     Division(id="k", name="新区", level="county", parent="c",
        ...              valid_from=dt.date(2024, 1, 1))])
        >>> [d.id for d in m.as_of(dt.date(2023, 6, 30)).divisions]
        ['c']
        """
        return as_of(self, day)

    def subtree(self, division_id: str) -> Model:
        """The division ``division_id``, everything under it and what that
        references (the divisions above it, municipal units, parent
        organisations, persons ...), as a model that validates.  See
        :mod:`partygraph.model.subtree` and ``docs/time.md``.

        Examples
        --------
        >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
        ...     Division(id="k", name="示例区", level="county", parent="c"),
        ...     Division(id="j", name="另一区", level="county", parent="c")])
        >>> [d.id for d in m.subtree("k").divisions]
        ['c', 'k']
        """
        return subtree(self, division_id)

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

    def to_pandas(self, section: str) -> pd.DataFrame:
        """A section (``"grids"``, ``"party_orgs"`` ...) or a bulk table
        (``"households"``, ``"persons"`` ...) as a pandas DataFrame, a row an
        entity; needs the ``pandas`` extra.  See ``docs/notebook.md``.

        Examples
        --------
        >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
        >>> m.to_pandas("divisions")[["id", "name", "level"]].values.tolist()
        [['c', '示例市', 'city']]
        """
        from partygraph.report.model_frames import model_frame

        return model_frame(self, section)

    def __repr__(self) -> str:
        """One line of key counts (the fields would be megabytes)."""
        from partygraph.report.reprs import model_repr

        return model_repr(self)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """What a notebook shows: key figures and counts as small tables."""
        from partygraph.report.notebook import model_html

        return model_html(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        names = [n for n in type(self).model_fields if n != "population"]
        return all(getattr(self, n) == getattr(other, n) for n in names) and (
            self.population == other.population
        )

    __hash__ = None  # type: ignore[assignment]  # mutable container
