"""The workbook's sheets of the report's optional sections: 需求对接 (a row per
paired community) and 关键人物 (a row per person or unit listed, by network
and list).  Written only when the report holds the section.

Numbers are numbers (needs met, posts, reach as integers; betweenness,
constraint and effective size as decimals; a measure not computed is an
empty cell), names are text (:mod:`partygraph.report._sheet`).
"""

from __future__ import annotations

from partygraph.analysis.render import roles_text
from partygraph.i18n import tr
from partygraph.model.report import KeyNode, NetworkMetrics, Report
from partygraph.report._common import kind_label
from partygraph.report._sheet import Book, Kind, Table
from partygraph.report.analysis_lines import ranked
from partygraph.vocabulary import LEVELS

__all__ = ["analysis_sheets", "analysis_sizes"]

_PLACES = tuple(f"workbook.col.{lvl}" for lvl in LEVELS if lvl != "community")


def analysis_sizes(report: Report) -> dict[str, int]:
    """The rows of each of these sheets the report will have (for the 概览's list)."""
    sizes: dict[str, int] = {}
    if report.matching is not None:
        sizes[tr("report.sheet.matching")] = len(report.matching.communities)
    if report.metrics is not None:
        sizes[tr("report.sheet.metrics")] = sum(len(_lists(n)) for n in report.metrics)
    return sizes


def analysis_sheets(book: Book, report: Report) -> None:
    """Write the 需求对接 and 关键人物 sheets the report's sections call for."""
    if report.matching is not None:
        _matching(book, report)
    if report.metrics is not None:
        _metrics(book, report.metrics)


def _matching(book: Book, report: Report) -> None:
    assert report.matching is not None
    head = [tr("workbook.col.community"), tr("workbook.col.id"), *map(tr, _PLACES)]
    cols = ("paired_units", "needs", "met", "elsewhere", "unmet", "elsewhere_needs", "unmet_needs")
    text: list[Kind] = ["text"] * len(head)
    kinds: list[Kind] = [
        *text,
        "text",
        "int",
        "int",
        "int",
        "int",
        "text",
        "text",
    ]
    table = Table(
        book, tr("report.sheet.matching"), [*head, *(tr(f"report.col.{c}") for c in cols)], kinds
    )
    sep = tr("report.list_separator")
    for c in ranked(report.matching):
        levels = {n.kind: n.name for n in c.chain}
        table.add(
            [
                c.community.name,
                c.community.id,
                *(levels.get(lvl) for lvl in LEVELS if lvl != "community"),
                sep.join(u.name for u in c.units),
                c.needs,
                c.met,
                c.elsewhere,
                c.unmet,
                "、".join(c.elsewhere_needs),
                "、".join(c.unmet_needs),
            ]
        )
    table.close()


def _lists(net: NetworkMetrics) -> list[tuple[str, KeyNode]]:
    """(list, row) of a network: most posts, brokers, sole links."""
    return [
        *(("most_posts", m) for m in net.most_posts),
        *(("brokers", m) for m in net.brokers),
        *(("sole_links", m) for m in net.sole_links),
    ]


def _metrics(book: Book, networks: list[NetworkMetrics]) -> None:
    head = ("network", "list")
    ids = ("name", "id", "kind")
    cols = (
        "posts",
        "roles",
        "communities",
        "betweenness",
        "constraint",
        "effective_size",
        "reach_communities",
        "reach_households",
        "sole_links",
    )
    titles = [
        *(tr(f"report.col.{c}") for c in head),
        *(tr(f"workbook.col.{c}") for c in ids),
        *map(tr, (f"workbook.col.{lvl}" for lvl in LEVELS)),
        *(tr(f"report.col.{c}") for c in cols),
    ]
    kinds: list[Kind] = ["text"] * (len(head) + len(ids) + len(LEVELS))
    kinds += ["int", "text", "int", "float", "float", "float", "int", "int", "int"]
    table = Table(book, tr("report.sheet.metrics"), titles, kinds)
    for net in networks:
        network = tr(f"report.network.{net.network}")
        for which, m in _lists(net):
            levels = {n.kind: n.name for n in m.chain}
            table.add(
                [
                    network,
                    tr(f"report.list.{which}"),
                    m.node.name,
                    m.node.id,
                    kind_label(m.node.kind),
                    *(levels.get(lvl) for lvl in LEVELS),
                    m.posts,
                    roles_text(m.roles),
                    m.communities,
                    m.betweenness,
                    m.constraint,
                    m.effective_size,
                    m.reach_communities,
                    m.reach_households,
                    m.sole_links,
                ]
            )
    table.close()
