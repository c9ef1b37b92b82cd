"""JSON: d3's node-link data or Cytoscape.js elements, read back by networkx.

Every attribute is kept as JSON holds it (tuples as arrays), unlike the flat
formats; a NaN or infinite number, which JSON cannot hold, is written as
``null`` with a warning.  The module is named after its format like its siblings; inside it,
``import json`` is still the standard library (imports are absolute).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from typing import Any, Literal

import networkx as nx
import numpy as np

from partygraph.errors import PartygraphError
from partygraph.export._common import (
    PathLike,
    graph_of,
    split_lines,
    warn_non_finite,
    write_lines,
)
from partygraph.export.labels import labelled_edge, labelled_node
from partygraph.model import Model

__all__ = ["generate_json", "write_json"]


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _finite(value: Any, found: list[dict[str, Any]], key: str = "") -> Any:
    """``value`` with every NaN and infinite float replaced by ``None``.

    Each one replaced is noted in ``found`` under the key that holds it.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        found.append({key: value})
        return None
    if isinstance(value, dict):
        return {k: _finite(v, found, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v, found, key) for v in value]
    if isinstance(value, set | frozenset):
        return [_finite(v, found, key) for v in sorted(value, key=str)]
    return value


def _dumps(data: Any, indent: int | None) -> str:
    """JSON text of ``data``; never ``NaN`` or ``Infinity``, which JSON does not have."""
    try:
        return json.dumps(
            data, ensure_ascii=False, indent=indent, default=_json_default, allow_nan=False
        )
    except ValueError:  # a NaN or an infinity somewhere: the slow path, rarely taken
        found: list[dict[str, Any]] = []
        data = _finite(data, found)
        warn_non_finite(found, "JSON", "written as null")
        return json.dumps(
            data, ensure_ascii=False, indent=indent, default=_json_default, allow_nan=False
        )


def generate_json(
    source: Model | Any,
    *,
    population: bool | str = False,
    style: Literal["node-link", "cytoscape"] = "node-link",
    indent: int | None = None,
) -> Iterator[str]:
    """Lines of a JSON document: d3's node-link data, or Cytoscape.js elements.

    ``"node-link"`` is ``networkx.node_link_data(g, edges="links")``:
    ``{"directed", "multigraph", "graph", "nodes": [{"id", ...}], "links":
    [{"source", "target", "key", ...}]}``, read back by
    ``nx.node_link_graph(data, edges="links")``.  ``"cytoscape"`` is
    ``networkx.cytoscape_data(g)``: ``{"elements": {"nodes": [{"data": {"id",
    "name", ...}}], "edges": [{"data": {"source", "target", "key", ...}}]}}``,
    read back by ``nx.cytoscape_graph``.  Every attribute is kept; tuples are
    arrays; Chinese is written as is (``ensure_ascii=False``).  Nodes carry
    ``kind_zh`` and edges ``relation_zh`` (and ``role_zh``), the Chinese terms
    (:mod:`partygraph.export.labels`).  NaN and
    infinite numbers, which JSON does not have, are written as ``null``, with a
    warning.

    Parameters
    ----------
    source : Model or networkx graph
        See :func:`graph_of`.
    population : bool or str
        See :func:`graph_of`.
    style : {"node-link", "cytoscape"}
        The document's layout.
    indent : int, optional
        Pretty-print with this indent; one line by default.

    Returns
    -------
    iterator of str
        The document's lines, without line ends.

    Raises
    ------
    PartygraphError
        ``style`` is not one of the choices.

    Examples
    --------
    >>> import json
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> data = json.loads("\\n".join(generate_json(m)))
    >>> data["nodes"][0]["id"], data["nodes"][0]["name"], data["links"]
    ('c', '示例市', [])
    >>> data = json.loads("\\n".join(generate_json(m, style="cytoscape")))
    >>> data["elements"]["nodes"][0]["data"]["name"]
    '示例市'
    """
    if style not in ("node-link", "cytoscape"):
        raise PartygraphError(f"style={style!r}: choose 'node-link' or 'cytoscape'")
    g = graph_of(source, population=population)
    if style == "node-link":
        data = nx.node_link_data(g, edges="links")
        data["nodes"] = [labelled_node(n) for n in data["nodes"]]
        data["links"] = [labelled_edge(e) for e in data["links"]]
    else:
        data = nx.cytoscape_data(g)
        for element in data["elements"]["nodes"]:
            element["data"] = labelled_node(element["data"])
        for element in data["elements"]["edges"]:
            element["data"] = labelled_edge(element["data"])
    return split_lines(_dumps(data, indent))


def write_json(
    source: Model | Any,
    path: PathLike,
    *,
    population: bool | str = False,
    style: Literal["node-link", "cytoscape"] = "node-link",
    indent: int | None = None,
) -> None:
    """Write a JSON file (see :func:`generate_json`), all or nothing.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> import networkx as nx
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_json(m, pathlib.Path(d) / "m.json", indent=2)
    ...     data = json.loads(pathlib.Path(d, "m.json").read_text(encoding="utf-8"))
    >>> nx.node_link_graph(data, edges="links").nodes["c"]["kind"]
    'city'
    """
    write_lines(path, generate_json(source, population=population, style=style, indent=indent))
