"""Walking distances on a road network, for the 10-minute service circle.

The network is a walking graph saved by osmnx (``ox.save_graphml``): nodes
with ``x`` / ``y`` in the model's frame (longitude and latitude for a
``wgs84`` or ``gcj02`` model, the same plane and unit as the model's ``x`` /
``y`` otherwise), edges with ``length`` in metres.  It is read with
networkx's :func:`~networkx.read_graphml` alone (osmnx writes every attribute
as text, so the numbers are parsed here): partygraph does not depend on
osmnx.  Walking is taken to go both ways along every edge, and of parallel
edges the shortest counts.

Each compound and site is snapped to its nearest node (the grid of
:func:`partygraph.rules.distance.nearest_site`); one Dijkstra from all sites
at once then gives every node its distance to the nearest site.  A walk is
the straight line from the compound to its node, the road, and the straight
line from the site's node to the site, so adding a site never lengthens
anyone's walk.  A compound whose node no site's road reaches walks ``inf``.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_nodes_from([(1, {"x": "0", "y": "0"}), (2, {"x": "0", "y": "300"}),
...                   (3, {"x": "600", "y": "300"})])
>>> g.add_edge(1, 2, length="300.0"); g.add_edge(2, 3, length="600.0")
0
0
>>> net = network_of(g)
>>> walk, site = net.walks(np.array([[0.0, 0.0]]), np.array([[600.0, 300.0]]))
>>> walk.tolist(), site.tolist()
([900.0], [0])
"""

from __future__ import annotations

import heapq
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from partygraph.errors import PartygraphError
from partygraph.i18n import tr
from partygraph.model.population import Array
from partygraph.rules.distance import nearest_site

if TYPE_CHECKING:  # networkx only reads a network file: a check without one never imports it
    import networkx as nx

__all__ = ["Network", "network_of", "read_network"]

#: Grid cell of the snapping search, in metres: any size gives the same answer.
_SNAP_CELL = 250.0


@dataclass(frozen=True)
class Network:
    """A walking graph as arrays: node coordinates and an adjacency list in metres."""

    xy: Array
    adjacency: list[list[tuple[int, float]]]

    def on_plane(self, to_plane: Any) -> Network:
        """The same network with its node coordinates mapped by ``to_plane``."""
        return Network(to_plane(self.xy), self.adjacency)

    def walks(self, points: Array, sites: Array) -> tuple[Array, Array]:
        """Metres on foot from each point to its nearest site by road, and that
        site's row (NaN and -1 for a point or without coordinates; ``inf`` and
        -1 where no site's road reaches the point's node).  ``points``, ``sites``
        and the nodes are on one plane in metres."""
        out = np.full(points.shape[0], np.nan)
        best = np.full(points.shape[0], -1)
        site_gap, site_node = nearest_site(sites, self.xy, radius=_SNAP_CELL)
        point_gap, point_node = nearest_site(points, self.xy, radius=_SNAP_CELL)
        dist, origin = self._dijkstra(site_node, site_gap)
        known = point_node >= 0
        nodes = point_node[known]
        out[known] = point_gap[known] + dist[nodes]
        best[known] = origin[nodes]
        return out, best

    def _dijkstra(self, node: Array, gap: Array) -> tuple[Array, Array]:
        """Distance of every node to its nearest source (site ``s`` enters the
        network at node ``node[s]`` after walking ``gap[s]`` metres), and which site."""
        dist = np.full(self.xy.shape[0], np.inf)
        origin = np.full(self.xy.shape[0], -1)
        heap = [(float(gap[s]), int(node[s]), s) for s in range(node.shape[0]) if node[s] >= 0]
        heapq.heapify(heap)
        while heap:
            d, u, s = heapq.heappop(heap)
            if d >= dist[u]:
                continue
            dist[u], origin[u] = d, s
            for v, length in self.adjacency[u]:
                if d + length < dist[v]:
                    heapq.heappush(heap, (d + length, v, s))
        return dist, origin


def read_network(path: str | os.PathLike[str]) -> Network:
    """Read a walking graph saved by ``osmnx.save_graphml`` (networkx alone).

    Raises
    ------
    partygraph.errors.PartygraphError
        If the file cannot be read as GraphML, or a node lacks ``x`` / ``y``
        or an edge ``length`` (in Chinese: where and what to do).
    """
    import networkx as nx  # here: 0.1 s of imports that every check would pay

    path = Path(path)
    try:
        graph = nx.read_graphml(path)
    except (OSError, ValueError, SyntaxError, nx.NetworkXError) as exc:
        raise PartygraphError(tr("network.unreadable", path=path, reason=exc)) from None
    return network_of(graph, str(path))


def network_of(graph: nx.Graph, where: str = "network") -> Network:
    """A :class:`Network` from a networkx graph with node ``x`` / ``y`` and edge ``length``."""
    code = {n: i for i, n in enumerate(graph.nodes)}
    xy = np.empty((len(code), 2))
    for n, data in graph.nodes(data=True):
        xy[code[n]] = [_number(data, "x", where, n), _number(data, "y", where, n)]
    adjacency: list[dict[int, float]] = [{} for _ in code]
    for u, v, data in graph.edges(data=True):
        length = _number(data, "length", where, f"{u}-{v}")
        a, b = code[u], code[v]
        for p, q in ((a, b), (b, a)):  # on foot both ways; the shortest parallel edge
            adjacency[p][q] = min(length, adjacency[p].get(q, np.inf))
    return Network(xy, [list(d.items()) for d in adjacency])


def _number(data: dict[str, Any], key: str, where: str, item: object) -> float:
    try:
        value = float(data[key])
    except (KeyError, TypeError, ValueError):
        value = np.nan
    if not np.isfinite(value) or (key == "length" and value < 0):
        raise PartygraphError(
            tr("network.bad_value", path=where, item=item, key=key, value=data.get(key))
        )
    return value
