"""GEXF 1.2, Gephi's own format, also read by ``networkx.read_gexf``.

Written from a flattened copy of the graph (see :mod:`partygraph.export._common`),
nodes labelled with their name and edges with their key: element by element as
it goes (:mod:`partygraph.export._xml`), the same bytes networkx's
:class:`~networkx.readwrite.gexf.GEXFWriter` writes, without building its
ElementTree (``_gexf_tree`` still does, for what the stream leaves to it).  With ``timeline=True``
the graph is dynamic (Gephi's timeline): each node spans its ``valid_from``
to its ``valid_until``, each edge the part of that both its ends share.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from partygraph.export import _xml
from partygraph.export._common import (
    PathLike,
    edges_of,
    flatten,
    graph_of,
    split_lines,
    write_lines,
    xml_document,
)
from partygraph.model import Model

__all__ = ["generate_gexf", "write_gexf"]


def generate_gexf(
    source: Model | Any, *, population: bool | str = False, timeline: bool = False
) -> Iterator[str]:
    """Lines of a GEXF 1.2 document, Gephi's own format.

    Every attribute is kept, converted as :mod:`partygraph.export` says.  A node's
    GEXF ``label`` is its ``name``; an edge's ``label`` is its key (Gephi shows
    it and tells parallel edges apart by it), and the key is also the
    attribute ``networkx_key``.  ``nx.read_gexf`` returns a ``DiGraph`` when no
    two edges join the same nodes; the key is then the edge's ``label``.

    With ``timeline=True`` the graph is ``mode="dynamic"`` with
    ``timeformat="date"``, for Gephi's timeline: a node with ``valid_from`` or
    ``valid_until`` (a term, an agreement) gets ``start`` and ``end``, and an
    edge the span both its ends share - a pairing's edges to its unit and its
    community span the pairing's agreement.  An open side stays open: a node
    without dates is there all the time.  ``valid_from`` and ``valid_until``
    stay attributes too.

    Parameters
    ----------
    source : Model or networkx graph
        See :func:`graph_of`.
    population : bool or str
        See :func:`graph_of`.
    timeline : bool
        Write a dynamic graph with ``start`` / ``end`` from the validity dates.

    Returns
    -------
    iterator of str
        The document's lines, without line ends.

    Examples
    --------
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="示例区", level="county", parent="c")])
    >>> lines = [line.strip() for line in generate_gexf(m)]
    >>> print("\\n".join(line for line in lines if line.startswith(("<node ", "<edge "))))
    <node id="c" label="示例市">
    <node id="k" label="示例区">
    <edge source="c" target="k" id="0" label="contains">
    """
    g = graph_of(source, population=population)
    return _xml.chunk_lines(_gexf_chunks(g, timeline=timeline))


def _gexf_chunks(g: Any, *, timeline: bool = False) -> Iterator[str]:
    """The document as chunks of whole lines (see :func:`_xml.chunk_lines`)."""
    flat = _labelled(g, timeline=timeline)
    try:
        plan = _plan(flat)
    except _xml.UnsupportedError:
        return split_lines(_gexf_tree(flat, timeline=timeline))
    return _stream(flat, plan, timeline=timeline)


def _labelled(g: Any, *, timeline: bool) -> Any:
    flat = flatten(g, xml=True)
    if timeline:
        _spans(flat)
    for node, data in flat.nodes(data=True):
        data.setdefault("label", str(data.get("name", node)))
    for _, _, key, data in edges_of(flat):
        label = key if key is not None else data.get("relation")
        if label is not None:
            data.setdefault("label", str(label))
    return flat


def _gexf_tree(flat: Any, *, timeline: bool = False) -> str:
    """The document as networkx's ElementTree writer makes it."""
    writer = GEXFWriter(graph=flat, encoding="utf-8", prettyprint=True, version="1.2draft")
    _name_in_meta(writer.xml, str(flat.graph.get("name", "")))
    if timeline:
        # networkx before 3.5 leaves timeformat out (readers then take the ISO dates
        # for numbers): say it, whatever the version.
        graph = writer.xml.find("graph")
        if graph is not None:
            graph.set("timeformat", "date")
    return xml_document(writer)


#: GEXF's attribute ``type`` of each Python type a flattened attribute can have.
_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
#: What networkx's writer takes out of a node's or an edge's data to write otherwise.
_NODE_FIELDS = ("id", "label", "pid", "start", "end")
_EDGE_FIELDS = ("id", "label", "weight", "type", "start", "end")
#: What it writes as elements of their own: left to it (a flat graph has none).
_NODE_ELEMENTS = ("parents", "spells", "viz")
_EDGE_ELEMENTS = ("spells", "viz")


