# Over 400 lines: the scene as data and its drawing belong together (the legend is most of it).
"""The 10-minute service circle 10分钟便民服务圈 on a map: ``draw --layer service --circle``.

Unlike the other diagrams (boxes laid out by label size), this one is drawn on
the coordinates: the doorstep service sites by level, each site's circle (the
straight-line distance reachable in the limit: minutes × speed ÷ detour
factor), and the compounds, those outside the circle in the finding's severity
colour.  The numbers are :func:`partygraph.rules.circle.service_circle`'s, the
same the check uses; the caption names the method and the frame.  What is
drawn is first collected as data (:func:`circle_scene`), so tests and callers
can read which compound is outside and each circle's radius without pixels.
With a road network the circles are still the straight-line reach (a guide
for the eye), and a compound is coloured by its road minutes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch

from partygraph.draw._figure import new_figure
from partygraph.draw._lookup import short_name
from partygraph.draw._measure import report_context
from partygraph.draw._output import save_figure
from partygraph.draw.fonts import A4_LANDSCAPE
from partygraph.draw.style import SEVERITY_STYLE, TEXT_COLOUR
from partygraph.errors import PartygraphError
from partygraph.i18n import language, tr
from partygraph.model import Model
from partygraph.model.report import Report
from partygraph.rules.circle import ServiceCircle, service_circle
from partygraph.rules.network import Network
from partygraph.vocabulary import SEVERITY_LABELS

__all__ = ["CIRCLE_RULE", "CirclePoint", "CircleScene", "circle_scene", "draw_service_circle"]

#: The rule whose findings (and severity) mark a compound outside the circle.
CIRCLE_RULE = "compound.service_circle"
#: Marker, size and colour of each doorstep site level, biggest first.
_SITE_STYLE: dict[str, tuple[str, float, str]] = {
    "community": ("s", 42.0, "#1f4e79"),
    "area": ("D", 30.0, "#2e86c1"),
    "compound": ("^", 22.0, "#5b8f3a"),
}
_CIRCLE_COLOUR = "#2e6da4"
_INSIDE_COLOUR = "#7f8c8d"
#: Past these counts in view, names would cover the map: only the marks are drawn.
_NAMED_SITES, _NAMED_COMPOUNDS = 40, 25
#: Fill and edge of a compound outside, and the legend's word, by severity.
_SEVERITY: dict[str, tuple[str, str]] = dict(SEVERITY_STYLE)
_LABELS: dict[str, str] = {str(k): v for k, v in SEVERITY_LABELS.items()}


@dataclass(frozen=True)
class CirclePoint:
    """One compound or site as drawn: plane metres, and what marks it."""

    id: str
    name: str
    x: float
    y: float
    #: A compound: its walking minutes (NaN unknown) and whether it is inside.
    minutes: float = float("nan")
    inside: bool = True
    #: A compound outside: the severity of its finding; a site: its level.
    severity: str | None = None
    level: str | None = None
    #: A site: its circle's radius in metres.
    radius: float = 0.0


@dataclass
class CircleScene:
    """Everything the map draws, in plane metres (:mod:`partygraph.rules.circle`)."""

    circle: ServiceCircle
    compounds: list[CirclePoint] = field(default_factory=list)
    sites: list[CirclePoint] = field(default_factory=list)
    #: (x0, y0, x1, y1) in view: the scope's compounds and sites with a margin.
    view: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    title: str = ""
    caption: str = ""

    @property
    def outside(self) -> list[str]:
        """Ids of the compounds drawn as outside the circle."""
        return [c.id for c in self.compounds if not c.inside]


def _severity(report: Report | None) -> tuple[str, dict[str, str]]:  # severities as text
    """The rule's severity, and each compound's finding's (from ``report``)."""
    from partygraph.rules.loader import load_pack

    declared = next(
        r.rule.severity for r in load_pack("yangjiang").rules if r.rule.id == CIRCLE_RULE
    )
    if report is None:
        return str(declared), {}
    found = {f.node.id: str(f.severity) for f in report.findings if f.rule == CIRCLE_RULE}
    return str(declared), found


