"""The export formats as data: name, writer, file suffix, description.

The CLI (``partygraph export --format``) and ``examples/export_yangjiang.py``
read this table rather than naming the writers.  It lives apart from
:mod:`partygraph.export._common` because it imports every format module,
which all import ``_common``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partygraph.export.csv import write_csv
from partygraph.export.dot import write_dot
from partygraph.export.geojson import write_geojson
from partygraph.export.gexf import write_gexf
from partygraph.export.graphml import write_graphml
from partygraph.export.json import write_json
from partygraph.export.mermaid import write_mermaid
from partygraph.export.parquet import write_parquet

__all__ = ["FORMATS", "Format"]


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
        Format("parquet", write_parquet, ".parquet", "typed node and edge Parquet tables"),
        Format("geojson", write_geojson, ".geojson", "GeoJSON of the service circle for QGIS"),
    )
}
