"""Exports: every format read back (or parsed) keeps the graph; writes are all or nothing."""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
import runpy
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.cli import main
from partygraph.errors import PartygraphError
from partygraph.export import (
    FORMATS,
    csv_paths,
    generate_csv,
    generate_dot,
    generate_gexf,
    generate_graphml,
    generate_json,
    generate_mermaid,
    graph_of,
    join_list,
    mermaid_ids,
    parquet_paths,
    restore_formula,
    split_list,
    write_csv,
    write_dot,
    write_gexf,
    write_graphml,
    write_json,
    write_mermaid,
)
from partygraph.export import csv as csv_export
from partygraph.export import dot as dot_export
from partygraph.export import gexf as gexf_export
from partygraph.export import graphml as graphml_export
from partygraph.export import json as json_export
from partygraph.export import mermaid as mermaid_export
from partygraph.i18n import use_language
from partygraph.vocabulary import KIND_LABELS, RELATION_LABELS, ROLE_LABELS

from conftest import ROOT

TRICKY = 'say "你好"\n第二行 \\ back#slash <b>&`|'


@pytest.fixture(scope="module")
def model() -> partygraph.Model:
    return partygraph.load(ROOT / "tests" / "fixtures" / "small" / "model.yaml")


@pytest.fixture(scope="module")
def graph(model: partygraph.Model) -> Any:
    return model.to_networkx(population=True)


@pytest.fixture
def tricky(graph: Any) -> Any:
    """The small model's graph plus a node and edges whose text needs escaping."""
    g = graph.copy()
    g.add_node("q-1", kind="unit", name=TRICKY, section="units")
    g.add_edge("q-1", "c1", key='k"1', relation='re"l\\')
    g.add_edge("c1", "q-1", key="contains", relation="contains")
    return g


def _expected(data: dict[str, Any]) -> dict[str, Any]:
    """Attributes after the documented flat-format conversion (tuples joined, empty
    ones out), with the Chinese labels of the vocabulary's terms added."""
    return {
        **{
            k: join_list(v) if isinstance(v, tuple) else v
            for k, v in data.items()
            if v is not None and v != ()
        },
        **_labels(data),
    }


def _labels(data: dict[str, Any]) -> dict[str, str]:
    """``kind_zh``, ``relation_zh``, ``role_zh`` of a node's or an edge's attributes."""
    terms = {"kind": KIND_LABELS, "relation": RELATION_LABELS, "role": ROLE_LABELS}
    return {f"{k}_zh": terms[k][data[k]] for k in terms if data.get(k) in terms[k]}


def _edge_multiset(g: Any) -> Counter[tuple[str, str, str, str]]:
    return Counter((u, v, k, d["relation"]) for u, v, k, d in g.edges(keys=True, data=True))


# -- graph_of -------------------------------------------------------------------
def test_graph_of_takes_a_model_or_a_graph(model: partygraph.Model, graph: Any) -> None:
    assert graph_of(graph) is graph
    assert graph_of(model, population=True).number_of_nodes() == graph.number_of_nodes()
    assert graph_of(model).number_of_nodes() < graph.number_of_nodes()
    with pytest.raises(PartygraphError, match="population= applies to a Model"):
        graph_of(graph, population=True)
    with pytest.raises(PartygraphError, match="cannot export a dict"):
        graph_of({})


def test_the_fixture_has_every_attribute_type(graph: Any) -> None:
    """The round trips below are only as good as what the graph holds."""
    values = [v for _, d in graph.nodes(data=True) for v in d.values()]
    values += [v for *_, d in graph.edges(data=True) for v in d.values()]
    assert {type(v) for v in values} >= {str, int, float, bool, tuple}


