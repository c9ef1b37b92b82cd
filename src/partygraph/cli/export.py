"""``partygraph export``: a model's graph as GraphML, GEXF, DOT, Mermaid, JSON, CSV or Parquet.

A thin shell over :mod:`partygraph.export`::

    partygraph export configs/yangjiang.yaml -o out/yangjiang.gexf
    partygraph export configs/yangjiang.yaml --format mermaid --layer linkage -o out/linkage.md
    partygraph export configs/yangjiang.yaml --format csv --population --neo4j -o out/neo4j
    partygraph export configs/yangjiang.yaml --scope 江城区 -o out/jiangcheng.parquet
    partygraph export configs/yangjiang.yaml --timeline -o out/timeline.gexf

The format is ``--format``, or else the suffix of ``-o`` (``.gexf``,
``.parquet`` ...; ``-o -`` needs ``--format``).  Options that shape one
format only (``--bom``, ``--neo4j``, ``--cytoscape``, ``--group``,
``--max-nodes``, ``--timeline``) are refused with any other format.  On any error
nothing is written.  ``--scope`` (a division's id, or its name when unique)
keeps the nodes counted at or under that division, as ``check --scope`` counts
them.  See ``docs/export.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_OK, STDOUT, as_of_date, cache_option, division_id, not_read
from partygraph.errors import PartygraphError
from partygraph.i18n import tr
from partygraph.vocabulary import EXPORT_FORMATS, LAYER_NAMES

__all__ = ["TWO_TABLES", "add_parser", "format_of", "run"]

#: Format-specific option -> (the formats it applies to, how it becomes a keyword).
_OPTIONS: dict[str, tuple[tuple[str, ...], str, Any]] = {
    "bom": (("csv",), "bom", True),
    "neo4j": (("csv",), "header", "neo4j"),
    "cytoscape": (("json",), "style", "cytoscape"),
    "group": (("dot",), "group", None),
    "max_nodes": (("mermaid",), "max_nodes", None),
    "timeline": (("gexf",), "timeline", True),
}

#: Formats that write two tables, so not to standard output, and whose ``-o`` may be a folder.
TWO_TABLES = ("csv", "parquet")


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    formats = tr("cli.validate.separator").join(
        tr("cli.export.format_line", name=f.name, what=tr(f"cli.export.about.{f.name}"))
        for f in EXPORT_FORMATS.values()
    )
    p = sub.add_parser(
        "export",
        help=tr("cli.export.help"),
        description=tr("cli.export.description", formats=formats),
    )
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument("--format", "-f", choices=tuple(EXPORT_FORMATS), help=tr("cli.export.format"))
    p.add_argument("-o", "--output", required=True, metavar="OUT", help=tr("cli.export.output"))
    p.add_argument("--layer", choices=LAYER_NAMES, help=tr("cli.export.layer"))
    p.add_argument("--scope", metavar="PLACE", help=tr("cli.export.scope"))
    p.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD", help=tr("cli.as_of"))
    p.add_argument("--population", action="store_true", help=tr("cli.export.population"))
    p.add_argument("--bom", action="store_true", help=tr("cli.export.bom"))
    p.add_argument("--neo4j", action="store_true", help=tr("cli.export.neo4j"))
    p.add_argument("--cytoscape", action="store_true", help=tr("cli.export.cytoscape"))
    p.add_argument("--group", choices=("cluster", "rank"), help=tr("cli.export.group"))
    p.add_argument("--max-nodes", type=int, metavar="N", help=tr("cli.export.max_nodes"))
    p.add_argument("--timeline", action="store_true", help=tr("cli.export.timeline"))
    cache_option(p)


#: File suffixes that name a format besides each format's own (Mermaid in Markdown).
_MORE_SUFFIXES = {".md": "mermaid", ".markdown": "mermaid", ".gv": "dot", ".xml": "graphml"}


def format_of(output: str, given: str | None) -> str:
    """The format to write: ``--format``, or else the one ``-o``'s suffix names.

    Examples
    --------
    >>> format_of("out/m.parquet", None), format_of("out/linkage.md", None)
    ('parquet', 'mermaid')
    >>> format_of("out/m.txt", "gexf")
    'gexf'
    >>> format_of("out/m.txt", None)
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: 从“out/m.txt”的后缀看不出导出格式；...
    """
    if given is not None:
        return given
    suffix = Path(output).suffix.lower() if output != STDOUT else ""
    by_suffix = {f.suffix: f.name for f in EXPORT_FORMATS.values()} | _MORE_SUFFIXES
    if suffix in by_suffix:
        return by_suffix[suffix]
    suffixes = " ".join(by_suffix)
    if output == STDOUT:
        raise PartygraphError(tr("cli.export.stdout_needs_format"))
    raise PartygraphError(tr("cli.export.no_format", path=output, suffixes=suffixes))


def _keywords(args: argparse.Namespace) -> dict[str, Any]:
    """The writer's keywords from the format-specific options; refuse misplaced ones."""
    keywords: dict[str, Any] = {}
    for dest, (formats, keyword, value) in _OPTIONS.items():
        given = getattr(args, dest)
        if given is None or given is False:  # 0 is a value here (--max-nodes 0)
            continue
        if args.format not in formats:
            flag = "--" + dest.replace("_", "-")
            either = f" {tr('cli.export.or')} ".join(formats)
            raise PartygraphError(
                tr("cli.export.misplaced", flag=flag, formats=either, format=args.format)
            )
        if dest == "max_nodes" and given <= 0:  # no limit at all, Mermaid's 500 edges included
            keywords.update(max_nodes=None, max_edges=None, max_text=None)
        else:
            keywords[keyword] = given if value is None else value
    return keywords


