"""Where an entity was written, and pydantic's errors pointed at that place.

Every entity checked while loading has an *origin*: a YAML mapping
(:class:`YamlOrigin`), a row of a CSV table (:class:`CsvOrigin`), or, for a
model built in Python and checked by :func:`partygraph.validate`, its place in
the model (:class:`ModelOrigin`, no file).  An origin maps a field path such as
``("items", 2, "name")`` to a file, line and column;
:func:`pydantic_errors` turns a :class:`pydantic.ValidationError` into
:class:`~partygraph.errors.ErrorItem` s located that way.

Examples
--------
>>> path_text("divisions", 3, ("parent",))
'divisions[3].parent'
>>> ModelOrigin(3).locate(("parent",))
(None, None, None)
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from partygraph.errors import MAX_REPORTED, ErrorItem
from partygraph.io.tables import RawTable, suggest
from partygraph.io.yamlsrc import MarkedDict, MarkedList
from partygraph.model import unwrap_type

__all__ = [
    "CsvOrigin",
    "Loc",
    "ModelOrigin",
    "Origin",
    "Place",
    "YamlOrigin",
    "path_text",
    "pydantic_errors",
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
        column = str(loc[0]) if loc else ""
        line, col = (
            self.table.where(self.row, column) if column else (self.table.lines[self.row], None)
        )
        return self.table.file, line, col


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
    the place ``origin`` gives it, with a hint where one helps.

    ``skip_missing`` names fields a whole table lacks: reported once for the
    table, not once per row.  Only the first ``hints`` problems get a "did you
    mean" (a fuzzy match costs 80 µs; past :data:`~partygraph.errors.MAX_REPORTED`
    problems the rest are only counted anyway).

    Examples
    --------
    >>> from partygraph.model import Division
    >>> try:
    ...     Division.model_validate({"id": "c", "name": "市", "level": "city", "parnt": "x"})
    ... except ValidationError as exc:
    ...     print(pydantic_errors(exc, ModelOrigin(0), "divisions", Division)[0].message)
    unknown field 'parnt'（是不是“parent”？）; allowed: id, name, ...
    """
    out: list[ErrorItem] = []
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        kind, message = err["type"], err["msg"].removeprefix("Value error, ")
        at_key, where = False, loc
        if kind == "extra_forbidden":
            at_key = True
            owner = _owner_class(cls, loc[:-1])
            allowed = list(owner.model_fields) if owner else []
            hint = suggest(str(loc[-1]), allowed) if len(out) < hints else ""
            message = f"unknown field {loc[-1]!r}{hint}; allowed: {', '.join(allowed)}"
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


def _owner_class(cls: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
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
