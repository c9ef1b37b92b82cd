"""Benchmark partygraph.diff: two snapshots of a city of a million households.

The first snapshot is the benchmark's synthetic city (``benchmarks/run.py``
generates and caches it under ``benchmarks/.data``); the second is derived
from it as a year changes a city, with numpy: 2% of the households gone,
3% new ones, 1% moved to another community, 1% of the persons renamed,
and every tenth central household link's visit date moved.  Then it times
``diff(old, new)`` (best of three, the machine is shared) and prints one row
of the table in docs/performance.md::

    python benchmarks/diff.py              # 1M households
    python benchmarks/diff.py --sizes 100k,1M
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import DATA, _size, dataset, from_the_files  # noqa: E402


def next_year(old: object) -> object:
    """``old`` a year later (see the module's docstring)."""
    from partygraph.change.edit import remove
    from partygraph.model.population import Population, TableData, text_array

    rng = np.random.default_rng(7)
    hh = old.population["households"]  # type: ignore[attr-defined]
    n = len(hh)
    gone = np.asarray(hh["id"])[rng.choice(n, size=n // 50, replace=False)]
    new = remove(old, gone.tolist())  # type: ignore[arg-type]
    tables = dict(new.population.tables)
    hh = tables["households"]
    cols = {c: np.array(a, copy=True) for c, a in hh.columns.items()}
    moved = rng.choice(len(hh), size=n // 100, replace=False)
    communities = np.unique(cols["community"])
    cols["community"][moved] = rng.choice(communities, size=moved.shape[0])
    for c in ("residents_group", "grid", "compound"):
        cols[c][moved] = -1
    k = n * 3 // 100
    extra = {
        "id": text_array([f"new{i:07d}" for i in range(k)]),
        "community": rng.choice(communities, size=k).astype(np.int32),
        "residents_group": np.full(k, -1, np.int32),
        "grid": np.full(k, -1, np.int32),
        "compound": np.full(k, -1, np.int32),
        "size": np.full(k, 3, np.int64),
    }
    cols = {c: np.concatenate([cols[c], extra[c]]) for c in cols}
    tables["households"] = TableData(hh.spec, cols)
    persons = tables["persons"]
    pcols = dict(persons.columns)
    names = np.array(pcols["name"], copy=True)
    renamed = rng.choice(len(persons), size=len(persons) // 100, replace=False)
    names[renamed] = "新名字"
    pcols["name"] = names
    tables["persons"] = TableData(persons.spec, pcols)
    links = tables["central_household_links"]
    lcols = dict(links.columns)
    visit = np.array(lcols["last_visit"], copy=True)
    visit[::10] = visit[::10] + np.timedelta64(30, "D")
    lcols["last_visit"] = visit
    tables["central_household_links"] = TableData(links.spec, lcols)
    return new.model_copy(update={"population": Population(tables)})


def main(argv: list[str] | None = None) -> int:
    from_the_files()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1M")
    p.add_argument("--data", type=Path, default=DATA, help="where the cached models are")
    args = p.parse_args(argv)
    import partygraph

    print(
        "| households | persons | diff s (best of 3) | diff of a model with itself s "
        "| households added / removed / moved |"
    )
    print("| --- | --- | --- | --- | --- |")
    for size in (_size(s) for s in args.sizes.split(",")):
        path = args.data / f"h{size}" / "model.yaml"
        if not path.exists():
            path = dataset(size, members_per_household=0.1)
        old = partygraph.load(path)
        new = next_year(old)
        times, same = [], []
        for _ in range(3):
            start = time.perf_counter()
            d = partygraph.diff(old, new)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            partygraph.diff(old, old)
            same.append(time.perf_counter() - start)
        t = d.table("households")
        print(
            f"| {size:,} | {len(old.population['persons']):,} | {min(times):.2f} "
            f"| {min(same):.2f} | {t.added:,} / {t.removed:,} / {t.moved:,} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
