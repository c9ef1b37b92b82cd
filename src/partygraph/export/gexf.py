"""GEXF 1.2, Gephi's own format, also read by ``networkx.read_gexf``.

Written with networkx's :class:`~networkx.readwrite.gexf.GEXFWriter` from a
flattened copy of the graph (see :mod:`partygraph.export._common`), nodes
labelled with their name and edges with their key.
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


def generate_gexf(source: Model | Any, *, population: bool | str = False) -> Iterator[str]:
    """Lines of a GEXF 1.2 document, Gephi's own format.

    Every attribute is kept, converted as :mod:`partygraph.export` says.  A node's
    GEXF ``label`` is its ``name``; an edge's ``label`` is its key (Gephi shows
    it and tells parallel edges apart by it), and the key is also the
    attribute ``networkx_key``.  ``nx.read_gexf`` returns a ``DiGraph`` when no
    two edges join the same nodes; the key is then the edge's ``label``.

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
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="示例区", level="county", parent="c")])
    >>> lines = [line.strip() for line in generate_gexf(m)]
    >>> print("\\n".join(line for line in lines if line.startswith(("<node ", "<edge "))))
    <node id="c" label="示例市">
    <node id="k" label="示例区">
    <edge source="c" target="k" id="0" label="contains">
    """
    g = graph_of(source, population=population)
    return split_lines(_gexf_text(g))


def _gexf_text(g: Any) -> str:
    flat = flatten(g, xml=True)
    for node, data in flat.nodes(data=True):
        data.setdefault("label", str(data.get("name", node)))
    for _, _, key, data in edges_of(flat):
        label = key if key is not None else data.get("relation")
        if label is not None:
            data.setdefault("label", str(label))
    writer = GEXFWriter(graph=flat, encoding="utf-8", prettyprint=True, version="1.2draft")
    _name_in_meta(writer.xml, str(flat.graph.get("name", "")))
    return xml_document(writer)


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


def write_gexf(source: Model | Any, path: PathLike, *, population: bool | str = False) -> None:
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
    write_lines(path, generate_gexf(source, population=population))
