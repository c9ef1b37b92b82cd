"""The references a load could not resolve, as data: for whoever asks.

The loader says an unknown id in a sentence (``找不到编号 ‘43-u01’ …``); a
caller that must act on the id itself (the national check looks for it in
the other provinces: :mod:`partygraph.nation.cross`) collects them here
instead of reading the sentence back.  :func:`note` is called where the
sentence is made (:mod:`partygraph.io.references`), and records only inside
:func:`collecting`: a load nobody asks about keeps nothing.

Examples
--------
>>> with collecting() as found:
...     note("43-u01", "units", "找不到编号 ‘43-u01’：units 里没有它")
>>> found
[Unresolved(id='43-u01', target='units', message='找不到编号 ‘43-u01’：units 里没有它')]
>>> note("x", "units", "…")   # nobody collecting: nothing kept
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["Unresolved", "collecting", "note"]


@dataclass(frozen=True)
class Unresolved:
    """An id written where a reference belongs that names nothing of ``target``
    (a section, or a bulk table), and the message the load said it with."""

    id: str
    target: str
    message: str


_FOUND: ContextVar[list[Unresolved] | None] = ContextVar("unresolved", default=None)


@contextmanager
def collecting() -> Iterator[list[Unresolved]]:
    """Collect the unresolved references of the loads run inside."""
    found: list[Unresolved] = []
    token = _FOUND.set(found)
    try:
        yield found
    finally:
        _FOUND.reset(token)


def note(id: str, target: str, message: str) -> None:
    """Record that ``id`` names nothing of ``target`` (said as ``message``)."""
    found = _FOUND.get()
    if found is not None:
        found.append(Unresolved(id, target, message))
