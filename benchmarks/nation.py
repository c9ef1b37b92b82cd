"""Benchmark a national model checked province by province: 1 vs 2 Dask workers.

Writes a synthetic nation (``synth --provinces``) once into ``benchmarks/.data``
and checks it: in this process (``check_nation``, no Dask), on a
``LocalCluster`` of one worker process and of two, best of ``--rounds``::

    python benchmarks/nation.py                          # 4 provinces of 50,000 households
    python benchmarks/nation.py --provinces 4 --households 200k
    python benchmarks/run.py --nation                    # the same, from the main benchmark

Prints the wall times and the scaling efficiency of two workers over one
(``t1 / (2 t2)``) and over no Dask, of the provinces' time (the cluster's
start and close shown apart) and of the whole call; each province's check
time, CPU seconds and peak memory in its worker; the load average; and the
worked estimate of docs/performance.md for the
nation (31 provinces, about 500 million households): workers needed for a
one-hour check.
"""

from __future__ import annotations

import argparse
import math
import os
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
PROVINCE_SECONDS_PER_HOUSEHOLD = 125.3 / 30_000_000  # session 8, merged: CPU s of load + check
PROVINCE_BYTES_PER_HOUSEHOLD = 7_077 * 2**20 / 30_000_000  # session 8, merged (performance.md)


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


def measure(provinces: int, households: int, rounds: int) -> dict[str, Any]:
    """Best of ``rounds`` of each way, and its phases: the provinces' wall time
    (``tasks``: first sent to last back) apart from the cluster's start and close.

    ``check_nation(workers=1)`` checks in this process (no Dask), so one Dask
    worker is run here, through the same mapper, the provinces only (the merge,
    a twentieth of a second at 4 × 1M, is the same in every way)."""
    from partygraph.nation import check_nation

    entry = nation_entry(provinces, households)
    out: dict[str, Any] = {"provinces": provinces, "households": households}
    for name, workers in (("serial", None), ("one", 1), ("two", 2)):
        runs = []
        for _ in range(rounds):
            timings: list[Any] = []
            phases: dict[str, float] = {}
            t0 = time.perf_counter()
            if name == "one":
                _one_worker(entry, timings, phases)
            else:
                check_nation(entry, workers=workers, timings=timings, phases=phases)
            runs.append((time.perf_counter() - t0, phases, timings))
        _, phases, timings = min(runs, key=lambda r: r[1]["tasks"])
        out[name] = {
            "whole_s": min(r[0] for r in runs),
            "tasks_s": phases["tasks"],
            "start_s": phases["start"],
            "close_s": phases["close"],
            "province_s": [d.seconds for d in timings],
            "province_cpu_s": [d.cpu_seconds for d in timings],
            "province_peak_mb": [d.peak_mb for d in timings],
        }
    serial, one, two = out["serial"], out["one"], out["two"]
    out["efficiency"] = one["tasks_s"] / (2 * two["tasks_s"])
    out["efficiency_serial"] = serial["tasks_s"] / (2 * two["tasks_s"])
    out["efficiency_whole"] = serial["whole_s"] / (2 * two["whole_s"])
    return out


def _one_worker(entry: Path, timings: list[Any], phases: dict[str, float]) -> None:
    """The provinces on a LocalCluster of one worker process, timed as check_nation times."""
    from partygraph.nation.check import province_jobs
    from partygraph.nation.cluster import dask_mapper
    from partygraph.nation.entry import read_entry
    from partygraph.nation.province import check_province

    jobs = province_jobs(read_entry(entry))
    t0 = time.perf_counter()
    with dask_mapper(1, None) as mapper:
        t1 = time.perf_counter()
        timings += mapper(check_province, jobs)
        t2 = time.perf_counter()
    phases.update(start=t1 - t0, tasks=t2 - t1, close=time.perf_counter() - t2)


def estimate(
    seconds_per_household: float, bytes_per_household: float, efficiency: float | None = None
) -> list[str]:
    """The worked estimate for the nation, from one province's rates (and two
    workers on one machine at the measured ``efficiency``, when given)."""
    total = NATION_HOUSEHOLDS * seconds_per_household
    largest = NATION_HOUSEHOLDS * LARGEST_SHARE
    largest_s = largest * seconds_per_household
    # Provinces are whole tasks: a worker takes the next when it finishes one,
    # so the check lasts at least the largest province, and about total / W.
    workers = max(1, math.ceil(total / 3600))
    while max(total / workers, largest_s) > 3600 and workers < NATION_PROVINCES:
        workers += 1
    out = [
        f"- one worker, the whole nation: {total / 60:,.0f} min "
        f"({NATION_HOUSEHOLDS:,} households at {seconds_per_household * 1e6:.1f} µs each)",
        f"- the largest province ({largest / 1e6:,.0f}M households): {largest_s / 60:,.0f} min, "
        f"peak {largest * bytes_per_household / 2**30:,.1f} GB in its worker",
        f"- workers for a one-hour check: {workers} "
        f"(total / workers = {total / workers / 60:,.0f} min, at least the largest province)",
    ]
    if efficiency:
        two = max(total / (2 * efficiency), largest_s)
        out.append(
            f"- two workers on one 2-core machine at this run's efficiency ({efficiency:.0%}): "
            f"{two / 60:,.0f} min, {2 * largest * bytes_per_household / 2**30:,.0f} GB for the two"
        )
    return out


def _load() -> str:
    """The load averages (1, 5, 15 minutes): the figures compare only on an idle machine."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - Windows
        return "?"


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
    before = _load()
    m = measure(args.provinces, _size(args.households), args.rounds)
    print(f"machine: {machine()}; load average before: {before}")
    s, one, two = m["serial"], m["one"], m["two"]
    print(
        "| provinces × households | serial (s) | 1 worker (s) | 2 workers (s) "
        "| efficiency: 1→2 workers / serial→2 / whole | cluster start + close 1 / 2 (s) "
        "| a province alone / beside another (s) | its peak (MB) |"
    )
    print("|" + " --- |" * 8)
    print(
        f"| {m['provinces']} × {m['households']:,} | {s['tasks_s']:.1f} "
        f"| {one['tasks_s']:.1f} | {two['tasks_s']:.1f} "
        f"| {m['efficiency']:.0%} / {m['efficiency_serial']:.0%} / {m['efficiency_whole']:.0%} "
        f"| {one['start_s'] + one['close_s']:.1f} / {two['start_s'] + two['close_s']:.1f} "
        f"| {min(one['province_s']):.1f}–{max(one['province_s']):.1f} / "
        f"{min(two['province_s']):.1f}–{max(two['province_s']):.1f} "
        f"| {max(two['province_peak_mb']):,.0f} |"
    )
    n = provinces_n(m)
    print(
        "(the provinces' time, first sent to last back; whole: serial's call over the "
        f"2-worker call, cluster included: {s['whole_s']:.1f} s / {two['whole_s']:.1f} s)"
    )
    print(
        "CPU seconds a province, in this process / alone in a worker / beside another: "
        f"{sum(s['province_cpu_s']) / n:.2f} / {sum(one['province_cpu_s']) / n:.2f} / "
        f"{sum(two['province_cpu_s']) / n:.2f}; load average after: {_load()}"
    )
    per_hh = sum(s["province_s"]) / (m["provinces"] * m["households"])
    per_bytes = max(two["province_peak_mb"]) * 2**20 / m["households"]
    print(f"\nthis run: {per_hh * 1e6:.1f} µs and {per_bytes:,.0f} bytes a household")
    if args.rate == "province":
        per_hh, per_bytes = PROVINCE_SECONDS_PER_HOUSEHOLD, PROVINCE_BYTES_PER_HOUSEHOLD
    print()
    print("\n".join(estimate(per_hh, per_bytes, m["efficiency_serial"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
