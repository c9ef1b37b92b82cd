"""YAML configuration: load a model from files, dump it back.

An entry file names the model and lists sections (see ``docs/config.md``)::

    partygraph: 1
    name: 阳江市（示意）
    include: [jiangcheng.yaml]          # more sections, merged in order
    divisions:
      - {id: yj, name: 阳江市, level: city}
    households: {table: tables/households.csv}   # bulk rows from a CSV table
    service_items: {table: tables/service_items.csv}   # a companion section

*Companion sections* (``service_items``, ``part_time_members``, ``meetings``)
hold nested records as flat rows naming their parent; they are merged into
the parents' lists at load (after any records written nested), so the model
itself has no companion sections.

Loading has two phases: the *shape* of every entity and cell, then the
*references* between them (:mod:`partygraph.io.resolve`).  All problems of both
phases are collected and raised together as one :class:`ConfigError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ValidationError

from partygraph.errors import ConfigError, ErrorItem, PartygraphError
from partygraph.io import arrowtables
from partygraph.io.atomic import write_atomic
from partygraph.io.resolve import CsvOrigin, Loc, Origin, YamlOrigin, path_text, resolve
from partygraph.io.tables import RawTable, check_header, parse_columns, suggest
from partygraph.io.yamlsrc import Mark, MarkedDict, MarkedList, load_file
from partygraph.model import (
    SECTIONS,
    Entity,
    Id,
    Meeting,
    Model,
    PartTimeMember,
    ServiceItem,
    share_fields_set,
    unwrap_type,
)
from partygraph.model.population import TABLES, Array, TableData, text_array
from partygraph.progress import stage

__all__ = [
    "COMPANIONS",
    "FORMAT_VERSION",
    "MAX_INCLUDES",
    "TABLE_MIN_ROWS",
    "Companion",
    "dump",
    "load",
]

#: The ``partygraph:`` format version this release reads and writes.
FORMAT_VERSION = 1
#: Most files one model may include.
MAX_INCLUDES = 500


# -- companion sections -------------------------------------------------------
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
_NESTED: dict[str, tuple[Companion, ...]] = {
    section: tuple(c for c in COMPANIONS.values() if section in c.parents) for section in SECTIONS
}
assert all(c.field in SECTIONS[p].model_fields for c in COMPANIONS.values() for p in c.parents)

#: What an entity of each section is called in messages (divisions: their level).
_KIND = {
    "units": "unit",
    "compounds": "compound",
    "party_orgs": "party organisation",
    "expanded_bodies": "expanded body",
    "grids": "grid",
    "teams": "team",
    "places": "place",
    "captains": "captain",
    "central_households": "central household",
    "pairings": "pairing",
    "service_centres": "service centre",
    "issue_categories": "issue category",
    "departments": "department",
    "volunteer_teams": "volunteer team",
    "reserve_cadres": "reserve cadre",
}

_HEAD_KEYS = ("partygraph", "name", "description", "snapshot", "include")
_TOP_KEYS = (*_HEAD_KEYS, *SECTIONS, *COMPANIONS, *TABLES)
_TABLE_KEYS = ("table", "encoding", "delimiter")


@dataclass(frozen=True)
class _Entry:
    """One entry of a section or bulk table written in YAML: item ``index`` of its list."""

    node: MarkedDict
    index: int


_Source = _Entry | RawTable


class _Collected:
    """Everything read from the entry file and its includes, before validation.

    ``items`` maps each section and bulk table to its sources in reading order;
    ``failed`` names those with a table file that could not be read at all.
    """

    def __init__(self) -> None:
        self.head: dict[str, Any] = {}
        self.head_marks: dict[str, MarkedDict] = {}
        self.items: dict[str, list[_Source]] = {
            name: [] for name in (*SECTIONS, *COMPANIONS, *TABLES)
        }
        self.errors: list[ErrorItem] = []
        self.files: list[Path] = []
        self.failed: set[str] = set()


def _err(
    node: MarkedDict | MarkedList, key: Any, field: str, message: str, *, at_key: bool = False
) -> ErrorItem:
    if isinstance(node, MarkedDict):
        mark = node.key_mark(key) if at_key else node.value_mark(key)
    else:
        mark = node.item_mark(key) if isinstance(key, int) else node.mark
    return ErrorItem(mark.file, mark.line, mark.column, field, message)


def _relocate(errors: Iterable[ErrorItem], via: Mark | None, field: str) -> list[ErrorItem]:
    """Problems with a whole file (missing, too large, unknown encoding) pointed at
    the line that names the file, when there is one."""
    if via is None:
        return list(errors)
    return [
        e
        if e.line is not None
        else ErrorItem(via.file, via.line, via.column, field, f"{e.file}: {e.message}")
        for e in errors
    ]


# -- reading files ------------------------------------------------------------
def _read(
    path: Path, coll: _Collected, stack: tuple[Path, ...] = (), via: Mark | None = None
) -> None:
    """Read one file into ``coll``, then the files it includes; ``via`` is the
    ``include:`` item that named it."""
    real = path.resolve()
    problem = _include_problem(real, coll, stack)
    if problem is not None:
        coll.errors += _relocate(
            [ErrorItem(str(path), None, None, "include", problem)], via, "include"
        )
        return
    coll.files.append(real)
    try:
        data, problems = load_file(path)
    except ConfigError as exc:
        coll.errors += _relocate(exc.errors, via, "include")
        return
    coll.errors += problems
    if data is None:
        return
    if not isinstance(data, MarkedDict):
        message = "the file must be a mapping of sections (divisions:, ...), not a list or a value"
        coll.errors.append(ErrorItem(str(path), 1, 1, "", message))
        return
    for key, value in data.items():
        _take(key, value, data, path, coll, is_entry=not stack)
    for name, mark in _includes(data, coll):
        _read(path.parent / name, coll, (*stack, real), mark)


def _include_problem(real: Path, coll: _Collected, stack: tuple[Path, ...]) -> str | None:
    if real in stack:
        chain = " -> ".join(p.name for p in (*stack, real))
        return f"include cycle: {chain}; a file cannot include itself, directly or not"
    if real in coll.files:
        return f"{real.name} is included twice; include each file once"
    if len(coll.files) >= MAX_INCLUDES:
        return f"more than {MAX_INCLUDES} files included"
    return None


def _includes(data: MarkedDict, coll: _Collected) -> list[tuple[str, Mark]]:
    """The files an ``include:`` names, with the place each is named."""
    value = data.get("include")
    if value is None:
        return []
    if isinstance(value, str) and value:
        return [(value, data.value_mark("include"))]
    if isinstance(value, MarkedList) and all(isinstance(v, str) and v for v in value):
        return [(v, value.item_mark(i)) for i, v in enumerate(value)]
    message = "include takes a file name or a list of file names"
    coll.errors.append(_err(data, "include", "include", message))
    return []


def _take(
    key: Any, value: Any, data: MarkedDict, path: Path, coll: _Collected, *, is_entry: bool
) -> None:
    if key not in _TOP_KEYS:
        message = (
            f"unknown section {key!r}{suggest(str(key), _TOP_KEYS)}; "
            f"sections are: {', '.join(_TOP_KEYS)}"
        )
        coll.errors.append(_err(data, key, str(key), message, at_key=True))
    elif key == "include":
        return
    elif key not in _HEAD_KEYS:
        _take_section(key, value, data, path, coll)
    elif not is_entry:
        message = f"{key!r} may only be set in the entry file"
        coll.errors.append(_err(data, key, key, message, at_key=True))
    elif key == "partygraph" and (type(value) is not int or value != FORMAT_VERSION):
        message = (
            f"format version {value!r} is not supported; "
            f"this partygraph reads version {FORMAT_VERSION}"
        )
        coll.errors.append(_err(data, key, key, message))
    else:
        coll.head[key] = value
        coll.head_marks[key] = data


def _is_table_ref(value: Any) -> bool:
    return isinstance(value, MarkedDict) and "table" in value


def _take_section(key: str, value: Any, data: MarkedDict, path: Path, coll: _Collected) -> None:
    if value is None:
        return
    if _is_table_ref(value):
        _take_table(value, key, path, coll)
        return
    if not isinstance(value, MarkedList):
        message = f"{key} must be a list of entries or {{table: file.csv}}"
        coll.errors.append(_err(data, key, key, message))
        return
    for i, item in enumerate(value):
        if _is_table_ref(item):
            _take_table(item, key, path, coll)
        elif isinstance(item, MarkedDict):
            coll.items[key].append(_Entry(item, i))
        else:
            message = "each entry must be a mapping (id: ..., name: ...)"
            coll.errors.append(_err(value, i, f"{key}[{i}]", message))


def _take_table(ref: MarkedDict, section: str, path: Path, coll: _Collected) -> None:
    """Read the CSV file a ``{table: ...}`` entry names."""
    problems = _table_ref_problems(ref, section)
    if not problems:
        name, encoding = ref["table"], ref.get("encoding")
        try:
            with stage(
                "读取表格 read tables" if section in TABLES else "读取结构表 read section tables"
            ):
                delimiter = ref.get("delimiter", ",")
                fast = (
                    arrowtables.read(
                        path.parent / name, TABLES[section], encoding=encoding, delimiter=delimiter
                    )
                    if section in TABLES
                    else None
                )
                raw = fast or RawTable.from_csv(
                    path.parent / name, encoding=encoding, delimiter=delimiter
                )
                if section not in TABLES:
                    _share_repeats(raw)
        except ConfigError as exc:
            problems = _relocate(exc.errors, ref.value_mark("table"), f"{section}.table")
        else:
            coll.items[section].append(raw)
            return
    coll.errors += problems
    coll.failed.add(section)


#: Columns whose values are mostly their row's own: not worth sharing.
_OWN_VALUES = frozenset({"id", "name", "note"})


def _share_repeats(raw: RawTable) -> None:
    """One string for each repeated cell of a column (a community id on
    thousands of rows), as soon as the table is read: the entities keep them,
    and a province's structure has millions."""
    for column, cells in raw.columns.items():
        if column not in _OWN_VALUES:
            seen: dict[str, str] = {}
            raw.columns[column] = [seen.setdefault(c, c) for c in cells]


