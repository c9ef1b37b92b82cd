"""The service circle drawn, exported as GeoJSON, and walked on roads (issue #16 item 2).

Hand-worked as in tests/test_service_circle.py: at 5 km/h a minute is 83.33 m; with
the detour factor 1.3 a site's circle is 10 × 83.33 / 1.3 = 641.03 m of straight
line.  The compound 577 m east of the site walks 577 × 1.3 / 83.33 = 9.0 (9.1 up to
the tenth) minutes, the one 705 m south 11.0: only the second is outside.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import partygraph
from partygraph.draw.circle import circle_scene, draw_service_circle
from partygraph.errors import PartygraphError
from partygraph.export import generate_geojson, geojson_document, write_geojson
from partygraph.model import Compound, Coordinates, Division, Model, ServiceCentre
from partygraph.rules.circle import service_circle
from partygraph.rules.distance import nearest_site
from partygraph.rules.network import Network, network_of, read_network

RADIUS = 10 * 5000 / 60 / 1.3  # 641.03 m


def _model(coordinates: Coordinates | None = None) -> Model:
    return Model(
        name="服务圈",
        coordinates=coordinates or Coordinates(),
        divisions=[
            Division(id="c", name="示例市", level="city"),
            Division(id="q", name="区", level="county", parent="c", district=True),
            Division(id="s", name="街道", level="subdistrict", parent="q"),
            Division(id="k", name="东社区", level="community", parent="s"),
            Division(id="w", name="西社区", level="community", parent="s"),
        ],
        compounds=[
            Compound(id="near", name="九分钟小区", community="k", x=577, y=0),
            Compound(id="far", name="十一分钟小区", community="k", x=0, y=-705),
            Compound(id="nowhere", name="无坐标小区", community="k"),
            Compound(id="west", name="西边小区", community="w", x=-20000, y=100),
        ],
        service_centres=[
            ServiceCentre(id="site", name="东社区党群服务中心", level="community", division="k",
                          x=0, y=0, weekend_duty=True),
            ServiceCentre(id="wsite", name="西社区党群服务中心", level="community", division="w",
                          x=-20000, y=0, weekend_duty=False),
            # A subdistrict centre is no doorstep site: no circle, not a nearest site.
            ServiceCentre(id="sd", name="街道党群服务中心", level="subdistrict", division="s",
                          x=0, y=-700, weekend_duty=True),
        ],
    )  # fmt: skip


# -- the drawing ---------------------------------------------------------------
def test_the_scene_marks_exactly_the_eleven_minute_compound_outside() -> None:
    scene = circle_scene(_model())
    assert scene.outside == ["far"]
    by_id = {c.id: c for c in scene.compounds}
    assert (by_id["near"].minutes, by_id["far"].minutes) == (9.1, 11.0)
    assert by_id["far"].severity == "warning"  # compound.service_circle's severity
    assert "nowhere" not in by_id  # nothing to place on a map
    assert [s.id for s in scene.sites] == ["site", "wsite"]
    assert [s.radius for s in scene.sites] == pytest.approx([641.03, 641.03], abs=0.01)
    assert scene.sites[0].radius == pytest.approx(RADIUS)
    assert "直线距离 × 1.3，步行 5 km/h，10 分钟" in scene.caption
    assert "641 米" in scene.caption


def test_parameters_change_the_radius_and_who_is_outside() -> None:
    scene = circle_scene(_model(), params={"walking_speed_kmh": 4})
    # 10 × 66.67 / 1.3 = 512.8 m; 577 m walks 577 × 1.3 / 66.67 = 11.25 → 11.3 minutes
    assert scene.sites[0].radius == pytest.approx(10 * 4000 / 60 / 1.3)
    assert scene.outside == ["near", "far"]
    assert "步行 4 km/h" in scene.caption


def test_scope_zooms_but_walks_on_the_whole_model() -> None:
    whole = circle_scene(_model())
    east = circle_scene(_model(), scope="k")
    assert whole.view[0] < -20000 < east.view[0]  # the west community is out of view
    m = RADIUS * 0.6
    assert east.view == pytest.approx((0 - m, -705 - m, 577 + m, 0 + m))
    assert "东社区" in east.title
    assert "图中 2 个小区有 1 个不在服务圈内" in east.caption
    with pytest.raises(PartygraphError, match="不是模型里的行政区划"):
        circle_scene(_model(), scope="nope")


def test_a_report_colours_by_its_findings() -> None:
    report = partygraph.check(_model(), packs=["yangjiang"])
    scene = circle_scene(_model(), report=report)
    assert scene.outside == ["far"]
    assert {c.id: c.severity for c in scene.compounds if not c.inside} == {"far": "warning"}


def test_geographic_coordinates_are_laid_on_a_plane_in_metres() -> None:
    # 0.005° of longitude at 21.86° N: 6,371,008.8 × 0.005 × π/180 × cos 21.86° = 516.0 m
    m = Model(
        coordinates=Coordinates(crs="wgs84"),
        divisions=[Division(id="k", name="社区", level="community")],
        compounds=[Compound(id="a", name="甲", community="k", x=111.985, y=21.86)],
        service_centres=[ServiceCentre(id="s", name="中心", level="community", division="k",
                                       x=111.98, y=21.86)],
    )  # fmt: skip
    scene = circle_scene(m)
    (a,) = scene.compounds
    (s,) = scene.sites
    assert math.hypot(a.x - s.x, a.y - s.y) == pytest.approx(516.0, abs=0.5)
    assert a.minutes == 8.1  # 516 × 1.3 / 83.33 = 8.05 → 8.1
    assert "等距圆柱投影" in scene.caption and "WGS-84" in scene.caption


def test_the_picture_is_drawn_with_its_circles(tmp_path: Path) -> None:
    _, ax = draw_service_circle(_model(), filepath=tmp_path / "c.png")
    circles = [p for p in ax.patches if (p.get_gid() or "").endswith("@circle")]
    assert [p.get_gid() for p in circles] == ["site@circle", "wsite@circle"]
    assert circles[0].radius == pytest.approx(RADIUS)  # type: ignore[attr-defined]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "服务圈外的小区（1，警告）" in labels
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"


def test_the_command_draws_the_circle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from partygraph.cli import main

    path = tmp_path / "m.yaml"
    _model().dump(path)
    out = tmp_path / "circle.svg"
    assert main(["draw", str(path), "--layer", "service", "--circle", "--scope", "东社区",
                 "-o", str(out)]) == 0  # fmt: skip
    assert "十一分钟小区 11.0 分钟" in out.read_text(encoding="utf-8")
    assert main(["draw", str(path), "--layer", "grid", "--circle", "-o", str(out)]) == 2
    assert "--circle 只能与 --layer service 一起用" in capsys.readouterr().err


# -- the road network ----------------------------------------------------------
#: Six nodes as osmnx writes them (every attribute a string, both directions of
#: each street): the compound at A (0, 0), the site at E (600, 0).  A river
#: runs between them; the road goes round by the bridge B-C-D: 1,200 m.
#: F (300, 20) is a dead end off C, the node nearest the straight line.
_GRAPHML = """<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="y" attr.type="string"/>
  <key id="d1" for="node" attr.name="x" attr.type="string"/>
  <key id="d2" for="edge" attr.name="length" attr.type="string"/>
  <key id="d3" for="graph" attr.name="crs" attr.type="string"/>
  <graph edgedefault="directed"><data key="d3">local</data>
{nodes}
{edges}
  </graph>
