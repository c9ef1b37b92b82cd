"""The base of every model class: ids, names, references and the strict pydantic base.

(About 420 lines: the field types, the base that validates them and the
readers of a class's fields, :func:`ref_fields` above all, are one declaration.)

A reference between entities is a plain id string whose field carries
:class:`RefTo` metadata; :func:`ref_fields` finds them, so the resolver, the
graph, the index and the docs all read the one declaration.

Examples
--------
>>> [(f.name, f.ref.target, f.ref.relation) for f in ref_fields(Entity)]
[]
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from partygraph.i18n import tr
from partygraph.model.fieldsets import SharedFieldsModel

__all__ = [
    "DATE_WHY",
    "ID_RULE",
    "Entity",
    "Id",
    "Name",
    "RefField",
    "RefTo",
    "Strict",
    "all_ids",
    "annotated_hints",
    "date_input",
    "date_problem",
    "field_hints",
    "field_names",
    "is_id",
    "read_date",
    "ref_fields",
    "unwrap_type",
]

_ID_ASCII = re.compile(r"[A-Za-z0-9_.:/-]{1,128}")
#: Unicode categories an id may use beyond ASCII: letters, marks, decimal digits.
_ID_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd"})
#: What an id may hold, for messages.
ID_RULE = "letters, digits and _ - . : / only"


@cache
def _id_char(c: str) -> bool:
    return c in "_.:/-" or unicodedata.category(c) in _ID_CATEGORIES


def is_id(text: str) -> bool:
    """Whether ``text`` is an id: 1-128 letters (any script), marks, decimal
    digits and ``_ - . : /``, in Unicode NFC.  The one test for ids written in
    YAML and in CSV tables alike (``p²`` is not one: ``²`` is no decimal digit).

    Examples
    --------
    >>> is_id("c-01"), is_id("东风社区"), is_id("p²"), is_id("e\u0301"), is_id("é")
    (True, True, False, False, True)
    """
    if _ID_ASCII.fullmatch(text):
        return True
    return (
        0 < len(text) <= 128
        and all(map(_id_char, set(text)))
        and unicodedata.is_normalized("NFC", text)
    )


def all_ids(text: str) -> bool:
    """Whether every line of ``text`` (cells joined by ``\n``; empty lines
    allowed) would pass :func:`is_id` but for length: each distinct character
    tested once, the whole checked for NFC in one call."""
    return all(c == "\n" or _id_char(c) for c in set(text)) and unicodedata.is_normalized(
        "NFC", text
    )


def _check_id(text: str) -> str:
    # The ASCII test first, here: most ids pass it, and a call less per id pays
    # at 50,000 ids (the example's structure).
    if _ID_ASCII.fullmatch(text) is None and not is_id(text):
        raise ValueError(tr("load_tables.bad_id", value=text))
    return text


#: An id: see :func:`is_id`.
Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=128),
    AfterValidator(_check_id),
]


@dataclass(frozen=True)
class RefTo:
    """Field metadata: the field holds the id of an entity in ``target``.

    ``target`` is a section name (``divisions``, ``party_orgs`` ...) or a bulk
    table (``persons``, ``households``); ``level`` narrows a ``divisions``
    reference to one administrative level; ``relation`` names the graph edge
    the reference becomes (one of :data:`partygraph.vocabulary.RELATIONS`; see
    ``docs/model.md``), drawn from the target to the holder when ``reverse``
    is set (``contains``: parent -> child).  ``home`` marks the fields that
    place the holder in the administrative hierarchy, for ancestor chains and
    per-level rollups: the first one set wins; a list places the holder at the
    lowest common ancestor of its items' homes (a joint branch at the community
    or subdistrict its units share); ``"fallback"`` is taken only when no other
    home field places the holder (an organisation without an anchor is counted
    where its parent organisation is).  See ``docs/coverage.md``.
    """

    target: str
    relation: str = "refers_to"
    level: str | None = None
    reverse: bool = False
    home: bool | Literal["fallback"] = False


#: Why a date is noted as normalised (:func:`partygraph.normalised.note`).
DATE_WHY = "日期写法"
_DATE_FORMS = re.compile(
    r"([0-9]{4})(?:([-/.])([0-9]{1,2})\2([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日)"
)


def read_date(text: str) -> dt.date | None:
    """The day ``text`` writes, as zh-CN Excel and people write it:
    ``2023-04-26`` (the canonical form), ``2023-4-26``, ``2023/4/26``,
    ``2023.4.26``, ``2023年4月26日``; ``None`` if it is none of them or no such
    day exists.  Only these forms: ``4/26/2023`` could be either order.

    Examples
    --------
    >>> read_date("2023/4/26"), read_date("2023年4月26日"), read_date("2023.04.26")
    (datetime.date(2023, 4, 26), datetime.date(2023, 4, 26), datetime.date(2023, 4, 26))
    >>> read_date("2023/13/40"), read_date("2023/4-26"), read_date("0000-01-01")
    (None, None, None)
    """
    found = _DATE_FORMS.fullmatch(text)
    if found is None:
        return None
    year, month, day = found[1], found[3] or found[5], found[4] or found[6]
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 2023-02-30, year 0
        return None


def date_problem(written: object) -> str:
    """Why a value is not a date, with a form to write (in the current language)."""
    text = str(written).strip()
    if isinstance(written, int | float) or text.isdigit():
        day = read_date(f"{text[:4]}-{text[4:6]}-{text[6:]}") if len(text) == 8 else None
        if day is not None:
            return tr("load_yaml.date_number", written=text, iso=day.isoformat())
        return tr("load_yaml.date_number_bad", written=text)
    if text.startswith("0000"):
        return tr("load_yaml.date_year_zero", written=text)
    return tr("load_yaml.date_unreadable", written=text)


def date_input(value: Any) -> Any:
    """A date field's value as pydantic should see it, or a ValueError saying
    what is wrong: a number is not taken for a date (pydantic would read
    ``20230630`` as seconds since 1970), a day written as Excel writes it is."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time() or value.tzinfo is not None:
            iso = value.date().isoformat()
            raise ValueError(tr("load_yaml.date_with_time", written=str(value), iso=iso))
        return value.date()
    if isinstance(value, dt.date | bool) or value is None:
        return value
    if isinstance(value, int | float):
        raise ValueError(date_problem(value))
    if isinstance(value, str):
        day = read_date(value.strip())
        if day is None:
            raise ValueError(date_problem(value))
        return day
    return value


