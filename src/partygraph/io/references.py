"""The references between structure entities: what only the whole model can tell.

(Over 400 lines: column and per-cell checks and each check's sentence read one index of ids.)

Ids are unique across the model; every reference points at an entity of the
right section and level (a grid's ``community`` is a community); hierarchies
(divisions, party organisations, service centres) have no cycles; and a few
rules per section hold (the parent of a subdistrict is a county, a community
service centre sits in a community).  :class:`Structure` runs these checks for
a loaded model (:mod:`partygraph.io.resolve`) and for one built in Python
(:func:`partygraph.validate`); each problem is reported at its entity's
:class:`~partygraph.io.origins.Origin`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Container, Iterator, Mapping
from functools import cache
from itertools import chain, compress, repeat
from operator import attrgetter
from typing import Any

from pydantic import BaseModel

from partygraph.errors import ErrorItem
from partygraph.i18n import language, tr
from partygraph.io import unresolved
from partygraph.io.origins import Loc, Origin, path_text
from partygraph.model import (
    DIVISION_LEVELS,
    PARENT_LEVEL,
    SECTIONS,
    SERVICE_LEVELS,
    Entity,
    RefField,
    field_hints,
    ref_fields,
    unwrap_type,
)
from partygraph.model.population import TABLES
from partygraph.vocabulary.terms import (
    DIVISION_LEVEL_LABELS,
    ORG_FORM_LABELS,
    SERVICE_LEVEL_LABELS,
    WHISTLE_LEVEL_LABELS,
)

__all__ = ["Structure", "Where", "references", "term"]

#: Unknown references given a "did you mean" (a fuzzy match over the ids of a
#: section costs milliseconds; past this many the rest are plain).
HINTS = 20


def term(code: str | None, labels: Mapping[Any, str] = DIVISION_LEVEL_LABELS) -> str:
    """A code in a message: its Chinese term in Chinese (社区), the code in English.

    Examples
    --------
    >>> term("community")
    '社区'
    """
    if code is None:
        return "?"
    return labels.get(code, code) if language() == "zh" else code


class Where(tuple[str, int, Entity, str | None]):
    """Who holds an id: entity ``position`` of ``section`` (a record nested in
    it, such as a service item, when ``nested`` names the list).

    A tuple ``(section, position, entity, nested)``, made only when asked for
    (:meth:`Structure.holder`).

    >>> Where(("service_centres", 3, None, "items")).kind()
    'service_centres.items'
    """

    __slots__ = ()

    @property
    def section(self) -> str:
        return self[0]

    @property
    def position(self) -> int:
        """The entity's position in its section."""
        return self[1]

    @property
    def entity(self) -> Entity:
        return self[2]

    @property
    def nested(self) -> str | None:
        return self[3]

    def kind(self) -> str:
        section, _, _, nested = self
        return f"{section}.{nested}" if nested else section


