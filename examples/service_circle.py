"""The 10-minute service circle on the shipped example: the compounds outside it,
the households living there, and how the figure moves with the walking speed
(docs/service-circle.md)."""

from __future__ import annotations

import partygraph

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
