"""Who holds the network together: network measures on one-mode networks
that mean something.

Betweenness on the whole mixed graph ranks issue categories first, which
says nothing.  The questions are about people and units, so each network
here joins two of them through what they share:

- ``persons``: two people are linked when they hold posts in the same *body*
  — a party organisation, a grid, a compound, a unit, a service centre (the
  items it offers), or a community (its captains, central households and
  reserve cadres);
- ``units``: two units are linked when they serve the same community — by a
  pairing 双报到, a part-time seat on its 大党委 (on behalf of the unit), or a
  membership of a team working there;
- ``orgs``: two party organisations are linked when one leads the other
  (``parent``), when they sit on the same expanded body 大党委 / 大工委 (its
  core, and the organisations of the units its part-time members sit for), or
  when one person holds posts in both (a secretary, a member of an expanded
  body).  Each such tie is a body of its own: organisations of one community
  are *not* linked for being there, so the one leading two communities'
  organisations is the broker between them.

On each: posts (persons), communities served (units) or ties (orgs), degree, betweenness
(exact up to :data:`EXACT_BETWEENNESS` nodes, else sampled with a fixed
seed, so runs agree), Burt's constraint and effective size (brokerage), and
reach: the communities, and their households, within two steps.

Examples
--------
>>> import partygraph
>>> r = metrics(partygraph.load("tests/fixtures/rules/model.yaml"), network="persons")
>>> [(m.node.name, m.posts, m.communities) for m in r.top("posts", 2)]
[('何静', 9, 1), ('李明', 5, 2)]
>>> [(m.node.name, m.communities) for m in r.brokers(2)]
[('郑涛', 2), ('李明', 2)]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from partygraph.analysis.match import _Data
from partygraph.index import Index
from partygraph.model.model import Model
from partygraph.model.report import NodeRef
from partygraph.vocabulary import LEVELS

if TYPE_CHECKING:  # imported where a graph is measured, not with this module's report types
    import networkx as nx

__all__ = ["EXACT_BETWEENNESS", "NETWORKS", "Metric", "MetricsReport", "metrics"]

Network = Literal["persons", "units", "orgs"]
NETWORKS: tuple[Network, ...] = ("persons", "units", "orgs")
#: Networks up to this many nodes get exact betweenness; larger ones a seeded
#: sample of :data:`SAMPLE` sources (the same every run).
EXACT_BETWEENNESS = 1000
SAMPLE = 200
#: Kinds whose posts belong to the node itself; other posts to its community.
_BODIES = {"party_org", "grid", "compound", "unit", "team", "service_centre"}
_COMMUNITY = LEVELS.index("community")


class Metric(_Data):
    """The measures of one person or unit."""

    node: NodeRef
    chain: list[NodeRef] = Field(default_factory=list)
    #: Persons: posts held, by role.  Units: ties to communities, by how.
    posts: int
    roles: dict[str, int] = Field(default_factory=dict)
    communities: int
    degree: int
    betweenness: float
    constraint: float | None
    effective_size: float | None
    reach_communities: int
    reach_households: int
    #: Communities this is the only link of to the city: the one municipal unit
    #: tied to them (units), the one person holding a post there (persons).
    sole_links: int = 0


class MetricsReport(_Data):
    """What :func:`metrics` returns: one :class:`Metric` per node of the network."""

    model: str
    network: Network
    nodes: int
    edges: int
    sampled: bool
    rows: list[Metric] = Field(default_factory=list)

    def top(self, by: str = "posts", n: int = 10) -> list[Metric]:
        """The ``n`` rows with the highest ``by`` (ties by id)."""
        return sorted(self.rows, key=lambda m: (-getattr(m, by), m.node.id))[:n]

    def brokers(self, n: int = 10) -> list[Metric]:
        """The ``n`` who tie most communities together: spanning two or more,
        by betweenness, then by communities spanned."""
        spanning = [m for m in self.rows if m.communities >= 2]
        return sorted(spanning, key=lambda m: (-m.betweenness, -m.communities, m.node.id))[:n]


def metrics(
    model: Model, *, network: Network = "persons", top: int = 10, seed: int = 0
) -> MetricsReport:
    """Network measures of the persons or units of ``model``.

    Parameters
    ----------
    network
        ``persons`` (linked by the bodies they hold posts in), ``units``
        (linked by the communities they serve) or ``orgs`` (party
        organisations linked by leading, an expanded body or a person).
    seed
        The seed of sampled betweenness on a network over
        :data:`EXACT_BETWEENNESS` nodes.

    Examples
    --------
    >>> import partygraph
    >>> r = metrics(partygraph.load("tests/fixtures/rules/model.yaml"), network="units")
    >>> [(m.node.name, m.communities, m.roles, m.sole_links) for m in r.top("communities", 1)]
    [('市财政局', 2, {'pairing': 2}, 2)]
    """
    if network not in NETWORKS:
        raise ValueError(f"network must be one of {', '.join(NETWORKS)}, not {network!r}")
    g = model.to_networkx()
    ix = Index(model)
    community = _communities(ix)
    if network == "persons":
        ties = _person_ties(g, community)
    elif network == "units":
        ties = _unit_ties(g, community)
    else:
        ties = _org_ties(model, community)
    return _measure(model, ix, g, ties, network, community, seed, top)


def _communities(ix: Index) -> dict[str, str | None]:
    """Each structure node's community id (``None`` above or outside one)."""
    anc = ix.div_anc[_COMMUNITY]
    out: dict[str, str | None] = {}
    for code, entity in enumerate(ix.entities):
        home = int(ix.struct_home[code])
        c = int(anc[home]) if home >= 0 else -1
        out[entity.id] = ix.node_ref(c).id if c >= 0 else None
    return out


