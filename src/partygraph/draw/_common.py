"""Shared machinery of the layer diagrams: a scene of boxes, labels and edges
laid out in *layout units*, then fitted to an axes and drawn.

Layout units are typographic points at scale 1: every label is measured with
the report font (:func:`measure`) at its base size, and boxes, gaps and column
widths are computed from those measurements.  :func:`finish` then scales the
whole scene uniformly - geometry *and* font sizes - to fit the axes, so a
layout free of overlaps stays free of overlaps at any size.

Each node box is a :class:`matplotlib.patches.FancyBboxPatch` whose ``gid`` is
the node's model id (``"<id>@<context>"`` where one node is drawn more than
once), so a drawn node can be found again with :func:`node_patches` and the
SVG output carries the ids.
"""

from __future__ import annotations

import functools
import io
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch
from matplotlib.text import Text

from partygraph.draw.fonts import A4_LANDSCAPE, A4_PORTRAIT, report_rc
from partygraph.errors import PartygraphError
from partygraph.model import Division, Model
from partygraph.model.report import Report, Severity

__all__ = [
    "BODY",
    "FORMATS",
    "LAYER_RULES",
    "SEVERITY_STYLE",
    "Edge",
    "Label",
    "Node",
    "Overlay",
    "Scene",
    "figure_bytes",
    "finish",
    "format_for",
    "measure",
    "new_figure",
    "node_patches",
    "report_context",
    "save_figure",
]

#: Base font sizes (points, before fitting to the page).
BODY: Final = 7.5
SMALL: Final = 6.5
HEADER: Final = 8.0
TITLE: Final = 10.0

#: Largest scale applied to a scene: small diagrams are not blown up.
MAX_SCALE: Final = 1.4
#: Page margin of a figure made by :func:`finish`, in inches.
MARGIN: Final = 0.3
#: Resolution of raster output (PNG), in dots per inch.
PNG_DPI: Final = 200
#: Output formats, by file suffix.
FORMATS: Final = ("png", "svg", "pdf")

#: Fill and edge colour of each node kind.  No reds or yellows here: those
#: mark findings (:data:`SEVERITY_STYLE`).
KIND_STYLE: Final[dict[str, tuple[str, str]]] = {
    "city": ("#1f4e79", "#1f4e79"),
    "county": ("#d6e4f0", "#2e6da4"),
    "subdistrict": ("#e4eef7", "#4a7fb0"),
    "community": ("#f2f7fb", "#7ea6c9"),
    "community_general": ("#deeaf6", "#5b8fbf"),
    "community_committee": ("#b9d3ed", "#2e6da4"),
    "community_branch": ("#ffffff", "#7ea6c9"),
    "community_none": ("#ffffff", "#9e9e9e"),
    "residents_group": ("#eef3ea", "#6f9a5b"),
    "grid": ("#f4f8f1", "#6f9a5b"),
    "person": ("#f7f7f7", "#8c8c8c"),
    "household": ("#ffffff", "#a6a6a6"),
    "central_household": ("#efeaf6", "#7d62a8"),
    "party_org": ("#e9e4f3", "#6a51a3"),
    "expanded": ("#f1edf8", "#6a51a3"),
    "team": ("#e3f1ef", "#2a8c7d"),
    "unit": ("#f5fbfa", "#5aa99c"),
    "municipal": ("#e3f1ef", "#2a8c7d"),
    "service_centre": ("#eaf4ea", "#4e9a52"),
    "department": ("#ece9f5", "#6a51a3"),
    "issue_category": ("#f2f2f2", "#7f7f7f"),
    "pairing": ("#ffffff", "#8c8c8c"),
    "count": ("#f7f7f7", "#8c8c8c"),
    "missing": ("#ffffff", "#9e9e9e"),
}
#: Kinds drawn with a dashed edge: something that should be there is not.
DASHED_KINDS: Final = frozenset({"missing", "community_none"})
#: Text colour on a fill (white on the darkest fills).
DARK_FILLS: Final = frozenset({"#1f4e79"})

#: Fill and edge colour of a node with a finding of this severity.
SEVERITY_STYLE: Final[dict[str, tuple[str, str]]] = {
    "error": ("#f4b4ad", "#c0392b"),
    "warning": ("#fbe29a", "#b9770e"),
}
SEVERITY_LABEL: Final = {"error": "错误 (error)", "warning": "警告 (warning)"}

