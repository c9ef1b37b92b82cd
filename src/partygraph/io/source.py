"""Reading a model's files: the entry file, its includes and its tables.

(Over 400 lines: the entry file, its includes and its table references are
read and checked in one pass that shares the marks of the YAML read.)

An entry file names the model and lists sections (see ``docs/config.md``)::

    partygraph: 1
    name: 阳江市（示意）
    include: [jiangcheng.yaml]          # more sections, merged in order
    divisions:
      - {id: yj, name: 阳江市, level: city}
    households: {table: tables/households.csv}   # bulk rows from a CSV table

:func:`collect` reads them all into one :class:`Collected`: per section and
bulk table, its entries and tables in reading order, nothing validated yet
(that is :mod:`partygraph.io.shape`), and every problem with the files
themselves (unknown sections, include cycles, unreadable tables).

Examples
--------
>>> coll = collect(Path("tests/fixtures/small/model.yaml"))
>>> coll.errors, coll.head["name"], len(coll.items["divisions"]) > 0
([], '示例市（测试）', True)
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partygraph.errors import MAX_REPORTED, ConfigError, ErrorItem
from partygraph.i18n import language, tr
from partygraph.io import arrowtables, dates, fullwidth, mapping
from partygraph.io.companions import COMPANIONS
from partygraph.io.readfile import first_row, sniff_delimiter
from partygraph.io.scalars import DATE_WHY
from partygraph.io.tables import RawTable, suggest
from partygraph.io.xlsx import is_workbook, read_sheet
from partygraph.io.yamlsrc import Mark, MarkedDict, MarkedList, load_file
from partygraph.model import SECTIONS
from partygraph.model.base import date_input
from partygraph.model.population import TABLES
from partygraph.normalised import note
from partygraph.progress import stage

__all__ = [
    "FORMAT_VERSION",
    "MAX_INCLUDES",
    "Collected",
    "Entry",
    "Source",
    "collect",
    "error_at",
]

#: The ``partygraph:`` format version this release reads and writes.
FORMAT_VERSION = 1
#: Most files one model may include.
MAX_INCLUDES = 500

_HEAD_KEYS = (
    "partygraph", "name", "description", "snapshot", "coordinates", "vocabulary", "include"
)  # fmt: skip
_TOP_KEYS = (*_HEAD_KEYS, *SECTIONS, *COMPANIONS, *TABLES)
_TABLE_KEYS = ("table", "encoding", "delimiter", "sheet", "columns")
#: What a model file may hold besides its head: sections, companions, bulk tables.
_SECTION_KEYS = (*SECTIONS, *COMPANIONS, *TABLES)


@dataclass(frozen=True)
class Entry:
    """One entry of a section or bulk table written in YAML: item ``index`` of its list."""

    node: MarkedDict
    index: int


#: Where a section's or table's rows come from: a YAML entry or a CSV table.
Source = Entry | RawTable


@dataclass(frozen=True)
class _TableRef:
    """A ``{table: ...}`` entry, read once every YAML file is: its rows go to
    ``items[section]`` at position ``at``.  ``delimiter`` ``None``: a comma, or
    a tab when the header has tabs and no commas; ``sheet`` and ``columns`` as
    written (``columns`` the ``columns:`` mapping, header -> field)."""

    section: str
    file: Path
    encoding: str | None
    delimiter: str | None
    mark: Mark
    at: int
    sheet: str | int | None = None
    columns: MarkedDict | None = None


class Collected:
    """Everything read from the entry file and its includes, before validation.

    ``items`` maps each section, companion section and bulk table to its
    sources in reading order; ``failed`` names those with a table file that
    could not be read at all.
    """

    def __init__(self) -> None:
        self.head: dict[str, Any] = {}
        self.head_marks: dict[str, MarkedDict] = {}
        self.items: dict[str, list[Source]] = {
            name: [] for name in (*SECTIONS, *COMPANIONS, *TABLES)
        }
        self.errors: list[ErrorItem] = []
        self.files: list[Path] = []
        self.failed: set[str] = set()
        self.tables: list[_TableRef] = []


def collect(path: Path) -> Collected:
    """Read the entry file at ``path``, the files it includes and the tables they name."""
    coll = Collected()
    _read(path, coll)
    _read_tables(coll)
    dates.in_sections(coll.items)
    return coll


def error_at(
    node: MarkedDict | MarkedList, key: Any, field: str, message: str, *, at_key: bool = False
) -> ErrorItem:
    """A problem at ``node[key]`` (its key with ``at_key``)."""
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


def _read(
    path: Path, coll: Collected, stack: tuple[Path, ...] = (), via: Mark | None = None
) -> None:
    """Read one file into ``coll``, then the files it includes; ``via`` is the
    ``include:`` item that named it."""
    real = _real(path)
    problem = _include_problem(real, coll, stack)
    if problem is not None:
        coll.errors += _relocate(
            [ErrorItem(str(path), None, None, "include", problem)], via, "include"
        )
        return
    coll.files.append(real)
    try:
        data, problems = load_file(path, fullwidth.model_prose())
    except ConfigError as exc:
        coll.errors += _relocate(exc.errors, via, "include")
        return
    coll.errors += problems
    if data is not None and not isinstance(data, MarkedDict):
        message = tr("load_yaml.not_a_mapping")
        coll.errors.append(ErrorItem(str(path), 1, 1, "", message))
        return
    empty = _nothing_in(data, path, is_entry=not stack)
    if empty is not None:
        coll.errors.append(empty)
    if data is None:
        return
    for key, value in data.items():
        _take(key, value, data, path, coll, is_entry=not stack)
    for name, mark in _includes(data, coll):
        _read(path.parent / name, coll, (*stack, real), mark)


def _nothing_in(data: MarkedDict | None, path: Path, *, is_entry: bool) -> ErrorItem | None:
    """An empty entry file, or one with neither ``partygraph:`` nor a section
    (nor an ``include:``): a mistake (a file saved empty, the wrong file
    named), not an empty model.  A section written empty (``divisions: []``)
    counts: the file says what it is.  An included file may hold nothing yet."""
    keys = set(data or ())
    if not is_entry or keys - {"name", "description", "snapshot", "coordinates", "vocabulary"}:
        return None
    sections = ("、" if language() == "zh" else ", ").join(_SECTION_KEYS)
    key = "load_yaml.no_sections" if keys else "load_yaml.empty_file"
    return ErrorItem(str(path), 1, 1, "", tr(key, file=path.name, sections=sections))


def _real(path: Path) -> Path:
    """Where ``path`` leads; a symlink loop or a NUL in the name is reported
    when the file is read, so here the path stands for itself."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()


