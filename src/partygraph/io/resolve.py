"""Phase two of loading: references between entities and tables.

Phase one (:mod:`partygraph.io.load`) checked the shape of every entity and
cell.  Here we check what only the whole model can tell: ids are unique, every
reference points at an entity of the right section and level, hierarchies have
no cycles, and bulk-table references become int32 codes.  Every problem is
reported with the place it came from (an :class:`Origin`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any, Protocol

import numpy as np

from partygraph.errors import ErrorItem
from partygraph.io import arrowtables
from partygraph.io.tables import ID_PATTERN, MAX_ERRORS_PER_COLUMN, RawTable
from partygraph.io.yamlsrc import MarkedDict, MarkedList
from partygraph.model import (
    DIVISION_LEVELS,
    PARENT_LEVEL,
    SECTIONS,
    SERVICE_LEVELS,
    Entity,
    RefField,
    ref_fields,
)
from partygraph.model.population import TABLES, Array, Population, TableData
from partygraph.progress import stage

__all__ = ["CsvOrigin", "Origin", "YamlOrigin", "resolve"]

Loc = tuple[str | int, ...]


class Origin(Protocol):
    """Where an entity came from; ``locate`` maps a field path to a place and
    ``index`` is the entity's position in the list or table it was written in."""

    @property
    def index(self) -> int: ...

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[str, int | None, int | None]: ...


@dataclass(frozen=True)
class YamlOrigin:
    """An entity written as a YAML mapping, item ``index`` of its list."""

    node: MarkedDict
    index: int = 0

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[str, int | None, int | None]:
        cur: Any = self.node
        mark = self.node.mark
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(cur, MarkedDict) and part in cur:
                mark = cur.key_mark(part) if (last and key) else cur.value_mark(part)
                cur = cur[part]
            elif isinstance(cur, MarkedList) and isinstance(part, int) and part < len(cur):
                mark = cur.item_mark(part)
                cur = cur[part]
            else:
                break
        return mark.file, mark.line, mark.column


@dataclass(frozen=True, slots=True)
class CsvOrigin:
    """An entity written as one row of a CSV table."""

    table: RawTable
    row: int

    @property
    def index(self) -> int:
        return self.row

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[str, int | None, int | None]:
        column = str(loc[0]) if loc else ""
        line, col = (
            self.table.where(self.row, column) if column else (self.table.lines[self.row], None)
        )
        return self.table.file, line, col


def path_text(section: str, index: int, loc: Loc) -> str:
    """``divisions[3].parent`` style field path."""
    out = f"{section}[{index}]"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@dataclass
class _Where:
    """Who holds an id: an entity of ``section`` (a record nested in it, such as
    a service item, when ``nested`` names the list)."""

    section: str
    index: int
    entity: Entity
    nested: str | None = None

    def kind(self) -> str:
        return f"{self.section}.{self.nested}" if self.nested else self.section


