"""Phase two of loading: references between entities and tables.

(Over 400 lines: the standard and the Arrow tables are resolved by one class,
whose error placing both use.)

Phase one (:mod:`partygraph.io.shape`) checked the shape of every entity and
cell.  Here the bulk tables' ids are checked (unique, none an entity's) and
their references become int32 codes, the structure's references are checked
(:class:`partygraph.io.references.Structure`), and households must lie where
their group, grid and compound lie.  Every problem is reported with the place
it came from: an :class:`~partygraph.io.origins.Origin` for an entity, a
:class:`Rows` for a table row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from partygraph.errors import ErrorItem
from partygraph.i18n import tr
from partygraph.io import arrowtables
from partygraph.io.cells import shown
from partygraph.io.columns import MAX_ERRORS_PER_COLUMN, is_id
from partygraph.io.idcodes import TableIds
from partygraph.io.origins import Origin
from partygraph.io.references import Structure, term
from partygraph.io.tables import RawTable
from partygraph.model import Entity
from partygraph.model.population import TABLES, Array, Population, TableData
from partygraph.progress import stage

if TYPE_CHECKING:
    from partygraph.io.arrowcsv import Coded, FastTable

__all__ = ["Bulk", "FileRows", "ModelRows", "Rows", "resolve"]


class Rows(Protocol):
    """Where the rows of one bulk table were written."""

    def place(self, row: int) -> str:
        """The row's place in a message (``file:line``)."""
        ...

    def error(self, row: int, column: str, message: str) -> ErrorItem:
        """A problem with a cell of the row."""
        ...


class FileRows:
    """File and line of a bulk row across the table's sources."""

    def __init__(self, raws: Sequence[RawTable], source: Array, table: str) -> None:
        self.raws = raws
        self.source = source
        self.table = table
        starts = np.zeros(len(raws) + 1, dtype=np.int64)
        starts[1:] = np.cumsum([len(r) for r in raws])
        self.starts = starts

    def _locate(self, row: int) -> tuple[RawTable, int]:
        k = int(self.source[row])
        return self.raws[k], row - int(self.starts[k])

    def place(self, row: int) -> str:
        raw, local = self._locate(row)
        return f"{raw.file}:{raw.lines[local]}"

    def error(self, row: int, column: str, message: str) -> ErrorItem:
        raw, local = self._locate(row)
        return raw.error(local, column, self.table, message)


@dataclass(frozen=True)
class ModelRows:
    """The rows of a bulk table built in Python: ``households[3]``, in no file."""

    table: str

    def place(self, row: int) -> str:
        return f"{self.table}[{row}]"

    def error(self, row: int, column: str, message: str) -> ErrorItem:
        return ErrorItem(None, None, None, f"{self.table}[{row}].{column}", message)


@dataclass
class Bulk:
    """A bulk table after phase one: its columns (references still ids), the
    sources read (``raws``), per row the source and line, and where rows are."""

    columns: dict[str, Array]
    raws: list[RawTable]
    source: Array
    line: Array
    rows: Rows

    @property
    def fast(self) -> FastTable | None:
        """The table as Arrow read it (one source, read by Arrow), else ``None``."""
        return self.raws[0].fast if len(self.raws) == 1 else None


