"""What the explorer's page holds, as plain JSON-ready data.

The page opens with the divisions (:func:`explorer_data`'s ``top``) and keeps
the nodes under each division in a block of their own (``blocks``), parsed
only when that division is expanded: a city of 1,500 communities opens as fast
as a town.  A node belongs to the block of the division that ``contains`` it;
a node nothing contains (a party organisation covering a community, a post's
holder, a service item) to the blocks of the nodes it is linked to.

Colours, kind labels and words come from :mod:`partygraph.explore.meta`
(the vocabulary, as the diagrams read it), and each layer's fills, outlines
and ``覆盖 x%`` from the same overlay the diagrams use
(``partygraph.draw._overlay.Overlay``), so the page and the PNG diagrams say
the same thing.

Examples
--------
>>> from partygraph.model import Division, Model
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...                      Division(id="k", name="示例区", level="county", parent="c")])
>>> data = explorer_data(m)
>>> [n["name"] for n in data["top"]["nodes"]], data["blocks"]
(['示例市', '示例区'], [])
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import numpy as np

from partygraph.draw._overlay import Overlay
from partygraph.explore.meta import DIVISION_KINDS, edge_texts, page_meta
from partygraph.graph import build_graph
from partygraph.i18n import language
from partygraph.model import Model
from partygraph.model.report import Finding, Report
from partygraph.vocabulary import ENUMERATIONS, HELD_BY, LAYERS
from partygraph.vocabulary.headers import header
from partygraph.vocabulary.terms import FALSE_TERMS, TRUE_TERMS

__all__ = ["DIVISION_KINDS", "explorer_data"]

#: Attributes a node's panel does not list (shown otherwise, or internal).
_HIDDEN = frozenset({"kind", "section", "name", "level"})


def explorer_data(model: Model, *, report: Report | None = None) -> dict[str, Any]:
    """The page's data: ``meta`` (words, styles, layers), ``top`` (the
    division tree) and ``blocks`` (the nodes under each division; a division's
    ``block`` is the index of its own).

    Examples
    --------
    >>> from partygraph.model import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> data = explorer_data(m)
    >>> data["meta"]["kinds"]["city"]["label"], data["meta"]["checked"]
    ('市', False)
    """
    graph = build_graph(model)
    divisions = [n for n, d in graph.nodes(data=True) if d.get("kind") in DIVISION_KINDS]
    parent = _division_parents(graph, divisions)
    members = _blocks(graph, divisions)
    overlays = {name: Overlay(report, name) for name in LAYERS}
    findings, coverage = _findings(report), _rows(report)
    households = _households(model)
    order = [d for d in divisions if members.get(d)]
    block_of = {d: i for i, d in enumerate(order)}
    children: dict[str, int] = defaultdict(int)
    for n in divisions:
        if n in parent:
            children[parent[n]] += 1
    top_nodes = []
    for n in divisions:
        item = _node(graph, n, households, parent=parent.get(n), block=block_of.get(n, -1))
        item["children"] = children[n]
        item["members"] = len(members.get(n, ()))
        top_nodes.append(item)
    top = {"nodes": top_nodes, **_marks(divisions, overlays, findings, coverage)}
    top["fill"], top["sub"] = _division_fills(graph, divisions, parent, members, overlays)
    blocks = [_block(graph, d, members[d], households, overlays, findings, coverage) for d in order]
    meta = page_meta(model, report)
    meta["edgeText"] = edge_texts(graph)
    return {"meta": meta, "top": top, "blocks": blocks}


def _division_parents(graph: nx.MultiDiGraph, divisions: list[str]) -> dict[str, str]:
    """Each division's parent division (the one that ``contains`` it)."""
    kinds = set(divisions)
    out: dict[str, str] = {}
    for n in divisions:
        for src, _, rel in graph.in_edges(n, data="relation"):
            if rel == "contains" and src in kinds:
                out[n] = src
                break
    return out


