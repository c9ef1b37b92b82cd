"""GeoJSON (RFC 7946) of the 10-minute service circle, for QGIS and web maps.

A FeatureCollection of Point features: every compound (``kind: compound``,
with its community, households, walking minutes to the nearest doorstep site,
whether it is inside the circle and that site's id) and every service centre
(``kind: service_centre``, with its level and weekend duty).  A compound or
centre without coordinates keeps its feature with ``geometry: null`` (RFC 7946
§3.2): nothing is lost.  The minutes are those of the check
(:func:`partygraph.rules.circle.service_circle`).

Coordinates are written as the model has them, ``[x, y]``: for ``wgs84`` that
is RFC 7946's ``[longitude, latitude]``; ``gcj02`` stays GCJ-02 (the offset
frame of Chinese web maps, a few hundred metres from WGS-84), and a local
plane stays in its metres or kilometres.  The top-level member ``crs_note``
says which; RFC 7946 removed the ``crs`` member (§4) and QGIS reads a file
without it as WGS-84, so for a non-WGS-84 model the note tells the user to set
the layer's CRS by hand.  Names are JSON strings (``json.dumps`` escapes
quotes, backslashes and control characters); non-ASCII text stays readable
UTF-8.  This writer needs the model, not a graph: it reads the coordinate frame
and the households.

Examples
--------
>>> import json
>>> from partygraph.model import Compound, Coordinates, Division, Model, ServiceCentre
>>> m = Model(coordinates=Coordinates(crs="wgs84"),
...     divisions=[Division(id="k", name="社区", level="community")],
...     compounds=[Compound(id="a", name="甲小区", community="k", x=111.985, y=21.86)],
...     service_centres=[ServiceCentre(id="s", name="社区中心", level="community",
...                      division="k", x=111.98, y=21.86, weekend_duty=True)])
>>> doc = json.loads("\\n".join(generate_geojson(m)))
>>> doc["type"], [f["geometry"]["coordinates"] for f in doc["features"]]
('FeatureCollection', [[111.985, 21.86], [111.98, 21.86]])
>>> a = doc["features"][0]["properties"]
>>> a["walking_minutes"], a["inside"], a["nearest_site"]
(8.1, True, 's')
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import numpy as np

from partygraph.errors import PartygraphError
from partygraph.export._common import PathLike, split_lines, write_lines
from partygraph.i18n import tr
from partygraph.model import Model

__all__ = ["generate_geojson", "geojson_document", "write_geojson"]


def _crs_note(model: Model) -> str:
    """What the coordinates are, for the file's top-level ``crs_note`` (Chinese and English)."""
    frame = model.coordinates
    key = {"wgs84": "export.geojson_wgs84", "gcj02": "export.geojson_gcj02"}.get(
        frame.crs, "export.geojson_local"
    )
    return tr(key, unit=frame.unit)


def geojson_document(
    model: Model,
    *,
    scope: str | None = None,
    params: dict[str, Any] | None = None,
    network: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of ``model``'s compounds and service centres, as a dict.

    ``scope`` (a division id) keeps the features under that division; the
    minutes are still walked on the whole model (the nearest site of a
    compound may lie across the scope's edge).
    """
    if not isinstance(model, Model):
        raise PartygraphError(tr("export.geojson_needs_model"))
    # rules: the check's own minutes (a deferred import, see tests/test_architecture.py)
    from partygraph.rules.circle import service_circle

    circle = service_circle(model, params, network=network)
    households = _households(model)
    names = {d.id: d.name for d in model.divisions}
    features = []
    for i, c in enumerate(model.compounds):
        minutes = float(circle.minutes[i])
        site = int(circle.nearest[i])
        props = {
            "kind": "compound",
            "id": c.id,
            "name": c.name,
            "community": c.community,
            "community_name": names.get(c.community or ""),
            "households": int(households[i]),
            "walking_minutes": minutes if np.isfinite(minutes) else None,
            "inside": bool(circle.inside[i]),
            "nearest_site": circle.sites[site].id if site >= 0 else None,
        }
        features.append(_feature(c.x, c.y, props))
    for s in model.service_centres:
        props = {
            "kind": "service_centre",
            "id": s.id,
            "name": s.name,
            "level": s.level,
            "division": s.division,
            "weekend_duty": s.weekend_duty,
        }
        features.append(_feature(s.x, s.y, props))
    if scope is not None:
        sub = model.subtree(scope)
        keep = {c.id for c in sub.compounds} | {s.id for s in sub.service_centres}
        features = [f for f in features if f["id"] in keep]
    return {
        "type": "FeatureCollection",
        "name": model.name,
        "crs_note": _crs_note(model),
        "coordinates": {"crs": model.coordinates.crs, "unit": model.coordinates.unit},
        "method": circle.method,
        "features": features,
    }


def _feature(x: float | None, y: float | None, props: dict[str, Any]) -> dict[str, Any]:
    point = None if x is None or y is None else {"type": "Point", "coordinates": [x, y]}
    return {"type": "Feature", "id": props["id"], "geometry": point, "properties": props}


def _households(model: Model) -> Any:
    """Households per compound, in the order of ``model.compounds``."""
    try:
        code = np.asarray(model.population["households"]["compound"], np.int64)
    except KeyError:
        code = np.zeros(0, np.int64)
    return np.bincount(code[code >= 0], minlength=len(model.compounds))


def generate_geojson(
    source: Model,
    *,
    scope: str | None = None,
    params: dict[str, Any] | None = None,
    network: str | os.PathLike[str] | None = None,
    indent: int | None = None,
) -> Iterator[str]:
    """Lines of the GeoJSON text of ``source`` (see the module's note)."""
    doc = geojson_document(source, scope=scope, params=params, network=network)
    return split_lines(json.dumps(doc, ensure_ascii=False, allow_nan=False, indent=indent))


def write_geojson(
    source: Model,
    path: PathLike,
    *,
    scope: str | None = None,
    params: dict[str, Any] | None = None,
    network: str | os.PathLike[str] | None = None,
    indent: int | None = None,
) -> None:
    """Write the GeoJSON of ``source`` to ``path``, all or nothing."""
    lines = generate_geojson(source, scope=scope, params=params, network=network, indent=indent)
    write_lines(path, lines)
