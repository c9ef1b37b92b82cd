"""A fast path for bulk CSV tables with Apache Arrow (``pyarrow``).

(About 460 lines: the scan of a table's bytes, part by part, decides what
the reader of :mod:`partygraph.io.arrowcsv` may take, and where it cuts.)

When a model's bulk tables come to :data:`MIN_BYTES` or more together, each
plain one (UTF-8, no blank lines, every cell well formed) is read and checked by
Arrow (:mod:`partygraph.io.arrowcsv`);
its references are later looked up with Arrow too
(:mod:`partygraph.io.arrowlookups`, from :mod:`partygraph.io.resolve`).  Any
other table, and any table with a problem, goes the standard way
(:mod:`partygraph.io.tables`, :mod:`partygraph.io.columns`), which reports
every problem with its file, line and column, so the errors are the same with
or without Arrow.  Only a table that is not plain falls back: any other error in
the fast path is a bug, and is raised.

This module does not import ``pyarrow``: a small model loads without it.
Without ``pyarrow`` installed, or with ``PARTYGRAPH_NO_ARROW=1`` (or
:data:`ENABLED` set false), only the standard path runs.  Which path each table
took is logged (debug level, logger ``partygraph.io.arrowtables``), each record
with a :class:`TablePath` as its ``bulk_path`` attribute.

A table as Excel saves it is plain too: LF or CRLF line ends, a UTF-8 BOM,
and cells in double quotes (holding the delimiter, doubled quotes ``""`` or line
breaks).  :func:`scan` checks first, in one pass over the bytes, that Arrow and
the ``csv`` module would split it into the same cells: a table with a lone
carriage return, a quote inside a cell that is not quoted (``ab"c``) or anything
after a closing quote (``"ab"c``) goes the standard way, which reads the first
as written and reports the others at their line.

Examples
--------
>>> TablePath("households", "read", "standard", "small").arrow
False
>>> runs = Runs(",")
>>> runs.add(b'id,name\\r\\nh1,"a ""b"", c"\\r\\nh2,"x\\ny"\\r\\nh3,')
>>> runs.end()
>>> runs.header, runs.count, runs.inside, runs.unended
(b'id,name', 4, 1, 1)
>>> Runs(",").add(b'id,name\\nh1,"ab"c\\n')
Traceback (most recent call last):
...
partygraph.io.arrowtables.NotPlainError: a quote inside a cell, or after a closing quote
"""

from __future__ import annotations

import codecs
import csv
import importlib.util
import logging
import os
import stat
import sys
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from partygraph.io import tables
from partygraph.io.tables import RawTable
from partygraph.model.population import TableSpec

__all__ = [
    "BLOCK_BYTES",
    "ENABLED",
    "MIN_BYTES",
    "PARTS",
    "SPLIT_BYTES",
    "NotPlainError",
    "Part",
    "Runs",
    "Scan",
    "TablePath",
    "available",
    "read",
    "record",
    "release",
    "scan",
    "split",
]

#: Use the fast path (set false, or ``PARTYGRAPH_NO_ARROW=1``, to read every
#: table the standard way).
ENABLED = os.environ.get("PARTYGRAPH_NO_ARROW", "") in ("", "0")

#: Fewest bytes of bulk tables (all of a model's together) read by Arrow.
#: Loading with Arrow, its import (0.13 s) included, against without (synth
#: models, 2 cores): 0.6 MB of tables 0.16 s against 0.09 s, 1.9 MB 0.22 s
#: against 0.20 s, 3.8 MB 0.37 s against 0.39 s, 6.3 MB 0.57 s against 0.65 s,
#: 12.6 MB 0.46 s against 0.83 s: Arrow pays for its import from about here.
MIN_BYTES = 4 * 1024 * 1024

#: Bytes read at a time.  A table is read block by block and each block's
#: columns are checked and packed as it comes, so a 2 GB province table never
#: sits in memory as text.  At a million households, 4 MB blocks loaded as
#: fast as reading the 56 MB table whole on two cores (1.0 s) and peaked
#: lower than 16 MB blocks (255 against 262 MB, loading alone) or the whole
#: table (290 MB).  A row (a quoted cell with its line breaks) longer than a
#: block goes the standard way.
BLOCK_BYTES = 4 * 1024 * 1024

#: Fewest bytes of one table read in parts, each parsed by Arrow in a thread
#: of its own (it lets go of the GIL), so they are read on as many cores.
SPLIT_BYTES = 16 * 1024 * 1024


def _parts() -> int:
    """``PARTYGRAPH_READ_THREADS`` when it is a whole number from 1 to 16,
    else the cores this process may use, up to 4."""
    written = os.environ.get("PARTYGRAPH_READ_THREADS", "").strip()
    if written.isdigit() and 1 <= int(written) <= 16:
        return int(written)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(4, cores or 1)


