"""The optional sections of a check report: needs matched with resources, and
the network's key persons and units.

A check answers "is each rule kept"; an analyst also asks which needs of the
paired communities go unmet and who holds the network together.  Those are
computed by :mod:`partygraph.analysis` (:func:`~partygraph.analysis.match.match`,
:func:`~partygraph.analysis.assign.assign`, :func:`~partygraph.analysis.metrics.metrics`)
and :func:`attach` sums them up into the report's ``matching`` and ``metrics``
sections, bounded (a row per paired community; the ``top`` persons and units),
so that every rendering of the report can show them.  ``partygraph check
--with matching,metrics`` and ``partygraph report --with ...`` ask for them
(:func:`partygraph.cli.check.sections` reads the flag: 需求对接 and 网络 are
taken too).

Examples
--------
>>> import partygraph
>>> from partygraph.report import attach
>>> model = partygraph.load("tests/fixtures/match/model.yaml")
>>> report = attach(partygraph.check(model), model, matching=True, metrics=True, top=2)
>>> m = report.matching
>>> m.needs, m.met, m.elsewhere, m.unmet, m.before, m.after
(6, 1, 3, 2, 1, 3)
>>> [(c.community.name, c.met, c.elsewhere, c.unmet_needs) for c in m.communities]
[('东风社区', 1, 1, ['加装电梯']), ('红旗社区', 0, 2, []), ('西湖社区', 0, 0, ['助学帮扶'])]
>>> [n.network for n in report.metrics]
['persons', 'units', 'orgs']
"""

from __future__ import annotations

from collections import Counter

from partygraph.analysis.assign import Assignment, assign
from partygraph.analysis.match import MatchReport, match
from partygraph.analysis.metrics import NETWORKS, Metric, MetricsReport
from partygraph.analysis.metrics import metrics as network_metrics
from partygraph.model import Model
from partygraph.model.report import (
    CommunityMatch,
    KeyNode,
    Matching,
    NeedCount,
    NetworkMetrics,
    Report,
)

__all__ = ["attach", "matching_section", "metrics_section"]


def attach(
    report: Report,
    model: Model,
    *,
    matching: bool = False,
    metrics: bool = False,
    scope: str | None = None,
    capacity: int = 3,
    top: int = 10,
) -> Report:
    """``report`` with its ``matching`` and (or) ``metrics`` sections computed on ``model``.

    Parameters
    ----------
    matching
        Match the paired communities' needs with the paired units' resources,
        and find the best pairing with at most ``capacity`` communities a unit
        (its totals before and after).
    metrics
        The persons and the units networks: the ``top`` by posts, the ``top``
        brokers, and (units) the communities' sole links.
    scope
        A division id: only its communities are matched (the networks are the
        whole model's).

    Returns
    -------
    Report
        A copy of ``report``; the sections not asked for are left as they were.
    """
    update: dict[str, object] = {}
    if matching:
        found = match(model, scope=scope)
        best = assign(model, capacity=capacity, scope=scope) if found.communities else None
        update["matching"] = matching_section(found, best)
    if metrics:
        update["metrics"] = [
            metrics_section(network_metrics(model, network=n, top=top), top) for n in NETWORKS
        ]
    return report.model_copy(update=update)


def matching_section(found: MatchReport, best: Assignment | None = None) -> Matching:
    """A :class:`MatchReport` (and an :class:`~partygraph.analysis.assign.Assignment`)
    summed up as the report's section."""
    rows = [
        CommunityMatch(
            community=c.community,
            chain=c.chain,
            units=c.units,
            needs=len(c.needs),
            met=sum(n.met for n in c.needs),
            elsewhere=sum(not n.met and bool(n.offers) for n in c.needs),
            unmet=sum(not n.met and not n.offers for n in c.needs),
            elsewhere_needs=[n.need for n in c.needs if not n.met and n.offers],
            unmet_needs=[n.need for n in c.needs if not n.met and not n.offers],
        )
        for c in found.communities
    ]
    nobody = Counter(need for c in rows for need in c.unmet_needs)
    totals: dict[str, int | None] = {}
    if best is not None:
        changed = sum(not p.current for p in best.pairs)
        totals = {
            "capacity": best.capacity,
            "before": best.before,
            "after": best.after,
            "changed": changed,
            "kept": len(best.pairs) - changed,
        }
    return Matching(
        needs=found.needs,
        met=found.met,
        elsewhere=found.elsewhere,
        unmet=found.unmet,
        communities=rows,
        unmet_needs=[NeedCount(need=n, communities=k) for n, k in nobody.most_common()],
        **totals,
    )


def metrics_section(found: MetricsReport, top: int = 10) -> NetworkMetrics:
    """A network's measures, bounded to the ``top`` rows of each list."""
    sole = [m for m in found.top("sole_links", top) if m.sole_links]
    posts = [m.posts for m in found.rows]
    return NetworkMetrics(
        network=found.network,
        nodes=len(found.rows),
        edges=found.edges,
        posts=sum(posts),
        max_posts=max(posts, default=0),
        sampled=found.sampled,
        top=top,
        most_posts=[_key(m) for m in found.top("posts", top)],
        brokers=[_key(m) for m in found.brokers(top)],
        sole_links=[_key(m) for m in sole] if found.network == "units" else [],
        sole_total=sum(m.sole_links for m in found.rows) if found.network == "units" else 0,
    )


def _key(m: Metric) -> KeyNode:
    return KeyNode(**m.model_dump(exclude={"degree"}))
