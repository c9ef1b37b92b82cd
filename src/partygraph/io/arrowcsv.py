"""Reading and checking a plain bulk CSV table with Arrow (``pyarrow``).

(About 620 lines in one module: reading a block and checking each column type
of it belong together; split, every checker would need the block reader.
A large table is read in parts, one a thread: :func:`read`.)

The plain spreadsheet export (UTF-8, LF or CRLF, cells quoted or not, no blank
lines, every cell well formed: :func:`partygraph.io.arrowtables.scan` checks
the bytes first) is read with ``pyarrow.csv`` and checked column by column with
``pyarrow.compute``.  A table that is not plain raises :class:`NotPlainError`:
:func:`partygraph.io.arrowtables.read` then hands it to the standard path, which
reports every problem with its file, line and column.
Importing this module imports ``pyarrow``; :mod:`partygraph.io.arrowtables`
does so only for a table large enough to gain from it.
"""

from __future__ import annotations

import contextlib
import contextvars
import queue
import threading
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pcsv  # type: ignore[import-untyped]

from partygraph.io import arrowtables
from partygraph.io import cells as cells_
from partygraph.io.arrowlookups import (
    POOL,
    any_true,
    bools,
    chars,
    concat_strings,
    numbers,
    packed_strings,
    pc,
    release,
    scalar,
    strings,
    texts,
)
from partygraph.io.arrowtables import NotPlainError
from partygraph.io.columns import FALSE_SPELLINGS, TRUE_SPELLINGS, is_id
from partygraph.io.tables import RawTable
from partygraph.model.population import TEXT, Array, Column, TableSpec

__all__ = ["Coded", "FastTable", "NotPlainError", "read"]

_ID_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:/-"
_TRUE = tuple(sorted(TRUE_SPELLINGS))
_FALSE = tuple(sorted(FALSE_SPELLINGS))
_NAT = np.iinfo(np.int64).min


class Coded:
    """A reference column as read: each cell a code into ``values`` (Arrow
    strings, ``""`` for an empty cell; each block's distinct cells), resolved
    later once per value rather than once per row."""

    def __init__(self, codes: Array, values: Any) -> None:
        self.codes = codes
        self.values = values

    def cells(self) -> Array:
        """Every cell, as Python strings (for the standard path)."""
        values = np.array(self.values.to_pylist(), dtype=object)
        out: Array = values[self.codes]
        return out


class FastTable:
    """A bulk table read and checked by Arrow: no cell has a problem.

    ``columns`` holds the final arrays of every column that is not a reference;
    ``refs`` the reference columns as :class:`Coded` (``None``: not in the
    file), resolved later; ``id_width`` the bytes of every id when all are
    ASCII of one width (the usual export), else 0; ``parts`` how many parts
    it was read in, each parsed in a thread.
    """

    def __init__(
        self,
        spec: TableSpec,
        n: int,
        columns: dict[str, Array],
        refs: dict[str, Any],
        id_width: int = 0,
        parts: int = 1,
    ):
        self.spec = spec
        self.n = n
        self.columns = columns
        self.refs = refs
        self.id_width = id_width
        self.parts = parts

    @property
    def ids(self) -> Any:
        """The id column as Arrow strings (``None``: the table has no ids), for
        the lookups while references are resolved."""
        if not self.spec.has_ids:
            return None
        ids = self.columns[self.spec.columns[0].name]
        if self.id_width:
            # Packed by numpy, without a Python string per id (a million of
            # them cost 0.2 s).
            return packed_strings(ids.astype(f"S{self.id_width}"))
        return strings(ids)

    def materialize(self) -> dict[str, Array]:
        """The columns as :func:`partygraph.io.columns.parse_columns` gives them."""
        out: dict[str, Array] = {}
        for col in self.spec.columns:
            if col.type != "ref":
                out[col.name] = self.columns[col.name]
                continue
            ref = self.refs[col.name]
            out[col.name] = np.full(self.n, "", dtype=object) if ref is None else ref.cells()
        return out


