"""YAML configuration: load a model from files, dump it back.

An entry file names the model and lists sections (see ``docs/config.md``)::

    partygraph: 1
    name: 阳江市（示意）
    include: [jiangcheng.yaml]          # more sections, merged in order
    divisions:
      - {id: yj, name: 阳江市, level: city}
    households: {table: tables/households.csv}   # bulk rows from a CSV table

Loading has two phases: the *shape* of every entity and cell, then the
*references* between them (:mod:`partygraph.resolve`).  All problems of both
phases are collected and raised together as one :class:`ConfigError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ValidationError

from partygraph.errors import ConfigError, ErrorItem
from partygraph.model import SECTIONS, Entity, Model
from partygraph.population import TABLES, Array, TableData
from partygraph.resolve import CsvOrigin, Origin, YamlOrigin, path_text, resolve
from partygraph.tables import RawTable, parse_columns, suggest
from partygraph.yamlsrc import MarkedDict, MarkedList, load_file

__all__ = ["FORMAT_VERSION", "dump", "load", "validate_entities", "write_atomic"]

_UMASK = os.umask(0o022)
os.umask(_UMASK)

#: The ``partygraph:`` format version this release reads and writes.
FORMAT_VERSION = 1
#: Most files one model may include.
MAX_INCLUDES = 500

_HEAD_KEYS = ("partygraph", "name", "description", "snapshot", "include")
_TOP_KEYS = (*_HEAD_KEYS, *SECTIONS, *TABLES)
_TABLE_KEYS = {"table", "encoding", "delimiter"}


class _Collected:
    """Everything read from the entry file and its includes, before validation."""

    def __init__(self) -> None:
        self.head: dict[str, Any] = {}
        self.head_marks: dict[str, tuple[MarkedDict, str]] = {}
        self.items: dict[str, list[tuple[MarkedDict, Path] | RawTable]] = {s: [] for s in SECTIONS}
        self.tables: dict[str, list[tuple[MarkedDict, Path] | RawTable]] = {t: [] for t in TABLES}
        self.errors: list[ErrorItem] = []
        self.files: list[Path] = []


def _err(
    node: MarkedDict | MarkedList, key: Any, field: str, message: str, *, at_key: bool = False
) -> ErrorItem:
    if isinstance(node, MarkedDict):
        mark = node.key_mark(key) if at_key else node.value_mark(key)
    else:
        mark = node.item_mark(key) if isinstance(key, int) else node.mark
    return ErrorItem(mark.file, mark.line, mark.column, field, message)


def _read(path: Path, coll: _Collected, stack: tuple[Path, ...]) -> None:
    """Read one file into ``coll``, then the files it includes."""
    real = path.resolve()
    if real in stack:
        chain = " -> ".join(str(p) for p in (*stack, real))
        coll.errors.append(ErrorItem(str(path), None, None, "include", f"include cycle: {chain}"))
        return
    if len(coll.files) >= MAX_INCLUDES:
        coll.errors.append(
            ErrorItem(str(path), None, None, "include", f"more than {MAX_INCLUDES} files included")
        )
        return
    coll.files.append(real)
    try:
        data, problems = load_file(path)
    except ConfigError as exc:
        coll.errors.extend(exc.errors)
        return
    coll.errors.extend(problems)
    if data is None:
        return
    if not isinstance(data, MarkedDict):
        coll.errors.append(
            ErrorItem(
                str(path),
                1,
                1,
                "",
                "the file must be a mapping of sections "
                "(divisions:, party_orgs:, ...), not a list or a value",
            )
        )
        return
    is_entry = not stack
    for key, value in data.items():
        _take(key, value, data, path, coll, is_entry)
    includes = data.get("include") or []
    if isinstance(includes, str):
        includes = [includes]
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        coll.errors.append(
            _err(data, "include", "include", "include takes a file name or a list of them")
        )
        return
    for name in includes:
        _read(path.parent / name, coll, (*stack, real))


def _take(
    key: Any, value: Any, data: MarkedDict, path: Path, coll: _Collected, is_entry: bool
) -> None:
    if key not in _TOP_KEYS:
        coll.errors.append(
            _err(
                data,
                key,
                str(key),
                f"unknown section {key!r}{suggest(str(key), _TOP_KEYS)}; "
                f"sections are: {', '.join(_TOP_KEYS)}",
                at_key=True,
            )
        )
    elif key == "include":
        return
    elif key in _HEAD_KEYS:
        if not is_entry:
            coll.errors.append(
                _err(data, key, str(key), f"{key!r} may only be set in the entry file", at_key=True)
            )
        elif key == "partygraph" and value != FORMAT_VERSION:
            coll.errors.append(
                _err(
                    data,
                    key,
                    key,
                    f"format version {value!r} is not supported; "
                    f"this partygraph reads version {FORMAT_VERSION}",
                )
            )
        else:
            coll.head[key] = value
            coll.head_marks[key] = (data, key)
    else:
        _take_section(key, value, data, path, coll)


def _is_table_ref(value: Any) -> bool:
    return isinstance(value, MarkedDict) and "table" in value


def _take_section(key: str, value: Any, data: MarkedDict, path: Path, coll: _Collected) -> None:
    if value is None:
        return
    entries: list[tuple[Any, MarkedDict | MarkedList, Any]]
    if _is_table_ref(value):
        entries = [(value, data, key)]
    elif isinstance(value, MarkedList):
        entries = [(item, value, i) for i, item in enumerate(value)]
    else:
        coll.errors.append(
            _err(data, key, key, f"{key} must be a list of entries or {{table: file.csv}}")
        )
        return
    for item, parent, where in entries:
        if _is_table_ref(item):
            raw = _read_table_ref(item, key, path, coll)
            if raw is not None:
                (coll.items[key] if key in SECTIONS else coll.tables[key]).append(raw)
        elif isinstance(item, MarkedDict):
            (coll.items[key] if key in SECTIONS else coll.tables[key]).append((item, path))  # type: ignore[arg-type]
        else:
            coll.errors.append(
                _err(
                    parent,
                    where,
                    f"{key}[{where}]",
                    "each entry must be a mapping (id: ..., name: ...)",
                )
            )


def _read_table_ref(ref: MarkedDict, section: str, path: Path, coll: _Collected) -> RawTable | None:
    for extra in set(ref) - _TABLE_KEYS:
        coll.errors.append(
            _err(
                ref,
                extra,
                f"{section}.{extra}",
                f"unknown table option {extra!r}; options are table, encoding, delimiter",
                at_key=True,
            )
        )
    name, encoding, delimiter = ref.get("table"), ref.get("encoding"), ref.get("delimiter", ",")
    if not isinstance(name, str) or not name:
        coll.errors.append(_err(ref, "table", f"{section}.table", "table takes a file name"))
        return None
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        coll.errors.append(
            _err(ref, "delimiter", f"{section}.delimiter", "delimiter is one character")
        )
        return None
    try:
        raw = RawTable.from_csv(path.parent / name, encoding=encoding, delimiter=delimiter)
    except ConfigError as exc:
        where = _err(ref, "table", f"{section}.table", "")
        coll.errors.extend(
            e
            if e.line is not None
            else ErrorItem(
                e.file, where.line, where.column, f"{section}.table", f"{e.file}: {e.message}"
            )
            for e in exc.errors
        )
        return None
    raw.file = os.fspath(path.parent / name)
    return raw


# -- phase one: entities ----------------------------------------------------
def _pydantic_errors(
    exc: ValidationError, origin: Origin, section: str, index: int, cls: type[BaseModel]
) -> list[ErrorItem]:
    out = []
    for err in exc.errors(include_url=False):
        loc: tuple[str | int, ...] = tuple(err["loc"])
        kind, message = err["type"], err["msg"]
        at_key = False
        if kind == "extra_forbidden":
            at_key = True
            owner = _owner_class(cls, loc[:-1])
            allowed = list(owner.model_fields) if owner else []
            message = (
                f"unknown field {loc[-1]!r}{suggest(str(loc[-1]), allowed)}; "
                f"allowed: {', '.join(allowed)}"
            )
        elif kind == "missing":
            message = f"required field {loc[-1]!r} is missing"
            file, line, col = origin.locate(loc[:-1])
            out.append(ErrorItem(file, line, col, path_text(section, index, loc), message))
            continue
        else:
            message = message.removeprefix("Value error, ")
            value = err.get("input")
            if isinstance(value, str | int | float | dt.date) and not isinstance(value, bool):
                message += f" (got {value!r})"
        file, line, col = origin.locate(loc, key=at_key)
        out.append(ErrorItem(file, line, col, path_text(section, index, loc), message))
    return out


def _owner_class(cls: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that owns the field at ``loc`` (for 'allowed fields' hints)."""
    import typing

    from partygraph.model import _unwrap

    cur: type[BaseModel] = cls
    for part in loc:
        if isinstance(part, int):
            continue
        hints = typing.get_type_hints(cur)
        if part not in hints:
            return None
        tp, _ = _unwrap(hints[part])
        if not (isinstance(tp, type) and issubclass(tp, BaseModel)):
            return None
        cur = tp
    return cur


