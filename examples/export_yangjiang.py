"""Export the Yangjiang model to every format partygraph writes.

Run from the repository root::

    python examples/export_yangjiang.py [OUTPUT_DIR [MODEL]]

OUTPUT_DIR_ARG: the folder to write into (default: a new temporary folder).
MODEL defaults to ``configs/yangjiang.yaml``, or the small test model where that
file is missing.  The structure graph goes to GraphML, GEXF, DOT, JSON, CSV and
Parquet; the Mermaid diagram shows one subdistrict's linkage (四级联动) only, since a
diagram of the whole city would be unreadable.  See docs/export.md for how to open each file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import partygraph
from partygraph.export import FORMATS, csv_paths, parquet_paths, write_mermaid
from partygraph.graph import layer

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "configs" / "yangjiang.yaml"
FALLBACK = ROOT / "tests" / "fixtures" / "small" / "model.yaml"


def one_subdistrict(g: Any) -> Any:
    """The linkage layer under the first subdistrict: its communities and their organisations."""
    linkage = layer(g, "linkage")
    top = next(n for n, kind in linkage.nodes(data="kind") if kind == "subdistrict")
    places, todo = {top}, [top]
    while todo:
        for _, child, relation in linkage.out_edges(todo.pop(), data="relation"):
            if relation == "contains" and child not in places:
                places.add(child)
                todo.append(child)
    orgs = {u for u, v, rel in linkage.edges(data="relation") if rel == "covers" and v in places}
    return linkage.subgraph(places | orgs)


def main(out: Path, path: Path) -> None:
    model = partygraph.load(path)
    g = model.to_networkx()
    print(f"{model.name}: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges")
    for name, fmt in FORMATS.items():
        target = out / f"{path.stem}{fmt.suffix}"
        if name == "mermaid":
            target = out / f"{path.stem}-subdistrict.md"
            view = one_subdistrict(g)
            write_mermaid(view, target)
            print(f"  {name:<8} {target}  ({view.number_of_nodes()} nodes, one subdistrict)")
            continue
        fmt.write(model if name == "geojson" else g, target)  # GeoJSON: from the model
        tables = {"csv": csv_paths, "parquet": parquet_paths}
        for written in tables[name](target) if name in tables else (target,):
            print(f"  {name:<8} {written}  ({written.stat().st_size:,} bytes)")
    print(f"wrote every format to {out}")


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="pg-export-"))
    model = Path(sys.argv[2]) if len(sys.argv) > 2 else (MODEL if MODEL.exists() else FALLBACK)
    main(folder, model)