class _Tables:
    """The bulk tables resolved in load order, with the structure's ids at hand."""

    def __init__(self, structure: Structure, bulks: dict[str, Bulk]) -> None:
        self.s = structure
        self.bulks = bulks
        self.errors = structure.errors
        #: Per table, id -> row: every id, or (tables read by Arrow, whose ids
        #: are in :attr:`fast_ids`) only the ids the structure refers to.
        self.table_index: dict[str, dict[str, int]] = {}
        structure.table_ids = self.table_index
        self.fast_ids: dict[str, TableIds] = {}
        self.structure_refs: dict[str, set[str]] | None = None
        self._entity_ids: Any = None  # the structure's ids as Arrow strings
        self._names: dict[str, dict[str, list[int]]] = {}
        structure.table_names = self._rows_named

    def resolve(self) -> Population:
        tables: dict[str, TableData] = {}
        for name, spec in TABLES.items():
            bulk = self.bulks[name]
            columns, n = bulk.columns, int(bulk.source.shape[0])
            files = [r.file for r in bulk.raws]
            fast = bulk.fast
            if fast is not None:
                coded = self._fast_table(name, fast)
                arrowtables.release()
                why = "" if coded is not None else "an id or reference to report"
                arrowtables.record(name, "resolve", coded is not None, why)
                if coded is not None:
                    tables[name] = TableData(spec, coded, files, bulk.source, bulk.line)
                    continue
                columns = fast.materialize()  # a problem: found and reported as usual
            self._full_indexes()
            if spec.has_ids:
                self._index_table(name, columns["id"], bulk.rows)
            out = dict(columns)
            for col in spec.columns:
                if col.type != "ref":
                    continue
                assert col.target is not None
                codes, bad = self._codes(col.target, columns[col.name], col.level)
                out[col.name] = codes
                self._bad_cells(bulk.rows, col.name, bad, columns[col.name], col.target, col.level)
            tables[name] = TableData(spec, out, files, bulk.source, bulk.line)
            assert len(tables[name]) == n
        self._check_placement(tables)
        return Population(tables)

    # -- bulk tables read by Arrow (so pyarrow is imported: arrowlookups costs nothing) --
    def _fast_table(self, name: str, fast: FastTable) -> dict[str, Array] | None:
        """The columns of a table read by Arrow with its references coded, or
        ``None`` when some id or reference has a problem (the standard path
        then finds and reports it)."""
        # Each lookup's hash tables are handed back as soon as it is done
        # (_release): held until the end they raised a province's peak.
        ids = _table_ids(fast)
        ok = ids is None or self._fast_ids_ok(ids)
        arrowtables.release()
        if not ok:
            return None
        rows: dict[str, Array] = {}  # per reference column: each distinct value's row
        for col in fast.spec.columns:
            ref = fast.refs.get(col.name)
            if ref is not None:
                assert col.target is not None
                found = self._fast_rows(col.target, ref, col.level)
                arrowtables.release()
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
        return out

    def _fast_ids_ok(self, ids: TableIds) -> bool:
        """No id twice, none shared with an entity or an earlier table."""
        from partygraph.io import arrowlookups

        ordered = ids.sorted
        if ordered is None and not arrowlookups.unique(ids.strings):
            return False
        if self._entity_ids is None:  # the same for every table
            self._entity_ids = arrowlookups.strings(list(self.s.ids))
        taken = [self._entity_ids]
        taken += [
            arrowlookups.strings(list(index))
            for t, index in self.table_index.items()
            if t not in self.fast_ids
        ]
        for other in self.fast_ids.values():
            if ordered is not None and other.sorted is not None:
                if ordered.shares(other.sorted):  # no search when the ranges do not meet
                    return False
            else:
                taken.append(other.strings)
        if ordered is not None:
            return not any(bool(np.any(ordered.find(other) >= 0)) for other in taken)
        return not any(arrowlookups.shares(ids.strings, other) for other in taken)

    def _fast_rows(self, target: str, ref: Coded, level: str | None) -> Array | None:
        """The row code (``-1``: empty) of each distinct value of a reference
        column (:class:`partygraph.io.arrowcsv.Coded`), or ``None`` if one is unknown."""
        from partygraph.io import arrowlookups

        rows: Array | None = None
        ids = self.fast_ids.get(target)
        ordered = None if ids is None else ids.sorted
        if ids is not None:
            keys = ids.strings if ordered is None else None
        else:
            index = self._target_index(target, level)
            keys = arrowlookups.strings(list(index))
            rows = np.fromiter(index.values(), dtype=np.int64, count=len(index))
        found: Array
        if ordered is not None:
            found = ordered.find(ref.values)
        else:
            found = arrowlookups.positions(ref.values, keys)
        # An empty cell is -1 (no id is empty): any other -1 is unknown.
        if np.count_nonzero(found < 0) != arrowlookups.empty_count(ref.values):
            return None
        if rows is not None:
            found = np.append(rows, -1)[found]
        return found.astype(np.int32)

    def _referenced_rows(self, name: str, ids: TableIds) -> dict[str, int]:
        """The rows of the ids the structure refers to in table ``name`` (all
        that :meth:`Structure.check_refs` asks about)."""
        from partygraph.io import arrowlookups

        if self.structure_refs is None:
            self.structure_refs = self.s.table_refs()
        asked = sorted(self.structure_refs[name])
        wanted = arrowlookups.strings(asked)
        ordered = ids.sorted
        found = (
            arrowlookups.positions(wanted, ids.strings) if ordered is None else ordered.find(wanted)
        )
        rows = found.tolist()
        return {v: r for v, r in zip(asked, rows, strict=True) if r >= 0}

    def _full_indexes(self) -> None:
        """Every id of the tables read by Arrow in :attr:`table_index`, for the
        standard path."""
        for name, ids in self.fast_ids.items():
            values = ids.strings.to_pylist()
            self.table_index[name] = dict(zip(values, range(len(values)), strict=True))
        self.fast_ids.clear()

    def _rows_named(self, table: str, name: str) -> list[tuple[str, str]]:
        """(id, place) of the rows of ``table`` called ``name``: asked only when
        a reference failed, so the index of names costs nothing otherwise."""
        bulk = self.bulks[table]
        ids, names = bulk.columns.get("id"), bulk.columns.get("name")
        if ids is None or names is None:
            return []
        if table not in self._names:
            index: dict[str, list[int]] = {}
            for row, text in enumerate(names.tolist()):
                index.setdefault(str(text).strip(), []).append(row)
            self._names[table] = index
        rows = self._names[table].get(name.strip(), [])
        return [(str(ids[r]), bulk.rows.place(r)) for r in rows[:MAX_ERRORS_PER_COLUMN]]

    # -- the standard path ---------------------------------------------------
    def _index_table(self, name: str, ids: Array, rows: Rows) -> None:
        values = ids.tolist()
        # Built backwards, so each id keeps the row it first appears on.
        index = dict(zip(reversed(values), range(len(values) - 1, -1, -1), strict=True))
        index.pop("", None)  # an empty id was reported in phase one
        dup_rows: list[int] = []
        if len(index) + values.count("") < len(values):
            dup_rows = [row for row, value in enumerate(values) if value and index[value] != row]
        for row in dup_rows[:MAX_ERRORS_PER_COLUMN]:
            value = str(ids[row])
            first = rows.place(index[value])
            message = tr("load_model.duplicate_row_id", id=value, first=first)
            self.errors.append(rows.error(row, "id", message))
        self._report_shared(index, rows)
        self.table_index[name] = index

    def _report_shared(self, index: dict[str, int], rows: Rows) -> None:
        """Ids a table shares with an entity or with an earlier table: in the graph
        they would be one node."""
        taken: list[tuple[str, dict[str, Any]]] = [("", self.s.ids), *self.table_index.items()]
        for other, ids in taken:
            shared = sorted((index[v], v) for v in index.keys() & ids.keys())
            for row, value in shared[:MAX_ERRORS_PER_COLUMN]:
                message = tr("load_model.shared_id", id=value, holder=self._holder(other, value))
                self.errors.append(rows.error(row, "id", message))

    def _holder(self, table: str, value: str) -> str:
        """Where else an id is used: an entity (``table`` empty) or a row of ``table``."""
        if not table:
            where = self.s.holder(value)
            assert where is not None
            place = self.s.where_text(where.section, where.position)
            return tr("load_model.held_at", what=where.kind(), where=place)
        place = self.bulks[table].rows.place(self.table_index[table][value])
        return tr("load_model.held_at", what=table, where=place)

    def _target_index(self, target: str, level: str | None) -> dict[str, int]:
        """Id -> position of what a reference may point at (one level of divisions)."""
        if target in TABLES:
            return self.table_index.get(target, {})
        index = self.s.positions[target]
        if level is None:
            return index
        items = self.s.sections[target]
        return {k: v for k, v in index.items() if getattr(items[v], "level", None) == level}

    def _codes(self, target: str, values: Array, level: str | None) -> tuple[Array, list[int]]:
        index = self._target_index(target, level)
        lookup = {**index, "": -1}  # an empty cell: no reference
        codes = np.fromiter(
            map(lookup.get, values.tolist(), repeat(-2)), dtype=np.int32, count=values.shape[0]
        )
        bad = (
            []
            if target in self.s.failed
            else [
                i
                for i in np.flatnonzero(codes == -2).tolist()
                if not self.s.invalid(target, values[i])
            ]
        )
        codes[codes == -2] = -1
        return codes, bad

    def _bad_cells(
        self,
        rows: Rows,
        column: str,
        bad: list[int],
        values: Array,
        target: str,
        level: str | None,
    ) -> None:
        for row in bad[:MAX_ERRORS_PER_COLUMN]:
            value = str(values[row])
            found = self.s.holder(value)
            # A name where the id belongs (荣桥社区): the index of names is
            # built here, on the first reference that failed, never at 1M rows that hold.
            named = None if target in TABLES else self.s.name_message(target, value, level)
            if found is not None and level is not None and found.kind() == target:
                have = getattr(found.entity, "level", None)
                msg = tr(
                    "load_model.wrong_level",
                    id=value,
                    have=term(have),
                    field=column,
                    want=term(level),
                )
            elif named is not None:
                msg = named
            elif not is_id(value):  # checked here, not for every cell
                msg = tr("load_tables.bad_id", value=shown(value))
            elif target in TABLES:
                msg = self.s.unknown_row(target, value)
            else:
                msg = self.s.unknown(target, value, level, found)
            self.errors.append(rows.error(row, column, msg))
        if len(bad) > MAX_ERRORS_PER_COLUMN:
            more = tr("load_model.more_unknown", count=f"{len(bad) - MAX_ERRORS_PER_COLUMN:,}")
            self.errors.append(rows.error(bad[MAX_ERRORS_PER_COLUMN], column, more))

    def _check_placement(self, tables: dict[str, TableData]) -> None:
        """Households: group, grid and compound must lie in the household's community."""
        hh = tables["households"]
        rows = self.bulks["households"].rows
        community = hh["community"]
        divisions = self.s.sections["divisions"]
        # Three columns of millions of rows: their masks share buffers (each
        # new 20 MB array costs its pages faulted in, more than the compare).
        placed = community >= 0
        owner = np.empty(community.shape, dtype=np.int32)
        wrong_at, given = np.empty_like(placed), np.empty_like(placed)
        for column, section, key in (
            ("residents_group", "divisions", "parent"),
            ("grid", "grids", "community"),
            ("compound", "compounds", "community"),
        ):
            items = self.s.sections[section]
            owners = [getattr(e, key, None) or "" for e in items]
            pos = self.s.positions["divisions"]
            owner_of = np.array([*(pos.get(o, -1) for o in owners), -1], dtype=np.int32)
            codes = hh[column]
            np.take(owner_of, codes, out=owner, mode="wrap")  # code -1: the last, -1
            np.not_equal(owner, community, out=wrong_at)
            np.greater_equal(codes, 0, out=given)
            wrong_at &= given
            wrong_at &= placed
            wrong = np.flatnonzero(wrong_at)
            for row in wrong[:MAX_ERRORS_PER_COLUMN].tolist():
                code = int(codes[row])
                message = tr(
                    "load_model.misplaced",
                    column=column,
                    id=items[code].id,
                    community=divisions[int(community[row])].id,
                    owner=owners[code],
                )
                self.errors.append(rows.error(row, column, message))


def _table_ids(fast: FastTable) -> TableIds | None:
    """The ids of a table read by Arrow for the lookups (``None``: it has none)."""
    if not fast.spec.has_ids:
        return None
    if fast.id_width:  # ASCII of one width: coded from the column, no Arrow strings
        return TableIds.of(fast.columns[fast.spec.columns[0].name], fast.id_width)
    return TableIds.of(fast.columns[fast.spec.columns[0].name], 0, fast.ids)


def resolve(
    sections: dict[str, list[Entity]],
    origins: dict[str, list[Origin]],
    bulks: dict[str, Bulk],
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
    structure = Structure(sections, origins, known or {}, failed)
    with stage("核对结构引用 resolve structure references"):
        structure.index_ids()
    with stage("核对表格引用 resolve table references"):
        # persons/households first: entities refer to them
        population = _Tables(structure, bulks).resolve()
    with stage("核对结构引用 resolve structure references"):
        structure.check_refs()
        structure.check_cycles()
    return population, structure.errors