def circle_scene(
    model: Model,
    *,
    scope: str | None = None,
    report: Report | None = None,
    params: dict[str, Any] | None = None,
    network: str | os.PathLike[str] | Network | None = None,
    title: str | None = None,
) -> CircleScene:
    """What :func:`draw_service_circle` draws, as data.

    The circle is computed on the whole model (a compound near a boundary may
    walk to a site across it); ``scope`` (a division id) only zooms the view
    to the compounds and sites under it.
    """
    circle = service_circle(model, params, network=network)
    declared, found = _severity(report)
    in_scope = _ids_under(model, scope)
    scene = CircleScene(circle)
    for i, c in enumerate(circle.compounds):
        x, y = circle.compound_xy[i]
        if not np.isfinite([x, y]).all():
            continue
        inside = (
            bool(circle.inside[i]) if report is None or not circle.known[i] else c.id not in found
        )
        scene.compounds.append(
            CirclePoint(
                c.id,
                c.name,
                float(x),
                float(y),
                float(circle.minutes[i]),
                inside,
                None if inside else found.get(c.id, declared),
            )
        )
    for j, s in enumerate(circle.sites):
        x, y = circle.site_xy[j]
        if np.isfinite([x, y]).all():
            scene.sites.append(
                CirclePoint(
                    s.id,
                    _site_name(s.name),
                    float(x),
                    float(y),
                    level=s.level,
                    radius=circle.radius_m,
                )
            )
    scene.view = _view(scene, in_scope)
    where = "" if scope is None else f" · {next(d.name for d in model.divisions if d.id == scope)}"
    scene.title = title if title is not None else tr("draw.circle_title", name=model.name) + where
    outside = [p for p in scene.compounds if not p.inside and _seen(p, scene.view)]
    seen = [p for p in scene.compounds if _seen(p, scene.view)]
    scene.caption = tr(
        "draw.circle_caption",
        method=circle.method,
        radius=f"{circle.radius_m:,.0f}",
        frame=circle.frame,
        outside=len(outside),
        total=len(seen),
    )
    return scene


def _site_name(name: str) -> str:
    return short_name(name, suffixes=["党群服务中心", "党群服务站"])


def _ids_under(model: Model, scope: str | None) -> set[str] | None:
    if scope is None:
        return None
    if scope not in {d.id for d in model.divisions}:
        raise PartygraphError(tr("draw.circle_scope", scope=scope))
    sub = model.subtree(scope)
    return {c.id for c in sub.compounds} | {s.id for s in sub.service_centres}


def _view(scene: CircleScene, ids: set[str] | None) -> tuple[float, float, float, float]:
    points = [p for p in (*scene.compounds, *scene.sites) if ids is None or p.id in ids]
    if not points:
        raise PartygraphError(tr("draw.circle_nothing"))
    xs, ys = [p.x for p in points], [p.y for p in points]
    margin = scene.circle.radius_m * 0.6
    return min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin


def _seen(p: CirclePoint, view: tuple[float, float, float, float]) -> bool:
    return view[0] <= p.x <= view[2] and view[1] <= p.y <= view[3]


def draw_service_circle(
    model: Model,
    *,
    scope: str | None = None,
    report: Report | None = None,
    params: dict[str, Any] | None = None,
    network: str | os.PathLike[str] | Network | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    filepath: str | os.PathLike[str] | None = None,
) -> tuple[Figure, Axes]:
    """Draw the 10-minute service circle on the compounds' and sites' coordinates.

    Parameters
    ----------
    model
        The model (compounds and service centres with ``x`` / ``y``).
    scope
        A division id: the view zooms to the compounds and sites under it.
    report
        A check report: a compound is outside where it has a finding of
        ``compound.service_circle``, in that finding's severity colour.
    params
        Overrides of the yangjiang pack's ``service_circle_minutes``,
        ``walking_speed_kmh`` and ``detour_factor``.
    network
        A walking graph (GraphML saved by osmnx) for road minutes.
    ax, figsize, title, filepath
        As for :func:`partygraph.draw.draw_linkage`.

    Examples
    --------
    >>> from partygraph.model import Compound, Division, Model, ServiceCentre
    >>> m = Model(divisions=[Division(id="k", name="社区", level="community")],
    ...     compounds=[Compound(id="a", name="甲小区", community="k", x=900, y=0)],
    ...     service_centres=[ServiceCentre(id="s", name="社区中心", level="community",
    ...                      division="k", x=0, y=0)])
    >>> fig, ax = draw_service_circle(m)
    >>> [p.get_gid() for p in ax.patches]
    ['s@circle']
    """
    with report_context():
        scene = circle_scene(
            model, scope=scope, report=report, params=params, network=network, title=title
        )
        if ax is None:
            fig, ax = new_figure(figsize or A4_LANDSCAPE)
            ax.set_position((0.07, 0.13, 0.68, 0.8))  # the legend on the right, the caption below
        else:
            root = ax.get_figure(root=True)
            if root is None:
                raise PartygraphError(
                    "the axes given belongs to no figure; create it with a figure"
                )
            fig = root
        _draw(scene, ax)
        if filepath is not None:
            save_figure(fig, filepath)
        return fig, ax