def _table_ref_problems(ref: MarkedDict, section: str) -> list[ErrorItem]:
    problems = [
        _err(
            ref,
            key,
            f"{section}.{key}",
            f"unknown table option {key!r}{suggest(str(key), _TABLE_KEYS)}; "
            f"options are {', '.join(_TABLE_KEYS)}",
            at_key=True,
        )
        for key in ref
        if key not in _TABLE_KEYS
    ]
    name, encoding, delimiter = ref.get("table"), ref.get("encoding"), ref.get("delimiter", ",")
    if not isinstance(name, str) or not name:
        message = "table takes a file name, relative to this file"
        problems.append(_err(ref, "table", f"{section}.table", message))
    if encoding is not None and not isinstance(encoding, str):
        message = "encoding takes the name of an encoding, such as gb18030"
        problems.append(_err(ref, "encoding", f"{section}.encoding", message))
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        message = "delimiter is one character, such as ',' or ';' or \"\\t\" (a tab)"
        problems.append(_err(ref, "delimiter", f"{section}.delimiter", message))
    return problems


# -- phase one: entities --------------------------------------------------------
def _pydantic_errors(
    exc: ValidationError,
    origin: Origin,
    section: str,
    cls: type[BaseModel],
    skip_missing: frozenset[str] = frozenset(),
) -> list[ErrorItem]:
    out = []
    for err in exc.errors(include_url=False):
        loc: tuple[str | int, ...] = tuple(err["loc"])
        kind, message = err["type"], err["msg"].removeprefix("Value error, ")
        at_key, where = False, loc
        if kind == "extra_forbidden":
            at_key = True
            owner = _owner_class(cls, loc[:-1])
            allowed = list(owner.model_fields) if owner else []
            message = (
                f"unknown field {loc[-1]!r}{suggest(str(loc[-1]), allowed)}; "
                f"allowed: {', '.join(allowed)}"
            )
        elif kind == "missing":
            if loc[-1] in skip_missing:
                continue  # the whole column is missing: reported once
            message = f"required field {loc[-1]!r} is missing"
            where = loc[:-1]  # the mapping it is missing from
        elif not loc:
            # A check across fields names the field it is about first.
            loc = where = tuple(f for f in cls.model_fields if message.startswith(f))[:1]
        else:
            message += _given(kind, err.get("input"))
        file, line, col = origin.locate(where, key=at_key)
        out.append(ErrorItem(file, line, col, path_text(section, origin.index, loc), message))
    return out


