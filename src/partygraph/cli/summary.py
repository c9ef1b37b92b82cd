"""``partygraph summary``: counts by kind, by form and level, and the key figures."""

from __future__ import annotations

import argparse
import json
from typing import Any

from partygraph.cli._base import EXIT_OK
from partygraph.i18n import tr

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    help = tr("cli.summary.help")
    p = sub.add_parser("summary", help=help, description=help)
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help=tr("cli.summary.format")
    )


def run(args: argparse.Namespace) -> int:
    from partygraph import load
    from partygraph.report.summary import render_summary, summarize

    result = summarize(load(args.file))
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_summary(result))
    return EXIT_OK
