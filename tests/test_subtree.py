"""Model.subtree: one division and what lies under it, worked by hand on the rules fixture.

tests/fixtures/rules/model.yaml: city › k1 › s1 (c1, c2) and s2 (c3).  Under
西街道 (s2) lie c3, its unit u-soe, compound cp3, grid c3-grid1, place pl3, the
organisations o-s2 and o-c3, households h7 and h8.  Kept besides: the chain
above (k1, city) that s2 names, the parent organisations up to the city's
(o-k1, o-city), the district's department d3 (it answers c3's whistles), every
issue category, and the persons named: p1 (c3-grid1's leader, who lives in h1,
outside), p3 (o-c3's secretary, in h8), p-ins2 (u-soe's instructor).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.cli import main
from partygraph.errors import UnknownIdError
from partygraph.io.validate import target_ids, validate
from partygraph.model import Model

from strategies import models

FIXTURE = Path(__file__).parent / "fixtures" / "rules" / "model.yaml"


@pytest.fixture(scope="module")
def model() -> Model:
    return partygraph.load(FIXTURE)


def ids(m: Model, section: str) -> list[str]:
    return [e.id for e in m.section(section)]


def test_subtree_of_a_subdistrict(model: Model) -> None:
    s = model.subtree("s2")
    validate(s)
    assert ids(s, "divisions") == ["city", "k1", "s2", "c3"]
    assert ids(s, "units") == ["u-soe"]  # u-muni is placed nowhere and paired with c1, c2 only
    assert ids(s, "compounds") == ["cp3"]
    assert ids(s, "party_orgs") == ["o-city", "o-k1", "o-s2", "o-c3"]
    assert ids(s, "expanded_bodies") == []
    assert ids(s, "grids") == ["c3-grid1"]
    assert ids(s, "places") == ["pl3"]
    assert ids(s, "captains") == ids(s, "central_households") == ids(s, "pairings") == []
    assert ids(s, "service_centres") == []  # sc-k1 is the district's and serves none of s2's
    assert ids(s, "issue_categories") == ["ic-env", "ic-safety", "ic-traffic"]
    assert ids(s, "departments") == ["d3"]
    assert s.population["households"]["id"].tolist() == ["h7", "h8"]
    persons = s.population["persons"]
    assert persons["id"].tolist() == ["p1", "p3", "p-ins2"]
    homes = target_ids(s, "households")[persons["household"]].tolist()
    assert homes == ["", "h8", ""]  # p1 lives outside the subtree
    assert len(s.population["central_household_links"]) == 0


def test_subtree_of_a_community_keeps_what_it_references(model: Model) -> None:
    s = model.subtree("c1")
    validate(s)
    # e-c1's part-time member sits on behalf of u-ent, a unit of c2: u-ent is kept,
    # and so is its home c2 (a unit must be somewhere), without what lies in c2.
    assert ids(s, "divisions") == ["city", "k1", "s1", "c1", "c2", "c1-g1"]
    assert "u-muni" in ids(s, "units")  # paired with c1
    assert "u-ent" in ids(s, "units")
    assert [g for g in ids(s, "grids") if g.startswith("c2")] == []
    assert ids(s, "pairings") == ["pair1"]
    assert ids(s, "service_centres") == ["sc-k1", "sc-s1", "sc-c1"]  # the centres above coordinate
    assert ids(s, "departments") == ["d1", "d2", "d3"]
    assert s.population["households"]["id"].tolist() == ["h1", "h2", "h3"]
    links = s.population["central_household_links"]
    assert target_ids(s, "households")[links["household"]].tolist() == ["h1", "h2"]


def test_subtree_of_the_root_is_the_model(model: Model) -> None:
    assert model.subtree("city") == model


def test_subtree_of_what_is_not_a_division(model: Model) -> None:
    with pytest.raises(UnknownIdError, match="范围 ‘c3-grid1’ 不是模型里的区划"):
        model.subtree("c3-grid1")


def test_subtree_checks_as_check_scope_does_for_its_own(model: Model) -> None:
    """The findings on nodes under s2 are those check --scope s2 reports."""
    from partygraph.rules.check import check

    scoped = check(model, scope="s2", single_points=False)
    sub = check(model.subtree("s2"), scope="s2", single_points=False)
    key = lambda r: sorted((f.rule, f.node.id, str(f.value)) for f in r.findings)  # noqa: E731
    assert key(sub) == key(scoped)


def test_cli_summary_scope(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(FIXTURE), "--scope", "西街道", "--format", "json"]) == 0
    kinds = json.loads(capsys.readouterr().out)["kinds"]
    assert (kinds["subdistrict"], kinds["community"], kinds["party_org"]) == (1, 1, 4)
    assert main(["summary", str(FIXTURE), "--scope", "西湖"]) == 2
    assert "西湖社区" in capsys.readouterr().err  # the closest name, as check says it
    # Not a division: the same sentence as check --scope.
    assert main(["summary", str(FIXTURE), "--scope", "c3-grid1"]) == 2
    summary_err = capsys.readouterr().err
    assert main(["check", str(FIXTURE), "--scope", "c3-grid1"]) == 2
    assert summary_err == capsys.readouterr().err
    assert "范围 ‘c3-grid1’ 不是模型里的区划" in summary_err


def test_cli_draw_scope(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s2.svg"
    assert main(["draw", str(FIXTURE), "--layer", "linkage", "--scope", "s2", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "西街道" in svg and "东街道" not in svg


# -- properties ----------------------------------------------------------------------
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(models())
def test_subtree_of_the_root_equals_the_model(m: Model) -> None:
    roots = [d.id for d in m.divisions if d.parent is None]
    assert len(roots) == 1  # the strategy draws one city
    assert m.subtree(roots[0]) == m


@SETTINGS
@given(models(), st.data())
def test_every_subtree_validates(m: Model, data: st.DataObject) -> None:
    root = data.draw(st.sampled_from([d.id for d in m.divisions]))
    s = m.subtree(root)
    validate(s)
    assert root in ids(s, "divisions")
    # Every household kept is in a community of the subtree.
    under = {root}
    for d in m.divisions:  # parents come before children in the strategy's order
        if d.parent in under:
            under.add(d.id)
    communities = target_ids(s, "divisions")[s.population["households"]["community"]]
    assert set(communities.tolist()) <= under
