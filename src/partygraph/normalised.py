"""What the loader read differently from how it was written, and why.

Nothing read may change silently: when the loader accepts a value in a form
it normalises — a date as Excel writes it (``2023/4/26``), a Chinese code
(``党委`` for ``committee``), a full-width separator in a list cell, a name
with spaces around it — it records a :class:`Normalised` at the value's place.
The model then holds the canonical value (so ``dump`` writes the canonical
form), and ``partygraph validate --verbose`` lists what was normalised.

Recording is off unless a caller asks for it with :func:`recording`; the
loader calls :func:`note` either way (one context-variable lookup).  A record
keeps the first :data:`KEEP` notes and counts the rest, by reason: a table
of a million rows with Excel dates is one line and a count, not a million.

Examples
--------
>>> with recording() as record:
...     note("m.yaml", 3, 12, "divisions[0].level", "社区", "community", "中文代码")
>>> print(record.notes[0])
m.yaml:3:12: divisions[0].level: “社区” 读作 “community”（中文代码）
>>> note("m.yaml", 3, 12, "x", "a", "b", "nobody records")  # nothing happens
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from partygraph.errors import where
from partygraph.safe_text import printable

__all__ = ["KEEP", "Normalised", "Record", "note", "recording"]

#: Notes a :class:`Record` keeps; the others are counted by reason.
KEEP = 200


@dataclass(frozen=True, order=True)
class Normalised:
    """One value read in a normalised form: where, as written, as read, why."""

    file: str | None
    line: int | None
    column: int | None
    field: str
    written: str
    read_as: str
    why: str

    def __str__(self) -> str:
        place = where(self.file, self.line, self.column, self.field)
        return printable(f"{place} “{self.written}” 读作 “{self.read_as}”（{self.why}）")


@dataclass
class Record:
    """The notes of one load: the first :data:`KEEP` and a count of each reason."""

    notes: list[Normalised] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """How many values were normalised, kept or not."""
        return sum(self.counts.values())

    @property
    def more(self) -> int:
        """Notes counted but not kept."""
        return self.total - len(self.notes)


_current: ContextVar[Record | None] = ContextVar("partygraph_normalised", default=None)


@contextmanager
def recording(record: Record | None = None) -> Iterator[Record]:
    """Record every :func:`note` made inside the ``with`` block (in ``record``,
    when given, or in a new one)."""
    record = Record() if record is None else record
    token = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(token)


def note(
    file: str | None,
    line: int | None,
    column: int | None,
    field: str,
    written: str,
    read_as: str,
    why: str,
) -> None:
    """Record that the value at this place, ``written``, was read as ``read_as``."""
    record = _current.get()
    if record is None:
        return
    record.counts[why] += 1
    if len(record.notes) < KEEP:
        record.notes.append(Normalised(file, line, column, field, written, read_as, why))