#: (node, body, how, the communities the tie spans)
_Tie = tuple[str, str, str, tuple[str, ...]]


def _in(c: str | None) -> tuple[str, ...]:
    return () if c is None else (c,)


def _person_ties(g: nx.MultiDiGraph, community: dict[str, str | None]) -> list[_Tie]:
    ties = []
    for post, person, data in g.edges(data=True):
        if data.get("relation") != "held_by" or g.nodes[person].get("kind") != "person":
            continue
        body = _body(g, post, community)
        role = str(data.get("role") or "holder")
        if role == "person":  # a captain's, central household's or reserve cadre's own post
            role = str(g.nodes[post].get("kind"))
        c = community.get(post)
        # Persons sharing a community are linked: the body is the community where there is one.
        ties.append((person, c or body, role, _in(c)))
    return ties


def _body(g: nx.MultiDiGraph, post: str, community: dict[str, str | None]) -> str:
    """What a post belongs to: the node itself, a service item's centre, or a community."""
    kind = g.nodes[post].get("kind")
    if kind in _BODIES:
        return post
    if kind == "service_item":
        centres = [u for u, _, r in g.in_edges(post, data="relation") if r == "offers"]
        return centres[0] if centres else post
    return community.get(post) or post


def _unit_ties(g: nx.MultiDiGraph, community: dict[str, str | None]) -> list[_Tie]:
    ties: list[_Tie] = []
    for source, unit, relation in g.edges(data="relation"):
        if g.nodes[unit].get("kind") != "unit":
            continue
        how = {"paired_unit": "pairing", "on_behalf_of": "part_time_seat", "includes": "team"}
        if relation in how:
            c = community.get(source)  # a pairing's, a seat's body's or a team's community
            if c is not None:
                ties.append((unit, c, how[relation], (c,)))
    return ties


