"""Export the model's graph: GraphML, GEXF, DOT, Mermaid, node-link JSON, CSV tables.

Every format comes as a pair, networkx style: ``generate_<format>(source)``
returns an iterator over the lines of the file's text (without line ends) and
``write_<format>(source, path)`` writes them, each followed by ``\\n``, as
UTF-8.  ``source`` is a :class:`~partygraph.model.Model` (built into a graph
with ``population=``, see :func:`graph_of`) or any networkx graph, such as a
layer view from :func:`partygraph.graph.layer`.  Every ``write_*`` goes through
a temporary file beside the output: an error leaves no output file behind, and
an existing one untouched.

Attributes are converted the same way for every flat format (GraphML, GEXF,
CSV, DOT): str, int, float and bool stay typed; a tuple (or list) becomes its
items joined by ``;`` (:func:`join_list`, undone by :func:`split_list`); an
empty tuple and ``None`` are left out; an attribute whose values have more than
one type is written as text.  JSON keeps tuples as arrays.  See
``docs/export.md``.

Examples
--------
>>> from partygraph import Division, Model
>>> m = Model(name="示例市", divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="k", name="示例区", level="county", parent="c")])
>>> for line in generate_mermaid(m):
...     print(line)
flowchart TD
    n_c["示例市"]
    n_k["示例区"]
    n_c -->|"contains"| n_k
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree

import networkx as nx
import numpy as np
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from partygraph.errors import PartygraphError
from partygraph.io.atomic import write_atomic
from partygraph.model import Model

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "LIST_SEPARATOR",
    "Format",
    "csv_paths",
    "generate_csv",
    "generate_dot",
    "generate_gexf",
    "generate_graphml",
    "generate_json",
    "generate_mermaid",
    "graph_of",
    "join_list",
    "mermaid_ids",
    "split_list",
    "write_csv",
    "write_dot",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_mermaid",
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


def _edges(g: Any) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
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
        _text(item).replace("\\", "\\\\").replace(LIST_SEPARATOR, "\\" + LIST_SEPARATOR)
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


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _kind(value: Any) -> str:
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


def _plain(value: Any) -> Any:
    """A value as str, int, float, bool or tuple; ``None`` to leave it out."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return tuple(sorted(value, key=str)) or None
    if isinstance(value, list | tuple):
        return tuple(value) or None
    return str(value)


def _flat_rows(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Scalar]], dict[str, str]]:
    """Attribute dicts with every value a scalar, and each attribute's type.

    Types as in :func:`_kind`; an attribute with values of several types is
    turned into text (type ``string``).
    """
    plain = [{k: p for k, v in row.items() if (p := _plain(v)) is not None} for row in rows]
    kinds: dict[str, set[str]] = {}
    for row in plain:
        for k, v in row.items():
            kinds.setdefault(k, set()).add(_kind(v))
    types = {k: ks.pop() if len(ks) == 1 else "string" for k, ks in kinds.items()}
    flat: list[dict[str, Scalar]] = []
    for row in plain:
        out: dict[str, Scalar] = {}
        for k, v in row.items():
            if isinstance(v, tuple):
                out[k] = join_list(v)
            elif types[k] == "string" and not isinstance(v, str):
                out[k] = _text(v)
            else:
                out[k] = v
        flat.append(out)
    return flat, types


#: Characters XML 1.0 cannot hold; written as U+FFFD.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Characters that need a fix: the illegal ones and CR.
_XML_FIX = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(value: Scalar) -> Scalar:
    if not isinstance(value, str) or _XML_FIX.search(value) is None:
        return value
    # XML readers turn CR LF and CR into LF; do it here so the file says what is read.
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub("\ufffd", value)