class _Resolver:
    def __init__(
        self,
        sections: dict[str, list[Entity]],
        origins: dict[str, list[Origin]],
        raw_tables: dict[str, tuple[dict[str, Array], list[RawTable], Array, Array]],
        known: dict[str, set[str]],
        failed: frozenset[str],
    ) -> None:
        self.known = known
        self.failed = failed
        self.sections = sections
        self.origins = origins
        self.raw_tables = raw_tables
        self.errors: list[ErrorItem] = []
        self.ids: dict[str, _Where] = {}
        self.positions: dict[str, dict[str, int]] = {name: {} for name in SECTIONS}
        self.table_index: dict[str, dict[str, int]] = {}
        self.lookups: dict[str, _RowLookup] = {}
        #: Tables read by Arrow: their ids (``table_index`` then holds only the
        #: rows the structure refers to, see :meth:`_referenced_rows`).
        self.fast_ids: dict[str, Any] = {}
        self.structure_refs: dict[str, set[str]] | None = None

    # -- reporting -------------------------------------------------------
    def report(
        self, section: str, index: int, loc: Loc, message: str, *, key: bool = False
    ) -> None:
        origin = self.origins[section][index]
        file, line, col = origin.locate(loc, key=key)
        field = path_text(section, origin.index, loc)
        self.errors.append(ErrorItem(file, line, col, field, message))

    def where_text(self, section: str, index: int) -> str:
        file, line, _ = self.origins[section][index].locate(())
        return f"{file}:{line}"

    # -- ids -------------------------------------------------------------
    def index_ids(self) -> None:
        for section, items in self.sections.items():
            for i, entity in enumerate(items):
                self._claim(_Where(section, i, entity), ("id",))
                self.positions[section].setdefault(entity.id, i)
                for name, nested in _nested_entities(entity):
                    for j, item in enumerate(nested):
                        self._claim(_Where(section, i, item, name), (name, j, "id"))

    def _claim(self, holder: _Where, loc: Loc) -> None:
        entity_id = holder.entity.id
        first = self.ids.get(entity_id)
        if first is not None:
            self.report(
                holder.section,
                holder.index,
                loc,
                f"duplicate id {entity_id!r}: also used at "
                f"{self.where_text(first.section, first.index)} ({first.kind()}); "
                "ids must be unique across the model",
            )
            return
        self.ids[entity_id] = holder

    def invalid(self, section: str, entity_id: str) -> bool:
        """The id was written in ``section`` but its entity failed its shape check."""
        return entity_id not in self.ids and entity_id in self.known.get(section, ())

    # -- structure references -------------------------------------------
    def check_refs(self) -> None:
        for section, items in self.sections.items():
            fields = ref_fields(SECTIONS[section])
            for i, entity in enumerate(items):
                for ref, loc, target_id in _references(entity, fields):
                    self._check_ref(section, i, entity, ref, loc, target_id)
                self._check_semantics(section, i, entity)

    def _check_ref(
        self, section: str, i: int, entity: Entity, ref: RefField, loc: Loc, target_id: str
    ) -> None:
        target = ref.ref.target
        if target in self.failed:
            return  # its file could not be read: already reported
        if target in TABLES:
            if target_id not in self.table_index.get(target, {}):
                self.report(
                    section,
                    i,
                    loc,
                    f"unknown {target[:-1]} {target_id!r}: add it to the {target} table "
                    "or correct the id",
                )
            return
        if self.invalid(target, target_id):
            return  # already reported in phase one
        found = self.ids.get(target_id)
        if found is None or found.kind() != target:
            hint = f" (it is in {found.kind()}, not {target})" if found else ""
            self.report(section, i, loc, f"unknown {target} id {target_id!r}{hint}")
            return
        if found.entity is entity:
            self.report(section, i, loc, f"{entity.id!r} refers to itself")
            return
        want = ref.ref.level
        level = getattr(found.entity, "level", None)
        if want is not None and level != want:
            self.report(
                section,
                i,
                loc,
                f"{target_id!r} is a {level}, but {ref.name} must be a {want}",
            )

    def _check_semantics(self, section: str, i: int, entity: Entity) -> None:
        for rule in _SEMANTIC.get(section, ()):
            problem = rule(self, entity)
            if problem is not None:
                field_name, message = problem
                self.report(section, i, (field_name,), message)

    def level_of(self, division_id: str | None) -> str | None:
        """The level of a division (``None``: not the id of a division)."""
        found = self.ids.get(division_id or "")
        if found is None or found.kind() != "divisions":
            return None
        return str(getattr(found.entity, "level"))  # noqa: B009 - Entity has no level

    def centre_level(self, centre_id: str | None) -> str | None:
        """The level of a service centre (``None``: not the id of a centre)."""
        found = self.ids.get(centre_id or "")
        if found is None or found.kind() != "service_centres":
            return None
        return str(getattr(found.entity, "level"))  # noqa: B009 - Entity has no level

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
                    self.report(
                        section,
                        node,
                        ("parent",),
                        f"hierarchy has a cycle: {ids}; a unit cannot be its own ancestor",
                    )
                for k in path:
                    state[k] = 2

    # -- bulk tables -----------------------------------------------------
    def resolve_tables(self) -> Population:
        with arrowtables.memory_pool():
            return self._resolve_tables()

    def _resolve_tables(self) -> Population:
        tables: dict[str, TableData] = {}
        for name, spec in TABLES.items():
            columns, raws, source, line = self.raw_tables[name]
            n = int(source.shape[0])
            lookup = _RowLookup(raws, source)
            fast = raws[0].fast if len(raws) == 1 else None
            if fast is not None:
                coded = self._fast_table(name, fast, lookup)
                if coded is not None:
                    tables[name] = TableData(spec, coded, [raws[0].file], source, line)
                    continue
                columns = fast.materialize()  # a problem: found and reported as usual
            self._full_indexes()
            if spec.has_ids:
                self._index_table(name, columns["id"], lookup)
            out = dict(columns)
            for col in spec.columns:
                if col.type != "ref":
                    continue
                assert col.target is not None
                codes, bad = self._codes(col.target, columns[col.name], col.level)
                out[col.name] = codes
                self._bad_cells(
                    lookup, name, col.name, bad, columns[col.name], col.target, col.level
                )
            files = [r.file for r in raws]
            tables[name] = TableData(spec, out, files, source, line)
            assert len(tables[name]) == n
        self._check_placement(tables)
        return Population(tables)

    # -- bulk tables read by Arrow (see partygraph.io.arrowtables) ----------------
    def _fast_table(self, name: str, fast: Any, lookup: _RowLookup) -> dict[str, Array] | None:
        """The columns of a table read by Arrow with its references coded, or
        ``None`` when some id or reference has a problem (the standard path
        then finds and reports it)."""
        ids = fast.ids
        if ids is not None and not self._fast_ids_ok(ids):
            return None
        rows: dict[str, Array] = {}  # per reference column: each distinct value's row
        for col in fast.spec.columns:
            ref = fast.refs.get(col.name)
            if ref is not None:
                assert col.target is not None
                found = self._fast_rows(col.target, ref, col.level)
                if found is None:
                    return None
                rows[col.name] = found
        out: dict[str, Array] = {}
        for col in fast.spec.columns:
            if col.type != "ref":
                out[col.name] = fast.columns[col.name]
            elif col.name in rows:
                # Codes into the distinct values become row codes in place:
                # a province's reference columns are not held twice.
                codes = fast.refs.pop(col.name).codes
                out[col.name] = np.take(rows[col.name], codes, out=codes, mode="clip")
            else:
                out[col.name] = np.full(fast.n, -1, dtype=np.int32)
        if ids is not None:
            self.fast_ids[name] = ids
            self.table_index[name] = self._referenced_rows(name, ids)
            self.lookups[name] = lookup
        return out

    def _fast_ids_ok(self, ids: Any) -> bool:
        """No id twice, none shared with an entity or an earlier table."""
        if not arrowtables.unique(ids):
            return False
        taken = [arrowtables.strings(list(self.ids))]
        taken += list(self.fast_ids.values())
        taken += [
            arrowtables.strings(list(index))
            for t, index in self.table_index.items()
            if t not in self.fast_ids
        ]
        return not any(arrowtables.shares(ids, other) for other in taken)

    def _fast_rows(self, target: str, ref: Any, level: str | None) -> Array | None:
        """The row code (``-1``: empty) of each distinct value of a reference
        column (:class:`partygraph.io.arrowtables.Coded`), or ``None`` if one is unknown."""
        rows: Array | None = None
        if target in self.fast_ids:
            keys = self.fast_ids[target]
        else:
            index = self._target_index(target, level)
            keys = arrowtables.strings(list(index))
            rows = np.fromiter(index.values(), dtype=np.int64, count=len(index))
        found = arrowtables.positions(ref.values, keys)
        # An empty cell is -1 (no id is empty): any other -1 is unknown.
        if np.count_nonzero(found < 0) != arrowtables.empty_count(ref.values):
            return None
        if rows is not None:
            found = np.append(rows, -1)[found]
        return found.astype(np.int32)

    def _referenced_rows(self, name: str, ids: Any) -> dict[str, int]:
        """The rows of the ids the structure refers to in table ``name`` (all
        that :meth:`_check_ref` asks about)."""
        if self.structure_refs is None:
            wanted: dict[str, set[str]] = {t: set() for t in TABLES}
            for section, items in self.sections.items():
                fields = tuple(f for f in ref_fields(SECTIONS[section]) if f.ref.target in TABLES)
                if not fields:
                    continue
                for entity in items:
                    for ref, _, target_id in _references(entity, fields):
                        wanted[ref.ref.target].add(target_id)
            self.structure_refs = wanted
        asked = sorted(self.structure_refs[name])
        rows = arrowtables.positions(arrowtables.strings(asked), ids).tolist()
        return {v: r for v, r in zip(asked, rows, strict=True) if r >= 0}

    def _full_indexes(self) -> None:
        """Every id of the tables read by Arrow in :attr:`table_index`, for the
        standard path."""
        for name, ids in self.fast_ids.items():
            values = ids.to_pylist()
            self.table_index[name] = dict(zip(values, range(len(values)), strict=True))
        self.fast_ids.clear()

    def _index_table(self, name: str, ids: Array, lookup: _RowLookup) -> None:
        values = ids.tolist()
        # Built backwards, so each id keeps the row it first appears on.
        index = dict(zip(reversed(values), range(len(values) - 1, -1, -1), strict=True))
        index.pop("", None)  # an empty id was reported in phase one
        dup_rows: list[int] = []
        if len(index) + values.count("") < len(values):
            dup_rows = [row for row, value in enumerate(values) if value and index[value] != row]
        for row in dup_rows[:MAX_ERRORS_PER_COLUMN]:
            value = str(ids[row])
            first = lookup.place(index[value])
            lookup.error(self.errors, row, name, "id", f"duplicate id {value!r} (first at {first})")
        self._report_shared(name, index, lookup)
        self.table_index[name] = index
        self.lookups[name] = lookup

    def _report_shared(self, name: str, index: dict[str, int], lookup: _RowLookup) -> None:
        """Ids a table shares with an entity or with an earlier table: in the graph
        they would be one node."""
        taken: list[tuple[str, dict[str, Any]]] = [("", self.ids), *self.table_index.items()]
        for other, ids in taken:
            shared = sorted((index[v], v) for v in index.keys() & ids.keys())
            for row, value in shared[:MAX_ERRORS_PER_COLUMN]:
                message = (
                    f"id {value!r} is also used in {self._holder(other, value)}; "
                    "ids must be unique across the model"
                )
                lookup.error(self.errors, row, name, "id", message)

    def _holder(self, table: str, value: str) -> str:
        """Where else an id is used: an entity (``table`` empty) or a row of ``table``."""
        if not table:
            where = self.ids[value]
            return f"{where.kind()} ({self.where_text(where.section, where.index)})"
        return f"{table} ({self.lookups[table].place(self.table_index[table][value])})"

    def _target_index(self, target: str, level: str | None) -> dict[str, int]:
        """Id -> position of what a reference may point at (one level of divisions)."""
        if target in TABLES:
            return self.table_index.get(target, {})
        index = self.positions[target]
        if level is None:
            return index
        items = self.sections[target]
        return {k: v for k, v in index.items() if getattr(items[v], "level", None) == level}

    def _codes(self, target: str, values: Array, level: str | None) -> tuple[Array, list[int]]:
        index = self._target_index(target, level)
        lookup = {**index, "": -1}  # an empty cell: no reference
        codes = np.fromiter(
            map(lookup.get, values.tolist(), repeat(-2)), dtype=np.int32, count=values.shape[0]
        )
        bad = (
            []
            if target in self.failed
            else [
                i
                for i in np.flatnonzero(codes == -2).tolist()
                if not self.invalid(target, values[i])
            ]
        )
        codes[codes == -2] = -1
        return codes, bad

    def _bad_cells(
        self,
        lookup: _RowLookup,
        table: str,
        column: str,
        rows: list[int],
        values: Array,
        target: str,
        level: str | None,
    ) -> None:
        for row in rows[:MAX_ERRORS_PER_COLUMN]:
            value = str(values[row])
            found = self.ids.get(value)
            if found is not None and level is not None and found.kind() == target:
                have = getattr(found.entity, "level", "?")
                msg = f"{value!r} is a {have}, but {column} must be a {level}"
            elif not ID_PATTERN.fullmatch(value):  # checked here, not for every cell
                msg = f"{value!r} is not a valid id (letters, digits and _ - . : / only)"
            else:
                msg = f"unknown {target} id {value!r}"
            lookup.error(self.errors, row, table, column, msg)
        if len(rows) > MAX_ERRORS_PER_COLUMN:
            lookup.error(
                self.errors,
                rows[MAX_ERRORS_PER_COLUMN],
                table,
                column,
                f"... and {len(rows) - MAX_ERRORS_PER_COLUMN:,} more unknown ids",
            )

    def _check_placement(self, tables: dict[str, TableData]) -> None:
        """Households: group, grid and compound must lie in the household's community."""
        hh = tables["households"]
        lookup = _RowLookup(self.raw_tables["households"][1], hh.source)
        community = hh["community"]
        divisions = self.sections["divisions"]
        for column, section, key in (
            ("residents_group", "divisions", "parent"),
            ("grid", "grids", "community"),
            ("compound", "compounds", "community"),
        ):
            items = self.sections[section]
            owners = [getattr(e, key, None) or "" for e in items]
            pos = self.positions["divisions"]
            owner_of = np.array([*(pos.get(o, -1) for o in owners), -1], dtype=np.int32)
            codes = hh[column]
            wrong = np.flatnonzero((codes >= 0) & (owner_of[codes] != community) & (community >= 0))
            for row in wrong[:MAX_ERRORS_PER_COLUMN].tolist():
                code = int(codes[row])
                message = (
                    f"{column} {items[code].id!r} is not in community "
                    f"{divisions[int(community[row])].id!r} (it is in {owners[code]!r})"
                )
                lookup.error(self.errors, row, "households", column, message)


