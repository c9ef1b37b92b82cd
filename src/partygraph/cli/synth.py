"""``partygraph synth``: write a synthetic model (YAML plus CSV tables).

Examples
--------
>>> import tempfile, pathlib
>>> from partygraph.cli import main
>>> with tempfile.TemporaryDirectory() as d:
...     main(["synth", "--communities", "3", "--households", "300", "-o", f"{d}/m.yaml"])
...     main(["validate", f"{d}/m.yaml"])
wrote ...m.yaml: 31 divisions, 300 households, 740 persons (built ... s, written ... s)
0
OK ...m.yaml: 31 divisions, 35 party organisations, 300 households, 740 persons
0
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from partygraph.cli._base import EXIT_OK, Parser
from partygraph.errors import PartygraphError

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "synth",
        help="write a synthetic model at a given scale (deterministic, with realistic gaps)",
    )
    p.add_argument("-o", "--output", required=True, help="the YAML entry file to write")
    p.add_argument("--preset", help="a named preset, e.g. yangjiang (its published figures)")
    p.add_argument("--communities", type=int, default=None, help="number of communities")
    p.add_argument("--subdistricts", type=int, default=None)
    p.add_argument("--households", type=int, default=0, help="household rows (0: none)")
    p.add_argument("--members", type=int, default=None, help="party members in the persons table")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--gaps", type=float, default=0.05, help="share of things left missing")


def run(args: argparse.Namespace) -> int:
    from partygraph.synthetic import PRESETS, synth

    if args.preset is not None and args.preset not in PRESETS:
        raise PartygraphError(f"no preset {args.preset!r}; presets are {', '.join(PRESETS)}")
    for name in ("communities", "households", "members", "subdistricts"):
        value = getattr(args, name)
        if value is not None and value < 0:
            raise PartygraphError(f"--{name} cannot be negative")
    options = {"communities": args.communities} if args.communities is not None else {}
    start = time.perf_counter()
    model = synth(
        **options,
        subdistricts=args.subdistricts,
        households=args.households,
        members=args.members,
        seed=args.seed,
        gaps=args.gaps,
        preset=args.preset,
    )
    built = time.perf_counter()
    model.dump(Path(args.output))
    done = time.perf_counter()
    print(
        f"wrote {args.output}: {len(model.divisions):,} divisions, "
        f"{len(model.population['households']):,} households, "
        f"{len(model.population['persons']):,} persons "
        f"(built {built - start:.1f} s, written {done - built:.1f} s)"
    )
    return EXIT_OK
