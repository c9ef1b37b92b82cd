"""The five-level service-centre matrix 五级党群服务中心矩阵: district →
subdistrict → community → area → compound station.

Layout: a left-to-right tidy tree with one column per level (a centre whose
parent skips a level still sits in its own level's column), so the tree reads
as the matrix.  One subdistrict is expanded down to its compound stations,
each community centre with its number of service items; every other
subdistrict centre shows the count of centres below it per level.  County-level
units without a district centre get a dashed placeholder, so the gap shows.
Column headers give the city-wide total per level.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partygraph.draw._figure import finish
from partygraph.draw._lookup import divisions_by_id, short_name
from partygraph.draw._measure import report_context
from partygraph.draw._overlay import Overlay
from partygraph.draw._scene import Node, Scene
from partygraph.draw._tree import TreeItem, layout_lr
from partygraph.errors import PartygraphError
from partygraph.model import SERVICE_LEVELS, Division, Model, ServiceCentre
from partygraph.model.report import Report

__all__ = ["draw_service"]

_HEADERS = {
    "district": "区级中心",
    "subdistrict": "街道中心",
    "community": "社区中心",
    "area": "区域中心",
    "compound": "小区党群服务站",
}
_SHORT = {
    "district": "区",
    "subdistrict": "街道",
    "community": "社区",
    "area": "区域",
    "compound": "小区站",
}


def _descendants(
    centre: ServiceCentre, below: dict[str, list[ServiceCentre]]
) -> list[ServiceCentre]:
    out: list[ServiceCentre] = []
    stack = list(below.get(centre.id, []))
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(below.get(c.id, []))
    return out


def _focus_centre(
    model: Model, subdistrict: str | None, below: dict[str, list[ServiceCentre]]
) -> ServiceCentre | None:
    centres = [c for c in model.service_centres if c.level == "subdistrict"]
    if subdistrict is None:
        return max(centres, key=lambda c: len(_descendants(c, below)), default=None)
    for c in centres:
        if subdistrict in (c.id, c.division):
            return c
    known = ", ".join(c.division or c.id for c in centres[:5])
    raise PartygraphError(
        f"no subdistrict service centre for {subdistrict!r}; give a subdistrict id"
        + (f" (e.g. {known})" if known else "")
    )


def draw_service(
    model: Model,
    *,
    subdistrict: str | None = None,
    report: Report | None = None,
    rules: Sequence[str] | None = None,
    coverage_rule: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    filepath: str | os.PathLike[str] | None = None,
    circle: bool = False,
) -> tuple[Figure, Axes]:
    """Draw the five-level service-centre matrix, one subdistrict expanded
    (with ``circle=True``, the 10-minute service circle on the coordinates:
    :func:`partygraph.draw.circle.draw_service_circle`, ``subdistrict`` zooming).

    Parameters
    ----------
    model
        The model.
    subdistrict
        Id of the subdistrict (or of its service centre) to expand down to the
        compound stations (default: the subdistrict centre with the most
        centres below it).  Other subdistricts show counts per level.
    report
        A check report to overlay: centres with error findings in red, with
        warnings in amber (a count box takes the worst severity below it),
        the coverage of the division of each district, subdistrict and
        community centre, and a legend.
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
        If ``subdistrict`` has no subdistrict service centre, or the model has
        no service centres.

    Examples
    --------
    >>> from partygraph.model import Division, Model, ServiceCentre
    >>> m = Model(divisions=[Division(id="k", name="城区", level="county", district=True),
    ...     Division(id="s", name="南街道", level="subdistrict", parent="k")],
    ...     service_centres=[ServiceCentre(id="kc", name="城区党群服务中心", level="district",
    ...         division="k"), ServiceCentre(id="sc", name="南街道党群服务中心",
    ...         level="subdistrict", division="s", parent="kc")])
    >>> fig, ax = draw_service(m)
    >>> sorted(p.get_gid() for p in ax.patches)
    ['kc', 'sc']
    """
    if circle:
        from partygraph.draw.circle import draw_service_circle

        return draw_service_circle(
            model, scope=subdistrict, report=report, ax=ax, figsize=figsize, title=title,
            filepath=filepath,
        )  # fmt: skip
    with report_context():
        if not model.service_centres:
            raise PartygraphError("the model has no service centres to draw")
        fold = {i.id: [c.id] for c in model.service_centres for i in c.items}
        overlay = Overlay(report, "service", rules=rules, coverage_rule=coverage_rule, fold=fold)
        scene = Scene()
        roots, focus = _tree(model, subdistrict, overlay)
        totals = Counter(c.level for c in model.service_centres)
        layout_lr(
            roots,
            scene,
            headers=[f"{_HEADERS[lv]} {totals[lv]}" for lv in SERVICE_LEVELS],
            row_gap=2.5,
            group_gap=6.0,
        )
        overlay.legend(scene)
        scene.legend.append(("count", "灰框：未展开街道以下各级中心数"))
        scene.legend.append(("missing", "虚线框：该县（市、区）无区级中心"))
        if title is None:
            where = f"（展开：{_label(focus)}）" if focus is not None else ""
            title = f"{model.name} · 五级党群服务中心矩阵{where}"
        scene.add_title(title)
        return finish(scene, ax, figsize=figsize, filepath=filepath)


def _label(centre: ServiceCentre) -> str:
    return short_name(centre.name, suffixes=["党群服务中心", "党群服务站"])


def _tree(
    model: Model, subdistrict: str | None, overlay: Overlay
) -> tuple[list[TreeItem], ServiceCentre | None]:
    centres = model.service_centres
    ids = {c.id for c in centres}
    level = {c.id: SERVICE_LEVELS.index(c.level) for c in centres}
    # a centre hangs below its parent only if the parent is a higher level
    # (always so in a loaded model): the tree then has no cycle and every
    # child sits in a column right of its parent
    nested = {c.id for c in centres if c.parent in ids and level[c.parent] < level[c.id]}
    below: dict[str, list[ServiceCentre]] = {}
    for c in centres:
        if c.id in nested and c.parent is not None:
            below.setdefault(c.parent, []).append(c)
    focus = _focus_centre(model, subdistrict, below)
    divisions = divisions_by_id(model)
    compounds = {x.id: x for x in model.compounds}

    def text(c: ServiceCentre) -> str:
        name = _label(c)
        if c.level == "area" and c.division in divisions:
            name = short_name(c.name, prefix=divisions[c.division].name)
            name = name.replace("党群服务中心", "中心")
        elif c.level == "compound" and c.compound in compounds:
            name = short_name(compounds[c.compound].name, suffixes=["党群服务站"])
        if c.level in ("community", "area", "compound"):
            name += f" · {len(c.items)}项"
        if c.level in ("area", "compound") or c.division is None:
            return name  # their division's coverage is on the community centre
        cov = overlay.coverage(c.division)
        return f"{name} · {cov}" if cov else name

    def item(c: ServiceCentre) -> TreeItem:
        rank = SERVICE_LEVELS.index(c.level)
        node = Node.box(text(c), "service_centre", c.id, severity=overlay.severity(c.id))
        out = TreeItem(node, rank)
        kids = below.get(c.id, [])
        if c.level == "subdistrict" and c is not focus and kids:
            under = _descendants(c, below)
            counts = Counter(d.level for d in under)
            summary = " · ".join(
                f"{_SHORT[lv]} {counts[lv]}" for lv in SERVICE_LEVELS if counts[lv]
            )
            count = Node.box(
                summary,
                "count",
                f"{c.id}@below",
                severity=overlay.worst((d.id for d in under), f"{c.id}@below"),
            )
            out.children.append(TreeItem(count, rank + 1))
        else:
            out.children = [item(k) for k in kids]
        return out

    roots: list[TreeItem] = []
    orphans: dict[str, list[ServiceCentre]] = {}
    for c in centres:
        if c.id in nested:
            continue
        county = _county_of(c, divisions)
        if c.level != "district" and county is not None:
            orphans.setdefault(county, []).append(c)
        else:
            roots.append(item(c))
    for county, members in orphans.items():
        placeholder = Node.box(
            f"{divisions[county].name} · 无区级中心", "missing", None, dashed=True
        )
        roots.append(TreeItem(placeholder, 0, [item(c) for c in members]))
    return roots, focus


def _county_of(c: ServiceCentre, divisions: dict[str, Division]) -> str | None:
    """The county-level division above a centre's division, if any."""
    cur = divisions.get(c.division or "")
    while cur is not None:
        if cur.level == "county":
            return cur.id
        cur = divisions.get(cur.parent or "")
    return None