class Structure:
    """The reference checks of the structure sections; problems go to :attr:`errors`.

    ``known`` lists the ids written per section whose entity failed its shape
    check (references to them are not reported again); ``failed`` names
    sections and tables a file of which could not be read (references into
    them are not checked: every one would look dangling).  References into a
    bulk table are checked against :attr:`table_ids`, filled in by whoever
    resolves the tables before :meth:`check_refs` runs.
    """

    def __init__(
        self,
        sections: dict[str, list[Entity]],
        origins: dict[str, list[Origin]],
        known: dict[str, set[str]],
        failed: frozenset[str],
    ) -> None:
        self.sections = sections
        self.origins = origins
        self.known = known
        self.failed = failed
        self.errors: list[ErrorItem] = []
        #: Every id claimed, and who holds it as a code (:meth:`holder`):
        #: ``position * S + section`` for an entity, a negative code for a
        #: nested record.  Integers, which the garbage collector does not
        #: track: a province claims 110,000 ids, and as many objects made here
        #: cost a full collection (0.13 s at 5 million households).
        self.ids: dict[str, int] = {}
        self._sections = list(sections)
        self._stride = len(self._sections)
        self._span = 1 + max((len(items) for items in sections.values()), default=0)
        self._nested_names: list[str] = []
        self.positions: dict[str, dict[str, int]] = {name: {} for name in SECTIONS}
        self.table_ids: Mapping[str, Collection[str]] = {}
        self._names: dict[str, dict[str, list[int]]] | None = None
        #: Rows of a bulk table whose ``name`` is the one given, as (id, place);
        #: set by whoever resolves the tables (a name where a person's id belongs).
        self.table_names: Callable[[str, str], list[tuple[str, str]]] | None = None
        self._hints = 0
        #: Per (section, level), the ids a reference may hold (:meth:`_good_ids`).
        self._good: dict[tuple[str, str | None], Collection[str]] = {}
        #: Sections whose ids were claimed at once: each its own entity's.
        self._whole: set[str] = set()

    # -- reporting -------------------------------------------------------
    def report(
        self, section: str, index: int, loc: Loc, message: str, *, key: bool = False
    ) -> None:
        origin = self.origins[section][index]
        file, line, col = origin.locate(loc, key=key)
        field = path_text(section, origin.index, loc)
        self.errors.append(ErrorItem(file, line, col, field, message))

    def where_text(self, section: str, index: int) -> str:
        """Where an entity was written: ``file:line``, or its place in the model."""
        origin = self.origins[section][index]
        file, line, _ = origin.locate(())
        return path_text(section, origin.index, ()) if file is None else f"{file}:{line}"

    # -- ids -------------------------------------------------------------
    def index_ids(self) -> None:
        for number, (section, items) in enumerate(self.sections.items()):
            claims = self._claims(number, items)
            if claims is None or not self.ids.keys().isdisjoint(claims[0]):
                self._index_each(section, items)
                continue
            # No id twice (the usual section): every id is claimed at once, as
            # the loop of _index_each would claim them.
            ids, codes = claims
            self._whole.add(section)
            # (the entities' own ids come first: zip stops at the last of them)
            self.positions[section].update(zip(ids, range(len(items)), strict=False))
            self.ids.update(zip(ids, codes, strict=True))

    def _claims(self, number: int, items: list[Entity]) -> tuple[list[str], list[int]] | None:
        """The ids of a section's entities then of their nested records, and
        the code of each's holder, or ``None`` when an id is there twice (or
        the entities are of several classes): then they are claimed one by one."""
        ids = list(map(_ID, items))
        codes = list(range(number, self._stride * len(items), self._stride))
        classes = set(map(type, items))
        if len(classes) > 1:
            return None
        for name in _list_fields(classes.pop()) if classes else ():
            for i, value in enumerate(map(attrgetter(name), items)):
                if isinstance(value, list) and value and isinstance(value[0], Entity):
                    ids += map(_ID, value)
                    first = self._code(number, i, name, 0)
                    step = self._code(number, i, name, 1) - first
                    codes += range(first, first + step * len(value), step)
        return (ids, codes) if len(set(ids)) == len(ids) else None

    def _index_each(self, section: str, items: list[Entity]) -> None:
        """The ids of one section claimed one by one: the first of two equal
        ids keeps it, the second is reported."""
        number = self._sections.index(section)
        for i, entity in enumerate(items):
            self._claim(section, i, entity.id, i * self._stride + number, ("id",))
            self.positions[section].setdefault(entity.id, i)
            for name, nested in _nested_entities(entity):
                for j, item in enumerate(nested):
                    code = self._code(number, i, name, j)
                    self._claim(section, i, item.id, code, (name, j, "id"))

    def _code(self, number: int, position: int, name: str, j: int) -> int:
        """The code of record ``j`` of list ``name`` of an entity (negative)."""
        if name not in self._nested_names:
            self._nested_names.append(name)
        kind = self._nested_names.index(name)
        assert kind < _KINDS
        return -1 - (((j * _KINDS + kind) * self._span + position) * self._stride + number)

    def holder(self, entity_id: str) -> Where | None:
        """Who holds ``entity_id`` (``None``: no one)."""
        code = self.ids.get(entity_id)
        if code is None:
            return None
        if code >= 0:
            position, number = divmod(code, self._stride)
            section = self._sections[number]
            return Where((section, position, self.sections[section][position], None))
        rest, number = divmod(-1 - code, self._stride)
        rest, position = divmod(rest, self._span)
        j, kind = divmod(rest, _KINDS)
        section, name = self._sections[number], self._nested_names[kind]
        item = getattr(self.sections[section][position], name)[j]
        return Where((section, position, item, name))

    def _claim(self, section: str, i: int, entity_id: str, code: int, loc: Loc) -> None:
        first = self.holder(entity_id)
        if first is not None:
            self.report(
                section,
                i,
                loc,
                tr(
                    "load_model.duplicate_id",
                    id=entity_id,
                    where=self.where_text(first.section, first.position),
                    kind=first.kind(),
                ),
            )
            return
        self.ids[entity_id] = code

    def invalid(self, section: str, entity_id: str) -> bool:
        """The id was written in ``section`` but its entity failed its shape check."""
        return entity_id not in self.ids and entity_id in self.known.get(section, ())

    def level_of(self, division_id: str | None) -> str | None:
        """The level of a division (``None``: not the id of a division)."""
        return self._level(division_id, "divisions")

    def centre_level(self, centre_id: str | None) -> str | None:
        """The level of a service centre (``None``: not the id of a centre)."""
        return self._level(centre_id, "service_centres")

    def _level(self, entity_id: str | None, section: str) -> str | None:
        code = self.ids.get(entity_id or "")
        if code is None or code < 0:
            return None
        position, number = divmod(code, self._stride)
        if self._sections[number] != section:
            return None
        return str(getattr(self.sections[section][position], "level"))  # noqa: B009

    # -- references ------------------------------------------------------
    def check_refs(self) -> None:
        """Every reference of the structure, checked a column at a time: the
        entities with a reference that may be wrong are then checked one by
        one (:meth:`_check_ref`), in order, so each message is said as before."""
        self._good.clear()
        for section, items in self.sections.items():
            fields = ref_fields(SECTIONS[section])
            suspects = self._suspects(section, items, fields)
            rules = section in _SEMANTIC
            for i in range(len(items)) if rules else sorted(suspects):
                entity = items[i]
                if i in suspects:
                    for ref, loc, target_id in references(entity, fields):
                        self._check_ref(section, i, entity, ref, loc, target_id)
                if rules:
                    self._check_semantics(section, i, entity)

    def _suspects(
        self, section: str, items: list[Entity], fields: tuple[RefField, ...]
    ) -> set[int]:
        """The entities of ``section`` one of whose references is not to an
        entity of the right section and level (or to itself): only these can
        have a problem :meth:`_check_ref` would report."""
        out: set[int] = set()
        own: list[str] | None = None
        for ref in fields:
            target = ref.ref.target
            if target in self.failed:
                continue
            values, owners = _cells(items, ref)
            if ref.many:
                given = set(chain.from_iterable(v for v in values if v))
            else:
                given = set(values)
                given.discard(None)
            missing = given.difference(self._good_ids(target, ref.ref.level))
            rows: list[int] = []
            if missing:
                rows = [
                    k
                    for k, v in enumerate(values)
                    if v is not None and _any_in(v, missing, ref.many)
                ]
            if target == section:  # one that names its own entity
                own = list(map(_ID, items)) if own is None else own
                mine = own if owners is None else [own[o] for o in owners]
                rows += [
                    k
                    for k, (v, me) in enumerate(zip(values, mine, strict=True))
                    if v is not None and _any_in(v, (me,), ref.many)
                ]
            out.update(rows if owners is None else (owners[k] for k in rows))
        return out

    def table_refs(self) -> dict[str, set[str]]:
        """Per bulk table, every id the structure refers to in it (what
        :meth:`check_refs` will ask of :attr:`table_ids`)."""
        wanted: dict[str, set[str]] = {t: set() for t in TABLES}
        for section, items in self.sections.items():
            for ref in ref_fields(SECTIONS[section]):
                if ref.ref.target not in TABLES:
                    continue
                values, _ = _cells(items, ref)
                found = wanted[ref.ref.target]
                found.update(chain.from_iterable(v for v in values if v) if ref.many else values)
                found.discard(None)  # a value not given
        return wanted

    def _good_ids(self, target: str, level: str | None) -> Collection[str]:
        """The ids a reference into ``target`` (at ``level``) may hold without a
        problem: an entity of that section and level, or a row of that table."""
        if target in TABLES:
            return self.table_ids.get(target, ())
        good = self._good.get((target, level))
        if good is None and target in self._whole:
            # Every id of the section is its entity's: those of ``level``.
            index = self.positions[target]
            if level is not None:
                levels = [getattr(e, "level", None) for e in self.sections[target]]
                index = dict.fromkeys(compress(index, map(level.__eq__, levels)), 0)
            good = self._good[(target, level)] = index  # a dict: set.difference hashes into it
        if good is None:
            # An id held by the entity of ``target`` it is the id of (not a
            # nested record, nor an entity of another section), of ``level``.
            if target not in self.sections:
                return ()
            number, stride, items = (
                self._sections.index(target),
                self._stride,
                self.sections[target],
            )
            good = {
                v
                for v, k in self.positions[target].items()
                if self.ids.get(v) == k * stride + number
                and (level is None or getattr(items[k], "level", None) == level)
            }
            self._good[(target, level)] = good
        return good

    def _check_ref(
        self, section: str, i: int, entity: Entity, ref: RefField, loc: Loc, target_id: str
    ) -> None:
        target = ref.ref.target
        if target in self.failed:
            return  # its file could not be read: already reported
        if target in TABLES:
            if target_id not in self.table_ids.get(target, ()):
                self.report(section, i, loc, self.unknown_row(target, target_id))
            return
        if self.invalid(target, target_id):
            return  # already reported in phase one
        found = self.holder(target_id)
        if found is None or found.kind() != target:
            self.report(section, i, loc, self.unknown(target, target_id, ref.ref.level, found))
            return
        if found.entity is entity:
            self.report(section, i, loc, tr("load_model.self_reference", id=entity.id))
            return
        want = ref.ref.level
        if want is None:
            return
        level = getattr(found.entity, "level", None)
        if level != want:
            self.report(
                section,
                i,
                loc,
                tr(
                    "load_model.wrong_level",
                    id=target_id,
                    have=term(level),
                    field=ref.name,
                    want=term(want),
                ),
            )

    # -- names where ids belong ----------------------------------------------
    def unknown(
        self, target: str, value: str, level: str | None = None, found: Where | None = None
    ) -> str:
        """What to say of ``value``, no id in section ``target``: the id to
        write when it is a name (``荣桥社区``), else the nearest id."""
        named = self.name_message(target, value, level)
        if named is not None:
            return named
        if found is not None:
            hint = tr("load_model.elsewhere", found=found.kind(), target=target)
        else:
            hint = self._nearest(target, value)
        message = tr("load_model.unknown_id", id=value, target=target, hint=hint)
        if found is None:  # held nowhere here: the national check looks in the other provinces
            unresolved.note(value, target, message)
        return message

    def unknown_row(self, table: str, value: str) -> str:
        """What to say of ``value``, no id in bulk table ``table``: the id to
        write when it is the name of a row (a person's), else to add the row."""
        rows = self.table_names(table, value) if self.table_names is not None else []
        if len(rows) == 1:
            return tr("load_model.name_not_id", name=value, id=rows[0][0])
        if rows:
            candidates = tr("load_model.list_sep").join(
                tr("load_model.candidate", id=row_id, chain=place) for row_id, place in rows
            )
            return tr("load_model.name_shared", name=value, count=len(rows), candidates=candidates)
        message = tr("load_model.unknown_row", id=value, table=table, hint="")
        unresolved.note(value, table, message)  # the id as data: see unknown()
        return message

    def _nearest(self, target: str, value: str) -> str:
        self._hints += 1
        ids = self.positions.get(target, {})
        if self._hints > HINTS or len(ids) > 20_000:
            return ""
        close = difflib.get_close_matches(value, list(ids), n=1, cutoff=0.8)
        return tr("load_model.did_you_mean", close=close[0]) if close else ""

    def name_message(self, target: str, value: str, level: str | None = None) -> str | None:
        """The message for a reference ``value`` that is the name of one or
        more entities of section ``target`` (those of ``level`` preferred), or
        ``None``.  The index of names is built on the first call, when some
        reference has failed: a model whose references all hold costs nothing."""
        if self._names is None:
            self._names = {}
            for section, items in self.sections.items():
                names: dict[str, list[int]] = {}
                for k, e in enumerate(items):
                    names.setdefault(e.name, []).append(k)
                self._names[section] = names
        rows = self._names.get(target, {}).get(value.strip(), [])
        items = self.sections.get(target, [])
        at_level = [k for k in rows if getattr(items[k], "level", None) == level]
        rows = at_level or rows
        if not rows:
            return None
        if len(rows) == 1:
            return tr("load_model.name_not_id", name=value, id=items[rows[0]].id)
        candidates = tr("load_model.list_sep").join(
            tr("load_model.candidate", id=items[k].id, chain=self.chain(target, k)) for k in rows
        )
        return tr("load_model.name_shared", name=value, count=len(rows), candidates=candidates)

    def chain(self, section: str, index: int) -> str:
        """An entity's place by name, county down (``江城区 › 南恩街道 › 东风社区``):
        a division's own chain, another entity's name after its home division's."""
        entity: Any = self.sections[section][index]
        names: list[str] = []
        if section != "divisions":
            names.append(entity.name)
            home = next(
                (
                    getattr(entity, f.name)
                    for f in ref_fields(SECTIONS[section])
                    if f.ref.target == "divisions"
                    and f.ref.home
                    and f.nested is None
                    and not f.many
                    and getattr(entity, f.name)
                ),
                None,
            )
            entity = self._division(home)
        for _ in DIVISION_LEVELS:  # no deeper than the levels: a cycle stops here
            if entity is None:
                break
            if entity.level != "city":
                names.append(entity.name)
            entity = self._division(entity.parent)
        return " › ".join(reversed(names))

    def _division(self, division_id: str | None) -> Any:
        k = self.positions["divisions"].get(division_id or "")
        return None if k is None else self.sections["divisions"][k]

    def _check_semantics(self, section: str, i: int, entity: Entity) -> None:
        for rule in _SEMANTIC.get(section, ()):
            problem = rule(self, entity)
            if problem is not None:
                field_name, message = problem
                self.report(section, i, (field_name,), message)

    # -- cycles ----------------------------------------------------------
    def check_cycles(self) -> None:
        for section in ("divisions", "party_orgs", "service_centres"):
            items = self.sections[section]
            pos = self.positions[section]
            # A parent that is the entity itself was reported as such already.
            parent = [
                -1 if p == k else p
                for k, p in enumerate(pos.get(getattr(e, "parent", None) or "", -1) for e in items)
            ]
            state = [0] * len(items)  # 0 new, 1 on the current path, 2 done
            for start in range(len(items)):
                path: list[int] = []
                node = start
                while node != -1 and state[node] == 0:
                    state[node] = 1
                    path.append(node)
                    node = parent[node]
                if node != -1 and state[node] == 1:
                    cycle = path[path.index(node) :]
                    ids = " -> ".join(items[k].id for k in [*cycle, node])
                    self.report(section, node, ("parent",), tr("load_model.cycle", ids=ids))
                for k in path:
                    state[k] = 2


