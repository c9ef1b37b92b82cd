"""Where an entity was written, and pydantic's errors pointed at that place.

(Over 400 lines: pydantic's errors told by type and the Chinese codes read
before validation walk the same entity as written.)

Every entity checked while loading has an *origin*: a YAML mapping
(:class:`YamlOrigin`), a row of a CSV table (:class:`CsvOrigin`), or, for a
model built in Python and checked by :func:`partygraph.validate`, its place in
the model (:class:`ModelOrigin`, no file).  An origin maps a field path such as
``("items", 2, "name")`` to a file, line and column;
:func:`pydantic_errors` turns a :class:`pydantic.ValidationError` into
:class:`~partygraph.errors.ErrorItem` s located that way.

An entity as written may hold Chinese codes (``巷`` for ``lane``, ``是`` for
true): :func:`read_codes` reads them as their codes before validation and
notes each one, so the model holds the codes and ``dump`` writes them.

Examples
--------
>>> path_text("divisions", 3, ("parent",))
'divisions[3].parent'
>>> ModelOrigin(3).locate(("parent",))
(None, None, None)
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ValidationError

from partygraph.errors import MAX_REPORTED, ErrorItem
from partygraph.i18n import tr
from partygraph.io.tables import RawTable, suggest
from partygraph.io.yamlsrc import MarkedDict, MarkedList
from partygraph.model import field_hints, unwrap_type
from partygraph.normalised import note
from partygraph.vocabulary.terms import FALSE_TERMS, TRUE_TERMS, choices_text, code_for, terms_of

__all__ = [
    "TRANSLATED",
    "CsvOrigin",
    "Loc",
    "ModelOrigin",
    "Origin",
    "Place",
    "YamlOrigin",
    "choice_error",
    "path_text",
    "pydantic_errors",
    "read_codes",
    "table_has_codes",
]

#: A field path inside an entity: names and list positions.
Loc = tuple[str | int, ...]
#: File, line and column (each ``None`` when unknown: a model built in Python).
Place = tuple[str | None, int | None, int | None]


class Origin(Protocol):
    """Where an entity came from; ``locate`` maps a field path to a place and
    ``index`` is the entity's position in the list or table it was written in."""

    @property
    def index(self) -> int: ...

    def locate(self, loc: Loc, *, key: bool = False) -> Place: ...


@dataclass(frozen=True)
class YamlOrigin:
    """An entity written as a YAML mapping, item ``index`` of its list."""

    node: MarkedDict
    index: int = 0

    def locate(self, loc: Loc, *, key: bool = False) -> Place:
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

    def locate(self, loc: Loc, *, key: bool = False) -> Place:
        return self.table.place(self.row, str(loc[0]) if loc else "")


@dataclass(frozen=True, slots=True)
class ModelOrigin:
    """An entity of a model built in Python: item ``index`` of its section, in no file."""

    index: int

    def locate(self, loc: Loc, *, key: bool = False) -> Place:
        return None, None, None


def path_text(section: str, index: int, loc: Loc) -> str:
    """``divisions[3].parent`` style field path."""
    out = f"{section}[{index}]"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def pydantic_errors(
    exc: ValidationError,
    origin: Origin,
    section: str,
    cls: type[BaseModel],
    skip_missing: frozenset[str] = frozenset(),
    hints: int = MAX_REPORTED,
) -> list[ErrorItem]:
    """The problems of one entity of ``section`` (validated as ``cls``), each at
    the place ``origin`` gives it, in the current language, with a hint where
    one helps.

    Each of pydantic's errors is told by its ``type`` (:data:`TRANSLATED`
    lists those translated); an error of another type keeps pydantic's own
    (English) message.  ``skip_missing`` names fields a whole table lacks:
    reported once for the table, not once per row.  Only the first ``hints``
    problems get a "did you mean" (a fuzzy match costs 80 µs; past
    :data:`~partygraph.errors.MAX_REPORTED` problems the rest are only counted
    anyway).

    Examples
    --------
    >>> from partygraph.model import Division
    >>> try:
    ...     Division.model_validate({"id": "c", "name": "市", "level": "city", "parnt": "x"})
    ... except ValidationError as exc:
    ...     print(pydantic_errors(exc, ModelOrigin(0), "divisions", Division)[0].message)
    没有 ‘parnt’ 这个字段（是不是“parent”？）；可用的字段：id、name、...
    """
    out: list[ErrorItem] = []
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        kind = err["type"]
        at_key, where = False, loc
        if kind == "extra_forbidden":
            at_key = True
            owner = _owner_class(cls, loc[:-1])
            allowed = list(owner.model_fields) if owner else []
            hint = suggest(str(loc[-1]), allowed) if len(out) < hints else ""
            message = tr(
                "load_model.unknown_field",
                field=str(loc[-1]),
                hint=hint,
                allowed=tr("load_model.list_sep").join(allowed),
            )
        elif kind == "missing":
            if loc[-1] in skip_missing:
                continue  # the whole column is missing: reported once
            message = tr("load_model.missing", field=str(loc[-1]))
            where = loc[:-1]  # the mapping it is missing from
        elif not loc:
            # A check across fields names the field it is about first.
            message = err["msg"].removeprefix("Value error, ")
            loc = where = tuple(f for f in cls.model_fields if message.startswith(f))[:1]
        else:
            message = _translated(err, cls, loc, hint=len(out) < hints)
        file, line, col = origin.locate(where, key=at_key)
        out.append(ErrorItem(file, line, col, path_text(section, origin.index, loc), message))
    return out


