"""Whistle routing 吹哨报到: the community blows the whistle, then the
subdistrict, then the district, and the responsible departments report in.

Layout: a routing table for one community's chain.  The header row holds the
three divisions with arrows (community → subdistrict → county-level unit);
below, one row per issue category with, in each level's column, the
departments that answer for it there, and in the last column the first level
that responds (in red when none of the three does).  Every row is one line,
so nothing can overlap; column widths come from the widest cell.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partygraph.draw._figure import finish
from partygraph.draw._lookup import divisions_by_id, require_division, short_name
from partygraph.draw._measure import HEADER, SMALL, report_context
from partygraph.draw._overlay import Overlay
from partygraph.draw._scene import Edge, Label, Node, Scene
from partygraph.errors import PartygraphError
from partygraph.model import Department, Division, Model
from partygraph.model.report import Report

__all__ = ["draw_whistle", "whistle_chain"]

_LEVELS = ("community", "subdistrict", "district")
_LEVEL_NAMES = {"community": "社区", "subdistrict": "街道", "district": "区"}
_COL_GAP = 14.0
_CELL_GAP = 4.0
_ROW_GAP = 3.0
_NO_RESPONSE = "无人响应"
_ROW_LINE = "#d9d9d9"


def whistle_chain(model: Model, community: str) -> list[Division]:
    """The divisions the whistle passes through: the community, its
    subdistrict and its county-level unit (those that exist).

    Examples
    --------
    >>> m = Model(divisions=[Division(id="k", name="城区", level="county"),
    ...     Division(id="s", name="南街道", level="subdistrict", parent="k"),
    ...     Division(id="m1", name="东风社区", level="community", parent="s")])
    >>> [d.name for d in whistle_chain(m, "m1")]
    ['东风社区', '南街道', '城区']
    """
    divisions = divisions_by_id(model)
    chain: list[Division] = []
    cur = divisions.get(community)
    while cur is not None and cur.level in ("community", "subdistrict", "county"):
        if cur in chain:
            break  # a cycle of parents (only in a model that was never validated)
        chain.append(cur)
        cur = divisions.get(cur.parent or "")
    return chain


def _default_community(model: Model) -> str:
    by_division: dict[str, int] = {}
    for d in model.departments:
        by_division[d.division] = by_division.get(d.division, 0) + 1
    ranked = [
        (-len([x for x in whistle_chain(model, d.id) if by_division.get(x.id)]), i)
        for i, d in enumerate(model.divisions)
        if d.level == "community"
    ]
    if not ranked:
        raise PartygraphError("the model has no community to draw the whistle routing of")
    return model.divisions[min(ranked)[1]].id


def draw_whistle(
    model: Model,
    *,
    community: str | None = None,
    report: Report | None = None,
    rules: Sequence[str] | None = None,
    coverage_rule: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    filepath: str | os.PathLike[str] | None = None,
) -> tuple[Figure, Axes]:
    """Draw the whistle routing of one community: which department answers
    each issue category at the community, subdistrict and district level.

    Parameters
    ----------
    model
        The model.
    community
        Id of the community whose chain is drawn (default: the first
        community with departments at the most levels of its chain).
    report
        A check report to overlay: divisions, departments and categories with
        error findings in red, with warnings in amber, coverage ratios on the
        divisions, and a legend.
    rules, coverage_rule
        Which findings mark boxes with a dot (rule ids or prefixes, ``["*"]``
        for all) and the rule whose coverage is written and whose findings
        fill boxes (``""``: no figure, ``rules`` fill); default: this layer's
        rules in :data:`partygraph.draw.LAYER_RULES`.
    ax, figsize, title, filepath
        As for :func:`partygraph.draw.draw_linkage`.

    Returns
    -------
    (fig, ax)
        The figure and the axes drawn in.

    Raises
    ------
    partygraph.errors.PartygraphError
        If ``community`` is not a community of the model, or the model has no
        issue categories.

    Examples
    --------
    >>> from partygraph.model import Department, Division, IssueCategory, Model
    >>> m = Model(divisions=[Division(id="s", name="南街道", level="subdistrict"),
    ...     Division(id="m1", name="东风社区", level="community", parent="s")],
    ...     issue_categories=[IssueCategory(id="env", name="环境卫生"),
    ...         IssueCategory(id="noise", name="噪音扰民")],
    ...     departments=[Department(id="d1", name="南街道城管办", level="subdistrict",
    ...         division="s", categories=["env"])])
    >>> fig, ax = draw_whistle(m)
    >>> [t.get_text() for t in ax.texts if t.get_text() in ("街道", "无人响应")]
    ['街道', '无人响应']
    """
    with report_context():
        if not model.issue_categories:
            raise PartygraphError("the model has no issue categories to route")
        overlay = Overlay(report, "whistle", rules=rules, coverage_rule=coverage_rule)
        cid = community if community is not None else _default_community(model)
        comm = require_division(model, cid, ["community"], "community")
        chain = whistle_chain(model, comm.id)
        scene = _scene(model, chain, overlay)
        overlay.legend(scene)
        row = overlay.row(comm.id)
        if row is not None:
            scene.legend.append(
                ("text", f"{comm.name}：{row.covered}/{row.total} 个事项类别有报到部门")
            )
        scene.legend.append(
            ("text", "按“社区吹哨—街道报到—区级部门报到”逐级上行，每类问题须在三级内有部门响应")
        )
        scene.add_title(title if title is not None else f"{comm.name} · 吹哨报到（三级响应）")
        return finish(scene, ax, figsize=figsize, filepath=filepath)


def _scene(model: Model, chain: list[Division], overlay: Overlay) -> Scene:
    return _Routing(model, chain, overlay).draw()


class _Routing:
    """The routing table of one chain: heads, category rows, level columns."""

    def __init__(self, model: Model, chain: list[Division], overlay: Overlay) -> None:
        self.overlay = overlay
        self.by_level = {("district" if d.level == "county" else d.level): d for d in chain}
        self.departments: dict[str, list[Department]] = {lv: [] for lv in _LEVELS}
        for dep in model.departments:
            div = self.by_level.get(dep.level)
            if div is not None and dep.division == div.id:
                self.departments[dep.level].append(dep)
        self.cats = model.issue_categories
        self.cells = {(c.id, lv): self._cell(c.id, lv) for c in self.cats for lv in _LEVELS}
        self.cat_nodes = [
            Node.box(c.name, "issue_category", c.id, severity=overlay.severity(c.id))
            for c in self.cats
        ]
        self.first = [
            next((_LEVEL_NAMES[lv] for lv in _LEVELS if self.cells[c.id, lv]), _NO_RESPONSE)
            for c in self.cats
        ]
        self.heads = {lv: self._head(lv) for lv in _LEVELS}
        self.scene = Scene()

    def _cell(self, cat: str, level: str) -> list[Node]:
        """The departments answering for a category at a level, as boxes."""
        prefix = self.by_level[level].name if level in self.by_level else ""
        return [
            Node.box(
                short_name(dep.name, prefix=prefix),
                "department",
                f"{dep.id}@{cat}",
                size=SMALL,
                severity=self.overlay.severity(dep.id),
            )
            for dep in self.departments[level]
            if cat in dep.categories
        ]

    def _head(self, level: str) -> Node:
        """The division at a level of the chain (dashed when the chain lacks it)."""
        div = self.by_level.get(level)
        if div is None:
            return Node.box(f"（无{_LEVEL_NAMES[level]}级）", "missing", None, dashed=True)
        text = f"{div.name}\n{_LEVEL_NAMES[level]}级部门 {len(self.departments[level])} 个"
        # the figure of this community's chain: a subdistrict's or county's
        # own figure counts all of its communities, not this chain
        cov = self.overlay.coverage(div.id) if level == "community" else None
        if cov:
            text += f" · {cov}"
        return Node.box(text, div.level, div.id, severity=self.overlay.severity(div.id))

    def _columns(self) -> dict[str, float]:
        """Left x of the category column, each level column and the result column."""
        widths = {
            lv: max(
                [self.heads[lv].w]
                + [
                    sum(n.w for n in ns) + _CELL_GAP * max(len(ns) - 1, 0)
                    for (_, level), ns in self.cells.items()
                    if level == lv
                ]
            )
            for lv in _LEVELS
        }
        x = {"community": max([n.w for n in self.cat_nodes] + [_width("问题类别")]) + _COL_GAP}
        x["community"] += 10.0
        x["subdistrict"] = x["community"] + widths["community"] + _COL_GAP + 10.0
        x["district"] = x["subdistrict"] + widths["subdistrict"] + _COL_GAP + 10.0
        x["result"] = x["district"] + widths["district"] + _COL_GAP
        return x

    def draw(self) -> Scene:
        x = self._columns()
        head_h = max(n.h for n in self.heads.values())
        for level in _LEVELS:
            n = self.heads[level]
            n.x, n.y = x[level] + n.w / 2, -head_h / 2
            self.scene.nodes.append(n)
        for a, b in itertools.pairwise(_LEVELS):
            start, end = self.heads[a].right + 2.0, x[b] - 2.0
            y = -head_h / 2
            self.scene.edges.append(Edge([(start, y), (end, y)], width=0.9, arrow=True))
            self.scene.labels.append(
                Label("吹哨", (start + end) / 2, y + 2.5, SMALL, "center", "bottom")
            )
        header_y = -head_h - 10.0
        self.scene.labels.append(Label("问题类别", 0.0, header_y, HEADER, "left", "top"))
        self.scene.labels.append(Label("首个响应", x["result"], header_y, HEADER, "left", "top"))
        bottom = self._rows(x, header_y - 1.6 * HEADER)
        for level in _LEVELS:  # a rule left of each level's column
            rule_x = x[level] - _COL_GAP / 2 - 5.0
            self.scene.edges.append(
                Edge([(rule_x, header_y), (rule_x, bottom)], colour=_ROW_LINE, width=0.5)
            )
        return self.scene

    def _rows(self, x: dict[str, float], top: float) -> float:
        """One row per category from ``top``; returns the y of the bottom."""
        boxes = [*self.cat_nodes, *(c for ns in self.cells.values() for c in ns)]
        pitch = max(n.h for n in boxes) + _ROW_GAP
        y = top
        for cat, node, answer in zip(self.cats, self.cat_nodes, self.first, strict=True):
            cy = y - pitch / 2
            node.x, node.y = node.w / 2, cy
            self.scene.nodes.append(node)
            self.scene.edges.append(
                Edge([(node.right, cy), (x["result"] - 4.0, cy)], colour=_ROW_LINE, width=0.5)
            )
            for level in _LEVELS:
                cx = x[level]
                for n in self.cells[cat.id, level]:
                    n.x, n.y = cx + n.w / 2, cy
                    self.scene.nodes.append(n)
                    cx += n.w + _CELL_GAP
            colour = "#a93226" if answer == _NO_RESPONSE else "#1a1a1a"
            self.scene.labels.append(
                Label(answer, x["result"], cy, SMALL, "left", "center", colour)
            )
            y -= pitch
        return y


def _width(text: str) -> float:
    return Label(text, 0, 0, HEADER).extent()[2]
