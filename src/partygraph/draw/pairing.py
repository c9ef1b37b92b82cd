"""Unit registration 单位双报到: municipal units paired with communities 挂点社区,
with the three lists 三清单 (the unit's resources and projects, the
community's needs).

Layout: a bipartite drawing read as a table.  One row per pairing: the unit,
then the three lists as counts in columns (with how many needs the unit's
resources match, and whether the agreement is signed), then the community, drawn
once across all its rows, then the subdistrict across its communities.  Rows
are ordered by subdistrict and community, so no two edges cross.  When the
rows are too many for one column of the page they are split into side-by-side
blocks at community boundaries, the number of blocks chosen to make the
diagram as large as the page allows.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partygraph.draw._figure import best_scale, finish
from partygraph.draw._lookup import divisions_by_id, require_division, short_name
from partygraph.draw._measure import HEADER, SMALL, measure, report_context
from partygraph.draw._overlay import Overlay
from partygraph.draw._scene import Edge, Label, Node, Scene
from partygraph.errors import PartygraphError
from partygraph.model import Division, Model, Pairing
from partygraph.model.report import Report

__all__ = ["draw_pairing", "matched_needs"]

_COL_GAP = 12.0
_ROW_GAP = 1.5
_GROUP_GAP = 4.0  # between communities
_BLOCK_GAP = 26.0
_HEADERS = ("市直单位", "", "挂点社区", "街道")


def matched_needs(pairing: Pairing) -> list[str]:
    """The community's needs that the unit lists among its resources.

    Examples
    --------
    >>> p = Pairing(id="p", name="财政局—东风社区", unit="u", community="c",
    ...     resources=["助学资金", "法律咨询"], needs=["助学资金", "老年助餐"])
    >>> matched_needs(p)
    ['助学资金']
    """
    have = set(pairing.resources)
    return [n for n in pairing.needs if n in have]


@dataclass
class _Row:
    pairing: Pairing
    community: Division
    subdistrict: Division | None


def _rows(model: Model, root: str | None) -> list[_Row]:
    divisions = divisions_by_id(model)
    order = {d.id: i for i, d in enumerate(model.divisions)}
    inside: set[str] | None = None
    if root is not None:
        top = require_division(
            model, root, ["city", "county", "subdistrict", "community"], "division"
        )
        inside = {top.id}
        for d in model.divisions:  # divisions list parents before children
            if d.parent in inside:
                inside.add(d.id)
    rows = []
    for p in model.pairings:
        comm = divisions.get(p.community)
        if comm is None or (inside is not None and comm.id not in inside):
            continue
        sd = divisions.get(comm.parent or "")
        rows.append(_Row(p, comm, sd))
    units = {u.id: u.name for u in model.units}
    rows.sort(
        key=lambda r: (
            order[r.subdistrict.id] if r.subdistrict else -1,
            order[r.community.id],
            units.get(r.pairing.unit, r.pairing.unit),
        )
    )
    return rows


#: The columns of the three lists, and what each shows for a pairing.
_LIST_COLUMNS = ("资源", "项目", "需求", "对接", "协议")


def _list_cells(p: Pairing) -> tuple[str, ...]:
    return (
        str(len(p.resources)),
        str(len(p.projects)),
        str(len(p.needs)),
        str(len(matched_needs(p))),
        "已签" if p.agreement_signed is not None else "未签",
    )


def _blocks(rows: list[_Row], k: int) -> list[list[_Row]]:
    """Split rows into at most ``k`` blocks at community boundaries."""
    target = math.ceil(len(rows) / k)
    blocks: list[list[_Row]] = [[]]
    for i, r in enumerate(rows):
        same = i > 0 and rows[i - 1].community.id == r.community.id
        if len(blocks[-1]) >= target and not same and len(blocks) < k:
            blocks.append([])
        blocks[-1].append(r)
    return blocks


class _Block:
    """One side-by-side block of rows, drawn from x ``left``."""

    def __init__(self, ctx: _Context, rows: list[_Row], left: float) -> None:
        self.ctx, self.rows, self.scene = ctx, rows, Scene()
        self.x_unit = left
        self.units = [ctx.unit_box(r) for r in rows]
        self.cells = [ctx.cell_box(r) for r in rows]
        self.pitch = max(n.h for n in self.units + self.cells) + _ROW_GAP
        unit_w = max(n.w for n in self.units)
        for n in self.units:
            n.w = unit_w  # one column of equal boxes reads as a table
        self.x_lists = left + unit_w + _COL_GAP
        self.x_comm = self.x_lists + ctx.cell_w * len(_LIST_COLUMNS) + _COL_GAP

    def draw(self) -> Scene:
        ys = self._row_ys()
        for unit, cell, r, y in zip(self.units, self.cells, self.rows, ys, strict=True):
            unit.x, unit.y = self.x_unit + unit.w / 2, y
            cell.x, cell.y = self.x_lists + cell.w / 2, y
            self.scene.edges.append(Edge([(unit.right, y), (cell.left, y)]))
            for j, value in enumerate(_list_cells(r.pairing)):
                colour = "#a93226" if value in ("0", "未签") and j >= 3 else "#1a1a1a"
                x = self.x_lists + self.ctx.cell_w * (j + 0.5)
                self.scene.labels.append(Label(value, x, y, SMALL, "center", "center", colour))
        self.scene.nodes += self.units + self.cells
        x_sd = self._communities()
        self._subdistricts(x_sd)
        for text, x in zip(_HEADERS, (self.x_unit, self.x_lists, self.x_comm, x_sd), strict=True):
            if text:
                self.scene.labels.append(Label(text, x, -0.2 * HEADER, HEADER, "left", "top"))
        for j, text in enumerate(_LIST_COLUMNS):
            x = self.x_lists + self.ctx.cell_w * (j + 0.5)
            self.scene.labels.append(Label(text, x, -0.2 * HEADER, HEADER, "center", "top"))
        return self.scene

    def _row_ys(self) -> list[float]:
        """Row centres; communities with several rows are set apart by a gap."""
        multi = {c for c, n in Counter(r.community.id for r in self.rows).items() if n > 1}
        y, ys = -2.0 * HEADER, []
        for i, r in enumerate(self.rows):
            prev = self.rows[i - 1].community.id if i else None
            if prev is not None and prev != r.community.id and {prev, r.community.id} & multi:
                y -= _GROUP_GAP
            ys.append(y - self.pitch / 2)
            y -= self.pitch
        return ys

    def _communities(self) -> float:
        """Community boxes across their rows; returns the x of the next column."""
        self.comm_nodes: list[tuple[_Row, Node]] = []
        spine = self.x_comm - _COL_GAP / 2
        for group in _group(list(zip(self.rows, self.cells, strict=True))):
            r = group[0][0]
            n = self.ctx.division_box(r.community, "community")
            n.y = (group[0][1].y + group[-1][1].y) / 2
            for _, cell in group:
                self.scene.edges.append(Edge([(cell.right, cell.y), (spine, cell.y)]))
            if len(group) > 1:
                self.scene.edges.append(Edge([(spine, group[0][1].y), (spine, group[-1][1].y)]))
            self.scene.edges.append(Edge([(spine, n.y), (self.x_comm, n.y)]))
            self.comm_nodes.append((r, n))
        width = max(n.w for _, n in self.comm_nodes)
        for _, n in self.comm_nodes:
            n.x = self.x_comm + n.w / 2
        self.scene.nodes += [n for _, n in self.comm_nodes]
        return self.x_comm + width + _COL_GAP

    def _subdistricts(self, x_sd: float) -> None:
        """A bracket and a box for each run of communities of one subdistrict."""
        runs: list[tuple[Division | None, list[Node]]] = []
        for r, n in self.comm_nodes:
            if runs and runs[-1][0] is r.subdistrict:
                runs[-1][1].append(n)
            else:
                runs.append((r.subdistrict, [n]))
        for sd, members in runs:
            if sd is None:
                continue
            n = self.ctx.division_box(sd, "subdistrict")
            y0, y1 = members[0].top, members[-1].bottom
            n.x, n.y = x_sd + 4.0 + n.w / 2, (y0 + y1) / 2
            self.scene.nodes.append(n)
            self.scene.edges.append(Edge([(x_sd, y0), (x_sd, y1)], width=0.9))
            self.scene.edges.append(Edge([(x_sd, n.y), (n.left, n.y)], width=0.9))


class _Context:
    """What every block needs: names, the overlay, and occurrence counts for gids."""

    def __init__(self, model: Model, rows: list[_Row], overlay: Overlay) -> None:
        self.units = {u.id: u for u in model.units}
        self.city = next((d.name for d in model.divisions if d.level == "city"), "")
        self.unit_uses = Counter(r.pairing.unit for r in rows)
        self.overlay = overlay
        self.seen: Counter[str] = Counter()
        paired = {r.community.id for r in rows}
        self.unpaired: dict[str, list[str]] = {}
        for d in model.divisions:
            if d.level == "community" and d.parent and d.id not in paired:
                self.unpaired.setdefault(d.parent, []).append(d.id)
        self.cell_w = max(measure(t, SMALL)[0] for t in (*_LIST_COLUMNS, "未签", "00"))
        self.cell_w += 0.9 * SMALL

    def unit_box(self, r: _Row) -> Node:
        p = r.pairing
        unit = self.units.get(p.unit)
        return Node.box(
            short_name(unit.name, prefix=self.city) if unit else p.unit,
            "municipal",
            p.unit if self.unit_uses[p.unit] == 1 else f"{p.unit}@{p.id}",
            size=SMALL,
            severity=self.overlay.severity(p.unit),
            ha="left",
        )

    def cell_box(self, r: _Row) -> Node:
        """An empty box behind the list counts (the counts are labels on it)."""
        box = Node.box("0", "pairing", r.pairing.id, size=SMALL)
        box.text, box.w = "", self.cell_w * len(_LIST_COLUMNS)
        box.severity = self.overlay.severity(r.pairing.id)
        return box

    def division_box(self, d: Division, kind: str) -> Node:
        """A community or subdistrict box; a subdistrict counts its unpaired
        communities and takes their worst severity."""
        cov = self.overlay.coverage(d.id)
        text = f"{d.name} {cov.removeprefix('覆盖 ')}" if cov else d.name
        severity = self.overlay.severity(d.id)
        if kind == "subdistrict":
            unpaired = self.unpaired.get(d.id, [])
            if unpaired:
                text += f" · 未挂点 {len(unpaired)}"
            severity = self.overlay.worst([d.id, *unpaired])
        self.seen[d.id] += 1
        gid = d.id if self.seen[d.id] == 1 else f"{d.id}@{self.seen[d.id]}"
        return Node.box(text, kind, gid, size=SMALL, severity=severity)


def _scene(model: Model, rows: list[_Row], k: int, overlay: Overlay) -> Scene:
    scene = Scene()
    ctx = _Context(model, rows, overlay)
    left = 0.0
    for block in _blocks(rows, k):
        sub = _Block(ctx, block, left).draw()
        scene.nodes += sub.nodes
        scene.edges += sub.edges
        scene.labels += sub.labels
        left = sub.bounds()[2] + _BLOCK_GAP
    return scene


def _group(pairs: list[tuple[_Row, Node]]) -> list[list[tuple[_Row, Node]]]:
    """Consecutive (row, cell) pairs grouped by community."""
    out: list[list[tuple[_Row, Node]]] = []
    for pair in pairs:
        if out and out[-1][0][0].community.id == pair[0].community.id:
            out[-1].append(pair)
        else:
            out.append([pair])
    return out


def draw_pairing(
    model: Model,
    *,
    root: str | None = None,
    report: Report | None = None,
    rules: Sequence[str] | None = None,
    coverage_rule: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    filepath: str | os.PathLike[str] | None = None,
) -> tuple[Figure, Axes]:
    """Draw the pairing of municipal units and communities with the three lists.

    Parameters
    ----------
    model
        The model.
    root
        Id of a division: draw only the pairings of communities under it.
    report
        A check report to overlay: units, pairings, communities and
        subdistricts with error findings in red, with warnings in amber,
        coverage ratios on communities and subdistricts, and a legend.
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
        If ``root`` is not a division, or there is no pairing to draw.

    Examples
    --------
    >>> from partygraph.model import Division, Model, Pairing, Unit
    >>> m = Model(divisions=[Division(id="s", name="南街道", level="subdistrict"),
    ...     Division(id="m1", name="东风社区", level="community", parent="s")],
    ...     units=[Unit(id="u", name="市财政局", type="agency", municipal=True)],
    ...     pairings=[Pairing(id="p1", name="财政局—东风社区", unit="u", community="m1",
    ...         resources=["助学资金"], needs=["助学资金", "老年助餐"])])
    >>> fig, ax = draw_pairing(m)
    >>> [p.get_gid() for p in ax.patches]
    ['u', 'p1', 'm1', 's']
    """
    with report_context():
        rows = _rows(model, root)
        if not rows:
            where = f"under {root!r}" if root else "in the model"
            raise PartygraphError(f"no pairings {where} to draw; pairings are listed in `pairings`")
        overlay = Overlay(report, "pairing", rules=rules, coverage_rule=coverage_rule)
        best: Scene | None = None
        best_score = -1.0
        for k in range(1, min(4, len(rows)) + 1):
            scene = _scene(model, rows, k, overlay)
            _decorate(scene, model, rows, overlay, title)
            score = best_scale(scene, ax, figsize)
            if score > best_score * 1.05:  # more blocks only when clearly larger
                best, best_score = scene, score
        assert best is not None
        return finish(best, ax, figsize=figsize, filepath=filepath)


def _decorate(
    scene: Scene, model: Model, rows: list[_Row], overlay: Overlay, title: str | None
) -> None:
    overlay.legend(scene)
    paired = {r.community.id for r in rows}
    total = sum(1 for d in model.divisions if d.level == "community")
    units = len({r.pairing.unit for r in rows})
    scene.legend.append(
        ("text", "三清单：单位资源、项目与社区需求的项数；对接 = 需求中与该单位资源相同的项数")
    )
    if title is None:
        title = (
            f"{model.name} · 单位双报到与“三清单”"
            f"（{units} 个单位，挂点社区 {len(paired)} / {total} 个）"
        )
    scene.add_title(title)