#: pydantic's error types told in the current language, each by one message
#: (the others keep pydantic's own message): those with a limit in ``ctx``
#: name it second.
_SIMPLE: dict[str, str] = {
    "int_parsing": "load_model.not_whole",
    "int_type": "load_model.not_whole",
    "int_parsing_size": "load_model.not_whole",
    "int_from_float": "load_model.not_whole_fraction",
    "float_parsing": "load_model.not_a_number",
    "float_type": "load_model.not_a_number",
    "finite_number": "load_model.not_finite",
    "bool_parsing": "load_model.not_yes_no",
    "bool_type": "load_model.not_yes_no",
    "date_parsing": "load_model.not_a_date",
    "date_type": "load_model.not_a_date",
    "date_from_datetime_parsing": "load_model.not_a_date",
    "date_from_datetime_inexact": "load_model.not_a_date",
    "date_future": "load_model.not_a_date",
    "date_past": "load_model.not_a_date",
    "string_type": "load_model.not_text",
    "string_pattern_mismatch": "load_model.bad_pattern",
    "invalid_key": "load_model.bad_key",
    "list_type": "load_model.not_a_list",
    "dict_type": "load_model.not_a_record",
    "model_type": "load_model.not_a_record",
    "model_attributes_type": "load_model.not_a_record",
}
_LIMITS: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("load_model.at_least", "ge"),
    "greater_than": ("load_model.more_than", "gt"),
    "less_than_equal": ("load_model.at_most", "le"),
    "less_than": ("load_model.at_most", "lt"),
    "string_too_long": ("load_model.too_long", "max_length"),
    "too_short": ("load_model.too_few", "min_length"),
    "too_long": ("load_model.too_many", "max_length"),
}
#: Every pydantic error type told in the current language.
TRANSLATED: frozenset[str] = frozenset(
    {*_SIMPLE, *_LIMITS, "literal_error", "string_too_short", "value_error", "missing"}
    | {"extra_forbidden"}
)


