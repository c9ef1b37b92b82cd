"""What a rule can test on the nodes of each kind: their attributes and types.

The attributes of a kind are the fields of its model class (a division level
takes those of :class:`~partygraph.model.Division`), the columns of its bulk
table, and a few computed from the model (:data:`_DERIVED`).

Examples
--------
>>> attributes("grid")["leader"]
AttrSpec(type='ref', choices=(), target='persons', many=False)
>>> attributes("place")["type"].choices
('street', 'lane', 'building')
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel

from partygraph.model import SECTIONS, ref_fields, unwrap_type
from partygraph.model.population import TABLES
from partygraph.vocabulary import (
    BULK_KINDS,
    BY_LEVEL,
    DIVISION_LEVELS,
    LEVELS,
    NESTED,
    SECTION_KINDS,
)

__all__ = ["AttrSpec", "attributes"]

AttrType = Literal["ref", "num", "bool", "text", "date", "list"]


@dataclass(frozen=True)
class AttrSpec:
    """What an attribute of a kind holds: its type, its allowed values (for
    enumerations) and, for references, the section or table referred to."""

    type: AttrType
    choices: tuple[str, ...] = ()
    target: str | None = None
    many: bool = False


def _class_attributes(cls: type[BaseModel]) -> dict[str, AttrSpec]:
    refs = {f.name: f for f in ref_fields(cls) if f.nested is None}
    hints = typing.get_type_hints(cls, include_extras=True)
    out: dict[str, AttrSpec] = {}
    for name in cls.model_fields:
        tp, many = unwrap_type(hints[name])
        if name in refs:
            out[name] = AttrSpec("ref", target=refs[name].ref.target, many=many)
            continue
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        if many:
            out[name] = AttrSpec("list")
        elif typing.get_origin(tp) is Literal:
            out[name] = AttrSpec("text", tuple(str(a) for a in typing.get_args(tp)))
        elif tp is bool:
            out[name] = AttrSpec("bool")
        elif tp in (int, float):
            out[name] = AttrSpec("num")
        elif tp is dt.date:
            out[name] = AttrSpec("date")
        else:
            out[name] = AttrSpec("text")
    return out


def _merge(a: dict[str, AttrSpec], b: dict[str, AttrSpec]) -> dict[str, AttrSpec]:
    out = dict(a)
    for name, spec in b.items():
        if name in out and out[name].choices and spec.choices:
            out[name] = AttrSpec(
                out[name].type, tuple(dict.fromkeys(out[name].choices + spec.choices))
            )
        else:
            out.setdefault(name, spec)
    return out


#: Attributes computed from the model rather than written in it: where a
#: party organisation is set up (the level of its division, or its compound,
#: unit or grid), and whether a household is linked to a central household.
_DERIVED: dict[str, dict[str, AttrSpec]] = {
    "party_org": {"anchor": AttrSpec("text", (*LEVELS, "compound", "unit", "grid"))},
    "household": {"linked": AttrSpec("bool")},
}

_COLUMN_TYPES: dict[str, AttrType] = {
    "ref": "ref",
    "enum": "text",
    "int": "num",
    "bool": "bool",
    "date": "date",
}


@cache
def _schema() -> dict[str, dict[str, AttrSpec]]:
    out: dict[str, dict[str, AttrSpec]] = {}
    for section, cls in SECTIONS.items():
        attrs = _class_attributes(cls)
        kinds = DIVISION_LEVELS if SECTION_KINDS[section] == BY_LEVEL else (SECTION_KINDS[section],)
        for kind in kinds:
            out[kind] = _merge(out.get(kind, {}), attrs)
    for nested in NESTED:
        hints = typing.get_type_hints(SECTIONS[nested.section], include_extras=True)
        item_cls, _ = unwrap_type(hints[nested.field])
        out[nested.kind] = _class_attributes(item_cls)
    for kind, table in BULK_KINDS.items():
        out[kind] = {
            col.name: AttrSpec(
                _COLUMN_TYPES.get(col.type, "text"),
                col.choices,
                col.target if col.type == "ref" else None,
            )
            for col in TABLES[table].columns
        }
    for kind, extra in _DERIVED.items():
        out[kind] = {**out[kind], **extra}
    return out


def attributes(kind: str) -> dict[str, AttrSpec]:
    """The attributes a rule can test on nodes of ``kind``.

    Examples
    --------
    >>> attributes("grid")["leader"]
    AttrSpec(type='ref', choices=(), target='persons', many=False)
    >>> attributes("person")["member"].choices
    ('full', 'probationary')
    """
    return _schema()[kind]