class _Plan:
    """What must be known before the first node is written: the attribute
    declarations, the time format, the edge ids already taken."""

    def __init__(self) -> None:
        #: class -> title -> (id, type), in the order networkx numbers them
        self.ids: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
        #: class -> attribute -> the start of its <attvalue> element
        self.prefix: dict[str, dict[Any, str]] = {"node": {}, "edge": {}}
        self.timeformat: str | None = None
        self.taken: set[str] = set()
        #: the nodes that have an ``id`` attribute, which edges name them by
        self.node_ids: dict[Any, Any] = {}


def _edge_data(flat: Any) -> Iterator[tuple[Any, Any, dict[Any, Any]]]:
    """Each edge's data as networkx's writer reads it, a copy: a multigraph's key as ``key``."""
    if flat.is_multigraph():
        for u, v, key, data in flat.edges(keys=True, data=True):
            yield u, v, {**data, "key": key}
    else:
        for u, v, data in flat.edges(data=True):
            yield u, v, dict(data)


def _edge_rows(flat: Any, taken: set[str]) -> Iterator[dict[Any, Any]]:
    """Each edge's data (see :func:`_edge_data`); the ids edges give are put in ``taken``
    on the way (networkx numbers the others around them)."""
    for _, _, data in _edge_data(flat):
        if data.get("id") is not None:
            taken.add(str(data["id"]))
        yield data


def _plan(flat: Any) -> _Plan:
    plan = _Plan()
    plan.node_ids = {n: d["id"] for n, d in flat.nodes(data=True) if "id" in d}
    passes = (
        ("node", (d for _, d in flat.nodes(data=True)), _NODE_FIELDS, _NODE_ELEMENTS),
        ("edge", _edge_rows(flat, plan.taken), _EDGE_FIELDS, _EDGE_ELEMENTS),
    )
    counter = 0
    for cls, datas, fields, elements in passes:
        ids, prefix = plan.ids[cls], plan.prefix[cls]
        for data in _first_of_each_shape(datas, plan, elements):
            for k, v in data.items():
                if k in fields or k in elements:
                    continue
                if type(v) not in _TYPES:
                    raise _xml.UnsupportedError(type(v).__name__)
                title = "networkx_key" if k == "key" else str(k)
                if title not in ids:  # the first value met gives the type
                    ids[title] = (str(counter), _TYPES[type(v)])
                    counter += 1
                prefix.setdefault(k, f'          <attvalue for="{ids[title][0]}" value="')
    return plan


def _first_of_each_shape(
    datas: Iterator[dict[Any, Any]], plan: _Plan, elements: tuple[str, ...]
) -> Iterator[dict[Any, Any]]:
    """The first attribute dict of each shape (its names and their values' types),
    in order: all the declarations need.  Notes the time format on the way, and
    refuses what networkx writes as elements of their own."""
    # shape -> whether its rows need looking at one by one (times, elements)
    shapes: dict[tuple[tuple[Any, ...], tuple[type, ...]], bool] = {}
    watched = (*elements, "start", "end")
    for data in datas:
        shape = (tuple(data), tuple(map(type, data.values())))
        special = shapes.get(shape)
        first = special is None
        if special is None:
            special = shapes[shape] = any(name in data for name in watched)
        if special:
            if any(data.get(name) for name in elements):
                raise _xml.UnsupportedError(str(elements))
            _times(data, plan)
        if first:
            yield data


def _times(data: dict[Any, Any], plan: _Plan) -> None:
    for name in ("start", "end"):
        if name in data:
            plan.timeformat = _timeformat(data[name])


def _timeformat(value: Any) -> str:
    if isinstance(value, str):
        return "date"
    if isinstance(value, float):
        return "double"
    if isinstance(value, int):
        return "long"
    raise _xml.UnsupportedError(type(value).__name__)  # networkx refuses it


def _value(v: Any) -> str:
    kind = type(v)
    if kind is str:
        return _xml.attribute(v)
    if kind is bool:
        return "true" if v else "false"
    text = str(v)
    if kind is float and text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    return _xml.attribute(text)


#: How networkx's writer spells the floats ``str`` writes ``inf``, ``nan``, ``-inf``.
_SPECIAL_FLOATS = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}


def _element(tag: str, head: list[tuple[str, Any]], data: dict[Any, Any], prefix: Any) -> str:
    start = "      <" + tag + "".join([f' {k}="{_xml.attribute(str(v))}"' for k, v in head])
    if not data:
        return start + " />"
    values = "\n".join([prefix[k] + _value(v) + '" />' for k, v in data.items()])
    return f"{start}>\n        <attvalues>\n{values}\n        </attvalues>\n      </{tag}>"


