"""How the load cache (:mod:`partygraph.io.cache`) writes a model and reads it back.

The structure is JSON, each record a list: the index of its set of given
fields, then its values in field order (dates as ISO text, nested records as
lists again).  It is read back by building each record from its class's field
types, without running the validators a second time: the values were
validated when the files were read, and the cache is read only when its
digests match (at a million households, validating the 18,000 records again
took longer than the check that follows).  A field type the reader does not
know means no cache, never a model built wrong.

Bulk table columns are one file each: numbers, flags and dates as ``.npy``
(``allow_pickle=False``, memory-mapped); text as ``.npy`` of fixed-width
ASCII bytes when every cell is ASCII (ids, mostly; read back with one cast),
else as UTF-8 with cells separated by NUL (``.txt``), which no cell may hold
(:mod:`partygraph.io.cells`).

Examples
--------
>>> from partygraph.model import Division
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
>>> data = encode(m)
>>> data["model"][:3]
[0, 'partygraph model', None]
>>> decode(data, m.population) == m
True
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel

from partygraph.model import Model
from partygraph.model.fieldsets import shared_fields_set
from partygraph.model.population import TEXT, Array, Population

__all__ = ["Unsupported", "decode", "encode", "load_column", "save_column"]


class Unsupported(Exception):  # noqa: N818  (a reason not to cache, not a failure)
    """A value the cache cannot keep exactly: the model is not cached."""


Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]


def _same(value: Any) -> Any:
    return value


def _none(value: Any) -> None:
    return None


def _date_out(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _date_in(value: Any) -> Any:
    return None if value is None else dt.date.fromisoformat(value)


_SCALARS = (str, int, float, bool, type(None))


def _codec(tp: Any) -> Codec:
    """How a value of field type ``tp`` is written to JSON and read back."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _codec(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) != 1:
            raise Unsupported(repr(tp))
        return _codec(args[0])
    if origin is list:
        item_out, item_in = _codec(typing.get_args(tp)[0])
        if item_out is _same:
            return _SAME
        return (lambda v: [item_out(x) for x in v]), (lambda v: [item_in(x) for x in v])
    return _plain(tp, origin)


_SAME: Codec = (_same, _same)
#: The field types written as they are, and how the others are.
_PLAIN: dict[Any, Codec] = {
    str: _SAME,
    int: _SAME,
    float: _SAME,  # JSON keeps 3.0 apart from 3
    bool: _SAME,
    dt.date: (_date_out, _date_in),
    Population: (_none, _none),  # kept apart, as columns
}


def _plain(tp: Any, origin: Any) -> Codec:
    if origin is typing.Literal and all(isinstance(a, _SCALARS) for a in typing.get_args(tp)):
        return _SAME
    if tp in _PLAIN:
        return _PLAIN[tp]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return (lambda v: _out(v, tp)), (lambda v: _in(v, tp))
    raise Unsupported(repr(tp))


@cache
def _codecs(cls: type[BaseModel]) -> tuple[tuple[str, Codec], ...]:
    return tuple((name, _codec(f.annotation)) for name, f in cls.model_fields.items())


@cache
def _readers(cls: type[BaseModel]) -> tuple[tuple[str, ...], tuple[tuple[str, Any], ...]]:
    """The field names of ``cls``, and the fields whose values are not read as written."""
    codecs = _codecs(cls)
    names = tuple(name for name, _ in codecs)
    return names, tuple((name, read) for name, (out, read) in codecs if out is not _same)


#: While encoding: the distinct sets of given fields, each with whether it is shared.
_SETS: ContextVar[dict[tuple[frozenset[str], bool], int]] = ContextVar("partygraph_sets")


def _out(record: BaseModel, cls: type[BaseModel]) -> list[Any]:
    if type(record) is not cls:  # a subclass: its own fields, which the reader would not know
        raise Unsupported(type(record).__name__)
    given = record.__pydantic_fields_set__
    if record.__pydantic_extra__:  # private values are caches (Model._by_id): not kept
        raise Unsupported(f"{cls.__name__}: extra values")
    key = (frozenset(given), type(given) is not set)
    values = record.__dict__
    sets = _SETS.get()
    return [sets.setdefault(key, len(sets))] + [out(values[n]) for n, (out, _) in _codecs(cls)]