EDGE_COLOUR: Final = "#8a8a8a"
HEADER_COLOUR: Final = "#4d4d4d"
LOW_COVERAGE_COLOUR: Final = "#a93226"
#: Coverage below this ratio is written in :data:`LOW_COVERAGE_COLOUR`.
LOW_COVERAGE: Final = 0.8
#: Line spacing of multi-line labels (matplotlib's default is 1.2).
LINESPACING: Final = 1.25
#: Padding inside a box, in ems of its font size.
PAD_X: Final = 0.45
PAD_Y: Final = 0.3


# -- measuring --------------------------------------------------------------
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


# -- the scene --------------------------------------------------------------
@dataclass
class Node:
    """A box with a centred label.  ``x``, ``y`` is its centre; ``w``, ``h`` its size.

    Examples
    --------
    >>> with report_context():
    ...     n = Node.box("东风社区", "community", "c1")
    >>> n.w > 4 * BODY and n.h > BODY
    True
    """

    text: str
    kind: str
    id: str | None = None
    w: float = 0.0
    h: float = 0.0
    x: float = 0.0
    y: float = 0.0
    size: float = BODY
    severity: Severity | None = None
    dashed: bool = False
    ha: Literal["center", "left"] = "center"

    @classmethod
    def box(
        cls,
        text: str,
        kind: str,
        node_id: str | None = None,
        *,
        size: float = BODY,
        severity: Severity | None = None,
        dashed: bool = False,
        min_w: float = 0.0,
        ha: Literal["center", "left"] = "center",
    ) -> Node:
        """A node sized to fit ``text`` with padding (at least ``min_w`` wide)."""
        w, h = measure(text, size)
        return cls(
            text,
            kind,
            node_id,
            w=max(w + 2 * PAD_X * size, min_w),
            h=h + 2 * PAD_Y * size,
            size=size,
            severity=severity,
            dashed=dashed,
            ha=ha,
        )

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def top(self) -> float:
        return self.y + self.h / 2

    @property
    def bottom(self) -> float:
        return self.y - self.h / 2