# -- GraphML and GEXF ---------------------------------------------------------------
def test_graphml_round_trip(graph: Any, tmp_path: Path) -> None:
    path = tmp_path / "small.graphml"
    write_graphml(graph, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.graph["name"] == graph.graph["name"]
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert back.nodes[node] == _expected(data), node
    assert _edge_multiset(back) == _edge_multiset(graph)
    for u, v, k, data in graph.edges(keys=True, data=True):
        assert back.edges[u, v, k] == {**_expected(data), "key": k}
    assert back.nodes["dist"]["district"] is True
    assert back.nodes["o-c1"]["members_full"] == 120
    assert back.nodes["sc-c1"]["x"] == 0.0
    assert split_list(back.nodes["cap1"]["duties"]) == ("sanitation", "patrol")


def test_graphml_edges_have_no_duplicate_ids(graph: Any) -> None:
    """networkx would write the key as the edge id; Gephi drops edges with a repeated id."""
    text = "\n".join(generate_graphml(graph))
    assert "<edge " in text
    assert not re.search(r"<edge [^>]*\bid=", text)


def test_gexf_round_trip(graph: Any, tmp_path: Path) -> None:
    path = tmp_path / "small.gexf"
    write_gexf(graph, path)
    back = nx.read_gexf(path)
    # The name is the document's description: GEXF 1.2 has no graph@name (networkx
    # writes one, and reads it back, but Gephi's schema check refuses the file).
    root = ElementTree.parse(path).getroot()
    ns = {"g": "http://www.gexf.net/1.2draft"}
    assert root.findtext("g:meta/g:description", namespaces=ns) == graph.graph["name"]
    # graph's attributes in the GEXF 1.2 schema (gexf.xsd, complexType graph-content)
    allowed = {
        "timeformat",
        "start",
        "startopen",
        "end",
        "endopen",
        "defaultedgetype",
        "idtype",
        "mode",
    }
    element = root.find("g:graph", ns)
    assert element is not None and set(element.attrib) <= allowed
    assert "name" not in back.graph
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert back.nodes[node] == {**_expected(data), "label": data["name"]}, node
    # No two edges join the same nodes, so networkx reads a DiGraph: the key is the label.
    assert not back.is_multigraph()
    assert back.number_of_edges() == graph.number_of_edges()
    for u, v, k, data in graph.edges(keys=True, data=True):
        got = dict(back.edges[u, v])
        assert got.pop("label") == k
        got.pop("id")
        assert got == _expected(data)
    assert back.nodes["c1"]["model_community"] is True
    assert back.nodes["vt1"]["people_served"] == 300


def test_gexf_keeps_keys_of_parallel_edges(graph: Any) -> None:
    g = graph.copy()
    g.add_edge("o-c1", "p1", key="held_by:extra", relation="held_by", role="extra")
    back = nx.read_gexf(io.BytesIO("\n".join(generate_gexf(g)).encode()))
    assert back.is_multigraph()
    assert _edge_multiset(back) == _edge_multiset(g)


def test_xml_formats_escape_and_keep_tricky_text(tricky: Any) -> None:
    graphml = nx.parse_graphml("\n".join(generate_graphml(tricky)), force_multigraph=True)
    gexf = nx.read_gexf(io.BytesIO("\n".join(generate_gexf(tricky)).encode()))
    for back in (graphml, gexf):
        assert back.nodes["q-1"]["name"] == TRICKY
        assert back.number_of_edges() == tricky.number_of_edges()


def test_mixed_types_become_text_and_control_characters_are_replaced() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", size=3, flag=True, tags=[1, "b"], bad="x\x00y\r\nz")
    g.add_node("b", size="big", flag=False)
    back = nx.parse_graphml("\n".join(generate_graphml(g)), force_multigraph=True)
    assert back.nodes["a"] == {"size": "3", "flag": True, "tags": "1;b", "bad": "x\ufffdy\nz"}
    assert back.nodes["b"] == {"size": "big", "flag": False}


def test_simple_graphs_and_graphs_read_back_export_too(graph: Any) -> None:
    simple = nx.DiGraph()
    simple.add_edge("a", "b", relation="contains", weight=2)
    back = nx.parse_graphml("\n".join(generate_graphml(simple)))
    assert dict(back.edges["a", "b"]) == {
        "relation": "contains",
        "relation_zh": "包含",
        "weight": 2,
    }
    gexf = nx.read_gexf(io.BytesIO("\n".join(generate_gexf(simple)).encode()))
    assert gexf.edges["a", "b"]["label"] == "contains"
    assert list(generate_csv(simple, table="edges")) == [
        "source,target,relation,relation_zh,key,weight",
        "a,b,contains,包含,,2",
    ]
    # A graph read from GraphML carries the reader's node_default / edge_default.
    read = nx.parse_graphml("\n".join(generate_graphml(graph)), force_multigraph=True)
    again = nx.parse_graphml("\n".join(generate_graphml(read)), force_multigraph=True)
    assert nx.utils.graphs_equal(read, again)
    assert nx.read_gexf(io.BytesIO("\n".join(generate_gexf(read)).encode())).number_of_edges() == (
        graph.number_of_edges()
    )


# The documented rule (docs/export.md, "Attributes"): text is kept exactly, except that
# CR LF and a lone CR become LF, and what XML 1.0 cannot hold (controls other than tab,
# LF and CR; lone surrogates; U+FFFE, U+FFFF) becomes U+FFFD.  The right-hand sides are
# what networkx.read_graphml gives back, worked out by hand from that rule.
@pytest.mark.parametrize(
    ("name", "read_back"),
    [
        ("a\rb", "a\nb"),  # a lone CR
        ("a\nb", "a\nb"),
        ("a\r\nb", "a\nb"),  # CR LF is one line break, not two
        ("a\r\r\nb", "a\n\nb"),
        ("a\tb", "a\tb"),
        ("a\x00b", "a\ufffdb"),  # NUL
        ("a\x01b", "a\ufffdb"),
        ("\x1f", "\ufffd"),
        ("a\x7fb\x85", "a\x7fb\x85"),  # DEL and NEL are legal in XML 1.0
        ("a\ufffeb\uffff", "a\ufffdb\ufffd"),  # the two non-characters XML excludes
        ("\ufffd", "\ufffd"),
        ("东风\U0001f600社区\U0010ffff", "东风\U0001f600社区\U0010ffff"),  # astral: kept
        ("a\ud800b", "a\ufffdb"),  # a lone surrogate (a Python str may hold one)
        ("\ud83d\ude00", "\ufffd\ufffd"),  # two surrogates are two code points in a str
        ("a\u2028b", "a\u2028b"),  # not a line end for the writer either
        (" a  b ", " a  b "),
        ("&<>\"']]>", "&<>\"']]>"),
    ],
)
def test_graphml_text_read_back(name: str, read_back: str, tmp_path: Path) -> None:
    g = nx.MultiDiGraph(name=name)
    g.add_node("n", name=name)
    g.add_node(name, kind="unit")
    path = tmp_path / "g.graphml"
    write_graphml(g, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.graph["name"] == read_back
    assert back.nodes["n"]["name"] == read_back
    assert back.nodes[read_back] == {"kind": "unit", "kind_zh": "单位"}  # ids: the same rule


def test_graphml_empty_text_is_an_empty_element(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("n", name="", kind="unit")
    write_graphml(g, tmp_path / "g.graphml")
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    name_key = re.search(r'<key id="(d\d+)" for="node" attr.name="name"', text)
    assert name_key is not None
    assert f'<data key="{name_key[1]}" />' in text
    back = nx.read_graphml(tmp_path / "g.graphml").nodes["n"]
    # networkx 3.3 reads an empty element as "" (networkx#7319); 3.2 left it out.
    if tuple(int(part) for part in nx.__version__.split(".")[:2]) >= (3, 3):
        assert back == {"name": "", "kind": "unit", "kind_zh": "单位"}
    else:
        assert back == {"kind": "unit", "kind_zh": "单位"}


#: Text XML 1.0 holds and a reader gives back unchanged: no CR, no other control
#: character than tab and LF, no surrogate, no U+FFFE / U+FFFF.
_XML_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)).filter(
        lambda c: c in "\t\n" or (c >= " " and c not in "\ufffe\uffff")
    ),
    min_size=1,
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(_XML_TEXT)
def test_graphml_keeps_any_text_xml_can_hold(name: str) -> None:
    g = nx.MultiDiGraph()
    g.add_node("n", name=name)
    back = nx.parse_graphml("\n".join(generate_graphml(g)), force_multigraph=True)
    assert back.nodes["n"]["name"] == name


@given(st.lists(st.text()))
def test_join_and_split_list_are_inverse(items: list[str]) -> None:
    if items == [""]:
        return  # the one ambiguous case, documented: ("",) is written like ()
    assert split_list(join_list(items)) == tuple(items)


# -- JSON ---------------------------------------------------------------------------
def test_json_node_link_round_trip(graph: Any, tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    write_json(graph, path, indent=1)
    text = path.read_text(encoding="utf-8")
    assert "示例市" in text  # ensure_ascii=False
    back = nx.node_link_graph(json.loads(text), edges="links")
    assert back.is_multigraph()
    assert back.is_directed()
    assert back.graph == graph.graph
    listed = {
        n: {**{k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}, **_labels(d)}
        for n, d in graph.nodes(data=True)
    }
    assert dict(back.nodes(data=True)) == listed
    assert _edge_multiset(back) == _edge_multiset(graph)
    for u, v, k, data in graph.edges(keys=True, data=True):
        assert back.edges[u, v, k] == {**data, **_labels(data)}


def test_json_cytoscape(graph: Any) -> None:
    data = json.loads("\n".join(generate_json(graph, style="cytoscape")))
    elements = data["elements"]
    assert len(elements["nodes"]) == graph.number_of_nodes()
    assert len(elements["edges"]) == graph.number_of_edges()
    first = elements["nodes"][0]["data"]
    assert (first["id"], first["name"]) == ("city", "示例市")
    back = nx.cytoscape_graph(data)
    assert _edge_multiset(back) == _edge_multiset(graph)
    with pytest.raises(PartygraphError, match="style="):
        generate_json(graph, style="d3")  # type: ignore[arg-type]


def test_json_keeps_tricky_text(tricky: Any) -> None:
    lines = list(generate_json(tricky, indent=2))
    back = nx.node_link_graph(json.loads("\n".join(lines)), edges="links")
    assert back.nodes["q-1"]["name"] == TRICKY


# -- DOT ------------------------------------------------------------------------------
_DOT_STRING = r'"(?:[^"\\]|\\.)*"'
_DOT_NODE = re.compile(rf"^\s*({_DOT_STRING}) \[(.*)\];$")
_DOT_EDGE = re.compile(rf"^\s*({_DOT_STRING}) -> ({_DOT_STRING})(?: \[(.*)\])?;$")


def _dot_unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m[1], m[1]), text[1:-1])


