"""The streaming GraphML and GEXF writers write what networkx's ElementTree writers wrote.

The writers in :mod:`partygraph.export.graphml` and :mod:`partygraph.export.gexf`
make each element as text as they reach it; ``_graphml_tree`` / ``_gexf_tree``
still build networkx's ElementTree and serialise it (they are the fallback for
what the stream leaves to networkx).  Byte-identical documents read back as the
same graph in any reader, so these tests compare bytes: on the shipped example,
on hypothesis-generated models, and on hypothesis-generated graphs whose every
name -- node ids, keys, attribute names and values -- is hostile (control
characters, quotes, ``<``, ``&``, CR, lone surrogates, astral characters).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.export import gexf as gexf_export
from partygraph.export import graphml as graphml_export
from partygraph.export import write_gexf, write_graphml
from partygraph.export._common import flatten, graph_of
from partygraph.export._xml import chunk_lines

from .strategies import models

ROOT = Path(__file__).resolve().parents[1]


def _stream_text(chunks: Any) -> str:
    return "".join(line + "\n" for line in chunk_lines(chunks))


def _graphml_pair(g: Any) -> tuple[str, str]:
    """(streamed, ElementTree) GraphML of ``g``."""
    streamed = _stream_text(graphml_export._graphml_chunks(g))
    tree = graphml_export._graphml_tree(flatten(g, xml=True, key_attribute=True))
    return streamed, tree


def _gexf_pair(g: Any, timeline: bool = False) -> tuple[str, str]:
    """(streamed, ElementTree) GEXF of ``g``."""
    streamed = _stream_text(gexf_export._gexf_chunks(g, timeline=timeline))
    tree = gexf_export._gexf_tree(gexf_export._labelled(g, timeline=timeline), timeline=timeline)
    return streamed, tree


@pytest.fixture(scope="module")
def example() -> Any:
    return graph_of(partygraph.load(ROOT / "configs" / "yangjiang.yaml"))


@pytest.mark.slow  # the whole example, written four times (about 11 s of CPU)
def test_the_example_is_byte_identical(example: Any) -> None:
    # the timeline document is the static one plus spans: one GEXF comparison covers both
    for streamed, tree in (_graphml_pair(example), _gexf_pair(example, True)):
        assert streamed == tree
    # and it is the real example, not an empty document that would match trivially
    assert streamed.count("<node ") == example.number_of_nodes() > 18000
    assert streamed.count("<edge ") == example.number_of_edges() > 30000


def test_write_writes_the_streamed_document(example: Any, tmp_path: Path) -> None:
    sub = example.subgraph(list(example)[:300]).copy()
    write_graphml(sub, tmp_path / "g.graphml")
    write_gexf(sub, tmp_path / "g.gexf")
    assert (tmp_path / "g.graphml").read_text(encoding="utf-8") == _graphml_pair(sub)[1]
    assert (tmp_path / "g.gexf").read_text(encoding="utf-8") == _gexf_pair(sub)[1]
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert back.number_of_nodes() == 300
    assert back.number_of_edges() == sub.number_of_edges()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=models(), population=st.booleans())
def test_generated_models_are_byte_identical(model: partygraph.Model, population: bool) -> None:
    g = graph_of(model, population=population)
    assert _graphml_pair(g)[0] == _graphml_pair(g)[1]
    assert _gexf_pair(g)[0] == _gexf_pair(g)[1]
    assert _gexf_pair(g, True)[0] == _gexf_pair(g, True)[1]


#: Any code point, lone surrogates and U+FFFE included, weighted towards the awkward ones.
_HOSTILE = st.one_of(
    st.sampled_from("<>&\"'\r\n\t\x00\x07\x1f\ud800\udfff\ufffe\uffff\U0001f3e0 ]]>;\\社区"),
    st.characters(codec=None),
)
_NAMES = st.text(_HOSTILE, max_size=6)
#: Attribute names networkx's GEXF writer treats apart, and ordinary ones.
_FIELDS = st.one_of(
    st.sampled_from(["id", "label", "start", "end", "pid", "weight", "type", "key", "name"]),
    st.sampled_from(["kind", "relation", "role", "parents", "valid_from"]),
    st.text(_HOSTILE, min_size=1, max_size=4),
)
_VALUES = st.one_of(
    _NAMES,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(_NAMES, max_size=3),
    st.dates(),
)
_ATTRS = st.dictionaries(_FIELDS, _VALUES, max_size=4)


@st.composite
def hostile_graphs(draw: Any) -> Any:
    cls = draw(st.sampled_from([nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph]))
    g = cls()
    # networkx's GraphML writer cannot write a graph "id" that is not text (tested apart)
    g.graph.update({k: v for k, v in draw(_ATTRS).items() if k != "id" or isinstance(v, str)})
    nodes = draw(st.lists(st.one_of(_NAMES, st.integers(-5, 5)), max_size=6, unique=True))
    for node in nodes:
        g.add_node(node, **{str(k): v for k, v in draw(_ATTRS).items()})
    if nodes:
        for _ in range(draw(st.integers(0, 8))):
            u, v = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
            key = draw(st.one_of(_NAMES, st.integers(0, 3))) if g.is_multigraph() else None
            g.add_edge(u, v, key=key) if key is not None else g.add_edge(u, v)
            ends = (u, v, key) if key is not None else (u, v)
            g.edges[ends].update(draw(_ATTRS))
    return g


def _same(pair: Any) -> None:
    """Both writers give the same text, or both refuse the graph the same way."""
    try:
        streamed = pair[0]()
    except Exception as refused:
        with pytest.raises(type(refused)):
            pair[1]()
        return
    assert streamed == pair[1]()


@pytest.mark.slow  # many hypothesis examples
@settings(max_examples=300, deadline=None)
@given(g=hostile_graphs(), timeline=st.booleans())
def test_hostile_graphs_are_byte_identical(g: Any, timeline: bool) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NaN and infinity are left out with a warning
        _same(
            (
                lambda: _stream_text(graphml_export._graphml_chunks(g)),
                lambda: graphml_export._graphml_tree(flatten(g, xml=True, key_attribute=True)),
            )
        )
        _same(
            (
                lambda: _stream_text(gexf_export._gexf_chunks(g, timeline=timeline)),
                lambda: gexf_export._gexf_tree(
                    gexf_export._labelled(g, timeline=timeline), timeline=timeline
                ),
            )
        )


def test_hostile_text_is_escaped_as_elementtree_escapes_it() -> None:
    g = nx.MultiDiGraph(name='甲 & "乙" <丙>')
    g.add_node("a<&>\"'\t\r\n\x00\ud800", **{'n<&"\t': "v<&>\"'\t\r\n\x00\ud800]]>"})
    g.add_edge("a<&>\"'\t\r\n\x00\ud800", "b", key='k"&<', relation="x\ty")
    for streamed, tree in (_graphml_pair(g), _gexf_pair(g)):
        assert streamed == tree
    streamed = _graphml_pair(g)[0]
    # the node id: CR LF read as LF (xml_safe), NUL and the surrogate as U+FFFD
    assert '<node id="a&lt;&amp;&gt;&quot;\'&#09;&#10;\ufffd\ufffd">' in streamed
    assert 'attr.name="n&lt;&amp;&quot;&#09;"' in streamed
    assert ">v&lt;&amp;&gt;\"'\t\n\ufffd\ufffd]]&gt;</data>" in streamed


def test_a_graph_id_that_is_not_text_is_written_as_text() -> None:
    g = nx.DiGraph(id=7)
    with pytest.raises(TypeError):  # networkx's ElementTree writer refused it
        _graphml_pair(g)
    assert '<graph edgedefault="directed" id="7" />' in _stream_text(
        graphml_export._graphml_chunks(g)
    )


def test_what_the_stream_leaves_to_networkx_is_still_written() -> None:
    # a node's truthy "parents" is written by networkx as <parents> elements
    g = nx.DiGraph()
    g.add_node("a", parents="b")
    g.add_node("b")
    streamed, tree = _gexf_pair(g)
    assert streamed == tree
    assert '<parent for="b" />' in streamed
