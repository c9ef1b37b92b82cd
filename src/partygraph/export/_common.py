"""What every export format shares: the graph, attribute conversion, writing.

(Just over 400 lines: the three are what every format module imports together;
split, each format would import three modules for one job.)

Private to :mod:`partygraph.export`; the public names defined here
(:func:`graph_of`, :func:`join_list`, :func:`split_list`, ``LIST_SEPARATOR``)
are re-exported by the package, the others are for the format modules.

The flat formats (GraphML, GEXF, CSV, DOT) convert attributes alike, with
:func:`flat_rows`: str, int, float and bool stay typed; a tuple (or list)
becomes its items joined by ``;`` (:func:`join_list`); an empty tuple and
``None`` are left out; an attribute whose values have more than one type is
written as text; a NaN or infinite float is left out like ``None``, with a
warning (no flat format has a portable way to write it).  The XML formats
also pass text through :func:`xml_safe`.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx
import numpy as np

from partygraph.errors import PartygraphError
from partygraph.export._xml import needs_xml_fix, safe_row, safe_value, xml_safe
from partygraph.export.labels import labelled_edge, labelled_node
from partygraph.io.atomic import write_atomic
from partygraph.model import Model

__all__ = [
    "LIST_SEPARATOR",
    "PathLike",
    "Scalar",
    "as_text",
    "attribute_type",
    "edges_of",
    "flat_rows",
    "flatten",
    "graph_of",
    "join_list",
    "new_dirs",
    "plain_value",
    "put_lines",
    "split_lines",
    "split_list",
    "warn_non_finite",
    "write_lines",
    "xml_document",
    "xml_safe",
]

#: Joins the items of a tuple attribute in the flat formats (GraphML, GEXF, CSV, DOT).
LIST_SEPARATOR = ";"

Scalar = str | int | float | bool
PathLike = str | os.PathLike[str]


# -- the graph to export ------------------------------------------------------
def graph_of(source: Model | Any, *, population: bool | str = False) -> Any:
    """The networkx graph to export: a model's graph, or ``source`` itself.

    Parameters
    ----------
    source : Model or networkx graph
        A model is built with :meth:`Model.to_networkx`; a graph (a layer view
        too) is used as it is.
    population : bool or str
        For a model: add households and persons (``True``), or only those under
        a division (its id).  Must stay ``False`` for a graph.

    Returns
    -------
    networkx graph

    Raises
    ------
    PartygraphError
        ``source`` is neither, or ``population`` is given with a graph.

    Examples
    --------
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> graph_of(m).number_of_nodes()
    1
    >>> graph_of("model.yaml")
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: cannot export a str: give a partygraph Model or ...
    """
    if isinstance(source, Model):
        return source.to_networkx(population=population)
    if isinstance(source, nx.Graph):
        if population is not False:
            raise PartygraphError(
                "population= applies to a Model, not to a graph; "
                "build the graph with model.to_networkx(population=...) instead"
            )
        return source
    raise PartygraphError(
        f"cannot export a {type(source).__name__}: give a partygraph Model or a networkx "
        "graph (load a file with partygraph.load first)"
    )


def edges_of(g: Any) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    """(source, target, key, data) for every edge; the key is ``None`` in a simple graph."""
    if g.is_multigraph():
        yield from g.edges(keys=True, data=True)
    else:
        for u, v, data in g.edges(data=True):
            yield u, v, None, data


# -- attribute conversion -----------------------------------------------------
def join_list(items: Iterable[Any]) -> str:
    """A tuple attribute as text: items joined by ``;``, with ``\\`` and ``;`` escaped.

    Bools are written ``true`` / ``false``; :func:`split_list` undoes the join
    (items come back as text).

    Examples
    --------
    >>> join_list(("sanitation", "patrol"))
    'sanitation;patrol'
    >>> join_list(["a;b", "c"])
    'a\\\\;b;c'
    """
    return LIST_SEPARATOR.join(
        as_text(item).replace("\\", "\\\\").replace(LIST_SEPARATOR, "\\" + LIST_SEPARATOR)
        for item in items
    )


def split_list(text: str) -> tuple[str, ...]:
    """The items of a tuple attribute written by :func:`join_list`.

    Examples
    --------
    >>> split_list("sanitation;patrol")
    ('sanitation', 'patrol')
    >>> split_list(join_list(["a;b", "c\\\\"]))
    ('a;b', 'c\\\\')
    >>> split_list("")
    ()
    """
    if not text:
        return ()
    items: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == LIST_SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return tuple(items)


def as_text(value: Any) -> str:
    """A scalar as text; bools as ``true`` / ``false``, as XML Schema and JSON write them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def attribute_type(value: Any) -> str:
    """The attribute type a value is written as (before mixed types fall back to text)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list | tuple | set | frozenset):
        return "string[]"
    return "string"


def plain_value(value: Any) -> Any:
    """A value as str, int, float, bool or tuple; ``None`` to leave it out.

    NaN and infinite floats are left out too: JSON has no such number, and
    GraphML, GEXF and CSV readers disagree on how to spell one.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return tuple(sorted(value, key=str)) or None
    if isinstance(value, list | tuple):
        return tuple(value) or None
    return str(value)