@cache
def _date_fields(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of ``cls`` that hold a date (optional or not)."""
    return frozenset(
        name
        for name, field in cls.model_fields.items()
        if unwrap_type(field.annotation)[0] is dt.date
    )


#: A display name: non-empty, at most 200 characters.
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


class Strict(SharedFieldsModel):
    """Base of every model class: unknown fields are errors, values are validated."""

    # No protected namespace: ``model_community`` is a field (pydantic < 2.10 warned).
    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, frozen=False, protected_namespaces=()
    )

    @model_validator(mode="before")
    @classmethod
    def _as_written(cls, data: Any) -> Any:
        """Dates as written (:func:`_dates_as_written`), then no truth for a
        number (:func:`_no_truth_for_numbers`): one validator for both, as a
        call from pydantic-core into Python costs more than the tests it makes
        (17,000 records in the example)."""
        if isinstance(data, dict):
            dates, numbers = _checked_fields(cls)
            if dates:
                data = _dates_as_written(cls, data, dates)
            if numbers:
                _no_truth_for_numbers(data, numbers)
        return data


def _no_truth_for_numbers(data: dict[str, Any], numbers: frozenset[str]) -> None:
    """``members_full: true`` is a mistake, not 1 (pydantic would take it)."""
    for key, value in data.items():  # in the order written: the first one is said
        if value.__class__ is bool and key in numbers:
            raise ValueError(tr("load_model.truth_for_number", field=key, value=str(value).lower()))


def _dates_as_written(
    cls: type[BaseModel], data: dict[str, Any], fields: frozenset[str]
) -> dict[str, Any]:
    """A date field takes a date, or its text in a form :func:`read_date`
    reads; anything else is refused in plain words (the loader has already
    turned the Excel forms into dates, noting each)."""
    changed: dict[str, Any] = {}
    refused: list[InitErrorDetails] = []
    for key in fields.intersection(data):
        value = data[key]
        if value is None or type(value) is dt.date:  # as the loader leaves most of them
            continue
        try:
            day = date_input(value)
        except ValueError as exc:
            # At the field (a ValueError here would stand for the whole entity).
            error = PydanticCustomError("date_form", "{message}", {"message": str(exc)})
            refused.append(InitErrorDetails(type=error, loc=(key,), input=value))
            continue
        if day is not value:
            changed[key] = day
    if refused:
        raise ValidationError.from_exception_data(cls.__name__, refused)
    return {**data, **changed} if changed else data


@cache
def _checked_fields(cls: type[BaseModel]) -> tuple[frozenset[str], frozenset[str]]:
    """The date fields and the number fields of ``cls``, for :meth:`Strict._as_written`."""
    return _date_fields(cls), _number_fields(cls)


@cache
def _number_fields(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of ``cls`` that hold an int or a float (optional or not)."""
    out: set[str] = set()
    for name, field in cls.model_fields.items():
        tp, _ = unwrap_type(field.annotation)
        if typing.get_origin(tp) is Annotated:  # FiniteFloat
            tp = typing.get_args(tp)[0]
        if tp in (int, float):
            out.add(name)
    return frozenset(out)


class Entity(Strict):
    """Anything with a stable id and a Chinese display name.

    ``valid_from`` / ``valid_until`` bound the entity's term (任期, agreement
    period); either may be omitted, but the end may not precede the start.
    """

    id: Id
    name: Name
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Entity:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(
                tr(
                    "load_model.end_before_start",
                    end_field="valid_until",
                    end=self.valid_until,
                    start_field="valid_from",
                    start=self.valid_from,
                )
            )
        return self


@dataclass(frozen=True)
class RefField:
    """A reference field of an entity class, found by :func:`ref_fields`.

    ``nested`` names the list field holding nested records (``items``,
    ``part_time_members``) when the reference sits inside one of them.
    """

    name: str
    ref: RefTo
    many: bool
    nested: str | None = None
    nested_many: bool = False


def unwrap_type(tp: Any) -> tuple[Any, bool]:
    """Strip ``X | None`` and ``list[X]`` from a field's type; return (X, is_list).

    Examples
    --------
    >>> unwrap_type(list[int] | None)
    (<class 'int'>, True)
    """
    many = False
    while True:
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0]
        elif origin is list:
            many = True
            tp = typing.get_args(tp)[0]
        else:
            return tp, many