def _csv_entity_rows(raw: RawTable, cls: type[Entity]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a CSV table as field dicts; ``a;b`` cells fill list fields."""
    import typing

    from partygraph.model import _unwrap

    hints = typing.get_type_hints(cls)
    kinds = {name: _unwrap(hints[name]) for name in cls.model_fields}
    for row in range(len(raw)):
        record: dict[str, Any] = {}
        for column, cells in raw.columns.items():
            cell = cells[row]
            if not cell:
                continue
            tp, many = kinds.get(column, (None, False))
            if many and isinstance(tp, type) and issubclass(tp, BaseModel):
                record[column] = cell  # pydantic rejects it with a clear message
            elif many:
                record[column] = [part.strip() for part in cell.split(";") if part.strip()]
            elif tp is bool and cell in ("是", "否"):
                record[column] = cell == "是"
            else:
                record[column] = cell
        yield row, record


def validate_entities(
    coll_items: list[tuple[MarkedDict, Path] | RawTable], section: str, errors: list[ErrorItem]
) -> tuple[list[Entity], list[Origin]]:
    """Phase one for a section: validate every entry into its entity class."""
    cls = SECTIONS[section]
    entities: list[Entity] = []
    origins: list[Origin] = []
    for item in coll_items:
        pairs: list[tuple[Origin, Any]]
        if isinstance(item, RawTable):
            pairs = [(CsvOrigin(item, row), rec) for row, rec in _csv_entity_rows(item, cls)]
        else:
            pairs = [(YamlOrigin(item[0]), item[0])]
        for origin, record in pairs:
            try:
                entity = cls.model_validate(record)
            except ValidationError as exc:
                errors.extend(_pydantic_errors(exc, origin, section, len(entities), cls))
                continue
            entities.append(entity)
            origins.append(origin)
    return entities, origins


# -- phase one: bulk tables -------------------------------------------------
def _bulk(
    name: str, items: list[tuple[MarkedDict, Path] | RawTable], errors: list[ErrorItem]
) -> tuple[dict[str, Array], list[RawTable], Array, Array]:
    spec = TABLES[name]
    raws: list[RawTable] = []
    inline: list[MarkedDict] = []
    for item in [*items, None]:
        if isinstance(item, tuple):
            inline.append(item[0])
            continue
        if inline:
            raws.append(RawTable.from_rows(inline, inline[0].mark.file))
            inline = []
        if isinstance(item, RawTable):
            raws.append(item)
    parts = []
    for raw in raws:
        columns, problems = parse_columns(raw, spec, name)
        errors.extend(problems)
        parts.append(columns)
    if not parts:
        empty = TableData.empty(spec)
        return empty.columns, [], empty.source, empty.line
    columns = {c.name: np.concatenate([p[c.name] for p in parts]) for c in spec.columns}
    source = np.concatenate([np.full(len(r), k, dtype=np.int16) for k, r in enumerate(raws)])
    line = np.concatenate([np.asarray(r.lines, dtype=np.int64) for r in raws])
    return columns, raws, source, line


def _head(coll: _Collected, errors: list[ErrorItem]) -> dict[str, Any]:
    head = {k: v for k, v in coll.head.items() if k in ("name", "description", "snapshot")}
    try:
        Model.model_validate(head)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            key = str(err["loc"][0])
            node, _ = coll.head_marks[key]
            errors.append(_err(node, key, key, err["msg"]))
        return {}
    return head


def load(path: str | os.PathLike[str]) -> Model:
    """Load a model: read the entry file and its includes and tables, validate, resolve.

    Raises :class:`ConfigError` with every problem found.
    """
    coll = _Collected()
    _read(Path(path), coll, ())
    errors = list(coll.errors)
    head = _head(coll, errors)
    sections: dict[str, list[Entity]] = {}
    origins: dict[str, list[Origin]] = {}
    for section in SECTIONS:
        sections[section], origins[section] = validate_entities(
            coll.items[section], section, errors
        )  # type: ignore[arg-type]
    raw_tables = {name: _bulk(name, coll.tables[name], errors) for name in TABLES}
    # An entity that failed its shape check is missing from ``sections``; its id
    # still counts as known, so references to it are not reported as dangling too.
    known = _ids_written(coll)
    population, problems = resolve(sections, origins, raw_tables, known=known)
    errors.extend(problems)
    if errors:
        raise ConfigError(_sorted_unique(errors))
    model = Model.model_validate({**head, **sections, "population": population})
    model._sources = {"origins": origins, "files": coll.files}
    return model


def _ids_written(coll: _Collected) -> dict[str, set[str]]:
    """Every id written in each section, valid entity or not."""
    ids: dict[str, set[str]] = {}
    for section, items in coll.items.items():
        found = ids.setdefault(section, set())
        for item in items:
            if isinstance(item, tuple) and isinstance(item[0].get("id"), str):
                found.add(item[0]["id"])
            elif isinstance(item, RawTable):
                found.update(item.columns.get("id", []))
    return ids


def _sorted_unique(errors: list[ErrorItem]) -> list[ErrorItem]:
    seen: set[ErrorItem] = set()
    out = []
    for e in errors:
        if e not in seen:
            seen.add(e)
            out.append(e)
    return sorted(out, key=lambda e: (e.file or "", e.line or 0, e.column or 0, e.field))


# -- dump -------------------------------------------------------------------
@contextmanager
def write_atomic(path: Path, *, binary: bool = False) -> Iterator[Any]:
    """Write ``path`` via a temporary file beside it: all or nothing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "out.txt"
    ...     with write_atomic(p) as f:
    ...         _ = f.write("完整")
    ...     p.read_text(encoding="utf-8")
    '完整'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        f: Any = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with f:
            yield f
        Path(tmp).chmod(0o666 & ~_UMASK)  # mkstemp makes 0600; give the usual mode
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _table_dir(path: Path) -> Path:
    return path.with_name(f"{path.stem}_tables")


def _cells(model: Model, table: TableData) -> list[list[str]]:
    """Each column of a bulk table as strings, references back to ids."""
    out = []
    for col in table.spec.columns:
        values = table.columns[col.name]
        if col.type == "ref":
            assert col.target is not None
            if col.target in TABLES:
                ids = model.population[col.target]["id"]
            else:
                ids = np.array([e.id for e in model.section(col.target)], dtype=str)
            ids = np.append(ids, "")  # code -1 -> ""
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


def _yaml_value(entity: Entity) -> dict[str, Any]:
    return entity.model_dump(mode="python", exclude_defaults=True)


class _Dumper(yaml.SafeDumper):
    """Block style, Chinese kept as is, short inline lists."""


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
    columns = [name for name in cls.model_fields if any(name in r for r in rows)]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(r.get(c)) for c in columns] for r in rows)
    text = buf.getvalue()
    try:
        raw = RawTable.from_text(text, "<dump>")
        back = [cls.model_validate(rec) for _, rec in _csv_entity_rows(raw, cls)]
    except (ConfigError, ValidationError):
        return None
    return text if back == list(items) else None


