"""A bulk table's ids as sorted integer codes, and references joined on them.

The usual export writes a table's ids in one width and in increasing order
(``h0000001``, ``h0000002`` …).  Such ids are kept as one integer each (up to
8 bytes, read big-endian, so the integers sort as the bytes do; wider ids as
their bytes) and every lookup is a binary search in them: no hash table of
five million ids is built or probed, and no Python string is made per id.

Two things make the lookups cheap at a province's size.  The values looked up
are searched in sorted order (a random binary search in five million codes
misses the cache at every step: sorting half a million values first is 8x
faster), and two tables of ids share nothing when their widths differ or
their ranges do not meet, found without a search (persons ``p000001`` against
households ``h0000001``: the check that no id is in both was a search of five
million values).

Only numpy is imported here; :meth:`SortedIds.find` reads Arrow string arrays
by their buffers (the fast path has imported pyarrow already).

Examples
--------
>>> ids = SortedIds.of(np.array([b"h1", b"h2", b"h3"]))
>>> ids.find_fixed(np.array([b"h3", b"h0", b"h2"])).tolist()
[2, -1, 1]
>>> ids.shares(SortedIds.of(np.array([b"p1", b"p2"]))), SortedIds.of(np.array([b"h2", b"h1"]))
(False, None)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from partygraph.model.population import Array

__all__ = ["SortedIds", "TableIds", "keys_of"]


def keys_of(fixed: Array, *, consume: bool = False) -> Array:
    """Byte strings of one width (numpy ``S``) as what sorts and compares as
    they do: up to 8 bytes, one integer each, else the strings themselves.
    ``consume``: ``fixed`` (contiguous, writable) may become the keys.

    >>> keys_of(np.array([b"a", b"b"])).tolist() == [ord("a") << 56, ord("b") << 56]
    True
    """
    width = fixed.dtype.itemsize
    if width > 8:
        return fixed
    if width == 8:  # read big-endian, as numbers in the machine's order
        if consume and fixed.flags.c_contiguous and fixed.flags.writeable:
            # In place: a province's 40 MB of ids is not allocated (and its
            # pages faulted in) a second time.
            keys: Array = fixed.view(np.uint64)
            if np.little_endian:
                keys.byteswap(inplace=True)
            return keys
        keys = np.ascontiguousarray(fixed).view(">u8").astype(np.uint64)
        return keys
    padded = np.zeros((len(fixed), 8), dtype=np.uint8)
    padded[:, :width] = np.ascontiguousarray(fixed).view(np.uint8).reshape(-1, width)
    out: Array = padded.view(">u8").ravel().astype(np.uint64)
    return out


class SortedIds:
    """Ids of one width in strictly increasing order, as integer codes
    (:func:`keys_of`); row ``k`` is the ``k``-th id."""

    #: Values whose bytes are gathered at a time (bounds the index arrays).
    CHUNK = 1 << 16

    def __init__(self, keys: Array, width: int) -> None:
        self.keys = keys
        self.width = width
        self.size = len(keys)

    @classmethod
    def of(cls, fixed: Array, *, consume: bool = False) -> SortedIds | None:
        """``fixed`` (numpy ``S<width>``, no id empty) as :class:`SortedIds`, or
        ``None`` when it is empty or not strictly increasing.  ``consume``:
        ``fixed`` may become the keys (it is not to be read again)."""
        if not len(fixed):
            return None
        keys = keys_of(fixed, consume=consume)
        if not bool(np.all(keys[1:] > keys[:-1])):
            return None
        return cls(keys, fixed.dtype.itemsize)

    @classmethod
    def of_strings(cls, values: Any) -> SortedIds | None:
        """Arrow strings as :class:`SortedIds`, or ``None`` (widths differ, an
        empty id, not in order)."""
        offsets, data = _buffers(values)
        lengths = np.diff(offsets)
        if not len(lengths) or data is None:
            return None
        width = int(lengths[0])
        if not width or not bool(np.all(lengths == width)):
            return None
        fixed = np.frombuffer(data, dtype=f"S{width}", count=len(lengths), offset=int(offsets[0]))
        return cls.of(fixed)

    def fixed(self) -> Array:
        """The ids as numpy ``S<width>`` again (a new array)."""
        if self.width > 8:
            return self.keys.copy()
        as_bytes = self.keys.astype(">u8").view(np.uint8).reshape(-1, 8)
        out: Array = np.ascontiguousarray(as_bytes[:, : self.width]).view(f"S{self.width}")
        return out.ravel()

    def find_keys(self, wanted: Array) -> Array:
        """Where each of ``wanted`` (codes as :func:`keys_of` makes them) is
        (``-1``: nowhere), as int32; searched in sorted order."""
        out = np.full(len(wanted), -1, dtype=np.int32)
        if not len(wanted):
            return out
        if bool(np.all(wanted[1:] >= wanted[:-1])):  # in order already
            at = np.minimum(np.searchsorted(self.keys, wanted), self.size - 1)
            hit = self.keys[at] == wanted
            out[hit] = at[hit]
            return out
        order = np.argsort(wanted, kind="stable")
        ordered = wanted[order]
        at = np.minimum(np.searchsorted(self.keys, ordered), self.size - 1)
        hit = self.keys[at] == ordered
        out[order[hit]] = at[hit]
        return out

    def find_fixed(self, fixed: Array) -> Array:
        """Where each of ``fixed`` (numpy ``S``) is (``-1``: nowhere), as int32."""
        if fixed.dtype.itemsize != self.width:
            return np.full(len(fixed), -1, dtype=np.int32)
        return self.find_keys(keys_of(fixed))

    def find(self, values: Any) -> Array:
        """Where each of ``values`` (Arrow strings) is (``-1``: nowhere), as int32."""
        out = np.full(len(values), -1, dtype=np.int32)
        offsets, data = _buffers(values)
        if data is None:  # every value empty
            return out
        lengths = np.diff(offsets)
        # Only a value of the ids' width can be one of them.
        rows = np.flatnonzero(lengths == self.width)
        if not len(rows):
            return out
        text = np.frombuffer(data, dtype=np.uint8)
        if np.count_nonzero(lengths) == len(rows):
            # Every value of this width or empty (a reference column): their
            # bytes lie one after the other, read as they are.
            start = int(offsets[rows[0]])
            fixed = text[start : start + len(rows) * self.width].view(f"S{self.width}")
            wanted = keys_of(fixed)
        else:
            step = np.arange(self.width, dtype=np.int64)
            parts = [
                keys_of(
                    text[offsets[rows[k : k + self.CHUNK]][:, None] + step]
                    .view(f"S{self.width}")
                    .ravel()
                )
                for k in range(0, len(rows), self.CHUNK)
            ]
            wanted = np.concatenate(parts)
        out[rows] = self.find_keys(wanted)
        return out

    def shares(self, other: SortedIds) -> bool:
        """Some id is in both: none when the widths differ or the ranges do not
        meet (no search), else the fewer searched in the more."""
        if other.width != self.width or not (self.size and other.size):
            return False
        if other.keys[-1] < self.keys[0] or self.keys[-1] < other.keys[0]:
            return False
        few, many = (other, self) if other.size <= self.size else (self, other)
        at = np.minimum(np.searchsorted(many.keys, few.keys), many.size - 1)
        return bool(np.any(many.keys[at] == few.keys))


def _buffers(values: Any) -> tuple[Array, Any]:
    """The offsets (int64, one more than the values) and the data buffer of
    an Arrow string array."""
    import pyarrow as pa  # type: ignore[import-untyped]  # imported already by the fast path

    wide = np.int64 if pa.types.is_large_string(values.type) else np.int32
    given: Array = np.frombuffer(values.buffers()[1], dtype=wide)
    offsets: Array = given[values.offset : values.offset + len(values) + 1].astype(np.int64)
    return offsets, values.buffers()[2]


class TableIds:
    """A bulk table's ids for the lookups: :attr:`sorted` when they are of one
    width and in order (``None`` otherwise), and as Arrow strings
    (:attr:`strings`), made from the codes only when asked for."""

    def __init__(self, ordered: SortedIds | None, strings: Any = None) -> None:
        assert ordered is not None or strings is not None
        self.sorted = ordered
        self._strings = strings

    @classmethod
    def of(cls, column: Array, width: int, strings: Any = None) -> TableIds:
        """The ids of a table: ``column`` (numpy text) with ``width`` the bytes
        of every id when all are ASCII of one width, else 0 and ``strings``
        (the ids as Arrow strings)."""
        if not width:
            return cls(SortedIds.of_strings(strings), strings)
        ordered = SortedIds.of(column.astype(f"S{width}"), consume=True)
        if ordered is not None:
            return cls(ordered)
        from partygraph.io.arrowlookups import packed_strings

        return cls(None, packed_strings(column.astype(f"S{width}")))

    @property
    def strings(self) -> Any:
        """The ids as one Arrow string array."""
        if self._strings is None:
            from partygraph.io.arrowlookups import packed_strings

            assert self.sorted is not None
            self._strings = packed_strings(self.sorted.fixed())
        return self._strings
