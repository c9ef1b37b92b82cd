"""Benchmark Model.as_of and Model.subtree at city scale (one row per size).

Uses the model ``benchmarks/run.py`` generates and caches (``benchmarks/.data``)::

    python benchmarks/as_of.py               # 1M households
    python benchmarks/as_of.py --sizes 100k

For each size: the model's ``as_of`` its own snapshot (nothing to take out:
the tables are shared), ``as_of`` a year earlier (pairings, posts, visits and
registrations taken back), ``subtree`` of its first county, and ``check``
with ``as_of`` a year earlier (which includes that ``as_of``), best of three.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _size, dataset, from_the_files


def best(f: Callable[[], Any], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def row(size: int, check: Callable[..., Any]) -> str:
    """One table row: the timings at ``size`` households."""
    import partygraph

    model = partygraph.load(dataset(size, members_per_household=0.1))
    day = model.snapshot or dt.date(2023, 6, 30)
    earlier = day - dt.timedelta(days=365)
    county = next(d.id for d in model.divisions if d.level == "county")
    same = best(lambda: model.as_of(day))
    back = best(lambda: model.as_of(earlier))
    sub = best(lambda: model.subtree(county))
    checked = best(lambda: check(model, as_of=earlier, single_points=False), rounds=1)
    return f"| {size:,} | {same:.2f} s | {back:.2f} s | {sub:.2f} s | {checked:.1f} s |"


def main(argv: list[str] | None = None) -> int:
    from_the_files()
    from partygraph.rules.check import check

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1M")
    args = parser.parse_args(argv)
    print(
        "| households | as_of(snapshot) | as_of(a year earlier) | subtree(county) | check --as-of |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size in (_size(s) for s in args.sizes.split(",")):
        print(row(size, check))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
