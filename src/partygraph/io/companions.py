"""Companion sections: nested records written as flat rows naming their parent.

``service_items``, ``part_time_members`` and ``meetings`` hold records that the
model nests in a service centre, an expanded body or a team.  In a file they
may be written as a flat table, one row a record, with a column naming the
parent (``centre``, ``body``, ``holder``); at load the rows are appended to
their parents' lists (after any records written nested), so the model itself
has no companion sections.  :func:`merge` does that and keeps where each row
was written, so later problems still point at the row.

Examples
--------
>>> c = COMPANIONS["service_items"]
>>> c.key, c.field, c.parents
('centre', 'items', ('service_centres',))
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

from pydantic import BaseModel

from partygraph.errors import ErrorItem, PartygraphError
from partygraph.i18n import language, tr
from partygraph.io.cells import shown
from partygraph.io.origins import Loc, Origin, Place, path_text
from partygraph.model import (
    SECTIONS,
    Entity,
    Id,
    Meeting,
    PartTimeMember,
    ServiceItem,
)
from partygraph.model.base import field_names
from partygraph.model.fieldsets import construct, shared_fields_set
from partygraph.progress import without_gc
from partygraph.vocabulary import KIND_LABELS, section_kind, section_noun

__all__ = ["COMPANIONS", "NESTED", "Companion", "Merge", "merge", "record"]


class _ServiceItemRow(ServiceItem):
    """A row of ``service_items``: a service item and the centre it belongs to."""

    centre: Id


class _PartTimeMemberRow(PartTimeMember):
    """A row of ``part_time_members``: a part-time member and the expanded body."""

    body: Id


class _MeetingRow(Meeting):
    """A row of ``meetings``: a meeting and the expanded body or team that held it."""

    holder: Id


@dataclass(frozen=True)
class Companion:
    """A companion section: flat rows, each naming its parent in ``key``,
    appended in row order to the parent's ``field`` list.

    ``row`` validates a row (the record's fields plus ``key``); ``record`` is
    the nested record class; ``parents`` the sections a parent may be in;
    ``wants`` names them in messages.
    """

    name: str
    key: str
    field: str
    row: type[BaseModel]
    record: type[BaseModel]
    parents: tuple[str, ...]
    wants: str


#: Companion section name -> how its rows are merged into their parents.
COMPANIONS: dict[str, Companion] = {
    c.name: c
    for c in (
        Companion(
            "service_items",
            "centre",
            "items",
            _ServiceItemRow,
            ServiceItem,
            ("service_centres",),
            "service centre",
        ),
        Companion(
            "part_time_members",
            "body",
            "part_time_members",
            _PartTimeMemberRow,
            PartTimeMember,
            ("expanded_bodies",),
            "expanded body",
        ),
        Companion(
            "meetings",
            "holder",
            "meetings",
            _MeetingRow,
            Meeting,
            ("expanded_bodies", "teams"),
            "expanded body or team",
        ),
    )
}
#: Section -> the companions that can hold its nested records.
NESTED: dict[str, tuple[Companion, ...]] = {
    section: tuple(c for c in COMPANIONS.values() if section in c.parents) for section in SECTIONS
}
assert all(c.field in SECTIONS[p].model_fields for c in COMPANIONS.values() for p in c.parents)
# A row's fields are its record's, in order, then the key (what record() leans on).
assert all(field_names(c.row) == (*field_names(c.record), c.key) for c in COMPANIONS.values())


def record(comp: Companion, row: BaseModel) -> BaseModel:
    """The nested record a validated companion row holds (already valid: not
    validated again)."""
    return _record(comp, row, {})


def _record(comp: Companion, row: BaseModel, sets: dict[int, set[str]]) -> BaseModel:
    """:func:`record`, with ``sets`` keeping the record's set of given fields
    for each row's (by identity: the rows' sets are shared and alive)."""
    values = row.__dict__.copy()  # the record's fields, in order, then the key
    del values[comp.key]
    # The raw set: reading model_fields_set would give the row a copy of its own.
    given = row.__pydantic_fields_set__
    nested = sets.get(id(given))
    if nested is None:
        nested = sets[id(given)] = shared_fields_set(given - {comp.key})
    return typing.cast(BaseModel, construct(comp.record, values, nested))


@dataclass(frozen=True, eq=False)
class _MergedOrigin:
    """The origin of an entity some of whose nested records came from companion
    rows: ``parts[field][j]`` is where record ``j`` of ``field`` was written."""

    base: Origin
    parts: dict[str, dict[int, Origin]]

    @property
    def index(self) -> int:
        return self.base.index

    def locate(self, loc: Loc, *, key: bool = False) -> Place:
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            origin = self.parts.get(loc[0], {}).get(loc[1])
            if origin is not None:
                return origin.locate(loc[2:], key=key)
        return self.base.locate(loc, key=key)


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeio' else 'a'} {kind}"


def _kind(section: str, entity: Entity) -> str:
    """What the entity is, in the current language (一个社区, a community)."""
    level = getattr(entity, "level", None)
    if language() == "zh":
        try:
            return KIND_LABELS[section_kind(section, level)]
        except PartygraphError:  # a level that is no level: said where it is written
            return section
    return _a(section_noun(section, level))


class Merge:
    """Companion rows appended to their parents, and how to name them again in
    the resolver's messages (``service_items[3]``, not the parent's list)."""

    def __init__(self) -> None:
        #: Each merged row: its companion, where it was written, and its
        #: parent's path and place in the parent's list.  Named only when an
        #: error is renamed (:attr:`names`): most loads have none to rename.
        self.merged: list[tuple[str, Origin, str, int, str, int]] = []
        self._names: dict[tuple[str, str], str | None] | None = None

    @property
    def names(self) -> dict[tuple[str, str], str | None]:
        """(parent's field path, file) -> the row's own path, e.g. service_items[3]
        (``None``: two rows of one file at one path, so neither is named)."""
        if self._names is None:
            names: dict[tuple[str, str], str | None] = {}
            for name, origin, section, index, field, j in self.merged:
                parent_path = path_text(section, index, (field, j))
                here = (parent_path, origin.locate(())[0] or "")
                own = path_text(name, origin.index, ())
                names[here] = own if names.get(here, own) == own else None
            self._names = names
        return self._names

    def rename(self, errors: Iterable[ErrorItem]) -> list[ErrorItem]:
        errors = list(errors)
        if not self.merged or not errors:
            return errors
        out = []
        for e in errors:
            m = _NESTED_PATH.fullmatch(e.field)
            name = self.names.get((m.group(1), e.file or "")) if m else None
            if m and name is not None:
                out.append(ErrorItem(e.file, e.line, e.column, name + m.group(2), e.message))
            else:
                out.append(e)
        return out


_NESTED_PATH = re.compile(
    r"(\w+\[\d+\]\.(?:"
    + "|".join(sorted({c.field for c in COMPANIONS.values()}))
    + r")\[\d+\])(.*)",
    re.S,
)


def merge(
    rows: Iterable[tuple[str, Sequence[BaseModel], Sequence[Origin]]],
    sections: dict[str, list[Entity]],
    origins: dict[str, list[Origin]],
    known: dict[str, set[str]],
    failed: set[str],
    errors: list[ErrorItem],
) -> Merge:
    """Append every validated companion row to its parent's list; the parent's
    origin then locates each merged record at its row.

    ``rows`` gives, companion by companion, its name, its valid rows and where
    each was written (a generator: each companion's rows can be freed once
    merged, the records appended being copies)."""
    with without_gc():
        return _merge(rows, sections, origins, known, failed, errors)


def _merge(
    rows: Iterable[tuple[str, Sequence[BaseModel], Sequence[Origin]]],
    sections: dict[str, list[Entity]],
    origins: dict[str, list[Origin]],
    known: dict[str, set[str]],
    failed: set[str],
    errors: list[ErrorItem],
) -> Merge:
    merged = Merge()
    owner: dict[str, tuple[str, int]] | None = None
    parts: dict[tuple[str, int], dict[str, dict[int, Origin]]] = {}
    for name, valid, row_origins in rows:
        if not valid:
            continue
        if owner is None:
            owner = _owners(sections)
        comp = COMPANIONS[name]
        sets: dict[int, set[str]] = {}  # for this companion's rows, alive till merged
        for row, origin in zip(valid, row_origins, strict=True):
            parent_id: str = row.__dict__[comp.key]
            found = owner.get(parent_id)
            if found is None or found[0] not in comp.parents:
                problem = _parent_problem(comp, parent_id, found, sections, known, failed)
                if problem is not None:
                    file, line, col = origin.locate((comp.key,))
                    field = path_text(name, origin.index, (comp.key,))
                    errors.append(ErrorItem(file, line, col, field, problem))
                continue
            section, i = found
            records: list[BaseModel] = sections[section][i].__dict__[comp.field]
            records.append(_record(comp, row, sets))
            j = len(records) - 1
            parts.setdefault((section, i), {}).setdefault(comp.field, {})[j] = origin
            merged.merged.append((name, origin, section, origins[section][i].index, comp.field, j))
    for (section, i), nested in parts.items():
        origins[section][i] = _MergedOrigin(origins[section][i], nested)
    return merged


def _owners(sections: dict[str, list[Entity]]) -> dict[str, tuple[str, int]]:
    """Each id's section and place, the first written winning: filled from the
    last entity of the last section back, each earlier one written over it
    (the pairs made by ``zip``, not one by one: 60,000 ids at 5M households)."""
    owner: dict[str, tuple[str, int]] = {}
    for section, items in reversed(sections.items()):
        ids = [entity.id for entity in items]
        places = zip(repeat(section, len(ids)), range(len(ids) - 1, -1, -1), strict=True)
        owner.update(zip(reversed(ids), places, strict=True))
    return owner


def _parent_problem(
    comp: Companion,
    parent_id: str,
    found: tuple[str, int] | None,
    sections: dict[str, list[Entity]],
    known: dict[str, set[str]],
    failed: set[str],
) -> str | None:
    """Why a companion row's parent id names no parent (``None``: said already)."""
    if any(p in failed for p in comp.parents):
        return None  # a file of the parents could not be read: reported
    wants = tr(f"load_tables.wants.{comp.name}")
    if found is None:
        if any(parent_id in known[p] for p in comp.parents):
            return None  # the parent failed its shape check: reported
        return tr(
            "load_tables.unknown_parent",
            id=shown(parent_id),
            wants=wants,
            section="、".join(comp.parents),
        )
    section, i = found
    kind = _kind(section, sections[section][i])
    return tr("load_tables.wrong_parent", id=shown(parent_id), kind=kind, wants=wants)
