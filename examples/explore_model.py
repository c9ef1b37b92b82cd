"""Load a model, count what it holds, and walk its graph.

Run from the repository root::

    python examples/explore_model.py [configs/yangjiang.yaml]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import partygraph

DEFAULT = Path("configs/yangjiang.yaml")
FALLBACK = Path("tests/fixtures/small/model.yaml")


def main(path: Path) -> None:
    model = partygraph.load(path)
    g = model.to_networkx()
    print(f"{model.name}: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges")
    kinds = Counter(kind for _, kind in g.nodes(data="kind"))
    for kind, n in kinds.most_common():
        print(f"  {kind:<20} {n:>6,}")

    # The four-level linkage as a view: every community and its subdistrict.
    linkage = partygraph.layer(g, "linkage")
    communities = [n for n, k in linkage.nodes(data="kind") if k == "community"]
    first = communities[0]
    parent = next(u for u, _, r in linkage.in_edges(first, data="relation") if r == "contains")
    name, parent_name = g.nodes[first]["name"], g.nodes[parent]["name"]
    print(f"{len(communities)} communities; {name} is in {parent_name}")

    # The population is columnar: numpy expressions, not loops.
    households = model.population["households"]
    print(f"{len(households):,} households, {(households['grid'] == -1).sum():,} without a grid")


if __name__ == "__main__":
    arg = Path(sys.argv[1]) if len(sys.argv) > 1 else (DEFAULT if DEFAULT.exists() else FALLBACK)
    main(arg)
