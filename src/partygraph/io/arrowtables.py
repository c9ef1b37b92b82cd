"""A fast path for bulk CSV tables with Apache Arrow (``pyarrow``).

The plain spreadsheet export (UTF-8, no quotes, no carriage returns, no blank
lines, every cell well formed) is read with ``pyarrow.csv`` and checked column by
column with ``pyarrow.compute``; references are later looked up with
``index_in`` (see :mod:`partygraph.io.resolve`).  Anything else, and any table
with a problem, returns ``None``: the standard path in :mod:`partygraph.io.tables`
then reads it and reports every problem with its file, line and column, so the
errors are the same with or without Arrow.  Without ``pyarrow`` installed, or
with ``PARTYGRAPH_NO_ARROW=1`` (or :data:`ENABLED` set false), only the
standard path runs.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from partygraph.io import tables
from partygraph.io.tables import FALSE_SPELLINGS, ID_PATTERN, TRUE_SPELLINGS, RawTable
from partygraph.model.population import TEXT, Array, Column, TableSpec, text_array

try:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    import pyarrow.csv as pcsv  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - pyarrow is a dependency
    pa = pc = pcsv = None

__all__ = ["ENABLED", "Coded", "FastTable", "positions", "read"]

#: Use the fast path (set false, or ``PARTYGRAPH_NO_ARROW=1``, to read every
#: table the standard way).
ENABLED = os.environ.get("PARTYGRAPH_NO_ARROW", "") in ("", "0")

_BOM = codecs.BOM_UTF8
_ID_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:/-"
_TRUE = tuple(sorted(TRUE_SPELLINGS))
_FALSE = tuple(sorted(FALSE_SPELLINGS))
_NAT = np.iinfo(np.int64).min


class _UnusualError(Exception):
    """The table needs the standard path."""


class Coded:
    """A reference column as read: each cell a code into ``values`` (Arrow
    strings, ``""`` for an empty cell; each block's distinct cells), resolved
    later once per value rather than once per row."""

    def __init__(self, codes: Array, values: Any) -> None:
        self.codes = codes
        self.values = values

    def cells(self) -> Array:
        """Every cell, as Python strings (for the standard path)."""
        values = np.asarray(self.values.to_numpy(zero_copy_only=False), dtype=object)
        out: Array = values[self.codes]
        return out


class FastTable:
    """A bulk table read and checked by Arrow: no cell has a problem.

    ``columns`` holds the final arrays of every column that is not a reference;
    ``refs`` the reference columns as :class:`Coded` (``None``: not in the
    file), resolved later.
    """

    def __init__(self, spec: TableSpec, n: int, columns: dict[str, Array], refs: dict[str, Any]):
        self.spec = spec
        self.n = n
        self.columns = columns
        self.refs = refs

    @property
    def ids(self) -> Any:
        """The id column as Arrow strings (``None``: the table has no ids), for
        the lookups while references are resolved."""
        if not self.spec.has_ids:
            return None
        return strings(self.columns[self.spec.columns[0].name])

    def materialize(self) -> dict[str, Array]:
        """The columns as :func:`partygraph.io.tables.parse_columns` gives them."""
        out: dict[str, Array] = {}
        for col in self.spec.columns:
            if col.type != "ref":
                out[col.name] = self.columns[col.name]
                continue
            ref = self.refs[col.name]
            out[col.name] = np.full(self.n, "", dtype=object) if ref is None else ref.cells()
        return out


def available() -> bool:
    return ENABLED and pa is not None


def read(path: Path, spec: TableSpec, *, encoding: str | None, delimiter: str) -> RawTable | None:
    """The table at ``path`` read with Arrow, or ``None`` (use the standard path)."""
    if not available():
        return None
    with memory_pool():
        try:
            return _read(path, spec, encoding, delimiter)
        except Exception:  # anything unusual: the standard path reports it
            return None


@contextmanager
def memory_pool() -> Iterator[None]:
    """Arrow allocates from :func:`_pool` inside (reading, and resolving the
    references of, the bulk tables); a no-op without Arrow."""
    if not available():
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _pool() -> Any:
    """Arrow's jemalloc where the wheel has it (Linux, macOS): it hands the
    blocks of a large table back to the system as they are freed, where the
    system allocator kept 2.7 GB for a 1.2 GB table of 30 million households.
    Elsewhere the system allocator (mimalloc was slower on a first large table).
    Freed pages go back at once rather than after a second: the table's
    columns are filled while the next blocks are read, so a late return is a
    higher peak (Arrow's default pool is mimalloc, so only these reads use it)."""
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # pragma: no cover - a wheel without jemalloc
        pool = pa.system_memory_pool()
    return pool


#: Bytes read at a time.  A table is read block by block and each block's
#: columns are checked and packed as it comes, so a 2 GB province table never
#: sits in memory as text.
BLOCK_BYTES = 16 * 1024 * 1024
#: Tables up to this size are parsed in one go (faster, on every core); the
#: text of a larger one is never held whole.
WHOLE_BYTES = 256 * 1024 * 1024


def _read(path: Path, spec: TableSpec, encoding: str | None, delimiter: str) -> RawTable:
    header, n = _scan(path, encoding, delimiter)
    names = [c.name for c in spec.columns]
    if (
        n == 0
        or len(set(header)) != len(header)
        or any(h not in names for h in header)
        or any(c.required and c.name not in header for c in spec.columns)
    ):
        raise _UnusualError
    # Each column is written into its final array as the blocks come: what a
    # block leaves behind is reused by the next, so memory holds the table's
    # columns and one block, and nothing else.
    sinks = [_Sink(spec.column(h), n) for h in header]
    options = {
        "read_options": pcsv.ReadOptions(column_names=header, skip_rows=1, block_size=BLOCK_BYTES),
        "parse_options": pcsv.ParseOptions(
            delimiter=delimiter,
            quote_char=False,
            escape_char=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
        ),
        "convert_options": pcsv.ConvertOptions(
            column_types={s.col.name: _arrow_type(s.col) for s in sinks},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=True,
        ),
    }
    # A city's tables are read whole, its blocks on both cores; a larger one
    # block by block (Arrow's streaming reader parses one block at a time).
    small = path.stat().st_size <= WHOLE_BYTES
    reader = (
        pcsv.read_csv(path, **options).to_batches() if small else pcsv.open_csv(path, **options)
    )
    start = 0
    for batch in reader:
        for i, sink in enumerate(sinks):
            sink.add(start, batch.column(i))
        start += batch.num_rows
    if start != n:  # counted lines and rows differ: not a plain table
        raise _UnusualError
    got = {s.col.name: s for s in sinks}
    columns: dict[str, Array] = {}
    refs: dict[str, Any] = {}
    for col in spec.columns:
        found = got.get(col.name)
        if col.type == "ref":
            refs[col.name] = None if found is None else found.coded()
        else:
            columns[col.name] = _missing(col, n) if found is None else found.out
    fast = FastTable(spec, n, columns, refs)
    numbers = {h: i + 1 for i, h in enumerate(header)}
    raw = RawTable(str(path), {h: [] for h in header}, range(2, n + 2), numbers)
    raw.fast = fast
    return raw


def _scan(path: Path, encoding: str | None, delimiter: str) -> tuple[list[str], int]:
    """The header and the number of rows of a plain UTF-8 table, after a pass
    over its bytes that the standard path would read the same way: strict UTF-8,
    no quote, no carriage return (Arrow would count lines differently)."""
    if encoding is not None and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        raise _UnusualError
    if len(delimiter) != 1 or not delimiter.isascii() or delimiter in '"\n\r ':
        raise _UnusualError
    if path.stat().st_size > tables.MAX_TABLE_BYTES:  # looked up now: tests lower it
        raise _UnusualError
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    first = last = b""
    lines = 0
    with path.open("rb") as f:
        while block := f.read(BLOCK_BYTES):
            first, last = first or block, block
            if b'"' in block or b"\r" in block:
                raise _UnusualError
            if not block.isascii() or decoder.getstate()[0]:
                decoder.decode(block)  # raises on a byte that is not UTF-8
            lines += block.count(b"\n")
        decoder.decode(b"", final=True)
    if first.startswith(_BOM):
        first = first[len(_BOM) :]
    if b"\n" not in first:
        raise _UnusualError
    rows = lines - 1 + (not last.endswith(b"\n"))
    return first[: first.index(b"\n")].decode().split(delimiter), rows


def _arrow_type(col: Column) -> Any:
    """References are read dictionary-encoded: a code per cell, each distinct
    id once."""
    return pa.dictionary(pa.int32(), pa.string()) if col.type == "ref" else pa.string()


class _Sink:
    """One column of a table being read: its final array, filled block by block.

    A reference column holds each block's codes into that block's distinct
    values (Arrow's dictionary) until :meth:`coded` joins them.
    """

    def __init__(self, col: Column, n: int) -> None:
        self.col = col
        dtype: np.dtype[Any] = _DTYPES.get(col.type, TEXT)
        self.out: Array = np.empty(n, dtype=dtype)
        self.blocks: list[tuple[int, int, Any]] = []

    def add(self, start: int, cells: Any) -> None:
        col, stop = self.col, start + len(cells)
        if cells.null_count or stop > self.out.shape[0]:
            raise _UnusualError
        if col.type == "ref":
            values = cells.dictionary
            if col.required and _any(pc.equal(pc.binary_length(values), 0)):
                raise _UnusualError
            _unpadded(values)  # the standard path strips them: then they differ
            self.out[start:stop] = cells.indices.to_numpy(zero_copy_only=False)
            self.blocks.append((start, stop, values))
            return
        if col.required and _any(pc.equal(pc.binary_length(cells), 0)):
            raise _UnusualError
        self.out[start:stop] = _parse(col, cells)

    def coded(self) -> Coded:
        """The reference column as one :class:`Coded`: the blocks' distinct
        values one after the other (a value in two blocks is there twice: a
        column of households has a few million distinct ones, and hashing them
        all once more to merge the blocks cost 700 MB at a province)."""
        first = 0
        for start, stop, d in self.blocks:
            if first:
                self.out[start:stop] += first
            first += len(d)
        values = _concat_strings([d for _, _, d in self.blocks])
        self.blocks.clear()
        return Coded(self.out, values)


_DTYPES: dict[str, np.dtype[Any]] = {
    "ref": np.dtype(np.int32),
    "int": np.dtype(np.int64),
    "bool": np.dtype(bool),
    "enum": np.dtype(np.int8),
    "date": np.dtype("datetime64[D]"),
}


def _concat_strings(arrays: list[Any]) -> Any:
    """One Arrow string array (64-bit offsets past 2 GB of text)."""
    try:
        return pa.concat_arrays(arrays)
    except (pa.ArrowInvalid, pa.ArrowCapacityError):
        return pa.concat_arrays([a.cast(pa.large_string()) for a in arrays])


def _any(mask: Any) -> bool:
    return bool(pc.any(mask).as_py())


def _missing(col: Column, n: int) -> Array:
    """A column not in the file, as the standard path parses its empty cells."""
    if col.type in ("id", "str"):
        return np.full(n, "", dtype=TEXT)
    if col.type == "int":
        return np.full(n, -1, dtype=np.int64)
    if col.type == "bool":
        return np.zeros(n, dtype=bool)
    if col.type == "enum":
        return np.full(n, -1, dtype=np.int8)
    return np.full(n, np.datetime64("NaT", "D"), dtype="datetime64[D]")


def _chars(cells: Any) -> bytes:
    """The bytes of all cells, one after the other."""
    width = np.int64 if pa.types.is_large_string(cells.type) else np.int32
    offsets = np.frombuffer(cells.buffers()[1], dtype=width)
    first, last = offsets[[cells.offset, cells.offset + len(cells)]]
    data = cells.buffers()[2]
    return b"" if data is None else bytes(memoryview(data)[int(first) : int(last)])


def _parse(col: Column, cells: Any) -> Array:
    if col.type == "id":
        return _parse_id(cells)
    if col.type == "int":
        return _parse_int(cells)
    if col.type == "str":
        return text_array(cells.to_numpy(zero_copy_only=False))
    if col.type == "bool":
        return _parse_bool(cells)
    if col.type == "enum":
        codes = pc.index_in(cells, value_set=pa.array(col.choices))
        empty = pc.equal(cells, "")
        if _any(pc.and_(pc.is_null(codes), pc.invert(empty))):
            raise _UnusualError
        return np.asarray(codes.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int8)
    return _parse_date(cells)


def _parse_bool(cells: Any) -> Array:
    """The spellings of true and false (case aside) the standard path accepts."""
    lower = pc.ascii_lower(cells)
    if not pc.all(pc.is_in(lower, value_set=pa.array(_TRUE + _FALSE))).as_py():
        raise _UnusualError
    return np.asarray(
        pc.is_in(lower, value_set=pa.array(_TRUE)).to_numpy(zero_copy_only=False), dtype=bool
    )


def _parse_id(cells: Any) -> Array:
    """Ids as :data:`partygraph.io.tables.ID_PATTERN` wants them, as :data:`TEXT`."""
    lengths = pc.min_max(pc.utf8_length(cells)).as_py()  # characters, as the pattern counts
    if lengths["min"] < 1 or lengths["max"] > 128:
        raise _UnusualError
    chars = _chars(cells)
    if chars.translate(None, _ID_BYTES):
        # Letters of other scripts: the standard pattern decides, cell by cell.
        plain = pc.match_substring_regex(cells, r"^[A-Za-z0-9_.:/-]+$")
        other = pc.filter(cells, pc.invert(plain)).to_pylist()
        if not all(map(ID_PATTERN.fullmatch, other)):
            raise _UnusualError
    elif lengths["min"] == lengths["max"]:
        # Plain ids of one width (the usual export): packed without a Python
        # string each.
        return text_array(np.frombuffer(chars, dtype=f"S{len(chars) // len(cells)}"))
    return text_array(cells.to_numpy(zero_copy_only=False))


def _unpadded(cells: Any) -> None:
    """No cell has white space at either end (a reference is resolved later)."""
    if _chars(cells).translate(None, _ID_BYTES):
        plain = pc.match_substring_regex(cells, r"^[A-Za-z0-9_.:/-]*$")
        other = pc.filter(cells, pc.invert(plain)).to_pylist()
        if any(v != v.strip() for v in other):
            raise _UnusualError


def _parse_int(cells: Any) -> Array:
    """Whole numbers of 0 or more, up to 18 digits (``-1``: empty)."""
    lengths = pc.binary_length(cells)
    if pc.max(lengths).as_py() > 18 or _chars(cells).translate(None, b"0123456789"):
        raise _UnusualError
    empty = pc.equal(lengths, 0)
    given = pc.if_else(empty, "-1", cells) if _any(empty) else cells
    return np.asarray(pc.cast(given, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _parse_date(cells: Any) -> Array:
    """``YYYY-MM-DD`` dates that exist (``NaT``: empty)."""
    empty = pc.equal(cells, "")
    shaped = pc.match_substring_regex(cells, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    if not pc.all(pc.or_(shaped, empty)).as_py():
        raise _UnusualError
    given = pc.if_else(empty, pa.scalar(None, pa.string()), cells)
    dates = pc.cast(given, pa.date32())
    if not pc.all(pc.or_(pc.equal(pc.strftime(dates, format="%Y-%m-%d"), given), empty)).as_py():
        raise _UnusualError
    days = np.asarray(
        pc.cast(dates, pa.int32()).fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64
    )
    days[np.asarray(empty.to_numpy(zero_copy_only=False), dtype=bool)] = _NAT
    return days.view("datetime64[D]")


# -- lookups, for the resolver ----------------------------------------------------
def strings(values: Any) -> Any:
    """Strings (a list, or a :data:`TEXT` array) as one Arrow array."""
    try:
        out = pa.array(values, type=pa.string())  # chunked, from a long TEXT array
    except pa.ArrowTypeError:  # pyarrow before 24 takes no StringDType array
        out = pa.array(np.asarray(values, dtype=object), type=pa.string())
    return _concat_strings(out.chunks) if isinstance(out, pa.ChunkedArray) else out


def _same_type(a: Any, b: Any) -> tuple[Any, Any]:
    """Both as large strings if either is (past 2 GB of text)."""
    if a.type == b.type:
        return a, b
    return a.cast(pa.large_string()), b.cast(pa.large_string())


def positions(values: Any, keys: Any) -> Array:
    """Where each of ``values`` is in ``keys`` (unique strings), ``-1`` if nowhere;
    the smaller side is hashed."""
    values, keys = _same_type(values, keys)
    if len(keys) > 2 * len(values) + 1024:
        uniq = pc.unique(values)
        hit = np.asarray(
            pc.index_in(keys, value_set=uniq).fill_null(-1).to_numpy(zero_copy_only=False),
            dtype=np.int64,
        )
        at = np.full(len(uniq), -1, dtype=np.int64)
        found = hit >= 0
        at[hit[found]] = np.flatnonzero(found)
        where = pc.index_in(values, value_set=uniq).to_numpy(zero_copy_only=False)
        return np.asarray(at[np.asarray(where, dtype=np.int64)], dtype=np.int64)
    return np.asarray(
        pc.index_in(values, value_set=keys).fill_null(-1).to_numpy(zero_copy_only=False),
        dtype=np.int64,
    )


def empty_count(values: Any) -> int:
    """How many cells are empty."""
    return int(pc.sum(pc.equal(pc.binary_length(values), 0)).as_py() or 0)


def unique(values: Any) -> bool:
    """No string twice: ids of one width in increasing order (the usual export)
    are compared with their neighbours, others hashed."""
    lengths = pc.binary_length(values)
    width = pc.max(lengths).as_py() or 0
    if width and pc.min(lengths).as_py() == width:
        fixed = np.frombuffer(_chars(values), dtype=f"S{width}")
        if bool(np.all(fixed[1:] > fixed[:-1])):
            return True
    return bool(pc.count_distinct(values).as_py() == len(values))


def shares(a: Any, b: Any) -> bool:
    """Some string is in both."""
    a, b = _same_type(a, b)
    if len(a) < len(b):
        a, b = b, a
    return len(b) > 0 and _any(pc.is_in(a, value_set=pc.unique(b)))