def _org_ties(model: Model, community: dict[str, str | None]) -> list[_Tie]:
    """Each tie of a party organisation: a body (a leading, an expanded body, a
    person with posts in several) and what it is to each member."""
    bodies: dict[str, list[tuple[str, str]]] = defaultdict(list)
    orgs = {o.id for o in model.party_orgs}
    of_unit: dict[str, list[str]] = defaultdict(list)
    held: dict[str, list[str]] = defaultdict(list)
    for o in model.party_orgs:
        if o.parent in orgs:
            bodies[f"leads:{o.id}"] += [(o.parent, "leads"), (o.id, "led_by")]
        for u in dict.fromkeys([*_in(o.unit), *o.joint_units]):
            of_unit[u].append(o.id)
        if o.secretary:
            held[o.secretary].append(o.id)
    for e in model.expanded_bodies:
        if e.core not in orgs:
            continue
        seats = {e.core: "core"}
        for seat in e.part_time_members:
            for org in of_unit.get(seat.on_behalf_of, ()):
                seats.setdefault(org, "expanded_member")
        bodies[e.id] = list(seats.items())
        for person in [*e.full_time_members, *(s.person for s in e.part_time_members)]:
            held[person].append(e.core)
    for person, posts in held.items():
        shared = list(dict.fromkeys(posts))
        if len(shared) >= 2:  # a post in one organisation ties it to nothing
            bodies[f"person:{person}"] = [(o, "shared_person") for o in shared]
    ties: list[_Tie] = []
    for body, members in bodies.items():
        spans = tuple(sorted({c for m, _ in members if (c := community.get(m)) is not None}))
        ties += [(m, body, how, spans) for m, how in members]
    return ties


def _measure(
    model: Model,
    ix: Index,
    g: nx.MultiDiGraph,
    ties: list[_Tie],
    network: Network,
    community: dict[str, str | None],
    seed: int,
    top: int,
) -> MetricsReport:
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    spans: dict[str, set[str]] = defaultdict(set)
    import networkx as nx

    b = nx.Graph()  # who -- where: persons or units, and the bodies they share
    for node, body, how, cs in ties:
        roles[node][how] += 1
        spans[node].update(cs)
        b.add_edge(("n", node), ("b", body))
    sampled = b.number_of_nodes() > EXACT_BETWEENNESS
    k = min(SAMPLE, b.number_of_nodes()) if sampled else None
    between = nx.betweenness_centrality(b, k=k, seed=seed if sampled else None)
    # The only link of a community to the city: for units, the municipal units
    # tied to it; for persons, anyone holding a post there.
    linking = {"units": _municipal(model), "persons": set(roles)}.get(network, set())
    tied: Counter[str] = Counter()
    for node in roles:
        if node in linking:
            for c in spans[node]:
                tied[c] += 1
    households = _households(ix)
    rows = []
    for node in sorted(roles):
        near = _reach(b, node, spans)
        rows.append(
            Metric(
                node=_ref(g, node),
                chain=_chain(ix, spans[node]) or _home_chain(ix, node, network),
                posts=sum(roles[node].values()),
                roles=dict(sorted(roles[node].items())),
                communities=len(spans[node]),
                degree=b.degree(("n", node)),
                betweenness=round(float(between.get(("n", node), 0.0)), 6),
                constraint=None,
                effective_size=None,
                reach_communities=len(near),
                reach_households=sum(households.get(c, 0) for c in near),
                sole_links=sum(1 for c in spans[node] if tied[c] == 1) if node in linking else 0,
            )
        )
    report = MetricsReport(
        model=model.name,
        network=network,
        nodes=len(roles),
        edges=b.number_of_edges(),
        sampled=sampled,
        rows=rows,
    )
    return _with_brokerage(report, b, top)


def _reach(b: nx.Graph, node: str, spans: dict[str, set[str]]) -> set[str]:
    """Communities where ``node`` or anyone it shares a body with holds a tie."""
    out = set(spans[node])
    for body in b.neighbors(("n", node)):
        for other in b.neighbors(body):
            out |= spans[other[1]]
    return out


