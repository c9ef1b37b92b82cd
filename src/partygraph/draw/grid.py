"""One community's party-building grid 四级党建网格: community → residents'
groups → grids → households, with grid leaders and central households.

Layout: a left-to-right tidy tree (community, residents' groups, grids) whose
grid rows end in a table-like strip: the grid leader 网格长, the households
(one box each when a grid has few, else one box with the count), and the
party-member central households 党员中心户 with the number of households each
is linked to, wrapped onto further lines when a grid has many.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partygraph.draw._figure import finish
from partygraph.draw._lookup import person_names, require_division, short_name
from partygraph.draw._measure import SMALL, report_context
from partygraph.draw._overlay import Overlay
from partygraph.draw._scene import Node, Scene
from partygraph.draw._tree import TreeItem, layout_lr
from partygraph.errors import PartygraphError
from partygraph.model import Grid, Model
from partygraph.model.report import Report

__all__ = ["draw_grid"]

#: Central households per strip line before wrapping to the next.
_CH_PER_LINE = 5
_SLOT_LEADER, _SLOT_HOUSEHOLDS = 0, 1


def _default_community(model: Model) -> str:
    """The first community with grids (households preferred)."""
    hh = model.population["households"]
    with_households = set(np.unique(hh["community"]).tolist()) if len(hh) else set()
    gridded = {g.community for g in model.grids}
    ranked = [
        (i not in with_households, d.id not in gridded, i)
        for i, d in enumerate(model.divisions)
        if d.level == "community"
    ]
    if not ranked:
        raise PartygraphError("the model has no community to draw the grid of")
    return model.divisions[min(ranked)[2]].id


def draw_grid(
    model: Model,
    *,
    community: str | None = None,
    max_households: int = 6,
    report: Report | None = None,
    rules: Sequence[str] | None = None,
    coverage_rule: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    filepath: str | os.PathLike[str] | None = None,
) -> tuple[Figure, Axes]:
    """Draw one community's party-building grid 网格 down to its households.

    Parameters
    ----------
    model
        The model.
    community
        Id of the community (default: the first community that has households
        in the population tables, else the first with grids).
    max_households
        A grid with at most this many households shows each household; a
        larger one shows the count (``住户 180 户``).
    report
        A check report to overlay: nodes with error findings in red, with
        warnings in amber, coverage ratios on the community, residents' groups
        and grids, and a legend.  A box of households takes the worst severity
        among them.
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
        If ``community`` is not a community of the model.

    Examples
    --------
    >>> from partygraph.model import Division, Grid, Model
    >>> m = Model(divisions=[Division(id="m1", name="东风社区", level="community"),
    ...     Division(id="r1", name="第一居民小组", level="residents_group", parent="m1")],
    ...     grids=[Grid(id="g1", name="东风社区第一网格", community="m1", residents_group="r1")])
    >>> fig, ax = draw_grid(m, community="m1")
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "g1:label"]
    ['第一网格']
    """
    with report_context():
        overlay = Overlay(report, "grid", rules=rules, coverage_rule=coverage_rule)
        cid = community if community is not None else _default_community(model)
        comm = require_division(model, cid, ["community"], "community")
        scene = Scene()
        root = _tree(model, comm.id, max_households, overlay)
        if root.children:
            layout_lr(
                [root],
                scene,
                headers=["社区", "居民小组", "网格"],
                strip_headers=[
                    (_SLOT_LEADER, "网格长"),
                    (_SLOT_HOUSEHOLDS, "住户"),
                    (_SLOT_HOUSEHOLDS + max_households, "党员中心户（联系户数）"),
                ],
            )
        else:  # an empty diagram says so rather than show a lone box
            text = f"{comm.name}：无居民小组、无网格、无住户"
            scene.nodes.append(Node.box(text, "missing", comm.id, dashed=True))
        overlay.legend(scene)
        scene.legend.append(("missing", "虚线框：空缺（无网格长 / 未入网格）"))
        scene.add_title(
            title if title is not None else f"{comm.name} · 党建网格（社区—居民小组—网格—户）"
        )
        return finish(scene, ax, figsize=figsize, filepath=filepath)


def _tree(model: Model, cid: str, max_households: int, overlay: Overlay) -> TreeItem:
    return _GridTree(model, cid, max_households, overlay).root()


class _GridTree:
    """Builds the tree of one community: groups, grids and their strips."""

    def __init__(self, model: Model, cid: str, max_households: int, overlay: Overlay) -> None:
        self.model, self.overlay, self.max_households = model, overlay, max_households
        self.comm = next(d for d in model.divisions if d.id == cid)
        self.div_code = {d.id: i for i, d in enumerate(model.divisions)}
        self.grid_code = {g.id: i for i, g in enumerate(model.grids)}
        self.groups = [
            d for d in model.divisions if d.parent == cid and d.level == "residents_group"
        ]
        self.grids = [g for g in model.grids if g.community == cid]
        self.chs = [c for c in model.central_households if c.community == cid]
        self.hh = model.population["households"]
        self.in_comm = self.hh["community"] == self.div_code[cid]
        links = model.population["central_household_links"]
        self.ch_code = {c.id: i for i, c in enumerate(model.central_households)}
        self.linked = Counter(links["central_household"].tolist())
        self.names = person_names(model, [g.leader for g in self.grids])
        self.branches = {o.grid for o in model.party_orgs if o.grid is not None}

    def box(self, text: str, kind: str, node_id: str) -> Node:
        """A hierarchy box, with its coverage as a second line."""
        cov = self.overlay.coverage(node_id)
        text = f"{text}\n{cov}" if cov else text
        return Node.box(text, kind, node_id, severity=self.overlay.severity(node_id))

    def households(self, mask: npt.NDArray[np.bool_], key: str, *, missing: bool) -> list[Node]:
        """Each household as a box when few, else one box with the count."""
        ids = [str(x) for x in self.hh["id"][mask]]
        if not ids:
            return []
        if len(ids) <= self.max_households and not missing:
            sev = self.overlay.severity
            return [Node.box(i, "household", i, size=SMALL, severity=sev(i)) for i in ids]
        return [
            Node.box(
                f"未入网格 {len(ids)} 户" if missing else f"住户 {len(ids)} 户",
                "missing" if missing else "count",
                f"{key}@households",
                size=SMALL,
                severity=self.overlay.worst(ids, f"{key}@households"),
                dashed=missing,
            )
        ]

    def grid_item(self, g: Grid) -> TreeItem:
        text = short_name(g.name, prefix=self.comm.name)
        item = TreeItem(
            self.box(text + ("\n网格党支部" if g.id in self.branches else ""), "grid", g.id), 2
        )
        if g.leader:
            leader = Node.box(
                f"网格长 {self.names[g.leader]}",
                "person",
                f"{g.leader}@{g.id}",
                size=SMALL,
                severity=self.overlay.severity(g.leader),
            )
        else:
            leader = Node.box("网格长 空缺", "missing", None, size=SMALL, dashed=True)
        item.strip.append((_SLOT_LEADER, 0, leader))
        mask = self.in_comm & (self.hh["grid"] == self.grid_code[g.id])
        for k, n in enumerate(self.households(mask, g.id, missing=False)):
            item.strip.append((_SLOT_HOUSEHOLDS + k, 0, n))
        first_ch = _SLOT_HOUSEHOLDS + self.max_households
        for k, c in enumerate(c for c in self.chs if c.grid == g.id):
            name = short_name(c.name, suffixes=["党员中心户", "中心户"])
            n = Node.box(
                f"{name} · {self.linked[self.ch_code[c.id]]}户",
                "central_household",
                c.id,
                size=SMALL,
                severity=self.overlay.severity(c.id),
            )
            item.strip.append((first_ch + k % _CH_PER_LINE, k // _CH_PER_LINE, n))
        return item

    def root(self) -> TreeItem:
        root = TreeItem(self.box(self.comm.name, "community", self.comm.id), 0)
        group_ids = {x.id for x in self.groups}
        no_grid = self.in_comm & (self.hh["grid"] < 0)
        for grp in self.groups:
            item = TreeItem(self.box(grp.name, "residents_group", grp.id), 1)
            item.children = [self.grid_item(g) for g in self.grids if g.residents_group == grp.id]
            mask = no_grid & (self.hh["residents_group"] == self.div_code[grp.id])
            item.children += [TreeItem(n, 2) for n in self.households(mask, grp.id, missing=True)]
            root.children.append(item)
        root.children += [
            self.grid_item(g) for g in self.grids if g.residents_group not in group_ids
        ]
        loose = no_grid & (self.hh["residents_group"] < 0)
        root.children += [
            TreeItem(n, 2) for n in self.households(loose, self.comm.id, missing=True)
        ]
        for c in self.chs:
            if c.grid is None:
                n = Node.box(
                    f"{c.name}（未编入网格）",
                    "central_household",
                    c.id,
                    size=SMALL,
                    severity=self.overlay.severity(c.id),
                    dashed=True,
                )
                root.children.append(TreeItem(n, 2))
        return root
