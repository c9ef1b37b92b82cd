"""Per-stage timing for long loads and checks, and bulk work kept from the collector.

Library code marks its stages with :func:`stage`; nothing is printed unless a
caller switches a reporter on (the CLI does, on stderr).  A stage line is printed
only when the stage took longer than ``threshold`` seconds, so quick runs stay
quiet and a city-scale run shows where its seconds go.

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> with report_stages(out, threshold=0.0):
...     with stage("载入 load"):
...         pass
>>> out.getvalue().startswith("· 载入：")
True
>>> with stage("nobody listens"):  # no reporter: silent
...     pass
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TextIO

__all__ = ["Stages", "report_stages", "stage", "without_gc"]


@dataclass
class Stages:
    """Where stage lines go, and the durations recorded so far."""

    out: TextIO | None
    threshold: float
    durations: dict[str, float] = field(default_factory=dict)


_CURRENT: ContextVar[Stages | None] = ContextVar("partygraph_stages", default=None)


@contextmanager
def report_stages(out: TextIO | None, *, threshold: float = 1.0) -> Iterator[Stages]:
    """Record stage durations (and print those over ``threshold`` s to ``out``)."""
    stages = Stages(out, threshold)
    token = _CURRENT.set(stages)
    try:
        yield stages
    finally:
        _CURRENT.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time one stage of work (a no-op unless :func:`report_stages` is active)."""
    stages = _CURRENT.get()
    if stages is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        took = time.perf_counter() - start
        stages.durations[name] = stages.durations.get(name, 0.0) + took
        if stages.out is not None and took >= stages.threshold:
            print(_line(name, took), file=stages.out, flush=True)


def _line(name: str, took: float) -> str:
    """A stage's line in the current language: a name is "中文 English"."""
    from partygraph.i18n import language  # here: the catalogues load only when a line is due

    zh, _, en = name.partition(" ")
    if language() == "en":
        return f"· {en or zh}: {took:.1f} s"
    return f"· {zh}：{took:.1f} 秒"


@contextmanager
def without_gc() -> Iterator[None]:
    """No garbage collection inside: records and report rows are made by the ten
    thousand, and none is part of a cycle (at 5 million households the
    collector's passes over the heap cost as much as making the 93,000
    structure records).  The collector is left as it was found.

    >>> with without_gc():
    ...     gc.isenabled()
    False
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
