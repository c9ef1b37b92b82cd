"""Benchmark the analyses of issue 16 against baselines measured in the same run.

A synthetic city of 1,500 communities (``partygraph.synth``, seed 1, 100
households a community) for ``match``, ``assign`` and ``metrics --network
persons|units|orgs``; a synthetic province of 20,000 communities (no
households: the service circle is a compounds' measure) for ``check`` with the
one rule ``compound.service_circle`` and its measure ``walking_minutes``
alone.  Each is set against a baseline run in the same process, right after
it, and the two results are compared so that the ratio is between equal
answers:

- ``match``: every need compared with every resource of every pairing, the
  key worked out anew each time (the O(needs × resources) loop);
- ``assign``: the same minimum-cost flow (:func:`networkx.max_flow_min_cost`)
  on weights found by asking every unit about every community;
- ``metrics``: networkx on the one-mode projection (persons linked to
  persons): :func:`networkx.bipartite.projected_graph`, the same seeded
  betweenness (timed on ``--peer-sources`` sources and scaled to the
  :data:`~partygraph.analysis.metrics.SAMPLE` the measure uses: its cost is
  linear in the sources), and :func:`networkx.constraint` /
  :func:`networkx.effective_size` of the rows the report shows, each on its
  ego network (:func:`networkx.ego_graph`) as the measure defines them
  (timed on ``--peer-burt`` of them and scaled: networkx takes seconds a node);
- ``walking_minutes``: a brute-force numpy nearest site, every compound
  against every site in chunks (O(compounds × sites)).

Run::

    python benchmarks/analysis.py                        # city 1,500, province 20,000
    python benchmarks/analysis.py --city 300 --province 2000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import from_the_files, machine


def timed(f: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = f()
    return time.perf_counter() - t0, out


def synthetic(communities: int, households: int) -> tuple[float, Any]:
    from partygraph.synthetic import synth

    return timed(lambda: synth(communities=communities, households=households, seed=1))


# -- match and assign ----------------------------------------------------------
def peer_match(model: Any) -> tuple[int, int, int]:
    """(met, elsewhere, unmet) by comparing every need with every resource."""
    from partygraph.vocabulary.items import SYNONYMS, item_key, synonym_table

    table = synonym_table([*SYNONYMS, *model.vocabulary.synonyms])
    needs: dict[str, list[str]] = {}
    own: dict[str, set[str]] = {}
    for p in model.pairings:
        listed = needs.setdefault(p.community, [])
        listed += [n for n in p.needs if n not in listed]
        own.setdefault(p.community, set()).add(p.unit)
    met = elsewhere = unmet = 0
    for community, listed in needs.items():
        for need in listed:
            by = {
                p.unit
                for p in model.pairings
                for r in p.resources
                if item_key(r, table) == item_key(need, table)
            }
            if by & own[community]:
                met += 1
            elif by:
                elsewhere += 1
            else:
                unmet += 1
    return met, elsewhere, unmet


def peer_assign(model: Any, capacity: int = 3) -> int:
    """Needs met by the best pairing: the flow of assign on weights found by
    asking every paired unit about every community."""
    from partygraph.analysis.assign import _solve
    from partygraph.analysis.match import Units, _table, communities_needs

    units = Units(model, _table(model, None))
    report = communities_needs(model, units)
    weights = {
        (u, c.community.id): units.covers(u, [n.need for n in c.needs])
        for c in report.communities
        for u in units.offers
    }
    flow = _solve(report.communities, weights, units, capacity)
    return sum(len(weights[u, c]) for c, u in flow.items())


def city_rows(model: Any) -> list[dict[str, Any]]:
    from partygraph.analysis.assign import assign
    from partygraph.analysis.match import match

    rows = []
    t, r = timed(lambda: match(model))
    tp, peer = timed(lambda: peer_match(model))
    same = (r.met, r.elsewhere, r.unmet) == peer
    rows.append({"what": "match", "s": t, "peer_s": tp, "same": same, "size": r.needs})
    t, a = timed(lambda: assign(model))
    tp, after = timed(lambda: peer_assign(model))
    rows.append({"what": "match --assign", "s": t, "peer_s": tp, "same": a.after == after,
                 "size": len(a.pairs) + len(a.unmatched)})  # fmt: skip
    print(json.dumps(rows[-2:], ensure_ascii=False), file=sys.stderr, flush=True)
    return rows


# -- metrics -------------------------------------------------------------------
def peer_metrics(
    model: Any, network: str, shown: list[str], sources: int, burt: int
) -> dict[str, Any]:
    """networkx on the one-mode projection: build, betweenness, Burt's measures."""
    from partygraph.analysis import metrics as me
    from partygraph.index import Index

    t0 = time.perf_counter()
    g = model.to_networkx()
    community = me._communities(Index(model))
    ties = {
        "persons": lambda: me._person_ties(g, community),
        "units": lambda: me._unit_ties(g, community),
        "orgs": lambda: me._org_ties(model, community),
    }[network]()
    b = nx.Graph()
    b.add_edges_from((("n", node), ("b", body)) for node, body, _, _ in ties)
    nodes = [n for n in b if n[0] == "n"]
    one = nx.bipartite.projected_graph(b, nodes)
    build = time.perf_counter() - t0
    k = min(sources, one.number_of_nodes())
    t1 = time.perf_counter()
    nx.betweenness_centrality(one, k=k, seed=0)
    between = (time.perf_counter() - t1) * min(me.SAMPLE, one.number_of_nodes()) / k
    # networkx's Burt measures take seconds a node: timed on the first ``burt``
    # rows shown and scaled to all of them (the cost is per node).
    t2 = time.perf_counter()
    constraint, effective = {}, {}
    for n in shown[:burt]:  # on each one's ego network, as the measure is defined
        ego = nx.ego_graph(one, ("n", n))
        constraint[n] = nx.constraint(ego, [("n", n)])[("n", n)]
        effective[n] = nx.effective_size(ego, [("n", n)])[("n", n)]
    burt_s = (time.perf_counter() - t2) * len(shown) / max(1, len(effective))
    return {
        "s": build + between + burt_s,
        "build": build,
        "betweenness_scaled": between,
        "burt_scaled": burt_s,
        "edges": one.number_of_edges(),
        "effective": effective,
        "constraint": constraint,
    }