@cache
def field_hints(cls: type[BaseModel]) -> dict[str, Any]:
    """``typing.get_type_hints(cls)``, evaluated once per class: the loader's
    stages each ask it of every class, and each time it compiles every string
    annotation up the class's bases (a thousand ``compile`` calls for the
    example).  Shared: read it, never change it.

    >>> from partygraph.model import Division
    >>> field_hints(Division)["level"] is field_hints(Division)["level"]
    True
    """
    return typing.get_type_hints(cls)


@cache
def annotated_hints(cls: type[BaseModel]) -> dict[str, Any]:
    """``typing.get_type_hints(cls, include_extras=True)``, evaluated once per
    class: the references and the column plans both read it.  Shared: read
    it, never change it.

    >>> from partygraph.model import Grid
    >>> typing.get_origin(annotated_hints(Grid)["id"]) is Annotated
    True
    """
    return typing.get_type_hints(cls, include_extras=True)


@cache
def field_names(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` in order, asked once (pydantic's ``model_fields``
    property costs 17 µs a call).

    >>> from partygraph.model import Meeting
    >>> field_names(Meeting)
    ('date', 'kind')
    """
    return tuple(cls.model_fields)


@cache
def ref_fields(cls: type[BaseModel]) -> tuple[RefField, ...]:
    """Every reference field of an entity class, nested records included.

    Examples
    --------
    >>> from partygraph.model.entities import Grid, ServiceCentre
    >>> [(f.name, f.ref.target) for f in ref_fields(Grid)]
    [('community', 'divisions'), ('residents_group', 'divisions'), ('leader', 'persons')]
    >>> [(f.nested, f.name) for f in ref_fields(ServiceCentre)][-1]
    ('items', 'responsible')
    """
    found: list[RefField] = []
    hints = annotated_hints(cls)
    for name in cls.model_fields:
        tp, many = unwrap_type(hints[name])
        if typing.get_origin(tp) is Annotated:
            refs = [m for m in tp.__metadata__ if isinstance(m, RefTo)]
            if refs:
                found.append(RefField(name, refs[0], many))
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            found.extend(RefField(f.name, f.ref, f.many, name, many) for f in ref_fields(tp))
    return tuple(found)
