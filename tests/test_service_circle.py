"""The 10-minute service circle: walking minutes to the nearest site, hand-worked.

At 5 km/h a minute is 83.33 m of walking; with the detour factor 1.3 the circle's
straight-line radius is 10 × 83.33 / 1.3 = 641 m.  A compound 577 m from a site
walks 577 × 1.3 / 83.33 = 9.0 minutes; one 705 m away 11.0 minutes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.model import Compound, Coordinates, Division, Model, ServiceCentre
from partygraph.rules.distance import haversine, nearest


def _model(coordinates: Coordinates | None = None, scale: float = 1.0) -> Model:
    return Model(
        name="服务圈",
        coordinates=coordinates or Coordinates(),
        divisions=[
            Division(id="c", name="示例市", level="city"),
            Division(id="q", name="区", level="county", parent="c", district=True),
            Division(id="s", name="街道", level="subdistrict", parent="q"),
            Division(id="k", name="社区", level="community", parent="s"),
        ],
        compounds=[
            Compound(id="near", name="九分钟小区", community="k", x=577 * scale, y=0),
            Compound(id="far", name="十一分钟小区", community="k", x=0, y=-705 * scale),
            Compound(id="nowhere", name="无坐标小区", community="k"),
        ],
        service_centres=[
            ServiceCentre(id="site", name="社区中心", level="community", division="k", x=0, y=0,
                          weekend_duty=True),
            # A subdistrict centre is no doorstep site: it does not count.
            ServiceCentre(id="sd", name="街道中心", level="subdistrict", division="s", x=0,
                          y=-700 * scale, weekend_duty=True),
        ],
    )  # fmt: skip


def _minutes(model: Model) -> dict[str, float]:
    report = partygraph.check(model, packs=["yangjiang"])
    found = {f.node.id: f.value for f in report.findings if f.rule == "compound.service_circle"}
    return found  # type: ignore[return-value]


def test_nine_minutes_in_eleven_out() -> None:
    report = partygraph.check(_model(), packs=["yangjiang"])
    found = {f.node.id: f.value for f in report.findings if f.rule == "compound.service_circle"}
    assert found == {"far": 11.0}  # 705 × 1.3 / 83.33 = 10.998 → 11.0; the near one 9.0
    city = next(c for c in report.coverage if c.rule == "compound.service_circle")
    assert (city.covered, city.total) == (1, 2)  # the compound without coordinates is not counted
    info = next(r for r in report.rules if r.id == "compound.service_circle")
    assert info.title == "小区在“10分钟便民服务圈”内（直线距离 × 1.3，步行 5 公里/小时）"


def test_kilometres_and_parameters() -> None:
    km = _model(Coordinates(unit="km"), scale=0.001)
    assert _minutes(km) == {"far": 11.0}
    slower = partygraph.check(_model(), packs=["yangjiang"], params={"walking_speed_kmh": 4})
    found = {f.node.id: f.value for f in slower.findings if f.rule == "compound.service_circle"}
    assert found == {"near": 11.3, "far": 13.8}  # 577 × 1.3 / 66.67 = 11.25 → up to 11.3


def test_geographic_coordinates_use_the_haversine_distance() -> None:
    # 0.01° of longitude at 21.86° N (Yangjiang): 6,371,008.8 m × 0.01 × π/180 ×
    # cos 21.86° = 1,111.95 × 0.92810 = 1,032.0 m.
    d = haversine(np.array([[111.98, 21.86]]), np.array([[111.99, 21.86]]))
    assert d[0] == pytest.approx(1032.0, abs=0.5)
    points = np.array([[111.985, 21.86], [111.99, 21.86]])
    sites = np.array([[111.98, 21.86]])
    got = nearest(points, sites, radius=641, geographic=True)
    assert got == pytest.approx([516.0, 1032.0], abs=0.5)


def test_weekend_duty() -> None:
    m = _model()
    m.service_centres[0].weekend_duty = False
    report = partygraph.check(m, packs=["yangjiang"])
    assert [f.node.id for f in report.findings if f.rule == "service.weekend_duty"] == ["site"]


def test_a_bad_coordinates_block_is_refused_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "partygraph: 1\nname: 测试\ncoordinates: {unit: 米}\n"
        "divisions:\n  - {id: c, name: 示例市, level: city}\n",
        encoding="utf-8",
    )
    with pytest.raises(partygraph.ConfigError) as exc:
        partygraph.load(path)
    (error,) = exc.value.errors
    assert (error.line, error.field) == (3, "coordinates.unit")
    assert "只能是 m | km 之一" in error.message


def test_dump_keeps_the_coordinates_block(tmp_path: Path) -> None:
    m = _model(Coordinates(unit="km"), scale=0.001)
    m.dump(tmp_path / "m.yaml")
    assert partygraph.load(tmp_path / "m.yaml").coordinates == Coordinates(unit="km")


_XY = st.tuples(st.floats(-5000, 5000), st.floats(-5000, 5000))


@settings(max_examples=100, deadline=None)
@given(st.lists(_XY, min_size=1, max_size=30), st.lists(_XY, min_size=1, max_size=10), _XY)
def test_adding_a_site_never_lengthens_a_walk(points: list, sites: list, extra: tuple) -> None:
    p, s = np.array(points, dtype=float), np.array(sites, dtype=float)
    before = nearest(p, s, radius=641)
    after = nearest(p, np.vstack([s, [extra]]), radius=641)
    assert (after <= before + 1e-9).all()
    brute = np.sqrt(((p[:, None, :] - s[None, :, :]) ** 2).sum(-1)).min(axis=1)
    assert before == pytest.approx(brute)
