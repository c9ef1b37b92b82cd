"""partygraph against DuckDB and polars, end to end, as whole processes.

Uses the models ``benchmarks/run.py`` generates and caches
(``benchmarks/.data``), each also as Excel would save it with every cell
quoted (BOM, CRLF)::

    python benchmarks/endtoend.py                    # 1M households, 5 rounds
    python benchmarks/endtoend.py --sizes 1m,5m --runs 3
    python benchmarks/run.py --endtoend             # the same after run.py's tables

partygraph's modules are first compiled to bytecode, as ``pip install``
does (an editable install left as source compiles them in every process).
Each round runs every command once on every form of the tables, in an order
that turns by one each round, each a new process (Python started, modules
imported, files read, the report written; the operating system's file cache
is left warm):

- ``check``: ``partygraph check MODEL --format json -o ...``, both built-in
  packs, single points of failure and all (what a user runs);
- ``pg13``: ``baselines/partygraph_rules.py``, partygraph's ``load`` and
  ``check`` with only the thirteen rules the baselines compute;
- ``duckdb``, ``polars``: ``baselines/duckdb_rules.py``, ``polars_rules.py``.

Printed: the median, lowest and highest seconds and the median peak memory
(``ru_maxrss`` of the child, from ``os.wait4``: a child's starts from its
parent's resident memory at fork, so this process stays small until the
outputs are compared, after the rounds) of each; the medians of the
ratios paired within a round (``check`` / ``duckdb`` in round 1, in round
2, ...), which a noisy shared machine disturbs less than a ratio of medians;
whether the four outputs agree on the thirteen rules; and ``partygraph
--help`` and ``partygraph validate configs/yangjiang.yaml``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import _size, from_the_files, machine  # noqa: E402  (benchmarks/ is not a package)

__all__ = ["main", "measure"]

BASELINES = HERE / "baselines"
KINDS = ("check", "pg13", "duckdb", "polars")
#: The ratios printed: (numerator, denominator).
PAIRS = (("check", "duckdb"), ("check", "polars"), ("pg13", "duckdb"), ("pg13", "polars"))
FORMS = ("plain", "quoted")


def timed(argv: list[str]) -> dict[str, Any]:
    """Run ``argv`` to its end: wall seconds, peak resident MB, exit code."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    return {
        "s": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,  # all threads: DuckDB and polars use both cores
        "rss_mb": usage.ru_maxrss / 1024,
        "rc": child.returncode,
        "stderr": err.decode("utf-8", "replace")[-2000:],
    }


def command(kind: str, model: Path, out: Path) -> list[str]:
    py = sys.executable
    if kind == "check":
        return [py, "-m", "partygraph", "check", str(model), "--format", "json", "-o", str(out)]
    script = {"pg13": "partygraph_rules.py", "duckdb": "duckdb_rules.py"}.get(
        kind, "polars_rules.py"
    )
    return [py, str(BASELINES / script), str(model), "--out", str(out)]


def prepared(households: int, members: float) -> tuple[dict[str, Path], dict[str, Any] | None]:
    """The model at this size and its quoted copy, made in child processes so
    that this one stays small; the generation's time and memory if it ran now."""
    path = HERE / ".data" / f"h{households}" / "model.yaml"
    made = None
    if not path.exists():
        made = timed(
            [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {str(HERE)!r}); import run; "
                f"run.dataset({households}, members_per_household={members})",
            ]
        )
        if made["rc"]:
            raise RuntimeError(made["stderr"])
    quoted = path.parent.parent / f"{path.parent.name}-quoted" / path.name
    if not quoted.exists():
        done = timed(
            [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {str(HERE)!r}); import run; "
                f"from pathlib import Path; run.excel_copy(Path({str(path)!r}), 'quoted')",
            ]
        )
        if done["rc"]:
            raise RuntimeError(done["stderr"])
    return {"plain": path, "quoted": quoted}, made


def thirteen(kind: str, out: Path) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Findings and coverage of the thirteen rules in one command's output."""
    data = json.loads(out.read_text(encoding="utf-8"))
    if kind != "check":
        return {tuple(f) for f in data["findings"]}, {tuple(c) for c in data["coverage"]}
    sys.path.insert(0, str(BASELINES))
    from partygraph_rules import RULES

    findings = {
        (f["rule"], f["node"]["id"], f["value"]) for f in data["findings"] if f["rule"] in RULES
    }
    coverage = {
        (c["rule"], c["node"]["id"], c["covered"], c["total"])
        for c in data["coverage"]
        if c["rule"] in RULES
    }
    return findings, coverage


