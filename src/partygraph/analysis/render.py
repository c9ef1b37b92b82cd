"""A matching of needs with resources as text, JSON or CSV.

(Over 400 lines: the matching's and the networks' renderings, with the sentences the
check report's optional sections share with them, read best together.)

Text leads with the totals (needs met here, elsewhere, nowhere) and the
method, then the needs another unit offers, community by community, then
the needs nobody offers, by need; with a recommendation or an assignment,
those follow.  CSV is one row per (community, need), with the formula guard
on every text cell; JSON is the whole :class:`MatchReport` (and the
:class:`Assignment`).

Examples
--------
>>> import partygraph
>>> from partygraph.analysis.match import match
>>> r = match(partygraph.load("tests/fixtures/match/model.yaml"))
>>> print(render_match(r).splitlines()[1])
挂点社区 3 个，列出需求 6 项：本社区挂点单位可满足 1 项（16.7%），...没有单位提供 2 项（33.3%）
>>> render_match(r, fmt="csv").splitlines()[1]
'c1,东风社区,示例市,城区,东街道,甲局,法律咨询,met,'
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import TYPE_CHECKING

from partygraph.errors import PartygraphError
from partygraph.i18n import tr
from partygraph.model.report import KeyNode
from partygraph.safe_text import neutralise_formula, printable

if TYPE_CHECKING:  # only named in annotations: the reports' modules import networkx
    from partygraph.analysis.assign import Assignment
    from partygraph.analysis.match import CommunityNeeds, MatchReport
    from partygraph.analysis.metrics import Metric, MetricsReport

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "METRIC_COLUMNS",
    "assign_totals",
    "broker_line",
    "match_totals",
    "measure_text",
    "metric_line",
    "metrics_totals",
    "render_match",
    "render_metrics",
    "roles_text",
]

FORMATS = ("text", "json", "csv")
#: Columns of the CSV table, one row per (community, need).
CSV_COLUMNS = (
    "community_id",
    "community",
    "city",
    "county",
    "subdistrict",
    "paired_units",
    "need",
    "status",
    "offered_by",
)


def render_match(
    report: MatchReport,
    assignment: Assignment | None = None,
    fmt: str = "text",
    *,
    limit: int = 10,
) -> str:
    """The matching (and an assignment) as ``text``, ``json`` or ``csv``."""
    if fmt == "json":
        data = {"match": report.model_dump(mode="json")}
        data["match"].update(
            needs=report.needs, met=report.met, elsewhere=report.elsewhere, unmet=report.unmet
        )
        if assignment is not None:
            data["assignment"] = assignment.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "text":
        return "\n".join(printable(line) for line in _text(report, assignment, limit)) + "\n"
    raise PartygraphError(tr("analysis.unknown_format", format=fmt, formats=", ".join(FORMATS)))


def _pct(part: int, whole: int) -> str:
    return "—" if not whole else f"{part / whole:.1%}"


def match_totals(communities: int, needs: int, met: int, elsewhere: int, unmet: int) -> str:
    """The matching's totals as one sentence (also the check report's, which
    keeps only the counts).

    >>> print(match_totals(3, 6, 1, 3, 2))
    挂点社区 3 个，列出需求 6 项：本社区挂点单位可满足 1 项（16.7%），...没有单位提供 2 项（33.3%）
    """
    return tr(
        "analysis.match_totals",
        communities=communities,
        needs=needs,
        met=met,
        met_pct=_pct(met, needs),
        elsewhere=elsewhere,
        elsewhere_pct=_pct(elsewhere, needs),
        unmet=unmet,
        unmet_pct=_pct(unmet, needs),
    )


def assign_totals(capacity: int, before: int, after: int, changed: int, kept: int) -> list[str]:
    """The best pairing's head and totals, as two lines (the second indented)."""
    return [
        tr("analysis.assign_head", capacity=capacity),
        "  "
        + tr(
            "analysis.assign_totals",
            before=before,
            after=after,
            gain=after - before,
            changed=changed,
            kept=kept,
        ),
    ]


