"""What a diff and a comparison return: plain data, so that they serialise to JSON as is.

:class:`ModelDiff` is what changed between two snapshots of a model
(:func:`partygraph.diff`); :class:`ReportDiff` what changed between the
reports of two checks (:func:`partygraph.compare`) and, for a what-if,
between a model and the same model changed (:func:`partygraph.what_if`).

Examples
--------
>>> d = ModelDiff(old=Snapshot(name="2022"), new=Snapshot(name="2023"))
>>> d.is_empty()
True
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CommunityCounts",
    "CountChange",
    "CoverageChange",
    "EntityChange",
    "EntityRef",
    "FieldChange",
    "FindingRef",
    "LinkChange",
    "ModelDiff",
    "Move",
    "ReportDiff",
    "SectionDiff",
    "Snapshot",
    "TableDiff",
]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Snapshot(_Data):
    """One side of a diff: the model's name and snapshot date."""

    name: str
    snapshot: str | None = None


class EntityRef(_Data):
    """An entity named in a diff: its id and display name."""

    id: str
    name: str


class FieldChange(_Data):
    """One field of an entity, before → after (JSON values; ``None``: not set)."""

    field: str
    before: Any = None
    after: Any = None


class EntityChange(_Data):
    """An entity in both snapshots whose fields differ."""

    id: str
    name: str
    changes: list[FieldChange]


class Move(_Data):
    """An entity placed elsewhere: a changed parent, community, division ..."""

    section: str
    id: str
    name: str
    field: str
    before: Any = None
    after: Any = None


class SectionDiff(_Data):
    """Entities of one section added, removed and changed (keyed by id)."""

    section: str
    before: int
    after: int
    added: list[EntityRef] = Field(default_factory=list)
    removed: list[EntityRef] = Field(default_factory=list)
    changed: list[EntityChange] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


class TableDiff(_Data):
    """Rows of one bulk table added, removed and changed.

    A table with ids (households, persons) is compared by id: ``changed``
    counts rows whose cells differ, ``columns`` how many differ in each
    column, ``moved`` how many rows changed their home (a household's
    community, a person's household).  A link table is compared by its
    edge (source, target): ``changed`` counts edges whose other cells differ.
    ``added_ids`` / ``removed_ids`` give a few examples.
    """

    table: str
    before: int
    after: int
    added: int = 0
    removed: int = 0
    changed: int = 0
    moved: int = 0
    columns: dict[str, int] = Field(default_factory=dict)
    added_ids: list[str] = Field(default_factory=list)
    removed_ids: list[str] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


class LinkChange(_Data):
    """Links (graph edges) of one relation before → after, with those added and removed."""

    relation: str
    before: int
    after: int
    added: int
    removed: int


class CountChange(_Data):
    """A count before → after."""

    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


class CommunityCounts(_Data):
    """Households, party members and registrations of one community, before → after."""

    id: str
    name: str
    households: CountChange
    members: CountChange
    registrations: CountChange

    def changed(self) -> bool:
        return any(c.before != c.after for c in (self.households, self.members, self.registrations))


class ModelDiff(_Data):
    """What changed from one snapshot of a model to another (see :func:`partygraph.diff`)."""

    old: Snapshot
    new: Snapshot
    scope: str | None = None
    sections: list[SectionDiff] = Field(default_factory=list)
    moves: list[Move] = Field(default_factory=list)
    links: list[LinkChange] = Field(default_factory=list)
    tables: list[TableDiff] = Field(default_factory=list)
    communities: list[CommunityCounts] = Field(default_factory=list)

    def is_empty(self) -> bool:
        """Whether nothing changed: no entity, row, link or community count."""
        return (
            all(s.is_empty() for s in self.sections)
            and all(t.is_empty() for t in self.tables)
            and all(lc.added == lc.removed == 0 for lc in self.links)
            and not any(c.changed() for c in self.communities)
        )

    def section(self, name: str) -> SectionDiff:
        """The diff of one section (``KeyError`` if it has none)."""
        for s in self.sections:
            if s.section == name:
                return s
        raise KeyError(name)

    def table(self, name: str) -> TableDiff:
        """The diff of one bulk table (``KeyError`` if it has none)."""
        for t in self.tables:
            if t.table == name:
                return t
        raise KeyError(name)


class CoverageChange(_Data):
    """Coverage of one rule under one administrative unit, before → after.

    ``points`` is the change in percentage points (``None`` when either side
    has nothing to count).
    """

    rule: str
    node: EntityRef
    level: str
    parent: str | None = None
    covered_before: int | None = None
    total_before: int | None = None
    covered_after: int | None = None
    total_after: int | None = None
    ratio_before: float | None = None
    ratio_after: float | None = None
    points: float | None = None


class FindingRef(_Data):
    """A finding keyed by rule and node, with its severity and sentence."""

    rule: str
    severity: str
    node: EntityRef
    kind: str
    message: str


class ReportDiff(_Data):
    """What changed between two reports (see :func:`partygraph.compare`).

    Findings are keyed by rule and node id: ``opened`` are in the new report
    only, ``closed`` in the old only, ``persisting`` (a count per severity) in
    both.  Candidates are keyed by action, node and rule.  ``titles`` names
    each rule for a reader (its coverage title, else its message).
    """

    old: Snapshot
    new: Snapshot
    counts_before: dict[str, int] = Field(default_factory=dict)
    counts_after: dict[str, int] = Field(default_factory=dict)
    titles: dict[str, str] = Field(default_factory=dict)
    headline: list[str] = Field(default_factory=list)
    coverage: list[CoverageChange] = Field(default_factory=list)
    opened: list[FindingRef] = Field(default_factory=list)
    closed: list[FindingRef] = Field(default_factory=list)
    persisting: dict[str, int] = Field(default_factory=dict)
    candidates_new: list[FindingRef] = Field(default_factory=list)
    candidates_resolved: list[FindingRef] = Field(default_factory=list)

    def opened_count(self, severity: str) -> int:
        """Findings of ``severity`` that are new."""
        return sum(1 for f in self.opened if f.severity == severity)

    def closed_count(self, severity: str) -> int:
        """Findings of ``severity`` that are gone."""
        return sum(1 for f in self.closed if f.severity == severity)

    def is_empty(self) -> bool:
        """Whether no finding opened or closed, no coverage moved and no candidate came or went."""
        return not (
            self.opened
            or self.closed
            or self.candidates_new
            or self.candidates_resolved
            or any(
                (c.covered_before, c.total_before) != (c.covered_after, c.total_after)
                for c in self.coverage
            )
        )