def _under(model: Any, g: Any, scope: str) -> Any:
    """The graph of the nodes counted at or under the division ``scope`` (their
    home, as the checks place them: :mod:`partygraph.index`); households are
    already only those under it (``graph_of(population=scope)``)."""
    import numpy as np

    from partygraph.index import Index

    ix = Index(model)
    if not ix.has(scope) or ix.code(scope) >= ix.n_divisions:
        raise PartygraphError(tr("cli.export.not_a_division", scope=scope))
    nodes = list(g)
    indexed = [n for n in nodes if ix.has(n)]
    codes = np.array([ix.code(n) for n in indexed], dtype=np.int64)
    inside = ix.in_subtree(ix.home(codes), ix.code(scope)).tolist() if len(codes) else []
    keep = {n for n, ok in zip(indexed, inside, strict=True) if ok}
    keep |= {n for n in nodes if not ix.has(n)}  # households: placed by graph_of already
    return g.subgraph(keep).copy()


def run(args: argparse.Namespace) -> int:
    import importlib
    import sys

    from partygraph.export import FORMATS, csv_paths, graph_of, parquet_paths
    from partygraph.graph import layer
    from partygraph.io.load import load

    args.format = format_of(args.output, args.format)
    keywords = _keywords(args)
    output = Path(args.output)
    to_stdout = args.output == STDOUT
    if to_stdout and args.format in TWO_TABLES:
        raise PartygraphError(tr("cli.export.tables_stdout", format=args.format))
    paths = {"csv": csv_paths, "parquet": parquet_paths}
    written = () if to_stdout else paths[args.format](output) if args.format in paths else (output,)
    not_read(args, written)  # before the work: the entry file
    files: list[Path] = []
    model = load(args.file, files=files, cache=args.cache)
    not_read(args, written, files)
    if args.as_of is not None:
        model = model.as_of(args.as_of)
    scope = division_id(model, args.scope, "--scope")
    if args.format == "geojson":  # from the model: the frame, households and walking minutes
        return _geojson(model, scope, args, output)
    population: bool | str = scope if args.population and scope is not None else args.population
    g = graph_of(model, population=population)
    if scope is not None:
        g = _under(model, g, scope)
    if args.layer:
        g = layer(g, args.layer)
    if to_stdout:
        generate = getattr(importlib.import_module("partygraph.export"), f"generate_{args.format}")
        for line in generate(g, **keywords):
            sys.stdout.write(line + "\n")
        return EXIT_OK
    FORMATS[args.format].write(g, output, **keywords)
    for path in written:
        print(tr("cli.wrote", path=path))
    return EXIT_OK


def _geojson(model: Any, scope: str | None, args: argparse.Namespace, output: Path) -> int:
    """``--format geojson``: the service circle's compounds and sites, under ``--scope``."""
    import sys

    from partygraph.export import generate_geojson, write_geojson

    for flag, given in (("--layer", args.layer), ("--population", args.population)):
        if given:
            raise PartygraphError(tr("export.geojson_option", flag=flag))
    if args.output == STDOUT:
        for line in generate_geojson(model, scope=scope):
            sys.stdout.write(line + "\n")
        return EXIT_OK
    write_geojson(model, output, scope=scope)
    print(tr("cli.wrote", path=output))
    return EXIT_OK
