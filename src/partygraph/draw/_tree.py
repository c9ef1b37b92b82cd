"""A tidy left-to-right tree layout with measured boxes.

Columns are *ranks* (a level of the hierarchy, not necessarily the depth: a
node may skip a rank).  Every column is as wide as its widest box; boxes are
left-aligned in their column.  Vertically each subtree owns a band as tall as
the larger of its own row and its children's bands stacked with gaps, and a
node sits at the middle of its children.  Bands of different subtrees never
share a row, and columns never share an x-range, so no two boxes can overlap.

A node may carry a *strip*: boxes to the right of all rank columns, in cells
``(slot, line)`` aligned across the tree like the cells of a table; a strip
of several lines makes its node's row as tall as the lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from partygraph.draw._measure import HEADER
from partygraph.draw._scene import Edge, Label, Node, Scene

__all__ = ["TreeItem", "layout_lr"]


@dataclass
class TreeItem:
    """A node of the tree to lay out: a box (``None``: an invisible joint),
    its rank (column), its children and its strip of ``(slot, line, box)`` cells."""

    node: Node | None
    rank: int
    children: list[TreeItem] = field(default_factory=list)
    strip: list[tuple[int, int, Node]] = field(default_factory=list)
    gap_after: float = 0.0

    def walk(self) -> Iterator[TreeItem]:
        yield self
        for child in self.children:
            yield from child.walk()


def _row_geometry(item: TreeItem, gap: float) -> tuple[float, float, list[float]]:
    """Height of a node's row, and the y of the node and of each strip line
    relative to the row's top.  Line 0 is level with the node; further lines
    of the strip go below it."""
    n_lines = 1 + max((line for _, line, _ in item.strip), default=-1)
    lines = [0.0] * n_lines
    for _, line, node in item.strip:
        lines[line] = max(lines[line], node.h)
    node_h = item.node.h if item.node is not None else 0.0
    head = max([node_h, *lines[:1]])
    line_y = [-head / 2] if lines else []
    for k in range(1, n_lines):
        line_y.append(line_y[-1] - lines[k - 1] / 2 - gap - lines[k] / 2)
    bottom = min([-head / 2 - node_h / 2, *(y - h / 2 for y, h in zip(line_y, lines, strict=True))])
    return -bottom, -head / 2, line_y


@dataclass
class _Spacing:
    col_gap: float
    row_gap: float
    group_gap: float
    strip_gap: float


class _LeftToRight:
    """The state of one :func:`layout_lr` call: column and slot positions."""

    def __init__(self, roots: Sequence[TreeItem], spacing: _Spacing, left: float) -> None:
        self.roots, self.sp = roots, spacing
        self.items = [i for r in roots for i in r.walk()]
        n_ranks = 1 + max((i.rank for i in self.items), default=0)
        self.col_w = [0.0] * n_ranks
        for i in self.items:
            if i.node is not None:
                self.col_w[i.rank] = max(self.col_w[i.rank], i.node.w)
        n_slots = 1 + max((s for i in self.items for s, _, _ in i.strip), default=-1)
        self.slot_w = [0.0] * n_slots
        for i in self.items:
            for s, _, n in i.strip:
                self.slot_w[s] = max(self.slot_w[s], n.w)
        self.cell_w = list(self.slot_w)  # before headers widen any slot
        self.left = left
        self.extent: dict[int, float] = {}
        self.col_x: list[float] = []
        self.slot_x: list[float] = []

    def positions(self) -> None:
        """Left x of each rank column and of each strip slot (empty ones take no room)."""
        sp = self.sp
        self.col_x = [self.left]
        for w in self.col_w[:-1]:
            self.col_x.append(self.col_x[-1] + w + (sp.col_gap if w else 0.0))
        self.slot_x = [self.col_x[-1] + self.col_w[-1] + sp.col_gap]
        for w in self.slot_w[:-1]:
            self.slot_x.append(self.slot_x[-1] + w + (sp.strip_gap if w else 0.0))

    def fit_headers(self, headers: Sequence[str], strip_headers: Sequence[tuple[int, str]]) -> None:
        """Widen columns so that their headers fit.

        A strip header spans the slots up to the next header: the last slot
        of its span is widened if the header is wider than the span.
        """
        for rank, text in enumerate(headers[: len(self.col_w)]):
            if text and self.col_w[rank]:
                self.col_w[rank] = max(self.col_w[rank], _width(text))
        n_slots = len(self.slot_w)
        starts = sorted(s for s, _ in strip_headers if s < n_slots)
        for s, text in strip_headers:
            end = min([x for x in starts if x > s] + [n_slots])
            used = [k for k in range(s, end) if self.slot_w[k]]
            if used:
                span = sum(self.slot_w[k] for k in used) + self.sp.strip_gap * (len(used) - 1)
                self.slot_w[used[-1]] += max(0.0, _width(text) - span)

    def gap(self, child: TreeItem) -> float:
        return child.gap_after or (self.sp.group_gap if child.children else self.sp.row_gap)

    def band(self, item: TreeItem) -> float:
        """Height of the band a subtree owns (computed once, bottom up)."""
        kids = item.children
        inner = sum(self.band(c) for c in kids) + sum(self.gap(c) for c in kids[:-1])
        self.extent[id(item)] = max(_row_geometry(item, self.sp.row_gap)[0], inner)
        return self.extent[id(item)]

    def place(self, item: TreeItem, band_top: float, scene: Scene) -> float:
        """Place a subtree in its band from ``band_top``; returns the node's y."""
        col_x, slot_x = self.col_x, self.slot_x
        band = self.extent[id(item)]
        kids = item.children
        inner = sum(self.extent[id(c)] for c in kids) + sum(self.gap(c) for c in kids[:-1])
        y = band_top - (band - inner) / 2
        centres = []
        for c in kids:
            centres.append(self.place(c, y, scene))
            y -= self.extent[id(c)] + self.gap(c)
        own, node_dy, line_dy = _row_geometry(item, self.sp.row_gap)
        if centres:  # the node level with the middle of its children
            row_top = (centres[0] + centres[-1]) / 2 - node_dy
        else:
            row_top = band_top - (band - own) / 2
        row_top = min(max(row_top, band_top - band + own), band_top)
        centre = row_top + node_dy
        if item.node is not None:
            item.node.x, item.node.y = col_x[item.rank] + item.node.w / 2, centre
            scene.nodes.append(item.node)
        for s, line, n in item.strip:
            n.w = self.cell_w[s]  # cells of a slot as wide as each other, like a table
            n.x, n.y = slot_x[s] + n.w / 2, row_top + line_dy[line]
            scene.nodes.append(n)
        if item.node is not None:
            spine = col_x[item.rank] + self.col_w[item.rank] + self.sp.col_gap / 2
            _connect(item.node, [c.node for c in kids if c.node is not None], spine, scene)
            _connect_strip(item.node, item.strip, scene)
        return centre


