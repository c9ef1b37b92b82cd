"""``partygraph explore``: the model as one offline HTML page to browse.

    partygraph explore FILE -o OUT.html [--check] [--scope PLACE] [--as-of YYYY-MM-DD]

The page opens in any browser with no network (everything is inlined); see
``docs/explore.md``.  ``--check`` runs the checker, colours the nodes by its
findings and lists them in the side panel; the exit code is then 1 if it found
error-severity gaps (the page is still written).  The file is written whole or
not at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from partygraph.cli._base import (
    EXIT_FINDINGS,
    EXIT_OK,
    as_of_date,
    cache_option,
    division_id,
    not_read,
)
from partygraph.errors import PartygraphError
from partygraph.i18n import tr

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("explore", help=tr("explore.help"), description=tr("explore.description"))
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument("-o", "--output", required=True, metavar="OUT.html", help=tr("explore.output"))
    p.add_argument("--check", action="store_true", help=tr("explore.check"))
    p.add_argument("--scope", metavar="PLACE", help=tr("cli.scope_subtree"))
    p.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD", help=tr("cli.as_of"))
    cache_option(p)


def run(args: argparse.Namespace) -> int:
    from partygraph.explore import write_html
    from partygraph.io.load import load
    from partygraph.rules.check import check

    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise PartygraphError(tr("explore.not_html", path=out))
    not_read(args, [out])  # before the work: the entry file
    files: list[Path] = []
    model = load(args.file, files=files, cache=args.cache)
    not_read(args, [out], files)
    if args.as_of is not None:
        model = model.as_of(args.as_of)
    scope = division_id(model, args.scope, "--scope")
    if scope is not None:
        model = model.subtree(scope)
    report = check(model) if args.check else None
    size = write_html(model, out, report=report)
    print(tr("explore.wrote", path=out, size=f"{size:,}"))
    if report is not None and report.counts()["error"]:
        return EXIT_FINDINGS
    return EXIT_OK
