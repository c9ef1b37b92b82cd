"""GEXF with a timeline (mode="dynamic"): start and end from valid_from / valid_until."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from partygraph.cli import main
from partygraph.export import generate_gexf, write_gexf
from partygraph.model import Model
from test_export_zh import small

NS = {"g": "http://www.gexf.net/1.2draft"}


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Model:
    return small(tmp_path_factory.mktemp("timeline"))


def three_nodes() -> nx.MultiDiGraph:
    """A community always there, a pairing 2023-01-11 to 2026-01-10, a unit from 2024-05-01."""
    g = nx.MultiDiGraph()
    g.add_node("cm", kind="community", name="东风社区")
    g.add_node("pr", kind="pairing", name="挂点", valid_from="2023-01-11", valid_until="2026-01-10")
    g.add_node("u", kind="unit", name="单位", valid_from="2024-05-01")
    g.add_edge("pr", "cm", key="paired_community", relation="paired_community")
    g.add_edge("pr", "u", key="paired_unit", relation="paired_unit")
    return g


def test_three_nodes_exact_spans(tmp_path: Path) -> None:
    write_gexf(three_nodes(), tmp_path / "t.gexf", timeline=True)
    root = ElementTree.parse(tmp_path / "t.gexf").getroot()
    graph = root.find("g:graph", NS)
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    # what the GEXF 1.2 schema allows on <graph>, <node> and <edge> (gexf.xsd, dynamics.xsd)
    assert set(graph.attrib) <= {"timeformat", "defaultedgetype", "idtype", "mode", "start", "end"}
    for element in root.iter():
        tag = element.tag.rpartition("}")[2]
        if tag in ("node", "edge"):
            allowed = {"id", "label", "start", "end", "source", "target", "type", "weight"}
            assert set(element.attrib) <= allowed, element.attrib
    back = nx.read_gexf(tmp_path / "t.gexf")
    assert back.graph["mode"] == "dynamic"
    assert "start" not in back.nodes["cm"] and "end" not in back.nodes["cm"]
    assert (back.nodes["pr"]["start"], back.nodes["pr"]["end"]) == ("2023-01-11", "2026-01-10")
    assert back.nodes["u"]["start"] == "2024-05-01" and "end" not in back.nodes["u"]
    # An edge spans what its two ends share.
    assert (back.edges["pr", "cm"]["start"], back.edges["pr", "cm"]["end"]) == (
        "2023-01-11",
        "2026-01-10",
    )
    assert (back.edges["pr", "u"]["start"], back.edges["pr", "u"]["end"]) == (
        "2024-05-01",
        "2026-01-10",
    )


def test_without_timeline_the_graph_is_static(tmp_path: Path) -> None:
    text = "\n".join(generate_gexf(three_nodes()))
    assert 'mode="static"' in text and "start=" not in text


def test_ends_that_never_meet_give_the_edge_no_span() -> None:
    g = three_nodes()
    g.nodes["u"]["valid_from"] = "2027-01-01"
    root = ElementTree.fromstring("\n".join(generate_gexf(g, timeline=True)).encode())
    edge = next(e for e in root.iter(f"{{{NS['g']}}}edge") if e.get("target") == "u")
    assert edge.get("start") is None and edge.get("end") is None


def test_a_model_pairing_and_the_cli(model: Model, tmp_path: Path) -> None:
    small(tmp_path)
    assert (
        main(["export", str(tmp_path / "model.yaml"), "--timeline", "-o", str(tmp_path / "m.gexf")])
        == 0
    )
    back = nx.read_gexf(tmp_path / "m.gexf")
    assert (back.nodes["pr"]["start"], back.nodes["pr"]["end"]) == ("2023-01-11", "2026-01-10")
    edges = {(u, v): d for u, v, d in back.edges(data=True)}
    assert (edges["pr", "u"]["start"], edges["pr", "u"]["end"]) == ("2023-01-11", "2026-01-10")
    assert "start" not in edges["c", "k"]
    assert (
        main(["export", str(tmp_path / "model.yaml"), "--timeline", "-o", str(tmp_path / "m.json")])
        == 2
    )
