"""Records that share one set of given fields, safely.

pydantic keeps, in every model instance, the set of fields that were given
(``model_fields_set``; ``model_dump(exclude_unset=True)`` reads it): 216 to
728 bytes, a third of what an entity weighs.  Records loaded with the same
fields share one set instead (:func:`share_fields_set`).  Measured on a
1,500-community model (188,885 records, ``partygraph.synth(communities=1500,
households=0, seed=1)`` dumped and loaded): 273 MB of RSS after the load with
the sets shared, 359 MB without (tracemalloc: 175 MB against 257 MB live).

A shared set must never change, for the change would show in every record
sharing it.  So a record takes a set of its own before it is assigned to or
hands out its ``model_fields_set`` (:class:`SharedFieldsModel`); copies
(``copy``, ``deepcopy``, ``model_copy``) get a plain set; pickled and loaded
back, records share again; and the shared set refuses every change.  This
leans on pydantic 2 internals (``__pydantic_fields_set__``, which ``__copy__``
copies and pydantic-core reads as a ``set``), hence ``pydantic<3``; each path
is tested in ``tests/test_model_api.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

from pydantic import BaseModel

__all__ = ["SharedFieldsModel", "construct", "share_fields_set", "shared_fields_set"]


class _SharedFields(set[str]):
    """The set of fields given, shared by every record loaded with the same
    fields (see :func:`share_fields_set`).

    It must never change, for a change would show in every record sharing it:
    its mutators raise ``TypeError``; a record asked for its
    ``model_fields_set``, or assigned to, takes a set of its own first
    (:class:`SharedFieldsModel`); a copy of it (``copy``, ``deepcopy``, ``model_copy``)
    is a plain set; pickled and loaded, records share the one set again.  It
    stays a ``set`` because pydantic-core reads it as one for
    ``model_dump(exclude_unset=True)``.
    """

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_shared, (frozenset(self),))


def _refuse(self: _SharedFields, *args: Any) -> NoReturn:
    raise TypeError(
        "this set of given fields is shared by many records and cannot change; "
        "a record's own set is its model_fields_set"
    )


# Set in a loop: each mutator of set, refused (``set.__init__`` does not call them).
for _name in (
    "add",
    "clear",
    "difference_update",
    "discard",
    "intersection_update",
    "pop",
    "remove",
    "symmetric_difference_update",
    "update",
    "__iand__",
    "__ior__",
    "__isub__",
    "__ixor__",
):
    setattr(_SharedFields, _name, _refuse)
del _name

_SHARED_FIELDS: dict[frozenset[str], _SharedFields] = {}


def _shared(given: frozenset[str]) -> _SharedFields:
    """The one shared set holding ``given``."""
    shared = _SHARED_FIELDS.get(given)
    if shared is None:
        shared = _SHARED_FIELDS[given] = _SharedFields(given)
    return shared


def shared_fields_set(names: Iterable[str]) -> set[str]:
    """The one set of given fields ``names`` that records of a
    :class:`SharedFieldsModel` class may share, for
    ``model_construct(_fields_set=...)``.

    >>> shared_fields_set(["id", "name"]) is shared_fields_set({"name", "id"})
    True
    """
    return _shared(frozenset(names))


def construct(cls: type[BaseModel], values: dict[str, Any], given: set[str]) -> Any:
    """A record of ``cls`` holding ``values`` (every field, in order, already
    valid) with the set of given fields ``given`` (a shared one, from
    :func:`shared_fields_set`): what ``model_construct`` makes, without
    looking at the fields again (8 µs a record less).

    >>> import datetime as dt
    >>> from partygraph.model import Meeting
    >>> values = {"date": dt.date(2023, 4, 26), "kind": None}
    >>> m = construct(Meeting, values, shared_fields_set(["date"]))
    >>> m == Meeting(date="2023-04-26"), sorted(m.model_fields_set)
    (True, ['date'])
    """
    record = cls.__new__(cls)
    _set(record, "__dict__", values)
    _set(record, "__pydantic_fields_set__", given)
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


_set = object.__setattr__


def share_fields_set(record: BaseModel) -> None:
    """Let ``record`` share its set of given fields with the other records
    that gave the same ones.

    A record assigned to, or asked for its ``model_fields_set``, gets a set
    of its own first, so no change to one record shows in another.

    >>> from partygraph.model import Division
    >>> a = Division(id="a", name="甲社区", level="community")
    >>> b = Division(id="b", name="乙社区", level="community")
    >>> share_fields_set(a); share_fields_set(b)
    >>> a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    True
    >>> a.parent = "b"
    >>> b.model_fields_set.add("note")
    >>> sorted(a.model_fields_set), sorted(b.model_fields_set)
    (['id', 'level', 'name', 'parent'], ['id', 'level', 'name', 'note'])
    """
    if not isinstance(record, SharedFieldsModel):  # it would change the set in place
        raise TypeError(f"a {type(record).__name__} cannot share its fields set safely")
    given = record.__pydantic_fields_set__
    if type(given) is not _SharedFields:
        key = frozenset(given)
        # _shared(key), inline: once per record loaded (23,000 in the example)
        shared = _SHARED_FIELDS.get(key) or _shared(key)
        object.__setattr__(record, "__pydantic_fields_set__", shared)


class SharedFieldsModel(BaseModel):
    """A pydantic model whose set of given fields may be shared with other
    records (:func:`share_fields_set`): the record takes a set of its own
    before it is assigned to or hands its ``model_fields_set`` out."""

    def __setattr__(self, name: str, value: Any) -> None:
        self._own_fields_set()  # pydantic-core adds the field to the set in place
        super().__setattr__(name, value)

    @property
    def model_fields_set(self) -> set[str]:
        """The fields given (not filled from defaults): this record's own set,
        which its caller may change."""
        return self._own_fields_set()

    def _own_fields_set(self) -> set[str]:
        """The record's set of given fields, made its own first if shared."""
        given = self.__pydantic_fields_set__
        if type(given) is _SharedFields:
            given = set(given)
            object.__setattr__(self, "__pydantic_fields_set__", given)
        return given
