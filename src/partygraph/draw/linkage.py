"""The four-level linkage 四级联动: city → county → subdistrict → community.

Layout: a top-down tidy tree of the city, county-level units and subdistricts,
each subtree as wide as its widest row.  A subdistrict's communities hang below
it as a compact block of labelled boxes in one or more columns (a file-tree
spine with a tick to each box), so 136 communities stay readable on one A4
page.  The number of rows per column is chosen to make the whole diagram as
large as the page allows.  ``collapse=True`` replaces each block by one box
with the count of communities.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partygraph.draw._figure import best_scale, finish
from partygraph.draw._lookup import children_of, require_division
from partygraph.draw._measure import BODY, SMALL, report_context
from partygraph.draw._overlay import Overlay
from partygraph.draw._scene import Edge, Label, Node, Scene
from partygraph.errors import PartygraphError
from partygraph.model import Division, Model
from partygraph.model.report import Report

__all__ = ["draw_linkage"]

_LEVELS = ("city", "county", "subdistrict", "community")
_HEADERS = {"city": "市", "county": "县（市、区）", "subdistrict": "街道", "community": "社区"}
#: Community box kind by the form of its party organisation.
_FORM_KIND = {
    "committee": "community_committee",
    "general_branch": "community_general",
    "branch": "community_branch",
}
_FORM_LEGEND = (
    ("community_committee", "社区党委"),
    ("community_general", "社区党总支"),
    ("community_branch", "社区党支部"),
)
_H_GAP = 10.0  # between sibling subtrees
_V_GAP = 16.0  # between rows of the tree
_COL_GAP = 9.0  # between columns of a community block
_ROW_GAP = 2.0  # between community boxes
_TICK = 4.0  # spine to box


@dataclass
class _Item:
    node: Node | None
    rank: int
    children: list[_Item] = field(default_factory=list)
    block: list[Node] = field(default_factory=list)
    x: float = 0.0
    width: float = 0.0
    block_left: float = 0.0  # x of the first spine of the block, once placed


def _rank(d: Division) -> int:
    """Row of a division's level (residents' groups and below: past the last)."""
    return _LEVELS.index(d.level) if d.level in _LEVELS else len(_LEVELS)


def _block_shape(block: list[Node], max_rows: int) -> tuple[int, int]:
    cols = max(1, math.ceil(len(block) / max_rows))
    return cols, math.ceil(len(block) / cols)


def _block_width(block: list[Node], max_rows: int) -> float:
    if not block:
        return 0.0
    cols, rows = _block_shape(block, max_rows)
    widths = [max(n.w for n in block[c * rows : (c + 1) * rows]) for c in range(cols)]
    return sum(widths) + _TICK * cols + _COL_GAP * (cols - 1)


def _build(
    model: Model,
    root: Division,
    *,
    collapse: bool,
    overlay: Overlay,
) -> _Item:
    kids = children_of(model)
    forms = {
        o.division: o.form
        for o in model.party_orgs
        if o.division is not None and o.form in _FORM_KIND
    }

    def label(d: Division, extra: str | None = None) -> str:
        lines = [d.name]
        if extra:
            lines.append(extra)
        cov = overlay.coverage(d.id)
        if cov:
            lines.append(cov)
        return "\n".join(lines)

    def community_box(d: Division) -> Node:
        cov = overlay.coverage(d.id)
        text = f"{d.name} {cov.removeprefix('覆盖 ')}" if cov else d.name
        kind = _FORM_KIND.get(forms.get(d.id, ""), "community_none")
        return Node.box(
            text,
            kind,
            d.id,
            size=SMALL,
            severity=overlay.severity(d.id),
            dashed=kind == "community_none",
            ha="left",
        )

    def item(d: Division) -> _Item:
        rank = _LEVELS.index(d.level)
        below = [c for c in kids.get(d.id, []) if c.level in _LEVELS and _rank(c) > rank]
        communities = [c for c in below if c.level == "community"]
        others = [c for c in below if c.level != "community"]
        counted = communities and d.level == "subdistrict" and not collapse
        extra = f"社区 {len(communities)} 个" if counted else None
        size = BODY + (1.0 if rank == 0 else 0.0)
        node = Node.box(label(d, extra), d.level, d.id, size=size, severity=overlay.severity(d.id))
        out = _Item(node, rank, [item(c) for c in others])
        if not communities:
            return out
        if collapse:
            ids = [c.id for c in communities]
            block = [
                Node.box(
                    f"社区 {len(ids)} 个",
                    "count",
                    f"{d.id}@communities",
                    size=SMALL,
                    severity=overlay.worst(ids, f"{d.id}@communities"),
                )
            ]
        else:
            block = [community_box(c) for c in communities]
        if out.children:
            out.children.append(_Item(None, rank + 1, block=block))
        else:
            out.block = block
        return out

    return item(root)


def _measure(item: _Item, max_rows: int) -> float:
    own = max(item.node.w if item.node else 0.0, _block_width(item.block, max_rows))
    inner = sum(_measure(c, max_rows) for c in item.children) + _H_GAP * max(
        len(item.children) - 1, 0
    )
    item.width = max(own, inner)
    return item.width


class _Layout:
    """Places trees side by side on shared rows, one row per level."""

    def __init__(self, trees: list[_Item], max_rows: int, *, collapsed: bool) -> None:
        self.trees, self.max_rows, self.collapsed = trees, max_rows, collapsed
        self.items: list[_Item] = []
        for tree in trees:
            _measure(tree, max_rows)
            self._collect(tree)
        self.n_ranks = 1 + max(i.rank for i in self.items)
        self.row_h = [0.0] * (self.n_ranks + 1)
        for i in self.items:
            if i.node is not None:
                self.row_h[i.rank] = max(self.row_h[i.rank], i.node.h)
        self.row_top = [0.0]
        for h in self.row_h[:-1]:
            self.row_top.append(self.row_top[-1] - h - (_V_GAP if h else 0.0))

    def _collect(self, it: _Item) -> None:
        self.items.append(it)
        for c in it.children:
            self._collect(c)

    def draw(self, scene: Scene) -> None:
        left = 0.0
        for tree in self.trees:
            self._place(tree, left, scene)
            left += tree.width + 3 * _H_GAP
        self._headers(scene)

    def _headers(self, scene: Scene) -> None:
        """The level of each row, in a column on the left."""
        x = -max(Label(t, 0, 0, BODY).extent()[2] for t in _HEADERS.values()) - 12.0
        for r in range(self.n_ranks):
            if self.row_h[r]:
                y = self.row_top[r] - self.row_h[r] / 2
                scene.labels.append(Label(_HEADERS[_LEVELS[r]], x, y, BODY))
        # communities get a header where their blocks start below every tree row
        below = self.row_top[self.n_ranks] + 1e-6
        tops = [self._block_top(i) for i in self.items if i.block]
        tops = [t for t in tops if t <= below]
        if tops:
            scene.labels.append(Label(_HEADERS["community"], x, max(tops) - SMALL, BODY))

    def _block_top(self, it: _Item) -> float:
        return self.row_top[it.rank + 1] if it.node else self.row_top[it.rank]

    def _place(self, it: _Item, left: float, scene: Scene) -> None:
        it.x = left + it.width / 2
        inner = sum(c.width for c in it.children) + _H_GAP * max(len(it.children) - 1, 0)
        x = it.x - inner / 2
        for c in it.children:
            self._place(c, x, scene)
            x += c.width + _H_GAP
        if it.block:
            _place_block(it, self.max_rows, self._block_top(it), scene, self.collapsed)
        if it.node is None:
            return
        it.node.x, it.node.y = it.x, self.row_top[it.rank] - self.row_h[it.rank] / 2
        scene.nodes.append(it.node)
        bus_y = self.row_top[it.rank + 1] + _V_GAP / 2
        # a pseudo child (communities beside subdistricts) joins at its first spine
        ends = [c.node.x if c.node else c.block_left for c in it.children]
        if ends:
            scene.edges.append(Edge([(it.node.x, it.node.bottom), (it.node.x, bus_y)]))
            xs = [*ends, it.node.x]
            scene.edges.append(Edge([(min(xs), bus_y), (max(xs), bus_y)]))
            for c in it.children:
                if c.node is not None:
                    scene.edges.append(Edge([(c.node.x, bus_y), (c.node.x, c.node.top)]))
                elif self.collapsed:
                    top = c.block[0].top
                    scene.edges.append(Edge([(c.block_left, bus_y), (c.block_left, top)]))
        elif it.block:
            end = it.block[0].top if self.collapsed else bus_y
            scene.edges.append(Edge([(it.node.x, it.node.bottom), (it.node.x, end)]))


def _place_block(it: _Item, max_rows: int, top: float, scene: Scene, collapsed: bool) -> None:
    """Communities (or their count) below ``top``: columns of boxes on spines
    joined by a bus at the level of the owner's edges."""
    block = it.block
    if collapsed:
        n = block[0]
        n.x, n.y = it.x, top - n.h / 2
        it.block_left = n.x
        scene.nodes.append(n)
        return
    cols, rows = _block_shape(block, max_rows)
    widths = [max(n.w for n in block[c * rows : (c + 1) * rows]) for c in range(cols)]
    x = it.x - _block_width(block, max_rows) / 2
    it.block_left = x
    pitch = max(n.h for n in block) + _ROW_GAP
    bus_y = top + _V_GAP / 2
    spines = []
    for c in range(cols):
        column = block[c * rows : (c + 1) * rows]
        for r, n in enumerate(column):
            n.x = x + _TICK + n.w / 2
            n.y = top - pitch * r - n.h / 2
            scene.nodes.append(n)
            scene.edges.append(Edge([(x, n.y), (n.left, n.y)]))
        scene.edges.append(Edge([(x, bus_y), (x, column[-1].y)]))
        spines.append(x)
        x += widths[c] + _TICK + _COL_GAP
    xs = [*spines, it.x] if it.node is not None else spines
    if max(xs) - min(xs) > 1e-6:
        scene.edges.append(Edge([(min(xs), bus_y), (max(xs), bus_y)]))


