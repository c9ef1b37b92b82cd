"""Chinese labels (kind_zh, relation_zh, role_zh) in every export, read back by real readers.

A hand-made model: a city, a county, a community, a unit paired with the
community, the community's party committee with a secretary.  The expected
words are written out here as DOMAIN.md gives them, not taken from the code.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import partygraph
from partygraph import Model
from partygraph.export import (
    generate_dot,
    generate_mermaid,
    write_csv,
    write_gexf,
    write_graphml,
    write_json,
)
from partygraph.i18n import use_language

MODEL_YAML = """\
partygraph: 1
name: 示例市
divisions:
  - {id: c, name: 示例市, level: city}
  - {id: k, name: 示例区, level: county, parent: c}
  - {id: sd, name: 南街道, level: subdistrict, parent: k}
  - {id: cm, name: 东风社区, level: community, parent: sd}
units:
  - {id: u, name: 市图书馆, type: agency, municipal: true}
party_orgs:
  - {id: o, name: 东风社区党委, form: committee, division: cm, secretary: p1}
pairings:
  - {id: pr, name: 市图书馆挂点东风社区, unit: u, community: cm,
     valid_from: 2023-01-11, valid_until: 2026-01-10}
persons:
  - {id: p1, name: 张三, member: full}
"""


def small(folder: Path) -> Model:
    """The hand-made model (loaded from YAML, as a user would write it)."""
    (folder / "model.yaml").write_text(MODEL_YAML, encoding="utf-8")
    return partygraph.load(folder / "model.yaml")


#: What every export must say, by hand: node -> kind_zh; (u, v) -> relation_zh.
KINDS = {
    "c": "市",
    "k": "县(市、区)",
    "sd": "街道",
    "cm": "社区",
    "u": "单位",
    "o": "党组织",
    "pr": "单位双报到",
    "p1": "人",
}
RELATIONS = {
    ("c", "k"): "包含",
    ("k", "sd"): "包含",
    ("sd", "cm"): "包含",
    ("o", "cm"): "覆盖",
    ("pr", "u"): "报到单位",
    ("pr", "cm"): "挂点社区",
    ("o", "p1"): "由…担任",
}


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Model:
    return small(tmp_path_factory.mktemp("zh"))


def _check_graph(g: Any) -> None:
    for node, word in KINDS.items():
        assert g.nodes[node]["kind_zh"] == word, node
    for (u, v), word in RELATIONS.items():
        datas = [g.edges[u, v, k] for k in g[u][v]] if g.is_multigraph() else [g.edges[u, v]]
        assert [d["relation_zh"] for d in datas] == [word], (u, v)
    secretary = g.edges["o", "p1", "held_by:secretary"] if g.is_multigraph() else g.edges["o", "p1"]
    assert secretary["role_zh"] == "书记"


def test_the_fixture_is_what_the_test_says(model: Model) -> None:
    g = model.to_networkx()
    assert set(g.nodes) == set(KINDS)
    assert {(u, v) for u, v in g.edges()} == set(RELATIONS)


def test_graphml(model: Model, tmp_path: Path) -> None:
    write_graphml(model, tmp_path / "m.graphml")
    _check_graph(nx.read_graphml(tmp_path / "m.graphml", force_multigraph=True))


def test_gexf_declares_the_labels(model: Model, tmp_path: Path) -> None:
    write_gexf(model, tmp_path / "m.gexf")
    text = (tmp_path / "m.gexf").read_text(encoding="utf-8")
    for title in ("kind_zh", "relation_zh", "role_zh"):
        assert f'title="{title}" type="string"' in text
    g = nx.read_gexf(tmp_path / "m.gexf")
    for node, word in KINDS.items():
        assert g.nodes[node]["kind_zh"] == word
    edges = {(u, v): d for u, v, d in g.edges(data=True)}
    for pair, word in RELATIONS.items():
        assert edges[pair]["relation_zh"] == word
    assert edges["o", "p1"]["role_zh"] == "书记"


def test_json_node_link(model: Model, tmp_path: Path) -> None:
    write_json(model, tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    keys = list(data["nodes"][0])
    assert keys.index("kind_zh") == keys.index("kind") + 1  # beside what it labels
    _check_graph(nx.node_link_graph(data, edges="links"))


def test_csv_columns(model: Model, tmp_path: Path) -> None:
    write_csv(model, tmp_path / "m.csv")
    with (tmp_path / "m.nodes.csv").open(encoding="utf-8", newline="") as f:
        nodes = {r["id"]: r for r in csv.DictReader(f)}
    with (tmp_path / "m.edges.csv").open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert {n: r["kind_zh"] for n, r in nodes.items()} == KINDS
    assert {(e["source"], e["target"]): e["relation_zh"] for e in edges} == RELATIONS
    assert [e["role_zh"] for e in edges if e["role"]] == ["书记"]


def test_a_graph_by_hand_keeps_its_own_words(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", kind="tree", kind_zh="树")  # unknown kind, its own label
    g.add_node("b", kind="grid", kind_zh="我的网格")  # a label already there is kept
    g.add_edge("a", "b", key="x", relation="grows")
    write_graphml(g, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert back.nodes["a"]["kind_zh"] == "树"
    assert back.nodes["b"]["kind_zh"] == "我的网格"
    (edge,) = back["a"]["b"].values()
    assert edge["relation"] == "grows"
    assert "relation_zh" not in edge


def test_diagrams_label_edges_in_the_language(model: Model) -> None:
    dot = "\n".join(generate_dot(model, group="cluster"))
    assert '"c" -> "k" [label="包含"];' in dot
    assert '"o" -> "p1" [label="书记"];' in dot
    assert 'label="社区", style="rounded"' in dot
    mermaid = "\n".join(generate_mermaid(model))
    assert '-->|"挂点社区"|' in mermaid
    with use_language("en"):
        assert '"c" -> "k" [label="contains"];' in "\n".join(generate_dot(model))
        assert '-->|"paired_community"|' in "\n".join(generate_mermaid(model))
