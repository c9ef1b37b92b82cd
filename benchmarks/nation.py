"""Benchmark a national model checked province by province: 1 vs 2 Dask workers.

Writes a synthetic nation (``synth --provinces``) once into ``benchmarks/.data``
and checks it with ``check_nation``: in this process (no Dask), on a
``LocalCluster`` of one worker process and of two, best of ``--rounds``::

    python benchmarks/nation.py                          # 4 provinces of 50,000 households
    python benchmarks/nation.py --provinces 4 --households 200k
    python benchmarks/run.py --nation                    # the same, from the main benchmark

Prints the wall times, the scaling efficiency of two workers over one
(``t1 / (2 t2)``), each province's check time and peak memory in its worker,
the cluster's start-up, and the worked estimate of docs/performance.md for the
nation (31 provinces, about 500 million households): workers needed for a
one-hour check.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import DATA, _size, from_the_files, machine

#: The nation of the estimate: households (census 2020: 494 million) and provinces.
NATION_HOUSEHOLDS, NATION_PROVINCES = 500_000_000, 31
#: The largest province's share of the nation's households (Guangdong, about 9%).
LARGEST_SHARE = 0.09
#: A province's rates measured at 30 million households (docs/performance.md,
#: session 2): load 130.2 s and check 37.4 s, peak 6,608 MB.  Small provinces
#: are dominated by fixed costs (50 rules, the structure), so the estimate
#: takes these unless ``--rate measured``.
PROVINCE_SECONDS_PER_HOUSEHOLD = 283.2 / 30_000_000  # session 7: CPU s of load + check
PROVINCE_BYTES_PER_HOUSEHOLD = 10_546 * 2**20 / 30_000_000  # session 7 (performance.md)


def nation_entry(provinces: int, households: int) -> Path:
    """The nation for these sizes, written once and cached."""
    from partygraph.cli import main

    entry = DATA / f"nation-{provinces}x{households}" / "nation.yaml"
    if not entry.exists():
        communities = max(3, households // 6_700)
        argv = ["synth", "--provinces", str(provinces), "--communities", str(communities)]
        main([*argv, "--households", str(households), "-o", str(entry)])
    return entry


def best(rounds: int, fn: Any) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def cluster_start(workers: int) -> float:
    """Seconds to start and close a LocalCluster of ``workers`` processes."""
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster),
    ):
        pass
    return time.perf_counter() - t0


def measure(provinces: int, households: int, rounds: int) -> dict[str, Any]:
    from partygraph.nation import check_nation
    from partygraph.nation.province import Done

    entry = nation_entry(provinces, households)
    alone: list[Done] = []
    serial, _ = best(rounds, lambda: check_nation(entry, timings=alone))
    timings: list[Done] = []
    one, _ = best(rounds, lambda: check_nation(entry, workers=1))
    two, _ = best(rounds, lambda: check_nation(entry, workers=2, timings=timings))
    per = timings[-provinces:]
    return {
        "provinces": provinces,
        "households": households,
        "serial_s": serial,
        "one_worker_s": one,
        "two_workers_s": two,
        "efficiency": one / (2 * two),
        "start_1_s": cluster_start(1),
        "start_2_s": cluster_start(2),
        "province_s": [d.seconds for d in alone[-provinces:]],
        "province_two_s": [d.seconds for d in per],
        "province_cpu_s": [d.cpu_seconds for d in alone[-provinces:]],
        "province_two_cpu_s": [d.cpu_seconds for d in per],
        "province_peak_mb": [d.peak_mb for d in per],
    }


def estimate(seconds_per_household: float, bytes_per_household: float) -> list[str]:
    """The worked estimate for the nation, from one province's rates."""
    total = NATION_HOUSEHOLDS * seconds_per_household
    largest = NATION_HOUSEHOLDS * LARGEST_SHARE
    largest_s = largest * seconds_per_household
    # Provinces are whole tasks: a worker takes the next when it finishes one,
    # so the check lasts at least the largest province, and about total / W.
    workers = max(1, math.ceil(total / 3600))
    while max(total / workers, largest_s) > 3600 and workers < NATION_PROVINCES:
        workers += 1
    return [
        f"- one worker, the whole nation: {total / 60:,.0f} min "
        f"({NATION_HOUSEHOLDS:,} households at {seconds_per_household * 1e6:.1f} µs each)",
        f"- the largest province ({largest / 1e6:,.0f}M households): {largest_s / 60:,.0f} min, "
        f"peak {largest * bytes_per_household / 2**30:,.1f} GB in its worker",
        f"- workers for a one-hour check: {workers} "
        f"(total / workers = {total / workers / 60:,.0f} min, at least the largest province)",
    ]


def provinces_n(m: dict[str, Any]) -> int:
    return int(m["provinces"])


def main(argv: list[str] | None = None) -> int:
    from_the_files()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=4, help="provinces in the nation")
    parser.add_argument("--households", default="50k", help="households per province")
    parser.add_argument("--rounds", type=int, default=2, help="best of this many runs")
    parser.add_argument(
        "--rate",
        default="province",
        choices=("province", "measured"),
        help="the rates of the estimate: the 30M province's (default) or this run's",
    )
    args = parser.parse_args(argv)
    m = measure(args.provinces, _size(args.households), args.rounds)
    print(f"machine: {machine()}")
    print(
        "| provinces × households | serial (s) | 1 worker (s) | 2 workers (s) | efficiency "
        "| cluster start 1 / 2 (s) | a province alone / beside another (s) | its peak (MB) |"
    )
    print("|" + " --- |" * 8)
    print(
        f"| {m['provinces']} × {m['households']:,} | {m['serial_s']:.1f} "
        f"| {m['one_worker_s']:.1f} | {m['two_workers_s']:.1f} | {m['efficiency']:.0%} "
        f"| {m['start_1_s']:.1f} / {m['start_2_s']:.1f} "
        f"| {min(m['province_s']):.1f}–{max(m['province_s']):.1f} / "
        f"{min(m['province_two_s']):.1f}–{max(m['province_two_s']):.1f} "
        f"| {max(m['province_peak_mb']):,.0f} |"
    )
    print(
        "CPU seconds a province, alone / beside another: "
        f"{sum(m['province_cpu_s']) / provinces_n(m):.2f} / "
        f"{sum(m['province_two_cpu_s']) / provinces_n(m):.2f} (the wall times above compare "
        "only on an idle machine)"
    )
    per_hh = sum(m["province_s"]) / (m["provinces"] * m["households"])
    per_bytes = max(m["province_peak_mb"]) * 2**20 / m["households"]
    print(f"\nthis run: {per_hh * 1e6:.1f} µs and {per_bytes:,.0f} bytes a household")
    if args.rate == "province":
        per_hh, per_bytes = PROVINCE_SECONDS_PER_HOUSEHOLD, PROVINCE_BYTES_PER_HOUSEHOLD
    print()
    print("\n".join(estimate(per_hh, per_bytes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
