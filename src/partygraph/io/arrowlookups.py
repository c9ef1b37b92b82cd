"""Arrow string arrays and lookups in them, for the fast path of the bulk tables.

The reader (:mod:`partygraph.io.arrowcsv`) and the resolver
(:mod:`partygraph.io.resolve`) use these on tables Arrow has read: hashing
millions of ids in Arrow is faster than in Python and holds no Python string
per id (ids of one width in order are searched by :mod:`partygraph.io.idcodes`
instead).  Importing this module imports ``pyarrow``: only the fast path does.

Every allocation goes to :data:`POOL`, passed explicitly: the library never
changes Arrow's process-wide default pool or its settings.

Examples
--------
>>> keys = strings(["h1", "h2", "h3"])
>>> positions(strings(["h3", "", "h9"]), keys).tolist()
[2, -1, -1]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
from pyarrow import _compute

from partygraph.model.population import Array, text_array

__all__ = [
    "POOL",
    "any_true",
    "bools",
    "chars",
    "concat_strings",
    "empty_count",
    "numbers",
    "packed_strings",
    "pc",
    "positions",
    "release",
    "scalar",
    "shares",
    "strings",
    "texts",
    "unique",
]


def _pool() -> Any:
    """mimalloc (Arrow's own default), else the system allocator.

    Freed memory goes back to the system at once with :func:`release`.
    jemalloc, used before, keeps freed pages for a second unless its decay is
    set to 0 for the whole process, and its ``release_unused`` returns none:
    at a million households (``benchmarks/run.py``) it peaked at 273-293 MB,
    mimalloc with :func:`release` at 266-283 MB.
    """
    try:
        return pa.mimalloc_memory_pool()
    except NotImplementedError:  # pragma: no cover - a wheel without mimalloc
        return pa.system_memory_pool()


#: The memory pool every Arrow call of the fast path allocates from.
POOL = _pool()


class _Compute:
    """The ``pyarrow.compute`` functions the fast path uses, called by name
    through ``pyarrow._compute.call_function``, with the options
    ``pyarrow.compute`` would give them: importing ``pyarrow.compute`` builds
    a Python wrapper and a docstring for each of its 300 functions, 0.12 to
    0.17 s of every cold load.  Nothing here may call an Arrow method that
    imports it (``Array.cast``, ``Array.filter``, ...).

    >>> pc.max(strings(["b", "a"]), memory_pool=POOL).as_py()
    'b'
    """

    _NAMES: ClassVar[dict[str, str]] = {"and_": "and", "or_": "or"}

    def __getattr__(self, name: str) -> Callable[..., Any]:
        function = self._NAMES.get(name, name)

        def call(*args: Any, memory_pool: Any = None) -> Any:
            return _compute.call_function(function, list(args), None, memory_pool)

        return call

    @staticmethod
    def cast(values: Any, target_type: Any, memory_pool: Any = None) -> Any:
        options = _compute.CastOptions.safe(target_type)
        return _compute.call_function("cast", [values], options, memory_pool)

    @staticmethod
    def index_in(values: Any, value_set: Any, memory_pool: Any = None) -> Any:
        options = _compute.SetLookupOptions(value_set)
        return _compute.call_function("index_in", [values], options, memory_pool)

    @staticmethod
    def is_in(values: Any, value_set: Any, memory_pool: Any = None) -> Any:
        options = _compute.SetLookupOptions(value_set)
        return _compute.call_function("is_in", [values], options, memory_pool)

    @staticmethod
    def match_substring_regex(values: Any, pattern: str, memory_pool: Any = None) -> Any:
        options = _compute.MatchSubstringOptions(pattern)
        return _compute.call_function("match_substring_regex", [values], options, memory_pool)

    @staticmethod
    def count_substring(values: Any, pattern: str, memory_pool: Any = None) -> Any:
        options = _compute.MatchSubstringOptions(pattern)
        return _compute.call_function("count_substring", [values], options, memory_pool)

    @staticmethod
    def filter(values: Any, mask: Any, memory_pool: Any = None) -> Any:
        options = _compute.FilterOptions()
        return _compute.call_function("filter", [values, mask], options, memory_pool)


#: The compute functions of the fast path (see :class:`_Compute`).
pc = _Compute()


def scalar(value: Any, type: Any) -> Any:
    """An Arrow scalar (``None``, an integer or a string) in :data:`POOL` (a
    Python value passed to a compute function would be made in Arrow's
    default pool).

    Made from buffers, not by ``pa.scalar``: converting a Python value makes
    pyarrow import pandas when it is installed, 0.2 s of a cold load.

    >>> scalar(-1, pa.int32()), scalar("", pa.string()), scalar(None, pa.string()).is_valid
    (<pyarrow.Int32Scalar: -1>, <pyarrow.StringScalar: ''>, False)
    """
    if value is None:
        return pa.nulls(1, type, memory_pool=POOL)[0]
    if isinstance(value, str):
        return pc.cast(strings([value]), type, memory_pool=POOL)[0]
    one = pa.Array.from_buffers(pa.int64(), 1, [None, pa.py_buffer(np.array([value]))])
    return pc.cast(one, type, memory_pool=POOL)[0]


def release() -> None:
    """Hand what the fast path freed back to the system now: the numpy and
    Python allocations that come next cannot reuse it."""
    POOL.release_unused()


def concat_strings(arrays: list[Any]) -> Any:
    """One Arrow string array (64-bit offsets past 2 GB of text)."""
    try:
        return pa.concat_arrays(arrays, memory_pool=POOL)
    except (pa.ArrowInvalid, pa.ArrowCapacityError):
        return pa.concat_arrays(
            [pc.cast(a, pa.large_string(), memory_pool=POOL) for a in arrays], memory_pool=POOL
        )


def any_true(mask: Any) -> bool:
    return bool(pc.any(mask, memory_pool=POOL).as_py())


def bools(mask: Any) -> Array:
    """A boolean Arrow array without nulls as a numpy ``bool`` array (read-only).

    Cast to bytes in :data:`POOL` first: Arrow's own conversion of bits to
    numpy would allocate from its default pool.
    """
    as_bytes = pc.cast(mask, pa.uint8(), memory_pool=POOL)
    return numbers(as_bytes).view(bool)


def numbers(values: Any) -> Array:
    """A numeric Arrow array without nulls as a numpy array (read-only, no copy).

    Read from its buffer: pyarrow's ``to_numpy`` imports pandas when it is
    installed, 0.2 s of a cold load for nothing.

    >>> numbers(pc.cast(strings(["1", "22"]), pa.int32())).tolist()
    [1, 22]
    """
    if values.null_count:
        raise ValueError("an array with nulls")
    dtype = _dtype(values.type)
    if len(values) == 0:
        return np.empty(0, dtype=dtype)
    data = values.buffers()[1]
    out: Array = np.frombuffer(
        data, dtype=dtype, count=len(values), offset=values.offset * dtype.itemsize
    )
    return out


def _dtype(arrow_type: Any) -> np.dtype[Any]:
    """The numpy dtype of a fixed-width numeric Arrow type, by its bit width
    (``to_pandas_dtype`` imports pandas in pyarrow 16, our floor)."""
    kind = "f" if pa.types.is_floating(arrow_type) else "i"
    if pa.types.is_unsigned_integer(arrow_type):
        kind = "u"
    elif not (kind == "f" or pa.types.is_signed_integer(arrow_type)):
        raise TypeError(f"not a fixed-width number type: {arrow_type}")
    return np.dtype(f"{kind}{arrow_type.bit_width // 8}")


def texts(values: Any) -> Array:
    """An Arrow string array as a :data:`~partygraph.model.population.TEXT`
    array (through Python strings: ``to_numpy`` would import pandas)."""
    return text_array(values.to_pylist())


def chars(cells: Any) -> bytes:
    """The bytes of all cells of a string array, one after the other."""
    width = np.int64 if pa.types.is_large_string(cells.type) else np.int32
    offsets = np.frombuffer(cells.buffers()[1], dtype=width)
    first, last = offsets[[cells.offset, cells.offset + len(cells)]]
    data = cells.buffers()[2]
    return b"" if data is None else bytes(memoryview(data)[int(first) : int(last)])


def strings(values: Any) -> Any:
    """Strings (a list, or a :data:`~partygraph.model.population.TEXT` array) as
    one Arrow array.

    Built from their UTF-8 bytes and offsets rather than by ``pa.array``,
    which imports pandas when it is installed (0.2 s of a cold load, for no
    use); a string holding NUL, or one that is not valid Unicode, goes the
    ``pa.array`` way.
    """
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    try:
        data = "\x00".join(items).encode()
    except UnicodeEncodeError:
        return _converted(values)
    nuls = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0)
    if len(nuls) != max(len(items) - 1, 0):
        return _converted(values)  # a NUL inside a string
    text = data.replace(b"\x00", b"")
    kind, width = (pa.string(), np.int32) if len(text) < 2**31 else (pa.large_string(), np.int64)
    offsets = np.empty(len(items) + 1, dtype=width)
    offsets[0] = 0
    offsets[1:-1] = nuls - np.arange(len(nuls))  # each NUL ends a string
    offsets[-1] = len(text)
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(text)]
    return pa.Array.from_buffers(kind, len(items), buffers)


def packed_strings(fixed: Array) -> Any:
    """Byte strings of one width (a numpy ``S`` array, no NUL in any) as one
    Arrow string array, without a Python string each: the bytes are the
    text, the offsets every ``width`` bytes.

    >>> packed_strings(np.array([b"h1", b"h2"])).to_pylist()
    ['h1', 'h2']
    """
    width, n = fixed.dtype.itemsize, len(fixed)
    kind, offset = (pa.string(), np.int32) if width * n < 2**31 else (pa.large_string(), np.int64)
    offsets = np.arange(0, width * (n + 1), width, dtype=offset)
    text = np.ascontiguousarray(fixed).view(np.uint8)
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(text)])


def _converted(values: Any) -> Any:
    try:
        out = pa.array(values, type=pa.string(), memory_pool=POOL)  # chunked, from a long array
    except pa.ArrowTypeError:  # pyarrow before 24 takes no StringDType array
        out = pa.array(np.asarray(values, dtype=object), type=pa.string(), memory_pool=POOL)
    out = concat_strings(out.chunks) if isinstance(out, pa.ChunkedArray) else out
    release()  # the conversion grew its buffers by copying them
    return out


def _same_type(a: Any, b: Any) -> tuple[Any, Any]:
    """Both as large strings if either is (past 2 GB of text)."""
    if a.type == b.type:
        return a, b
    return (
        pc.cast(a, pa.large_string(), memory_pool=POOL),
        pc.cast(b, pa.large_string(), memory_pool=POOL),
    )


def _index_in(values: Any, keys: Any) -> Array:
    """Where each of ``values`` is in ``keys`` (``-1``: nowhere), as int32."""
    found = pc.index_in(values, value_set=keys, memory_pool=POOL)
    filled = pc.coalesce(found, scalar(-1, found.type), memory_pool=POOL)
    del found
    release()  # millions of codes at a province
    return numbers(filled)  # read-only, no copy


def positions(values: Any, keys: Any) -> Array:
    """Where each of ``values`` is in ``keys`` (unique strings), ``-1`` if nowhere
    (int32, read-only); the smaller side is hashed."""
    values, keys = _same_type(values, keys)
    if len(keys) > 2 * len(values) + 1024:
        uniq = pc.unique(values, memory_pool=POOL)
        hit = _index_in(keys, uniq)
        at = np.full(len(uniq), -1, dtype=np.int32)
        found = hit >= 0
        at[hit[found]] = np.flatnonzero(found)
        del hit, found
        out: Array = at[_index_in(values, uniq)]
        return out
    return _index_in(values, keys)


def empty_count(values: Any) -> int:
    """How many cells are empty."""
    lengths = pc.binary_length(values, memory_pool=POOL)
    empty = pc.equal(lengths, scalar(0, lengths.type), memory_pool=POOL)
    return int(pc.sum(empty, memory_pool=POOL).as_py() or 0)


def unique(values: Any) -> bool:
    """No string twice (hashed: ids of one width in order are told apart by
    :class:`partygraph.io.idcodes.SortedIds` before this is asked)."""
    return bool(pc.count_distinct(values, memory_pool=POOL).as_py() == len(values))


def shares(a: Any, b: Any) -> bool:
    """Some string is in both."""
    a, b = _same_type(a, b)
    if len(a) < len(b):
        a, b = b, a
    return len(b) > 0 and any_true(
        pc.is_in(a, value_set=pc.unique(b, memory_pool=POOL), memory_pool=POOL)
    )
