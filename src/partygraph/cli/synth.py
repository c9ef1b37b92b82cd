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

from partygraph.cli._base import EXIT_OK, Parser, fraction, whole_number
from partygraph.errors import PartygraphError

__all__ = ["MAX_COMMUNITIES", "MAX_HOUSEHOLDS", "MAX_MEMBERS", "add_parser", "run"]

#: The largest model ``synth`` makes: a province (about 20,000 communities and
#: 30 million households), which takes about 23 GB of memory to generate
#: (docs/performance.md); beyond it a typo would exhaust the machine.
MAX_COMMUNITIES, MAX_HOUSEHOLDS, MAX_MEMBERS = 20_000, 30_000_000, 30_000_000
_PROVINCE = " (a province's size; more would not fit in memory)"


def add_parser(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "synth",
        help="write a synthetic model at a given scale (deterministic, with realistic gaps)",
    )
    p.add_argument("-o", "--output", required=True, help="the YAML entry file to write")
    p.add_argument("--preset", help="a named preset, e.g. yangjiang (its published figures)")
    p.add_argument(
        "--communities",
        type=whole_number(1, MAX_COMMUNITIES, _PROVINCE),
        default=None,
        help=f"number of communities, 1 to {MAX_COMMUNITIES:,}",
    )
    p.add_argument(
        "--subdistricts",
        type=whole_number(1, MAX_COMMUNITIES, _PROVINCE),
        default=None,
        help="number of subdistricts, 1 to the number of communities",
    )
    p.add_argument(
        "--households",
        type=whole_number(0, MAX_HOUSEHOLDS, _PROVINCE),
        default=0,
        help=f"household rows, 0 (none) to {MAX_HOUSEHOLDS:,}",
    )
    p.add_argument(
        "--members",
        type=whole_number(0, MAX_MEMBERS, _PROVINCE),
        default=None,
        help="party members in the persons table",
    )
    p.add_argument("--seed", type=whole_number(0), default=0, help="random seed, 0 or more")
    p.add_argument(
        "--gaps", type=fraction, default=0.05, help="share of things left missing, 0 to 1"
    )


def _check_counts(args: argparse.Namespace) -> None:
    """What argparse cannot tell from one argument alone."""
    from partygraph.synthetic import PRESETS

    if args.preset is not None:
        if args.preset not in PRESETS:
            raise PartygraphError(f"no preset {args.preset!r}; presets are {', '.join(PRESETS)}")
        if args.communities is not None or args.subdistricts is not None:
            raise PartygraphError(
                f"--preset {args.preset} fixes the communities and subdistricts; "
                "leave out --communities and --subdistricts"
            )
    sd, comm = args.subdistricts, args.communities
    if sd is not None and comm is not None and sd > comm:
        raise PartygraphError(
            f"--subdistricts {sd:,} is more than --communities {comm:,}: "
            f"give from 1 to {comm:,} subdistricts"
        )


def run(args: argparse.Namespace) -> int:
    from partygraph.synthetic import synth

    _check_counts(args)
    options = {"communities": args.communities} if args.communities is not None else {}
    start = time.perf_counter()
    try:
        model = synth(
            **options,
            subdistricts=args.subdistricts,
            households=args.households,
            members=args.members,
            seed=args.seed,
            gaps=args.gaps,
            preset=args.preset,
        )
    except ValueError as exc:  # synth's word for counts that do not fit together
        raise PartygraphError(f"cannot generate this model: {exc}") from None
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
