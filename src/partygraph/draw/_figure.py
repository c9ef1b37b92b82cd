"""Fitting a scene to an axes and drawing it.

:func:`finish` scales the whole scene uniformly - geometry *and* font sizes -
to fit the axes (or a new A4-sized figure), then draws it.  Each node box is a
:class:`matplotlib.patches.FancyBboxPatch` whose ``gid`` is the node's model id
(``"<id>@<context>"`` where one node is drawn more than once), so a drawn node
can be found again with :func:`node_patches` and the SVG output carries the ids.
"""

from __future__ import annotations

import os
from typing import Final

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyBboxPatch

from partygraph.draw._legend import draw_legend, legend_band, wrap_legend
from partygraph.draw._measure import LINESPACING, PAD_X
from partygraph.draw._output import figure_bytes, save_figure
from partygraph.draw._overlay import coverage_low
from partygraph.draw._scene import MARKER_RADIUS, Scene
from partygraph.draw.fonts import A4_LANDSCAPE, A4_PORTRAIT
from partygraph.draw.style import (
    DARK_FILLS,
    DASHED_TEXT_COLOUR,
    KIND_STYLE,
    LOW_COVERAGE_COLOUR,
    SEVERITY_STYLE,
    TEXT_COLOUR,
    TEXT_ON_DARK_COLOUR,
)
from partygraph.errors import PartygraphError

__all__ = [
    "MARGIN",
    "MAX_SCALE",
    "NOTEBOOK_DPI",
    "Diagram",
    "best_scale",
    "finish",
    "new_figure",
    "node_patches",
]

#: Largest scale applied to a scene: small diagrams are not blown up.
MAX_SCALE: Final = 1.4
#: Page margin of a figure made by :func:`finish`, in inches.
MARGIN: Final = 0.3


def _fit(width: float, height: float, page: tuple[float, float]) -> float:
    """Scale at which a ``width`` x ``height`` scene fits ``page`` (inches) inside margins."""
    room_w = (page[0] - 2 * MARGIN) * 72
    room_h = (page[1] - 2 * MARGIN) * 72
    return min(room_w / width, room_h / height)


def _axes_size(ax: Axes) -> tuple[float, float]:
    """Width and height of an axes box, in points."""
    root = ax.get_figure(root=True)
    dpi = root.dpi if root is not None else 100.0
    return ax.bbox.width * 72 / dpi, ax.bbox.height * 72 / dpi


def best_scale(scene: Scene, ax: Axes | None, figsize: tuple[float, float] | None) -> float:
    """The scale :func:`finish` would draw ``scene`` at (to compare layouts).

    Unlike :func:`finish` it is not capped at :data:`MAX_SCALE`, so that of two
    layouts that both fit the one with more room wins.
    """
    x0, y0, x1, y1 = _extent(scene)
    width, height = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    if ax is not None:
        ax_w, ax_h = _axes_size(ax)
        return min(ax_w / width, ax_h / height)
    pages = [figsize] if figsize else [A4_LANDSCAPE, A4_PORTRAIT]
    return max(_fit(width, height, p) for p in pages)


def _extent(scene: Scene) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the scene with its legend band below it, in layout
    units; wraps the legend to the scene's width first (:func:`wrap_legend`),
    and a legend wider than the scene widens the extent."""
    x0, y0, x1, y1 = scene.bounds()
    if not scene.legend:
        return x0, y0, x1, y1
    wrap_legend(scene, x1 - x0)
    band, _, band_w = legend_band(scene, x1 - x0)
    return x0, y0 - band, max(x1, x0 + band_w), y1


#: Resolution of the PNG a notebook shows (:meth:`Diagram._repr_png_`).
NOTEBOOK_DPI: Final = 120


class Diagram(Figure):
    """A figure that shows itself in a notebook: IPython displays an object
    through its ``_repr_png_``, so ``fig`` at the end of a cell shows the
    diagram without ``%matplotlib inline`` and without pyplot (which the
    diagrams never import: no pyplot figure is kept open, none is closed).
    Where the inline backend is on, its own formatter shows it the same way."""

    def _repr_png_(self) -> bytes:
        return figure_bytes(self, "png", dpi=NOTEBOOK_DPI)


def new_figure(figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure on the Agg canvas (no GUI backend) with one axes inside the
    margins; a :class:`Diagram`, so that a notebook shows it."""
    fig = Diagram(figsize=figsize, dpi=100)
    FigureCanvasAgg(fig)
    mw, mh = MARGIN / figsize[0], MARGIN / figsize[1]
    ax = fig.add_axes((mw, mh, 1 - 2 * mw, 1 - 2 * mh))
    return fig, ax


