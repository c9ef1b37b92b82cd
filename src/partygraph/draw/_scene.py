"""The scene of a diagram: boxes, labels and edges laid out in *layout units*.

Layout units are typographic points at scale 1: every label is measured with
the report font (:func:`partygraph.draw._measure.measure`) at its base size,
and boxes, gaps and column widths are computed from those measurements.
:func:`partygraph.draw._figure.finish` then scales the whole scene uniformly -
geometry *and* font sizes - to fit the axes, so a layout free of overlaps stays
free of overlaps at any size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from partygraph.draw._measure import BODY, PAD_X, PAD_Y, TITLE, measure
from partygraph.draw.style import EDGE_COLOUR, HEADER_COLOUR, TITLE_COLOUR
from partygraph.model.report import Severity
from partygraph.safe_text import printable

__all__ = ["MARKER_RADIUS", "Edge", "Label", "Node", "Scene"]

#: Radius of a marker dot on a box's corner, in ems of the box's font size.
MARKER_RADIUS = 0.4


@dataclass
class Node:
    """A box with a centred label.  ``x``, ``y`` is its centre; ``w``, ``h`` its size.

    Examples
    --------
    >>> from partygraph.draw._measure import report_context
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
    #: A finding of another rule of the layer: a dot on the box's corner.
    marker: Severity | None = None

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
        """A node sized to fit ``text`` with padding (at least ``min_w`` wide).

        Control characters other than line breaks are shown as visible escapes
        (:func:`~partygraph.safe_text.printable`): SVG is XML, which cannot hold them.
        """
        text = printable(text, keep="\n")
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

    def __post_init__(self) -> None:
        self.text = printable(self.text, keep="\n")  # as in Node.box

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
        boxes += [  # a marker dot stands out of its box's corner
            (n.right, n.top, n.right + r, n.top + r)
            for n in self.nodes
            if n.marker is not None and (r := MARKER_RADIUS * n.size)
        ]
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
        y = y1 + 0.8 * TITLE
        self.labels.append(Label(title, x0, y, TITLE, "left", "bottom", TITLE_COLOUR))
