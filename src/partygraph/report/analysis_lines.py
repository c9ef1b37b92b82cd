"""The report's optional sections (``matching``, ``metrics``) as text, Markdown
and tables: what the text and Markdown reports, the workbook and the analysis
report show of them.

The sentences are :mod:`partygraph.analysis.render`'s (the totals, the
method, the best pairing, a person's posts, a broker), so that
``partygraph match`` and ``partygraph check --with matching`` say the same
thing the same way.  Lists are bounded: the communities with most needs no
unit offers first, the ``top`` persons and units the section holds.

Examples
--------
>>> import partygraph
>>> from partygraph.report import attach
>>> model = partygraph.load("tests/fixtures/match/model.yaml")
>>> report = attach(partygraph.check(model), model, matching=True)
>>> print("\\n".join(matching_lines(report.matching, 20)[1:3]))
需求对接
  挂点社区 3 个，列出需求 6 项：本社区挂点单位可满足 1 项（16.7%），...没有单位提供 2 项（33.3%）
"""

from __future__ import annotations

from partygraph.analysis.render import (
    assign_totals,
    broker_line,
    match_totals,
    measure_text,
    metric_line,
    metrics_totals,
    roles_text,
)
from partygraph.i18n import tr
from partygraph.model.report import CommunityMatch, KeyNode, Matching, NetworkMetrics

__all__ = [
    "KEY_NUMERIC",
    "MATCHING_NUMERIC",
    "key_rows",
    "matching_lines",
    "matching_paragraphs",
    "matching_rows",
    "metrics_lines",
    "network_paragraphs",
    "pairing",
    "ranked",
]

#: Which columns of the tables below are numbers (right-aligned).
MATCHING_NUMERIC = (False, False, False, True, True, True, True, False)
KEY_NUMERIC = (False, False, True, False, True, True, True, True, True, True)


def ranked(m: Matching) -> list[CommunityMatch]:
    """The communities with most needs no unit offers first, then most offered
    elsewhere, then in model order."""
    order = {id(c): i for i, c in enumerate(m.communities)}
    return sorted(m.communities, key=lambda c: (-c.unmet, -c.elsewhere, order[id(c)]))


def matching_paragraphs(m: Matching) -> list[str]:
    """The totals and the method."""
    return [
        match_totals(len(m.communities), m.needs, m.met, m.elsewhere, m.unmet),
        tr("analysis.match_method"),
    ]


def pairing(m: Matching) -> tuple[str, str] | None:
    """The best pairing's head and totals, when it was computed."""
    if m.capacity is None or m.before is None or m.after is None:
        return None
    head, totals = assign_totals(m.capacity, m.before, m.after, m.changed or 0, m.kept or 0)
    return head, totals.strip()


def _zh() -> bool:
    from partygraph.i18n import language

    return language() == "zh"


def _place(c: CommunityMatch | KeyNode) -> str:
    return " › ".join(n.name for n in c.chain)


def _names(refs: list[str]) -> str:
    return tr("report.list_separator").join(refs)


def matching_rows(m: Matching, limit: int) -> list[list[str]]:
    """A row per community (at most ``limit``, ranked): name, place, paired
    units, needs, met, elsewhere, by none, the needs nobody offers."""
    return [
        [
            c.community.name,
            _place(c) or "—",
            _names([u.name for u in c.units]) or "—",
            f"{c.needs:,}",
            f"{c.met:,}",
            f"{c.elsewhere:,}",
            f"{c.unmet:,}",
            "、".join(c.unmet_needs) or "—",
        ]
        for c in ranked(m)[:limit]
    ]


def matching_lines(m: Matching, limit: int) -> list[str]:
    """The section as terminal text (it begins with an empty line)."""
    lines = ["", tr("report.matching.head")]
    if not m.communities:
        return [*lines, "  " + tr("report.matching.none")]
    lines += ["  " + p for p in matching_paragraphs(m)]
    best = pairing(m)
    if best is not None:
        lines += ["", "  " + best[0], "    " + best[1]]
    worst = [c for c in ranked(m) if c.unmet or c.elsewhere][:limit]
    if worst:
        lines += ["", "  " + tr("report.matching.worst", count=len(worst))]
        for c in worst:
            which = tr("report.matching.which", needs="、".join(c.unmet_needs))
            lines.append(
                "    "
                + tr(
                    "report.matching.community_line",
                    name=c.community.name,
                    id=c.community.id,
                    place=_place(c),
                    units=_names([u.name for u in c.units]) or tr("analysis.none"),
                    needs=c.needs,
                    met=c.met,
                    elsewhere=c.elsewhere,
                    unmet=c.unmet,
                    which=which if c.unmet_needs else "",
                )
            )
        more = len([c for c in m.communities if c.unmet or c.elsewhere]) - len(worst)
        if more > 0:
            lines.append("    " + tr("analysis.more_communities", count=more))
    if m.unmet_needs:
        shown = m.unmet_needs[:limit]
        lines += ["", "  " + tr("report.matching.unmet_head", count=len(shown))]
        lines += [
            "    " + tr("analysis.unmet_line", need=n.need, count=n.communities) for n in shown
        ]
    return lines


def network_paragraphs(net: NetworkMetrics) -> list[str]:
    """What the network joins, its size, and (sampled) how betweenness was estimated."""
    out = [
        tr(f"analysis.network.{net.network}"),
        metrics_totals(net.network, net.nodes, net.posts, net.max_posts),
    ]
    if net.sampled:
        from partygraph.analysis.metrics import SAMPLE

        out.append(tr("analysis.sampled", k=SAMPLE))
    return out


def key_rows(rows: list[KeyNode], *, short: bool = False) -> list[list[str]]:
    """A row per person (unit): name, place, posts, roles, communities and the
    measures.  ``short`` (a printed page's narrow columns): the name without its
    id, the place without the city."""
    zh = _zh()

    def name(m: KeyNode) -> str:
        if short:
            return m.node.name
        return f"{m.node.name}（{m.node.id}）" if zh else f"{m.node.name} ({m.node.id})"

    def where(m: KeyNode) -> str:
        chain = (m.chain[1:] or m.chain) if short else m.chain
        return " › ".join(n.name for n in chain) or "—"

    return [
        [
            name(m),
            where(m),
            f"{m.posts:,}",
            roles_text(m.roles),
            f"{m.communities:,}",
            measure_text(m.betweenness),
            measure_text(m.constraint),
            measure_text(m.effective_size),
            f"{m.reach_communities:,}",
            f"{m.reach_households:,}",
        ]
        for m in rows
    ]


def metrics_lines(networks: list[NetworkMetrics]) -> list[str]:
    """The section as terminal text, network by network (it begins with an empty line)."""
    lines = ["", tr("report.metrics.head")]
    for net in networks:
        lines += ["", *("  " + p for p in network_paragraphs(net))]
        lines += ["  " + tr(f"analysis.top_posts.{net.network}", n=len(net.most_posts))]
        lines += _listed([metric_line(m) for m in net.most_posts])
        lines += ["  " + tr(f"analysis.brokers_head.{net.network}", n=len(net.brokers))]
        lines += _listed([broker_line(m) for m in net.brokers])
        if net.network == "units":
            lines += ["  " + tr("analysis.sole_head", count=net.sole_total)]
            lines += _listed(
                [
                    tr("analysis.sole_line", name=m.node.name, id=m.node.id, count=m.sole_links)
                    for m in net.sole_links
                ]
            )
    return lines


def _listed(items: list[str]) -> list[str]:
    """Items under a head, indented; an empty list says so rather than nothing."""
    return ["    " + i for i in items] or ["    " + tr("analysis.none")]
