"""One community's co-building: its "1+3" and "1+N" teams and its expanded
committee 大党委 with the part-time members and the units they stand for.

Layout: two left-to-right tidy trees, one above the other.  Above, the
community party organisation (the "1") leads each team; a team's members sit
in a table-like strip with one column for each of the three ("3": residents'
committee, owners' committee, property company; a dashed box where one is
missing from a "1+3" team) and further columns for the "N" units.  Below, the
expanded committee with its full-time members 专职委员 and each part-time
member 兼职委员 next to the resident unit they represent.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partygraph.draw._figure import finish
from partygraph.draw._lookup import person_names, require_division, short_name
from partygraph.draw._measure import SMALL, report_context
from partygraph.draw._overlay import Overlay
from partygraph.draw._scene import Node, Scene
from partygraph.draw._tree import TreeItem, layout_lr
from partygraph.errors import PartygraphError
from partygraph.model import ExpandedBody, Model, PartyOrg, Team, Unit
from partygraph.model.report import Report
from partygraph.vocabulary import TEAM_THREE, UNIT_TYPE_LABELS

__all__ = ["UNIT_TYPES", "draw_cobuilding"]

#: Chinese label of each unit type in a box: the vocabulary's terms, two of
#: them in the short form a small box has room for.
UNIT_TYPES: dict[str, str] = {
    **dict[str, str](UNIT_TYPE_LABELS.items()),
    "owners_committee": "业委会",
    "property_company": "物业公司",
}
#: The "3" of a "1+3" team, one strip column each.
_THREE = TEAM_THREE
_THREE_HEADERS = tuple(UNIT_TYPE_LABELS[t] for t in TEAM_THREE)
#: "N" units per strip line before wrapping.
_N_PER_LINE = 4
_FORM_NAMES = {
    "committee": "党委",
    "general_branch": "党总支",
    "branch": "党支部",
    "working_committee": "党工委",
}


def _default_community(model: Model) -> str:
    with_teams = {t.community for t in model.teams}
    with_body = {e.division for e in model.expanded_bodies}
    ranked = [
        (d.id not in with_teams, d.id not in with_body, i)
        for i, d in enumerate(model.divisions)
        if d.level == "community"
    ]
    if not ranked:
        raise PartygraphError("the model has no community to draw the co-building of")
    return model.divisions[min(ranked)[2]].id


def draw_cobuilding(
    model: Model,
    *,
    community: str | None = None,
    report: Report | None = None,
    rules: Sequence[str] | None = None,
    coverage_rule: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
    filepath: str | os.PathLike[str] | None = None,
) -> tuple[Figure, Axes]:
    """Draw one community's "1+3"/"1+N" teams and its expanded committee 大党委.

    Parameters
    ----------
    model
        The model.
    community
        Id of the community (default: the first community with teams and an
        expanded committee).
    report
        A check report to overlay: nodes with error findings in red, with
        warnings in amber, the community's coverage, and a legend.
    rules, coverage_rule
        Which findings mark boxes with a dot (rule ids or prefixes, ``["*"]``
        for all) and the rule whose coverage is written and whose findings
        fill boxes (``""``: no figure, ``rules`` fill); default: this layer's
        rules in :data:`partygraph.draw.LAYER_RULES`.
    ax, figsize, title, filepath
        As for :func:`partygraph.draw.draw_linkage`.

    Returns
    -------
    (fig, ax)
        The figure and the axes drawn in.

    Raises
    ------
    partygraph.errors.PartygraphError
        If ``community`` is not a community of the model.

    Examples
    --------
    >>> from partygraph.model import Division, Model, PartyOrg, Team, Unit
    >>> m = Model(divisions=[Division(id="m1", name="东风社区", level="community")],
    ...     party_orgs=[PartyOrg(id="o1", name="东风社区党委", form="committee", division="m1")],
    ...     units=[Unit(id="u1", name="东风社区居委会", type="residents_committee")],
    ...     teams=[Team(id="t1", name="东风“1+3”", type="1+3", community="m1", core="o1",
    ...         members=["u1"])])
    >>> fig, ax = draw_cobuilding(m)
    >>> sorted(t.get_text() for t in ax.texts if t.get_text().startswith("缺"))
    ['缺 业主委员会', '缺 物业服务公司']
    """
    with report_context():
        fold: dict[str, list[str]] = {}
        for t in model.teams:
            if t.compound is not None:
                fold.setdefault(t.compound, []).append(t.id)
        overlay = Overlay(report, "cobuilding", rules=rules, coverage_rule=coverage_rule, fold=fold)
        cid = community if community is not None else _default_community(model)
        comm = require_division(model, cid, ["community"], "community")
        scene = Scene()
        units = {u.id: u for u in model.units}
        orgs = {o.id: o for o in model.party_orgs}
        teams = [t for t in model.teams if t.community == cid]
        own_org = next(
            (o for o in model.party_orgs if o.division == cid),
            orgs.get(teams[0].core) if teams else None,
        )
        bottom = 0.0
        if teams:
            root = _teams_tree(comm.name, cid, own_org, teams, units, orgs, overlay)
            root.children += _compounds_without_team(model, cid, teams, overlay)
            n_cols = max(
                (s for item in root.walk() for s, _, _ in item.strip), default=len(_THREE) - 1
            )
            bottom = layout_lr(
                [root],
                scene,
                headers=["社区党组织（1）", "共建队伍"],
                strip_headers=[
                    *enumerate(_THREE_HEADERS),
                    *([(len(_THREE), "N：驻区单位、派出所、学校、医院等")] if n_cols >= 3 else []),
                ],
            )
        bodies = [
            e for e in model.expanded_bodies if e.division == cid and e.form == "expanded_committee"
        ]
        if bodies:
            layout_lr(
                [_body_tree(comm.name, b, units, model, overlay) for b in bodies],
                scene,
                headers=["大党委", "", "委员"],
                strip_headers=[(0, "兼职委员所代表的驻区单位")],
                top=bottom - 24.0 if teams else 0.0,
            )
        if not teams and not bodies:
            scene.nodes.append(
                Node.box(f"{comm.name}：无共建队伍、无大党委", "missing", cid, dashed=True)
            )
        overlay.legend(scene)
        scene.legend.append(("missing", "虚线框：“1+3”缺少的成员，或有物业的小区无“1+3”队伍"))
        scene.add_title(
            title if title is not None else f"{comm.name} · 共建队伍（“1+3”/“1+N”）与大党委"
        )
        return finish(scene, ax, figsize=figsize, filepath=filepath)


def _unit_box(unit: Unit, context: str, prefix: str, overlay: Overlay, *, typed: bool) -> Node:
    name = short_name(unit.name, prefix=prefix)
    if typed:
        name = f"{name}\n{UNIT_TYPES.get(unit.type, unit.type)}"
    return Node.box(
        name, "unit", f"{unit.id}@{context}", size=SMALL, severity=overlay.severity(unit.id)
    )


def _teams_tree(
    community_name: str,
    cid: str,
    own_org: PartyOrg | None,
    teams: list[Team],
    units: dict[str, Unit],
    orgs: dict[str, PartyOrg],
    overlay: Overlay,
) -> TreeItem:
    if own_org is not None:
        form = _FORM_NAMES.get(own_org.form, own_org.form)
        text = own_org.name if own_org.name.endswith(form) else f"{own_org.name}（{form}）"
        root_node = Node.box(text, "party_org", own_org.id, severity=overlay.severity(own_org.id))
    else:
        root_node = Node.box(f"{community_name} · 无党组织", "missing", cid, dashed=True)
    cov = overlay.coverage(cid)
    if cov:
        root_node = Node.box(
            f"{root_node.text}\n{cov}",
            root_node.kind,
            root_node.id,
            severity=root_node.severity,
            dashed=root_node.dashed,
        )
    root = TreeItem(root_node, 0)
    for t in teams:
        label = short_name(t.name, suffixes=["联建队伍", "工作队伍", "队伍"])
        if own_org is None or t.core != own_org.id:
            core = orgs.get(t.core)
            label += f"\n核心：{core.name if core else t.core}"
        item = TreeItem(Node.box(label, "team", t.id, severity=overlay.severity(t.id)), 1)
        members = [units[m] for m in t.members if m in units]
        placed: set[str] = set()
        for slot, kind in enumerate(_THREE):
            found = next((u for u in members if u.type == kind and u.id not in placed), None)
            if found is not None:
                placed.add(found.id)
                item.strip.append(
                    (slot, 0, _unit_box(found, t.id, community_name, overlay, typed=False))
                )
            elif t.type == "1+3":
                missing = Node.box(
                    f"缺 {_THREE_HEADERS[slot]}", "missing", None, size=SMALL, dashed=True
                )
                item.strip.append((slot, 0, missing))
        rest = [u for u in members if u.id not in placed]
        for k, u in enumerate(rest):
            box = _unit_box(u, t.id, community_name, overlay, typed=True)
            item.strip.append((len(_THREE) + k % _N_PER_LINE, k // _N_PER_LINE, box))
        root.children.append(item)
    return root


def _compounds_without_team(
    model: Model, cid: str, teams: list[Team], overlay: Overlay
) -> list[TreeItem]:
    """Dashed rows for the community's managed compounds that have no team."""
    served = {t.compound for t in teams}
    return [
        TreeItem(
            Node.box(
                f"{c.name} · 无“1+3”队伍",
                "missing",
                c.id,
                severity=overlay.severity(c.id),
                dashed=True,
            ),
            1,
        )
        for c in model.compounds
        if c.community == cid and c.id not in served and c.property_company is not None
    ]


