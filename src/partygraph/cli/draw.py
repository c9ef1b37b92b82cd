"""``partygraph draw``: one layer of a model as PNG, SVG or PDF.

    partygraph draw FILE --layer linkage|grid|service|cobuilding|pairing|whistle
                    [--focus ID|NAME] [--check] [--dpi 200] [--svg-text text|outline]
                    -o OUT.png|svg|pdf
    partygraph draw FILE --layer service --circle [--network roads.graphml]
                    [--scope ID|NAME] [--check] -o OUT.png|svg|pdf

The format comes from the suffix of ``OUT``.  ``--focus`` names the community
(grid, cobuilding, whistle), the subdistrict to expand (service) or the root
of a subtree (linkage, pairing): its id, or its name when no other division
of that level has it (``--focus 双捷社区``).  ``--check`` runs the checker and overlays
its findings; the exit code is then 1 if it found error-severity gaps (the
diagram is still written).  ``--dpi`` sets the PNG's resolution (stored in
it) and ``--svg-text`` whether SVG text is text or outlines.  The output file
is written whole or not at all.  ``--circle`` draws the 10-minute service
circle on the coordinates instead (:mod:`partygraph.draw.circle`), on the whole
model with ``--scope`` zooming in, and ``--network`` walks it on a road network.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from partygraph.cli._base import (
    EXIT_FINDINGS,
    EXIT_OK,
    STDOUT,
    as_of_date,
    cache_option,
    division_id,
    not_read,
)
from partygraph.errors import PartygraphError
from partygraph.i18n import tr
from partygraph.vocabulary import LAYER_NAMES, LAYERS

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("draw", help=tr("cli.draw.help"), description=tr("cli.draw.description"))
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument("--layer", required=True, choices=LAYER_NAMES, help=tr("cli.draw.layer"))
    p.add_argument("--focus", metavar="PLACE", help=tr("cli.draw.focus"))
    p.add_argument("--check", action="store_true", help=tr("cli.draw.check"))
    p.add_argument("--scope", metavar="PLACE", help=tr("cli.scope_subtree"))
    p.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD", help=tr("cli.as_of"))
    p.add_argument("-o", "--output", required=True, metavar="OUT", help=tr("cli.draw.output"))
    p.add_argument("--format", choices=("png", "svg", "pdf"), help=tr("cli.draw.format"))
    p.add_argument("--dpi", type=_dpi, default=PNG_DPI, help=tr("draw.cli_dpi", default=PNG_DPI))
    p.add_argument("--svg-text", choices=SVG_TEXT, default="text", help=tr("draw.cli_svg_text"))
    p.add_argument("--circle", action="store_true", help=tr("draw.cli_circle"))
    p.add_argument("--network", metavar="FILE.graphml", help=tr("draw.cli_network"))
    cache_option(p)


#: partygraph.draw's PNG_DPI and SVG_TEXT, written out so that building the
#: parser does not import matplotlib (tests/test_draw_output.py checks they agree).
PNG_DPI = 200
SVG_TEXT = ("text", "outline")
#: The resolutions ``--dpi`` takes: below, text is unreadable; above, a page is gigapixels.
_DPI_RANGE = (50, 1200)


def _dpi(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not _DPI_RANGE[0] <= value <= _DPI_RANGE[1]:
        low, high = _DPI_RANGE
        raise argparse.ArgumentTypeError(tr("draw.bad_dpi", value=text, low=low, high=high))
    return value


def _check(model: Any) -> Any:
    try:
        from partygraph.rules.check import check
    except ModuleNotFoundError as exc:
        if exc.name not in ("partygraph.rules.check", "partygraph"):
            raise
        raise PartygraphError(tr("cli.draw.no_checker")) from None
    return check(model)


def run(args: argparse.Namespace) -> int:
    import sys

    from partygraph.draw import draw, figure_bytes, format_for
    from partygraph.io.atomic import write_atomic
    from partygraph.io.load import load

    out = Path(args.output)
    to_stdout = args.output == STDOUT
    fmt = _stdout_format(args) if to_stdout else format_for(out)  # a usage error before the work
    if args.format not in (None, fmt):
        raise PartygraphError(tr("cli.draw.format_contradicts", format=args.format, path=out))
    targets = [] if to_stdout else [out]
    if ((args.circle or args.network) and args.layer != "service") or (
        args.network and not args.circle
    ):
        raise PartygraphError(tr("draw.circle_needs_service"))
    not_read(args, targets)  # before the work: the entry file
    files: list[Path] = []
    model = load(args.file, files=files, cache=args.cache)
    not_read(args, targets, files)
    if args.as_of is not None:
        model = model.as_of(args.as_of)
    scope = division_id(model, args.scope, "--scope")
    if args.circle:  # the whole model: a compound may walk to a site across the scope's edge
        fig, report = _circle(model, scope, args)
    else:
        if scope is not None:
            model = model.subtree(scope)
        report = _check(model) if args.check else None
        focus = division_id(model, args.focus, "--focus", LAYERS[args.layer].focus_kinds)
        fig, _ = draw(model, args.layer, focus=focus, report=report)
    data = figure_bytes(fig, fmt, dpi=args.dpi, svg_text=args.svg_text)
    if to_stdout:
        sys.stdout.buffer.write(data)
    else:
        with write_atomic(out, binary=True) as f:
            f.write(data)
        print(
            tr(
                "cli.draw.wrote",
                path=out,
                layer=args.layer,
                format=fmt.upper(),
                size=f"{len(data):,}",
            )
        )
    if report is not None and report.counts()["error"]:
        return EXIT_FINDINGS
    return EXIT_OK


def _circle(model: Any, scope: str | None, args: argparse.Namespace) -> tuple[Any, Any]:
    """``--circle``: the service circle on the whole model, zoomed to ``--scope``."""
    from partygraph.draw.circle import draw_service_circle

    report = _check(model) if args.check else None
    fig, _ = draw_service_circle(model, scope=scope, report=report, network=args.network)
    return fig, report


def _stdout_format(args: argparse.Namespace) -> str:
    """The format of ``-o -``: given with ``--format``, and never to a terminal."""
    import sys

    if args.format is None:
        raise PartygraphError(tr("cli.draw.stdout_needs_format"))
    if sys.stdout.isatty():
        raise PartygraphError(tr("cli.draw.stdout_terminal", format=args.format.upper()))
    return str(args.format)