def read(path: Path, spec: TableSpec, encoding: str | None, delimiter: str) -> RawTable:
    """The table at ``path`` read and checked; :class:`NotPlainError` if it is not plain."""
    scan = arrowtables.scan(path, encoding, delimiter)
    header, n = scan.header, scan.rows
    names = [c.name for c in spec.columns]
    if n == 0:
        raise NotPlainError("no rows")
    if (
        len(set(header)) != len(header)
        or any(h not in names for h in header)
        or any(c.required and c.name not in header for c in spec.columns)
    ):
        raise NotPlainError("the header is not the columns of the table")
    # Each column is written into its final array as the blocks come: what a
    # block leaves behind is reused by the next, so memory holds the table's
    # columns and one block (a block a part), and nothing else.
    cols = [spec.column(h) for h in header]
    outs = [np.empty(n, dtype=_DTYPES.get(c.type, TEXT)) for c in cols]
    spans = np.zeros(n if scan.spanning else 0, dtype=np.int64)
    parts, first = [], 0
    for part in scan.parts:
        rows = slice(first, first + part.rows)
        sinks = [_Sink(c, out[rows], first) for c, out in zip(cols, outs, strict=True)]
        parts.append((part, sinks, spans[rows]))
        first += part.rows
    _fill(
        [
            _PartReader(path, _options(scan, delimiter, cols, i == 0), *job, ahead=len(parts) > 1)
            for i, job in enumerate(parts)
        ]
    )
    got = {c.name: _joined([p[1][i] for p in parts], outs[i]) for i, c in enumerate(cols)}
    id_width = got[spec.columns[0].name].width if spec.has_ids else 0
    columns: dict[str, Array] = {}
    refs: dict[str, Any] = {}
    for col in spec.columns:
        found = got.get(col.name)
        if col.type == "ref":
            refs[col.name] = None if found is None else found.coded()
        else:
            columns[col.name] = _missing(col, n) if found is None else found.out
    numbers = {h: i + 1 for i, h in enumerate(header)}
    lines = _Lines(spans) if scan.spanning else range(2, n + 2)
    raw = RawTable(str(path), {h: [] for h in header}, lines, numbers)
    raw.fast = FastTable(spec, n, columns, refs, id_width, len(parts))
    release()  # the last block, and the blocks' distinct values once joined
    return raw


def _options(scan: arrowtables.Scan, delimiter: str, cols: list[Column], first: bool) -> Any:
    """How Arrow reads a part of the table (the first holds the header)."""
    return {
        "read_options": pcsv.ReadOptions(
            column_names=scan.header,
            skip_rows=1 if first else 0,
            # Arrow reads up to 32 blocks ahead of the batch being checked:
            # smaller blocks for more parts hold as much of the file at once.
            block_size=arrowtables.BLOCK_BYTES // len(scan.parts),
        ),
        "parse_options": pcsv.ParseOptions(
            delimiter=delimiter,
            quote_char='"' if scan.quoted else False,
            double_quote=True,
            escape_char=False,
            # Arrow cuts blocks at line ends only when no cell spans lines.
            newlines_in_values=scan.spanning,
            ignore_empty_lines=False,
        ),
        "convert_options": pcsv.ConvertOptions(
            column_types={c.name: _arrow_type(c) for c in cols},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=True,
        ),
        "memory_pool": POOL,
    }


def _fill(readers: list[_PartReader]) -> None:
    """Every part read into its rows of the final arrays, a batch of each in
    turn: Arrow parses them in their threads, this one checks and packs them
    (numpy's memory is then all this thread's, freed where it is reused).  A
    part that is not plain stops the parts after it; the first part's problem,
    in the table's order, is raised (the same as reading it in one piece)."""
    failed: dict[int, NotPlainError] = {}
    active = list(range(len(readers)))
    try:
        while active:
            for k in list(active):
                if k not in active:
                    continue
                try:
                    more = readers[k].step()
                except NotPlainError as exc:
                    failed[k] = exc
                    for later in active[active.index(k) + 1 :]:
                        readers[later].close()
                    active = active[: active.index(k)]
                    continue
                if not more:
                    active.remove(k)
    finally:
        for reader in readers:
            reader.close()
    if failed:
        raise failed[min(failed)]


class _PartReader:
    """One part of a table, read batch by batch into its sinks (``ahead``:
    parsed by Arrow in a thread of its own, a few batches ahead)."""

    def __init__(
        self,
        path: Path,
        options: dict[str, Any],
        part: arrowtables.Part,
        sinks: list[_Sink],
        spans: Array,
        *,
        ahead: bool,
    ) -> None:
        self.part, self.sinks, self.spans, self.start = part, sinks, spans, 0
        self.batches: _Ahead | Iterator[Any] = (
            _Ahead(path, options, part) if ahead else _batches(path, options, part)
        )

    def step(self) -> bool:
        """Take the next batch (``False``: the part is read)."""
        batch = next(self.batches, None)
        if batch is None:
            if self.start != self.part.rows:
                raise NotPlainError("counted lines and rows differ")
            return False
        start = self.start
        for i, sink in enumerate(self.sinks):
            sink.add(start, batch.column(i))
        if len(self.spans):
            self.spans[start : start + batch.num_rows] = _line_breaks(batch)
        self.start += batch.num_rows
        del batch
        release()  # the block, before the next one is read
        return True

    def close(self) -> None:
        if isinstance(self.batches, _Ahead):
            self.batches.close()


