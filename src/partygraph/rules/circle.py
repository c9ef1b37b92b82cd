"""The 10-minute service circle of a model, computed once for the check, the
drawing and the GeoJSON export: every compound's walking minutes to its
nearest doorstep site, which site that is, and the circle's radius.

Without a road network a walk is the straight line times ``detour_factor``
at ``walking_speed_kmh`` (:mod:`partygraph.rules.distance`), so a site's
circle on the map has the radius ``minutes × speed ÷ detour``.  With a road
network (:mod:`partygraph.rules.network`) a walk is the road's length at the
same speed, and no detour factor applies.  The parameters are the yangjiang
pack's (``service_circle_minutes``, ``walking_speed_kmh``, ``detour_factor``),
overridden by ``params``.

For the map every point is laid on one plane in metres: a local frame as it
is (km times 1,000); longitude and latitude by a local equirectangular
projection around the points' mean latitude, centred on their mean.

Examples
--------
>>> from partygraph.model import Compound, Division, Model, ServiceCentre
>>> m = Model(divisions=[Division(id="k", name="社区", level="community")],
...     compounds=[Compound(id="a", name="甲小区", community="k", x=576, y=0),
...                Compound(id="b", name="乙小区", community="k", x=0, y=705)],
...     service_centres=[ServiceCentre(id="s", name="社区中心", level="community",
...                      division="k", x=0, y=0)])
>>> c = service_circle(m)
>>> c.minutes.tolist(), c.inside.tolist(), round(c.radius_m, 1)
([9.0, 11.0], [True, False], 641.0)
>>> c.method
'直线距离 × 1.3，步行 5 km/h，10 分钟'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from partygraph.errors import PartygraphError
from partygraph.i18n import tr
from partygraph.model import Compound, Model, ServiceCentre
from partygraph.model.population import Array
from partygraph.rules.distance import nearest_site
from partygraph.rules.network import Network, read_network
from partygraph.vocabulary.space import (
    EARTH_RADIUS_M,
    GEOGRAPHIC,
    SERVICE_CIRCLE_LEVELS,
)

__all__ = ["PARAMS", "ServiceCircle", "circle_params", "round_minutes", "service_circle"]

#: The parameters the circle reads, with the yangjiang pack's values.
PARAMS = ("service_circle_minutes", "walking_speed_kmh", "detour_factor")


def circle_params(params: dict[str, Any] | None = None) -> dict[str, float]:
    """The yangjiang pack's circle parameters, overridden by ``params``.

    >>> circle_params({"walking_speed_kmh": 4})
    {'service_circle_minutes': 10.0, 'walking_speed_kmh': 4.0, 'detour_factor': 1.3}
    """
    from partygraph.rules.loader import load_pack

    pack = load_pack("yangjiang").params
    given = params or {}
    return {k: float(given.get(k, pack[k])) for k in PARAMS}


def round_minutes(exact: Array) -> Array:
    """Up to the next tenth of a minute: shown as written, and on the same side
    of any limit in tenths (10.01 minutes is 10.1, over 10; 10.0 is not).

    >>> round_minutes(np.array([10.0, 10.01, np.inf])).tolist()
    [10.0, 10.1, inf]
    """
    out: Array = np.ceil(np.round(exact * 10, 9)) / 10
    return out


@dataclass(frozen=True)
class ServiceCircle:
    """The circle of one model: compounds and doorstep sites, on one plane in metres."""

    compounds: list[Compound]
    sites: list[ServiceCentre]
    #: Rows of (x, y) in metres on the map's plane; NaN without coordinates.
    compound_xy: Array
    site_xy: Array
    #: Walking minutes up to the tenth (NaN: not known; inf: no road reaches a site).
    minutes: Array
    #: Row in :attr:`sites` of each compound's nearest site (-1: none).
    nearest: Array
    limit: float
    speed_kmh: float
    detour: float
    #: ``"straight"`` (straight line × detour) or ``"network"`` (roads).
    how: str
    crs: str

    @property
    def radius_m(self) -> float:
        """Straight-line metres reachable in the limit: minutes × speed ÷ detour."""
        return self.limit * self.speed_kmh * 1000 / 60 / self.detour

    @property
    def known(self) -> Array:
        """Compounds whose walk is known (they have coordinates, and a site does)."""
        out: Array = ~np.isnan(self.minutes)
        return out

    @property
    def inside(self) -> Array:
        """Compounds within the limit (a compound not :attr:`known` is not)."""
        out: Array = self.known & (self.minutes <= self.limit)
        return out

    @property
    def method(self) -> str:
        """How the minutes were found, as the caption and the report say it."""
        speed, limit = f"{self.speed_kmh:g}", f"{self.limit:g}"
        if self.how == "network":
            return tr("network.method_network", speed=speed, minutes=limit)
        return tr("network.method_straight", detour=f"{self.detour:g}", speed=speed, minutes=limit)

    @property
    def frame(self) -> str:
        """What the map's x and y are, for its caption."""
        if self.crs in GEOGRAPHIC:
            return tr(f"network.frame_{self.crs}")
        return tr("network.frame_local")


