"""How a diff names things for a reader: sections, fields, codes, values and coverage cells.

Chinese by default (a section by its table's title, a field by its column
header, a code by its Chinese term), the model's own names in English.

Examples
--------
>>> section_label("party_orgs"), field_label("units", "division")
('党组织', '所在区划')
>>> field_value("party_orgs", "form", "general_branch")
'党总支'
"""

from __future__ import annotations

import typing
from functools import cache
from typing import Any

from partygraph.change.data import CoverageChange, ReportDiff
from partygraph.i18n import language, tr
from partygraph.model.base import unwrap_type
from partygraph.model.entities import SECTIONS
from partygraph.vocabulary import ENUMERATIONS
from partygraph.vocabulary.headers import TABLE_TITLES, header

__all__ = [
    "field_label",
    "field_value",
    "ratio_cell",
    "section_label",
    "top_coverage",
    "value_text",
    "zh",
]


def zh() -> bool:
    return language() == "zh"


def section_label(section: str) -> str:
    """A section's or table's name for a reader (its Chinese title, or its name)."""
    return TABLE_TITLES.get(section, section) if zh() else section.replace("_", " ")


def field_label(section: str, field: str) -> str:
    if not zh():
        return field
    named = header(section, field)
    return TABLE_TITLES.get(field, named) if named == field else named


@cache
def _enum_labels(section: str, field: str) -> dict[Any, str]:
    """The Chinese terms of an enumerated field's codes (``{}`` if it has none)."""
    cls = SECTIONS.get(section)
    if cls is None or field not in cls.model_fields:
        return {}
    tp, _ = unwrap_type(typing.get_type_hints(cls)[field])
    return next((labels for t, labels in ENUMERATIONS.values() if t == tp), {})


def field_value(section: str, field: str, v: Any) -> str:
    """A field's value for a reader: an enumerated code as its Chinese term."""
    labels = _enum_labels(section, field) if zh() else {}
    if labels and isinstance(v, str):
        return labels.get(v, v)
    if labels and isinstance(v, list) and all(isinstance(x, str) for x in v):
        return value_text([labels.get(x, x) for x in v])
    return value_text(v)


def value_text(v: Any) -> str:
    if v is None or v in ([], ""):
        return tr("change.empty_value")
    if isinstance(v, list) and any(isinstance(x, dict) for x in v):
        dates = [str(x["date"]) for x in v if isinstance(x, dict) and x.get("date")]
        if dates:
            return tr("change.records_dated", count=len(v), last=max(dates))
        return tr("change.records", count=len(v))
    if isinstance(v, list):
        return (
            tr("report.list_separator").join(value_text(x) for x in v)
            if len(v) <= 5
            else f"[{len(v)}]"
        )
    if isinstance(v, dict):
        return ", ".join(f"{k}={value_text(x)}" for k, x in v.items() if x is not None)
    return str(v)


def ratio_cell(c: CoverageChange, after: bool) -> str:
    ratio = c.ratio_after if after else c.ratio_before
    covered = c.covered_after if after else c.covered_before
    total = c.total_after if after else c.total_before
    if covered is None or total is None:
        return ""
    shown = "—" if ratio is None else f"{ratio * 100:.1f}%"
    return tr("change.coverage_cell", ratio=shown, covered=f"{covered:,}", total=f"{total:,}")


def top_coverage(r: ReportDiff) -> list[CoverageChange]:
    """The coverage rows of the top unit (the city, or the scope) of each rule."""
    ids: dict[str, set[str]] = {}
    for c in r.coverage:
        ids.setdefault(c.rule, set()).add(c.node.id)
    return [c for c in r.coverage if c.parent is None or c.parent not in ids[c.rule]]
