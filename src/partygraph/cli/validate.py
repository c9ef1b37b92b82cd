"""``partygraph validate``: load a model and report every problem.

With ``--verbose`` it also lists every value read in a normalised form (a date
as Excel writes it, a Chinese code, a full-width separator): what was written,
what it was read as, and where (:mod:`partygraph.normalised`).

Examples
--------
>>> from partygraph.cli import main
>>> main(["validate", "tests/fixtures/rules/model.yaml"])
OK tests/fixtures/rules/model.yaml: ...
0
"""

from __future__ import annotations

import argparse
from typing import Any

from partygraph.cli._base import EXIT_OK

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("validate", help="load a model and report every problem")
    p.add_argument("file", help="the model's YAML entry file")
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also list every value read in a normalised form, and where",
    )


def run(args: argparse.Namespace) -> int:
    from partygraph import load
    from partygraph.normalised import Record

    record = Record()
    model = load(args.file, normalised=record if args.verbose else None)
    if args.verbose:
        _print_notes(record)
    counts = ", ".join(
        f"{n} {name}"
        for name, n in (
            ("divisions", len(model.divisions)),
            ("party organisations", len(model.party_orgs) + len(model.expanded_bodies)),
            ("households", len(model.population["households"])),
            ("persons", len(model.population["persons"])),
        )
    )
    print(f"OK {args.file}: {counts}")
    return EXIT_OK


def _print_notes(record: Any) -> None:
    for item in record.notes:
        print(item)
    if record.more:
        print(f"……另有 {record.more:,} 处未列出")
    if record.total:
        reasons = "；".join(f"{why} {n:,} 处" for why, n in record.counts.most_common())
        print(f"已规范化 {record.total:,} 处：{reasons}")
    else:
        print("没有需要规范化的值")