def dump(model: Model, path: str | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` (YAML) and its tables to ``<stem>_tables/*.csv``.

    Bulk tables always go to CSV; so does a structure section of
    :data:`TABLE_MIN_ROWS` or more entities when CSV holds it exactly (what a
    spreadsheet user edits, and much faster to read).  Every file is written
    whole or not at all.  ``load(path) == model`` holds.
    """
    path = Path(path)
    doc: dict[str, Any] = {"partygraph": FORMAT_VERSION, "name": model.name}
    if model.description:
        doc["description"] = model.description
    if model.snapshot:
        doc["snapshot"] = model.snapshot
    tables_dir = _table_dir(path)
    for section in SECTIONS:
        items = model.section(section)
        table = _section_csv(SECTIONS[section], items) if len(items) >= TABLE_MIN_ROWS else None
        if table is not None:
            with write_atomic(tables_dir / f"{section}.csv") as f:
                f.write(table)
            doc[section] = {"table": f"{tables_dir.name}/{section}.csv"}
        elif items:
            doc[section] = [_yaml_value(e) for e in items]
    for name, table in model.population.tables.items():
        if len(table) == 0:
            continue
        file = tables_dir / f"{name}.csv"
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([c.name for c in table.spec.columns])
        writer.writerows(zip(*_cells(model, table), strict=True))
        with write_atomic(file) as f:
            f.write(buf.getvalue())
        doc[name] = {"table": f"{tables_dir.name}/{name}.csv"}
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    header = "".join(f"# {line}\n" for line in (model.description or "").splitlines())
    with write_atomic(path) as f:
        f.write(header + text)