def _blocks(graph: nx.MultiDiGraph, ordered: list[str]) -> dict[str, list[str]]:
    """The nodes each division shows when expanded: those it ``contains``
    (and what they contain), then the nodes linked to them that nothing
    contains, each in one block (so each node's data is in the file once)."""
    divisions = set(ordered)
    home = _homes(graph, divisions)
    root = ordered[0] if ordered else None
    members: dict[str, list[str]] = defaultdict(list)
    for n in graph.nodes:
        where = home.get(n, root)  # linked to nothing: under the root
        if n not in divisions and where is not None:
            members[where].append(n)
    placed = {d: set(ns) for d, ns in members.items()}
    # A post's holder shows wherever the post is (a grid leader in the grid's
    # community), so a person may be in several blocks.
    for src, dst, rel in graph.edges(data="relation"):
        block = home.get(src)
        if rel == HELD_BY and block is not None and dst not in placed[block]:
            placed[block].add(dst)
            members[block].append(dst)
    return dict(members)


def _homes(graph: nx.MultiDiGraph, divisions: set[str]) -> dict[str, str]:
    """The division each node is under: the one that contains it, else the
    one of a node it is linked to."""
    home: dict[str, str] = {}
    loose: list[str] = []
    for n in graph.nodes:
        if n not in divisions:
            found = _contained_by(graph, n, divisions)
            if found is None:
                loose.append(n)
            else:
                home[n] = found
    # A loose node joins the block of a division it is linked to, else of the node
    # linked to it (a post's holder: the organisation's), else of one it links to;
    # repeated, for a service item offered by a centre a party organisation runs.
    for _ in range(4):
        left = []
        for n in loose:
            found = _linked_home(graph, n, home, divisions)
            if found is None:
                left.append(n)
            else:
                home[n] = found
        if len(left) == len(loose):
            break
        loose = left
    return home


def _linked_home(
    graph: nx.MultiDiGraph, node: str, home: dict[str, str], divisions: set[str]
) -> str | None:
    for m in (*graph.successors(node), *graph.predecessors(node)):
        if m in divisions:
            return str(m)
    for m in (*graph.predecessors(node), *graph.successors(node)):
        if m in home:
            return str(home[m])
    return None


def _contained_by(graph: nx.MultiDiGraph, node: str, divisions: set[str]) -> str | None:
    """The division above ``node`` along ``contains`` edges, if any."""
    seen = {node}
    while True:
        up = [s for s, _, rel in graph.in_edges(node, data="relation") if rel == "contains"]
        if not up:
            return None
        node = up[0]
        if node in divisions:
            return node
        if node in seen:
            return None
        seen.add(node)


def _households(model: Model) -> dict[str, int]:
    """Households per community and per grid: shown as counts, not nodes."""
    table = model.population["households"]
    out: dict[str, int] = {}
    if not len(table):
        return out
    for column, entities in (("community", model.divisions), ("grid", model.grids)):
        codes = np.asarray(table[column])
        counts = np.bincount(codes[codes >= 0], minlength=len(entities))
        for i, n in enumerate(counts.tolist()):
            if n:
                out[entities[i].id] = int(n)
    return out


def _node(
    graph: nx.MultiDiGraph,
    n: str,
    households: dict[str, int],
    *,
    parent: str | None = None,
    block: int = -1,
) -> dict[str, Any]:
    data = graph.nodes[n]
    zh = language() == "zh"
    section = str(data.get("section") or "")
    attrs = {
        header(section, k) if zh else k: _plain(v, zh)
        for k, v in data.items()
        if k not in _HIDDEN and v not in (None, "", False, ())
    }
    item: dict[str, Any] = {
        "id": n,
        "kind": str(data.get("kind")),
        "name": str(data.get("name") or n),
    }
    if attrs:
        item["attrs"] = attrs
    if n in households:
        item["households"] = households[n]
    if parent is not None:
        item["parent"] = parent
    if block >= 0:
        item["block"] = block
    return item


#: Code -> Chinese term, of the enumerations a node's attributes hold.
_TERMS: dict[str, str] = {
    code: term
    for name, (_, labels) in ENUMERATIONS.items()
    if name not in ("action", "severity")  # what a check says, not a node's attribute
    for code, term in labels.items()
}