def _given(kind: str, value: Any) -> str:
    """What was written, for the message; a number or date where text belongs
    (``id: 101``) is read by YAML as a number: quoting it makes it text."""
    if not isinstance(value, str | int | float | dt.date) or isinstance(value, bool):
        return ""
    if kind == "string_type":
        return f" (got {value!r}); put it in quotes to make it text: '{value}'"
    return f" (got {value!r})"


def _owner_class(cls: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that owns the field at ``loc`` (for 'allowed fields' hints)."""
    cur: type[BaseModel] = cls
    for part in loc:
        if isinstance(part, int):
            continue
        hints = typing.get_type_hints(cur)
        if part not in hints:
            return None
        tp, _ = unwrap_type(hints[part])
        if not (isinstance(tp, type) and issubclass(tp, BaseModel)):
            return None
        cur = tp
    return cur


def _csv_entity_rows(raw: RawTable, cls: type[BaseModel]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a CSV table as field dicts (unknown columns left out); ``a;b``
    cells fill list fields, 是/否 boolean ones."""
    hints = typing.get_type_hints(cls)
    kinds = {name: unwrap_type(hints[name]) for name in cls.model_fields}
    columns = {c: cells for c, cells in raw.columns.items() if c in kinds}
    for row in range(len(raw)):
        record: dict[str, Any] = {}
        for column, cells in columns.items():
            cell = cells[row].strip()
            if not cell:
                continue
            tp, many = kinds[column]
            if many and isinstance(tp, type) and issubclass(tp, BaseModel):
                record[column] = cell  # pydantic rejects it with a clear message
            elif many:
                record[column] = [part.strip() for part in cell.split(";") if part.strip()]
            elif tp is bool and cell in ("是", "否"):
                record[column] = cell == "是"
            else:
                record[column] = cell
        yield row, record


def _records(
    item: _Source, cls: type[BaseModel], section: str, errors: list[ErrorItem]
) -> Iterator[tuple[Origin, Any]]:
    """Each entity record of a source, with where it came from."""
    if isinstance(item, _Entry):
        yield YamlOrigin(item.node, item.index), item.node
        return
    required = [name for name, f in cls.model_fields.items() if f.is_required()]
    errors += check_header(item, list(cls.model_fields), required, section)
    errors += [
        ErrorItem(
            e.file, e.line, e.column, f"{section}.{e.field}" if e.field else section, e.message
        )
        for e in item.problems
    ]
    for row, record in _csv_entity_rows(item, cls):
        yield CsvOrigin(item, row), record


def _validate_entities(
    items: Sequence[_Source], section: str, errors: list[ErrorItem]
) -> tuple[list[Entity], list[Origin]]:
    """Phase one for a section: validate every entry into its entity class."""
    entities, origins = _validate_rows(items, section, SECTIONS[section], errors)
    return typing.cast(list[Entity], entities), origins


def _validate_rows(
    items: Sequence[_Source], section: str, cls: type[BaseModel], errors: list[ErrorItem]
) -> tuple[list[BaseModel], list[Origin]]:
    """Validate every entry or row of a section or companion into ``cls``."""
    entities: list[BaseModel] = []
    origins: list[Origin] = []
    for item in items:
        missing = frozenset(
            name
            for name in cls.model_fields
            if isinstance(item, RawTable) and name not in item.columns
        )
        for origin, record in _records(item, cls, section, errors):
            try:
                entity = cls.model_validate(record)
            except ValidationError as exc:
                errors += _pydantic_errors(exc, origin, section, cls, missing)
                continue
            share_fields_set(entity)
            entities.append(entity)
            origins.append(origin)
    return entities, origins


# -- companion sections: merged into their parents ------------------------------
@dataclass(frozen=True, eq=False)
class _MergedOrigin:
    """The origin of an entity some of whose nested records came from companion
    rows: ``parts[field][j]`` is where record ``j`` of ``field`` was written."""

    base: Origin
    parts: dict[str, dict[int, Origin]]

    @property
    def index(self) -> int:
        return self.base.index

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[str, int | None, int | None]:
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            origin = self.parts.get(loc[0], {}).get(loc[1])
            if origin is not None:
                return origin.locate(loc[2:], key=key)
        return self.base.locate(loc, key=key)


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeio' else 'a'} {kind}"


def _kind(section: str, entity: Entity) -> str:
    return _a(
        str(getattr(entity, "level", "division")) if section == "divisions" else _KIND[section]
    )


class _Merge:
    """Companion rows appended to their parents, and how to name them again in
    the resolver's messages (``service_items[3]``, not the parent's list)."""

    def __init__(self) -> None:
        #: (parent's field path, file) -> the row's own path, e.g. service_items[3]
        self.names: dict[tuple[str, str], str | None] = {}

    def rename(self, errors: Iterable[ErrorItem]) -> list[ErrorItem]:
        if not self.names:
            return list(errors)
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


def _merge_companions(
    coll: _Collected,
    sections: dict[str, list[Entity]],
    origins: dict[str, list[Origin]],
    known: dict[str, set[str]],
    errors: list[ErrorItem],
) -> _Merge:
    """Validate every companion row and append it to its parent's list;
    the parent's origin then locates each merged record at its row."""
    merge = _Merge()
    if not any(coll.items[name] for name in COMPANIONS):
        return merge
    owner: dict[str, tuple[str, int]] = {}
    for section, items in sections.items():
        for i, entity in enumerate(items):
            owner.setdefault(entity.id, (section, i))
    parts: dict[tuple[str, int], dict[str, dict[int, Origin]]] = {}
    for name, comp in COMPANIONS.items():
        rows, row_origins = _validate_rows(coll.items[name], name, comp.row, errors)
        for row, origin in zip(rows, row_origins, strict=True):
            parent_id: str = getattr(row, comp.key)
            found = owner.get(parent_id)
            if found is None or found[0] not in comp.parents:
                problem = _parent_problem(comp, parent_id, found, sections, known, coll.failed)
                if problem is not None:
                    file, line, col = origin.locate((comp.key,))
                    field = path_text(name, origin.index, (comp.key,))
                    errors.append(ErrorItem(file, line, col, field, problem))
                continue
            section, i = found
            records: list[BaseModel] = getattr(sections[section][i], comp.field)
            records.append(_record(comp, row))
            j = len(records) - 1
            parts.setdefault((section, i), {}).setdefault(comp.field, {})[j] = origin
            parent_path = path_text(section, origins[section][i].index, (comp.field, j))
            here = (parent_path, origin.locate(())[0])
            own = path_text(name, origin.index, ())
            merge.names[here] = own if merge.names.get(here, own) == own else None
    for (section, i), nested in parts.items():
        origins[section][i] = _MergedOrigin(origins[section][i], nested)
    return merge


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
    if found is None:
        if any(parent_id in known[p] for p in comp.parents):
            return None  # the parent failed its shape check: reported
        return f"unknown {comp.wants} {parent_id!r}"
    section, i = found
    return f"{parent_id!r} is {_kind(section, sections[section][i])}, not {_a(comp.wants)}"


# -- phase one: bulk tables -----------------------------------------------------
def _raw_tables(items: Sequence[_Source]) -> list[RawTable]:
    """The sources of a bulk table in order; inline rows in a row from one file
    become one table."""
    raws: list[RawTable] = []
    run: list[MarkedDict] = []
    for item in [*items, None]:
        if isinstance(item, _Entry) and (not run or run[0].mark.file == item.node.mark.file):
            run.append(item.node)
            continue
        if run:
            raws.append(RawTable.from_rows(run, run[0].mark.file))
            run = []
        if isinstance(item, _Entry):
            run.append(item.node)
        elif item is not None:
            raws.append(item)
    return raws


def _bulk(
    name: str, items: Sequence[_Source], errors: list[ErrorItem]
) -> tuple[dict[str, Array], list[RawTable], Array, Array]:
    spec = TABLES[name]
    raws = _raw_tables(items)
    if len(raws) == 1 and raws[0].fast is not None:
        # Read and checked by Arrow; references are resolved from its columns.
        n = len(raws[0])
        source = np.zeros(n, dtype=np.int16)
        return dict(raws[0].fast.columns), raws, source, _line_numbers(raws[0].lines)
    parts = []
    for raw in raws:
        columns, problems = parse_columns(raw, spec, name)
        errors += problems
        parts.append(columns)
    if not parts:
        empty = TableData.empty(spec)
        return empty.columns, [], empty.source, empty.line
    columns = (
        parts[0]
        if len(parts) == 1
        else {c.name: np.concatenate([p[c.name] for p in parts]) for c in spec.columns}
    )
    source = np.concatenate([np.full(len(r), k, dtype=np.int16) for k, r in enumerate(raws)])
    line = np.concatenate([_line_numbers(r.lines) for r in raws])
    return columns, raws, source, line


def _line_numbers(lines: Sequence[int]) -> Array:
    if isinstance(lines, range):  # a plain table: one row a line
        return np.arange(lines.start, lines.stop, lines.step, dtype=np.int32)
    return np.asarray(lines, dtype=np.int32)


def _head(coll: _Collected, errors: list[ErrorItem]) -> dict[str, Any]:
    head = {k: v for k, v in coll.head.items() if k in ("name", "description", "snapshot")}
    try:
        Model.model_validate(head)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            key = str(err["loc"][0])
            errors.append(_err(coll.head_marks[key], key, key, err["msg"]))
        return {}
    return head


def load(path: str | os.PathLike[str]) -> Model:
    """Load a model: read the entry file and its includes and tables, validate, resolve.

    Raises :class:`ConfigError` with every problem found.
    """
    coll = _Collected()
    with stage("读取文件 read files"):
        _read(Path(path), coll)
    errors = list(coll.errors)
    head = _head(coll, errors)
    sections: dict[str, list[Entity]] = {}
    origins: dict[str, list[Origin]] = {}
    with stage("校验结构 validate structure"):
        for section in SECTIONS:
            sections[section], origins[section] = _validate_entities(
                coll.items[section], section, errors
            )
        known = _ids_written(coll)
        merge = _merge_companions(coll, sections, origins, known, errors)
    with stage("校验表格 validate tables"):
        raw_tables = {name: _bulk(name, coll.items[name], errors) for name in TABLES}
    population, problems = resolve(
        sections, origins, raw_tables, known=known, failed=frozenset(coll.failed)
    )
    errors += merge.rename(problems)
    if errors:
        raise ConfigError(_sorted_unique(errors))
    model = Model.model_validate({**head, **sections, "population": population})
    return model


def _ids_written(coll: _Collected) -> dict[str, set[str]]:
    """Every id written in each section, valid entity or not: an entity that
    failed its shape check is missing from the model, but references to it are
    not reported as dangling too."""
    ids: dict[str, set[str]] = {}
    for section in SECTIONS:
        found = ids.setdefault(section, set())
        for item in coll.items[section]:
            if isinstance(item, _Entry) and isinstance(item.node.get("id"), str):
                found.add(item.node["id"])
            elif isinstance(item, RawTable):
                found.update(cell.strip() for cell in item.columns.get("id", []))
    return ids


def _sorted_unique(errors: list[ErrorItem]) -> list[ErrorItem]:
    unique = dict.fromkeys(errors)
    return sorted(unique, key=lambda e: (e.file or "", e.line or 0, e.column or 0, e.field))


# -- dump -------------------------------------------------------------------------
def _table_dir(path: Path) -> Path:
    return path.with_name(f"{path.stem}_tables")


def _ids_of(model: Model, target: str) -> Array:
    """The ids a reference column's codes point into, with ``""`` for code -1."""
    if target in TABLES:
        ids = model.population[target]["id"]
    else:
        ids = text_array([e.id for e in model.section(target)])
    return np.append(ids, text_array([""]))


def _cells(model: Model, table: TableData) -> list[list[str]]:
    """Each column of a bulk table as strings, references back to ids."""
    out = []
    for col in table.spec.columns:
        values = table.columns[col.name]
        if col.type == "ref":
            assert col.target is not None
            ids = _ids_of(model, col.target)
            if values.size and (values.min() < -1 or values.max() >= len(ids) - 1):
                raise PartygraphError(
                    f"{table.spec.name}.{col.name}: a code is out of range "
                    f"(-1 to {len(ids) - 2}); the population does not match the model"
                )
            out.append(ids[values].tolist())
        elif col.type == "enum":
            choices = np.array([*col.choices, ""], dtype=object)
            out.append(choices[values].tolist())
        elif col.type == "int":
            out.append(["" if v < 0 else str(v) for v in values.tolist()])
        elif col.type == "bool":
            out.append(np.where(values, "true", "false").tolist())
        elif col.type == "date":
            text = np.datetime_as_string(values, unit="D")
            out.append(np.where(np.isnat(values), "", text).tolist())
        else:
            out.append(["" if v is None else str(v) for v in values.tolist()])
    return out


def _csv_text(header: list[str], rows: Sequence[Sequence[str]]) -> str:
    """CSV text, lines ending in ``\\n``; ``\\r\\n`` when a cell holds a carriage
    return, which the csv module quotes only when it ends lines."""
    for ending in ("\n", "\r\n"):
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator=ending)
        writer.writerow(header)
        writer.writerows(rows)
        text = buf.getvalue()
        if ending == "\r\n" or "\r" not in text:
            break
    return text