class _Ahead(Iterator[Any]):
    """The batches of a part of a table, parsed by Arrow in a thread (which
    lets go of the GIL while it parses), at most :data:`_AHEAD` waiting."""

    def __init__(self, path: Path, options: dict[str, Any], part: arrowtables.Part) -> None:
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=_AHEAD)
        self.stopped = threading.Event()
        run = contextvars.copy_context().run
        self.thread = threading.Thread(
            target=run, args=(self._read, path, options, part), name="partygraph-read", daemon=True
        )
        self.thread.start()

    def _read(self, path: Path, options: dict[str, Any], part: arrowtables.Part) -> None:
        batches = _batches(path, options, part)
        try:
            for batch in batches:
                if not self._put(batch):
                    return
            self._put(None)
        except BaseException as exc:  # handed to the reading thread
            self._put(exc)
        finally:
            batches.close()

    def _put(self, item: Any) -> bool:
        while not self.stopped.is_set():
            try:
                self.queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def __next__(self) -> Any:
        item = self.queue.get()
        if item is None:
            self.queue.put(None)  # asked again: still the end
            raise StopIteration
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        """Stop reading (if it has not ended) and let the thread go."""
        self.stopped.set()
        while self.thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self.queue.get(timeout=0.05)
        self.thread.join()


#: Batches of a part parsed and waiting, at most.
_AHEAD = 2


def _batches(
    path: Path, options: dict[str, Any], part: arrowtables.Part
) -> Generator[Any, None, None]:
    """The record batches of a part of the table, one block at a time; a file
    Arrow cannot parse (a row of the wrong width, ...) is not plain."""
    # The file is read into buffers of our pool too (a path would be read
    # into Arrow's default pool).
    with pa.OSFile(str(path), "r", memory_pool=POOL) as file:
        try:
            whole = part.start == 0 and part.stop == file.size()
            stream = file if whole else file.get_stream(part.start, part.stop - part.start)
            reader = pcsv.open_csv(stream, **options)
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    return
                yield batch
        except pa.ArrowInvalid as exc:
            raise NotPlainError(f"Arrow: {exc}") from None


def _line_breaks(batch: Any) -> Array:
    """The line breaks inside each row's quoted cells."""
    total = np.zeros(batch.num_rows, dtype=np.int64)
    for cells in batch.columns:
        if pa.types.is_dictionary(cells.type):
            counts = pc.count_substring(cells.dictionary, "\n", memory_pool=POOL)
            codes = numbers(cells.indices)
            total += numbers(counts)[codes]
        else:
            counts = pc.count_substring(cells, "\n", memory_pool=POOL)
            total += numbers(counts)
    return total


class _Lines(Sequence[int]):
    """The line each row starts on, when quoted cells span lines: as the
    standard path counts them, the header on line 1 and each row on the line
    after the last one of the row before."""

    def __init__(self, spans: Array) -> None:
        starts = np.arange(2, len(spans) + 2, dtype=np.int64)
        starts[1:] += np.cumsum(spans[:-1])
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[int]: ...
    def __getitem__(self, i: int | slice) -> int | Sequence[int]:
        if isinstance(i, slice):
            out: list[int] = self.starts[i].tolist()
            return out
        return int(self.starts[i])

    def __array__(self, dtype: Any = None, copy: Any = None) -> Array:
        return self.starts if dtype is None else self.starts.astype(dtype)


def _arrow_type(col: Column) -> Any:
    """References are read dictionary-encoded: a code per cell, each distinct
    id once."""
    return pa.dictionary(pa.int32(), pa.string()) if col.type == "ref" else pa.string()