PARTS = ("build", "betweenness_scaled", "burt_scaled")


def metrics_rows(model: Any, sources: int, burt: int) -> list[dict[str, Any]]:
    from partygraph.analysis.metrics import metrics

    rows = []
    for network in ("persons", "units", "orgs"):
        t, r = timed(lambda net=network: metrics(model, network=net))  # type: ignore[misc]
        shown = [m.node.id for m in r.rows if m.effective_size is not None]
        peer = peer_metrics(model, network, shown, sources, burt)
        ours = {m.node.id: m for m in r.rows if m.effective_size is not None}
        # The same Burt measures on the projection (to the 6 decimals the report keeps).
        same = all(
            abs(ours[n].effective_size - peer["effective"][n]) < 1e-5  # type: ignore[operator]
            and abs(ours[n].constraint - peer["constraint"][n]) < 1e-5  # type: ignore[operator]
            for n in peer["effective"]
        )
        rows.append({"what": f"metrics --network {network}", "s": t, "peer_s": peer["s"],
                     "same": same, "size": r.nodes, "projection_edges": peer["edges"],
                     "peer_parts": {k: peer[k] for k in PARTS}})  # fmt: skip
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    return rows


# -- the service circle ----------------------------------------------------------
def _pack() -> Any:
    from partygraph.rules.loader import load_rules

    return load_rules(
        Path(__file__).resolve().parents[1] / "src/partygraph/rules/packs/yangjiang.yaml"
    )


