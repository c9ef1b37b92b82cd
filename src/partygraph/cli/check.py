"""``partygraph check``: check a model against rule packs, like a linter.

Exit codes: 0 when no error-severity finding, 1 when there is one, 2 for bad
input (a bad model, a bad rules file, an unknown pack or scope).

Examples
--------
>>> import tempfile, pathlib
>>> from partygraph.cli import main
>>> with tempfile.TemporaryDirectory() as d:
...     out = pathlib.Path(d) / "gaps.csv"
...     main(["check", "tests/fixtures/rules/model.yaml", "--pack", "regulations", "-o", str(out)])
wrote .../gaps.csv (csv): 3 error · 3 warning · 11 info
1
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_FINDINGS, EXIT_OK, STDOUT, not_read
from partygraph.errors import ErrorItem, RulesError
from partygraph.vocabulary import REPORT_FORMATS

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="check a model against rule packs: gaps, coverage, candidates, load",
        description="Check a model against the built-in packs (regulations, yangjiang) "
        "and your own rules files.  Exit 0: no error-severity finding; 1: some; "
        "2: bad input.",
    )
    p.add_argument("file", help="the model's YAML entry file")
    p.add_argument(
        "--pack",
        action="append",
        dest="packs",
        metavar="NAME",
        help="a built-in pack to run (repeatable); default: all built-in packs",
    )
    p.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help="a rules file of your own (repeatable)",
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a pack parameter, e.g. --param visit_days=60 (repeatable)",
    )
    p.add_argument("--scope", metavar="ID", help="check only this division and what lies under it")
    p.add_argument(
        "--format",
        choices=tuple(REPORT_FORMATS),
        help="text (default), json, markdown or csv; with -o, the file suffix decides",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the report here (atomically); - for standard output",
    )


def _params(items: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    bad = []
    for item in items:
        name, sep, value = item.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not sep or not name or not math.isfinite(number):
            message = f"{item!r}: write NAME=NUMBER, e.g. visit_days=60"
            bad.append(ErrorItem(None, None, None, "--param", message))
            continue
        out[name] = int(number) if number.is_integer() else number
    if bad:
        raise RulesError(bad)
    return out


def run(args: argparse.Namespace) -> int:
    from partygraph.io.load import load
    from partygraph.report.render import render, write_report
    from partygraph.rules.check import check

    targets = [Path(args.output)] if args.output not in (None, STDOUT) else []
    not_read(args, targets)  # before the work: the entry and rules files
    files: list[Path] = []
    model = load(args.file, files=files)
    not_read(args, targets, files)
    report = check(
        model,
        packs=args.packs,
        rules=args.rules,
        params=_params(args.param),
        scope=args.scope,
    )
    if args.output and args.output != STDOUT:
        fmt = write_report(report, args.output, args.format)
        counts = report.counts()
        summary = " · ".join(f"{n} {s}" for s, n in counts.items())
        print(f"wrote {args.output} ({fmt}): {summary}")
    else:
        sys.stdout.write(render(report, args.format or "text"))
    return EXIT_FINDINGS if report.counts()["error"] else EXIT_OK