</graphml>
"""
_NODES = {"A": (0, 0), "B": (0, 300), "C": (300, 300), "D": (600, 300), "E": (600, 0),
          "F": (300, 20)}  # fmt: skip
_STREETS = [("A", "B", 300), ("B", "C", 300), ("C", "D", 300), ("D", "E", 300), ("C", "F", 280)]


def _graphml(tmp_path: Path) -> Path:
    nodes = "\n".join(
        f'    <node id="{n}"><data key="d0">{y}</data><data key="d1">{x}</data></node>'
        for n, (x, y) in _NODES.items()
    )
    edges = "\n".join(
        f'    <edge source="{u}" target="{v}"><data key="d2">{length}.0</data></edge>'
        for a, b, length in _STREETS
        for u, v in ((a, b), (b, a))
    )
    path = tmp_path / "roads.graphml"
    path.write_text(_GRAPHML.format(nodes=nodes, edges=edges), encoding="utf-8")
    return path


def _river() -> Model:
    return Model(
        divisions=[Division(id="k", name="社区", level="community")],
        compounds=[Compound(id="a", name="河西小区", community="k", x=0, y=0)],
        service_centres=[ServiceCentre(id="s", name="社区中心", level="community",
                                       division="k", x=600, y=0)],
    )  # fmt: skip


def test_the_straight_line_says_inside_the_road_says_outside(tmp_path: Path) -> None:
    straight = service_circle(_river())
    assert straight.minutes.tolist() == [9.4]  # 600 × 1.3 / 83.33 = 9.36
    assert straight.inside.tolist() == [True]
    road = service_circle(_river(), network=_graphml(tmp_path))
    assert road.minutes.tolist() == [14.4]  # A-B-C-D-E 1,200 m / 83.33 = 14.4, no detour
    assert road.inside.tolist() == [False]
    assert road.nearest.tolist() == [0]
    assert road.method == "道路网络，步行 5 km/h，10 分钟"
    scene = circle_scene(_river(), network=_graphml(tmp_path))
    assert scene.outside == ["a"]
    assert "道路网络" in scene.caption
    doc = geojson_document(_river(), network=_graphml(tmp_path))
    compound = doc["features"][0]["properties"]
    assert (compound["walking_minutes"], compound["inside"]) == (14.4, False)
    assert doc["method"].startswith("道路网络")


def test_off_the_network_the_straight_gaps_count_and_unreached_is_infinite() -> None:
    g = nx.MultiDiGraph()
    g.add_nodes_from([(1, {"x": "0", "y": "0"}), (2, {"x": "500", "y": "0"}),
                      (3, {"x": "5000", "y": "0"})])  # fmt: skip
    g.add_edge(1, 2, length="650")
    net = network_of(g)
    walk, site = net.walks(np.array([[0.0, 30.0], [5000.0, 40.0]]), np.array([[500.0, -40.0]]))
    assert walk[0] == pytest.approx(30 + 650 + 40)  # to the node, the road, from the node
    assert site.tolist() == [0, -1]
    assert walk[1] == np.inf  # node 3 has no road to the site


def test_a_bad_network_file_is_refused_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.graphml"
    bad.write_text("not xml", encoding="utf-8")
    with pytest.raises(PartygraphError, match=r"路网文件.*读不出来"):
        read_network(bad)
    g = nx.Graph()
    g.add_node(1, x="0")
    with pytest.raises(PartygraphError, match="y 写的是“None”"):
        network_of(g, "roads.graphml")


_XY = st.tuples(st.floats(-3000, 3000), st.floats(-3000, 3000))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_XY, min_size=2, max_size=15),
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14), st.floats(1, 4000)), max_size=30),
    st.lists(_XY, min_size=1, max_size=8),
    st.lists(_XY, min_size=1, max_size=5),
    _XY,
)
def test_adding_a_site_never_lengthens_a_walk_either_way(
    nodes: list, streets: list, points: list, sites: list, extra: tuple
) -> None:
    g = nx.Graph()
    g.add_nodes_from((i, {"x": x, "y": y}) for i, (x, y) in enumerate(nodes))
    for u, v, length in streets:
        if u < len(nodes) and v < len(nodes):
            g.add_edge(u, v, length=length)
    net: Network = network_of(g)
    p, s = np.array(points), np.array(sites)
    more = np.vstack([s, [extra]])
    before, _ = net.walks(p, s)
    after, _ = net.walks(p, more)
    assert (after <= before + 1e-6).all()
    straight_before, _ = nearest_site(p, s, radius=641)
    straight_after, _ = nearest_site(p, more, radius=641)
    assert (straight_after <= straight_before + 1e-9).all()


# -- GeoJSON -------------------------------------------------------------------
def test_geojson_is_rfc_7946_with_lon_lat_order() -> None:
    m = _model(Coordinates(crs="wgs84"))
    m.compounds[0].x, m.compounds[0].y = 111.985, 21.86
    m.service_centres[0].x, m.service_centres[0].y = 111.98, 21.86
    doc = json.loads("\n".join(generate_geojson(m)))
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc  # RFC 7946 §4 removed it: a top-level note instead
    assert "WGS-84" in doc["crs_note"]
    features = {f["id"]: f for f in doc["features"]}
    assert all(f["type"] == "Feature" for f in doc["features"])
    near = features["near"]
    assert near["geometry"] == {"type": "Point", "coordinates": [111.985, 21.86]}  # lon, lat
    assert near["properties"] == {
        "kind": "compound",
        "id": "near",
        "name": "九分钟小区",
        "community": "k",
        "community_name": "东社区",
        "households": 0,
        "walking_minutes": 8.1,  # 516 m × 1.3 / 83.33
        "inside": True,
        "nearest_site": "site",
    }
    assert features["nowhere"]["geometry"] is None  # kept, with no geometry (§3.2)
    assert features["nowhere"]["properties"]["walking_minutes"] is None
    site = features["wsite"]["properties"]
    assert (site["kind"], site["level"], site["weekend_duty"]) == (
        "service_centre",
        "community",
        False,
    )
    assert features["sd"]["properties"]["level"] == "subdistrict"


def test_local_and_gcj02_coordinates_are_written_as_they_are() -> None:
    doc = geojson_document(_model(Coordinates(unit="km")))
    far = next(f for f in doc["features"] if f["id"] == "far")
    assert far["geometry"]["coordinates"] == [0, -705]  # as written; the note says km
    assert "平面坐标（单位 km）" in doc["crs_note"]
    assert doc["coordinates"] == {"crs": "local", "unit": "km"}
    gcj = geojson_document(_model(Coordinates(crs="gcj02")))
    assert "GCJ-02" in gcj["crs_note"] and "没有换算成 WGS-84" in gcj["crs_note"]


def test_geojson_scope_keeps_the_features_under_it(tmp_path: Path) -> None:
    out = tmp_path / "east.geojson"
    write_geojson(_model(), out, scope="k")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [f["id"] for f in doc["features"]] == ["near", "far", "nowhere", "site"]


def test_geojson_counts_households_and_needs_a_model(small_model_path: Path) -> None:
    doc = geojson_document(partygraph.load(small_model_path))
    (cp1,) = [f for f in doc["features"] if f["id"] == "cp1"]
    assert cp1["properties"]["households"] == 2  # the fixture's two households in cp1
    with pytest.raises(PartygraphError, match="GeoJSON 要从模型导出"):
        geojson_document(_model().to_networkx())  # type: ignore[arg-type]


def test_the_export_command_writes_geojson(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from partygraph.cli import main

    path = tmp_path / "m.yaml"
    _model().dump(path)
    out = tmp_path / "m.geojson"
    assert main(["export", str(path), "-o", str(out)]) == 0  # the suffix names the format
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert sum(f["properties"].get("inside") is False for f in doc["features"]) == 2  # far, nowhere
    assert main(["export", str(path), "-o", str(out), "--layer", "service"]) == 2
    assert "--layer 不能与 --format geojson 一起用" in capsys.readouterr().err


_HOSTILE = st.text(
    st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30
) | st.sampled_from(['"}], "x": 1', "\\u0000", "</script>", "名\u202e字", "a\nb", "\x7f"])


@settings(max_examples=50, deadline=None)
@given(_HOSTILE)
def test_hostile_names_round_trip(name: str) -> None:
    try:
        m = Model(
            divisions=[Division(id="k", name="社区", level="community")],
            compounds=[Compound(id="a", name=name, community="k", x=1, y=2)],
        )
    except ValidationError:
        assume(False)
        return
    doc = json.loads("\n".join(generate_geojson(m)))
    assert doc["features"][0]["properties"]["name"] == m.compounds[0].name
    assert len(doc["features"]) == 1