class _RowLookup:
    """File and line of a bulk row across the table's sources."""

    def __init__(self, raws: Sequence[RawTable], source: Array) -> None:
        self.raws = raws
        self.source = source
        starts = np.zeros(len(raws) + 1, dtype=np.int64)
        starts[1:] = np.cumsum([len(r) for r in raws])
        self.starts = starts

    def _locate(self, row: int) -> tuple[RawTable, int]:
        k = int(self.source[row])
        return self.raws[k], row - int(self.starts[k])

    def place(self, row: int) -> str:
        raw, local = self._locate(row)
        return f"{raw.file}:{raw.lines[local]}"

    def error(
        self, errors: list[ErrorItem], row: int, table: str, column: str, message: str
    ) -> None:
        raw, local = self._locate(row)
        errors.append(raw.error(local, column, table, message))


def _nested_entities(entity: Entity) -> Iterator[tuple[str, list[Entity]]]:
    for name in type(entity).model_fields:
        value = getattr(entity, name)
        if isinstance(value, list) and value and isinstance(value[0], Entity):
            yield name, value


def _references(
    entity: Entity, fields: tuple[RefField, ...]
) -> Iterator[tuple[RefField, Loc, str]]:
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


# -- semantic checks, declared per section ---------------------------------
Problem = tuple[str, str] | None