def draw_linkage(
    model: Model,
    *,
    root: str | None = None,
    collapse: bool = False,
    report: Report | None = None,
    rules: Sequence[str] | None = None,
    coverage_rule: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    filepath: str | os.PathLike[str] | None = None,
) -> tuple[Figure, Axes]:
    """Draw the four-level linkage 四级联动 as a tidy tree.

    Parameters
    ----------
    model
        The model; its divisions of levels city, county, subdistrict and
        community are drawn (residents' groups are not).
    root
        Id of a division to draw the subtree of (default: every top-level
        division).
    collapse
        Draw one box per subdistrict with its number of communities instead of
        every community.
    report
        A check report to overlay: nodes with error findings in red, with
        warnings in amber, coverage ratios (``覆盖 83%``) on each division, and
        a legend.  Community boxes show the ratio after the name.
    rules, coverage_rule
        Which findings mark boxes with a dot (rule ids or prefixes, ``["*"]``
        for all) and the rule whose coverage is written and whose findings
        fill boxes (``""``: no figure, ``rules`` fill); default: this layer's
        rules in :data:`partygraph.draw.LAYER_RULES`.
    ax
        Axes to draw in (default: a new A4-sized figure).
    figsize
        Page size in inches for a new figure (default: A4, the orientation
        that shows the diagram larger).
    title
        Title above the diagram (default: the model's name and the layer;
        ``""`` for none).
    filepath
        Also save the figure there (``.png``, ``.svg`` or ``.pdf``).

    Returns
    -------
    (fig, ax)
        The figure and the axes drawn in.

    Raises
    ------
    partygraph.errors.PartygraphError
        If ``root`` is not a division of the four levels, or the model has none.

    Examples
    --------
    >>> from partygraph.model import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="城区", level="county", parent="c"),
    ...     Division(id="s", name="南街道", level="subdistrict", parent="k"),
    ...     Division(id="m1", name="东风社区", level="community", parent="s")])
    >>> fig, ax = draw_linkage(m)
    >>> sorted(p.get_gid() for p in ax.patches)
    ['c', 'k', 'm1', 's']
    >>> fig, ax = draw_linkage(m, collapse=True)
    >>> "社区 1 个" in [t.get_text() for t in ax.texts]
    True
    """
    with report_context():
        if root is not None:
            roots = [require_division(model, root, _LEVELS, "division")]
        else:
            levels = {d.id: _rank(d) for d in model.divisions}
            roots = [  # a division whose parent is missing or not above it is a root
                d
                for d in model.divisions
                if d.level in _LEVELS and levels.get(d.parent or "", 9) >= levels[d.id]
            ]
        if not roots:
            raise PartygraphError("the model has no divisions to draw; add a city or county")
        fold: dict[str, list[str]] = {}
        for org in model.party_orgs:
            if org.division is not None:
                fold.setdefault(org.id, []).append(org.division)
        for body in model.expanded_bodies:
            fold.setdefault(body.id, []).append(body.division)
        for compound in model.compounds:  # the work coverage counts compounds
            fold.setdefault(compound.id, []).append(compound.community)
        overlay = Overlay(report, "linkage", rules=rules, coverage_rule=coverage_rule, fold=fold)
        best: Scene | None = None
        best_score = -1.0
        total = sum(1 for d in model.divisions if d.level == "community")
        candidates = sorted({max(4, math.ceil(total / k)) for k in range(1, 41)} | {8, 12, 16})
        for max_rows in candidates if not collapse else [1]:
            scene = Scene()
            trees = [_build(model, r, collapse=collapse, overlay=overlay) for r in roots]
            _Layout(trees, max_rows, collapsed=collapse).draw(scene)
            _finish_scene(scene, model, roots, overlay, title, collapse)
            score = best_scale(scene, ax, figsize)
            if score > best_score + 1e-9:
                best, best_score = scene, score
        assert best is not None
        return finish(best, ax, figsize=figsize, filepath=filepath)


def _finish_scene(
    scene: Scene,
    model: Model,
    roots: list[Division],
    overlay: Overlay,
    title: str | None,
    collapse: bool,
) -> None:
    overlay.legend(scene)
    if not collapse:
        present = {n.kind for n in scene.nodes}
        scene.legend += [(k, text) for k, text in _FORM_LEGEND if k in present]
        if "community_none" in present:
            scene.legend.append(("community_none", "无社区党组织"))
    if title is None:
        where = roots[0].name if len(roots) == 1 else model.name
        title = f"{where} · 四级联动（市—县—街道—社区）"
    scene.add_title(title)
