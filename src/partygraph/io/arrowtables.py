"""A fast path for bulk CSV tables with Apache Arrow (``pyarrow``).

When a model's bulk tables come to :data:`MIN_BYTES` or more together, each
plain one (UTF-8, no quotes, no carriage returns, no blank lines, every cell
well formed) is read and checked by Arrow (:mod:`partygraph.io.arrowcsv`);
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

Examples
--------
>>> TablePath("households", "read", "standard", "small").arrow
False
"""

from __future__ import annotations

import importlib.util
import logging
import os
import stat
import sys
from pathlib import Path
from typing import NamedTuple

from partygraph.io.tables import RawTable
from partygraph.model.population import TableSpec

__all__ = ["ENABLED", "MIN_BYTES", "TablePath", "available", "read", "record", "release"]

#: Use the fast path (set false, or ``PARTYGRAPH_NO_ARROW=1``, to read every
#: table the standard way).
ENABLED = os.environ.get("PARTYGRAPH_NO_ARROW", "") in ("", "0")

#: Fewest bytes of bulk tables (all of a model's together) read by Arrow.
#: Loading with Arrow, its import (0.13 s) included, against without (synth
#: models, 2 cores): 0.6 MB of tables 0.16 s against 0.09 s, 1.9 MB 0.22 s
#: against 0.20 s, 3.8 MB 0.37 s against 0.39 s, 6.3 MB 0.57 s against 0.65 s,
#: 12.6 MB 0.46 s against 0.83 s: Arrow pays for its import from about here.
MIN_BYTES = 4 * 1024 * 1024

_log = logging.getLogger(__name__)


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