def _width(text: str) -> float:
    return Label(text, 0, 0, HEADER).extent()[2]


def layout_lr(
    roots: Sequence[TreeItem],
    scene: Scene,
    *,
    col_gap: float = 14.0,
    row_gap: float = 3.0,
    group_gap: float = 7.0,
    strip_gap: float = 4.0,
    headers: Sequence[str] = (),
    strip_headers: Sequence[tuple[int, str]] = (),
    top: float = 0.0,
    left: float = 0.0,
) -> float:
    """Lay out ``roots`` top to bottom from ``top``; add boxes and edges to ``scene``.

    ``row_gap`` separates sibling leaves, ``group_gap`` siblings that have
    children of their own.  ``headers`` are column titles by rank and
    ``strip_headers`` titles of strip slots.  Returns the y of the bottom.

    Examples
    --------
    >>> from partygraph.draw._measure import report_context
    >>> from partygraph.draw._scene import Node, Scene
    >>> with report_context():
    ...     root = TreeItem(Node.box("东风社区", "community"), 0)
    ...     root.children = [TreeItem(Node.box(f"第{i}网格", "grid"), 1) for i in "一二"]
    ...     scene = Scene()
    ...     bottom = layout_lr([root], scene, headers=["社区", "网格"])
    >>> a, b = scene.nodes[:2]  # the two grids, top down
    >>> a.x == b.x and a.bottom >= b.top + 3.0
    True
    """
    lr = _LeftToRight(roots, _Spacing(col_gap, row_gap, group_gap, strip_gap), left)
    lr.fit_headers(headers, strip_headers)
    lr.positions()
    col_x, slot_x = lr.col_x, lr.slot_x
    if headers or strip_headers:
        y = top - 0.2 * HEADER
        for rank, text in enumerate(headers[: len(col_x)]):
            if text and lr.col_w[rank]:
                scene.labels.append(Label(text, col_x[rank], y, HEADER, "left", "top"))
        for s, text in strip_headers:
            if s < len(lr.slot_w) and lr.slot_w[s]:
                scene.labels.append(Label(text, slot_x[s], y, HEADER, "left", "top"))
        top -= 2.0 * HEADER
    y = top
    for root in roots:
        lr.band(root)
        lr.place(root, y, scene)
        y -= lr.extent[id(root)] + 2 * group_gap
    return y + 2 * group_gap


def _connect_strip(node: Node, strip: list[tuple[int, int, Node]], scene: Scene) -> None:
    """An edge from a node to the first cell of its strip, bridging empty slots."""
    line0 = sorted((c for c in strip if c[1] == 0), key=lambda c: c[0])
    if not line0:
        return
    scene.edges.append(Edge([(node.right, node.y), (line0[0][2].left, node.y)]))
    for (s0, _, a), (s1, _, b) in itertools.pairwise(line0):
        if s1 > s0 + 1:
            scene.edges.append(Edge([(a.right, node.y), (b.left, node.y)]))


def _connect(parent: Node, kids: list[Node], spine: float, scene: Scene) -> None:
    """Elbow edges from ``parent``'s right side, down a spine at x ``spine``, to each child."""
    if not kids:
        return
    scene.edges.append(Edge([(parent.right, parent.y), (spine, parent.y)]))
    ys = [k.y for k in kids] + [parent.y]
    if max(ys) - min(ys) > 1e-6:
        scene.edges.append(Edge([(spine, min(ys)), (spine, max(ys))]))
    for k in kids:
        scene.edges.append(Edge([(spine, k.y), (k.left, k.y)]))