def _flatten(g: Any, *, xml: bool = False, key_attribute: bool = False) -> Any:
    """A copy of ``g`` whose attributes are all scalars (see the module docstring).

    ``xml`` makes strings XML-safe; ``key_attribute`` copies each edge's key
    into an edge attribute ``key``.
    """
    out = g.__class__()
    fix = _xml_safe if xml else (lambda v: v)
    # node_default / edge_default are the XML readers' bookkeeping, not attributes.
    skip = ("node_default", "edge_default")
    (graph_attrs,), _ = _flat_rows([{k: v for k, v in g.graph.items() if k not in skip}])
    out.graph.update({k: fix(v) for k, v in graph_attrs.items()})
    nodes = list(g.nodes(data=True))
    node_rows, _ = _flat_rows([data for _, data in nodes])
    for (node, _), row in zip(nodes, node_rows, strict=True):
        ident = fix(node) if isinstance(node, str) else node
        out.add_node(ident, **{k: fix(v) for k, v in row.items()})
    edges = list(_edges(g))
    edge_rows, _ = _flat_rows(
        [
            {**data, "key": key} if key_attribute and key is not None else data
            for _, _, key, data in edges
        ]
    )
    for (u, v, key, _), row in zip(edges, edge_rows, strict=True):
        ends = tuple(fix(n) if isinstance(n, str) else n for n in (u, v))
        attrs = {k: fix(x) for k, x in row.items()}
        # attrs may hold "key" itself, so they cannot go to add_edge as keywords.
        if key is None:
            out.add_edge(*ends)
            out.edges[ends].update(attrs)
        else:
            out.add_edge(*ends, key=key)
            out.edges[(*ends, key)].update(attrs)
    return out


# -- writing ------------------------------------------------------------------
@contextmanager
def _new_dirs(directory: Path) -> Iterator[None]:
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


def _write_lines(path: PathLike, lines: Iterable[str], *, bom: bool = False) -> None:
    path = Path(path)
    with _new_dirs(path.parent), write_atomic(path) as f:
        _put(f, lines, bom=bom)


def _put(f: Any, lines: Iterable[str], *, bom: bool = False) -> None:
    if bom:
        f.write("\ufeff")
    for line in lines:
        f.write(line)
        f.write("\n")


def _split(text: str) -> Iterator[str]:
    """Lines of a document (only ``\\n`` ends a line: U+2028 and friends are text)."""
    yield from text.rstrip("\n").split("\n")


# -- GraphML ------------------------------------------------------------------
def generate_graphml(source: Model | Any, *, population: bool | str = False) -> Iterator[str]:
    """Lines of a GraphML document for Gephi, yEd, Cytoscape or networkx.

    Every attribute is kept, converted as the module docstring says; node ids
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
    return _split(_graphml_text(g))


def _graphml_text(g: Any) -> str:
    flat = _flatten(g, xml=True, key_attribute=True)
    writer = GraphMLWriter(graph=flat, encoding="utf-8", prettyprint=True)
    for edge in writer.xml.iter("edge"):
        edge.attrib.pop("id", None)
    return _xml_document(writer)


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
    _write_lines(path, generate_graphml(source, population=population))


# -- GEXF ---------------------------------------------------------------------
def generate_gexf(source: Model | Any, *, population: bool | str = False) -> Iterator[str]:
    """Lines of a GEXF 1.2 document, Gephi's own format.

    Every attribute is kept, converted as the module docstring says.  A node's
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
    return _split(_gexf_text(g))


def _gexf_text(g: Any) -> str:
    flat = _flatten(g, xml=True)
    for node, data in flat.nodes(data=True):
        data.setdefault("label", str(data.get("name", node)))
    for _, _, key, data in _edges(flat):
        label = key if key is not None else data.get("relation")
        if label is not None:
            data.setdefault("label", str(label))
    writer = GEXFWriter(graph=flat, encoding="utf-8", prettyprint=True, version="1.2draft")
    return _xml_document(writer)


def _xml_document(writer: Any) -> str:
    """The text of a networkx XML writer's document, with its UTF-8 declaration.

    Serialised as text rather than through the writer's ``dump``/``write``,
    which encode piece by piece and take several times as long.
    """
    writer.indent(writer.xml)
    body = ElementTree.tostring(writer.xml, encoding="unicode")
    return "<?xml version='1.0' encoding='utf-8'?>\n" + body


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
    _write_lines(path, generate_gexf(source, population=population))


