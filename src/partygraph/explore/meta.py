"""The explorer page's words, styles and layers, read from the vocabulary.

The page's script retypes no colour, kind name, layer or sentence: they are
read here (from :mod:`partygraph.draw.style`, :mod:`partygraph.export.labels`
and the ``explore.ui.*`` messages of :mod:`partygraph.i18n`) and written into
the page.

Examples
--------
>>> from partygraph.model import Model
>>> meta = page_meta(Model(), None)
>>> meta["kinds"]["grid"]["label"], meta["text"]["search"]
('网格', '搜索名称或 id')
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from partygraph.draw.style import (
    DARK_FILLS,
    DASHED_KINDS,
    EDGE_COLOUR,
    KIND_STYLE,
    LOW_COVERAGE,
    LOW_COVERAGE_COLOUR,
    SEVERITY_LABEL,
    SEVERITY_STYLE,
    TEXT_COLOUR,
    TEXT_ON_DARK_COLOUR,
    TITLE_COLOUR,
)
from partygraph.export.labels import edge_text, kind_text
from partygraph.i18n import LANGUAGES, language, message_keys, tr
from partygraph.model import Model
from partygraph.model.report import Report
from partygraph.report.overview import title
from partygraph.vocabulary import KIND_LABELS, LAYERS, SEVERITY_LABELS

__all__ = ["DIVISION_KINDS", "edge_texts", "page_meta"]

#: The kinds of the division tree the page opens with, top down.
DIVISION_KINDS = ("city", "county", "subdistrict", "community")
#: A kind the vocabulary gives no style is drawn like a count box.
_FALLBACK_STYLE = "count"


def edge_texts(graph: nx.MultiDiGraph) -> dict[str, str]:
    """``relation|role`` -> the label a diagram gives such an edge."""
    out: dict[str, str] = {}
    for _, _, data in graph.edges(data=True):
        key = f"{data.get('relation')}|{data.get('role') or ''}"
        if key not in out:
            out[key] = edge_text(data)
    return out


def page_meta(model: Model, report: Report | None) -> dict[str, Any]:
    """Words, styles and layers: read here, from the vocabulary, so the
    page's JavaScript retypes none of them."""
    kinds = {}
    for kind in (*KIND_LABELS, *KIND_STYLE):
        fill, edge = KIND_STYLE.get(kind, KIND_STYLE[_FALLBACK_STYLE])
        kinds[kind] = {
            "label": kind_text(kind),
            "fill": fill,
            "edge": edge,
            "text": TEXT_ON_DARK_COLOUR if fill in DARK_FILLS else TEXT_COLOUR,
            "dashed": kind in DASHED_KINDS,
        }
    en = language() == "en"
    # The diagrams' Chinese word on a Chinese page, the code in English.
    severities = {
        s: {"fill": fill, "edge": edge, "label": s if en else label}
        for s, label in SEVERITY_LABEL.items()  # the severities that have a style
        for fill, edge in [SEVERITY_STYLE[s]]
    }
    rules: dict[str, str] = {}
    counts = {"error": 0, "warning": 0, "info": 0}
    if report is not None:
        rules = {r.id: title(r) for r in report.rules}
        counts = dict(report.counts())
    layers = [
        {
            "name": layer.name,
            "label": layer.name if en else layer.label,
            "kinds": sorted(layer.kinds),
            "relations": sorted(layer.relations),
            "coverage": layer.coverage,
        }
        for layer in LAYERS.values()
    ]
    index = LANGUAGES.index(language())
    text = {  # templates: the page fills in their {placeholders}
        key.removeprefix("explore.ui."): texts[index]
        for key, texts in message_keys().items()
        if key.startswith("explore.ui.")
    }
    text["title"] = tr("explore.ui.title", name=model.name or "")
    text["counts"] = tr("explore.ui.counts", **counts)
    return {
        "title": model.name or "",
        "lang": language(),
        "text": text,
        "kinds": kinds,
        "severity": severities,
        "severityWords": dict(SEVERITY_LABELS),
        "layers": layers,
        "rules": rules,
        "checked": report is not None,
        "counts": counts,
        "divisionKinds": list(DIVISION_KINDS),
        "kindOrder": list(KIND_LABELS),  # the vocabulary's order: city down to person
        "edgeColour": EDGE_COLOUR,
        "selectColour": TITLE_COLOUR,
        "lowCoverage": LOW_COVERAGE,
        "lowCoverageColour": LOW_COVERAGE_COLOUR,
    }
