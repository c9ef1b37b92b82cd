"""GraphML, for Gephi, yEd, Cytoscape and ``networkx.read_graphml``.

Written from a flattened copy of the graph (see :mod:`partygraph.export._common`),
without edge ids, with each edge's key as the edge attribute ``key``: element by
element as it goes (:mod:`partygraph.export._xml`), the same bytes networkx's
:class:`~networkx.readwrite.graphml.GraphMLWriter` writes, without building its
ElementTree (``_graphml_tree`` still does, for what the stream leaves to it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from networkx.readwrite.graphml import GraphMLWriter

from partygraph.export import _xml
from partygraph.export._common import (
    PathLike,
    flatten,
    graph_of,
    split_lines,
    write_lines,
    xml_document,
)
from partygraph.model import Model

__all__ = ["generate_graphml", "write_graphml"]


def generate_graphml(source: Model | Any, *, population: bool | str = False) -> Iterator[str]:
    """Lines of a GraphML document for Gephi, yEd, Cytoscape or networkx.

    Every attribute is kept, converted as :mod:`partygraph.export` says; node ids
    become text.  Edges carry no GraphML id (ids must be unique, and
    networkx's keys are not); each edge's key is the edge attribute ``key``, so
    ``nx.read_graphml(path, force_multigraph=True)`` gives back the keys.

    Parameters
    ----------
    source : Model or networkx graph
        See :func:`graph_of`.
    population : bool or str
        See :func:`graph_of`.

    Returns
    -------
    iterator of str
        The document's lines, without line ends.

    Examples
    --------
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> lines = list(generate_graphml(m))
    >>> lines[0]
    "<?xml version='1.0' encoding='utf-8'?>"
    >>> print(next(line for line in lines if "示例市" in line).strip())
    <data key="d...">示例市</data>
    """
    return _xml.chunk_lines(_graphml_chunks(graph_of(source, population=population)))


def _graphml_chunks(g: Any) -> Iterator[str]:
    """The document as chunks of whole lines (see :func:`_xml.chunk_lines`)."""
    flat = flatten(g, xml=True, key_attribute=True)
    try:
        keys = _keys(flat)
    except _xml.UnsupportedError:
        return split_lines(_graphml_tree(flat))
    return _stream(flat, keys)


#: GraphML's ``attr.type`` of each Python type a flattened attribute can have.
_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_SCOPES = ("graph", "node", "edge")


def _graph_data(flat: Any) -> dict[Any, Any]:
    return {k: v for k, v in flat.graph.items() if k not in ("id", "node_default", "edge_default")}


def _keys(flat: Any) -> dict[str, dict[tuple[Any, type], str]]:
    """Each scope's (name, type) -> key id, numbered as networkx numbers them: in
    the order first met, the graph's attributes first, then the nodes', the edges'."""
    ids: dict[tuple[str, str, str], str] = {}
    keys: dict[str, dict[tuple[Any, type], str]] = {scope: {} for scope in _SCOPES}
    rows = (
        ("graph", [_graph_data(flat)]),
        ("node", (data for _, data in flat.nodes(data=True))),
        ("edge", (data for *_, data in flat.edges(data=True))),
    )
    for scope, datas in rows:
        seen = keys[scope]
        # one row of each shape (names and their values' types) says all a row can
        shapes: set[tuple[tuple[Any, ...], tuple[type, ...]]] = set()
        for data in datas:
            shape = (tuple(data), tuple(map(type, data.values())))
            if shape in shapes:
                continue
            shapes.add(shape)
            for k, v in data.items():
                if (k, type(v)) not in seen:
                    kind = _TYPES.get(type(v))
                    if kind is None:
                        raise _xml.UnsupportedError(type(v).__name__)
                    seen[(k, type(v))] = ids.setdefault((str(k), kind, scope), f"d{len(ids)}")
    return keys


def _declarations(
    keys: dict[str, dict[tuple[Any, type], str]],
) -> Iterator[tuple[str, str, str, str]]:
    declared: dict[str, tuple[str, str, str]] = {}
    for scope, seen in keys.items():
        for (k, t), ident in seen.items():
            declared.setdefault(ident, (scope, str(k), _TYPES[t]))
    # networkx puts each new key first: the last one met leads
    for ident in sorted(declared, key=lambda i: -int(i[1:])):
        scope, name, kind = declared[ident]
        yield ident, scope, _xml.attribute(name), kind


def _data(data: dict[Any, Any], seen: dict[tuple[Any, type], str], indent: str) -> list[str]:
    out = []
    for k, v in data.items():
        value = _xml.text(str(v))
        key = seen[(k, type(v))]
        start = f'{indent}<data key="{key}"'
        out.append(f"{start}>{value}</data>" if value else start + " />")
    return out


def _stream(flat: Any, keys: dict[str, dict[tuple[Any, type], str]]) -> Iterator[str]:
    yield "<?xml version='1.0' encoding='utf-8'?>"
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
    )
    for ident, scope, name, kind in _declarations(keys):
        yield f'  <key id="{ident}" for="{scope}" attr.name="{name}" attr.type="{kind}" />'
    graph_id = flat.graph.get("id")
    head = '  <graph edgedefault="{}"'.format("directed" if flat.is_directed() else "undirected")
    if graph_id is not None:
        head += f' id="{_xml.attribute(str(graph_id))}"'
    graph_data = _data(_graph_data(flat), keys["graph"], "    ")
    if not graph_data and flat.number_of_nodes() == 0:
        yield head + " />"
        yield "</graphml>"
        return
    yield head + ">"
    node_keys, edge_keys = keys["node"], keys["edge"]
    for node, data in flat.nodes(data=True):
        start = f'    <node id="{_xml.attribute(str(node))}"'
        if data:
            yield "\n".join([start + ">", *_data(data, node_keys, "      "), "    </node>"])
        else:
            yield start + " />"
    for u, v, data in flat.edges(data=True):
        start = f'    <edge source="{_xml.attribute(str(u))}" target="{_xml.attribute(str(v))}"'
        if data:
            yield "\n".join([start + ">", *_data(data, edge_keys, "      "), "    </edge>"])
        else:
            yield start + " />"
    if graph_data:
        yield "\n".join(graph_data)
    yield "  </graph>"
    yield "</graphml>"


def _graphml_tree(flat: Any) -> str:
    """The document as networkx's ElementTree writer makes it."""
    writer = GraphMLWriter(graph=flat, encoding="utf-8", prettyprint=True)
    for edge in writer.xml.iter("edge"):
        edge.attrib.pop("id", None)
    return xml_document(writer)


def write_graphml(source: Model | Any, path: PathLike, *, population: bool | str = False) -> None:
    """Write a GraphML file (see :func:`generate_graphml`), all or nothing.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import networkx as nx
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_graphml(m, pathlib.Path(d) / "m.graphml")
    ...     g = nx.read_graphml(pathlib.Path(d) / "m.graphml")
    >>> g.nodes["c"]["name"], g.nodes["c"]["district"]
    ('示例市', False)
    """
    write_lines(path, _graphml_chunks(graph_of(source, population=population)))
