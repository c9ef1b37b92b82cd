"""The pairing of units with communities that meets the most needs.

Each community with listed needs gets one paired unit; a unit takes at most
``capacity`` communities (the ``communities_per_paired_unit`` load threshold
of the yangjiang pack, 3).  Which pairing meets the most needs in all is a
maximum-weight b-matching, solved exactly as a minimum-cost flow
(:func:`networkx.max_flow_min_cost`): source → unit (capacity ``capacity``)
→ community (capacity 1, cost −needs met) → sink, with a free path to each
community for "no unit" so that every flow is feasible.  Among the best
pairings, the one keeping most of today's pairs is chosen (a community's
current unit costs a little less), so nothing moves without a gain.

A greedy pass (best pair first) can miss the optimum: with 甲局 meeting 3
needs of 东风社区 and 2 of 红旗社区, 乙局 2 of 东风社区 and none of 红旗社区, and
one community each, greedy pairs 甲局–东风 (3) and leaves 红旗 with nothing;
the flow pairs 乙局–东风 and 甲局–红旗 (4).

Examples
--------
>>> import partygraph
>>> m = partygraph.load("tests/fixtures/match/model.yaml")
>>> a = assign(m, capacity=2)
>>> a.before, a.after, [(p.community.name, p.unit.name, p.needs) for p in a.pairs if not p.current]
(1, 3, [('红旗社区', '甲局', ['法律援助', '就业培训'])])
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from partygraph.analysis.match import CommunityNeeds, Units, _Data, _table, communities_needs
from partygraph.model.model import Model
from partygraph.model.report import NodeRef

__all__ = ["Assignment", "Pair", "assign"]


class Pair(_Data):
    """A community and the unit the assignment pairs it with; ``current`` when
    they are paired today."""

    community: NodeRef
    unit: NodeRef
    needs: list[str]
    current: bool
    #: The community's paired units today.
    was: list[NodeRef] = Field(default_factory=list)


class Assignment(_Data):
    """The best pairing: needs met ``before`` (today's pairings) and ``after``."""

    capacity: int
    before: int
    after: int
    pairs: list[Pair] = Field(default_factory=list)
    #: Communities the best pairing gives no unit: none left meets a need of theirs.
    unmatched: list[NodeRef] = Field(default_factory=list)
    #: Community id -> the names of its paired units today (for the unmatched).
    was: dict[str, str] = Field(default_factory=dict)


def assign(
    model: Model,
    *,
    capacity: int = 3,
    scope: str | None = None,
    synonyms: Sequence[Sequence[str]] | None = None,
) -> Assignment:
    """The pairing of paired units with communities that meets the most needs.

    Parameters
    ----------
    capacity
        The most communities one unit takes (at least 1).
    scope
        A division id: only its communities are paired (every paired unit may
        take them).
    synonyms
        Extra synonym groups (beside the built-in and the model's), as for
        :func:`partygraph.analysis.match.match`.

    Examples
    --------
    >>> import partygraph
    >>> assign(partygraph.load("tests/fixtures/match/model.yaml"), capacity=1).after
    3
    """
    if capacity < 1:
        raise ValueError(f"capacity must be at least 1, not {capacity}")
    units = Units(model, _table(model, synonyms))
    report = communities_needs(model, units, scope)
    weights = _weights(report.communities, units)
    flow = _solve(report.communities, weights, units, capacity)
    pairs, unmatched = [], []
    was: dict[str, str] = {}
    for c in report.communities:
        unit = flow.get(c.community.id)
        if unit is None:
            unmatched.append(c.community)
            was[c.community.id] = "、".join(u.name for u in c.units) or "—"
            continue
        pairs.append(
            Pair(
                community=c.community,
                unit=units.ref[unit],
                needs=weights[unit, c.community.id],
                current=unit in {u.id for u in c.units},
                was=c.units,
            )
        )
    return Assignment(
        capacity=capacity,
        before=report.met,
        after=sum(len(p.needs) for p in pairs),
        pairs=pairs,
        unmatched=unmatched,
        was=was,
    )


def _weights(
    communities: Sequence[CommunityNeeds], units: Units
) -> dict[tuple[str, str], list[str]]:
    """(unit, community) -> the community's needs the unit meets, for every
    pair meeting one or paired today, in the order of the communities and of
    the units; found through the units offering each key, not by asking every
    unit about every community (560,000 pairs at 1,500 communities)."""
    order = {u: i for i, u in enumerate(units.offers)}
    offering: dict[str, list[str]] = {}
    for unit, keys in units.offers.items():
        for key in keys:
            offering.setdefault(key, []).append(unit)
    out: dict[tuple[str, str], list[str]] = {}
    for c in communities:
        met: dict[str, list[str]] = {u.id: [] for u in c.units if u.id in order}
        for n in c.needs:
            for unit in offering.get(units.key(n.need), ()):
                met.setdefault(unit, []).append(n.need)
        for unit in sorted(met, key=order.__getitem__):
            out[unit, c.community.id] = met[unit]
    return out


def _solve(
    communities: Sequence[CommunityNeeds],
    weights: dict[tuple[str, str], list[str]],
    units: Units,
    capacity: int,
) -> dict[str, str]:
    """Community id -> unit id of a best assignment (communities with no unit left out)."""
    ids = [c.community.id for c in communities]
    own = {c.community.id: {u.id for u in c.units} for c in communities}
    # Needs met weigh more than all kept pairs together: a kept pair breaks ties only.
    scale = len(ids) + 1
    import networkx as nx  # here: importing this module (a report's type) needs no networkx

    g = nx.DiGraph()
    g.add_edge("source", "none", capacity=len(ids), weight=0)
    for c in ids:
        g.add_edge(("c", c), "sink", capacity=1, weight=0)
        g.add_edge("none", ("c", c), capacity=1, weight=0)
    for (u, c), met in weights.items():
        kept = u in own[c]
        if met or kept:
            g.add_edge("source", ("u", u), capacity=capacity, weight=0)
            g.add_edge(("u", u), ("c", c), capacity=1, weight=-(len(met) * scale + kept))
    flow = nx.max_flow_min_cost(g, "source", "sink")
    out: dict[str, str] = {}
    for node, targets in flow.items():
        if isinstance(node, tuple) and node[0] == "u":
            for target, f in targets.items():
                if f:
                    out[target[1]] = node[1]
    return out
