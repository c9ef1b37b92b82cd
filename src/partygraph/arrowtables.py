"""A fast path for bulk CSV tables with Apache Arrow (``pyarrow``).

The plain spreadsheet export (UTF-8, no quotes, no carriage returns, no blank
lines, every cell well formed) is read with ``pyarrow.csv`` and checked column by
column with ``pyarrow.compute``; references are later looked up with
``index_in`` (see :mod:`partygraph.resolve`).  Anything else, and any table
with a problem, returns ``None``: the standard path in :mod:`partygraph.tables`
then reads it and reports every problem with its file, line and column, so the
errors are the same with or without Arrow.  Without ``pyarrow`` installed, or
with ``PARTYGRAPH_NO_ARROW=1`` (or :data:`ENABLED` set false), only the
standard path runs.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Any

import numpy as np

from partygraph import tables
from partygraph.population import Array, Column, TableSpec
from partygraph.tables import FALSE_SPELLINGS, ID_PATTERN, TRUE_SPELLINGS, RawTable

try:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    import pyarrow.csv as pcsv  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - pyarrow is a dependency
    pa = pc = pcsv = None

__all__ = ["ENABLED", "FastTable", "positions", "read"]

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


class FastTable:
    """A bulk table read and checked by Arrow: no cell has a problem.

    ``columns`` holds the final arrays of every column that is not a reference;
    ``refs`` the reference columns as Arrow strings (``None``: not in the file),
    resolved later.
    """

    def __init__(
        self, spec: TableSpec, n: int, columns: dict[str, Array], refs: dict[str, Any], ids: Any
    ) -> None:
        self.spec = spec
        self.n = n
        self.columns = columns
        self.refs = refs
        #: The id column as Arrow strings (``None``: the table has no ids).
        self.ids = ids

    def materialize(self) -> dict[str, Array]:
        """The columns as :func:`partygraph.tables.parse_columns` gives them."""
        out: dict[str, Array] = {}
        for col in self.spec.columns:
            if col.type != "ref":
                out[col.name] = self.columns[col.name]
                continue
            ref = self.refs[col.name]
            out[col.name] = (
                np.full(self.n, "", dtype=object)
                if ref is None
                else ref.to_numpy(zero_copy_only=False)
            )
        return out


def available() -> bool:
    return ENABLED and pa is not None


def read(path: Path, spec: TableSpec, *, encoding: str | None, delimiter: str) -> RawTable | None:
    """The table at ``path`` read with Arrow, or ``None`` (use the standard path)."""
    if not available():
        return None
    # The system allocator: Arrow's default (mimalloc) is much slower on the
    # first large table of a process, which is the usual case for a load.
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        return _read(path, spec, encoding, delimiter)
    except Exception:  # anything unusual: the standard path reports it
        return None
    finally:
        pa.set_memory_pool(previous)


def _read(path: Path, spec: TableSpec, encoding: str | None, delimiter: str) -> RawTable:
    data = _data(path, encoding, delimiter)
    header = data[: data.index(b"\n")].decode().split(delimiter)
    names = [c.name for c in spec.columns]
    if (
        len(set(header)) != len(header)
        or any(h not in names for h in header)
        or any(c.required and c.name not in header for c in spec.columns)
    ):
        raise _UnusualError
    table = pcsv.read_csv(
        pa.py_buffer(data),
        read_options=pcsv.ReadOptions(column_names=header, skip_rows=1),
        parse_options=pcsv.ParseOptions(
            delimiter=delimiter,
            quote_char=False,
            escape_char=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
        ),
        convert_options=pcsv.ConvertOptions(
            column_types={h: pa.string() for h in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=True,
        ),
    )
    n = table.num_rows
    if n == 0:
        raise _UnusualError
    columns: dict[str, Array] = {}
    refs: dict[str, Any] = {}
    arrow_ids = None
    for col in spec.columns:
        if col.name not in header:
            if col.type == "ref":
                refs[col.name] = None
            else:
                columns[col.name] = _missing(col, n)
            continue
        cells = table.column(col.name).combine_chunks()
        if cells.null_count:
            raise _UnusualError
        if col.required and _any(pc.equal(pc.binary_length(cells), 0)):
            raise _UnusualError
        if col.type == "ref":
            _unpadded(cells)  # the standard path strips them: then they differ
            refs[col.name] = cells
            continue
        columns[col.name] = _parse(col, cells)
        if col.type == "id":
            arrow_ids = cells
    fast = FastTable(spec, n, columns, refs, arrow_ids)
    numbers = {h: i + 1 for i, h in enumerate(header)}
    raw = RawTable(str(path), {h: [] for h in header}, list(range(2, n + 2)), numbers)
    raw.fast = fast
    return raw


def _data(path: Path, encoding: str | None, delimiter: str) -> bytes:
    """The bytes of a plain UTF-8 table (BOM removed)."""
    if encoding is not None and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        raise _UnusualError
    if len(delimiter) != 1 or not delimiter.isascii() or delimiter in '"\n\r ':
        raise _UnusualError
    if path.stat().st_size > tables.MAX_TABLE_BYTES:  # looked up now: tests lower it
        raise _UnusualError
    data = path.read_bytes()
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    # A blank line is a row of the wrong width or without its id: not read here.
    if b'"' in data or b"\r" in data:
        raise _UnusualError
    if not data.isascii():
        data.decode("utf-8")  # strictly, as the standard path does
    return data


def _any(mask: Any) -> bool:
    return bool(pc.any(mask).as_py())


def _missing(col: Column, n: int) -> Array:
    """A column not in the file, as the standard path parses its empty cells."""
    if col.type in ("id", "str"):
        return np.full(n, "", dtype=object)
    if col.type == "int":
        return np.full(n, -1, dtype=np.int64)
    if col.type == "bool":
        return np.zeros(n, dtype=bool)
    if col.type == "enum":
        return np.full(n, -1, dtype=np.int8)
    return np.full(n, np.datetime64("NaT", "D"), dtype="datetime64[D]")


def _chars(cells: Any) -> bytes:
    """The bytes of all cells, one after the other."""
    offsets = cells.buffers()[1]
    first, last = np.frombuffer(offsets, dtype=np.int32)[[cells.offset, cells.offset + len(cells)]]
    data = cells.buffers()[2]
    return b"" if data is None else data.to_pybytes()[int(first) : int(last)]


def _parse(col: Column, cells: Any) -> Array:
    if col.type == "id":
        return _parse_id(cells)
    if col.type == "int":
        return _parse_int(cells)
    if col.type == "str":
        text: Array = cells.to_numpy(zero_copy_only=False)
        return text
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
    """Ids as :data:`partygraph.tables.ID_PATTERN` wants them, in Python strings."""
    lengths = pc.utf8_length(cells)  # characters, as the pattern counts them
    if pc.min(lengths).as_py() < 1 or pc.max(lengths).as_py() > 128:
        raise _UnusualError
    values: Array = cells.to_numpy(zero_copy_only=False)
    if _chars(cells).translate(None, _ID_BYTES):
        # Letters of other scripts: the standard pattern decides, cell by cell.
        plain = pc.match_substring_regex(cells, r"^[A-Za-z0-9_.:/-]+$")
        other = values[~np.asarray(plain.to_numpy(zero_copy_only=False), dtype=bool)]
        if not all(map(ID_PATTERN.fullmatch, other.tolist())):
            raise _UnusualError
    return values


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
def strings(values: list[str]) -> Any:
    return pa.array(values, type=pa.string())


def positions(values: Any, keys: Any) -> Array:
    """Where each of ``values`` is in ``keys`` (unique strings), ``-1`` if nowhere;
    the smaller side is hashed."""
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
    if len(a) < len(b):
        a, b = b, a
    return len(b) > 0 and _any(pc.is_in(a, value_set=pc.unique(b)))
