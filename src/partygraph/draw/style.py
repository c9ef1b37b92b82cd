"""How the diagrams look, as plain data: the colours of node kinds and of
findings, the legend's severity labels, and which rules each layer overlays.

The colours of kinds and severities and the rules each layer overlays are
declared once in :mod:`partygraph.vocabulary`; this module names them for
the diagrams and adds what only drawing needs.

Examples
--------
>>> sorted(SEVERITY_STYLE)
['error', 'warning']
>>> LAYER_RULES["grid"][1]
'grid.leader'
"""

from __future__ import annotations

from typing import Final

from partygraph import vocabulary

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

#: Fill and edge colour of each node kind, and kinds drawn dashed: declared in the vocabulary.
KIND_STYLE: Final = vocabulary.KIND_STYLE
DASHED_KINDS: Final = vocabulary.DASHED_KINDS
#: Text colour on a fill (white on the darkest fills).
DARK_FILLS: Final = frozenset({"#1f4e79"})

#: Fill and edge colour of a node with a finding of this severity, and its legend label.
SEVERITY_STYLE: Final = vocabulary.SEVERITY_STYLE
SEVERITY_LABEL: Final = {  # the Chinese word alone: no English in a Chinese legend
    s: vocabulary.SEVERITY_LABELS[s] for s in vocabulary.SEVERITIES if s in SEVERITY_STYLE
}

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
LAYER_RULES: Final = {
    name: (layer.overlay, layer.coverage) for name, layer in vocabulary.LAYERS.items()
}