def _text(report: MatchReport, assignment: Assignment | None, limit: int) -> list[str]:
    snapshot = tr("analysis.as_of", snapshot=report.snapshot) if report.snapshot else ""
    lines = [
        tr("analysis.match_title", model=report.model, snapshot=snapshot),
        match_totals(
            len(report.communities), report.needs, report.met, report.elsewhere, report.unmet
        ),
        tr("analysis.match_method"),
    ]
    if assignment is not None:
        lines += ["", *_assignment(assignment, limit)]
    lines += ["", tr("analysis.elsewhere_head", count=report.elsewhere)]
    for c in report.communities:
        offered = [m for m in c.needs if not m.met and m.offers]
        if not offered:
            continue
        lines.append("  " + _community(c))
        for m in offered:
            offers = [
                tr("analysis.offer", unit=o.unit.name, near=tr(f"analysis.near.{o.near}"))
                for o in m.offers[:3]
            ]
            more = len(m.offers) - 3
            said = tr("cli.name_list_separator").join(offers)
            if more > 0:
                said += " " + tr("analysis.more_units", count=more)
            lines.append("    " + tr("analysis.need_offers", need=m.need, offers=said))
    unmet = Counter(
        m.need for c in report.communities for m in c.needs if not m.met and not m.offers
    )
    lines += ["", tr("analysis.unmet_head", count=report.unmet)]
    lines += [
        "  " + tr("analysis.unmet_line", need=need, count=count)
        for need, count in unmet.most_common()
    ]
    if report.recommendations:
        lines += ["", tr("analysis.recommend_head", top=report.recommend_top)]
        last = None
        for r in report.recommendations:
            if r.community.id != last:
                lines.append("  " + f"{r.community.name}（{r.community.id}）")
                last = r.community.id
            paired = tr("analysis.paired_now") if r.paired else ""
            lines.append(
                "    "
                + tr(
                    "analysis.recommend_line",
                    unit=r.unit.name,
                    near=tr(f"analysis.near.{r.near}"),
                    paired=paired,
                    count=len(r.needs),
                    needs="、".join(r.needs),
                )
            )
    return lines


def _community(c: CommunityNeeds) -> str:
    units = tr("cli.name_list_separator").join(u.name for u in c.units) or tr("analysis.none")
    place = " › ".join(n.name for n in c.chain)
    return tr(
        "analysis.community_line",
        name=c.community.name,
        id=c.community.id,
        place=place,
        units=units,
    )


def _assignment(a: Assignment, limit: int) -> list[str]:
    changed = [p for p in a.pairs if not p.current]
    lines = assign_totals(a.capacity, a.before, a.after, len(changed), len(a.pairs) - len(changed))
    for p in changed[: limit * 3]:
        lines.append(
            "    "
            + tr(
                "analysis.assign_line",
                community=p.community.name,
                id=p.community.id,
                current=tr("cli.name_list_separator").join(u.name for u in p.was) or "—",
                unit=p.unit.name,
                count=len(p.needs),
                needs="、".join(p.needs) or tr("analysis.none"),
            )
        )
    if len(changed) > limit * 3:
        lines.append("    " + tr("analysis.more_communities", count=len(changed) - limit * 3))
    # A community the assignment leaves without a unit is said, never dropped.
    for c in a.unmatched:
        lines.append(
            "    "
            + tr("analysis.unmatched_line", community=c.name, id=c.id, current=a.was.get(c.id, "—"))
        )
    return lines


def _csv(report: MatchReport) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for c in report.communities:
        levels = {n.kind: n.name for n in c.chain}
        for m in c.needs:
            status = "met" if m.met else "elsewhere" if m.offers else "unmet"
            cells = [
                c.community.id,
                c.community.name,
                levels.get("city", ""),
                levels.get("county", ""),
                levels.get("subdistrict", ""),
                "、".join(u.name for u in c.units),
                m.need,
                status,
                "、".join(o.unit.name for o in m.offers),
            ]
            w.writerow([neutralise_formula(x) for x in cells])
    return buf.getvalue()


#: Columns of the CSV table of a network's measures, one row per person or unit.
METRIC_COLUMNS = (
    "id",
    "name",
    "kind",
    "place",
    "posts",
    "roles",
    "communities",
    "degree",
    "betweenness",
    "constraint",
    "effective_size",
    "reach_communities",
    "reach_households",
    "sole_links",
)


def role_label(role: str) -> str:
    """A post's role, or a unit's tie, in the current language.

    >>> role_label("secretary"), role_label("captain"), role_label("pairing")
    ('书记', '街长/巷长/楼长', '双报到挂点')
    """
    from partygraph.i18n import language, message_keys
    from partygraph.vocabulary import KIND_LABELS, ROLE_LABELS

    key = f"analysis.role.{role}"
    if key in message_keys():
        return tr(key)
    if language() != "zh":
        return role.replace("_", " ")
    return ROLE_LABELS.get(role) or KIND_LABELS.get(role, role)


