"""``partygraph summary``: counts by kind, by form and level, and the key figures."""

from __future__ import annotations

import argparse
import json
from typing import Any

from partygraph.cli._base import EXIT_OK, as_of_date, division_id
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


def run(args: argparse.Namespace) -> int:
    from partygraph import load
    from partygraph.report.summary import render_summary, summarize

    model = load(args.file)
    if args.as_of is not None:
        model = model.as_of(args.as_of)
    scope = division_id(model, args.scope, "--scope")
    if scope is not None:
        model = model.subtree(scope)
    result = summarize(model)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_summary(result))
    return EXIT_OK
