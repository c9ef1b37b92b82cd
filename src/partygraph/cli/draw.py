"""``partygraph draw``: one layer of a model as PNG, SVG or PDF.

    partygraph draw FILE --layer linkage|grid|service|cobuilding|pairing|whistle
                    [--focus ID] [--check] -o OUT.png|svg|pdf

The format comes from the suffix of ``OUT``.  ``--focus`` names the community
(grid, cobuilding, whistle), the subdistrict to expand (service) or the root
of a subtree (linkage, pairing).  ``--check`` runs the checker and overlays
its findings; the exit code is then 1 if it found error-severity gaps (the
diagram is still written).  The output file is written whole or not at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_FINDINGS, EXIT_OK
from partygraph.errors import PartygraphError
from partygraph.vocabulary import LAYER_NAMES

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "draw",
        help="draw one layer as PNG, SVG or PDF (Chinese labels, A4)",
        description="Draw one layer of a model for a report: A4-sized, Chinese labels, "
        "format from the suffix of OUT (.png at 200 dpi, .svg, .pdf).",
    )
    p.add_argument("file", help="the model's YAML entry file")
    p.add_argument("--layer", required=True, choices=LAYER_NAMES, help="the layer to draw")
    p.add_argument(
        "--focus",
        metavar="ID",
        help="community (grid, cobuilding, whistle), subdistrict to expand (service) "
        "or subtree root (linkage, pairing)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="run the checks and overlay the gaps (exit 1 if any error is found)",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="OUT.png, OUT.svg or OUT.pdf"
    )


def _check(model: Any) -> Any:
    try:
        from partygraph.rules.check import check
    except ModuleNotFoundError as exc:
        if exc.name not in ("partygraph.rules.check", "partygraph"):
            raise
        raise PartygraphError(
            "--check needs the checker (partygraph.rules.check), which this installation lacks; "
            "draw without --check, or update partygraph"
        ) from None
    return check(model)


def run(args: argparse.Namespace) -> int:
    from partygraph import load
    from partygraph.draw import draw, figure_bytes, format_for
    from partygraph.io.atomic import write_atomic

    out = Path(args.output)
    fmt = format_for(out)  # before any work: a bad suffix is a usage error
    model = load(args.file)
    report = _check(model) if args.check else None
    fig, _ = draw(model, args.layer, focus=args.focus, report=report)
    data = figure_bytes(fig, fmt)
    with write_atomic(out, binary=True) as f:
        f.write(data)
    print(f"wrote {out} ({args.layer}, {fmt.upper()}, {len(data):,} bytes)")
    if report is not None and report.counts()["error"]:
        return EXIT_FINDINGS
    return EXIT_OK
