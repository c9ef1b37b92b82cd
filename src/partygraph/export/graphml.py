"""GraphML, for Gephi, yEd, Cytoscape and ``networkx.read_graphml``.

Written with networkx's :class:`~networkx.readwrite.graphml.GraphMLWriter`
from a flattened copy of the graph (see :mod:`partygraph.export._common`),
without edge ids, with each edge's key as the edge attribute ``key``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from networkx.readwrite.graphml import GraphMLWriter

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
    g = graph_of(source, population=population)
    return split_lines(_graphml_text(g))


def _graphml_text(g: Any) -> str:
    flat = flatten(g, xml=True, key_attribute=True)
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
    write_lines(path, generate_graphml(source, population=population))