#: While decoding: the sets of given fields, by index: the one shared set, or
#: ``None`` and the names each record takes a set of its own of.
_GIVEN: ContextVar[list[tuple[set[str] | None, frozenset[str]]]] = ContextVar("partygraph_given")


def _in(row: list[Any], cls: type[BaseModel]) -> BaseModel:
    names, readers = _readers(cls)
    if len(row) != len(names) + 1:
        raise ValueError(f"{cls.__name__}: {len(row) - 1} values for {len(names)} fields")
    shared, own = _GIVEN.get()[row[0]]
    given = set(own) if shared is None else shared
    values = dict(zip(names, row[1:], strict=True))
    for name, read in readers:
        values[name] = read(values[name])
    if cls.__pydantic_post_init__ or cls.__private_attributes__:
        return cls.model_construct(given, **values)
    # What model_construct does for a record with no defaults left to fill.
    record = cls.__new__(cls)
    object.__setattr__(record, "__dict__", values)
    object.__setattr__(record, "__pydantic_fields_set__", given)
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


def encode(model: Model) -> dict[str, Any]:
    """The model's structure (all but its population) as JSON-ready data.

    Raises
    ------
    Unsupported
        If a value could not be read back exactly.
    """
    sets: dict[tuple[frozenset[str], bool], int] = {}
    token = _SETS.set(sets)
    try:
        row = _out(model, Model)
    finally:
        _SETS.reset(token)
    return {"sets": [[sorted(names), shared] for names, shared in sets], "model": row}


def decode(data: dict[str, Any], population: Population) -> Model:
    """The model :func:`encode` gave ``data`` of, with ``population``."""
    sets = [(shared_fields_set(n) if shared else None, frozenset(n)) for n, shared in data["sets"]]
    token = _GIVEN.set(sets)
    try:
        model = _in(data["model"], Model)
    finally:
        _GIVEN.reset(token)
    assert isinstance(model, Model)
    model.__dict__["population"] = population
    return model


# -- columns ----------------------------------------------------------------------


def save_column(folder: Path, stem: str, values: Array) -> bool:
    """Write one column as ``<stem>.npy`` or ``<stem>.txt``; ``False`` if it
    cannot be kept (text holding a NUL)."""
    if values.dtype != TEXT and values.dtype.kind not in "OUT":
        np.save(folder / f"{stem}.npy", np.ascontiguousarray(values), allow_pickle=False)
        return True
    ascii_ = _ascii(values)
    if ascii_ is not None:
        np.save(folder / f"{stem}.npy", ascii_, allow_pickle=False)
        return True
    text = "\0".join(values.tolist())
    if text.count("\0") != max(values.shape[0] - 1, 0):
        return False
    (folder / f"{stem}.txt").write_bytes(text.encode("utf-8"))
    return True


def _ascii(values: Array) -> Array | None:
    """The cells as fixed-width bytes, if every one is ASCII and none holds a
    NUL (a fixed-width cell ends at its first trailing NUL)."""
    if values.shape[0] == 0:
        return None
    lengths = np.strings.str_len(values)
    width = max(int(lengths.max()), 1)
    try:
        out = values.astype(f"S{width}")
    except UnicodeEncodeError:
        return None
    padding = values.shape[0] * width - int(lengths.sum())
    return out if out.tobytes().count(b"\0") == padding else None


def load_column(folder: Path, stem: str, n: int) -> Array:
    """One column :func:`save_column` wrote, of ``n`` rows."""
    text = folder / f"{stem}.txt"
    if text.exists():
        cells = text.read_bytes().decode("utf-8").split("\0") if n else []
        if len(cells) != n:
            raise ValueError(f"{text.name}: {len(cells)} cells, not {n}")
        return np.array(cells, dtype=TEXT)
    # Copy on write: the model's arrays may be changed, the file never is.
    out: Array = np.load(folder / f"{stem}.npy", mmap_mode="c" if n else None, allow_pickle=False)
    if out.shape != (n,):
        raise ValueError(f"{stem}.npy: shape {out.shape}, not ({n},)")
    if out.dtype.kind == "S":
        return out.astype(TEXT)
    return out.view(np.ndarray)
