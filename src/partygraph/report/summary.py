"""Counts of a model: nodes by kind, party organisations by form and level.

Examples
--------
>>> from partygraph.model import Model, Division
>>> s = summarize(Model(divisions=[Division(id="c", name="示例市", level="city")]))
>>> s["kinds"]["city"]
1
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from partygraph.i18n import language, tr
from partygraph.model import SECTIONS, ExpandedBody, Model, PartyOrg
from partygraph.report.textwidth import pad
from partygraph.safe_text import printable
from partygraph.vocabulary import KIND_LABELS, NESTED, ORG_FORM_LABELS, section_kind

__all__ = ["render_summary", "summarize"]

#: Figures an analyst reads off a model (DOMAIN.md section 9) and their Chinese labels.
_FIGURES: dict[str, str] = {
    "communities": KIND_LABELS["community"],
    "subdistricts": KIND_LABELS["subdistrict"],
    "expanded_working_committees": ORG_FORM_LABELS["expanded_working_committee"],
    "expanded_committees": ORG_FORM_LABELS["expanded_committee"],
    "community_committees": KIND_LABELS["community"] + ORG_FORM_LABELS["committee"],
    "compound_branches": KIND_LABELS["compound"] + ORG_FORM_LABELS["branch"],
    "captains": KIND_LABELS["captain"],
    "paired_units": "双报到单位",
    "registered_members": "报到在职党员",
    "central_households": KIND_LABELS["central_household"],
    "volunteer_teams": KIND_LABELS["volunteer_team"],
    "reserve_cadres": KIND_LABELS["reserve_cadre"],
    "model_communities": "示范社区",
    "households": KIND_LABELS["household"],
    "persons": KIND_LABELS["person"],
}

#: Organisation forms and their Chinese terms, as plain strings.
_FORMS: dict[str, str] = {str(k): v for k, v in ORG_FORM_LABELS.items()}


def _figures(model: Model) -> dict[str, int]:
    levels = Counter(d.level for d in model.divisions)
    communities = {d.id for d in model.divisions if d.level == "community"}
    bodies = Counter(b.form for b in model.expanded_bodies)
    regs = model.population["registrations"]
    return {
        "communities": levels["community"],
        "subdistricts": levels["subdistrict"],
        "expanded_working_committees": bodies["expanded_working_committee"],
        "expanded_committees": bodies["expanded_committee"],
        "community_committees": sum(
            1 for o in model.party_orgs if o.form == "committee" and o.division in communities
        ),
        "compound_branches": sum(1 for o in model.party_orgs if o.compound is not None),
        "captains": len(model.captains),
        "paired_units": len({p.unit for p in model.pairings}),
        "registered_members": len(set(regs["person"].tolist())),
        "central_households": len(model.central_households),
        "volunteer_teams": len(model.volunteer_teams),
        "reserve_cadres": len(model.reserve_cadres),
        "model_communities": sum(1 for d in model.divisions if d.model_community),
        "households": len(model.population["households"]),
        "persons": len(model.population["persons"]),
    }


def summarize(model: Model) -> dict[str, Any]:
    """Counts of ``model``: ``kinds`` (structure nodes by kind), ``forms`` (party
    organisations by form, per administrative level of the division they cover),
    ``figures`` (the figures of DOMAIN.md section 9) and ``tables`` (bulk rows)."""
    kinds: Counter[str] = Counter()
    for section in SECTIONS:
        for entity in model.section(section):
            kinds[section_kind(section, vars(entity).get("level"))] += 1
    for nested in NESTED:
        kinds[nested.kind] += sum(len(vars(e)[nested.field]) for e in model.section(nested.section))
    level = {d.id: d.level for d in model.divisions}
    forms: dict[str, Counter[str]] = {}
    orgs: list[PartyOrg | ExpandedBody] = [*model.party_orgs, *model.expanded_bodies]
    for org in orgs:
        where = level.get(getattr(org, "division", None) or "", "other")
        if getattr(org, "compound", None):
            where = "compound"
        elif getattr(org, "grid", None):
            where = "grid"
        elif getattr(org, "unit", None) or getattr(org, "joint_units", None):
            where = "unit"
        forms.setdefault(where, Counter())[org.form] += 1
    return {
        "name": model.name,
        "kinds": dict(sorted(kinds.items())),
        "forms": {lvl: dict(sorted(c.items())) for lvl, c in sorted(forms.items())},
        "figures": _figures(model),
        "tables": {name: len(t) for name, t in model.population.tables.items()},
    }


def render_summary(summary: dict[str, Any]) -> str:
    """Terminal text for a :func:`summarize` result, labels in the current language
    (Chinese terms, or the codes in English).

    The model's name is shown with control characters and bidi controls as
    visible escapes (:func:`partygraph.safe_text.printable`).

    Examples
    --------
    >>> from partygraph.i18n import use_language
    >>> from partygraph.model import Model, Division
    >>> s = summarize(Model(name="示例", divisions=[Division(id="c", name="示例市", level="city")]))
    >>> print(render_summary(s).splitlines()[2])
    主要数字：
    >>> with use_language("en"):
    ...     print(render_summary(s).splitlines()[2])
    key figures:
    """
    zh = language() == "zh"

    def label(labels: dict[str, str], code: str) -> str:
        return labels.get(code, code) if zh else code.replace("_", " ")

    levels = {**KIND_LABELS, "other": tr("report.summary.other")}
    lines = [printable(f"{summary['name']}"), "", tr("report.summary.figures")]
    lines += [f"  {pad(label(_FIGURES, k), 30)}{v:>9,}" for k, v in summary["figures"].items()]
    lines += ["", tr("report.summary.kinds")]
    lines += [f"  {pad(label(KIND_LABELS, k), 30)}{v:>9,}" for k, v in summary["kinds"].items()]
    lines += ["", tr("report.summary.forms")]
    for lvl, forms in summary["forms"].items():
        lines += [
            f"  {pad(label(levels, lvl), 14)}{pad(label(_FORMS, form), 28)}{n:>9,}"
            for form, n in forms.items()
        ]
    return "\n".join(lines)