def _yaml_value(entity: Entity) -> dict[str, Any]:
    return entity.model_dump(mode="python", exclude_defaults=True)


class _Dumper(yaml.SafeDumper):
    """Block style, Chinese kept as is, no anchors: every value written out
    (a reader need not resolve ``*id001``, and the loader skips its alias walk)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML folds a NEL or line/paragraph separator in a plain or single-quoted
    # scalar into a space when reading back; double quotes escape them.
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


#: A structure section this long is dumped as a CSV table (when every value fits one).
TABLE_MIN_ROWS = 100


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _section_csv(cls: type[Entity], items: Sequence[Entity]) -> str | None:
    """The section as CSV text, or ``None`` when CSV cannot hold it exactly
    (nested records, ``;`` in a list item, ...): checked by reading it back."""
    rows = [e.model_dump(mode="python", exclude_defaults=True) for e in items]
    return _rows_csv(cls, list(cls.model_fields), rows, items)


def _rows_csv(
    cls: type[BaseModel],
    order: list[str],
    rows: list[dict[str, Any]],
    want: Sequence[Any],
    back_as: Callable[[Any], Any] = lambda x: x,
) -> str | None:
    """``rows`` as CSV text (columns in ``order``) when reading it back as
    ``cls`` (then ``back_as``) gives ``want`` exactly, else ``None``."""
    columns = [name for name in order if any(name in r for r in rows)]
    text = _csv_text(columns, [[_cell(r.get(c)) for c in columns] for r in rows])
    try:
        raw = RawTable.from_text(text, "<dump>")
        back = [back_as(cls.model_validate(rec)) for _, rec in _csv_entity_rows(raw, cls)]
    except (ConfigError, ValidationError):
        return None
    return text if back == list(want) else None


#: A nested record with the id of the entity holding it: one companion row.
_Pair = tuple[str, BaseModel]


def _record(comp: Companion, row: BaseModel) -> BaseModel:
    """The nested record a validated companion row holds (already valid: not
    validated again)."""
    values = {f: getattr(row, f) for f in comp.record.model_fields}
    record = comp.record.model_construct(row.model_fields_set - {comp.key}, **values)
    share_fields_set(record)
    return record


def _companion_pairs(comp: Companion, items: Sequence[Entity]) -> list[_Pair]:
    """The nested records of ``items`` in ``comp.field`` with their holder, in order."""
    return [(e.id, r) for e in items for r in getattr(e, comp.field)]


def _row_dict(comp: Companion, pair: _Pair) -> dict[str, Any]:
    return {comp.key: pair[0], **pair[1].model_dump(mode="python", exclude_defaults=True)}


def _companion_csv(comp: Companion, pairs: list[_Pair]) -> str | None:
    """Companion rows as CSV text, parent key first, when CSV holds them exactly."""
    return _rows_csv(
        comp.row,
        [comp.key, *comp.record.model_fields],
        [_row_dict(comp, pair) for pair in pairs],
        pairs,
        lambda row: (getattr(row, comp.key), _record(comp, row)),
    )


def _split_csv(section: str, items: Sequence[Entity]) -> tuple[str, dict[str, list[_Pair]]] | None:
    """A section CSV cannot hold only for its nested records: the section without
    them as CSV text, and its companion rows per companion; ``None`` when CSV
    cannot hold the section or a companion exactly."""
    comps = _NESTED[section]
    if not comps:
        return None
    bare = [e.model_copy(update={c.field: [] for c in comps}) for e in items]
    text = _section_csv(SECTIONS[section], bare)
    if text is None:
        return None
    companions: dict[str, list[_Pair]] = {}
    for comp in comps:
        pairs = _companion_pairs(comp, items)
        if pairs:
            if _companion_csv(comp, pairs) is None:
                return None
            companions[comp.name] = pairs
    return text, companions


def _section_table(
    section: str, items: Sequence[Entity], companions: dict[str, list[_Pair]]
) -> str | None:
    """A long section as CSV text (``None``: it stays in YAML); its nested records,
    when they alone kept it from CSV, are added to ``companions``."""
    if len(items) < TABLE_MIN_ROWS:
        return None
    text = _section_csv(SECTIONS[section], items)
    if text is not None:
        return text
    split = _split_csv(section, items)
    if split is None:
        return None
    for name, rows in split[1].items():
        companions.setdefault(name, []).extend(rows)
    return split[0]


def _comment(description: str | None) -> str:
    """The description again as comment lines on top, for whoever opens the file
    (none when it holds a character a YAML comment cannot)."""
    if not description or yaml.reader.Reader.NON_PRINTABLE.search(description):
        return ""
    return "".join(f"# {line}\n" for line in description.splitlines())


def dump(model: Model, path: str | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` (YAML) and its tables to ``<stem>_tables/*.csv``.

    Bulk tables always go to CSV; so does a structure section of
    :data:`TABLE_MIN_ROWS` or more entities when CSV holds it exactly (what a
    spreadsheet user edits, and much faster to read), its nested records going
    to companion tables (``service_items.csv`` ...) when they alone kept it
    from CSV.  Every text is made before any file is written, and every file
    is written whole or not at all, the YAML file last.  ``load(path) == model`` holds.
    """
    path = Path(path)
    tables_dir = _table_dir(path)
    files: dict[Path, str] = {}
    doc: dict[str, Any] = {"partygraph": FORMAT_VERSION, "name": model.name}
    if model.description:
        doc["description"] = model.description
    if model.snapshot:
        doc["snapshot"] = model.snapshot
    companions: dict[str, list[_Pair]] = {}
    for section in SECTIONS:
        items = model.section(section)
        text = _section_table(section, items, companions)
        if text is not None:
            files[tables_dir / f"{section}.csv"] = text
            doc[section] = {"table": f"{tables_dir.name}/{section}.csv"}
        elif items:
            doc[section] = [_yaml_value(e) for e in items]
    for name, pairs in companions.items():
        # Each section's rows read back exactly on their own, so all of them do;
        # inline rows (exact in YAML) should that ever fail.
        comp = COMPANIONS[name]
        part = _companion_csv(comp, pairs)
        if part is not None:
            files[tables_dir / f"{name}.csv"] = part
            doc[name] = {"table": f"{tables_dir.name}/{name}.csv"}
        else:
            doc[name] = [_row_dict(comp, pair) for pair in pairs]
    for name, table in model.population.tables.items():
        if len(table):
            header = [c.name for c in table.spec.columns]
            files[tables_dir / f"{name}.csv"] = _csv_text(
                header, list(zip(*_cells(model, table), strict=True))
            )
            doc[name] = {"table": f"{tables_dir.name}/{name}.csv"}
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    files[path] = _comment(model.description) + text
    for file, text in files.items():
        with write_atomic(file) as f:
            f.write(text)
