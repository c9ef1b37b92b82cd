"""The legend band below a diagram: how much room it takes, and drawing it.

A scene's legend is a list of ``(key, text)`` entries: a key of
:data:`partygraph.draw.style.SEVERITY_STYLE` or
:data:`partygraph.draw.style.KIND_STYLE` gets a swatch of that style, any other
key (``"text"``) a line of text without one.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from partygraph.draw._measure import SMALL, measure
from partygraph.draw._scene import Scene
from partygraph.draw.style import DASHED_KINDS, KIND_STYLE, SEVERITY_STYLE

__all__ = ["draw_legend", "legend_band"]


def legend_band(scene: Scene, width: float) -> tuple[float, int]:
    """Height and columns of the legend band below a scene ``width`` wide.

    Entries are split into columns as matplotlib's legend does (the first
    ``n % ncols`` columns one entry longer), as many columns as fit.
    """
    if not scene.legend:
        return 0.0, 0
    entry_w = [measure(text, SMALL)[0] + 4.5 * SMALL for _, text in scene.legend]
    n = len(entry_w)
    for cols in range(n, 0, -1):
        sizes = [n // cols + (1 if c < n % cols else 0) for c in range(cols)]
        starts = [sum(sizes[:c]) for c in range(cols)]
        column_w = [max(entry_w[a : a + k]) for a, k in zip(starts, sizes, strict=True) if k]
        if sum(column_w) <= width or cols == 1:
            rows = max(sizes)
            return (rows * 1.8 + 1.2) * SMALL, cols
    raise AssertionError("unreachable")  # pragma: no cover


def draw_legend(
    scene: Scene, ax: Axes, scale: float, anchor: tuple[float, float], cols: int
) -> None:
    """Draw the legend of ``scene`` in ``cols`` columns below ``anchor``, the
    bottom-left corner of the scene (layout units), at ``scale``."""
    handles: list[Patch | Line2D] = []
    labels: list[str] = []
    for key, text in scene.legend:
        if key in SEVERITY_STYLE:
            face, edge = SEVERITY_STYLE[key]
            handles.append(Patch(facecolor=face, edgecolor=edge, linewidth=1.1 * scale))
        elif key in KIND_STYLE:
            face, edge = KIND_STYLE[key]
            dashed = key in DASHED_KINDS
            handles.append(
                Patch(
                    facecolor=face,
                    edgecolor=edge,
                    linewidth=0.6 * scale,
                    linestyle="--" if dashed else "-",
                )
            )
        else:
            handles.append(Line2D([], [], linestyle="none"))
        labels.append(text)
    ax.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(anchor[0], anchor[1] - 1.2 * SMALL),
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
        labelspacing=0.6,
    )