#: Most parts one table is read in (1: every table in one piece).  At 5
#: million households (281 MB) on 2 cores, the reading thread's own CPU time
#: for all the files went from 3.4 s to 1.8 s in two parts (docs/performance.md).
PARTS = _parts()

_BOM = codecs.BOM_UTF8
_CR, _LF, _QUOTE = b'\r\n"'
_log = logging.getLogger(__name__)


class NotPlainError(Exception):
    """The table is not plain (its message says why): the standard path reads it."""


class Part(NamedTuple):
    """Some whole rows of a table: its bytes ``start:stop``, ``rows`` rows."""

    start: int
    stop: int
    rows: int = 0


class Scan(NamedTuple):
    """What one pass over a plain table's bytes found."""

    header: list[str]
    rows: int
    quoted: bool  # some cell is in quotes: Arrow must read quotes
    spanning: bool  # some quoted cell holds a line break: rows are not lines
    parts: tuple[Part, ...] = ()  # the table's parts, to read one a thread


class TablePath(NamedTuple):
    """Which path a bulk table took at one step, and why it left the fast one."""

    table: str
    step: str  # "read" or "resolve"
    path: str  # "arrow" or "standard"
    why: str = ""

    @property
    def arrow(self) -> bool:
        return self.path == "arrow"


def record(table: str, step: str, arrow: bool, why: str = "", *, parts: int = 1) -> None:
    """Log which path ``table`` took at ``step`` (``read`` or ``resolve``);
    ``parts``: the parts it was read in, one a thread (the record's
    ``bulk_parts``)."""
    taken = TablePath(table, step, "arrow" if arrow else "standard", why)
    because = f" ({why})" if why else ""
    in_parts = f", in {parts} parts" if parts > 1 else ""
    extra = {"bulk_path": taken, "bulk_parts": parts}
    _log.debug("%s: %s, %s path%s%s", table, step, taken.path, in_parts, because, extra=extra)


def release() -> None:
    """Hand back to the system what the fast path has freed, if it ran: the
    numpy and Python allocations that come next cannot reuse it."""
    lookups = sys.modules.get("partygraph.io.arrowlookups")
    if lookups is not None:
        lookups.release()


def available() -> bool:
    """The fast path is switched on and ``pyarrow`` can be imported (not imported here)."""
    return ENABLED and importlib.util.find_spec("pyarrow") is not None


def read(
    path: Path, spec: TableSpec, *, encoding: str | None, delimiter: str, bulk_bytes: int = 0
) -> RawTable | None:
    """The table at ``path`` read with Arrow, or ``None`` (use the standard path).

    ``bulk_bytes`` is the size of all the model's bulk tables together (with
    the size of this one, if larger): under :data:`MIN_BYTES` Arrow is not used.
    """
    why = _not_taken(path, bulk_bytes)
    if why:
        record(spec.name, "read", False, why)
        return None
    try:
        from partygraph.io import arrowcsv  # imports pyarrow: tables large enough for it
    except ImportError as exc:  # installed but broken
        record(spec.name, "read", False, f"pyarrow: {exc}")
        return None
    try:
        raw = arrowcsv.read(path, spec, encoding, delimiter)
    except arrowcsv.NotPlainError as exc:
        record(spec.name, "read", False, str(exc))
        return None
    except OSError as exc:  # the standard path reports it
        record(spec.name, "read", False, f"cannot read the file: {exc}")
        return None
    record(spec.name, "read", True, parts=raw.fast.parts if raw.fast is not None else 1)
    return raw


def _not_taken(path: Path, bulk_bytes: int) -> str:
    """Why a table is not even tried on the fast path (``""``: it is)."""
    if not available():
        return "switched off" if not ENABLED else "no pyarrow"
    try:
        st = path.stat()
    except (OSError, ValueError):
        return "cannot read the file"  # the standard path says why
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"  # a FIFO would block the scan: the standard path refuses it
    size = max(st.st_size, bulk_bytes)
    if size < MIN_BYTES:
        return f"small: {size:,} bytes of bulk tables"
    return ""


