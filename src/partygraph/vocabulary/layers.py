"""The six layers of the model, and how their nodes are coloured.

A layer is one concern of party-building-led governance (DOMAIN.md sections
1-8) seen on its own: the node kinds and relations of its graph view
(:func:`partygraph.graph.layer`), the keyword its diagram takes a focus id
as and the kinds that focus may be, the rules whose findings mark its
diagram's boxes with a dot and the rule whose coverage ratio is written on
its divisions and whose findings fill its boxes (docs/diagrams.md).

Examples
--------
>>> LAYER_NAMES
('linkage', 'grid', 'service', 'cobuilding', 'pairing', 'whistle')
>>> LAYERS["grid"].label, LAYERS["grid"].focus, LAYERS["grid"].coverage
('党建网格', 'community', 'grid.leader')
"""

from __future__ import annotations

from dataclasses import dataclass

from partygraph.vocabulary.terms import LEVELS

__all__ = [
    "DASHED_KINDS",
    "KIND_STYLE",
    "LAYERS",
    "LAYER_NAMES",
    "SEVERITY_STYLE",
    "Layer",
]


@dataclass(frozen=True)
class Layer:
    """One layer: its name and Chinese term, the node ``kinds`` and
    ``relations`` of its view, the keyword its diagram takes a ``focus`` id as
    and the kinds that id may name (``focus_kinds``), the rules whose findings
    mark its boxes with a dot (``overlay``: rule ids, or prefixes that match up
    to a dot) and the rule whose coverage ratio is written on its divisions
    and whose findings fill its boxes (``coverage``): fill and figure from one
    rule, so a filled box never reads 100%.
    """

    name: str
    label: str
    kinds: frozenset[str]
    relations: frozenset[str]
    focus: str
    focus_kinds: tuple[str, ...]
    overlay: tuple[str, ...]
    coverage: str


_ADMIN = frozenset(LEVELS)

#: The layers, in the order they are listed.
LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in (
        Layer(
            "linkage",
            "四级联动",
            _ADMIN | {"party_org"},
            frozenset({"contains", "leads", "covers", "expands"}),
            "root",
            LEVELS,
            (
                "subdistrict.expanded_working_committee",
                "community.expanded_committee",
                "expanded",
                "org",
                "branch",
                "general_branch",
                "committee",
                "post.secretary",
            ),
            "compound.work_coverage",
        ),
        Layer(
            "grid",
            "党建网格",
            frozenset(
                {
                    "community",
                    "residents_group",
                    "grid",
                    "household",
                    "person",
                    "central_household",
                    "captain",
                    "place",
                    "party_org",
                    "compound",
                }
            ),
            frozenset(
                {
                    "contains",
                    "in_group",
                    "in_grid",
                    "held_by",
                    "covers",
                    "linked_to",
                    "based_at",
                    "looks_after",
                    "lives_in",
                    "in_compound",
                }
            ),
            "community",
            ("community",),
            ("grid", "household", "post.central_household"),
            "grid.leader",
        ),
        Layer(
            "service",
            "服务矩阵",
            _ADMIN | {"compound", "service_centre", "service_item", "person"},
            frozenset({"contains", "coordinates", "offers", "held_by", "serves"}),
            "subdistrict",
            ("subdistrict",),
            ("service",),
            "service.item_responsible",
        ),
        Layer(
            "cobuilding",
            "共建",
            frozenset({"community", "compound", "team", "unit", "party_org", "person"}),
            frozenset(
                {
                    "contains",
                    "led_by",
                    "includes",
                    "serves",
                    "expands",
                    "held_by",
                    "on_behalf_of",
                    "managed_by",
                    "owners_committee",
                    "covers",
                }
            ),
            "community",
            ("community",),
            ("compound.team_1p3", "community.expanded_committee", "expanded", "unit"),
            "compound.team_1p3",
        ),
        Layer(
            "pairing",
            "双报到",
            _ADMIN | {"pairing", "unit", "person"},
            frozenset({"contains", "paired_unit", "paired_community", "registered_at"}),
            "root",
            LEVELS,
            ("community.paired_unit",),
            "community.paired_unit",
        ),
        Layer(
            "whistle",
            "吹哨报到",
            _ADMIN | {"department", "issue_category"},
            frozenset({"contains", "handles"}),
            "community",
            ("community",),
            ("whistle",),
            "whistle.responder",
        ),
    )
}
#: Layer names, in order.
LAYER_NAMES: tuple[str, ...] = tuple(LAYERS)

#: Fill and edge colour of each node kind in a diagram, and of the variants
#: drawn for some (a community by the form of its organisation, an expanded
#: body, a municipal unit, a box counting nodes, a box for what is missing).
#: No reds or yellows here: those mark findings (:data:`SEVERITY_STYLE`).
KIND_STYLE: dict[str, tuple[str, str]] = {
    "city": ("#1f4e79", "#1f4e79"),
    "county": ("#d6e4f0", "#2e6da4"),
    "subdistrict": ("#e4eef7", "#4a7fb0"),
    "community": ("#f2f7fb", "#7ea6c9"),
    "community_general": ("#deeaf6", "#5b8fbf"),
    "community_committee": ("#b9d3ed", "#2e6da4"),
    "community_branch": ("#ffffff", "#7ea6c9"),
    "community_none": ("#ffffff", "#9e9e9e"),
    "residents_group": ("#eef3ea", "#6f9a5b"),
    "grid": ("#f4f8f1", "#6f9a5b"),
    "person": ("#f7f7f7", "#8c8c8c"),
    "household": ("#ffffff", "#a6a6a6"),
    "central_household": ("#efeaf6", "#7d62a8"),
    "party_org": ("#e9e4f3", "#6a51a3"),
    "expanded": ("#f1edf8", "#6a51a3"),
    "team": ("#e3f1ef", "#2a8c7d"),
    "unit": ("#f5fbfa", "#5aa99c"),
    "municipal": ("#e3f1ef", "#2a8c7d"),
    "service_centre": ("#eaf4ea", "#4e9a52"),
    "department": ("#ece9f5", "#6a51a3"),
    "issue_category": ("#f2f2f2", "#7f7f7f"),
    "pairing": ("#ffffff", "#8c8c8c"),
    "count": ("#f7f7f7", "#8c8c8c"),
    "missing": ("#ffffff", "#9e9e9e"),
}
#: Styles drawn with a dashed edge: something that should be there is not.
DASHED_KINDS: frozenset[str] = frozenset({"missing", "community_none"})

#: Fill and edge colour of a node with a finding of this severity.
SEVERITY_STYLE: dict[str, tuple[str, str]] = {
    "error": ("#f4b4ad", "#c0392b"),
    "warning": ("#fbe29a", "#b9770e"),
}