def _dot_parts(lines: list[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    nodes: Counter[str] = Counter()
    edges: Counter[tuple[str, str]] = Counter()
    for line in lines:
        if m := _DOT_EDGE.match(line):
            edges[_dot_unquote(m[1]), _dot_unquote(m[2])] += 1
        elif m := _DOT_NODE.match(line):
            nodes[_dot_unquote(m[1])] += 1
    return nodes, edges


@pytest.mark.parametrize("group", [None, "cluster", "rank"])
def test_dot_declares_every_node_once_and_every_edge(tricky: Any, group: Any) -> None:
    lines = list(generate_dot(tricky, group=group))
    assert lines[0] == 'digraph "示例市（测试）" {'
    assert lines[-1] == "}"
    nodes, edges = _dot_parts(lines)
    assert nodes == Counter(map(str, tricky.nodes))
    assert edges == Counter((u, v) for u, v in tricky.edges())
    text = "\n".join(lines)
    assert text.count("{") == text.count("}")
    assert 'label="东风社区"' in text
    assert r'label="say \"你好\"\n第二行 \\ back#slash <b>&amp;`|"' in text
    assert r'label="re\"l\\"' in text
    # Outside quoted strings, no quote or backslash is left over.
    assert not re.search(r'["\\]', re.sub(_DOT_STRING, "", text))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("group", [None, "cluster", "rank"])
def test_graphviz_reads_the_dot(tricky: Any, group: Any, tmp_path: Path) -> None:
    path = tmp_path / "g.dot"
    write_dot(tricky, path, group=group)
    done = subprocess.run(
        ["dot", "-Tjson", str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    drawn = json.loads(done.stdout)
    nodes = {o["name"]: o for o in drawn["objects"] if "nodes" not in o}  # not subgraphs
    assert set(nodes) == set(map(str, tricky.nodes))
    assert len(drawn["edges"]) == tricky.number_of_edges()
    # Graphviz keeps a label as an escString: \n is a line break, \\ a backslash.
    # (and &amp; stays as written: Graphviz turns it into & when it draws, as below)
    assert nodes["q-1"]["label"] == 'say "你好"\\n第二行 \\\\ back#slash <b>&amp;`|'
    svg = subprocess.run(
        ["dot", "-Tsvg", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert ">say &quot;你好&quot;</text>" in svg
    assert ">第二行 \\ back#slash &lt;b&gt;&amp;`|</text>" in svg


def test_dot_names_fonts_with_chinese_glyphs_by_default(graph: Any) -> None:
    # Graphviz's own default, Times, draws every Chinese character as a box.
    lines = list(generate_dot(graph))
    fonts = '"Noto Sans SC,Noto Sans CJK SC,Source Han Sans SC,Microsoft YaHei,PingFang SC,'
    for head in ("    graph [", "    node [", "    edge ["):
        line = next(x for x in lines if x.startswith(head))
        assert f'fontname={fonts}SimHei,WenQuanYi Micro Hei,sans-serif"' in line, line
    assert not any("fontname" in x for x in generate_dot(graph, fontname=None))


def test_dot_options(graph: Any) -> None:
    text = "\n".join(generate_dot(graph, edge_labels=False, rankdir="LR", fontname="Noto Sans SC"))
    assert 'rankdir="LR"' in text
    assert 'fontname="Noto Sans SC"' in text
    assert "contains" not in text
    undirected = "\n".join(generate_dot(nx.Graph([("a", "b")])))
    assert undirected.startswith("graph {")
    assert '"a" -- "b";' in undirected
    with pytest.raises(PartygraphError, match="group="):
        generate_dot(graph, group="kind")  # type: ignore[arg-type]


# -- Mermaid --------------------------------------------------------------------------
_MERMAID_NODE = re.compile(r'^    ([A-Za-z][A-Za-z0-9_]*)\["([^"]*)"\]$')
_MERMAID_EDGE = re.compile(
    r'^    ([A-Za-z][A-Za-z0-9_]*) -->(?:\|"([^"]*)"\|)? ([A-Za-z][A-Za-z0-9_]*)$'
)


def test_mermaid_declares_every_node_once_and_every_edge(tricky: Any) -> None:
    lines = list(generate_mermaid(tricky))
    assert lines[0] == "flowchart TD"
    ids = mermaid_ids(tricky)
    assert len(set(ids.values())) == len(ids)
    declared = Counter(m[1] for line in lines if (m := _MERMAID_NODE.match(line)))
    assert declared == Counter(ids.values())
    edges = Counter((m[1], m[3]) for line in lines if (m := _MERMAID_EDGE.match(line)))
    assert edges == Counter((ids[u], ids[v]) for u, v in tricky.edges())
    assert len(lines) == 1 + tricky.number_of_nodes() + tricky.number_of_edges()
    labels = {m[1]: m[2] for line in lines if (m := _MERMAID_NODE.match(line))}
    assert labels[ids["c1"]] == "东风社区"
    assert labels[ids["q-1"]] == (
        "say #quot;你好#quot;<br>第二行 \\ back#35;slash #lt;b#gt;#amp;#96;#124;"
    )
    assert '|"re#quot;l\\"|' in "\n".join(lines)


def test_mermaid_ids_are_safe_stable_and_distinct() -> None:
    g = nx.MultiDiGraph()
    g.add_nodes_from(["c1-g1", "c1_g1", "c1.g1", "end", "o", "东风", "西湖", 7])
    ids = mermaid_ids(g)
    assert ids == mermaid_ids(g.copy())
    assert ids["c1-g1"] == "n_c1_g1"
    assert ids["c1_g1"] == "n_c1_g1_2"
    assert ids["end"] == "n_end"
    assert ids[7] == "n_7"
    assert len(set(ids.values())) == len(ids)
    assert all(re.fullmatch(r"n_[A-Za-z0-9_]+", i) for i in ids.values())


def test_mermaid_refuses_a_huge_graph(graph: Any) -> None:
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    with pytest.raises(
        PartygraphError, match=f"图里有 {n} 个节点，超过 Mermaid 图可读的上限 10 个"
    ):
        generate_mermaid(graph, max_nodes=10)
    with pytest.raises(PartygraphError, match=f"图里有 {m} 条连线，超过上限 5 条"):
        generate_mermaid(graph, max_edges=5)
    with use_language("en"), pytest.raises(PartygraphError, match="more than max_nodes=10"):
        generate_mermaid(graph, max_nodes=10)
    assert len(list(generate_mermaid(graph, max_nodes=None, max_edges=None))) > 10


def test_mermaid_refuses_a_text_longer_than_mermaid_renders() -> None:
    # 200 nodes named with 250 characters: each line is 4 spaces, n_<id>, ["…"]
    # -- over 250 characters, 200 of them over 50,000; 150 of them are not.
    def star(k: int) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        for i in range(k):
            g.add_node(f"u{i:03d}", name="社" * 250)
        return g

    with pytest.raises(PartygraphError, match=r"Mermaid 图的文字有 5\d,\d{3} 个字符，超过.*50,000"):
        generate_mermaid(star(200))
    assert len(list(generate_mermaid(star(150)))) == 151
    assert len(list(generate_mermaid(star(200), max_text=None))) == 201


def test_mermaid_options(tmp_path: Path) -> None:
    g = nx.Graph()
    g.add_edge("a", "b", relation="")
    g.nodes["a"]["name"] = ""
    assert list(generate_mermaid(g, direction="LR")) == [
        "flowchart LR",
        '    n_a["a"]',
        '    n_b["b"]',
        "    n_a --- n_b",
    ]
    write_mermaid(g, tmp_path / "g.md")
    write_mermaid(g, tmp_path / "g.mmd")
    assert (tmp_path / "g.md").read_text(encoding="utf-8").startswith("```mermaid\nflowchart")
    assert (tmp_path / "g.mmd").read_text(encoding="utf-8").startswith("flowchart")


# -- CSV ------------------------------------------------------------------------------
def _read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a table we wrote, read as docs/export.md says (formula guard undone)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: restore_formula(v) for k, v in row.items()} for row in csv.DictReader(f)]


def test_csv_tables(graph: Any, tmp_path: Path) -> None:
    write_csv(graph, tmp_path / "tables")
    nodes_path, edges_path = tmp_path / "tables" / "nodes.csv", tmp_path / "tables" / "edges.csv"
    assert csv_paths(tmp_path / "tables") == (nodes_path, edges_path)
    assert nodes_path.read_bytes()[:3] != b"\xef\xbb\xbf"
    nodes, edges = _read_csv(nodes_path), _read_csv(edges_path)
    assert len(nodes) == graph.number_of_nodes()
    assert len(edges) == graph.number_of_edges()
    node_attrs = {k for _, d in graph.nodes(data=True) for k in d} - {"kind", "name"}
    assert list(nodes[0])[:4] == ["id", "kind", "kind_zh", "name"]
    assert set(list(nodes[0])[4:]) == node_attrs - {"routines", "meetings", "items"}  # only ()
    edge_attrs = {k for *_, d in graph.edges(data=True) for k in d} - {"relation"}
    assert list(edges[0])[:5] == ["source", "target", "relation", "relation_zh", "key"]
    assert set(list(edges[0])[5:]) == edge_attrs | {"role_zh"}
    back = Counter((e["source"], e["target"], e["key"], e["relation"]) for e in edges)
    assert back == _edge_multiset(graph)
    row = {r["id"]: r for r in nodes}
    assert row["cap1"]["duties"] == "sanitation;patrol"
    assert row["dist"]["district"] == "true"
    assert row["o-c1"]["members_full"] == "120"
    assert row["city"]["members_full"] == ""
    by_key = {(e["source"], e["key"]): e for e in edges}
    assert by_key["e-c1", "held_by:part_time_member"]["on_behalf_of"] == "u-sch"


def test_csv_pair_beside_a_csv_name_with_bom(tricky: Any, tmp_path: Path) -> None:
    write_csv(tricky, tmp_path / "small.csv", bom=True)
    nodes_path, edges_path = csv_paths(tmp_path / "small.csv")
    assert nodes_path.name == "small.nodes.csv"
    assert edges_path.name == "small.edges.csv"
    assert nodes_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert edges_path.read_bytes().startswith(b"\xef\xbb\xbf")
    nodes = {r["id"]: r for r in _read_csv(nodes_path)}
    assert nodes["q-1"]["name"] == TRICKY
    edges = _read_csv(edges_path)
    assert {'k"1'} <= {e["key"] for e in edges}
    assert len(edges) == tricky.number_of_edges()


def test_csv_neo4j_header(graph: Any) -> None:
    nodes_head = next(generate_csv(graph, header="neo4j")).split(",")
    assert nodes_head[:4] == ["id:ID", ":LABEL", "kind_zh", "name"]
    assert {"district:boolean", "members_full:long", "x:double", "duties:string[]"} <= set(
        nodes_head
    )
    assert "level" in nodes_head
    edges_head = next(generate_csv(graph, table="edges", header="neo4j")).split(",")
    assert edges_head[:5] == [":START_ID", ":END_ID", ":TYPE", "relation_zh", "key"]
    with pytest.raises(PartygraphError, match="table="):
        generate_csv(graph, table="links")  # type: ignore[arg-type]
    with pytest.raises(PartygraphError, match="header="):
        generate_csv(graph, header="tigergraph")  # type: ignore[arg-type]


def test_csv_records_are_quoted(tricky: Any) -> None:
    records = list(generate_csv(tricky))
    assert len(records) == 1 + tricky.number_of_nodes()
    rows = list(csv.reader(io.StringIO("\n".join(records) + "\n", newline="")))
    assert len(rows) == len(records)
    names = {r[0]: r[3] for r in rows[1:]}
    assert names["q-1"] == TRICKY


# -- generate and write agree; writes are all or nothing ---------------------------------
@pytest.mark.parametrize(
    ("write", "generate"),
    [
        (write_graphml, generate_graphml),
        (write_gexf, generate_gexf),
        (write_dot, generate_dot),
        (write_mermaid, generate_mermaid),
        (write_json, generate_json),
    ],
)
def test_write_writes_what_generate_yields(
    model: partygraph.Model, write: Any, generate: Any, tmp_path: Path
) -> None:
    path = tmp_path / "out"
    write(model, path, population=True)
    assert path.read_text(encoding="utf-8") == "".join(
        line + "\n" for line in generate(model, population=True)
    )


def _failing(lines: Iterator[str]) -> Iterator[str]:
    yield next(lines)
    raise RuntimeError("disk full")


#: Where each format's lines come from: the function to break part-way.
_LINE_SOURCES = {
    "graphml": (graphml_export, "_stream"),
    "gexf": (gexf_export, "_stream"),
    "dot": (dot_export, "_dot_lines"),
    "mermaid": (mermaid_export, "_mermaid_lines"),
    "json": (json_export, "split_lines"),
}


@pytest.mark.parametrize("name", list(_LINE_SOURCES))
def test_a_failure_mid_write_leaves_no_file(
    graph: Any, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module, helper = _LINE_SOURCES[name]
    original = getattr(module, helper)
    monkeypatch.setattr(module, helper, lambda *a, _f=original, **k: _failing(iter(_f(*a, **k))))
    out = tmp_path / "new" / "deeper" / f"g.{name}"
    with pytest.raises(RuntimeError, match="disk full"):
        FORMATS[name].write(graph, out)
    assert not (tmp_path / "new").exists()  # neither the file nor the folders made for it


def test_a_failure_keeps_the_old_file(
    graph: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "g.dot"
    out.write_text("old", encoding="utf-8")
    original = dot_export._dot_lines
    monkeypatch.setattr(dot_export, "_dot_lines", lambda *a, **k: _failing(original(*a, **k)))
    with pytest.raises(RuntimeError):
        write_dot(graph, out)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.dot"]  # no temporary file left


def test_a_csv_failure_leaves_neither_table(
    graph: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = csv_export._csv_records

    def records(g: Any, table: str, header: str) -> Iterator[str]:
        if table == "edges":
            return _failing(original(g, table, header))
        return original(g, table, header)

    monkeypatch.setattr(csv_export, "_csv_records", records)
    with pytest.raises(RuntimeError):
        write_csv(graph, tmp_path / "tables")
    assert not (tmp_path / "tables").exists()


# -- CLI ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(FORMATS))
def test_cli_export_every_format(
    small_model_path: Path, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"small{FORMATS[name].suffix}"
    assert main(["export", str(small_model_path), "--format", name, "-o", str(out)]) == 0
    tables = {"csv": csv_paths, "parquet": parquet_paths}
    written = tables[name](out) if name in tables else (out,)
    printed = capsys.readouterr().out
    for path in written:
        assert path.stat().st_size > 0
        assert f"已写出 {path}" in printed
    if name == "parquet":
        import pyarrow.parquet as pq

        assert "东风社区" in pq.read_table(written[0]).column("name").to_pylist()
    else:
        assert "东风社区" in written[0].read_text(encoding="utf-8")


def test_cli_layer_population_and_options(small_model_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "linkage.json"
    args = ["export", str(small_model_path), "-f", "json", "--layer", "linkage", "-o", str(out)]
    assert main([*args, "--cytoscape"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    kinds = {n["data"]["kind"] for n in data["elements"]["nodes"]}
    assert kinds == {"city", "county", "subdistrict", "community", "party_org"}
    tables = tmp_path / "neo4j"
    assert (
        main(
            [
                "export",
                str(small_model_path),
                "-f",
                "csv",
                "--population",
                "--neo4j",
                "--bom",
                "-o",
                str(tables),
            ]
        )
        == 0
    )
    nodes = _read_csv(tables / "nodes.csv")
    assert len(nodes) == 46
    assert "id:ID" in nodes[0]
    mermaid = tmp_path / "all.mmd"
    args = ["export", str(small_model_path), "-f", "mermaid", "--population", "-o", str(mermaid)]
    assert main([*args, "--max-nodes", "0"]) == 0
    assert (
        main(
            [
                "export",
                str(small_model_path),
                "-f",
                "dot",
                "--group",
                "cluster",
                "-o",
                str(tmp_path / "g.dot"),
            ]
        )
        == 0
    )
    assert "subgraph" in (tmp_path / "g.dot").read_text(encoding="utf-8")


def test_cli_max_nodes_0_lifts_the_limits(tmp_path: Path) -> None:
    # Yangjiang's whistle layer: 364 nodes (151 divisions to communities, 199 departments,
    # 14 issue categories), 1048 edges (150 + 199 contains, 699 handles: departments.csv)
    out = tmp_path / "whistle.mmd"
    args = ["export", str(ROOT / "configs" / "yangjiang.yaml"), "-f", "mermaid"]
    assert main([*args, "--layer", "whistle", "--max-nodes", "0", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("\n") == 1 + 364 + 1048


def test_cli_bad_format_is_a_usage_error(small_model_path: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", str(small_model_path), "--format", "pdf", "-o", str(tmp_path / "x")])
    assert exc.value.code == 2
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-f", "dot", "--bom"], "partygraph: 错误：--bom 只用于 --format csv，不用于 dot"),
        (["-f", "mermaid", "--population", "--max-nodes", "10"], "Mermaid 图可读的上限 10 个"),
    ],
)
def test_cli_errors_exit_2_and_write_nothing(
    small_model_path: Path,
    extra: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "sub" / "out"
    assert main(["export", str(small_model_path), *extra, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "sub").exists()


def test_cli_bad_model_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.gexf"
    assert main(["export", str(tmp_path / "missing.yaml"), "-f", "gexf", "-o", str(out)]) == 2
    assert "无法读取文件" in capsys.readouterr().err
    assert not out.exists()


def test_cli_failure_mid_write_leaves_no_file(
    small_model_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Iterator[str]:
        yield "<?xml version='1.0' encoding='utf-8'?>"
        raise PartygraphError("the disk is full")

    monkeypatch.setattr(graphml_export, "_stream", broken)
    out = tmp_path / "small.graphml"
    assert main(["export", str(small_model_path), "-f", "graphml", "-o", str(out)]) == 2
    assert list(tmp_path.iterdir()) == []


# -- docs and the example -------------------------------------------------------------------
def test_docs_cover_every_format_and_function() -> None:
    doc = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    for name in [*FORMATS, *partygraph.export.__all__]:
        if name not in ("FORMATS", "Format", "CSV_COLUMNS", "PARQUET_COLUMNS", "LIST_SEPARATOR"):
            assert f"`{name}" in doc, f"docs/export.md does not mention `{name}`"
    for option in ("--layer", "--population", "--bom", "--neo4j", "--cytoscape", "--group"):
        assert option in doc
    for name in FORMATS:
        assert f"`partygraph/export/{name}.py`" in doc


# -- layout: one module per format, the package re-exports the public names -----------------
def test_one_module_per_format() -> None:
    for name, fmt in FORMATS.items():
        module = importlib.import_module(f"partygraph.export.{name}")
        assert fmt.write is getattr(module, f"write_{name}")
        # Parquet is binary: its tables, not lines of text
        generate = "parquet_tables" if name == "parquet" else f"generate_{name}"
        assert {generate, f"write_{name}"} <= set(module.__all__)
        for public in module.__all__:
            assert getattr(partygraph.export, public) is getattr(module, public)


def test_the_package_exports_exactly_the_public_names() -> None:
    assert sorted(partygraph.export.__all__) == sorted(
        [
            "CSV_COLUMNS",
            "FORMATS",
            "LIST_SEPARATOR",
            "PARQUET_COLUMNS",
            "Format",
            "csv_paths",
            "edge_labels",
            "geojson_document",
            "graph_of",
            "join_list",
            "mermaid_ids",
            "node_labels",
            "parquet_paths",
            "parquet_tables",
            "restore_formula",
            "split_list",
            *(f"generate_{name}" for name in FORMATS if name != "parquet"),
            *(f"write_{name}" for name in FORMATS),
        ]
    )
    assert list(FORMATS) == [
        "graphml",
        "gexf",
        "dot",
        "mermaid",
        "json",
        "csv",
        "parquet",
        "geojson",
    ]


def test_example_exports_every_format(
    small_model_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On the small model (tests/test_examples.py runs it on Yangjiang)."""
    script = ROOT / "examples" / "export_yangjiang.py"
    monkeypatch.setattr(sys, "argv", [str(script), str(tmp_path), str(small_model_path)])
    runpy.run_path(str(script), run_name="__main__")
    written = sorted(p.name for p in tmp_path.iterdir())
    suffixes = [".graphml", ".gexf", ".dot", "-subdistrict.md", ".json", ".nodes.csv", ".edges.csv"]
    suffixes += [".nodes.parquet", ".edges.parquet", ".geojson"]
    assert written == sorted(f"model{suffix}" for suffix in suffixes)
    assert "wrote every format" in capsys.readouterr().out
    for path in tmp_path.iterdir():
        assert path.stat().st_size > 0