def _body_tree(
    community_name: str, body: ExpandedBody, units: dict[str, Unit], model: Model, overlay: Overlay
) -> TreeItem:
    text = body.name
    if body.meetings:
        last = max(m.date for m in body.meetings)
        text += f"\n例会 {len(body.meetings)} 次 · 最近 {last.isoformat()}"
    root = TreeItem(Node.box(text, "expanded", body.id, severity=overlay.severity(body.id)), 0)
    names = person_names(
        model, [*body.full_time_members, *(p.person for p in body.part_time_members)]
    )
    full = TreeItem(Node.box(f"专职委员 {len(body.full_time_members)} 人", "count", None), 1)
    for pid in body.full_time_members:
        box = Node.box(
            names[pid], "person", f"{pid}@{body.id}", size=SMALL, severity=overlay.severity(pid)
        )
        full.children.append(TreeItem(box, 2))
    part = TreeItem(Node.box(f"兼职委员 {len(body.part_time_members)} 人", "count", None), 1)
    for m in body.part_time_members:
        person = Node.box(
            names[m.person],
            "person",
            f"{m.person}@{body.id}",
            size=SMALL,
            severity=overlay.severity(m.person),
        )
        member = TreeItem(person, 2)
        unit = units.get(m.on_behalf_of)
        if unit is not None:
            box = _unit_box(unit, f"{body.id}:{m.person}", community_name, overlay, typed=False)
            box = Node.box(
                f"{box.text}（{UNIT_TYPES.get(unit.type, unit.type)}）",
                "unit",
                box.id,
                size=SMALL,
                severity=box.severity,
            )
            member.strip.append((0, 0, box))
        part.children.append(member)
    root.children = [full, part]
    return root
