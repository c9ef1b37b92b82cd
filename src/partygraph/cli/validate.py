"""``partygraph validate``: load a model and report every problem.

With ``--verbose`` it also lists every value read in a normalised form (a date
as Excel writes it, a Chinese code, a full-width separator): what was written,
what it was read as, and where (:mod:`partygraph.normalised`), and on standard
error what the load cache did (:mod:`partygraph.io.cache`).

Examples
--------
>>> from partygraph.cli import main
>>> main(["validate", "tests/fixtures/rules/model.yaml"])
OK tests/fixtures/rules/model.yaml：...
0
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from partygraph.cli._base import EXIT_OK, cache_option
from partygraph.i18n import tr

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    help = tr("cli.validate.help")
    p = sub.add_parser("validate", help=help, description=help)
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument("-v", "--verbose", action="store_true", help=tr("cli.validate.verbose"))
    cache_option(p)


def run(args: argparse.Namespace) -> int:
    from partygraph import load
    from partygraph.cli import kept
    from partygraph.io.cache import telling
    from partygraph.normalised import Record

    record = Record()
    said = telling(lambda said: print(said, file=sys.stderr) if args.verbose else None)
    with kept(), said:
        model = load(args.file, normalised=record if args.verbose else None, cache=args.cache)
    if args.verbose:
        _print_notes(record)
    print(
        tr(
            "cli.validate.ok",
            file=args.file,
            divisions=len(model.divisions),
            orgs=len(model.party_orgs) + len(model.expanded_bodies),
            households=len(model.population["households"]),
            persons=len(model.population["persons"]),
        )
    )
    return EXIT_OK


def _print_notes(record: Any) -> None:
    for item in record.notes:
        print(item)
    if record.more:
        print(tr("cli.validate.more_notes", count=f"{record.more:,}"))
    if record.total:
        reasons = tr("cli.validate.separator").join(
            tr("cli.validate.reason", why=why, count=f"{n:,}")
            for why, n in record.counts.most_common()
        )
        print(tr("cli.validate.normalised", count=f"{record.total:,}", reasons=reasons))
    else:
        print(tr("cli.validate.nothing_normalised"))