@dataclass
class Label:
    """Free text (a column header, a title, a count), anchored at ``x``, ``y``."""

    text: str
    x: float
    y: float
    size: float = BODY
    ha: Literal["left", "center", "right"] = "left"
    va: Literal["top", "center", "bottom"] = "center"
    colour: str = HEADER_COLOUR

    def extent(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the text in layout units."""
        w, h = measure(self.text, self.size)
        x0 = self.x - {"left": 0.0, "center": w / 2, "right": w}[self.ha]
        y0 = self.y - {"bottom": 0.0, "center": h / 2, "top": h}[self.va]
        return x0, y0, x0 + w, y0 + h


@dataclass
class Edge:
    """A polyline between nodes; ``arrow`` puts an arrow head at its end."""

    points: list[tuple[float, float]]
    colour: str = EDGE_COLOUR
    width: float = 0.6
    arrow: bool = False
    dashed: bool = False


@dataclass
class Scene:
    """Everything one diagram draws, in layout units (y grows upwards)."""

    nodes: list[Node] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)

    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) around every node and label."""
        boxes = [(n.left, n.bottom, n.right, n.top) for n in self.nodes]
        boxes += [lab.extent() for lab in self.labels]
        for e in self.edges:
            xs, ys = zip(*e.points, strict=True)
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
        if not boxes:
            return 0.0, 0.0, 1.0, 1.0
        x0s, y0s, x1s, y1s = zip(*boxes, strict=True)
        return min(x0s), min(y0s), max(x1s), max(y1s)

    def add_title(self, title: str) -> None:
        """Put ``title`` above everything drawn so far, at the left edge."""
        if not title:
            return
        x0, _, _, y1 = self.bounds()
        self.labels.append(Label(title, x0, y1 + 0.8 * TITLE, TITLE, "left", "bottom", "#000000"))


# -- report overlay ---------------------------------------------------------
#: Per layer: the rules whose findings are overlaid (ids, or prefixes that
#: match up to a dot) and the rule whose coverage is written on the hierarchy.
LAYER_RULES: Final[dict[str, tuple[tuple[str, ...], str]]] = {
    "linkage": (
        (
            "subdistrict.expanded_working_committee",
            "community.expanded_committee",
            "expanded",
            "org",
            "branch",
            "general_branch",
            "committee",
            "post.secretary",
        ),
        "compound.work_coverage",
    ),
    "grid": (("grid", "household", "post.central_household"), "grid.leader"),
    "service": (("service",), "service.item_responsible"),
    "cobuilding": (
        ("compound.team_1p3", "community.expanded_committee", "expanded", "unit"),
        "compound.team_1p3",
    ),
    "pairing": (("community.paired_unit",), "community.paired_unit"),
    "whistle": (("whistle",), "whistle.responder"),
}


def _matches(rule: str, patterns: Sequence[str]) -> bool:
    return any(p in ("*", rule) or rule.startswith(p.rstrip(".") + ".") for p in patterns)


class Overlay:
    """What a report says about the nodes of one layer, indexed for drawing.

    ``rules`` are the rules whose findings colour nodes (ids, or prefixes that
    match up to a dot: ``"grid"`` matches ``grid.leader``; ``"*"`` matches
    all); ``coverage_rule`` is the rule whose coverage ratio is written on
    hierarchy nodes (``""``: none).  ``None`` takes the layer's defaults from
    :data:`LAYER_RULES`.  ``fold`` maps the id of a node that is not drawn to
    the drawn node that stands for it (a service item to its centre, a
    community's party organisation to the community).

    Examples
    --------
    >>> from partygraph.model.report import CoverageRow, Finding, NodeRef, Report
    >>> ref = NodeRef(id="c1", kind="community", name="东风社区")
    >>> row = lambda rule, r: CoverageRow(rule=rule, node=ref, level="community",
    ...     covered=int(r * 10), total=10, ratio=r)
    >>> warn = Finding(rule="grid.leader", severity="warning", node=ref, message="",
    ...     message_en="", hint="")
    >>> rep = Report(model="m", findings=[warn], coverage=[row("grid.leader", 0.9)])
    >>> ov = Overlay(rep, "grid")
    >>> ov.severity("c1"), ov.coverage("c1")
    ('warning', '覆盖 90%')
    >>> Overlay(rep, "whistle").severity("c1") is None
    True
    >>> Overlay(None, "grid").severity("c1") is None
    True
    """

    def __init__(
        self,
        report: Report | None,
        layer: str,
        *,
        rules: Sequence[str] | None = None,
        coverage_rule: str | None = None,
        fold: dict[str, list[str]] | None = None,
    ) -> None:
        default_rules, default_coverage = LAYER_RULES[layer]
        self.report = report
        self.rules = tuple(default_rules if rules is None else rules)
        self.coverage_rule = default_coverage if coverage_rule is None else coverage_rule
        self._severity: dict[str, Severity] = {}
        self._ratio: dict[str, float] = {}
        if report is None:
            return
        rank = {"error": 0, "warning": 1}
        fold = fold or {}
        for f in report.findings:
            if f.severity not in rank or not _matches(f.rule, self.rules):
                continue
            for node in [f.node.id, *fold.get(f.node.id, [])]:
                old = self._severity.get(node)
                if old is None or rank[f.severity] < rank[old]:
                    self._severity[node] = f.severity
        for c in report.coverage:
            if c.ratio is not None and c.rule == self.coverage_rule:
                self._ratio[c.node.id] = c.ratio

    def severity(self, node_id: str | None) -> Severity | None:
        """Worst error or warning on a node (info findings are not drawn)."""
        return None if node_id is None else self._severity.get(node_id)

    def worst(self, node_ids: Iterable[str]) -> Severity | None:
        """Worst error or warning over several nodes (for an aggregated box)."""
        if not self._severity:
            return None
        found = {self._severity.get(n) for n in node_ids}
        return "error" if "error" in found else "warning" if "warning" in found else None

    def coverage(self, node_id: str) -> str | None:
        """``"覆盖 83%"``: the node's coverage under :attr:`coverage_rule`, or ``None``."""
        ratio = self._ratio.get(node_id)
        if ratio is None:
            return None
        return f"覆盖 {math.floor(ratio * 100 + 1e-9):.0f}%"

    def legend(self, scene: Scene) -> None:
        """Legend entries for the overlay (nothing without a report)."""
        if self.report is None:
            return
        for sev in ("error", "warning"):
            n = sum(1 for node in scene.nodes if node.severity == sev)
            scene.legend.append((sev, f"{SEVERITY_LABEL[sev]}：本图 {n} 个节点"))
        if self._ratio:
            info = next((r for r in self.report.rules if r.id == self.coverage_rule), None)
            what = f"（规则：{info.message}）" if info else ""
            scene.legend.append(("text", f"覆盖 x% = 符合 {self.coverage_rule} 的比例{what}"))
        shown = "全部规则" if "*" in self.rules else "、".join(self.rules)
        scene.legend.append(("text", f"着色依据：{shown}"))


def _coverage_low(text: str) -> bool:
    if not text.startswith("覆盖 "):
        return False
    try:
        return float(text.removeprefix("覆盖 ").removesuffix("%")) < LOW_COVERAGE * 100
    except ValueError:
        return False


# -- fitting and drawing ------------------------------------------------------
def _fit(width: float, height: float, page: tuple[float, float]) -> float:
    """Scale at which a ``width`` x ``height`` scene fits ``page`` (inches) inside margins."""
    room_w = (page[0] - 2 * MARGIN) * 72
    room_h = (page[1] - 2 * MARGIN) * 72
    return min(room_w / width, room_h / height)


def _legend_band(scene: Scene, width: float) -> tuple[float, int]:
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
    x0, y0, x1, y1 = scene.bounds()
    band = _legend_band(scene, x1 - x0)[0]
    width, height = max(x1 - x0, 1.0), max(y1 - y0 + band, 1.0)
    if ax is not None:
        ax_w, ax_h = _axes_size(ax)
        return min(ax_w / width, ax_h / height)
    pages = [figsize] if figsize else [A4_LANDSCAPE, A4_PORTRAIT]
    return max(_fit(width, height, p) for p in pages)


def new_figure(figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure on the Agg canvas (no GUI backend) with one axes inside the margins."""
    fig = Figure(figsize=figsize, dpi=100)
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
    x0, y0, x1, y1 = scene.bounds()
    band, cols = _legend_band(scene, x1 - x0)
    y0 -= band
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
        _draw_legend(scene, ax, scale, (x0, y0 + band), cols)
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
        colour = "#ffffff" if face in DARK_FILLS else "#1a1a1a"
        if n.dashed:
            colour = "#6b6b6b"
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
        colour = LOW_COVERAGE_COLOUR if _coverage_low(lab.text) else lab.colour
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


def _draw_legend(
    scene: Scene, ax: Axes, scale: float, anchor: tuple[float, float], cols: int
) -> None:
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


# -- output -------------------------------------------------------------------
def format_for(path: str | os.PathLike[str]) -> str:
    """The output format named by a file's suffix: ``png``, ``svg`` or ``pdf``.

    Examples
    --------
    >>> format_for("out/linkage.PDF")
    'pdf'
    >>> format_for("out.jpg")
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: cannot write 'out.jpg': unknown suffix '.jpg'; use ...
    """
    suffix = Path(path).suffix.lower()
    if suffix.removeprefix(".") not in FORMATS:
        raise PartygraphError(
            f"cannot write {os.fspath(path)!r}: unknown suffix {suffix or '(none)'!r}; "
            "use .png, .svg or .pdf"
        )
    return suffix.removeprefix(".")


def figure_bytes(
    fig: Figure | SubFigure, fmt: str = "png", *, dpi: float = PNG_DPI, palette: bool = True
) -> bytes:
    """The figure rendered as ``png``, ``svg`` or ``pdf`` bytes, in the report style.

    PNG is rendered at ``dpi`` (200 by default, for print) and, with
    ``palette``, stored with a 256-colour palette (about a third of the size
    of full colour, indistinguishable for these diagrams); fonts follow
    :func:`partygraph.draw.fonts.report_rc` (Type 3 in PDF, paths in SVG).  Output is
    reproducible: no creation dates are written.

    Examples
    --------
    >>> fig, ax = new_figure((2, 1))
    >>> figure_bytes(fig, "pdf")[:5]
    b'%PDF-'
    """
    if fmt not in FORMATS:
        raise PartygraphError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    root = fig.get_figure(root=True) if isinstance(fig, SubFigure) else fig
    if root is None:  # pragma: no cover - a subfigure always has a root
        raise PartygraphError("the figure has no root figure to render")
    metadata = _METADATA[fmt]
    buffer = io.BytesIO()
    with report_context():
        root.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    if fmt == "png" and palette:
        return _palette_png(buffer.getvalue(), _figure_colours(root))
    return buffer.getvalue()


#: Metadata per format: no dates, so the same figure gives the same bytes.
_METADATA: Final[dict[str, dict[str, str | None]]] = {
    "png": {"Software": "partygraph"},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None},
}


def _figure_colours(fig: Figure) -> list[tuple[int, int, int]]:
    """Every colour the figure's artists name (fills, edges, lines, text)."""
    from matplotlib.artist import Artist
    from matplotlib.colors import to_rgb

    found: set[tuple[int, int, int]] = {(255, 255, 255), (0, 0, 0)}

    def add(colour: object) -> None:
        try:
            rgb = to_rgb(colour)  # type: ignore[arg-type]  # any matplotlib colour spec
        except ValueError:
            return
        found.add((round(rgb[0] * 255), round(rgb[1] * 255), round(rgb[2] * 255)))

    for artist in fig.findobj(Artist):
        for getter in ("get_facecolor", "get_edgecolor", "get_color"):
            method = getattr(artist, getter, None)
            if method is not None:
                value = method()
                if isinstance(value, str) or len(value) in (3, 4):
                    add(value)
    return sorted(found)


def _palette_png(data: bytes, colours: list[tuple[int, int, int]]) -> bytes:
    """Re-encode a PNG with a 256-colour palette: a third of the size, same look.

    The palette holds every colour the figure names exactly (so a small
    legend swatch keeps its colour), filled up with median-cut colours for
    the anti-aliasing shades; no dithering keeps text edges clean.
    """
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
    exact = colours[:128]
    shades = rgb.quantize(256 - len(exact), method=Image.Quantize.MEDIANCUT)
    shade_palette = shades.getpalette() or []
    palette = [c for rgb3 in exact for c in rgb3] + shade_palette[: 3 * (256 - len(exact))]
    palette += [0] * (768 - len(palette))
    holder = Image.new("P", (1, 1))
    holder.putpalette(palette)
    quantized = rgb.quantize(palette=holder, dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantized.save(out, format="png", compress_level=9)
    return out.getvalue()


def save_figure(
    fig: Figure | SubFigure, filepath: str | os.PathLike[str], *, dpi: float = PNG_DPI
) -> Path:
    """Write the figure to ``filepath``; the format comes from its suffix.

    The file is rendered in memory first and then written atomically, so a
    failure never leaves a half-written file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> fig, ax = new_figure((2, 1))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     save_figure(fig, pathlib.Path(d) / "empty.svg").stat().st_size > 0
    True
    """
    from partygraph.io.atomic import write_atomic

    path = Path(filepath)
    data = figure_bytes(fig, format_for(path), dpi=dpi)
    with write_atomic(path, binary=True) as f:
        f.write(data)
    return path


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


# -- model helpers ------------------------------------------------------------
def divisions_by_id(model: Model) -> dict[str, Division]:
    return {d.id: d for d in model.divisions}


def children_of(model: Model) -> dict[str | None, list[Division]]:
    """Divisions by parent id, in model order."""
    out: dict[str | None, list[Division]] = {}
    for d in model.divisions:
        out.setdefault(d.parent, []).append(d)
    return out


def person_names(model: Model, ids: Iterable[str | None]) -> dict[str, str]:
    """Display names of persons (their id where the table has no name).

    Looks the ids up with one vectorised pass over the persons table, so a
    diagram of one community costs little even with millions of persons.
    """
    wanted = sorted({i for i in ids if i})
    out = dict.fromkeys(wanted, "")
    persons = model.population["persons"]
    if wanted and len(persons):
        rows = np.flatnonzero(np.isin(persons["id"], wanted))
        for pid, name in zip(persons["id"][rows], persons["name"][rows], strict=True):
            out[str(pid)] = str(name)
    return {k: v or k for k, v in out.items()}


def require_division(model: Model, division_id: str, levels: Sequence[str], what: str) -> Division:
    """The division ``division_id``, which must have one of ``levels``."""
    found = divisions_by_id(model).get(division_id)
    if found is None or found.level not in levels:
        choices = [d.id for d in model.divisions if d.level in levels][:5]
        hint = f" (e.g. {', '.join(choices)})" if choices else ""
        raise PartygraphError(
            f"no {what} {division_id!r} in the model; give the id of a {what}{hint}"
        )
    return found


def short_name(name: str, *, prefix: str = "", suffixes: Sequence[str] = ()) -> str:
    """``name`` without a leading ``prefix`` and a trailing suffix, if anything is left.

    Examples
    --------
    >>> short_name("湖埠社区第一网格", prefix="湖埠社区")
    '第一网格'
    >>> short_name("南恩街道党群服务中心", suffixes=["党群服务中心"])
    '南恩街道'
    """
    out = name
    if prefix and out.startswith(prefix) and len(out) > len(prefix):
        out = out[len(prefix) :]
    for suffix in suffixes:
        if out.endswith(suffix) and len(out) > len(suffix):
            out = out[: -len(suffix)]
            break
    return out
