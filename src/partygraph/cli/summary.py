"""``partygraph summary``: counts by kind, by form and level, and the key figures.

``-o FILE`` writes them to a file (whole or not at all); by default, or with
``-o -``, they go to standard output.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from partygraph.cli._base import EXIT_OK, STDOUT, as_of_date, cache_option, division_id, not_read
from partygraph.i18n import tr

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    help = tr("cli.summary.help")
    p = sub.add_parser("summary", help=help, description=help)
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help=tr("cli.summary.format")
    )
    p.add_argument("--scope", metavar="PLACE", help=tr("cli.scope_subtree"))
    p.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD", help=tr("cli.as_of"))
    p.add_argument("-o", "--output", metavar="OUT", help=tr("cli.summary.output"))
    cache_option(p)


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from partygraph import load
    from partygraph.io.atomic import write_atomic
    from partygraph.report.summary import render_summary, summarize

    to_file = args.output not in (None, STDOUT)
    if to_file:
        not_read(args, [Path(args.output)])  # before the work: the entry file
    model = load(args.file, cache=args.cache)
    if args.as_of is not None:
        model = model.as_of(args.as_of)
    scope = division_id(model, args.scope, "--scope")
    if scope is not None:
        model = model.subtree(scope)
    result = summarize(model)
    if args.format == "json":
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_summary(result) + "\n"
    if not to_file:
        sys.stdout.write(text)
        return EXIT_OK
    with write_atomic(Path(args.output)) as f:
        f.write(text)
    print(tr("cli.wrote", path=args.output))
    return EXIT_OK
