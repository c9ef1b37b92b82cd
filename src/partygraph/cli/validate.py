"""``partygraph validate``: load a model and report every problem.

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


def run(args: argparse.Namespace) -> int:
    from partygraph import load

    model = load(args.file)
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
