"""What a filter value may be, by the type of the attribute it is compared with.

A ``where:`` condition compares an attribute (see
:func:`partygraph.index.attributes`) with a value.  The value must be of the
attribute's type, or the comparison would fail when the check runs (a date
compared with ``yesterday``) or match nothing without a word (a number
compared with a text).  The rules loader asks :func:`value_problem` about
every value when it reads a rules file, so each mistake is an error at its
line and column:

====== ===================================== ===========================
type   a value is                            e.g.
====== ===================================== ===========================
num    a finite number or a ``$parameter``   ``{ge: 3}``, ``{lt: $max}``
date   a date written YYYY-MM-DD             ``{lt: 2024-01-01}``
bool   ``true`` or ``false``                 ``true``
text   a text (one of the choices, if any)   ``branch``
ref    an id, as text                        ``c1``
list   (``contains``) an item, as text       ``{contains: patrol}``
====== ===================================== ===========================

``present`` and ``nonempty`` take ``true`` or ``false``; ``in`` and
``not_in`` a list of values of the attribute's type.  A date is never
relative (``today``): a check reads the model as of its snapshot, and a rule
that changed its meaning from one day to the next could not be reviewed.

Examples
--------
>>> from partygraph.index import AttrSpec
>>> print(value_problem(AttrSpec("date"), "valid_from", "lt", "2024-02-30"))
‘2024-02-30’不是日期：valid_from 是日期属性；请写 YYYY-MM-DD 格式的日期，例如
valid_from: {lt: 2024-01-01}
>>> value_problem(AttrSpec("num"), "members_full", "ge", "$big") is None
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from partygraph.i18n import tr
from partygraph.index import AttrSpec

__all__ = ["example", "is_number", "type_name", "value_problem"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEAN_OPS = ("present", "nonempty")
_RELATIVE = ("today", "yesterday", "tomorrow", "now")


def example(spec: AttrSpec, name: str, op: str = "eq") -> str:
    """A condition on ``name`` that is valid for its type, as a rule writer writes it.

    Examples
    --------
    >>> from partygraph.index import AttrSpec
    >>> example(AttrSpec("text", ("branch", "committee")), "form", "in")
    '{in: [branch, committee]}'
    >>> example(AttrSpec("list"), "meetings", "lt")
    '{nonempty: true}'
    """
    if op in _BOOLEAN_OPS:
        return f"{{{op}: true}}"
    one = {
        "num": "3",
        "date": "2024-01-01",
        "bool": "true",
        "text": spec.choices[0] if spec.choices else "示例",
        "ref": "c1",
        "list": "patrol" if name == "duties" else "示例",
    }[spec.type]
    if op in ("in", "not_in"):
        two = (
            spec.choices[1]
            if len(spec.choices) > 1
            else {"num": "5", "ref": "c2"}.get(spec.type, "其他")
        )
        return f"{{{op}: [{one}, {two}]}}"
    if spec.type == "list":
        return "{nonempty: true}" if op != "contains" else f"{{contains: {one}}}"
    return f"{{{op}: {one}}}"


def value_problem(spec: AttrSpec, name: str, op: str, value: Any) -> str | None:
    """Why ``value`` cannot be compared with attribute ``name`` by ``op``; None if it can.

    ``op`` is one the attribute's type takes (the loader checks that first).
    For ``in`` and ``not_in``, ``value`` is the list; each item is checked.

    Examples
    --------
    >>> from partygraph.index import AttrSpec
    >>> print(value_problem(AttrSpec("num"), "members_full", "ge", "many"))
    ‘many’不是一个数：members_full 是数值属性；请写一个数或 $参数，例如 members_full: {ge: 3}
    >>> value_problem(AttrSpec("ref"), "leader", "present", "no")
    'present 只能写 true 或 false，不能写 ‘no’，例如 leader: {present: true}'
    >>> value_problem(AttrSpec("text"), "form", "in", "branch")
    'in 要写一组值，不能写 ‘branch’，例如 form: {in: [示例, 其他]}'
    >>> from partygraph.i18n import use_language
    >>> with use_language("en"):
    ...     print(value_problem(AttrSpec("num"), "members_full", "ge", "many"))
    'many' is not a number: members_full is a num attribute;
    write a number or a $parameter, e.g. members_full: {ge: 3}
    """
    if op in _BOOLEAN_OPS:
        if isinstance(value, bool):
            return None
        return tr(
            "rules.takes_bool", op=op, value=value, name=name, example=example(spec, name, op)
        )
    if op in ("in", "not_in"):
        if not isinstance(value, list):
            e_g = example(spec, name, op)
            return tr("rules.takes_list", op=op, value=value, name=name, example=e_g)
        if not value:
            return tr("rules.empty_list", op=op, name=name, example=example(spec, name, op))
        return next((p for v in value if (p := _one(spec, name, op, v)) is not None), None)
    return _one(spec, name, op, value)


def _one(spec: AttrSpec, name: str, op: str, v: Any) -> str | None:
    """The problem with one value, or None."""
    if v is None:
        return tr("rules.null_value", name=name)
    if _ACCEPTS[spec.type](v):
        return None
    what = "finite" if spec.type == "num" and isinstance(v, float) else spec.type
    why = ""
    if spec.type == "date" and isinstance(v, str) and v.lower() in _RELATIVE:
        why = tr("rules.relative_date")
    return tr(
        "rules.wrong_type",
        value=v,
        what=tr(f"rules.what_{what}"),
        name=name,
        type=type_name(spec.type),
        how=tr(f"rules.how_{spec.type}"),
        example=example(spec, name, op),
        why=why,
    )


def type_name(kind: str) -> str:
    """An attribute type (``num``, ``date`` …) as a message names it.

    Examples
    --------
    >>> type_name("date")
    '日期'
    """
    return tr(f"rules.type_{kind}")


def _is_param(v: Any) -> bool:
    return isinstance(v, str) and v.startswith("$")


def is_number(v: Any) -> bool:
    """A finite number or a ``$parameter`` (bounds, thresholds, numeric filters).

    Examples
    --------
    >>> [is_number(v) for v in (3, 2.5, "$max", float("nan"), True, "3")]
    [True, True, True, False, False, False]
    """
    if _is_param(v):
        return True
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _is_date(v: Any) -> bool:
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return True
    if not isinstance(v, str) or not _ISO_DATE.fullmatch(v):
        return False
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return True


#: By attribute type, the test of one value; what it is and how to write it are
#: the messages ``rules.what_<type>`` and ``rules.how_<type>``.
_ACCEPTS: dict[str, Any] = {
    "num": is_number,
    "date": _is_date,
    "bool": lambda v: isinstance(v, bool),
    "text": lambda v: isinstance(v, str) and not _is_param(v),
    "ref": lambda v: isinstance(v, str) and not _is_param(v),
    "list": lambda v: isinstance(v, str) and not _is_param(v),
}
