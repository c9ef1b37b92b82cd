"""The shipped example reproduces the figures published for Yangjiang (DOMAIN.md §9).

Counted from the loaded configs/yangjiang.yaml, through the same summary the
CLI prints, so the file, the loader and the counting are all checked.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

import partygraph
from partygraph.cli import main
from partygraph.model import Model
from partygraph.report.summary import summarize

from conftest import ROOT

EXAMPLE = ROOT / "configs" / "yangjiang.yaml"

#: DOMAIN.md section 9, as the summary names them.
PUBLISHED = {
    "communities": 136,
    "subdistricts": 10,
    "expanded_working_committees": 10,
    "expanded_committees": 136,
    "community_committees": 25,
    "compound_branches": 40,
    "captains": 989,
    "paired_units": 73,
    "registered_members": 6099,
    "central_households": 1667,
    "volunteer_teams": 169,
    "reserve_cadres": 272,
    "model_communities": 18,
}


@pytest.fixture(scope="module")
def yangjiang() -> Model:
    return partygraph.load(EXAMPLE)


def test_published_figures(yangjiang: Model) -> None:
    figures = summarize(yangjiang)["figures"]
    assert {k: figures[k] for k in PUBLISHED} == PUBLISHED


def test_every_community_centre_offers_10_to_20_items(yangjiang: Model) -> None:
    counts = [len(c.items) for c in yangjiang.service_centres if c.level == "community"]
    assert len(counts) == 136
    assert min(counts) >= 10
    assert max(counts) <= 20


def test_volunteer_activity_totals(yangjiang: Model) -> None:
    teams = yangjiang.volunteer_teams
    assert sum(t.activities or 0 for t in teams) == 1318
    assert sum(t.people_served or 0 for t in teams) == 158_000


def test_households_cover_one_whole_subdistrict(yangjiang: Model) -> None:
    hh = yangjiang.population["households"]
    communities = {yangjiang.divisions[c].parent for c in set(hh["community"].tolist())}
    assert len(communities) == 1  # every household lies in one subdistrict ...
    (subdistrict,) = communities
    under = {d.id for d in yangjiang.divisions if d.parent == subdistrict}
    with_households = {yangjiang.divisions[c].id for c in set(hh["community"].tolist())}
    assert with_households == under  # ... and every community of it has households


def test_party_forms_of_communities(yangjiang: Model) -> None:
    communities = {d.id for d in yangjiang.divisions if d.level == "community"}
    forms = Counter(o.form for o in yangjiang.party_orgs if o.division in communities)
    assert forms["committee"] == 25
    assert sum(forms.values()) == 136


def test_summary_json_shows_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(EXAMPLE), "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)["figures"]
    assert figures["captains"] == 989
    assert figures["registered_members"] == 6099