def _division_parent(r: _Resolver, e: Any) -> Problem:
    want = PARENT_LEVEL[e.level]
    if want is None:
        return ("parent", f"a city has no parent; remove parent {e.parent!r}") if e.parent else None
    if e.parent is None:
        return "parent", f"a {e.level} needs a parent {want}"
    have = r.level_of(e.parent)
    if have is not None and have != want:
        return "parent", f"the parent of a {e.level} must be a {want}, but {e.parent!r} is a {have}"
    return None


_CENTRE_DIVISION = {
    "district": ("county",),
    "subdistrict": ("subdistrict",),
    "community": ("community",),
    "area": ("community", "subdistrict"),
}


def _centre_place(r: _Resolver, e: Any) -> Problem:
    if e.level == "compound":
        return None if e.compound else ("compound", "a compound station needs its compound")
    if e.division is None:
        return "division", f"a {e.level} centre needs its division"
    have = r.level_of(e.division)
    allowed = _CENTRE_DIVISION[e.level]
    if have is not None and have not in allowed:
        return "division", f"a {e.level} centre must sit in a {' or '.join(allowed)}, not a {have}"
    return None


def _centre_parent(r: _Resolver, e: Any) -> Problem:
    parent_level = r.centre_level(e.parent)
    if parent_level is None:
        return None
    if SERVICE_LEVELS.index(parent_level) >= SERVICE_LEVELS.index(e.level):
        return "parent", f"a {e.level} centre cannot be coordinated by a {parent_level} centre"
    return None