def render_metrics(report: MetricsReport, fmt: str = "text", *, top: int = 10) -> str:
    """A network's measures as ``text`` (the lists an analyst asks for), ``json``
    or ``csv`` (every row).

    >>> import partygraph
    >>> from partygraph.analysis.metrics import metrics
    >>> r = metrics(partygraph.load("tests/fixtures/rules/model.yaml"))
    >>> print(render_metrics(r, top=1).splitlines()[4])
      何静（p-resp）  示例市 › 城区 › 东街道 › 东风社区  9 个：责任人 9；联系 1 个社区
    """
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        return _metrics_csv(report)
    if fmt != "text":
        raise PartygraphError(tr("analysis.unknown_format", format=fmt, formats=", ".join(FORMATS)))
    net = report.network
    posts = [m.posts for m in report.rows]
    lines = [
        tr("analysis.metrics_title", model=report.model, network=tr(f"analysis.network.{net}")),
        metrics_totals(net, len(report.rows), sum(posts), max(posts, default=0)),
    ]
    if report.sampled:
        from partygraph.analysis.metrics import SAMPLE

        lines.append(tr("analysis.sampled", k=SAMPLE))
    lines += ["", tr(f"analysis.top_posts.{net}", n=top)]
    lines += ["  " + metric_line(m) for m in report.top("posts", top)]
    lines += ["", tr(f"analysis.brokers_head.{net}", n=top)]
    lines += ["  " + broker_line(m) for m in report.brokers(top)]
    sole = [m for m in report.top("sole_links", top) if m.sole_links]
    if net == "units":
        total = sum(m.sole_links for m in report.rows)
        lines += ["", tr("analysis.sole_head", count=total)]
        lines += [
            "  " + tr("analysis.sole_line", name=m.node.name, id=m.node.id, count=m.sole_links)
            for m in sole
        ]
    return "\n".join(printable(line) for line in lines) + "\n"


def metrics_totals(network: str, nodes: int, posts: int, most: int) -> str:
    """A network's size as one sentence: persons (units), posts (ties), mean, most.

    >>> metrics_totals("persons", 4, 10, 5)
    '任职人员 4 人，岗位 10 个；人均 2.5 个，最多 5 个'
    """
    return tr(
        f"analysis.metrics_totals.{network}",
        nodes=nodes,
        posts=posts,
        mean=f"{posts / nodes:.1f}" if nodes else "0",
        max=most,
    )


def _place(m: Metric | KeyNode) -> str:
    return " › ".join(n.name for n in m.chain)


def roles_text(roles: dict[str, int]) -> str:
    """A person's posts by role, most first (``责任人 9、网格长 1``)."""
    return "、".join(
        f"{role_label(r)} {n}" for r, n in sorted(roles.items(), key=lambda kv: -kv[1])
    )


def metric_line(m: Metric | KeyNode) -> str:
    """A person (unit) by posts: name, id, place, posts by role, communities."""
    return tr(
        "analysis.metric_line",
        name=m.node.name,
        id=m.node.id,
        place=_place(m),
        posts=m.posts,
        roles=roles_text(m.roles),
        communities=m.communities,
    )


def measure_text(v: float | None) -> str:
    """A measure as a reader takes it: four decimals below 1 (trailing zeros
    dropped; ``<0.0001`` for a tiny one, never ``6e-06``), three significant
    digits up to 1,000, whole numbers above; ``—`` when not computed.

    >>> [measure_text(v) for v in (None, 0.0, 6e-06, 0.0224, 0.129, 3.857, 336.2, 4321.0)]
    ['—', '0', '<0.0001', '0.0224', '0.129', '3.86', '336', '4,321']
    """
    if v is None:
        return "—"
    if abs(v) < 1:
        said = f"{v:.4f}".rstrip("0").rstrip(".")
        return "<0.0001" if said in ("0", "-0") and v else said
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def broker_line(m: Metric | KeyNode) -> str:
    """A broker: name, id, place, betweenness, constraint, effective size, reach."""
    return tr(
        "analysis.broker_line",
        name=m.node.name,
        id=m.node.id,
        place=_place(m),
        betweenness=measure_text(m.betweenness),
        constraint=measure_text(m.constraint),
        effective=measure_text(m.effective_size),
        reach=m.reach_communities,
        households=f"{m.reach_households:,}",
    )


def _metrics_csv(report: MetricsReport) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(METRIC_COLUMNS)
    for m in report.rows:
        text = [m.node.id, m.node.name, m.node.kind, _place(m)]
        roles = ";".join(f"{r}={n}" for r, n in m.roles.items())
        numbers = [m.posts, roles, m.communities, m.degree, m.betweenness]
        more = [
            m.constraint,
            m.effective_size,
            m.reach_communities,
            m.reach_households,
            m.sole_links,
        ]
        w.writerow(
            [*map(neutralise_formula, text), *numbers[:1], neutralise_formula(roles), *numbers[2:],
             *("" if v is None else v for v in more)]
        )  # fmt: skip
    return buf.getvalue()