class _Sink:
    """One column of a part of a table being read: its rows of the final
    array (``out``, from row ``base`` of the table), filled block by block.

    A reference column holds each block's codes into that block's distinct
    values (Arrow's dictionary) until :meth:`coded` joins them.
    """

    def __init__(self, col: Column, out: Array, base: int = 0) -> None:
        self.col = col
        self.out = out
        self.base = base
        self.blocks: list[tuple[int, int, Any]] = []  # rows of the table, values
        #: The bytes of every cell, if every block was packed at one width
        #: (ids only; 0: not so, -1: no block yet).
        self.width = -1

    def add(self, start: int, cells: Any) -> None:
        col, stop = self.col, start + len(cells)
        if start == stop:
            return
        if cells.null_count or stop > self.out.shape[0]:
            raise NotPlainError(f"{col.name}: more rows than lines")
        if col.type == "ref":
            values = cells.dictionary
            if col.required and _has_empty(values):
                raise NotPlainError(f"{col.name}: an empty cell")
            _unpadded(col, values)  # the standard path strips them: then they differ
            _refused(col, values)
            self.out[start:stop] = numbers(cells.indices)
            self.blocks.append((self.base + start, self.base + stop, values))
            return
        if col.required and _has_empty(cells):
            raise NotPlainError(f"{col.name}: an empty cell")
        if col.type == "str":
            _refused(col, cells)
        parsed = _parse(col, cells)
        if col.type == "id":
            self.width = _width(self.width, parsed.itemsize if parsed.dtype.kind == "S" else 0)
        self.out[start:stop] = parsed

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
        values = concat_strings([d for _, _, d in self.blocks])
        self.blocks.clear()
        return Coded(self.out, values)


def _joined(parts: list[_Sink], out: Array) -> _Sink:
    """The sinks of one column's parts, in order, as one sink of the whole array."""
    whole = _Sink(parts[0].col, out)
    for part in parts:
        whole.blocks += part.blocks
        whole.width = part.width if whole.width == -1 else _width(whole.width, part.width)
    return whole


def _width(before: int, width: int) -> int:
    """The width of all the ids so far: ``width`` if theirs was too (or there
    were none, ``-1``), else 0."""
    return width if before in (-1, width) else 0


_DTYPES: dict[str, np.dtype[Any]] = {
    "ref": np.dtype(np.int32),
    "int": np.dtype(np.int64),
    "bool": np.dtype(bool),
    "enum": np.dtype(np.int8),
    "date": np.dtype("datetime64[D]"),
}


def _refused(col: Column, cells: Any) -> None:
    """No cell the standard path refuses (a control character, a cell too
    long): that path reports them (:func:`partygraph.io.cells.cell_problem`)."""
    if cells_.has_control_bytes(chars(cells)):
        raise NotPlainError(f"{col.name}: a control character")
    if len(cells):
        limit = cells_.MAX_NAME_CHARS if col.type == "str" else cells_.MAX_CELL_CHARS
        longest = pc.max(pc.utf8_length(cells, memory_pool=POOL), memory_pool=POOL).as_py()
        if longest > limit:
            raise NotPlainError(f"{col.name}: a cell too long")


def _has_empty(cells: Any) -> bool:
    lengths = pc.binary_length(cells, memory_pool=POOL)
    return any_true(pc.equal(lengths, scalar(0, lengths.type), memory_pool=POOL))


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


def _parse(col: Column, cells: Any) -> Array:
    if col.type == "id":
        return _parse_id(col, cells)
    if col.type == "int":
        return _parse_int(col, cells)
    if col.type == "str":
        return texts(cells)
    if col.type == "bool":
        return _parse_bool(col, cells)
    if col.type == "enum":
        return _parse_enum(col, cells)
    return _parse_date(col, cells)


def _parse_enum(col: Column, cells: Any) -> Array:
    """Codes into the column's choices (``-1``: empty)."""
    codes = pc.index_in(cells, value_set=strings(col.choices), memory_pool=POOL)
    empty = pc.equal(cells, scalar("", cells.type), memory_pool=POOL)
    unknown = pc.and_(
        pc.is_null(codes, memory_pool=POOL), pc.invert(empty, memory_pool=POOL), memory_pool=POOL
    )
    if any_true(unknown):
        raise NotPlainError(f"{col.name}: a value not among the choices")
    filled = pc.coalesce(codes, scalar(-1, codes.type), memory_pool=POOL)
    return numbers(filled).astype(np.int8)


