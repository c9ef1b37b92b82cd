"""Benchmark partygraph at city and province scale, against two baselines.

For each size (households) it generates a synthetic model once (``synth``,
cached under ``benchmarks/.data``), then measures, each in a fresh process so
that peak memory is its own:

- **partygraph**: ``load`` (YAML + CSV tables) and ``check`` with all built-in packs;
- **peer**: the same load, then a networkx graph with one node per household and
  person (``to_networkx(population=True)``) and the same rules as Python loops
  over it (``benchmarks/peer.py``);
- **floor**: a bare numpy pass computing one coverage rollup (households with a
  grid, per community, rolled up to the city) on arrays already in memory;
- **rows**: the bulk CSV tables validated as one pydantic object per row;
- **excel**: partygraph again on the same model with every table as Excel
  on Windows saves it (UTF-8 with a BOM, CRLF line ends, a cell quoted when it
  holds a comma, quote or line break), and once more with every cell quoted
  (copies made once, cached next to the data); the three are run one after
  the other, three rounds, and the best time of each is compared (this
  machine is shared: a single run of each differed by 1.6x either way).

It prints one table with the ratios the targets are stated in, and one of
the Excel copy against the plain tables.  Run::

    python benchmarks/run.py                 # 100k and 1M households
    python benchmarks/run.py --sizes 5M,30M  # larger; the peer is skipped past --peer-max
    python benchmarks/run.py --nation        # a national model, 1 vs 2 Dask workers (nation.py)
    python benchmarks/run.py --endtoend      # then vs DuckDB and polars (endtoend.py), 1M

The other benchmarks use this one's models and machine line: ``as_of.py``,
``diff.py`` and ``analysis.py`` (match, assign, metrics and the service
circle against their baselines, docs/performance.md).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
HOUSEHOLD_LEVEL = ("household.", "person.", "central_household.visits", "registration.")


def _size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    for suffix, factor in (("k", 1_000), ("m", 1_000_000)):
        if text.endswith(suffix):
            return int(float(text[:-1]) * factor)
    return int(text)


def _rss_mb() -> float:
    """Peak resident memory of this process, in MB.

    On Linux ``ru_maxrss`` keeps the parent's peak across fork and exec, so a
    child started after this script generated a large dataset reported the
    generator's memory as its own; ``VmHWM`` belongs to the process image.
    """
    try:
        with Path("/proc/self/status").open(encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dataset(households: int, *, members_per_household: float) -> Path:
    """The model for this size, generated once and cached."""
    path = DATA / f"h{households}" / "model.yaml"
    if path.exists():
        return path
    from partygraph.synthetic import synth

    # A city like Yangjiang: ~6,700 households a community; a province: ~1,500.
    per_community = 1_500 if households >= 10_000_000 else 6_700
    communities = max(136, households // per_community)
    members = int(households * members_per_household)
    start = time.perf_counter()
    try:
        model = synth(communities=communities, households=households, members=members, seed=1)
    except ValueError:  # too few members for the units and posts: let synth choose
        model = synth(communities=communities, households=households, seed=1)
    model.dump(path)
    took = time.perf_counter() - start
    print(f"  generated {path} in {took:.0f} s ({communities:,} communities)", file=sys.stderr)
    return path


#: The copies of the tables measured against the plain ones: how their cells are quoted.
EXCEL = {"excel": csv.QUOTE_MINIMAL, "quoted": csv.QUOTE_ALL}


def excel_copy(path: Path, form: str) -> Path:
    """The model at ``path`` with its tables as Excel saves them (BOM, CRLF;
    ``form`` says which cells are quoted, see :data:`EXCEL`), written once
    next to it."""
    out = path.parent.parent / f"{path.parent.name}-{form}"
    if (out / path.name).exists():
        return out / path.name
    start = time.perf_counter()
    work = out.with_name(out.name + ".part")
    shutil.rmtree(work, ignore_errors=True)
    tables = work / f"{path.stem}_tables"
    tables.mkdir(parents=True)
    for table in sorted((path.parent / f"{path.stem}_tables").glob("*.csv")):
        with (
            table.open(encoding="utf-8", newline="") as f,
            (tables / table.name).open("w", encoding="utf-8-sig", newline="") as g,
        ):
            writer = csv.writer(g, quoting=EXCEL[form], lineterminator="\r\n")
            writer.writerows(csv.reader(f))
    shutil.copyfile(path, work / path.name)
    work.rename(out)  # whole or not at all: an interrupted copy is made again
    took = time.perf_counter() - start
    print(f"  wrote {out} in {took:.0f} s", file=sys.stderr)
    return out / path.name


# -- children: each runs in its own process ---------------------------------
def child_partygraph(path: Path) -> dict[str, Any]:
    import logging

    import partygraph
    from partygraph.progress import report_stages
    from partygraph.rules.check import check

    paths: dict[str, str] = {}  # the path each bulk table took, read and resolve

    class Paths(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            taken = getattr(record, "bulk_path", None)
            if taken is not None:
                paths[f"{taken.table} {taken.step}"] = taken.path

    log = logging.getLogger("partygraph.io.arrowtables")
    log.setLevel(logging.DEBUG)
    log.addHandler(Paths())
    with report_stages(None, threshold=float("inf")) as stages:
        t0 = time.perf_counter()
        model = partygraph.load(path)
        t1 = time.perf_counter()
        report = check(model)
        t2 = time.perf_counter()
    rss_mb = _rss_mb()  # one load and one check, as the user runs them
    # A rule's stage is "规则（ID） rule ID": keyed here by "rule ID".
    rules = {k.partition(" ")[2]: v for k, v in stages.durations.items() if k.startswith("规则（")}
    # The floor is the best of five passes: the rules get the same treatment,
    # the best of three checks (the end-to-end time above is the first, cold).
    for _ in range(2):
        with report_stages(None, threshold=float("inf")) as again:
            check(model)
        rules = {
            k: min(v, again.durations.get(f"规则（{k[5:]}） {k}", v)) for k, v in rules.items()
        }
    tables = sum(
        v
        for k, v in stages.durations.items()
        if k.endswith(("read tables", "validate tables", "resolve table references"))
    )
    return {
        "load": t1 - t0,
        "tables": tables,
        "check": t2 - t1,
        "rss_mb": rss_mb,
        "households": len(model.population["households"]),
        "persons": len(model.population["persons"]),
        "findings": len(report.findings),
        "rules": rules,
        "paths": paths,
    }


def child_peer(path: Path) -> dict[str, Any]:
    import partygraph

    sys.path.insert(0, str(HERE))
    from peer import build_peer_graph, peer_check

    t0 = time.perf_counter()
    model = partygraph.load(path)
    t1 = time.perf_counter()
    graph = build_peer_graph(model)  # to_networkx(population=True) plus every visit date
    t2 = time.perf_counter()
    result = peer_check(graph, snapshot=model.snapshot)
    t3 = time.perf_counter()
    return {
        "load": t1 - t0,
        "graph": t2 - t1,
        "check": t3 - t2,
        "rss_mb": _rss_mb(),
        "nodes": graph.number_of_nodes(),
        "findings": len(result.findings),
    }


def child_floor(path: Path) -> dict[str, Any]:
    """One coverage rollup in bare numpy: the least any vectorised check costs."""
    import numpy as np

    import partygraph

    model = partygraph.load(path)
    hh = model.population["households"]
    community, grid = hh["community"], hh["grid"]
    parent = np.array(_parents(model), dtype=np.int64)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        n = len(model.divisions)
        covered = np.bincount(community, weights=grid >= 0, minlength=n)
        total = np.bincount(community, minlength=n).astype(float)
        for _level in range(3):  # community -> subdistrict -> county -> city
            up = parent >= 0
            covered = covered + np.bincount(parent[up], weights=covered[up], minlength=n)
            total = total + np.bincount(parent[up], weights=total[up], minlength=n)
        _ratio = np.divide(covered, total, out=np.zeros(n), where=total > 0)
        best = min(best, time.perf_counter() - t0)
    return {"floor": best, "rss_mb": _rss_mb()}


def _parents(model: Any) -> list[int]:
    pos = {d.id: i for i, d in enumerate(model.divisions)}
    return [pos.get(d.parent or "", -1) for d in model.divisions]


def child_rows(path: Path) -> dict[str, Any]:
    """The bulk tables read with csv and validated as one pydantic object per row."""
    from pydantic import create_model

    from partygraph.model.population import TABLES

    types = {
        "id": str,
        "ref": str,
        "str": str,
        "int": int,
        "bool": bool,
        "date": dt.date,
        "enum": str,
    }
    t0 = time.perf_counter()
    rows = 0
    for name, spec in TABLES.items():
        file = path.parent / f"{path.stem}_tables" / f"{name}.csv"
        if not file.exists():
            continue
        fields: dict[str, Any] = {
            c.name: (
                (types[c.type] if c.required else types[c.type] | None),
                ... if c.required else None,
            )
            for c in spec.columns
        }
        row_model = create_model(f"Row_{name}", **fields)
        with file.open(encoding="utf-8-sig", newline="") as f:
            for record in csv.DictReader(f):
                row_model.model_validate({k: (v or None) for k, v in record.items()})
                rows += 1
    return {"rows_load": time.perf_counter() - t0, "rows": rows, "rss_mb": _rss_mb()}


CHILDREN = {
    "partygraph": child_partygraph,
    "peer": child_peer,
    "floor": child_floor,
    "rows": child_rows,
}


def run_child(kind: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the table ---------------------------------------------------------------
def measure(
    households: int, *, peer_max: int, members_per_household: float, excel: int = 3
) -> dict[str, Any]:
    path = dataset(households, members_per_household=members_per_household)
    row: dict[str, Any] = {"households": households}
    row["pg"] = run_child("partygraph", path)
    row["floor"] = run_child("floor", path)
    row["rows"] = run_child("rows", path) if households <= peer_max else None
    has_peer = (HERE / "peer.py").exists()
    row["peer"] = run_child("peer", path) if has_peer and households <= peer_max else None
    forms = {"plain": path, **{form: excel_copy(path, form) for form in EXCEL}} if excel else {}
    row["excel"] = {form: [] for form in forms}
    for _ in range(excel):  # rounds: each form once a round, so noise falls on all
        for form, model in forms.items():
            row["excel"][form].append(run_child("partygraph", model))
    return row


def _fmt_rules(pg: dict[str, Any], floor: float) -> str:
    rules = {k[5:]: v for k, v in pg["rules"].items() if k[5:].startswith(HOUSEHOLD_LEVEL)}
    if not rules:
        return "n/a"
    worst = max(rules, key=lambda k: rules[k])
    return f"{rules[worst] / floor:.1f}x ({worst})"


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| households | persons | load s | check s | peak RSS MB | bytes/household "
        "| peer s (graph+check) | peer RSS MB | speed-up vs peer | household rule vs floor "
        "| tables load vs pydantic rows |"
    )
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for r in rows:
        pg, floor, peer, rows_ = r["pg"], r["floor"]["floor"], r["peer"], r["rows"]
        total = pg["load"] + pg["check"]
        per_hh = pg["rss_mb"] * 1024 * 1024 / max(1, pg["households"])
        if peer:
            peer_total = peer["load"] + peer["graph"] + peer["check"]
            peer_cell = f"{peer_total:.1f} ({peer['graph']:.1f}+{peer['check']:.1f})"
            speed = f"{peer_total / total:.1f}x"
            peer_rss = f"{peer['rss_mb']:.0f}"
        else:
            peer_cell = speed = peer_rss = "skipped"
        rows_cell = f"{rows_['rows_load'] / pg['tables']:.1f}x" if rows_ else "skipped"
        lines.append(
            f"| {r['households']:,} | {pg['persons']:,} | {pg['load']:.1f} | {pg['check']:.2f} "
            f"| {pg['rss_mb']:.0f} | {per_hh:.0f} | {peer_cell} | {peer_rss} | {speed} "
            f"| {_fmt_rules(pg, floor)} | {rows_cell} |"
        )
    return "\n".join(lines)


def excel_table(rows: list[dict[str, Any]]) -> str:
    """The Excel copies against the plain tables, measured in the same run:
    the best time (load + check) of each over the rounds, and the highest
    peak memory."""
    head = (
        "| households | tables | load s | check s | peak RSS MB | findings "
        "| time vs plain | RSS vs plain | bulk tables on Arrow |"
    )
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    names = {
        "plain": "plain (LF, no quotes)",
        "excel": "Excel (BOM, CRLF, quoted where needed)",
        "quoted": "every cell quoted (BOM, CRLF)",
    }
    for r in rows:
        if not r.get("excel"):
            continue
        best = {
            form: min(runs, key=lambda pg: pg["load"] + pg["check"])
            for form, runs in r["excel"].items()
        }
        rss = {form: max(pg["rss_mb"] for pg in runs) for form, runs in r["excel"].items()}
        plain = best["plain"]
        for form, pg in best.items():
            arrow = sum(p == "arrow" for p in pg["paths"].values())
            time_ratio = (pg["load"] + pg["check"]) / (plain["load"] + plain["check"])
            lines.append(
                f"| {r['households']:,} | {names[form]} | {pg['load']:.2f} | {pg['check']:.2f} "
                f"| {rss[form]:.0f} | {pg['findings']:,} | {time_ratio:.2f}x "
                f"| {rss[form] / rss['plain']:.2f}x | {arrow} of {len(pg['paths'])} |"
            )
    return "\n".join(lines)


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def from_the_files() -> None:
    """Loads are measured from the files: no load cache (docs/cache.md), in this
    process or the ones it starts.  Each benchmark's ``main`` calls it (not an
    import: the tests import this module and would lose their cache)."""
    os.environ["PARTYGRAPH_NO_CACHE"] = "1"


def main(argv: list[str] | None = None) -> int:
    from_the_files()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M", help="household counts, e.g. 100k,1M,5M")
    parser.add_argument("--peer-max", default="5M", help="largest size to run the baselines at")
    parser.add_argument("--members", type=float, default=0.1, help="party members per household")
    parser.add_argument(
        "--excel-rounds",
        type=int,
        default=3,
        help="rounds of the plain and Excel tables, one after the other (0: skip)",
    )
    parser.add_argument(
        "--endtoend",
        nargs="?",
        const="1M",
        metavar="SIZES",
        help="then partygraph against DuckDB and polars, whole processes (endtoend.py; 1M)",
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--nation", action="store_true", help="the national model instead: benchmarks/nation.py"
    )
    args = parser.parse_args(argv)
    if args.nation:
        import nation

        return nation.main([])
    if args.child:
        kind, path = args.child
        print(json.dumps(CHILDREN[kind](Path(path))))
        return 0
    sizes = [_size(s) for s in args.sizes.split(",")]
    print(f"machine: {machine()}", flush=True)
    rows = []
    for n in sizes:
        print(f"measuring {n:,} households ...", file=sys.stderr, flush=True)
        rows.append(
            measure(
                n,
                peer_max=_size(args.peer_max),
                members_per_household=args.members,
                excel=args.excel_rounds,
            )
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(table(rows))
    if args.excel_rounds:
        print()
        print(excel_table(rows))
    if args.endtoend:
        import endtoend  # beside this script

        print()
        endtoend.main(["--sizes", args.endtoend, "--members", str(args.members)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