def _draw(scene: CircleScene, ax: Axes) -> None:
    x0, y0, x1, y1 = scene.view
    for s in scene.sites:
        ax.add_patch(
            Circle(
                (s.x, s.y),
                s.radius,
                facecolor=_CIRCLE_COLOUR,
                alpha=0.08,
                edgecolor=_CIRCLE_COLOUR,
                linewidth=0.6,
                gid=f"{s.id}@circle",
            )
        )
    inside = [c for c in scene.compounds if c.inside]
    ax.scatter([c.x for c in inside], [c.y for c in inside], s=7, color=_INSIDE_COLOUR, zorder=3)
    for severity in _outside_severities(scene):
        out = [c for c in scene.compounds if not c.inside and c.severity == severity]
        fill, edge = _SEVERITY.get(severity, _SEVERITY["warning"])
        ax.scatter(
            [c.x for c in out],
            [c.y for c in out],
            s=26,
            color=fill,
            edgecolors=edge,
            linewidths=0.9,
            zorder=4,
        )
    for level, (marker, size, colour) in _SITE_STYLE.items():
        at = [s for s in scene.sites if s.level == level]
        ax.scatter(
            [s.x for s in at],
            [s.y for s in at],
            s=size,
            marker=marker,
            color=colour,
            edgecolors="white",
            linewidths=0.5,
            zorder=5,
        )
    _names(scene, ax)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.tick_params(labelsize=7, colors="#6b6b6b")
    ax.set_xlabel(tr("draw.circle_axis", axis="x"), fontsize=8, color="#6b6b6b")
    ax.set_ylabel(tr("draw.circle_axis", axis="y"), fontsize=8, color="#6b6b6b")
    ax.set_title(scene.title, fontsize=13, loc="left", color=TEXT_COLOUR)
    ax.legend(
        handles=_legend(scene),
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        frameon=False,
    )
    root = ax.get_figure(root=True)
    if root is not None:
        root.text(0.07, 0.02, scene.caption, fontsize=8, color="#4d4d4d", wrap=True)


def _names(scene: CircleScene, ax: Axes) -> None:
    """Names where they fit: the sites and the compounds outside, when few are in view."""
    sites = [s for s in scene.sites if _seen(s, scene.view)]
    if len(sites) <= _NAMED_SITES:
        for s in sites:
            ax.annotate(
                s.name,
                (s.x, s.y),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize=6.5,
                color=_SITE_STYLE[s.level or "community"][2],
            )
    outside = [c for c in scene.compounds if not c.inside and _seen(c, scene.view)]
    if len(outside) <= _NAMED_COMPOUNDS:
        for c in outside:
            ax.annotate(
                tr("draw.circle_compound", name=c.name, minutes=_minutes(c.minutes)),
                (c.x, c.y),
                xytext=(4, -9),
                textcoords="offset points",
                fontsize=6.5,
                color=_SEVERITY.get(str(c.severity), _SEVERITY["warning"])[1],
            )


def _outside_severities(scene: CircleScene) -> list[str]:
    return sorted({c.severity for c in scene.compounds if not c.inside and c.severity})


def _minutes(value: float) -> str:
    return "∞" if value == np.inf else f"{value:.1f}"


def _legend(scene: CircleScene) -> list[Any]:
    handles: list[Any] = []
    for level, (marker, size, colour) in _SITE_STYLE.items():
        count = sum(s.level == level and _seen(s, scene.view) for s in scene.sites)
        if count:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=marker,
                    linestyle="",
                    color=colour,
                    markersize=size**0.5,
                    label=tr(f"draw.circle_site_{level}", count=count),
                )
            )
    radius = f"{scene.circle.radius_m:,.0f}"
    handles.append(
        Patch(
            facecolor=_CIRCLE_COLOUR,
            alpha=0.25,
            edgecolor=_CIRCLE_COLOUR,
            label=tr("draw.circle_reach", radius=radius),
        )
    )
    inside = sum(c.inside and _seen(c, scene.view) for c in scene.compounds)
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color=_INSIDE_COLOUR,
            markersize=3,
            label=tr("draw.circle_inside", count=inside),
        )
    )
    for severity in _outside_severities(scene):
        fill, edge = _SEVERITY.get(severity, _SEVERITY["warning"])
        count = sum(
            c.severity == severity and not c.inside and _seen(c, scene.view)
            for c in scene.compounds
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color=fill,
                markeredgecolor=edge,
                markersize=5,
                label=tr(
                    "draw.circle_outside",
                    count=count,
                    severity=_LABELS.get(severity, severity) if language() == "zh" else severity,
                ),
            )
        )
    return handles
