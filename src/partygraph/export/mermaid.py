"""Mermaid flowcharts, for Markdown documents (GitHub, GitLab, Typora, mermaid.live).

Each node declared once under a safe identifier (:func:`mermaid_ids`) with
its name as label, edges labelled with their relation (its Chinese term:
:func:`partygraph.export.labels.edge_text`); graphs too large to
read are refused.  A label is inert text whatever the name holds: every
character that could end the quoted string, start a directive or a comment
(``%%``), a Markdown string or an HTML tag is written as a Mermaid entity code
(``#37;`` for ``%``), so a name can neither restyle the diagram
(``%%{init: ...}%%``) nor add nodes to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from partygraph.errors import PartygraphError
from partygraph.export._common import PathLike, edges_of, graph_of, write_lines
from partygraph.export.labels import edge_text
from partygraph.i18n import tr
from partygraph.model import Model
from partygraph.safe_text import printable

__all__ = ["generate_mermaid", "mermaid_ids", "write_mermaid"]

#: Mermaid's default ``maxTextSize``: a longer text is shown as an error, not drawn.
MERMAID_MAX_TEXT = 50_000


#: Mermaid entity codes (``#name;`` or ``#decimal;``, which Mermaid turns into
#: HTML entities) for characters that would end or change a quoted label: ``"``
#: ends it, ``%%`` starts a directive or a comment anywhere in the text, ``#``
#: starts an entity, a backtick a Markdown string, ``<`` an HTML tag, ``|`` an
#: edge label; ``:`` is what Mermaid's ``style ...:...#...;`` clean-up looks
#: for; and ``ﬂ`` and ``¶`` are Mermaid's own placeholders for entities.
#: (U+2028 and U+2029, line ends for JavaScript, are made visible by printable.)
_MERMAID_ESCAPES = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "%": "#37;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "`": "#96;",
        "|": "#124;",
        ":": "#58;",
        "\ufb02": "#64258;",
        "\u00b6": "#182;",
        "\n": "<br>",
    }
)

_NOT_ID = re.compile(r"[^A-Za-z0-9_]")


def _mermaid_string(text: str) -> str:
    """A quoted Mermaid label: line breaks as ``<br>``, controls made visible, the rest
    of the syntax as entity codes."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return '"' + printable(text, keep="\n").translate(_MERMAID_ESCAPES) + '"'


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
    max_text: int | None = MERMAID_MAX_TEXT,
    fence: bool = False,
) -> Iterator[str]:
    """Lines of a Mermaid flowchart, for a Markdown document.

    Nodes are declared once each as ``id["label"]``: the id from
    :func:`mermaid_ids`, the label the node's ``name`` with ``"`` written
    ``#quot;`` (and ``#``, ``%``, ``<``, ``>``, ``&``, `````, ``|``, ``:``,
    ``ﬂ`` and ``¶`` as entity codes, line breaks as ``<br>``, control
    characters, U+2028, U+2029 and bidi controls as visible escapes, see
    :func:`partygraph.safe_text.printable`).  Edges are labelled with their
    relation (a post's edge: its role), escaped alike, in Chinese unless the
    language is English (:func:`~partygraph.export.labels.edge_text`).

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
    max_text : int or None
        Refuse a diagram whose text is longer (``None``: no limit): Mermaid
        renders at most :data:`MERMAID_MAX_TEXT` characters unless its
        ``maxTextSize`` setting is raised, and shows an error box instead.
    fence : bool
        Wrap the diagram in a ````` ```mermaid ````` code fence.

    Returns
    -------
    iterator of str
        The diagram's lines, without line ends.

    Raises
    ------
    PartygraphError
        The graph has more nodes or edges than allowed, or its text is too long.

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
        n_o1 -->|"领导"| n_o2
    ```
    >>> list(generate_mermaid(g, max_nodes=1))
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: 图里有 2 个节点，超过 Mermaid 图可读的上限 1 个...
    """
    g = graph_of(source, population=population)
    for key, count, limit in (
        ("export.mermaid_nodes", g.number_of_nodes(), max_nodes),
        ("export.mermaid_edges", g.number_of_edges(), max_edges),
    ):
        if limit is not None and count > limit:
            raise PartygraphError(tr(key, count=f"{count:,}", limit=f"{limit:,}"))
    lines = _mermaid_lines(g, direction=direction, edge_labels=edge_labels, fence=fence)
    if max_text is None:
        return lines
    # Mermaid counts the whole text it is given; under the node and edge limits
    # the diagram is at most a few hundred lines, so it is held whole to measure.
    kept = list(lines)
    length = sum(len(line) + 1 for line in kept)
    if length > max_text:
        raise PartygraphError(tr("export.mermaid_text", count=f"{length:,}", limit=f"{max_text:,}"))
    return iter(kept)


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
    for u, v, _, data in edges_of(g):
        label = ""
        if edge_labels and str(data.get("relation") or ""):
            label = f"|{_mermaid_string(edge_text(data))}|"
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
    max_text: int | None = MERMAID_MAX_TEXT,
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
        max_text=max_text,
        fence=fence,
    )
    write_lines(path, lines)
