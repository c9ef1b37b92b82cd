"""The 10-minute service circle on the shipped example: the compounds outside it,
the households living there, and how the figure moves with the walking speed; then
the map of one subdistrict's circle and the GeoJSON for QGIS (docs/service-circle.md).

    python examples/service_circle.py [OUTPUT_DIR_ARG]

OUTPUT_DIR_ARG: the folder to write the map and the GeoJSON into (default: a new
temporary folder).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import partygraph
from partygraph.draw.circle import circle_scene, draw_service_circle
from partygraph.export import write_geojson

model = partygraph.load("configs/yangjiang.yaml")
print("坐标：", model.coordinates.unit, model.coordinates.crs)
reports = {}
for params in ({}, {"walking_speed_kmh": 4}, {"detour_factor": 1.0}):
    report = partygraph.check(model, packs=["yangjiang"], params=params, single_points=False)
    reports[str(params)] = report
    city = next(
        c for c in report.coverage if c.rule == "compound.service_circle" and c.level == "city"
    )
    homes = next(
        c for c in report.coverage if c.rule == "household.service_circle" and c.level == "city"
    )
    print(
        f"{params or '默认参数'}：{city.total - city.covered}/{city.total} 个小区在圈外，"
        f"{homes.total - homes.covered:,} 户"
    )
farthest = sorted(
    (f for f in reports["{}"].findings if f.rule == "compound.service_circle"),
    key=lambda f: -float(f.value or 0),
)[:3]
print("默认参数下最远：", "、".join(f"{f.node.name}（约 {f.value} 分钟）" for f in farthest))

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="pg-circle-"))
out.mkdir(parents=True, exist_ok=True)
hexi = next(d.id for d in model.divisions if d.name == "河西街道")
draw_service_circle(model, scope=hexi, filepath=out / "河西街道服务圈.png")
scene = circle_scene(model, scope=hexi)
print(f"地图：{out / '河西街道服务圈.png'}；{scene.caption}")
write_geojson(model, out / "服务圈.geojson")
doc = json.loads((out / "服务圈.geojson").read_text(encoding="utf-8"))
outside = [
    f["properties"]
    for f in doc["features"]
    if f["properties"]["kind"] == "compound" and not f["properties"]["inside"]
]
print(
    f"GeoJSON：{out / '服务圈.geojson'}，{len(doc['features'])} 个点；圈外 {len(outside)} 个小区、"
    f"{sum(p['households'] for p in outside):,} 户（{doc['crs_note']}）"
)