def _include_problem(real: Path, coll: Collected, stack: tuple[Path, ...]) -> str | None:
    if real in stack:
        chain = " -> ".join(p.name for p in (*stack, real))
        return tr("load_yaml.include_cycle", chain=chain)
    if real in coll.files:
        return tr("load_yaml.included_twice", file=real.name)
    if len(coll.files) >= MAX_INCLUDES:
        return tr("load_yaml.too_many_includes", limit=MAX_INCLUDES)
    return None


def _includes(data: MarkedDict, coll: Collected) -> list[tuple[str, Mark]]:
    """The files an ``include:`` names, with the place each is named."""
    value = data.get("include")
    if value is None:
        return []
    if isinstance(value, str) and value:
        return [(value, data.value_mark("include"))]
    if isinstance(value, MarkedList) and all(isinstance(v, str) and v for v in value):
        return [(v, value.item_mark(i)) for i, v in enumerate(value)]
    message = tr("load_yaml.include_value")
    coll.errors.append(error_at(data, "include", "include", message))
    return []


def _take(
    key: Any, value: Any, data: MarkedDict, path: Path, coll: Collected, *, is_entry: bool
) -> None:
    if key not in _TOP_KEYS:
        # A fuzzy match costs 80 µs: none once more problems are found than are listed.
        hint = suggest(str(key), _TOP_KEYS) if len(coll.errors) < MAX_REPORTED else ""
        message = tr("load_yaml.unknown_section", key=key, hint=hint, sections=", ".join(_TOP_KEYS))
        coll.errors.append(error_at(data, key, str(key), message, at_key=True))
    elif key == "include":
        return
    elif key not in _HEAD_KEYS:
        _take_section(key, value, data, path, coll)
    elif not is_entry:
        message = tr("load_yaml.entry_only", key=key)
        coll.errors.append(error_at(data, key, key, message, at_key=True))
    elif key == "partygraph" and (type(value) is not int or value != FORMAT_VERSION):
        message = tr("load_yaml.format_version", value=value, version=FORMAT_VERSION)
        coll.errors.append(error_at(data, key, key, message))
    elif key == "snapshot":
        _take_snapshot(value, data, coll)
    elif key == "coordinates":
        _take_coordinates(value, data, coll)
    elif key == "vocabulary":
        _take_vocabulary(value, data, coll)
    else:
        coll.head[key] = value
        coll.head_marks[key] = data