def _parse_bool(col: Column, cells: Any) -> Array:
    """The spellings of true and false (case aside) the standard path accepts."""
    lower = pc.ascii_lower(cells, memory_pool=POOL)
    spelled = strings(_TRUE + _FALSE)
    if not pc.all(pc.is_in(lower, value_set=spelled, memory_pool=POOL), memory_pool=POOL).as_py():
        raise NotPlainError(f"{col.name}: a cell not true or false")
    true = pc.is_in(lower, value_set=strings(_TRUE), memory_pool=POOL)
    return bools(true)


def _parse_id(col: Column, cells: Any) -> Array:
    """Ids as :func:`partygraph.model.base.is_id` wants them, as :data:`TEXT`."""
    # Characters, as the pattern counts them.
    lengths = pc.min_max(pc.utf8_length(cells, memory_pool=POOL), memory_pool=POOL).as_py()
    if lengths["min"] < 1 or lengths["max"] > 128:
        raise NotPlainError(f"{col.name}: an empty or overlong id")
    text = chars(cells)
    if text.translate(None, _ID_BYTES):
        # Letters of other scripts: the standard pattern decides, cell by cell.
        if not all(map(is_id, _other_script(cells, "+"))):
            raise NotPlainError(f"{col.name}: a malformed id")
    elif lengths["min"] == lengths["max"]:
        # Plain ids of one width (the usual export): packed without a Python
        # string each, as bytes (the sink stores them as text and notes the width).
        return np.frombuffer(text, dtype=f"S{len(text) // len(cells)}")
    return texts(cells)


def _other_script(cells: Any, repeat: str) -> list[str]:
    """The cells that hold more than the ASCII id characters, as Python strings."""
    plain = pc.match_substring_regex(cells, rf"^[A-Za-z0-9_.:/-]{repeat}$", memory_pool=POOL)
    other = pc.filter(cells, pc.invert(plain, memory_pool=POOL), memory_pool=POOL)
    found: list[str] = other.to_pylist()
    return found


def _unpadded(col: Column, cells: Any) -> None:
    """No cell has white space at either end (a reference is resolved later)."""
    if chars(cells).translate(None, _ID_BYTES) and any(
        v != v.strip() for v in _other_script(cells, "*")
    ):
        raise NotPlainError(f"{col.name}: white space around a reference")


def _parse_int(col: Column, cells: Any) -> Array:
    """Whole numbers of 0 or more, up to 18 digits (``-1``: empty)."""
    lengths = pc.binary_length(cells, memory_pool=POOL)
    longest = pc.max(lengths, memory_pool=POOL).as_py()
    if longest > 18 or chars(cells).translate(None, b"0123456789"):
        raise NotPlainError(f"{col.name}: a cell not a whole number")
    empty = pc.equal(lengths, scalar(0, lengths.type), memory_pool=POOL)
    if any_true(empty):
        cells = pc.if_else(empty, scalar("-1", cells.type), cells, memory_pool=POOL)
    whole = pc.cast(cells, pa.int64(), memory_pool=POOL)
    return numbers(whole)


def _parse_date(col: Column, cells: Any) -> Array:
    """``YYYY-MM-DD`` dates that exist (``NaT``: empty).  A date written as
    Excel writes it (``2023/4/26``) is read by the standard path, which notes
    each one at its line and column (a note per cell needs its row): the
    same dates, the same notes."""
    empty = pc.equal(cells, scalar("", cells.type), memory_pool=POOL)
    # Year 0000 is not shaped: the standard path refuses it (no calendar has it).
    year = r"([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
    shaped = pc.match_substring_regex(cells, rf"^{year}-[0-9]{{2}}-[0-9]{{2}}$", memory_pool=POOL)
    if not pc.all(pc.or_(shaped, empty, memory_pool=POOL), memory_pool=POOL).as_py():
        raise NotPlainError(f"{col.name}: a cell not YYYY-MM-DD (an Excel form, or no date)")
    given = pc.if_else(empty, scalar(None, cells.type), cells, memory_pool=POOL)
    # Arrow's cast takes exactly the shaped dates the standard path takes
    # (checked for every month 00-13 and day 00-32 of years 0001 to 9999).
    try:
        dates = pc.cast(given, pa.date32(), memory_pool=POOL)
    except pa.ArrowInvalid:  # a day that does not exist: 2024-02-30
        raise NotPlainError(f"{col.name}: a date that does not exist") from None
    days = pc.coalesce(
        pc.cast(dates, pa.int32(), memory_pool=POOL), scalar(0, pa.int32()), memory_pool=POOL
    )
    out = numbers(days).astype(np.int64)  # a copy: written
    out[bools(empty)] = _NAT
    return out.view("datetime64[D]")
