"""GEXF 1.2, Gephi's own format, also read by ``networkx.read_gexf``.

Written with networkx's :class:`~networkx.readwrite.gexf.GEXFWriter` from a
flattened copy of the graph (see :mod:`partygraph.export._common`), nodes
labelled with their name and edges with their key.  With ``timeline=True``
the graph is dynamic (Gephi's timeline): each node spans its ``valid_from``
to its ``valid_until``, each edge the part of that both its ends share.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import SubElement

from networkx.readwrite.gexf import GEXFWriter

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
    return split_lines(_gexf_text(g, timeline=timeline))


def _gexf_text(g: Any, *, timeline: bool = False) -> str:
    flat = flatten(g, xml=True)
    if timeline:
        _spans(flat)
    for node, data in flat.nodes(data=True):
        data.setdefault("label", str(data.get("name", node)))
    for _, _, key, data in edges_of(flat):
        label = key if key is not None else data.get("relation")
        if label is not None:
            data.setdefault("label", str(label))
    writer = GEXFWriter(graph=flat, encoding="utf-8", prettyprint=True, version="1.2draft")
    _name_in_meta(writer.xml, str(flat.graph.get("name", "")))
    if timeline:
        # networkx before 3.5 leaves timeformat out (readers then take the ISO dates
        # for numbers): say it, whatever the version.
        graph = writer.xml.find("graph")
        if graph is not None:
            graph.set("timeformat", "date")
    return xml_document(writer)


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
    write_lines(path, generate_gexf(source, population=population, timeline=timeline))
