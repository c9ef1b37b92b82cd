"""Straight-line distances to the nearest site, for the 10-minute service circle.

Without a road network the honest method is the straight line times a detour
factor at a stated walking speed (the measure ``walking_minutes``; the
parameters ``walking_speed_kmh``, ``detour_factor`` and
``service_circle_minutes`` of the yangjiang pack).  The nearest site of
every point is found through a grid of square cells one circle radius wide:
a site within the radius of a point lies in the point's cell or one of its
eight neighbours, so those are all a point needs to look at; the few points
with no site that near are compared with every site.  Geographic
coordinates (longitude, latitude) are laid on a plane around their mean
latitude to find the nearest site, and its distance is then the haversine
distance.

Examples
--------
>>> import numpy as np
>>> points = np.array([[0.0, 0.0], [1000.0, 0.0], [np.nan, 0.0]])
>>> sites = np.array([[0.0, 300.0], [5000.0, 0.0]])
>>> nearest(points, sites, radius=833.0).round(1).tolist()
[300.0, 1044.0, nan]
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from partygraph.model.population import Array
from partygraph.vocabulary.space import EARTH_RADIUS_M

__all__ = ["haversine", "nearest", "nearest_site", "to_plane"]


def to_plane(lonlat: Array) -> Array:
    """Longitude and latitude in degrees as metres on a plane around their mean latitude.

    >>> to_plane(np.array([[0.0, 0.0], [0.001, 0.0]]))[1, 0].round(1)
    np.float64(111.2)
    """
    rad = np.radians(lonlat)
    lat0 = np.nanmean(rad[:, 1]) if np.isfinite(rad[:, 1]).any() else 0.0
    return np.column_stack([EARTH_RADIUS_M * rad[:, 0] * np.cos(lat0), EARTH_RADIUS_M * rad[:, 1]])


def haversine(a: Array, b: Array) -> Array:
    """Great-circle distances in metres between rows of ``a`` and ``b`` (degrees).

    >>> haversine(np.array([[111.98, 21.86]]), np.array([[111.99, 21.86]])).round(0)
    array([1032.])
    """
    lon1, lat1, lon2, lat2 = (np.radians(v) for v in (a[:, 0], a[:, 1], b[:, 0], b[:, 1]))
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    out: Array = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return out


def nearest(points: Array, sites: Array, *, radius: float, geographic: bool = False) -> Array:
    """The distance in metres from each point to its nearest site (NaN for a
    point without coordinates, or when no site has any).

    ``radius`` (metres) sizes the grid; the answer does not depend on it.
    """
    return nearest_site(points, sites, radius=radius, geographic=geographic)[0]


def nearest_site(
    points: Array, sites: Array, *, radius: float, geographic: bool = False
) -> tuple[Array, Array]:
    """The distance in metres from each point to its nearest site, and that
    site's row in ``sites`` (-1 where the distance is NaN), as :func:`nearest`.

    >>> d, i = nearest_site(np.array([[0.0, 0.0], [4000.0, 0.0]]),
    ...                     np.array([[0.0, 300.0], [5000.0, 0.0]]), radius=833.0)
    >>> d.tolist(), i.tolist()
    ([300.0, 1000.0], [0, 1])
    """
    out = np.full(points.shape[0], np.nan)
    rows = np.flatnonzero(np.isfinite(sites).all(axis=1))
    best = np.full(points.shape[0], -1)
    sites = sites[rows]
    known = np.isfinite(points).all(axis=1)
    if not sites.shape[0] or not known.any():
        return out, best
    p_plane, s_plane = points, sites
    if geographic:  # one plane for both, around their common mean latitude
        both = to_plane(np.vstack([points, sites]))
        p_plane, s_plane = both[: points.shape[0]], both[points.shape[0] :]
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, key in enumerate(np.floor(s_plane / radius).astype(np.int64).tolist()):
        cells[(key[0], key[1])].append(i)
    keys = np.floor(np.nan_to_num(p_plane) / radius).astype(np.int64).tolist()
    for i in np.flatnonzero(known).tolist():
        cx, cy = keys[i]
        near = [
            j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in cells.get((cx + dx, cy + dy), ())
        ]
        if near:
            d = np.hypot(*(s_plane[near] - p_plane[i]).T)
            k = int(np.argmin(d))
            if d[k] <= radius:
                best[i] = near[k]
    far = np.flatnonzero(known & (best < 0))
    for i in far.tolist():  # no site within the radius: every site
        best[i] = int(np.argmin(np.hypot(*(s_plane - p_plane[i]).T)))
    found = best >= 0
    if geographic:
        out[found] = haversine(points[found], sites[best[found]])
    else:
        out[found] = np.hypot(*(sites[best[found]] - points[found]).T)
    best[found] = rows[best[found]]  # back to the rows of the sites given
    return out, best