def finish(
    scene: Scene,
    ax: Axes | None,
    *,
    figsize: tuple[float, float] | None = None,
    filepath: str | os.PathLike[str] | None = None,
) -> tuple[Figure, Axes]:
    """Fit ``scene`` to ``ax`` (or to a new A4-sized figure) and draw it.

    Returns the root figure (for an axes in a subfigure, the figure holding
    it, which is what saves) and the axes.

    With ``ax=None`` the figure is A4 portrait or landscape, whichever shows the
    scene larger, and shrinks to the scene when the scene is small; ``figsize``
    fixes the page instead.  With ``filepath`` the figure is also saved
    (:func:`save_figure`).
    """
    x0, y0, x1, y1 = _extent(scene)
    band, cols, _ = legend_band(scene, x1 - x0)
    width, height = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    if ax is None:
        pages = [figsize] if figsize else [A4_LANDSCAPE, A4_PORTRAIT]
        page = max(pages, key=lambda p: _fit(width, height, p))
        scale = min(_fit(width, height, page), MAX_SCALE)
        if figsize is None:
            page = (width * scale / 72 + 2 * MARGIN, height * scale / 72 + 2 * MARGIN)
        fig, ax = new_figure(page)
    else:
        root = ax.get_figure(root=True)
        if root is None:
            raise PartygraphError("the axes given belongs to no figure; create it with a figure")
        fig = root
    ax_w, ax_h = _axes_size(ax)
    scale = min(ax_w / width, ax_h / height, MAX_SCALE)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - ax_w / scale / 2, cx + ax_w / scale / 2)
    ax.set_ylim(cy - ax_h / scale / 2, cy + ax_h / scale / 2)
    ax.set_axis_off()
    _draw(scene, ax, scale)
    if scene.legend:
        draw_legend(scene, ax, scale, (x0, y0 + band), cols)
    _draw_markers(scene, ax, scale)
    if filepath is not None:
        save_figure(fig, filepath)
    return fig, ax


def _draw(scene: Scene, ax: Axes, scale: float) -> None:
    for e in scene.edges:
        xs, ys = zip(*e.points, strict=True)
        ax.add_line(
            Line2D(
                xs,
                ys,
                color=e.colour,
                linewidth=max(e.width * scale, 0.3),
                linestyle="--" if e.dashed else "-",
                solid_capstyle="butt",
                zorder=1,
            )
        )
        if e.arrow:
            ax.annotate(
                "",
                xy=e.points[-1],
                xytext=e.points[-2],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": e.colour,
                    "linewidth": max(e.width * scale, 0.3),
                    "mutation_scale": 7 * scale,
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
                zorder=1,
            )
    for n in scene.nodes:
        face, edge = SEVERITY_STYLE[n.severity] if n.severity else KIND_STYLE[n.kind]
        patch = FancyBboxPatch(
            (n.left, n.bottom),
            n.w,
            n.h,
            boxstyle=f"round,pad=0,rounding_size={min(n.h, n.w) * 0.22:.3f}",
            facecolor=face,
            edgecolor=edge,
            linewidth=(1.1 if n.severity else 0.6) * scale,
            linestyle="--" if n.dashed else "-",
            zorder=2,
        )
        if n.id is not None:
            patch.set_gid(n.id)
        ax.add_patch(patch)
        colour = TEXT_ON_DARK_COLOUR if face in DARK_FILLS else TEXT_COLOUR
        if n.dashed:
            colour = DASHED_TEXT_COLOUR
        x = n.x if n.ha == "center" else n.left + PAD_X * n.size
        text = ax.text(
            x,
            n.y,
            n.text,
            fontsize=n.size * scale,
            ha=n.ha,
            va="center",
            color=colour,
            linespacing=LINESPACING,
            zorder=3,
        )
        if n.id is not None:
            text.set_gid(f"{n.id}:label")
    for lab in scene.labels:
        colour = LOW_COVERAGE_COLOUR if coverage_low(lab.text) else lab.colour
        ax.text(
            lab.x,
            lab.y,
            lab.text,
            fontsize=lab.size * scale,
            ha=lab.ha,
            va=lab.va,
            color=colour,
            linespacing=LINESPACING,
            zorder=3,
        )


def _draw_markers(scene: Scene, ax: Axes, scale: float) -> None:
    """A dot on the top-right corner of each marked box (another rule's finding)."""
    for n in scene.nodes:
        if n.marker is None:
            continue
        dot = Circle(
            (n.right, n.top),
            MARKER_RADIUS * n.size,
            facecolor=SEVERITY_STYLE[n.marker][1],
            edgecolor="white",
            linewidth=0.5 * scale,
            zorder=4,
        )
        if n.id is not None:
            dot.set_gid(f"{n.id}:marker")
        ax.add_patch(dot)


def node_patches(ax: Axes, node_id: str) -> list[FancyBboxPatch]:
    """The box patches drawn for a model node (each place it is drawn).

    Examples
    --------
    >>> from partygraph.model import Division, Model
    >>> from partygraph.draw import draw_linkage
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> fig, ax = draw_linkage(m)
    >>> [p.get_gid() for p in node_patches(ax, "c")]
    ['c']
    """
    return [
        p
        for p in ax.patches
        if isinstance(p, FancyBboxPatch)
        and (gid := p.get_gid()) is not None
        and (gid == node_id or gid.startswith(node_id + "@"))
    ]