def _plain(value: Any, zh: bool) -> Any:
    """An attribute as the panel shows it: codes as their Chinese terms, lists
    joined, yes and no as 是 and 否 (in Chinese)."""
    if isinstance(value, tuple | list):
        return "、".join(str(_plain(v, zh)) for v in value)
    if isinstance(value, bool):
        return (TRUE_TERMS[0] if value else FALSE_TERMS[0]) if zh else value
    if isinstance(value, str) and zh:
        return _TERMS.get(value, value)
    if isinstance(value, int | float | str):
        return value
    return str(value)


def _findings(report: Report | None) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    if report is not None:
        for f in report.findings:
            out[f.node.id].append(f)
    return out


def _marks(
    nodes: list[str],
    overlays: dict[str, Overlay],
    findings: dict[str, list[Finding]],
    coverage: dict[str, list[Any]],
) -> dict[str, Any]:
    """Per layer, the fill, outline and coverage text of ``nodes``; their
    findings and coverage rows."""
    fill = {name: {n: s for n in nodes if (s := ov.severity(n))} for name, ov in overlays.items()}
    outline = {name: {n: s for n in nodes if (s := ov.marker(n))} for name, ov in overlays.items()}
    cover = {name: {n: t for n in nodes if (t := ov.coverage(n))} for name, ov in overlays.items()}
    en = language() == "en"
    found = {
        n: [
            [
                f.rule,
                f.severity,
                f.message_en if en else f.message,
                f.hint,
            ]
            for f in findings[n]
        ]
        for n in nodes
        if findings.get(n)
    }
    rows = {n: coverage[n] for n in nodes if n in coverage}
    return {"fill": fill, "outline": outline, "cover": cover, "findings": found, "rows": rows}


def _rows(report: Report | None) -> dict[str, list[Any]]:
    """The report's coverage rows by node: ``[rule, covered, total, ratio]``."""
    rows: dict[str, list[Any]] = defaultdict(list)
    for c in report.coverage if report is not None else ():
        if c.ratio is not None:
            rows[c.node.id].append([c.rule, c.covered, c.total, c.ratio])
    return dict(rows)


def _division_fills(
    graph: nx.MultiDiGraph,
    divisions: list[str],
    parent: dict[str, str],
    members: dict[str, list[str]],
    overlays: dict[str, Overlay],
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Per layer, each division's fill when open and when collapsed.

    Open, a division stands for the nodes under it the layer does not draw (a
    community for its compounds in the linkage tree, as in the diagrams);
    collapsed, for everything under it, like a diagram's count box.
    """
    own: dict[str, dict[str, str]] = {}
    sub: dict[str, dict[str, str]] = {}
    for name, ov in overlays.items():
        kinds = LAYERS[name].kinds
        own[name], sub[name] = {}, {}
        for d in divisions:
            under = members.get(d, ())
            hidden = [m for m in under if graph.nodes[m].get("kind") not in kinds]
            if sev := ov.worst([d, *hidden]):
                own[name][d] = sev
            sev = ov.worst([d, *under])
            up: str | None = d if sev is not None else None
            while up is not None:  # the division and each one above it
                if sub[name].get(up) != "error":
                    sub[name][up] = str(sev)
                up = parent.get(up)
    return own, sub


def _block(
    graph: nx.MultiDiGraph,
    division: str,
    nodes: list[str],
    households: dict[str, int],
    overlays: dict[str, Overlay],
    findings: dict[str, list[Finding]],
    coverage: dict[str, list[Any]],
) -> dict[str, Any]:
    """The nodes under one division, their links, findings and fills.

    A node's ``parent`` is what contains it (none: the division);
    a link is ``[source, target, relation, role]``, to a node of any block
    (the page draws it when both ends are open).
    """
    inside = set(nodes)
    edges: list[list[str]] = []
    tree: dict[str, str] = {}
    for n in nodes:
        for _, dst, data in graph.out_edges(n, data=True):
            if data.get("relation") != "contains":
                edges.append([n, dst, str(data.get("relation")), str(data.get("role") or "")])
        for src, _, rel in graph.in_edges(n, data="relation"):
            if rel == "contains" and (src in inside or src == division):
                tree[n] = src
    # ``parent`` is left out where it is the division (most nodes: a smaller file).
    items = [_node(graph, n, households, parent=tree.get(n)) for n in nodes]
    marks = _marks(nodes, overlays, findings, coverage)
    return {"division": division, "nodes": items, "edges": edges, **marks}
