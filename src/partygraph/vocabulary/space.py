"""Where things are: the coordinates of compounds and service centres, and the
10-minute service circle 10分钟便民服务圈.

A model says how its ``x`` / ``y`` are written in its ``coordinates:`` block:
``unit`` (``m`` or ``km``) for a local plane, or a geographic ``crs``
(``wgs84``, ``gcj02``: ``x`` the longitude, ``y`` the latitude, in degrees,
distances by the haversine formula).  GCJ-02 (the offset frame of Chinese
web maps) differs from WGS-84 by a few hundred metres at most, the same for
points a walk apart, so distances need no conversion between the two.

Examples
--------
>>> COORDINATE_UNITS, CRS
(('m', 'km'), ('local', 'wgs84', 'gcj02'))
>>> SERVICE_CIRCLE_LEVELS
('community', 'area', 'compound')
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "COORDINATE_UNITS",
    "CRS",
    "CRS_LABELS",
    "EARTH_RADIUS_M",
    "GEOGRAPHIC",
    "SERVICE_CIRCLE_LEVELS",
    "CoordinateUnit",
    "Crs",
]

CoordinateUnit = Literal["m", "km"]
Crs = Literal["local", "wgs84", "gcj02"]
COORDINATE_UNITS: tuple[CoordinateUnit, ...] = get_args(CoordinateUnit)
CRS: tuple[Crs, ...] = get_args(Crs)
CRS_LABELS: dict[Crs, str] = {
    "local": "平面坐标",
    "wgs84": "WGS-84 经纬度",
    "gcj02": "GCJ-02 经纬度（国测局坐标）",
}
#: Frames whose x and y are longitude and latitude.
GEOGRAPHIC: frozenset[str] = frozenset({"wgs84", "gcj02"})
#: The mean radius of the Earth, for the haversine distance.
EARTH_RADIUS_M = 6_371_008.8
#: Service centres whose sites count for the 10-minute circle: the ones a
#: resident walks to (a district or subdistrict centre is not on the doorstep).
SERVICE_CIRCLE_LEVELS: tuple[str, ...] = ("community", "area", "compound")