def measure(households: int, *, runs: int, members: float) -> dict[str, Any]:
    """Every command on every form, ``runs`` rounds, outputs compared."""
    forms, made = prepared(households, members)
    times: dict[str, dict[str, list[dict[str, Any]]]] = {
        form: {kind: [] for kind in KINDS} for form in forms
    }
    agree: dict[str, bool] = {}
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(form, kind) for form in forms for kind in KINDS]
        for r in range(runs):
            turn = r % len(jobs)
            for form, kind in jobs[turn:] + jobs[:turn]:
                out = Path(tmp) / f"{form}-{kind}.json"
                got = timed(command(kind, forms[form], out))
                if got["rc"] not in ((0, 1) if kind == "check" else (0,)):  # 1: error findings
                    raise RuntimeError(f"{kind} on {form} failed:\n{got['stderr']}")
                times[form][kind].append(got)
                print(f"  {households:,} {form} {kind}: {got['s']:.2f} s", file=sys.stderr)
        for form in forms:
            outputs = [thirteen(kind, Path(tmp) / f"{form}-{kind}.json") for kind in KINDS]
            agree[form] = all(o == outputs[0] for o in outputs[1:])
            agree[f"{form} findings"] = len(outputs[0][0])  # type: ignore[assignment]
    return {"households": households, "times": times, "agree": agree, "generated": made}


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| households | tables | command | median s | min s | max s | median CPU s "
        "| median peak RSS MB |"
    )
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for row in rows:
        for form, kinds in row["times"].items():
            for kind, runs in kinds.items():
                secs = [r["s"] for r in runs]
                lines.append(
                    f"| {row['households']:,} | {form} | {kind} | {statistics.median(secs):.2f} "
                    f"| {min(secs):.2f} | {max(secs):.2f} | {_median(runs, 'cpu'):.2f} "
                    f"| {_median(runs, 'rss_mb'):.0f} |"
                )
    return "\n".join(lines)


def ratios(rows: list[dict[str, Any]]) -> str:
    """Paired ratios (median over rounds) and the quoted copy against the plain."""
    names = [f"{a} / {b}" for a, b in PAIRS]
    head = (
        "| households | tables | " + " | ".join(names) + " | CPU check / duckdb "
        "| CPU check / polars | RSS check / duckdb "
        "| RSS check / polars | outputs agree |"
    )
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for row in rows:
        for form, kinds in row["times"].items():
            cells = []
            for a, b in PAIRS:
                paired = [x["s"] / y["s"] for x, y in zip(kinds[a], kinds[b], strict=True)]
                cells.append(f"{statistics.median(paired):.2f}x")
            for b in ("duckdb", "polars"):
                paired = [
                    x["cpu"] / y["cpu"] for x, y in zip(kinds["check"], kinds[b], strict=True)
                ]
                cells.append(f"{statistics.median(paired):.2f}x")
            rss = {k: _median(v, "rss_mb") for k, v in kinds.items()}
            agree = "yes" if row["agree"][form] else "**NO**"
            lines.append(
                f"| {row['households']:,} | {form} | "
                + " | ".join(cells)
                + f" | {rss['check'] / rss['duckdb']:.2f}x | {rss['check'] / rss['polars']:.2f}x "
                f"| {agree} ({row['agree'][f'{form} findings']:,} findings) |"
            )
    lines.append("")
    lines.append("| households | command | quoted / plain (time, paired) | quoted / plain (RSS) |")
    lines.append("| --- | --- | --- | --- |")
    for row in rows:
        times = row["times"]
        if "quoted" not in times:
            continue
        for kind in KINDS:
            plain, quoted = times["plain"][kind], times["quoted"][kind]
            paired = [q["s"] / p["s"] for p, q in zip(plain, quoted, strict=True)]
            rss = _median(quoted, "rss_mb") / _median(plain, "rss_mb")
            lines.append(
                f"| {row['households']:,} | {kind} | {statistics.median(paired):.2f}x "
                f"| {rss:.2f}x |"
            )
    return "\n".join(lines)


def startup(runs: int) -> str:
    """``partygraph --help`` and ``validate`` of the shipped example, medians."""
    example = HERE.parent / "configs" / "yangjiang.yaml"
    out = []
    for label, argv in (
        ("partygraph --help", [sys.executable, "-m", "partygraph", "--help"]),
        (
            "partygraph validate configs/yangjiang.yaml",
            [sys.executable, "-m", "partygraph", "validate", str(example)],
        ),
    ):
        got = [timed(argv) for _ in range(runs)]
        out.append(f"| {label} | {_median(got, 's'):.2f} | {_median(got, 'rss_mb'):.0f} |")
    return "| command | median s | median peak RSS MB |\n| --- | --- | --- |\n" + "\n".join(out)


def compiled() -> str:
    """Compile partygraph's modules to bytecode, as ``pip install`` does.

    An editable install (or ``PYTHONDONTWRITEBYTECODE``) leaves them as source,
    and every process would then compile about 130 modules (~0.2 s) that an
    installed package, like DuckDB's and polars', starts without.
    """
    import compileall

    import partygraph

    package = Path(partygraph.__file__).parent
    ok = compileall.compile_dir(str(package), quiet=1)
    return f"bytecode: partygraph's modules compiled ({package}, {'ok' if ok else 'FAILED'})"


def main(argv: list[str] | None = None) -> int:
    from_the_files()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M", help="household counts, e.g. 1m,5m")
    parser.add_argument("--runs", type=int, default=5, help="rounds of every command")
    parser.add_argument("--members", type=float, default=0.1, help="party members per household")
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}", flush=True)
    print(compiled(), flush=True)
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    # First, while this process is small: a child's ru_maxrss starts from its
    # parent's resident memory at fork, and comparing the outputs reads them.
    started = startup(args.runs)
    rows = []
    for size in (_size(s) for s in args.sizes.split(",")):
        print(f"end to end at {size:,} households ...", file=sys.stderr, flush=True)
        rows.append(measure(size, runs=args.runs, members=args.members))
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
        made = rows[-1]["generated"]
        if made:
            print(
                f"generated {size:,} households in {made['s']:.0f} s, "
                f"peak RSS {made['rss_mb']:.0f} MB",
                flush=True,
            )
    print(table(rows))
    print()
    print(ratios(rows))
    print()
    print(started)
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
