"""Graphviz DOT, for drawing with ``dot -Tsvg`` or ``dot -Tpng``.

Written line by line (no pydot or pygraphviz needed): nodes with their name as
label and their kind as class, edges with their relation as label (its Chinese
term, :func:`partygraph.export.labels.edge_text`), optionally grouped by kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from partygraph.errors import PartygraphError
from partygraph.export._common import PathLike, edges_of, graph_of, write_lines
from partygraph.export.labels import edge_text, kind_text
from partygraph.model import Model
from partygraph.safe_text import printable

__all__ = ["generate_dot", "write_dot"]


def _dot_string(text: str) -> str:
    r"""A DOT quoted string: ``\`` and ``"`` escaped, line breaks as ``\n``.

    Other control characters and bidi controls are made visible
    (:func:`~partygraph.safe_text.printable`): Graphviz would copy them into
    its SVG, where XML forbids them.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = printable(text, keep="\n").replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n") + '"'


def _dot_attrs(attrs: dict[str, str]) -> str:
    # Graphviz turns HTML entities in a label into characters: "&" written
    # "&amp;" keeps a name such as "&lt;" (or "&#27;") as it is.
    return ", ".join(
        f"{k}={_dot_string(v.replace('&', '&amp;') if k == 'label' else v)}"
        for k, v in attrs.items()
    )


#: The fonts a DOT file names, first found first: Graphviz's own default
#: (Times) has no Chinese glyphs and draws every character as a box.  Noto Sans
#: SC and Source Han Sans SC (the same design) on Linux, Microsoft YaHei and
#: SimHei on Windows, PingFang SC on macOS; ``sans-serif`` lets fontconfig
#: choose where none of them is installed.
CHINESE_FONTS = (
    "Noto Sans SC,Noto Sans CJK SC,Source Han Sans SC,Microsoft YaHei,PingFang SC,"
    "SimHei,WenQuanYi Micro Hei,sans-serif"
)


def generate_dot(
    source: Model | Any,
    *,
    population: bool | str = False,
    group: Literal["cluster", "rank"] | None = None,
    edge_labels: bool = True,
    rankdir: Literal["TB", "LR", "BT", "RL"] = "TB",
    fontname: str | None = CHINESE_FONTS,
) -> Iterator[str]:
    r"""Lines of a Graphviz DOT document, for ``dot -Tsvg`` or ``dot -Tpng``.

    Every string is quoted: ``"`` and ``\`` are escaped, line breaks become
    ``\n``, other control characters and bidi controls visible escapes
    (:func:`partygraph.safe_text.printable`), and ``&`` in a label ``&amp;``
    (Graphviz reads HTML entities in labels).  A node's ``label`` is its
    ``name`` and its ``class`` its ``kind`` (a CSS class in SVG output); an
    edge's ``label`` is its relation (a post's edge: its role) as
    :func:`~partygraph.export.labels.edge_text` says it, in Chinese unless the
    language is English; a cluster's label is its kind, likewise.  Other attributes are not written:
    DOT is for drawing (use GraphML or GEXF to keep them).

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
    fontname : str or None
        The font of labels: by default :data:`CHINESE_FONTS`, a list of fonts
        with Chinese glyphs, first installed first; ``None`` leaves Graphviz's
        default (Times), which draws Chinese as boxes.

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
    >>> print("\n".join(generate_dot(m, fontname="Noto Sans SC")))
    digraph "示例市" {
        graph [rankdir="TB", fontname="Noto Sans SC"];
        node [shape="box", fontname="Noto Sans SC"];
        edge [fontname="Noto Sans SC"];
        "c" [label="示例市", class="city"];
        "k" [label="示例区\"新\"", class="county"];
        "c" -> "k" [label="包含"];
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
    graph_attrs = {"rankdir": rankdir, **({"fontname": fontname} if fontname else {})}
    yield f"    graph [{_dot_attrs(graph_attrs)}];"
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
                label = kind_text(kind)
                yield f"        graph [{_dot_attrs({'label': label, 'style': 'rounded'})}];"
            else:
                yield "    subgraph {"
                yield '        graph [rank="same"];'
            for node, data in members:
                yield declaration(node, data, "        ")
            yield "    }"
    arrow = "->" if directed else "--"
    for u, v, _, data in edges_of(g):
        line = f"    {_dot_string(str(u))} {arrow} {_dot_string(str(v))}"
        if edge_labels and "relation" in data:
            line += f" [{_dot_attrs({'label': edge_text(data)})}]"
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
    fontname: str | None = CHINESE_FONTS,
) -> None:
    """Write a DOT file (see :func:`generate_dot`), all or nothing.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_dot(m, pathlib.Path(d) / "m.dot", group="rank", fontname=None)
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
    write_lines(path, lines)
