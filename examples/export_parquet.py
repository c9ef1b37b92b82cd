"""Export the Yangjiang model as Parquet and read it back: with pyarrow, and as a networkx graph.

Run from the repository root::

    python examples/export_parquet.py [OUTPUT_DIR [MODEL]]

OUTPUT_DIR_ARG: the folder to write into (default: a new temporary folder).
MODEL defaults to ``configs/yangjiang.yaml``, or the small test model where that
file is missing.  ``write_parquet(model, "out/yangjiang.parquet")`` writes two
typed tables, ``yangjiang.nodes.parquet`` and ``yangjiang.edges.parquet``
(docs/export.md, "Parquet"): this script counts the nodes by their Chinese kind
(``kind_zh``), lists the pairings whose agreement has ended by the snapshot
date (``valid_until`` is a date column), and rebuilds the graph from the tables.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import networkx as nx
import pyarrow.compute as pc
import pyarrow.parquet as pq

import partygraph
from partygraph.export import parquet_paths, write_parquet

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "configs" / "yangjiang.yaml"
FALLBACK = ROOT / "tests" / "fixtures" / "small" / "model.yaml"


def main(out: Path, path: Path) -> None:
    model = partygraph.load(path)
    target = out / f"{path.stem}.parquet"
    write_parquet(model, target)
    nodes_path, edges_path = parquet_paths(target)
    for written in (nodes_path, edges_path):
        print(f"wrote {written} ({written.stat().st_size:,} bytes)")

    nodes = pq.read_table(nodes_path)
    edges = pq.read_table(edges_path)
    print(f"{nodes.num_rows:,} nodes, {edges.num_rows:,} edges")
    print("nodes by kind (kind_zh):")
    counts = (
        nodes.group_by("kind_zh").aggregate([("id", "count")]).sort_by([("id_count", "descending")])
    )
    for kind, count in zip(
        counts["kind_zh"].to_pylist(), counts["id_count"].to_pylist(), strict=True
    ):
        print(f"  {count:>7,}  {kind}")

    if model.snapshot is not None and "valid_until" in nodes.column_names:
        pairings = nodes.filter(pc.equal(nodes["kind"], "pairing"))
        ended = pairings.filter(pc.less(pairings["valid_until"], model.snapshot))
        when = model.snapshot
        print(
            f"pairings whose agreement ended before {when}: {ended.num_rows} of {pairings.num_rows}"
        )

    g = nx.MultiDiGraph()
    for row in nodes.to_pylist():
        g.add_node(row.pop("id"), **{k: v for k, v in row.items() if v is not None})
    for row in edges.to_pylist():
        u, v, key = row.pop("source"), row.pop("target"), row.pop("key")
        g.add_edge(u, v, key=key, **{k: x for k, x in row.items() if x is not None})
    same = g.number_of_nodes() == model.to_networkx().number_of_nodes()
    print(f"graph rebuilt from the tables: {g.number_of_nodes():,} nodes (as the model: {same})")


if __name__ == "__main__":
    folder = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="pg-parquet-"))
    )
    model = Path(sys.argv[2]) if len(sys.argv) > 2 else (MODEL if MODEL.exists() else FALLBACK)
    main(folder, model)