#: The types :func:`plain_value` keeps as they are, and :func:`attribute_type` of each.
_SCALAR_TYPES = {str: "string", int: "long", bool: "boolean"}


def flat_rows(
    rows: list[dict[str, Any]], what: str = "attribute"
) -> tuple[list[dict[str, Scalar]], dict[str, str]]:
    """Attribute dicts with every value a scalar, and each attribute's type.

    Types as in :func:`attribute_type`; an attribute with values of several types is
    turned into text (type ``string``).  NaN and infinite values are left out,
    with one warning naming ``what`` rows they were found in.

    Examples
    --------
    >>> flat_rows([{"a": 1, "b": ("x", "y")}, {"a": "一", "c": None}])
    ([{'a': '1', 'b': 'x;y'}, {'a': '一'}], {'a': 'string', 'b': 'string[]'})
    """
    plain: list[dict[str, Any]] = []
    kinds: dict[str, str] = {}
    mixed: set[str] = set()
    listed = False
    dropped = 0
    for row in rows:
        out: dict[str, Any] = {}
        for k, value in row.items():
            # most values are str, int or bool and stay so: no need to ask plain_value
            v = value
            kind = _SCALAR_TYPES.get(type(v))
            if kind is None:
                v = plain_value(value)
                if v is None:
                    dropped += 1
                    continue
                kind = attribute_type(v)
                listed = listed or kind == "string[]"
            out[k] = v
            if kinds.setdefault(k, kind) != kind:
                mixed.add(k)
        plain.append(out)
    if dropped:
        warn_non_finite(rows, what, "left out, as missing values")
    types = {k: "string" if k in mixed else kind for k, kind in kinds.items()}
    if not listed and not mixed:
        return plain, types
    return [_as_flat(row, mixed) for row in plain], types


def _as_flat(row: dict[str, Any], mixed: set[str]) -> dict[str, Scalar]:
    out: dict[str, Scalar] = {}
    for k, v in row.items():
        if isinstance(v, tuple):
            out[k] = join_list(v)
        elif k in mixed and not isinstance(v, str):
            out[k] = as_text(v)
        else:
            out[k] = v
    return out


def _non_finite(value: Any) -> bool:
    return isinstance(value, float | np.floating) and not math.isfinite(value)


def warn_non_finite(rows: Iterable[dict[str, Any]], what: str, how: str) -> None:
    """Warn, once, that ``rows`` hold NaN or infinite values, and ``how`` they are written.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_non_finite([{"x": float("nan"), "y": 1.0}, {"x": float("inf")}], "node",
    ...         "written as null")
    >>> print(caught[0].message)
    2 node values are NaN or infinite (x); written as null
    """
    found = [k for row in rows for k, v in row.items() if _non_finite(v)]
    if found:
        names = ", ".join(dict.fromkeys(found))
        n = len(found)
        warnings.warn(
            f"{n} {what} value{'s are' if n != 1 else ' is'} NaN or infinite ({names}); {how}",
            UserWarning,
            stacklevel=2,
        )