def service_circle(
    model: Model,
    params: dict[str, Any] | None = None,
    *,
    network: str | os.PathLike[str] | Network | None = None,
) -> ServiceCircle:
    """Walking minutes from every compound of ``model`` to its nearest doorstep site.

    ``network`` is a walking graph (a GraphML file saved by osmnx, or a
    :class:`~partygraph.rules.network.Network`) in the model's frame; without
    it a walk is the straight line times the detour factor.
    """
    p = circle_params(params)
    sites = [c for c in model.service_centres if c.level in SERVICE_CIRCLE_LEVELS]
    xy, site_xy = _xy(model.compounds), _xy(sites)
    crs = model.coordinates.crs
    geographic = crs in GEOGRAPHIC
    speed = p["walking_speed_kmh"] * 1000 / 60  # metres a minute
    detour = p["detour_factor"]
    radius = p["service_circle_minutes"] * speed / detour
    plane = _plane(xy, site_xy, geographic, model.coordinates.metres(1.0))
    if network is None:  # geographic: the haversine distance, as rules.distance says
        at, site_at = (xy, site_xy) if geographic else (plane(xy), plane(site_xy))
        metres, best = nearest_site(at, site_at, radius=radius, geographic=geographic)
        exact, how = metres * detour / speed, "straight"
    else:
        net = read_network(network) if not isinstance(network, Network) else network
        net = _network_on_plane(net, plane, geographic, model.coordinates.metres(1.0), network)
        metres, best = net.walks(plane(xy), plane(site_xy))
        exact, how = metres / speed, "network"
    return ServiceCircle(
        compounds=list(model.compounds),
        sites=sites,
        compound_xy=plane(xy),
        site_xy=plane(site_xy),
        minutes=round_minutes(exact),
        nearest=best,
        limit=p["service_circle_minutes"],
        speed_kmh=p["walking_speed_kmh"],
        detour=detour,
        how=how,
        crs=crs,
    )


def _xy(records: list[Any]) -> Array:
    """``x`` / ``y`` of each record as rows, NaN where one is missing."""
    rows = [[np.nan if r.x is None else r.x, np.nan if r.y is None else r.y] for r in records]
    return np.array(rows, dtype=float).reshape(-1, 2)


def _plane(xy: Array, site_xy: Array, geographic: bool, unit: float) -> Any:
    """The map's projection: metres on a local plane (see the module's note)."""
    if not geographic:
        return lambda a: a * unit
    both = np.vstack([xy, site_xy])
    known = both[np.isfinite(both).all(axis=1)]
    lon0, lat0 = (known.mean(axis=0) if known.shape[0] else np.zeros(2)).tolist()
    cos0 = np.cos(np.radians(lat0))

    def project(a: Array) -> Array:  # equirectangular around (lon0, lat0)
        d = np.radians(a - [lon0, lat0])
        out: Array = EARTH_RADIUS_M * np.column_stack([d[:, 0] * cos0, d[:, 1]])
        return out

    return project


def _network_on_plane(
    net: Network, plane: Any, geographic: bool, unit: float, where: Any
) -> Network:
    if not net.xy.shape[0]:
        raise PartygraphError(tr("network.empty", path=where))
    if geographic:
        low, high = float(net.xy[:, 0].min()), float(net.xy[:, 0].max())
        if low < -180 or high > 180:
            raise PartygraphError(tr("network.frame", path=where, low=f"{low:g}", high=f"{high:g}"))
    return net.on_plane(plane)