# -- DOT ----------------------------------------------------------------------
def _dot_string(text: str) -> str:
    r"""A DOT quoted string: ``\`` and ``"`` escaped, line breaks as ``\n``."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _dot_attrs(attrs: dict[str, str]) -> str:
    return ", ".join(f"{k}={_dot_string(v)}" for k, v in attrs.items())


def generate_dot(
    source: Model | Any,
    *,
    population: bool | str = False,
    group: Literal["cluster", "rank"] | None = None,
    edge_labels: bool = True,
    rankdir: Literal["TB", "LR", "BT", "RL"] = "TB",
    fontname: str | None = None,
) -> Iterator[str]:
    r"""Lines of a Graphviz DOT document, for ``dot -Tsvg`` or ``dot -Tpng``.

    Every string is quoted: ``"`` and ``\`` are escaped and line breaks become
    ``\n``.  A node's ``label`` is its ``name`` and its ``class`` its ``kind``
    (a CSS class in SVG output); an edge's ``label`` is its ``relation``.
    Other attributes are not written: DOT is for drawing (use GraphML or GEXF
    to keep them).

    Parameters
    ----------
    source : Model or networkx graph
        See :func:`graph_of`.
    population : bool or str
        See :func:`graph_of`.
    group : {"cluster", "rank"}, optional
        Group nodes by kind: each kind in a labelled cluster box, or each kind
        on one rank (level) of the drawing.
    edge_labels : bool
        Write each edge's relation as its label.
    rankdir : {"TB", "LR", "BT", "RL"}
        Direction of the drawing.
    fontname : str, optional
        A font with Chinese glyphs (``"Noto Sans CJK SC"``); Graphviz's default
        font lets fontconfig pick one.

    Returns
    -------
    iterator of str
        The document's lines, without line ends.

    Raises
    ------
    PartygraphError
        ``group`` is not one of the choices.

    Examples
    --------
    >>> from partygraph import Division, Model
    >>> m = Model(name="示例市", divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name='示例区"新"', level="county", parent="c")])
    >>> print("\n".join(generate_dot(m)))
    digraph "示例市" {
        graph [rankdir="TB"];
        node [shape="box"];
        "c" [label="示例市", class="city"];
        "k" [label="示例区\"新\"", class="county"];
        "c" -> "k" [label="contains"];
    }
    """
    if group not in (None, "cluster", "rank"):
        raise PartygraphError(f"group={group!r}: choose 'cluster', 'rank' or None")
    g = graph_of(source, population=population)
    return _dot_lines(g, group=group, edge_labels=edge_labels, rankdir=rankdir, fontname=fontname)


def _dot_lines(
    g: Any, *, group: str | None, edge_labels: bool, rankdir: str, fontname: str | None
) -> Iterator[str]:
    directed = g.is_directed()
    name = str(g.graph.get("name", ""))
    head = "digraph" if directed else "graph"
    yield f"{head} {_dot_string(name)} {{" if name else f"{head} {{"
    yield f"    graph [{_dot_attrs({'rankdir': rankdir})}];"
    node_defaults = {"shape": "box", **({"fontname": fontname} if fontname else {})}
    yield f"    node [{_dot_attrs(node_defaults)}];"
    if fontname:
        yield f"    edge [{_dot_attrs({'fontname': fontname})}];"

    def declaration(node: Any, data: dict[str, Any], indent: str) -> str:
        attrs = {"label": str(data.get("name", node))}
        if "kind" in data:
            attrs["class"] = str(data["kind"])
        return f"{indent}{_dot_string(str(node))} [{_dot_attrs(attrs)}];"

    if group is None:
        for node, data in g.nodes(data=True):
            yield declaration(node, data, "    ")
    else:
        by_kind: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
        for node, data in g.nodes(data=True):
            by_kind.setdefault(str(data.get("kind", "")), []).append((node, data))
        for kind, members in by_kind.items():
            if group == "cluster":
                yield f"    subgraph {_dot_string('cluster_' + kind)} {{"
                yield f"        graph [{_dot_attrs({'label': kind, 'style': 'rounded'})}];"
            else:
                yield "    subgraph {"
                yield '        graph [rank="same"];'
            for node, data in members:
                yield declaration(node, data, "        ")
            yield "    }"
    arrow = "->" if directed else "--"
    for u, v, _, data in _edges(g):
        line = f"    {_dot_string(str(u))} {arrow} {_dot_string(str(v))}"
        if edge_labels and "relation" in data:
            line += f" [{_dot_attrs({'label': str(data['relation'])})}]"
        yield line + ";"
    yield "}"


def write_dot(
    source: Model | Any,
    path: PathLike,
    *,
    population: bool | str = False,
    group: Literal["cluster", "rank"] | None = None,
    edge_labels: bool = True,
    rankdir: Literal["TB", "LR", "BT", "RL"] = "TB",
    fontname: str | None = None,
) -> None:
    """Write a DOT file (see :func:`generate_dot`), all or nothing.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_dot(m, pathlib.Path(d) / "m.dot", group="rank")
    ...     print(pathlib.Path(d, "m.dot").read_text(encoding="utf-8"), end="")
    digraph "partygraph model" {
        graph [rankdir="TB"];
        node [shape="box"];
        subgraph {
            graph [rank="same"];
            "c" [label="示例市", class="city"];
        }
    }
    """
    lines = generate_dot(
        source,
        population=population,
        group=group,
        edge_labels=edge_labels,
        rankdir=rankdir,
        fontname=fontname,
    )
    _write_lines(path, lines)


# -- Mermaid ------------------------------------------------------------------
#: Mermaid entity codes for characters that would end or change a quoted label.
_MERMAID_ESCAPES = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "`": "#96;",
        "|": "#124;",
        "\n": "<br>",
        "\r": "",
    }
)

_NOT_ID = re.compile(r"[^A-Za-z0-9_]")


def _mermaid_string(text: str) -> str:
    return '"' + text.replace("\r\n", "\n").translate(_MERMAID_ESCAPES) + '"'


def mermaid_ids(source: Model | Any, *, population: bool | str = False) -> dict[Any, str]:
    """The Mermaid identifier of each node: ``n_`` and the id, made safe.

    Characters other than ASCII letters, digits and ``_`` become ``_``; when
    two ids end up the same, later nodes (in graph order) get ``_2``, ``_3``
    ...  The same graph always gets the same identifiers, so lines such as
    ``style n_c1 fill:#fdd`` can be added to a generated diagram.

    Parameters
    ----------
    source : Model or networkx graph
        See :func:`graph_of`.
    population : bool or str
        See :func:`graph_of`.

    Returns
    -------
    dict
        Node id -> Mermaid identifier.

    Examples
    --------
    >>> import networkx as nx
    >>> mermaid_ids(nx.MultiDiGraph([("c1-g1", "c1_g1"), ("end", "东风")]))
    {'c1-g1': 'n_c1_g1', 'c1_g1': 'n_c1_g1_2', 'end': 'n_end', '东风': 'n___'}
    """
    g = graph_of(source, population=population)
    ids: dict[Any, str] = {}
    taken: set[str] = set()
    for node in g.nodes:
        base = "n_" + _NOT_ID.sub("_", str(node))
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}_{n}"
        taken.add(ident)
        ids[node] = ident
    return ids


def generate_mermaid(
    source: Model | Any,
    *,
    population: bool | str = False,
    direction: Literal["TD", "TB", "BT", "LR", "RL"] = "TD",
    edge_labels: bool = True,
    max_nodes: int | None = 300,
    max_edges: int | None = 500,
    fence: bool = False,
) -> Iterator[str]:
    """Lines of a Mermaid flowchart, for a Markdown document.

    Nodes are declared once each as ``id["label"]``: the id from
    :func:`mermaid_ids`, the label the node's ``name`` with ``"`` written
    ``#quot;`` (and ``#``, ``<``, ``>``, ``&``, ````` and ``|`` as entity codes,
    line breaks as ``<br>``).  Edges are labelled with their relation.

    Parameters
    ----------
    source : Model or networkx graph
        See :func:`graph_of`.
    population : bool or str
        See :func:`graph_of`.
    direction : {"TD", "TB", "BT", "LR", "RL"}
        Direction of the flowchart.
    edge_labels : bool
        Label each edge with its relation.
    max_nodes, max_edges : int or None
        Refuse larger graphs (``None``: no limit).  A diagram of hundreds of
        nodes is unreadable, and Mermaid itself refuses more than 500 edges.
    fence : bool
        Wrap the diagram in a ````` ```mermaid ````` code fence.

    Returns
    -------
    iterator of str
        The diagram's lines, without line ends.

    Raises
    ------
    PartygraphError
        The graph has more nodes or edges than allowed.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("o1", name='党委"一"')
    >>> g.add_edge("o1", "o2", key="leads", relation="leads")
    'leads'
    >>> print("\\n".join(generate_mermaid(g, direction="LR", fence=True)))
    ```mermaid
    flowchart LR
        n_o1["党委#quot;一#quot;"]
        n_o2["o2"]
        n_o1 -->|"leads"| n_o2
    ```
    >>> list(generate_mermaid(g, max_nodes=1))
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: the graph has 2 nodes, more than max_nodes=1 ...
    """
    g = graph_of(source, population=population)
    for what, count, limit in (
        ("nodes", g.number_of_nodes(), max_nodes),
        ("edges", g.number_of_edges(), max_edges),
    ):
        if limit is not None and count > limit:
            raise PartygraphError(
                f"the graph has {count} {what}, more than max_{what}={limit} for a readable "
                "Mermaid diagram; export one layer (--layer linkage) or the structure without "
                f"the population, or lift the limit (max_{what}=None; --max-nodes 0)"
            )
    return _mermaid_lines(g, direction=direction, edge_labels=edge_labels, fence=fence)


def _mermaid_lines(g: Any, *, direction: str, edge_labels: bool, fence: bool) -> Iterator[str]:
    ids = mermaid_ids(g)
    if fence:
        yield "```mermaid"
    yield f"flowchart {direction}"
    for node, data in g.nodes(data=True):
        # Mermaid rejects an empty label: fall back to the id, then to a space.
        text = str(data.get("name") or "") or str(node) or " "
        yield f"    {ids[node]}[{_mermaid_string(text)}]"
    arrow = "-->" if g.is_directed() else "---"
    for u, v, _, data in _edges(g):
        label = ""
        if edge_labels and str(data.get("relation") or ""):
            label = f"|{_mermaid_string(str(data['relation']))}|"
        yield f"    {ids[u]} {arrow}{label} {ids[v]}"
    if fence:
        yield "```"


