"""The model as a typed networkx graph, and per-layer views of it."""

from partygraph.graph.build import (
    KINDS,
    LAYERS,
    build_graph,
    kind_of,
    layer,
)

__all__ = [
    "KINDS",
    "LAYERS",
    "build_graph",
    "kind_of",
    "layer",
]
