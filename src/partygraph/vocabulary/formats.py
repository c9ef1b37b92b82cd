"""The names of the export formats, for the command line: listing them needs
no writer, so ``partygraph --help`` imports no graph library.

Examples
--------
>>> tuple(EXPORT_FORMATS)
('graphml', 'gexf', 'dot', 'mermaid', 'json', 'csv', 'parquet', 'geojson')
>>> EXPORT_FORMATS["gexf"].suffix
'.gexf'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXPORT_FORMATS", "REPORT_FORMATS", "ExportFormat"]


@dataclass(frozen=True)
class ExportFormat:
    """An export format: its name, file suffix and what it is for."""

    name: str
    suffix: str
    description: str


#: The export formats (:mod:`partygraph.export` has a writer for each).
EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("graphml", ".graphml", "GraphML for Gephi, yEd, Cytoscape"),
        ExportFormat("gexf", ".gexf", "GEXF 1.2 for Gephi"),
        ExportFormat("dot", ".dot", "Graphviz DOT (dot -Tsvg)"),
        ExportFormat("mermaid", ".mmd", "Mermaid flowchart for Markdown"),
        ExportFormat("json", ".json", "node-link JSON for d3 (or Cytoscape.js)"),
        ExportFormat("csv", ".csv", "node and edge CSV tables for bulk import"),
        ExportFormat("parquet", ".parquet", "typed node and edge Parquet tables"),
        ExportFormat("geojson", ".geojson", "GeoJSON of the service circle for QGIS"),
    )
}

#: The report's output formats (:mod:`partygraph.report.render`), and the file
#: suffixes that select them.
REPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "text": (".txt",),
    "json": (".json",),
    "markdown": (".md", ".markdown"),
    "csv": (".csv",),
    "xlsx": (".xlsx",),
}