def write_mermaid(
    source: Model | Any,
    path: PathLike,
    *,
    population: bool | str = False,
    direction: Literal["TD", "TB", "BT", "LR", "RL"] = "TD",
    edge_labels: bool = True,
    max_nodes: int | None = 300,
    max_edges: int | None = 500,
    fence: bool | None = None,
) -> None:
    """Write a Mermaid file (see :func:`generate_mermaid`), all or nothing.

    ``fence=None`` fences the diagram when ``path`` ends in ``.md``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_mermaid(m, pathlib.Path(d) / "m.md")
    ...     print(pathlib.Path(d, "m.md").read_text(encoding="utf-8"), end="")
    ```mermaid
    flowchart TD
        n_c["示例市"]
    ```
    """
    if fence is None:
        fence = Path(path).suffix.lower() in (".md", ".markdown")
    lines = generate_mermaid(
        source,
        population=population,
        direction=direction,
        edge_labels=edge_labels,
        max_nodes=max_nodes,
        max_edges=max_edges,
        fence=fence,
    )
    _write_lines(path, lines)


# -- JSON ---------------------------------------------------------------------
def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


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
    arrays; Chinese is written as is (``ensure_ascii=False``).

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
    data = nx.node_link_data(g, edges="links") if style == "node-link" else nx.cytoscape_data(g)
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=_json_default)
    return _split(text)


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
    _write_lines(path, generate_json(source, population=population, style=style, indent=indent))