def scan(path: Path, encoding: str | None, delimiter: str) -> Scan:
    """The header and rows of a plain UTF-8 table, after a pass over its bytes
    that checks the standard path would read it the same way: strict UTF-8,
    every carriage return part of a CRLF, every quote part of a quoted cell.

    A table of :data:`SPLIT_BYTES` or more is scanned part by part (see
    :func:`split`), to be read in parts; when a part turns out to begin inside
    a quoted cell (a cell holding line breaks, across the cut) the table is
    scanned again in one piece.  (Scanning the parts in threads too saved
    0.1 s at 5 million households and kept 15 MB more of the process's peak:
    the threads' freed blocks stay in their own malloc arenas.)"""
    try:
        if encoding is not None and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
            raise NotPlainError(f"encoding {encoding}")
    except LookupError:
        raise NotPlainError(f"unknown encoding {encoding!r}") from None
    if len(delimiter) != 1 or not delimiter.isascii() or delimiter in '"\n\r ':
        raise NotPlainError(f"delimiter {delimiter!r}")
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block, a device never end
        raise NotPlainError("not a regular file")
    if st.st_size > tables.MAX_TABLE_BYTES:  # looked up now: tests lower it
        raise NotPlainError("larger than the largest table read")
    parts = split(path, st.st_size)
    scans = []
    for i, part in enumerate(parts):
        lines = _scan_part(path, delimiter, part, first=i == 0, last=i == len(parts) - 1)
        scans.append(lines)
        if lines.rest and i < len(parts) - 1:
            # It ends inside a quoted cell (one with line breaks, across the
            # cut): the next part begins in it.  Read in one piece.
            whole = Part(0, st.st_size)
            return _summed([whole], [_scan_part(path, delimiter, whole, first=True)])
    return _summed(parts, scans)


