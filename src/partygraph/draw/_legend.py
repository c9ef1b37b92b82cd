"""The legend band below a diagram: how much room it takes, and drawing it.

A scene's legend is a list of ``(key, text)`` entries: a key of
:data:`partygraph.draw.style.SEVERITY_STYLE` or
:data:`partygraph.draw.style.KIND_STYLE` gets a swatch of that style,
``marker_error`` / ``marker_warning`` a dot (:mod:`partygraph.draw._overlay`),
any other key (``"text"``) a line of text without one.

The band is measured before anything is drawn, like the rest of a scene:
entries longer than the band are wrapped (:func:`wrap_legend`), and a band
wider than the diagram widens the figure, so a small diagram never cuts its
legend off.
"""

from __future__ import annotations

from typing import Final

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from partygraph.draw._measure import SMALL, measure
from partygraph.draw._scene import Scene
from partygraph.draw.style import DASHED_KINDS, KIND_STYLE, SEVERITY_STYLE

__all__ = ["MARKER_KEYS", "MIN_LEGEND_WIDTH", "draw_legend", "legend_band", "wrap_legend"]

#: Legend keys drawn as a marker dot, with the severity they stand for.
MARKER_KEYS: Final = {"marker_error": "error", "marker_warning": "warning"}
#: Width (layout points) a legend may take however narrow the diagram: a
#: small diagram gets a legend this wide rather than one cut into many lines.
MIN_LEGEND_WIDTH: Final = 420.0
#: Room beside each entry's text: handle, its padding and the column spacing (in ems).
_ENTRY_ROOM: Final = 4.5
#: Gap between rows of the legend, and above the band (ems), as :func:`draw_legend` sets.
_LABEL_SPACING: Final = 0.6
_BAND_GAP: Final = 1.2
#: Where a long entry may break: after these, else anywhere.
_BREAKS: Final = "；，、：。）"


def _wrap(text: str, width: float) -> str:
    """``text`` broken into lines no wider than ``width`` at :data:`SMALL`,
    preferably after Chinese punctuation."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        rest = paragraph
        while rest and measure(rest, SMALL)[0] > width:
            cut = _fitting(rest, width)
            soft = max((i + 1 for i in range(cut) if rest[i] in _BREAKS), default=0)
            if soft > cut // 2:
                cut = soft
            lines.append(rest[:cut])
            rest = rest[cut:]
        lines.append(rest)
    return "\n".join(lines)


def _fitting(text: str, width: float) -> int:
    """The longest prefix of ``text`` (at least one character) no wider than
    ``width``, found by bisection: a prefix is never wider than a longer one."""
    low, high = 1, len(text)  # text[:low] is kept; text[:high] is too wide
    while high - low > 1:
        mid = (low + high) // 2
        if measure(text[:mid], SMALL)[0] <= width:
            low = mid
        else:
            high = mid
    return low


def wrap_legend(scene: Scene, width: float) -> float:
    """Wrap the legend entries of ``scene`` to a band ``width`` wide (at least
    :data:`MIN_LEGEND_WIDTH`); return the band's width."""
    band = max(width, MIN_LEGEND_WIDTH)
    room = band - _ENTRY_ROOM * SMALL
    scene.legend = [(key, _wrap(text, room)) for key, text in scene.legend]
    return band


def legend_band(scene: Scene, width: float) -> tuple[float, int, float]:
    """Height, columns and width of the legend band below a scene ``width`` wide.

    Entries are split into columns as matplotlib's legend does (the first
    ``n % ncols`` columns one entry longer, each column stacked on its own),
    as many columns as fit.  Call :func:`wrap_legend` first: an entry wider
    than ``width`` makes the band wider than the scene.
    """
    if not scene.legend:
        return 0.0, 0, 0.0
    sizes_wh = [measure(text, SMALL) for _, text in scene.legend]
    entry_w = [w + _ENTRY_ROOM * SMALL for w, _ in sizes_wh]
    entry_h = [max(h, SMALL) for _, h in sizes_wh]
    n = len(entry_w)
    for cols in range(n, 0, -1):
        sizes = [n // cols + (1 if c < n % cols else 0) for c in range(cols)]
        starts = [sum(sizes[:c]) for c in range(cols)]
        spans = [(a, k) for a, k in zip(starts, sizes, strict=True) if k]
        column_w = [max(entry_w[a : a + k]) for a, k in spans]
        if sum(column_w) <= width or cols == 1:
            gaps = [(k - 1) * _LABEL_SPACING * SMALL for _, k in spans]
            height = max(sum(entry_h[a : a + k]) + g for (a, k), g in zip(spans, gaps, strict=True))
            return height + _BAND_GAP * SMALL, cols, sum(column_w)
    raise AssertionError("unreachable")  # pragma: no cover


def _handle(key: str, scale: float) -> Patch | Line2D:
    if key in SEVERITY_STYLE:
        face, edge = SEVERITY_STYLE[key]
        return Patch(facecolor=face, edgecolor=edge, linewidth=1.1 * scale)
    if key in KIND_STYLE:
        face, edge = KIND_STYLE[key]
        dashed = key in DASHED_KINDS
        return Patch(
            facecolor=face,
            edgecolor=edge,
            linewidth=0.6 * scale,
            linestyle="--" if dashed else "-",
        )
    if key in MARKER_KEYS:
        colour = SEVERITY_STYLE[MARKER_KEYS[key]][1]
        return Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=4.0 * scale,
            markerfacecolor=colour,
            markeredgecolor="white",
            markeredgewidth=0.5 * scale,
        )
    return Line2D([], [], linestyle="none")


def draw_legend(
    scene: Scene, ax: Axes, scale: float, anchor: tuple[float, float], cols: int
) -> None:
    """Draw the legend of ``scene`` in ``cols`` columns below ``anchor``, the
    bottom-left corner of the scene (layout units), at ``scale``."""
    handles = [_handle(key, scale) for key, _ in scene.legend]
    labels = [text for _, text in scene.legend]
    ax.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(anchor[0], anchor[1] - _BAND_GAP * SMALL),
        bbox_transform=ax.transData,
        ncols=cols,
        fontsize=SMALL * scale,
        frameon=False,
        borderaxespad=0,
        borderpad=0,
        handlelength=1.6,
        handleheight=0.9,
        handletextpad=0.6,
        columnspacing=1.6,
        labelspacing=_LABEL_SPACING,
    )
