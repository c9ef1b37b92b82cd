"""Structure rows of a plain table checked column by column, not row by row.

Validating a row with pydantic costs 10-20 µs (a call into pydantic-core, the
model's validators, the shared field set): 1.5 s for the 84,000 structure
rows of 5 million households.  Most rows need none of it: every cell is an id,
a name, a term of the vocabulary, a date, a count.  :func:`entities` checks
each column at once by its field's type, and builds the records of the rows
it can decide straight away (as :func:`~partygraph.model.fieldsets.construct`
does, with the values pydantic would have made).  A row it cannot decide — a
cell it is not sure of, a required field left empty, an end before a start —
is left to pydantic, so every error is pydantic's, at the same place as ever.

The checks decide only what they are sure of (``true`` and ``false`` for a
flag, ``12`` for a count; ``yes`` or ``012`` goes to pydantic, which takes
them), and a class whose fields or validators are not all known here is not
checked column-wise at all (:func:`plan` is ``None``): a new validator can
only make loading slower, never different.  ``tests/test_columnwise.py``
compares both paths on random rows of every class.

Examples
--------
>>> from partygraph.model import Place
>>> made = entities(Place, {"id": ["p1", "p2"], "name": ["人民路", "南巷"],
...     "type": ["street", "巷"], "community": ["c1", "c1"]}, 2)
>>> made[0] == Place(id="p1", name="人民路", type="street", community="c1")
True
>>> made[1] is None  # a Chinese code: read row by row, and validated by pydantic
True
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import cache
from typing import Annotated, Any, Literal

import annotated_types
from pydantic import AfterValidator, AllowInfNan, BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from partygraph.model import Entity
from partygraph.model.base import annotated_hints, field_names, is_id, read_date
from partygraph.model.fieldsets import shared_fields_set
from partygraph.progress import without_gc

__all__ = ["entities", "plan"]

#: A column's check: its record values ("" for an empty cell) -> the values
#: pydantic would make ("" still for empty) and the rows it cannot decide.
Check = Callable[[list[Any]], tuple[list[Any], set[int]]]


@dataclass(frozen=True)
class Field:
    """How one field of a class is checked and filled."""

    name: str
    check: Check
    required: bool
    default: Any = None
    factory: Callable[[], Any] | None = None


#: The model validators :func:`entities` does the work of (known by name: the
#: property test compares what they do with what the checks do).
_KNOWN_VALIDATORS = frozenset({"_as_written", "_end_after_start"})


@cache
def plan(cls: type[BaseModel]) -> tuple[Field, ...] | None:
    """How each field of ``cls`` is checked; ``None`` when a field or validator
    is not one this module knows (the class is then validated row by row)."""
    decorators = cls.__pydantic_decorators__
    if (
        not set(decorators.model_validators) <= _KNOWN_VALIDATORS
        or decorators.field_validators
        or decorators.validators
        or cls.__pydantic_post_init__
        or cls.__private_attributes__
        or cls.model_config.get("extra") != "forbid"
    ):
        return None
    hints = annotated_hints(cls)
    fields = []
    for name, info in cls.model_fields.items():
        check = _field_check(hints[name], info)
        aliased = info.alias is not None or info.validation_alias is not None
        if check is None or aliased or info.default_factory_takes_validated_data:
            return None
        required = info.is_required()
        factory = typing.cast(Callable[[], Any] | None, info.default_factory)
        default = None if required or factory else info.default
        if not required and factory is None and not isinstance(default, str | int | None):
            return None  # a default pydantic would copy
        fields.append(Field(name, check, required, default, factory))
    return tuple(fields)


def entities(
    cls: type[BaseModel], columns: dict[str, list[Any]], rows: int
) -> list[Any | None] | None:
    """The record of each row, ``None`` for a row pydantic must validate;
    ``None`` for all when ``cls`` has no :func:`plan`.

    ``columns`` are a table's record values by field: stripped text, a list
    for a list cell, ``True``/``False`` for 是/否, ``""`` for an empty cell."""
    fields = plan(cls)
    if fields is None:
        return None
    undecided: set[int] = set()
    values: list[list[Any] | None] = []
    for f in fields:
        cells = columns.get(f.name)
        if cells is None:
            values.append(None)
            continue
        made, bad = f.check(cells)
        undecided |= bad
        if f.required and "" in made:
            undecided.update(i for i, v in enumerate(made) if v == "")
        values.append(made)
    if issubclass(cls, Entity):
        undecided |= _ends_before_start(fields, values)
    with without_gc():
        return _build(cls, fields, values, rows, undecided)


def _ends_before_start(fields: Sequence[Field], values: list[list[Any] | None]) -> set[int]:
    """Rows that end before they start (``Entity._end_after_start`` says so)."""
    by_name = {f.name: v for f, v in zip(fields, values, strict=True)}
    start, end = by_name.get("valid_from"), by_name.get("valid_until")
    if start is None or end is None:
        return set()
    day = dt.date
    return {
        i
        for i, (a, b) in enumerate(zip(start, end, strict=True))
        if a.__class__ is day and b.__class__ is day and b < a
    }


def _build(
    cls: type[BaseModel],
    fields: Sequence[Field],
    values: list[list[Any] | None],
    rows: int,
    undecided: set[int],
) -> list[Any | None]:
    """The records of the decided rows: each field's value, or its default
    where the cell is empty (then not among the fields given)."""
    full: list[Sequence[Any]] = []
    sparse: list[tuple[str, list[Any]]] = []
    always: list[str] = []
    for f, made in zip(fields, values, strict=True):
        if made is not None and "" not in made:
            full.append(made)
            always.append(f.name)
            continue
        if made is not None:
            sparse.append((f.name, made))
        if f.factory is not None:
            factory = f.factory
            cells = made if made is not None else [""] * rows
            full.append([factory() if v == "" else v for v in cells])
        elif made is not None:
            default = f.default
            full.append([default if v == "" else v for v in made])
        else:
            full.append([f.default] * rows)
    names = field_names(cls)
    if sparse:
        keys: Any = zip(*([v != "" for v in made] for _, made in sparse), strict=True)
        sets: dict[tuple[bool, ...], set[str]] = {}
        sparse_names = [name for name, _ in sparse]
    else:
        keys, sets, sparse_names = [()] * rows, {(): shared_fields_set(always)}, []
    out: list[Any | None] = []
    new, put, set_ = cls.__new__, out.append, object.__setattr__  # construct(), inline
    for row, (written, key) in enumerate(zip(zip(*full, strict=True), keys, strict=True)):
        if row in undecided:
            put(None)
            continue
        given = sets.get(key)
        if given is None:
            extra = [n for n, on in zip(sparse_names, key, strict=True) if on]
            given = sets[key] = shared_fields_set([*always, *extra])
        record = new(cls)
        set_(record, "__dict__", dict(zip(names, written, strict=True)))
        set_(record, "__pydantic_fields_set__", given)
        set_(record, "__pydantic_extra__", None)
        set_(record, "__pydantic_private__", None)
        put(record)
    return out


# -- the checks, by field type ----------------------------------------------------
def _field_check(hint: Any, info: FieldInfo) -> Check | None:
    """The check of a field of type ``hint`` (with ``info``'s constraints)."""
    tp, meta = _unwrapped(hint)
    many = typing.get_origin(tp) is list
    if many:
        tp, item_meta = _unwrapped(typing.get_args(tp)[0])
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return _never  # records in a cell: pydantic says what is wrong
        item = _scalar_check(tp, item_meta, [])
        return None if item is None else _list_of(item)
    # pydantic copies a required field's own Annotated metadata into ``info``.
    return _scalar_check(tp, meta, [m for m in info.metadata if m not in meta])


def _unwrapped(hint: Any) -> tuple[Any, list[Any]]:
    """``X`` and its ``Annotated`` metadata, ``| None`` taken off."""
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(hint)
        if origin is Annotated:
            meta.extend(hint.__metadata__)
            hint = typing.get_args(hint)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            if len(args) != 1:
                return None, meta
            hint = args[0]
        else:
            return hint, meta


#: A cell's check: the value pydantic makes, or :data:`_NO`.
_NO: Any = object()


def _scalar_check(tp: Any, meta: list[Any], field_meta: list[Any]) -> Check | None:
    """The check of a plain field, or ``None`` for one this module does not know."""
    meta = [m for m in meta if type(m).__name__ != "RefTo"]
    if tp is str:
        return _str_check(meta + field_meta)
    if tp is float and meta == [AllowInfNan(False)] and not field_meta:
        return _cells(_finite_float)
    if typing.get_origin(tp) is Literal:
        check: Check | None = _choice(frozenset(typing.get_args(tp)))
    else:
        check = _PLAIN.get(tp)
    allowed = [[], [annotated_types.Ge(0)]] if tp is int else [[]]
    return check if not meta and field_meta in allowed else None


def _choice(choices: frozenset[Any]) -> Check:
    return _cells(lambda v: v if v.__class__ is str and v in choices else _NO)


_NAME_PARTS = frozenset({"min_length", "max_length", "strip_whitespace"})


def _str_check(meta: list[Any]) -> Check | None:
    """An id, a name (non-empty, not too long), or plain text."""
    constraints = [m for m in meta if isinstance(m, StringConstraints)]
    after = [m.func.__name__ for m in meta if isinstance(m, AfterValidator)]
    c = constraints[0] if len(constraints) == 1 else None
    if len(constraints) + len(after) != len(meta) or len(constraints) > 1:
        return None
    if c is None:
        return None if after else _texts
    # Any constraint but these three (upper, pattern, ascii_only from pydantic
    # 2.11 ...) leaves the column to pydantic: read by name, as each version has its own.
    if any(getattr(c, f.name) is not None for f in fields(c) if f.name not in _NAME_PARTS):
        return None
    if (c.min_length, c.max_length, c.strip_whitespace, after) == (1, 128, None, ["_check_id"]):
        return _ids
    if c.min_length != 1 or c.max_length is None or after:
        return None
    # A name: the cell is stripped already (as pydantic strips it: tested).
    longest = c.max_length
    return _cells(lambda v: v if v.__class__ is str and 0 < len(v) <= longest else _NO)


def _cells(one: Callable[[Any], Any]) -> Check:
    """A column's check from a cell's, each distinct cell checked once (``""``
    stays empty)."""

    def check(cells: list[Any]) -> tuple[list[Any], set[int]]:
        seen = {v: v if v == "" else one(v) for v in set(cells)}
        made = list(map(seen.__getitem__, cells))
        if _NO not in seen.values():
            return made, set()
        return made, {i for i, v in enumerate(made) if v is _NO}

    return check


def _texts(cells: list[Any]) -> tuple[list[Any], set[int]]:
    if all(v.__class__ is str for v in cells):
        return cells, set()
    return cells, {i for i, v in enumerate(cells) if v.__class__ is not str}


#: A column of ASCII ids, one a line (the common case, one regular expression).
_ASCII_IDS = re.compile(r"(?:[A-Za-z0-9_.:/-]{1,128}\n)*")


def _ids(cells: list[Any]) -> tuple[list[Any], set[int]]:
    given = len(cells) - cells.count("")
    try:
        text = "\n".join(filter(None, cells)) + "\n"
    except TypeError:  # not text: pydantic says what it is
        text = ""
    # A cell holding a line end would be two ids here: counted out.
    if text.count("\n") == given and _ASCII_IDS.fullmatch(text):
        return cells, set()
    return cells, {i for i, v in enumerate(cells) if v != "" and not _is_id(v)}


def _is_id(value: Any) -> bool:
    return value.__class__ is str and is_id(value)


def _list_of(item: Check) -> Check:
    """A list field's check: each item by ``item`` (a cell not split into a
    list, or with an item refused, is left to pydantic)."""

    def check(cells: list[Any]) -> tuple[list[Any], set[int]]:
        bad = {i for i, v in enumerate(cells) if v != "" and v.__class__ is not list}
        flat = [x for i, v in enumerate(cells) if v != "" and i not in bad for x in v]
        if "" in flat:
            return cells, set(range(len(cells)))  # not as shape splits: never
        _, refused = item(flat) if flat else ([], set())
        if refused:
            wrong = {flat[k] for k in refused}
            bad |= {
                i
                for i, v in enumerate(cells)
                if i not in bad and v != "" and not wrong.isdisjoint(v)
            }
        return cells, bad

    return check


def _never(cells: list[Any]) -> tuple[list[Any], set[int]]:
    return cells, {i for i, v in enumerate(cells) if v != ""}


def _dates(cells: list[Any]) -> tuple[list[Any], set[int]]:
    """Dates as :meth:`Strict._as_written` reads them (each text once)."""
    days: dict[Any, Any] = {"": ""}
    for v in set(cells):
        if v.__class__ is str and v:
            day = read_date(v.strip())
            days[v] = _NO if day is None else day
        elif v != "":
            days[v] = _NO
    made = list(map(days.__getitem__, cells))
    if _NO not in days.values():
        return made, set()
    return made, {i for i, v in enumerate(made) if v is _NO}


_COUNT = re.compile(r"0|[1-9][0-9]{0,17}")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,15})(?:\.[0-9]{1,17})?")


def _count(v: Any) -> Any:
    return int(v) if v.__class__ is str and _COUNT.fullmatch(v) else _NO


def _finite_float(v: Any) -> Any:
    return float(v) if v.__class__ is str and _FLOAT.fullmatch(v) else _NO


_FLAGS = {"true": True, "false": False}


def _flag(v: Any) -> Any:
    if v.__class__ is bool:
        return v
    return _FLAGS.get(v, _NO) if v.__class__ is str else _NO


#: The check of each plain type (no constraints).
_PLAIN: dict[Any, Check] = {int: _cells(_count), bool: _cells(_flag), dt.date: _dates}
