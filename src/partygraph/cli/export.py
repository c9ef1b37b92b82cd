"""``partygraph export``: write a model's graph as GraphML, GEXF, DOT, Mermaid, JSON or CSV.

A thin shell over :mod:`partygraph.export`::

    partygraph export configs/yangjiang.yaml --format gexf -o out/yangjiang.gexf
    partygraph export configs/yangjiang.yaml --format mermaid --layer linkage -o out/linkage.md
    partygraph export configs/yangjiang.yaml --format csv --population --neo4j -o out/neo4j

Options that shape one format only (``--bom``, ``--neo4j``, ``--cytoscape``,
``--group``, ``--max-nodes``) are refused with any other format.  On any error
nothing is written.  See ``docs/export.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_OK, STDOUT, not_read
from partygraph.errors import PartygraphError
from partygraph.vocabulary import EXPORT_FORMATS, LAYER_NAMES

__all__ = ["add_parser", "run"]

#: Format-specific option -> (the formats it applies to, how it becomes a keyword).
_OPTIONS: dict[str, tuple[tuple[str, ...], str, Any]] = {
    "bom": (("csv",), "bom", True),
    "neo4j": (("csv",), "header", "neo4j"),
    "cytoscape": (("json",), "style", "cytoscape"),
    "group": (("dot",), "group", None),
    "max_nodes": (("mermaid",), "max_nodes", None),
}


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "export",
        help="write the graph as GraphML, GEXF, DOT, Mermaid, JSON or CSV",
        description="Write a model's graph to a file other tools read: "
        + "; ".join(f"{f.name}: {f.description}" for f in EXPORT_FORMATS.values())
        + ". See docs/export.md.",
    )
    p.add_argument("file", help="the model's YAML entry file")
    p.add_argument(
        "--format", "-f", required=True, choices=tuple(EXPORT_FORMATS), help="output format"
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        help="output file, - for standard output; for csv a folder (nodes.csv, edges.csv) "
        "or NAME.csv (NAME.nodes.csv, NAME.edges.csv)",
    )
    p.add_argument("--layer", choices=LAYER_NAMES, help="export one layer's view only")
    p.add_argument("--population", action="store_true", help="add households and persons as nodes")
    p.add_argument("--bom", action="store_true", help="csv: start with a UTF-8 BOM (for Excel)")
    p.add_argument("--neo4j", action="store_true", help="csv: typed headers for neo4j-admin import")
    p.add_argument(
        "--cytoscape", action="store_true", help="json: Cytoscape.js elements, not d3 node-link"
    )
    p.add_argument("--group", choices=("cluster", "rank"), help="dot: group nodes by kind")
    p.add_argument(
        "--max-nodes",
        type=int,
        metavar="N",
        help="mermaid: refuse graphs with more nodes (default 300); 0 lifts the node "
        "and edge limits",
    )


def _keywords(args: argparse.Namespace) -> dict[str, Any]:
    """The writer's keywords from the format-specific options; refuse misplaced ones."""
    keywords: dict[str, Any] = {}
    for dest, (formats, keyword, value) in _OPTIONS.items():
        given = getattr(args, dest)
        if given is None or given is False:  # 0 is a value here (--max-nodes 0)
            continue
        if args.format not in formats:
            flag = "--" + dest.replace("_", "-")
            raise PartygraphError(
                f"{flag} applies to --format {' or '.join(formats)}, not {args.format}"
            )
        if dest == "max_nodes" and given <= 0:  # no limit at all, Mermaid's 500 edges included
            keywords.update(max_nodes=None, max_edges=None, max_text=None)
        else:
            keywords[keyword] = given if value is None else value
    return keywords


def run(args: argparse.Namespace) -> int:
    import importlib
    import sys

    from partygraph.export import FORMATS, csv_paths, graph_of
    from partygraph.graph import layer
    from partygraph.io.load import load

    keywords = _keywords(args)
    output = Path(args.output)
    to_stdout = args.output == STDOUT
    if to_stdout and args.format == "csv":
        raise PartygraphError("-o - cannot take csv, which writes two tables; name a folder")
    written = () if to_stdout else csv_paths(output) if args.format == "csv" else (output,)
    not_read(args, written)  # before the work: the entry file
    files: list[Path] = []
    g = graph_of(load(args.file, files=files), population=args.population)
    not_read(args, written, files)
    if args.layer:
        g = layer(g, args.layer)
    if to_stdout:
        generate = getattr(importlib.import_module("partygraph.export"), f"generate_{args.format}")
        for line in generate(g, **keywords):
            sys.stdout.write(line + "\n")
        return EXIT_OK
    FORMATS[args.format].write(g, output, **keywords)
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK
