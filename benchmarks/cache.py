"""The caches (issue #14): ``partygraph check`` of an unchanged model, cold and warm.

Each run is a whole ``partygraph check`` process, timed from outside (imports,
load, check, report).  A round removes the model's caches and runs the check
once (cold: the files are read, the load cache and the result cache written);
then removes the result cache alone and runs it again (warm, the load cache
alone: the model read from its cache, the rules run, the report rendered);
then once more (warm, the result cache: the same output written again); a
last run with ``--no-cache`` shows what writing the caches costs the cold
run.  The medians of the rounds are printed with both ratios.  Python is let
write its bytecode (this machine sets ``PYTHONDONTWRITEBYTECODE``, so every
process compiled every module, which an installed package never does).

Run::

    python benchmarks/cache.py                        # 1M households, 3 rounds
    python benchmarks/cache.py --model m.yaml --rounds 5
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import dataset  # noqa: E402  (the benchmarks' shared data)


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _check(model: Path, env: dict[str, str], *extra: str) -> tuple[float, float]:
    """Seconds of one ``partygraph check`` process: wall clock, and CPU (user +
    system, every thread: the measure a busy shared machine disturbs least)."""
    cpu = _cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "partygraph", "check", str(model), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return took, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, help="a model's entry file (default: 1M households)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    model = args.model or dataset(1_000_000, members_per_household=0.1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("PARTYGRAPH_NO_CACHE", None)
    from partygraph.io.cache import folder_for

    _check(model, env, "--no-cache")  # bytecode written, files in the page cache
    cold, loaded, answered, plain = [], [], [], []
    for _ in range(args.rounds):
        shutil.rmtree(folder_for(model), ignore_errors=True)
        cold.append(_check(model, env))
        shutil.rmtree(folder_for(model) / "results")
        loaded.append(_check(model, env))
        answered.append(_check(model, env))
        plain.append(_check(model, env, "--no-cache"))
    shutil.rmtree(folder_for(model), ignore_errors=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores"
    print(f"{model} on {machine}, Python {platform.python_version()}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    rounds = " | ".join(f"round {i + 1}" for i in range(args.rounds))
    print(f"| run | {rounds} | median s | median CPU s |")
    print("| --- " * (args.rounds + 3) + "|")
    medians = {}
    runs_of = {
        "cold": cold,
        "warm, load cache": loaded,
        "warm, result cache": answered,
        "--no-cache": plain,
    }
    for name, runs in runs_of.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        medians[name] = (wall, cpu)
        each = " | ".join(f"{w:.2f} s ({c:.2f} CPU)" for w, c in runs)
        print(f"| {name} | {each} | {wall:.2f} | {cpu:.2f} |")
    cw, cc = medians["cold"]
    for name in ("warm, load cache", "warm, result cache"):
        ww, wc = medians[name]
        print(f"cold / {name}: {cw / ww:.1f}x wall clock, {cc / wc:.1f}x CPU")


if __name__ == "__main__":
    main()
