"""Measuring text in the report font: the base font sizes and the size of a label.

Layout units are typographic points at scale 1: every label is measured with
the report font (:func:`measure`) at its base size, and boxes, gaps and column
widths are computed from those measurements (see :mod:`partygraph.draw._scene`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from partygraph.draw.fonts import report_rc

__all__ = [
    "BODY",
    "HEADER",
    "LINESPACING",
    "PAD_X",
    "PAD_Y",
    "SMALL",
    "TITLE",
    "measure",
    "report_context",
]

#: Base font sizes (points, before fitting to the page).
BODY: Final = 7.5
SMALL: Final = 6.5
HEADER: Final = 8.0
TITLE: Final = 10.0

#: Line spacing of multi-line labels (matplotlib's default is 1.2).
LINESPACING: Final = 1.25
#: Padding inside a box, in ems of its font size.
PAD_X: Final = 0.45
PAD_Y: Final = 0.3


@functools.cache
def _measuring_figure() -> tuple[Figure, FigureCanvasAgg]:
    fig = Figure(dpi=72)  # at 72 dpi one pixel is one point
    return fig, FigureCanvasAgg(fig)


@functools.lru_cache(maxsize=16384)
def _measure(text: str, size: float, family: tuple[str, ...]) -> tuple[float, float]:
    fig, canvas = _measuring_figure()
    artist = Text(0, 0, text, fontsize=size, fontfamily=list(family), linespacing=LINESPACING)
    artist.set_figure(fig)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]  # untyped in matplotlib
    extent = artist.get_window_extent(renderer)
    return float(extent.width), float(extent.height)


def measure(text: str, size: float = BODY) -> tuple[float, float]:
    """Width and height of ``text`` at font ``size``, in points.

    Measured with the renderer and the current ``font.family`` (call it inside
    :func:`report_context` so that the report font is the one measured).

    Examples
    --------
    >>> with report_context():
    ...     w1, h1 = measure("东风社区", 10)
    ...     w2, h2 = measure("东风社区\\n东风社区", 10)
    >>> 35 < w1 < 45 and w2 == w1 and h2 > 1.8 * h1
    True
    """
    family = matplotlib.rcParams["font.family"]
    return _measure(text, float(size), tuple(family))


@contextmanager
def report_context() -> Iterator[None]:
    """The report style (:func:`partygraph.draw.fonts.report_rc`) for the duration."""
    with matplotlib.rc_context(report_rc()):
        yield