def _stream(flat: Any, plan: _Plan, *, timeline: bool) -> Iterator[str]:
    yield "<?xml version='1.0' encoding='utf-8'?>"
    yield (
        '<gexf xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
        'version="1.2">'
    )
    yield f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">'
    yield f"    <creator>{_xml.text(f'NetworkX {nx.__version__}')}</creator>"
    name = str(flat.graph.get("name", ""))
    if name:
        yield f"    <description>{_xml.text(name)}</description>"
    yield "  </meta>"
    dynamic = flat.graph.get("mode") == "dynamic" or plan.timeformat is not None
    timeformat = "date" if timeline else plan.timeformat
    yield (
        '  <graph defaultedgetype="{}" mode="{}"'.format(
            "directed" if flat.is_directed() else "undirected", "dynamic" if dynamic else "static"
        )
        + (f' timeformat="{timeformat}"' if timeformat else "")
        + ">"
    )
    for cls in ("edge", "node"):  # networkx puts each new class first
        if plan.ids[cls]:
            yield f'    <attributes mode="static" class="{cls}">'
            for name, (ident, kind) in plan.ids[cls].items():
                title = _xml.attribute(name)
                yield f'      <attribute id="{ident}" title="{title}" type="{kind}" />'
            yield "    </attributes>"
    yield from _nodes(flat, plan)
    yield from _edges(flat, plan)
    yield "  </graph>"
    yield "</gexf>"


def _nodes(flat: Any, plan: _Plan) -> Iterator[str]:
    if flat.number_of_nodes() == 0:
        yield "    <nodes />"
        return
    yield "    <nodes>"
    prefix = plan.prefix["node"]
    for node, data in flat.nodes(data=True):
        rest = dict(data)
        head = [("id", rest.pop("id", node)), ("label", rest.pop("label", node))]
        head += [(f, rest.pop(f)) for f in ("pid", "start", "end") if f in rest]
        for name in _NODE_ELEMENTS:
            rest.pop(name, None)
        yield _element("node", head, rest, prefix)
    yield "    </nodes>"


def _edges(flat: Any, plan: _Plan) -> Iterator[str]:
    if flat.number_of_edges() == 0:
        yield "    <edges />"
        return
    yield "    <edges>"
    prefix, taken, counter, named = plan.prefix["edge"], plan.taken, 0, plan.node_ids
    for u, v, rest in _edge_data(flat):
        ident = rest.pop("id", None)
        if ident is None:
            while str(counter) in taken:
                counter += 1
            ident = counter
            taken.add(str(counter))
            counter += 1
        ends = [("source", named.get(u, u)), ("target", named.get(v, v))]
        head = ends + [("id", ident)] + [(f, rest.pop(f)) for f in _EDGE_FIELDS[1:] if f in rest]
        for name in _EDGE_ELEMENTS:
            rest.pop(name, None)
        yield _element("edge", head, rest, prefix)
    yield "    </edges>"


def _spans(flat: Any) -> None:
    """``start`` / ``end`` from ``valid_from`` / ``valid_until`` (ISO dates, which
    the writer takes for ``timeformat="date"``); an edge's is its ends' overlap."""
    flat.graph["mode"] = "dynamic"
    span: dict[Any, tuple[str | None, str | None]] = {}
    for node, data in flat.nodes(data=True):
        start, end = data.get("valid_from"), data.get("valid_until")
        span[node] = (
            start if isinstance(start, str) else None,
            end if isinstance(end, str) else None,
        )
        _put(data, *span[node])
    for u, v, _, data in edges_of(flat):
        (s1, e1), (s2, e2) = span[u], span[v]
        starts = [d for d in (s1, s2) if d is not None]
        ends = [d for d in (e1, e2) if d is not None]
        # ISO dates compare as text; an edge whose ends never meet keeps no span.
        start, end = max(starts, default=None), min(ends, default=None)
        if start is None or end is None or start <= end:
            _put(data, start, end)


def _put(data: dict[str, Any], start: str | None, end: str | None) -> None:
    if start is not None:
        data["start"] = start
    if end is not None:
        data["end"] = end


def _name_in_meta(root: Any, name: str) -> None:
    """The model's name as the document's ``<meta><description>``: networkx writes it
    as ``<graph name=…>``, which the GEXF 1.2 schema does not allow (Gephi's
    validator refuses the file), so it moves to where the schema keeps a title."""
    graph = root.find("graph")
    if graph is not None:
        graph.attrib.pop("name", None)
    meta = root.find("meta")
    if name and meta is not None:
        SubElement(meta, "description").text = name


def write_gexf(
    source: Model | Any, path: PathLike, *, population: bool | str = False, timeline: bool = False
) -> None:
    """Write a GEXF file (see :func:`generate_gexf`), all or nothing.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import networkx as nx
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_gexf(m, pathlib.Path(d) / "m.gexf")
    ...     nx.read_gexf(pathlib.Path(d) / "m.gexf").nodes["c"]["label"]
    '示例市'
    """
    g = graph_of(source, population=population)
    write_lines(path, _gexf_chunks(g, timeline=timeline))