# -- CSV ----------------------------------------------------------------------
#: The fixed leading columns of each table, in ``plain`` and ``neo4j`` headers.
CSV_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "nodes": {"plain": ("id", "kind", "name"), "neo4j": ("id:ID", ":LABEL", "name")},
    "edges": {
        "plain": ("source", "target", "relation", "key"),
        "neo4j": (":START_ID", ":END_ID", ":TYPE", "key"),
    },
}


def _cell(value: Any) -> Scalar | None:
    plain = _plain(value)
    return join_list(plain) if isinstance(plain, tuple) else plain


def _csv_table(g: Any, table: str) -> tuple[list[str], list[str], list[list[Scalar | None]]]:
    """(attribute columns, their types, rows) of one table; rows start with the fixed cells."""
    if table == "nodes":
        nodes = list(g.nodes(data=True))
        fixed: list[tuple[Any, ...]] = [(n, d.get("kind"), d.get("name")) for n, d in nodes]
        rest = [{k: v for k, v in d.items() if k not in ("kind", "name")} for _, d in nodes]
    else:
        edges = list(_edges(g))
        fixed = [(u, v, data.get("relation"), key) for u, v, key, data in edges]
        rest = [
            {k: x for k, x in data.items() if k not in ("relation", "key")} for *_, data in edges
        ]
    flat, types = _flat_rows(rest)
    columns = list(dict.fromkeys(k for row in flat for k in row))
    rows = [
        [*(_cell(x) for x in cells), *(attrs.get(c) for c in columns)]
        for cells, attrs in zip(fixed, flat, strict=True)
    ]
    return columns, [types[c] for c in columns], rows