def _take_snapshot(value: Any, data: MarkedDict, coll: Collected) -> None:
    """``snapshot:``, the day the data describes: a date, noted when written as
    Excel writes it; anything else refused at its place."""
    mark = data.value_mark("snapshot")
    day = dates.normalise(value) if isinstance(value, str) else None
    if day is not None:
        note(mark.file, mark.line, mark.column, "snapshot", value, str(day), DATE_WHY)
        value = day
    try:
        value = date_input(value)
    except ValueError as exc:
        coll.errors.append(error_at(data, "snapshot", "snapshot", str(exc)))
        return
    coll.head["snapshot"] = value
    coll.head_marks["snapshot"] = data


def _take_coordinates(value: Any, data: MarkedDict, coll: Collected) -> None:
    """``coordinates: {unit: m|km, crs: local|wgs84|gcj02}``; anything else refused
    at its place, with what may be written."""
    from partygraph.vocabulary.space import COORDINATE_UNITS, CRS

    allowed = {"unit": COORDINATE_UNITS, "crs": CRS}
    if not isinstance(value, MarkedDict):
        message = tr("load_yaml.coordinates_value")
        coll.errors.append(error_at(data, "coordinates", "coordinates", message))
        return
    ok = True
    for key, written in value.items():
        choices = allowed.get(str(key))
        if choices is None or written not in choices:
            ok = False
            field = f"coordinates.{key}"
            if choices is None:
                message = tr("load_yaml.coordinates_key", key=key)
                coll.errors.append(error_at(value, key, field, message, at_key=True))
            else:
                message = tr("load_yaml.coordinates_choice", key=key, value=written,
                             choices=" | ".join(choices))  # fmt: skip
                coll.errors.append(error_at(value, key, field, message))
    if ok:
        coll.head["coordinates"] = dict(value)
        coll.head_marks["coordinates"] = data


def _take_vocabulary(value: Any, data: MarkedDict, coll: Collected) -> None:
    """``vocabulary: {synonyms: [[...], ...]}`` (:mod:`partygraph.io.synonyms`)."""
    from partygraph.io.synonyms import read_vocabulary

    taken, problems = read_vocabulary(value, data)
    coll.errors += problems
    if taken is not None:
        coll.head["vocabulary"] = taken
        coll.head_marks["vocabulary"] = data


def _is_table_ref(value: Any) -> bool:
    return isinstance(value, MarkedDict) and "table" in value


def _take_section(key: str, value: Any, data: MarkedDict, path: Path, coll: Collected) -> None:
    if value is None:
        return
    if _is_table_ref(value):
        _take_table(value, key, path, coll)
        return
    if not isinstance(value, MarkedList):
        message = tr("load_yaml.section_value", key=key)
        coll.errors.append(error_at(data, key, key, message))
        return
    for i, item in enumerate(value):
        if _is_table_ref(item):
            _take_table(item, key, path, coll)
        elif isinstance(item, MarkedDict):
            coll.items[key].append(Entry(item, i))
        else:
            message = tr("load_yaml.entry_not_mapping")
            coll.errors.append(error_at(value, i, f"{key}[{i}]", message))


def _take_table(ref: MarkedDict, section: str, path: Path, coll: Collected) -> None:
    """Note the CSV file or workbook a ``{table: ...}`` entry names, to read when
    all YAML is read."""
    problems = _table_ref_problems(ref, section)
    if problems:
        coll.errors += problems
        coll.failed.add(section)
        return
    file, encoding = path.parent / ref["table"], ref.get("encoding")
    delimiter, mark, at = ref.get("delimiter"), ref.value_mark("table"), len(coll.items[section])
    columns = ref.get("columns")
    ref_ = _TableRef(section, file, encoding, delimiter, mark, at, ref.get("sheet"), columns)
    coll.tables.append(ref_)