def _translated(  # noqa: PLR0911 - one return per kind of error
    err: Any, cls: type[BaseModel], loc: Loc, *, hint: bool
) -> str:
    """pydantic's error ``err`` at ``loc`` as a sentence in the current language."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    shown = _shown(value)
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        choices = _choices(cls, loc)
        if choices:
            field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
            return choice_error(choices, value, field, hint=hint)
    if kind in _SIMPLE:
        if kind == "model_type" and isinstance(value, str):
            return tr("load_model.not_a_list_item")
        return tr(_SIMPLE[kind], value=shown, spelled="true/false")
    if kind in _LIMITS:
        key, limit = _LIMITS[kind]
        return tr(key, value=shown, limit=ctx.get(limit, "?"))
    if kind == "string_too_short":
        return tr("load_model.empty")
    return str(err["msg"])  # a type not translated: pydantic's own words


def choice_error(choices: Sequence[str], value: Any, field: str, *, hint: bool = True) -> str:
    """What to say of ``value``, not one of ``choices`` (the codes of an
    enumeration): the codes with their Chinese terms and the nearest one.

    Examples
    --------
    >>> from partygraph.vocabulary.terms import PLACE_TYPES
    >>> choice_error(PLACE_TYPES, "巷子", "type")
    '‘巷子’不是 type 的可选值（是不是“巷”？）；可选：street 街、lane 巷、building 楼'
    """
    listed = choices_text(choices, tr("load_model.list_sep"))
    text = value if isinstance(value, str) else str(_shown(value))  # 0, 1.5, a date
    found = code_for(choices, text) if isinstance(value, str) else None
    if found is not None:  # a term where no term is read (a model built in Python)
        return tr("load_model.term_not_code", value=text, code=found, choices=listed)
    near = suggest(text, [*choices, *terms_of(tuple(choices))]) if hint else ""
    return tr("load_model.not_a_choice", value=text, field=field, hint=near, choices=listed)


def _shown(value: Any) -> Any:
    """What was written, for a message: a scalar as it is, anything else cut short."""
    if isinstance(value, str | int | float | dt.date) and not isinstance(value, bool):
        return value
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _choices(cls: type[BaseModel], loc: Loc) -> tuple[str, ...]:
    """The codes the ``Literal`` field at ``loc`` takes (empty: not such a field)."""
    tp = _field_type(cls, loc)
    if typing.get_origin(tp) is Literal:
        return tuple(str(a) for a in typing.get_args(tp))
    return ()


def _field_type(cls: type[BaseModel], loc: Loc) -> Any:
    """The type of the field at ``loc`` (``X | None`` and ``list[X]`` taken off)."""
    cur: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(cur, type) and issubclass(cur, BaseModel)):
            return None
        hints = field_hints(cur)
        if part not in hints:
            return None
        cur, _ = unwrap_type(hints[part])
    return cur


# -- Chinese codes ----------------------------------------------------------------
#: How a field's value may be written in Chinese: the codes of an enumeration,
#: a yes/no, or records holding such fields.
_Coded = tuple[str, tuple[str, ...] | type[BaseModel] | None]


@cache
def _coded_fields(cls: type[BaseModel]) -> tuple[_Coded, ...]:
    out: list[_Coded] = []
    hints = field_hints(cls)
    for name in cls.model_fields:
        tp, _ = unwrap_type(hints[name])
        if typing.get_origin(tp) is Literal:
            out.append((name, tuple(str(a) for a in typing.get_args(tp))))
        elif tp is bool:
            out.append((name, None))
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and _coded_fields(tp):
            out.append((name, tp))
    return tuple(out)


def read_codes(record: Any, cls: type[BaseModel], origin: Origin, section: str) -> Any:
    """``record`` (an entity as written) with each Chinese code read as its
    code: a term of an enumeration (``巷`` → ``lane``, ``党委`` →
    ``committee``) and 是/否 as true/false, each one noted
    (:func:`partygraph.normalised.note`, "中文代码") at its place.

    ``record`` itself is left as it is (a YAML mapping still locates its
    values); a copy holds what was read.

    Examples
    --------
    >>> from partygraph.model import Place
    >>> read_codes({"id": "p", "name": "南巷", "type": "巷"}, Place, ModelOrigin(0), "places")
    {'id': 'p', 'name': '南巷', 'type': 'lane'}
    """
    return _read(record, cls, origin, section, ())


def table_has_codes(cls: type[BaseModel], columns: Mapping[str, Sequence[str]]) -> bool:
    """Whether a cell of a CSV table (its ``columns``) may hold a Chinese code
    of a field of ``cls`` (``False``: :func:`read_codes` would leave every row
    as it is, so the rows need not be looked at one by one).  Each distinct
    cell is tried whole and cut at every list separator, so it errs towards
    ``True``.

    >>> from partygraph.model import Place
    >>> table_has_codes(Place, {"type": ["street", "lane"]})
    False
    >>> table_has_codes(Place, {"type": ["street", " 巷 "]})
    True
    """
    for name, how in _coded_fields(cls):
        cells = columns.get(name)
        if not cells:
            continue
        if isinstance(how, type):
            return True  # records in a cell: read row by row
        for cell in set(cells):
            for text in {cell.strip(), *(p.strip() for p in _PIECES.split(cell))}:
                if not text:
                    continue
                if how is None and (text in TRUE_TERMS or text in FALSE_TERMS):
                    return True
                if how is not None and code_for(how, text) is not None:
                    return True
    return False


#: Every separator a list cell may be cut at (:mod:`partygraph.io.shape`).
_PIECES = re.compile("[;、，；,]")


def _read(record: Any, cls: type[BaseModel], origin: Origin, section: str, at: Loc) -> Any:
    if not isinstance(record, dict):
        return record
    out: dict[str, Any] | None = None
    for name, how in _coded_fields(cls):
        value = record.get(name)
        if value is None:
            continue
        if isinstance(how, type):
            if isinstance(value, list):
                new: Any = [
                    _read(v, how, origin, section, (*at, name, j)) for j, v in enumerate(value)
                ]
            else:
                new = _read(value, how, origin, section, (*at, name))
        elif isinstance(value, list):
            new = [_code(v, how, origin, section, (*at, name, j)) for j, v in enumerate(value)]
        else:
            new = _code(value, how, origin, section, (*at, name))
        if new != value or type(new) is not type(value):
            out = dict(record) if out is None else out
            out[name] = new
    return record if out is None else out


def _code(
    value: Any, choices: tuple[str, ...] | None, origin: Origin, section: str, at: Loc
) -> Any:
    """One value read as its code, noted if it was written as a Chinese term."""
    written = value
    if choices is None:  # a yes/no
        if isinstance(value, bool) and isinstance(origin, CsvOrigin):
            written = origin.table.columns[str(at[0])][origin.row].strip()  # read by csv rows
        elif not isinstance(value, str):
            return value
        text = str(written).strip()
        read: Any = True if text in TRUE_TERMS else False if text in FALSE_TERMS else None
        if read is None:
            return value
    else:
        read = code_for(choices, value) if isinstance(value, str) else None
        if read is None or read == value:
            return value
    file, line, col = origin.locate(at)
    shown = read if choices is not None else str(read).lower()
    note(file, line, col, path_text(section, origin.index, at), str(written), shown, "中文代码")
    return read


def _owner_class(cls: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that owns the field at ``loc`` (for 'allowed fields' hints)."""
    cur: type[BaseModel] = cls
    for part in loc:
        if isinstance(part, int):
            continue
        hints = field_hints(cur)
        if part not in hints:
            return None
        tp, _ = unwrap_type(hints[part])
        if not (isinstance(tp, type) and issubclass(tp, BaseModel)):
            return None
        cur = tp
    return cur