def generate_csv(
    source: Model | Any,
    *,
    population: bool | str = False,
    table: Literal["nodes", "edges"] = "nodes",
    header: Literal["plain", "neo4j"] = "plain",
) -> Iterator[str]:
    """Records of the node table or the edge table, for a graph database's bulk import.

    The node table's columns are ``id, kind, name`` and then every other node
    attribute, in order of first appearance; the edge table's are ``source,
    target, relation, key`` and then every other edge attribute.  A missing
    value is an empty cell, a bool ``true`` / ``false``, a tuple its items
    joined by ``;`` (:func:`join_list`).  ``header="neo4j"`` writes the header
    ``neo4j-admin database import`` reads: ``id:ID, :LABEL, name, ...`` and
    ``:START_ID, :END_ID, :TYPE, key, ...``, with types such as
    ``size:long``, ``district:boolean``, ``x:double`` and ``duties:string[]``.

    Parameters
    ----------
    source : Model or networkx graph
        See :func:`graph_of`.
    population : bool or str
        See :func:`graph_of`.
    table : {"nodes", "edges"}
        Which table.
    header : {"plain", "neo4j"}
        The header row's style.

    Returns
    -------
    iterator of str
        The header, then one CSV record per node or edge, without line ends
        (a quoted cell may hold a line break).

    Raises
    ------
    PartygraphError
        ``table`` or ``header`` is not one of the choices.

    Examples
    --------
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="示例区", level="county", parent="c", district=True)])
    >>> print("\\n".join(generate_csv(m)))
    id,kind,name,section,level,district,model_community
    c,city,示例市,divisions,city,false,false
    k,county,示例区,divisions,county,true,false
    >>> print("\\n".join(generate_csv(m, table="edges", header="neo4j")))
    :START_ID,:END_ID,:TYPE,key
    c,k,contains,contains
    """
    if table not in CSV_COLUMNS:
        raise PartygraphError(f"table={table!r}: choose 'nodes' or 'edges'")
    if header not in ("plain", "neo4j"):
        raise PartygraphError(f"header={header!r}: choose 'plain' or 'neo4j'")
    g = graph_of(source, population=population)
    return _csv_records(g, table, header)