def _read_tables(coll: Collected) -> None:
    """Read every table named, each into its place among its section's sources.

    The bulk tables all go by Arrow or all the standard way, as their size
    together decides (a table resolved the standard way against one read by
    Arrow would need all of that one's ids as Python strings)."""
    bulk_bytes = sum(_size(t.file) for t in coll.tables if t.section in TABLES)
    read: dict[str, list[tuple[int, RawTable]]] = {}
    for t in coll.tables:
        bulk = t.section in TABLES
        try:
            with stage("读取表格 read tables" if bulk else "读取结构表 read section tables"):
                raw = _read_table(t, bulk_bytes)
        except ConfigError as exc:
            coll.errors += _relocate(exc.errors, t.mark, f"{t.section}.table")
            coll.failed.add(t.section)
        else:
            read.setdefault(t.section, []).append((t.at, raw))
    for section, raws in read.items():
        items, merged, start = coll.items[section], [], 0
        for at, raw in raws:  # in reading order, so ``at`` never decreases
            merged += [*items[start:at], raw]
            start = at
        coll.items[section] = [*merged, *items[start:]]


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except (OSError, ValueError):  # reported when the file is read (ValueError: a NUL)
        return 0


def _read_table(t: _TableRef, bulk_bytes: int) -> RawTable:
    """A workbook's sheet; a bulk table by Arrow when it takes it; else (and a
    section's table) the standard way.  Headers are then read as fields
    (``columns:`` and the Chinese headers): a bulk table whose header needs it
    is not given to Arrow, which reads the fields' names only."""
    raw = (
        read_sheet(t.file, t.sheet, t.section) if is_workbook(t.file) else _read_csv(t, bulk_bytes)
    )
    if raw.fast is None:
        mapping.apply(raw, t.section, t.columns)
    if t.section not in TABLES:
        _share_repeats(raw)
    return raw


def _read_csv(t: _TableRef, bulk_bytes: int) -> RawTable:
    header = first_row(t.file, t.encoding)
    delimiter = t.delimiter or sniff_delimiter(header, str(t.file), f"{t.section}.delimiter")
    if t.section in TABLES:
        spec = TABLES[t.section]
        try:
            names = next(csv.reader([header or ""], delimiter=delimiter), [])
        except csv.Error:  # a stray carriage return: the standard path says where
            return RawTable.from_csv(t.file, encoding=t.encoding, delimiter=delimiter)
        if mapping.renames([n.strip() for n in names], t.section, t.columns):
            arrowtables.record(spec.name, "read", False, "header read through columns/aliases")
        else:
            fast = arrowtables.read(
                t.file, spec, encoding=t.encoding, delimiter=delimiter, bulk_bytes=bulk_bytes
            )
            if fast is not None:
                return fast
    return RawTable.from_csv(t.file, encoding=t.encoding, delimiter=delimiter)


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
        error_at(
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
        problems.append(error_at(ref, "table", f"{section}.table", message))
        return problems
    if encoding is not None and not isinstance(encoding, str):
        message = "encoding takes the name of an encoding, such as gb18030"
        problems.append(error_at(ref, "encoding", f"{section}.encoding", message))
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        message = "delimiter is one character, such as ',' or ';' or \"\\t\" (a tab)"
        problems.append(error_at(ref, "delimiter", f"{section}.delimiter", message))
    book = is_workbook(Path(name))
    for key in ("encoding", "delimiter") if book else ("sheet",):
        if key in ref:
            kind = "xlsx_option_" if book else "sheet_not_workbook_"
            message = tr(f"load_tables.{kind}{key}", file=name)
            problems.append(error_at(ref, key, f"{section}.{key}", message, at_key=True))
    sheet = ref.get("sheet")
    if sheet is not None and not _is_sheet(sheet):
        message = tr("load_tables.sheet_not_a_sheet", value=str(sheet))
        problems.append(error_at(ref, "sheet", f"{section}.sheet", message))
    if "columns" in ref:
        problems += mapping.problems(ref, section)
    return problems


def _is_sheet(value: Any) -> bool:
    """A sheet's name, or its position from 1 (a bool is not a position)."""
    if isinstance(value, bool):
        return False
    return (isinstance(value, str) and value.strip() != "") or (
        isinstance(value, int) and value >= 1
    )
