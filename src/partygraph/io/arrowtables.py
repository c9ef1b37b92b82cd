"""A fast path for bulk CSV tables with Apache Arrow (``pyarrow``).

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
>>> QUOTED.sub(b"", b'"h1",c1,"a ""b"", c"\\r\\n')
b',c1,\\r\\n'
"""

from __future__ import annotations

import codecs
import csv
import importlib.util
import logging
import os
import re
import stat
import sys
from pathlib import Path
from typing import NamedTuple

from partygraph.io import tables
from partygraph.io.tables import RawTable
from partygraph.model.population import TableSpec

__all__ = [
    "BLOCK_BYTES",
    "ENABLED",
    "MIN_BYTES",
    "QUOTED",
    "NotPlainError",
    "Scan",
    "TablePath",
    "available",
    "read",
    "record",
    "release",
    "scan",
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

#: A quoted cell as the ``csv`` module reads it: at the start of a line or
#: after a comma, quotes inside doubled, and the closing quote followed by a
#: comma or a line end (:func:`quoted` makes it for another delimiter).
QUOTED = re.compile(rb'(?:(?<=[,\n])|\A)"[^"]*(?:""[^"]*)*"(?=[,\r\n]|\Z)')

_BOM = codecs.BOM_UTF8
_log = logging.getLogger(__name__)


class NotPlainError(Exception):
    """The table is not plain (its message says why): the standard path reads it."""


class Scan(NamedTuple):
    """What one pass over a plain table's bytes found."""

    header: list[str]
    rows: int
    quoted: bool  # some cell is in quotes: Arrow must read quotes
    spanning: bool  # some quoted cell holds a line break: rows are not lines


class TablePath(NamedTuple):
    """Which path a bulk table took at one step, and why it left the fast one."""

    table: str
    step: str  # "read" or "resolve"
    path: str  # "arrow" or "standard"
    why: str = ""

    @property
    def arrow(self) -> bool:
        return self.path == "arrow"


def record(table: str, step: str, arrow: bool, why: str = "") -> None:
    """Log which path ``table`` took at ``step`` (``read`` or ``resolve``)."""
    taken = TablePath(table, step, "arrow" if arrow else "standard", why)
    because = f" ({why})" if why else ""
    _log.debug("%s: %s, %s path%s", table, step, taken.path, because, extra={"bulk_path": taken})


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
    record(spec.name, "read", True)
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


def quoted(delimiter: str) -> re.Pattern[bytes]:
    """:data:`QUOTED` for ``delimiter``."""
    if delimiter == ",":
        return QUOTED
    d = re.escape(delimiter.encode())
    return re.compile(rb'(?:(?<=[' + d + rb'\n])|\A)"[^"]*(?:""[^"]*)*"(?=[' + d + rb'\r\n]|\Z)')


def scan(path: Path, encoding: str | None, delimiter: str) -> Scan:
    """The header and rows of a plain UTF-8 table, after a pass over its bytes
    that checks the standard path would read it the same way: strict UTF-8,
    every carriage return part of a CRLF, every quote part of a quoted cell."""
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
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    lines = _Runs(quoted(delimiter))
    with path.open("rb") as f:
        while block := f.read(BLOCK_BYTES):
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
    lines.end()
    if lines.header is None:
        raise NotPlainError("an empty file")
    header = next(csv.reader([lines.header.decode()], delimiter=delimiter))
    rows = lines.count - lines.inside - 1 + lines.unended
    return Scan(header, rows, lines.quotes, lines.inside > 0)


class _Runs:
    """The bytes of a table cut into runs of whole rows, each checked as it comes.

    A run ends at a line break outside quotes: one after an even number of
    quotes, since a quote inside a cell is doubled and any other quote is
    refused.
    """

    def __init__(self, quoted: re.Pattern[bytes]) -> None:
        self.pattern = quoted
        self.rest = b""  # the start of a row cut by the end of a block
        self.header: bytes | None = None
        self.count = 0  # line breaks
        self.inside = 0  # ... of them inside quoted cells
        self.unended = 0  # 1: the last row has no line break
        self.quotes = False
        self.first = True

    def add(self, block: bytes) -> None:
        data = self.rest + block
        if self.first:
            data, self.first = data.removeprefix(_BOM), False
        cut = data.rfind(b"\n")
        if cut >= 0 and b'"' in data:
            before = data.count(b'"', 0, cut)
            while cut >= 0 and before % 2:  # that line break is inside a quoted cell
                earlier = data.rfind(b"\n", 0, cut)
                before -= data.count(b'"', max(earlier, 0), cut)
                cut = earlier
        if cut < 0:
            if len(data) > BLOCK_BYTES:
                raise NotPlainError("a row longer than a block")
            self.rest = data
            return
        self.rest = data[cut + 1 :]
        self._check(data[: cut + 1])

    def end(self) -> None:
        if self.first:
            self.rest = self.rest.removeprefix(_BOM)
        if self.rest:
            self._check(self.rest)
            self.unended = 1

    def _check(self, run: bytes) -> None:
        if b"\r" in run and run.count(b"\r") != run.count(b"\r\n"):
            raise NotPlainError("a carriage return not before a line break")
        count = run.count(b"\n")
        if b'"' in run:
            self.quotes = True
            rest = self.pattern.sub(b"", run)
            if b'"' in rest:
                raise NotPlainError("a quote inside a cell, or after a closing quote")
            self.inside += count - rest.count(b"\n")
        if self.header is None:
            end = self._header_end(run)
            self.header = run[:end].removesuffix(b"\r")
        self.count += count

    def _header_end(self, run: bytes) -> int:
        end = run.find(b"\n")
        if end < 0:
            return len(run)
        if run.count(b'"', 0, end) % 2:
            raise NotPlainError("a line break in the header")
        return end
