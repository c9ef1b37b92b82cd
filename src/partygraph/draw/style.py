"""How the diagrams look, as plain data: the colours of node kinds and of
findings, the legend's severity labels, and which rules each layer overlays.

Everything here is a table, not code, so that the vocabulary of kinds and
rules can be declared once and these tables derived from it.

Examples
--------
>>> sorted(SEVERITY_STYLE)
['error', 'warning']
>>> LAYER_RULES["grid"][1]
'grid.leader'
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "DARK_FILLS",
    "DASHED_KINDS",
    "DASHED_TEXT_COLOUR",
    "EDGE_COLOUR",
    "HEADER_COLOUR",
    "KIND_STYLE",
    "LAYER_RULES",
    "LOW_COVERAGE",
    "LOW_COVERAGE_COLOUR",
    "SEVERITY_LABEL",
    "SEVERITY_STYLE",
    "TEXT_COLOUR",
    "TEXT_ON_DARK_COLOUR",
    "TITLE_COLOUR",
]

#: Fill and edge colour of each node kind.  No reds or yellows here: those
#: mark findings (:data:`SEVERITY_STYLE`).
KIND_STYLE: Final[dict[str, tuple[str, str]]] = {
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
#: Kinds drawn with a dashed edge: something that should be there is not.
DASHED_KINDS: Final = frozenset({"missing", "community_none"})
#: Text colour on a fill (white on the darkest fills).
DARK_FILLS: Final = frozenset({"#1f4e79"})

#: Fill and edge colour of a node with a finding of this severity.
SEVERITY_STYLE: Final[dict[str, tuple[str, str]]] = {
    "error": ("#f4b4ad", "#c0392b"),
    "warning": ("#fbe29a", "#b9770e"),
}
SEVERITY_LABEL: Final = {"error": "错误 (error)", "warning": "警告 (warning)"}

EDGE_COLOUR: Final = "#8a8a8a"
HEADER_COLOUR: Final = "#4d4d4d"
LOW_COVERAGE_COLOUR: Final = "#a93226"
#: Coverage below this ratio is written in :data:`LOW_COVERAGE_COLOUR`.
LOW_COVERAGE: Final = 0.8
#: Text in a box, on a dark fill (:data:`DARK_FILLS`), in a dashed box, and of a title.
TEXT_COLOUR: Final = "#1a1a1a"
TEXT_ON_DARK_COLOUR: Final = "#ffffff"
DASHED_TEXT_COLOUR: Final = "#6b6b6b"
TITLE_COLOUR: Final = "#000000"

#: Per layer: the rules whose findings are overlaid (ids, or prefixes that
#: match up to a dot) and the rule whose coverage is written on the hierarchy.
LAYER_RULES: Final[dict[str, tuple[tuple[str, ...], str]]] = {
    "linkage": (
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
    "grid": (("grid", "household", "post.central_household"), "grid.leader"),
    "service": (("service",), "service.item_responsible"),
    "cobuilding": (
        ("compound.team_1p3", "community.expanded_committee", "expanded", "unit"),
        "compound.team_1p3",
    ),
    "pairing": (("community.paired_unit",), "community.paired_unit"),
    "whistle": (("whistle",), "whistle.responder"),
}
