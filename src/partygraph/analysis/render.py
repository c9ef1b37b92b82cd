"""A matching of needs with resources as text, JSON or CSV.

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

from partygraph.analysis.assign import Assignment
from partygraph.analysis.match import MatchReport
from partygraph.errors import PartygraphError
from partygraph.i18n import tr
from partygraph.safe_text import neutralise_formula, printable

__all__ = ["CSV_COLUMNS", "FORMATS", "render_match"]

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


def _text(report: MatchReport, assignment: Assignment | None, limit: int) -> list[str]:
    snapshot = tr("analysis.as_of", snapshot=report.snapshot) if report.snapshot else ""
    n = report.needs
    lines = [
        tr("analysis.match_title", model=report.model, snapshot=snapshot),
        tr(
            "analysis.match_totals",
            communities=len(report.communities),
            needs=n,
            met=report.met,
            met_pct=_pct(report.met, n),
            elsewhere=report.elsewhere,
            elsewhere_pct=_pct(report.elsewhere, n),
            unmet=report.unmet,
            unmet_pct=_pct(report.unmet, n),
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


def _community(c: object) -> str:
    from partygraph.analysis.match import CommunityNeeds

    assert isinstance(c, CommunityNeeds)
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
    lines = [
        tr("analysis.assign_head", capacity=a.capacity),
        "  "
        + tr(
            "analysis.assign_totals",
            before=a.before,
            after=a.after,
            gain=a.after - a.before,
            changed=len(changed),
            kept=len(a.pairs) - len(changed),
        ),
    ]
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