def flatten(g: Any, *, xml: bool = False, key_attribute: bool = False) -> Any:
    """A copy of ``g`` whose attributes are all scalars (see :func:`flat_rows`),
    with the Chinese labels ``kind_zh``, ``relation_zh``, ``role_zh``
    (:mod:`partygraph.export.labels`).

    ``xml`` makes strings XML-safe; ``key_attribute`` copies each edge's key
    into an edge attribute ``key``.
    """
    out = g.__class__()
    # node_default / edge_default are the XML readers' bookkeeping, not attributes.
    skip = ("node_default", "edge_default")
    graph_rows = [{k: v for k, v in g.graph.items() if k not in skip}]
    (graph_attrs,), _ = flat_rows(graph_rows, "graph attribute")
    nodes = list(g.nodes(data=True))
    node_rows, _ = flat_rows([labelled_node(data) for _, data in nodes], "node attribute")
    edges = list(edges_of(g))
    edge_rows, _ = flat_rows(
        [
            {**labelled_edge(data), "key": key}
            if key_attribute and key is not None
            else labelled_edge(data)
            for _, _, key, data in edges
        ],
        "edge attribute",
    )
    if xml and needs_xml_fix(_texts(graph_attrs, nodes, node_rows, edges, edge_rows)):
        graph_attrs = safe_row(graph_attrs)
        nodes = [(safe_value(n), data) for n, data in nodes]
        node_rows = [safe_row(row) for row in node_rows]
        edges = [(safe_value(u), safe_value(v), safe_value(k), data) for u, v, k, data in edges]
        edge_rows = [safe_row(row) for row in edge_rows]
    out.graph.update(graph_attrs)
    out.add_nodes_from((node, row) for (node, _), row in zip(nodes, node_rows, strict=True))
    # rows may hold "key" itself, so they go in as data, never as keywords.
    if out.is_multigraph():  # the key is XML-safe too: GEXF writes it (networkx_key)
        out.add_edges_from(
            (u, v, key, row) for (u, v, key, _), row in zip(edges, edge_rows, strict=True)
        )
    else:
        out.add_edges_from((u, v, row) for (u, v, _, _), row in zip(edges, edge_rows, strict=True))
    return out


def _texts(
    graph_attrs: dict[str, Any], nodes: list[Any], node_rows: list[Any], edges: list[Any], rows: Any
) -> Iterator[Any]:
    yield from graph_attrs.values()
    yield from (n for n, _ in nodes)
    for row in node_rows:
        yield from row.values()
    for u, v, key, _ in edges:
        yield u
        yield v
        yield key
    for row in rows:
        yield from row.values()


# -- writing ------------------------------------------------------------------
@contextmanager
def new_dirs(directory: Path) -> Iterator[None]:
    """Remove the folders made for an output if writing it fails (only empty ones)."""
    missing = [p for p in (directory, *directory.parents) if not p.exists()]
    try:
        yield
    except BaseException:
        for folder in missing:  # deepest first
            try:
                folder.rmdir()
            except OSError:
                break
        raise


def write_lines(path: PathLike, lines: Iterable[str], *, bom: bool = False) -> None:
    """Write ``lines``, each followed by ``\\n``, through a temporary file: all or nothing."""
    path = Path(path)
    with new_dirs(path.parent), write_atomic(path) as f:
        put_lines(f, lines, bom=bom)


def put_lines(f: Any, lines: Iterable[str], *, bom: bool = False) -> None:
    """Write ``lines`` to an open text file, each followed by ``\\n``; a BOM first if asked."""
    if bom:
        f.write("\ufeff")
    for line in lines:
        f.write(line)
        f.write("\n")


def split_lines(text: str) -> Iterator[str]:
    """Lines of a document (only ``\\n`` ends a line: U+2028 and friends are text)."""
    yield from text.rstrip("\n").split("\n")


def xml_document(writer: Any) -> str:
    """The text of a networkx XML writer's document, with its UTF-8 declaration.

    Serialised as text rather than through the writer's ``dump``/``write``,
    which encode piece by piece and take several times as long.
    """
    writer.indent(writer.xml)
    body = ElementTree.tostring(writer.xml, encoding="unicode")
    return "<?xml version='1.0' encoding='utf-8'?>\n" + body