def split(path: Path, size: int) -> list[Part]:
    """Where to cut a table of ``size`` bytes into :data:`PARTS` parts of about
    one size: after the first line break past each ``size / PARTS``-th byte
    (one part: a table under :data:`SPLIT_BYTES`, or no line break found)."""
    if size < SPLIT_BYTES or PARTS < 2:
        return [Part(0, size)]
    cuts = [0]
    with path.open("rb") as f:
        for k in range(1, PARTS):
            f.seek(max(size * k // PARTS, cuts[-1]))
            at = f.tell()
            found = f.read(BLOCK_BYTES).find(b"\n")
            if found < 0 or at + found + 1 >= size:
                break
            cuts.append(at + found + 1)
    return [Part(a, b) for a, b in zip(cuts, [*cuts[1:], size], strict=True)]


def _scan_part(path: Path, delimiter: str, part: Part, *, first: bool, last: bool = True) -> Runs:
    """The rows of ``part`` checked (the header is in the first); the last
    part's last row may lack a line break."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    lines = Runs(delimiter, header=first)
    with path.open("rb") as f:
        f.seek(part.start)
        left = part.stop - part.start
        while left and (block := f.read(min(BLOCK_BYTES, left))):
            left -= len(block)
            try:
                if not block.isascii() or decoder.getstate()[0]:
                    decoder.decode(block)
            except UnicodeDecodeError:
                raise NotPlainError("not UTF-8") from None
            lines.add(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise NotPlainError("not UTF-8") from None
    if last:
        lines.end()
    return lines


def _summed(parts: list[Part], scans: list[Runs]) -> Scan:
    """One :class:`Scan` of the parts' runs, each part with its rows."""
    head = scans[0]
    if head.header is None:
        raise NotPlainError("an empty file")
    header = next(csv.reader([head.header.decode()], delimiter=chr(head.delimiter)))
    counted = [
        lines.count - lines.inside - (i == 0) + lines.unended for i, lines in enumerate(scans)
    ]
    found = tuple(Part(p.start, p.stop, rows) for p, rows in zip(parts, counted, strict=True))
    quoted = any(lines.quotes for lines in scans)
    spanning = any(lines.inside > 0 for lines in scans)
    return Scan(header, sum(counted), quoted, spanning, found)


class Runs:
    """The bytes of a table cut into runs of whole rows, each checked as it comes.

    A quote inside a quoted cell is doubled and any other quote is refused, so
    a byte is inside a quoted cell when an odd number of quotes come before it
    in its run: a run ends at the last line break after an even number.  The
    quotes are found with numpy, not one by one in Python: a table with every
    cell quoted has a dozen a row.
    """

    def __init__(self, delimiter: str, *, header: bool = True) -> None:
        # ``header`` false: the runs of a later part of the table (no header,
        # no byte order mark).
        self.delimiter = ord(delimiter)
        self.rest = b""  # the start of a row cut by the end of a block
        self.header: bytes | None = None if header else b""
        self.count = 0  # line breaks
        self.inside = 0  # ... of them inside quoted cells
        self.unended = 0  # 1: the last row has no line break
        self.quotes = False
        self.first = header

    def add(self, block: bytes) -> None:
        """Check the whole rows that ``block`` completes; keep the rest."""
        data = self.rest + block
        if self.first:
            data, self.first = data.removeprefix(_BOM), False
        if b'"' not in data and b"\r" not in data:  # the plain export: bytes.count only
            cut = data.rfind(b"\n")
            if cut >= 0:  # (not sliced: a copy of the block for nothing)
                self._count(data, data.count(b"\n", 0, cut + 1))
            self._keep(data, cut)
            return
        marks = _Marks(data)
        cut = marks.last_break_outside()
        if cut >= 0:
            self._check(marks.upto(cut + 1))
        self._keep(data, cut)

    def end(self) -> None:
        """Check the last row, if it has no line break."""
        if self.first:
            self.rest = self.rest.removeprefix(_BOM)
        if self.rest:
            self._check(_Marks(self.rest))
            self.unended = 1

    def _keep(self, data: bytes, cut: int) -> None:
        self.rest = data[cut + 1 :]
        if cut < 0 and len(data) > BLOCK_BYTES:
            raise NotPlainError("a row longer than a block")

    def _count(self, run: bytes, breaks: int, stop: int | None = None) -> None:
        """Count ``breaks`` line breaks of ``run[:stop]``; the first row of the
        first run is the header."""
        if self.header is None:
            stop = len(run) if stop is None else stop
            end = run.find(b"\n", 0, stop)
            self.header = run[: stop if end < 0 else end].removesuffix(b"\r")
        self.count += breaks

    def _check(self, run: _Marks) -> None:
        """Every carriage return before a line break, every quote one the
        ``csv`` module reads as Arrow does (see :class:`_Marks`)."""
        if not run.crlf():
            raise NotPlainError("a carriage return not before a line break")
        if len(run.quotes):
            self.quotes = True
            if not run.quoted_cells(self.delimiter):
                raise NotPlainError("a quote inside a cell, or after a closing quote")
            inside = run.inside()
            if self.header is None and len(inside) and inside[0]:
                raise NotPlainError("a line break in the header")
            self.inside += int(inside.sum())
        self._count(run.data, len(run.breaks), run.stop)


class _Marks:
    """The quotes and line breaks of some bytes, found with numpy (a table with
    every cell quoted has a dozen quotes a row)."""

    def __init__(
        self, data: bytes, found: tuple[Any, Any] | None = None, stop: int | None = None
    ) -> None:
        # ``data[:stop]`` only, without copying it.
        self.data = data
        self.stop = len(data) if stop is None else stop
        self.codes = np.frombuffer(data, dtype=np.uint8)[: self.stop]
        if found is None:
            found = (np.flatnonzero(self.codes == _QUOTE), np.flatnonzero(self.codes == _LF))
        self.quotes: Any = found[0]
        self.breaks: Any = found[1]

    def last_break_outside(self) -> int:
        """The last line break after an even number of quotes (-1: none)."""
        breaks = self.breaks
        if len(breaks) and len(self.quotes) and np.searchsorted(self.quotes, breaks[-1]) % 2:
            breaks = breaks[np.searchsorted(self.quotes, breaks) % 2 == 0]
        return int(breaks[-1]) if len(breaks) else -1

    def upto(self, stop: int) -> _Marks:
        quotes, breaks = self.quotes, self.breaks
        found = (quotes[: np.searchsorted(quotes, stop)], breaks[: np.searchsorted(breaks, stop)])
        return _Marks(self.data, found, stop)

    def crlf(self) -> bool:
        """Every carriage return is before a line break."""
        if self.data.find(b"\r", 0, self.stop) < 0:
            return True
        codes, breaks = self.codes, self.breaks
        returns = np.count_nonzero(codes == _CR)
        before = codes[breaks[1:] - 1] if len(breaks) and breaks[0] == 0 else codes[breaks - 1]
        return bool(returns == np.count_nonzero(before == _CR))

    def quoted_cells(self, delimiter: int) -> bool:
        """After an even number of quotes a quote opens a cell (or is the second
        of a doubled pair): it follows the delimiter, a line break or a quote;
        after an odd number it closes one (or is the first of a pair): the
        delimiter, a line end or a quote follows, or the end of the file."""
        quotes, codes = self.quotes, self.codes
        if len(quotes) % 2:
            return False
        even, odd = quotes[0::2], quotes[1::2]
        last = len(codes) - 1
        before = codes[even[1:] - 1] if even[0] == 0 else codes[even - 1]
        after = codes[odd[:-1] + 1] if odd[-1] == last else codes[odd + 1]
        opens = (before == delimiter) | (before == _LF) | (before == _QUOTE)
        closes = (after == delimiter) | (after == _LF) | (after == _CR) | (after == _QUOTE)
        return bool(opens.all() and closes.all())

    def inside(self) -> Any:
        """For each line break, whether it is inside a quoted cell."""
        return np.searchsorted(self.quotes, self.breaks) % 2 == 1