def _with_brokerage(report: MetricsReport, b: nx.Graph, top: int) -> MetricsReport:
    """Burt's constraint and effective size of the rows a report shows (the
    ``top`` by posts and the ``top`` brokers), each on its ego network in the
    one-mode network: the others it shares a body with, and their ties."""
    shown = {m.node.id for m in [*report.top("posts", top), *report.brokers(top)]}
    rows = []
    for row in report.rows:
        if row.node.id in shown:
            c, e = _burt(b, row.node.id)
            row = row.model_copy(update={"constraint": c, "effective_size": e})  # noqa: PLW2901
        rows.append(row)
    return report.model_copy(update={"rows": rows})


def _burt(b: nx.Graph, node: str) -> tuple[float | None, float | None]:
    """Constraint and effective size of ``node`` in its one-mode ego network.

    Two share a tie when they share a body.  With ``A`` the ego network's
    adjacency and ``P = A / degree`` (row by row), Burt's constraint is
    ``sum_j (P[i,j] + (P @ P)[i,j])**2`` over the alters ``j``; the effective
    size is ``n - 2t/n`` for ``n`` alters with ``t`` ties among them
    (Borgatti 1997) — what :func:`networkx.constraint` and
    :func:`networkx.effective_size` compute on the one-mode ego network
    (:func:`networkx.ego_graph`; ``benchmarks/analysis.py`` checks that they
    agree), in matrices, since an ego of a few hundred alters takes networkx
    minutes.
    """
    me = ("n", node)
    alters = sorted({o for body in b.neighbors(me) for o in b.neighbors(body)} - {me})
    if not alters:
        return None, None
    members = [me, *alters]
    bodies = sorted({body for x in members for body in b.neighbors(x)})
    at = {body: i for i, body in enumerate(bodies)}
    incidence = np.zeros((len(members), len(bodies)))
    for i, x in enumerate(members):
        for body in b.neighbors(x):
            incidence[i, at[body]] = 1.0
    a = (incidence @ incidence.T > 0).astype(float)
    np.fill_diagonal(a, 0.0)
    p = a / a.sum(axis=1, keepdims=True)
    indirect = p[0] @ p
    constraint = float(((p[0, 1:] + indirect[1:]) ** 2).sum())
    n = len(alters)
    ties = float(a[1:, 1:].sum()) / 2
    return round(constraint, 6), round(n - 2 * ties / n, 6)


def _municipal(model: Model) -> set[str]:
    return {u.id for u in model.units if u.municipal}


def _ref(g: nx.MultiDiGraph, node: str) -> NodeRef:
    data = g.nodes[node]
    return NodeRef(id=node, kind=str(data.get("kind", "")), name=str(data.get("name") or node))


def _chain(ix: Index, spans: set[str]) -> list[NodeRef]:
    """Where a node works: its one community's chain, or the lowest unit over all of them."""
    if not spans:
        return []
    lines = [[*ix.chain(ix.code(c)), ix.node_ref(ix.code(c))] for c in sorted(spans)]
    common = []
    for refs in zip(*lines, strict=False):
        if all(r == refs[0] for r in refs):
            common.append(refs[0])
        else:
            break
    return common


def _home_chain(ix: Index, node: str, network: Network) -> list[NodeRef]:
    """Where an organisation spanning no community sits (a county's committee)."""
    if network != "orgs":
        return []
    home = int(ix.struct_home[ix.code(node)])
    return [*ix.chain(home), ix.node_ref(home)] if home >= 0 else []


def _households(ix: Index) -> dict[str, int]:
    homes = ix.kind_homes("household")
    homes = homes[homes >= 0]
    if not homes.size:
        return {}
    per = np.bincount(homes, minlength=ix.n_divisions)
    return {ix.node_ref(d).id: int(n) for d, n in enumerate(per.tolist()) if n}


def _finite(v: float | None) -> float | None:
    return None if v is None or not np.isfinite(v) else round(float(v), 6)