def _expanded_division(r: _Resolver, e: Any) -> Problem:
    want = "community" if e.form == "expanded_committee" else "subdistrict"
    have = r.level_of(e.division)
    if have is not None and have != want:
        return "division", f"an {e.form} belongs to a {want}, not a {have}"
    return None


_WHISTLE_DIVISION = {"community": "community", "subdistrict": "subdistrict", "district": "county"}


def _department_division(r: _Resolver, e: Any) -> Problem:
    want = _WHISTLE_DIVISION[e.level]
    have = r.level_of(e.division)
    if have is not None and have != want:
        return (
            "division",
            f"a department answering at {e.level} level sits in a {want}, not a {have}",
        )
    return None


_SEMANTIC: dict[str, tuple[Callable[[_Resolver, Any], Problem], ...]] = {
    "divisions": (_division_parent,),
    "service_centres": (_centre_place, _centre_parent),
    "expanded_bodies": (_expanded_division,),
    "departments": (_department_division,),
}
assert set(DIVISION_LEVELS) == set(PARENT_LEVEL)


def resolve(
    sections: dict[str, list[Entity]],
    origins: dict[str, list[Origin]],
    raw_tables: dict[str, tuple[dict[str, Array], list[RawTable], Array, Array]],
    *,
    known: dict[str, set[str]] | None = None,
    failed: frozenset[str] = frozenset(),
) -> tuple[Population, list[ErrorItem]]:
    """Check every reference; return the population with coded references and the errors.

    ``known`` lists ids written per section whose entity failed phase one:
    references to them are not reported again; ``failed`` names sections and
    tables a file of which could not be read: references into them are not
    checked (every one would look dangling).
    """
    r = _Resolver(sections, origins, raw_tables, known or {}, failed)
    with stage("核对结构引用 resolve structure references"):
        r.index_ids()
    with stage("核对表格引用 resolve table references"):
        population = r.resolve_tables()  # persons/households first: entities refer to them
    with stage("核对结构引用 resolve structure references"):
        r.check_refs()
        r.check_cycles()
    return population, r.errors