def _csv_records(g: Any, table: str, header: str) -> Iterator[str]:
    columns, types, rows = _csv_table(g, table)
    if header == "neo4j":
        names = [c if t == "string" else f"{c}:{t}" for c, t in zip(columns, types, strict=True)]
    else:
        names = columns
    buf = io.StringIO()
    # CRLF as the writer's terminator makes it quote cells holding a lone CR too.
    writer = csv.writer(buf, lineterminator="\r\n")
    head: list[Any] = [*CSV_COLUMNS[table][header], *names]
    for row in [head, *rows]:
        writer.writerow(["" if cell is None else _text(cell) for cell in row])
        yield buf.getvalue()[:-2]
        buf.seek(0)
        buf.truncate()


def csv_paths(path: PathLike) -> tuple[Path, Path]:
    """Where :func:`write_csv` puts the node and edge tables.

    A path ending in ``.csv`` names the pair ``<stem>.nodes.csv`` and
    ``<stem>.edges.csv`` beside it; any other path is a folder holding
    ``nodes.csv`` and ``edges.csv``.

    Examples
    --------
    >>> [p.as_posix() for p in csv_paths("out/yangjiang.csv")]
    ['out/yangjiang.nodes.csv', 'out/yangjiang.edges.csv']
    >>> [p.as_posix() for p in csv_paths("out/tables")]
    ['out/tables/nodes.csv', 'out/tables/edges.csv']
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        stem = path.stem.removesuffix(".nodes").removesuffix(".edges")
        return path.with_name(f"{stem}.nodes.csv"), path.with_name(f"{stem}.edges.csv")
    return path / "nodes.csv", path / "edges.csv"


def write_csv(
    source: Model | Any,
    path: PathLike,
    *,
    population: bool | str = False,
    header: Literal["plain", "neo4j"] = "plain",
    bom: bool = False,
) -> None:
    """Write the node and edge tables (see :func:`generate_csv` and :func:`csv_paths`).

    Both tables are complete before either file is put in place, so an error
    leaves neither.  ``bom=True`` starts each file with a UTF-8 byte-order
    mark, which Excel needs to read Chinese text correctly.

    Examples
    --------
    >>> import csv, pathlib, tempfile
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_csv(m, pathlib.Path(d) / "m.csv", bom=True)
    ...     with open(pathlib.Path(d) / "m.nodes.csv", encoding="utf-8-sig", newline="") as f:
    ...         next(csv.DictReader(f))["name"]
    '示例市'
    """
    if header not in ("plain", "neo4j"):
        raise PartygraphError(f"header={header!r}: choose 'plain' or 'neo4j'")
    g = graph_of(source, population=population)
    nodes_path, edges_path = csv_paths(path)
    with (
        _new_dirs(nodes_path.parent),
        write_atomic(nodes_path) as nodes_file,
        write_atomic(edges_path) as edges_file,
    ):
        _put(nodes_file, _csv_records(g, "nodes", header), bom=bom)
        _put(edges_file, _csv_records(g, "edges", header), bom=bom)


# -- the formats, as data (the CLI and the example use this table) --------------
@dataclass(frozen=True)
class Format:
    """One export format: its ``write_*`` function, file suffix and what it is for."""

    name: str
    write: Callable[..., None]
    suffix: str
    description: str


#: Format name -> :class:`Format`, in the order the documentation lists them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("graphml", write_graphml, ".graphml", "GraphML for Gephi, yEd, Cytoscape"),
        Format("gexf", write_gexf, ".gexf", "GEXF 1.2 for Gephi"),
        Format("dot", write_dot, ".dot", "Graphviz DOT (dot -Tsvg)"),
        Format("mermaid", write_mermaid, ".mmd", "Mermaid flowchart for Markdown"),
        Format("json", write_json, ".json", "node-link JSON for d3 (or Cytoscape.js)"),
        Format("csv", write_csv, ".csv", "node and edge CSV tables for bulk import"),
    )
}