def _nested_entities(entity: Entity) -> Iterator[tuple[str, list[Entity]]]:
    for name in _list_fields(type(entity)):
        value = getattr(entity, name)
        if isinstance(value, list) and value and isinstance(value[0], Entity):
            yield name, value


@cache
def _list_fields(cls: type[Entity]) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold a list of entities: asking every
    field of every entity was 110,000 ``getattr`` calls for the example."""
    hints = field_hints(cls)
    return tuple(name for name in cls.model_fields if not _plain(*unwrap_type(hints[name])))


def _plain(tp: Any, many: bool) -> bool:
    """A field of this type never holds a list of entities."""
    return not many or (isinstance(tp, type) and not issubclass(tp, BaseModel))


def references(entity: Entity, fields: tuple[RefField, ...]) -> Iterator[tuple[RefField, Loc, str]]:
    """Every (field, location, target id) an entity refers to."""
    for ref in fields:
        if ref.nested is None:
            holders: list[tuple[Loc, Any]] = [((), entity)]
        else:
            records = getattr(entity, ref.nested)
            holders = [((ref.nested, j), r) for j, r in enumerate(records)]
        for prefix, holder in holders:
            value = getattr(holder, ref.name)
            if value is None:
                continue
            if ref.many:
                for k, item in enumerate(value):
                    yield ref, (*prefix, ref.name, k), item
            else:
                yield ref, (*prefix, ref.name), value


def _cells(items: list[Entity], ref: RefField) -> tuple[list[Any], list[int] | None]:
    """The values of ``ref`` in every entity (a list of ids each, for a field
    of many), and for a field of nested records, the entity of each record's
    (``None``: the values are the entities' own, in order)."""
    if ref.nested is None:
        return list(map(attrgetter(ref.name), items)), None
    values: list[Any] = []
    owners: list[int] = []
    get = attrgetter(ref.name)
    for i, records in enumerate(map(attrgetter(ref.nested), items)):
        values += map(get, records)
        owners += repeat(i, len(records))
    return values, owners


def _any_in(value: Any, ids: Container[str], many: bool) -> bool:
    """The value of a reference (a list of them when ``many``) holds one of ``ids``."""
    return any(v in ids for v in value) if many else value in ids


#: An entity's id.
_ID = attrgetter("id")
#: Lists of nested records told apart in a holder's code (a class has a few).
_KINDS = 64


# -- semantic checks, declared per section ---------------------------------
Problem = tuple[str, str] | None


def _division_parent(r: Structure, e: Any) -> Problem:
    want = PARENT_LEVEL[e.level]
    if want is None:
        if e.parent:
            return "parent", tr("load_model.city_no_parent", field="parent", parent=e.parent)
        return None
    if e.parent is None:
        return "parent", tr(
            "load_model.needs_parent", level=term(e.level), field="parent", want=term(want)
        )
    have = r.level_of(e.parent)
    if have is not None and have != want:
        return "parent", tr(
            "load_model.wrong_parent",
            level=term(e.level),
            want=term(want),
            parent=e.parent,
            have=term(have),
        )
    return None


_CENTRE_DIVISION = {
    "district": ("county",),
    "subdistrict": ("subdistrict",),
    "community": ("community",),
    "area": ("community", "subdistrict"),
}


def _centre_place(r: Structure, e: Any) -> Problem:
    if e.level == "compound":
        if e.compound:
            return None
        return "compound", tr("load_model.station_needs_compound", field="compound")
    level = term(e.level, SERVICE_LEVEL_LABELS)
    if e.division is None:
        return "division", tr("load_model.centre_needs_division", level=level, field="division")
    have = r.level_of(e.division)
    allowed = _CENTRE_DIVISION[e.level]
    if have is not None and have not in allowed:
        where = tr("load_model.or").join(term(a) for a in allowed)
        return "division", tr(
            "load_model.centre_place", level=level, allowed=where, have=term(have)
        )
    return None


def _centre_parent(r: Structure, e: Any) -> Problem:
    parent_level = r.centre_level(e.parent)
    if parent_level is None:
        return None
    if SERVICE_LEVELS.index(parent_level) >= SERVICE_LEVELS.index(e.level):
        return "parent", tr(
            "load_model.centre_parent",
            level=term(e.level, SERVICE_LEVEL_LABELS),
            parent=term(parent_level, SERVICE_LEVEL_LABELS),
        )
    return None


def _expanded_division(r: Structure, e: Any) -> Problem:
    want = "community" if e.form == "expanded_committee" else "subdistrict"
    have = r.level_of(e.division)
    if have is not None and have != want:
        return "division", tr(
            "load_model.expanded_division",
            form=term(e.form, ORG_FORM_LABELS),
            want=term(want),
            have=term(have),
        )
    return None


_WHISTLE_DIVISION = {"community": "community", "subdistrict": "subdistrict", "district": "county"}


def _department_division(r: Structure, e: Any) -> Problem:
    want = _WHISTLE_DIVISION[e.level]
    have = r.level_of(e.division)
    if have is not None and have != want:
        return "division", tr(
            "load_model.department_division",
            level=term(e.level, WHISTLE_LEVEL_LABELS),
            want=term(want),
            have=term(have),
        )
    return None


_SEMANTIC: dict[str, tuple[Callable[[Structure, Any], Problem], ...]] = {
    "divisions": (_division_parent,),
    "service_centres": (_centre_place, _centre_parent),
    "expanded_bodies": (_expanded_division,),
    "departments": (_department_division,),
}
assert set(DIVISION_LEVELS) == set(PARENT_LEVEL)