def peer_minutes(model: Any, params: dict[str, Any], chunk: int = 2048) -> np.ndarray:
    """Minutes to the nearest site, every compound against every site."""
    from partygraph.vocabulary.space import SERVICE_CIRCLE_LEVELS

    def xy(records: Any) -> np.ndarray:
        return np.array(
            [[np.nan if r.x is None else r.x, np.nan if r.y is None else r.y] for r in records],
            dtype=float,
        ).reshape(-1, 2)

    scale = model.coordinates.metres(1.0)
    points = xy(model.compounds) * scale
    sites = xy(c for c in model.service_centres if c.level in SERVICE_CIRCLE_LEVELS) * scale
    sites = sites[np.isfinite(sites).all(axis=1)]
    out = np.full(points.shape[0], np.nan)
    for start in range(0, points.shape[0], chunk):
        p = points[start : start + chunk]
        d = np.sqrt(((p[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
        out[start : start + chunk] = d
    speed = float(params["walking_speed_kmh"]) * 1000 / 60
    exact = out * float(params["detour_factor"]) / speed
    minutes: np.ndarray = np.ceil(np.round(exact * 10, 9)) / 10
    return minutes


def province_rows(model: Any) -> list[dict[str, Any]]:
    from partygraph.index import Index
    from partygraph.rules.check import check
    from partygraph.rules.measures import Context

    pack = _pack()
    params = dict(pack.params)
    one = dataclasses.replace(
        pack, name="service_circle",
        rules=[r for r in pack.rules if r.rule.id == "compound.service_circle"],
        loads=[], disable=[],
    )  # fmt: skip
    t_index, ix = timed(lambda: Index(model))
    t, minutes = timed(lambda: Context(ix, params=params).measure("walking_minutes", "compound"))
    tp, peer = timed(lambda: peer_minutes(model, params))
    ours = minutes.values
    same = bool(np.array_equal(np.isnan(ours), np.isnan(peer)) and np.allclose(
        ours[~np.isnan(ours)], peer[~np.isnan(peer)]))  # fmt: skip
    sites = sum(1 for c in model.service_centres if c.x is not None)
    rows = [{"what": "walking_minutes (measure alone)", "s": t, "peer_s": tp, "same": same,
             "size": len(model.compounds), "sites": sites, "index_s": t_index}]  # fmt: skip
    tc, report = timed(lambda: check(model, packs=[], rules=[one]))
    found = sum(1 for f in report.findings if f.rule == "compound.service_circle")
    over = int(np.sum(ours > float(params["service_circle_minutes"])))
    rows.append({"what": "check --rules compound.service_circle", "s": tc, "peer_s": tp,
                 "same": found == over, "size": len(model.compounds)})  # fmt: skip
    print(json.dumps(rows, ensure_ascii=False), file=sys.stderr, flush=True)
    return rows


def table(title: str, rows: list[dict[str, Any]]) -> str:
    lines = [
        f"{title}",
        "",
        "| what | nodes / items | partygraph s | baseline s | baseline / partygraph "
        "| same answer |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| `{r['what']}` | {r['size']:,} | {r['s']:.2f} | {r['peer_s']:.2f} "
            f"| {r['peer_s'] / r['s']:.1f}x | {'yes' if r['same'] else 'NO'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from_the_files()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", type=int, default=1500, help="communities of the city")
    parser.add_argument("--province", type=int, default=20000, help="communities of the province")
    parser.add_argument("--only", choices=("city", "province"), help="one of the two")
    parser.add_argument(
        "--peer-sources",
        type=int,
        default=20,
        help="betweenness sources the baseline is timed on (scaled to 200)",
    )
    parser.add_argument("--peer-burt", type=int, default=5,
                        help="rows networkx's Burt measures are timed on (scaled)")  # fmt: skip
    args = parser.parse_args(argv)
    print(f"machine: {machine()}", flush=True)
    if args.only != "province":
        gen, model = synthetic(args.city, args.city * 100)
        print(f"city: {args.city:,} communities, generated in {gen:.0f} s", flush=True)
        rows = city_rows(model) + metrics_rows(model, args.peer_sources, args.peer_burt)
        print(table(f"city of {args.city:,} communities", rows), flush=True)
        del model
    if args.only != "city":
        gen, model = synthetic(args.province, 0)
        print(f"province: {args.province:,} communities, generated in {gen:.0f} s", flush=True)
        print(table(f"province of {args.province:,} communities", province_rows(model)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
