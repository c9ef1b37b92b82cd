"""Model.as_of and check(as_of=): a small model worked by hand, day by day.

The model's terms end on 2023-06-30, its snapshot: that day every term still
holds (both ends are inclusive); on 2023-07-01 they have ended.  A community
set up on 2023-07-01 is not there on 2023-06-30, nor what stands in it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.cli import main
from partygraph.io.validate import validate
from partygraph.model import SECTIONS, Model
from partygraph.model.population import Population, TableData
from partygraph.rules.check import check

from strategies import models

LAST = dt.date(2023, 6, 30)  # the last day of the terms
AFTER = dt.date(2023, 7, 1)

MODEL = """\
partygraph: 1
name: 时间测试
snapshot: 2023-06-30
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: k1, name: 城区, level: county, parent: city, district: true}
  - {id: s1, name: 东街道, level: subdistrict, parent: k1}
  - {id: c1, name: 东风社区, level: community, parent: s1}
  - {id: c2, name: 新城社区, level: community, parent: s1, valid_from: 2023-07-01}
units:
  - {id: u-muni, name: 市财政局, type: agency, municipal: true, division: city}
  - {id: u-sch, name: 东风小学, type: school, division: c1}
  - {id: u-new, name: 新城小学, type: school, division: c2}
compounds:
  - {id: cp1, name: 锦绣小区, community: c1}
  - {id: cp2, name: 新城花园, community: c2}
  - {id: cp3, name: 拆迁小区, community: c1, valid_until: 2023-06-30}
party_orgs:
  - {id: o-s1, name: 东街道党工委, form: working_committee, division: s1, secretary: p1}
  - {id: o-c1, name: 东风社区党委, form: committee, parent: o-s1, division: c1, secretary: p2,
     valid_from: 2018-07-01, valid_until: 2023-06-30}
  - {id: o-cp3, name: 拆迁小区党支部, form: branch, parent: o-c1, compound: cp3, secretary: p3}
  - {id: o-c2, name: 新城社区党支部, form: branch, parent: o-s1, division: c2}
expanded_bodies:
  - id: e-c1
    name: 东风社区大党委
    form: expanded_committee
    core: o-c1
    division: c1
    full_time_members: [p2]
    part_time_members:
      - {person: p4, on_behalf_of: u-sch, since: 2021-01-01}
      - {person: p5, on_behalf_of: u-new, since: 2023-08-01}
    meetings: [{date: 2023-04-01}, {date: 2023-07-15}]
grids:
  - {id: g1, name: 东风一网格, community: c1, leader: p2}
  - {id: g2, name: 新城一网格, community: c2}
teams:
  - {id: t1, name: 拆迁小区“1+3”, type: "1+3", community: c1, compound: cp3, core: o-c1,
     members: [u-sch, u-new]}
places:
  - {id: pl1, name: 人民路, type: street, community: c1}
captains:
  - {id: cap1, name: 人民路街长, person: p3, scope: street, place: pl1, community: c1,
     valid_from: 2020-07-01, valid_until: 2023-06-30}
central_households:
  - {id: ch1, name: 李明中心户, person: p2, household: h1, community: c1, grid: g1}
pairings:
  - {id: pr1, name: 财政局挂点东风社区, unit: u-muni, community: c1, agreement_signed: 2020-07-01,
     valid_from: 2020-07-01, valid_until: 2023-06-30}
  - {id: pr2, name: 财政局挂点东风社区（未签）, unit: u-muni, community: c1}
  - {id: pr3, name: 财政局挂点新城社区, unit: u-muni, community: c2}
  - {id: pr4, name: 财政局挂点东风社区（七月签）, unit: u-muni, community: c1,
     agreement_signed: 2023-07-01}
households: {table: households.csv}
persons: {table: persons.csv}
central_household_links:
  - {central_household: ch1, household: h1, last_visit: 2023-06-01}
  - {central_household: ch1, household: h2, last_visit: 2023-07-10}
registrations:
  - {person: p4, community: c1, basis: residence, date: 2023-06-30}
  - {person: p5, community: c1, basis: residence, date: 2023-07-02}
  - {person: p5, community: c2, basis: residence}
"""
HOUSEHOLDS = """\
id,community,residents_group,grid,compound,size
h1,c1,,g1,cp1,3
h2,c1,,,cp3,2
h3,c2,,g2,cp2,4
"""
PERSONS = """\
id,name,household,member,org,unit,in_service
p1,刘洋,h1,full,o-s1,,false
p2,李明,h1,full,o-c1,,false
p3,王芳,h2,full,o-cp3,,false
p4,黄丽,,full,,u-sch,true
p5,周杰,,full,,u-new,true
p6,吴敏,h3,full,o-c2,,false
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Model:
    folder = tmp_path_factory.mktemp("asof")
    (folder / "households.csv").write_text(HOUSEHOLDS, encoding="utf-8")
    (folder / "persons.csv").write_text(PERSONS, encoding="utf-8")
    (folder / "model.yaml").write_text(MODEL, encoding="utf-8")
    return partygraph.load(folder / "model.yaml")


@pytest.fixture(scope="module")
def path(model: Model, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("asof_dump") / "model.yaml"
    model.dump(out)
    return out


def ids(m: Model, section: str) -> list[str]:
    return [e.id for e in m.section(section)]


def column(m: Model, table: str, name: str) -> list[object]:
    data = m.population[table]
    values = data[name]
    spec = data.spec.column(name)
    if spec.type == "ref":
        from partygraph.io.validate import target_ids

        return [
            None if v is None or v == "" else str(v) for v in target_ids(m, spec.target)[values]
        ]
    return values.tolist()


def findings(m: Model, day: dt.date | None, rule: str) -> list[tuple[str, object]]:
    report = check(m, packs=None, as_of=day, single_points=False)
    return [(f.node.id, f.value) for f in report.findings if f.rule == rule]


# -- the last day of a term: everything still holds -----------------------------------
def test_last_day_of_a_term_still_holds(model: Model) -> None:
    m = model.as_of(LAST)
    validate(m)
    assert m.snapshot == LAST
    assert ids(m, "compounds") == ["cp1", "cp3"]  # cp3 ends today: still there
    assert m.get("o-c1").secretary == "p2"  # type: ignore[attr-defined]
    assert m.get("cap1").person == "p3"  # type: ignore[attr-defined]
    assert m.get("pr1").agreement_signed == dt.date(2020, 7, 1)  # type: ignore[attr-defined]


def test_not_yet_set_up_is_not_there_nor_what_stands_in_it(model: Model) -> None:
    m = model.as_of(LAST)
    assert ids(m, "divisions") == ["city", "k1", "s1", "c1"]
    assert ids(m, "units") == ["u-muni", "u-sch"]  # u-new was in c2
    assert ids(m, "party_orgs") == ["o-s1", "o-c1", "o-cp3"]  # o-c2 was in c2
    assert ids(m, "grids") == ["g1"]
    assert ids(m, "pairings") == ["pr1", "pr2", "pr4"]  # pr3 paired with c2
    # References to what is gone: a list loses the id, a record that needs it goes.
    assert m.get("t1").members == ["u-sch"]  # type: ignore[attr-defined]
    body = m.get("e-c1")
    assert [p.person for p in body.part_time_members] == ["p4"]  # type: ignore[attr-defined]
    # Bulk rows: h3 was in c2; p6 lived there and was a member of o-c2: kept, placed nowhere.
    assert column(m, "households", "id") == ["h1", "h2"]
    assert column(m, "persons", "id") == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert column(m, "persons", "household")[5] is None
    assert column(m, "persons", "org") == ["o-s1", "o-c1", "o-cp3", None, None, None]


def test_what_happened_later_has_not_happened(model: Model) -> None:
    m = model.as_of(LAST)
    assert [x.date for x in m.get("e-c1").meetings] == [dt.date(2023, 4, 1)]  # type: ignore[attr-defined]
    assert m.get("pr4").agreement_signed is None  # type: ignore[attr-defined]  # signed 07-01
    visits = m.population["central_household_links"]["last_visit"]
    assert [str(v) for v in visits] == ["2023-06-01", "NaT"]  # the 07-10 visit: not yet
    # Registrations: the one of 06-30 counts, the one of 07-02 not yet, the one at c2 goes.
    assert column(m, "registrations", "person") == ["p4"]


def test_the_day_after_terms_end_posts_are_vacant(model: Model) -> None:
    m = model.as_of(AFTER)
    validate(m)
    assert m.get("o-c1").secretary is None  # type: ignore[attr-defined]
    assert m.get("cap1").person is None  # type: ignore[attr-defined]
    assert m.get("pr1").agreement_signed == dt.date(2020, 7, 1)  # type: ignore[attr-defined]
    assert m.get("pr4").agreement_signed == AFTER  # type: ignore[attr-defined]
    # cp3 has ended: its branch goes with it (it was its home); the team loses its compound.
    assert ids(m, "compounds") == ["cp1", "cp2"]
    assert "o-cp3" not in ids(m, "party_orgs")
    assert m.get("t1").compound is None  # type: ignore[attr-defined]
    assert column(m, "households", "compound") == ["cp1", None, "cp2"]
    assert column(m, "persons", "org")[2] is None  # p3 was a member of o-cp3
    # c2 is set up today: it is there, with what stands in it.
    assert ids(m, "divisions") == ["city", "k1", "s1", "c1", "c2"]
    assert ids(m, "pairings") == ["pr1", "pr2", "pr3", "pr4"]


def test_check_as_of_reports_the_ended_terms(model: Model) -> None:
    # On the last day nothing has ended (a value of 0 passes: no finding).
    assert findings(model, LAST, "pairing.agreement_in_force") == []
    assert findings(model, LAST, "post.secretary_term") == []
    assert findings(model, LAST, "post.captain_term") == []
    assert findings(model, AFTER, "pairing.agreement_in_force") == [("pr1", 1)]
    assert findings(model, AFTER, "post.secretary_term") == [("o-c1", 1)]
    assert findings(model, AFTER, "post.captain_term") == [("cap1", 1)]
    # The vacant posts are reported by the post rules too.
    assert "o-c1" in [n for n, _ in findings(model, AFTER, "post.secretary")]
    assert [n for n, _ in findings(model, AFTER, "post.captain")] == ["cap1"]
    assert [n for n, _ in findings(model, AFTER, "place.captain")] == ["pl1"]
    later = dt.date(2023, 9, 30)  # 92 days after the end: the values count the days
    assert findings(model, later, "pairing.agreement_in_force") == [("pr1", 92)]


def test_unsigned_agreements(model: Model) -> None:
    assert [n for n, _ in findings(model, LAST, "pairing.agreement_signed")] == ["pr2", "pr4"]
    assert [n for n, _ in findings(model, AFTER, "pairing.agreement_signed")] == ["pr2", "pr3"]


def test_quarterly_meeting_counts_from_the_as_of_date(model: Model) -> None:
    # 2023-04-01 to 2023-06-30: 90 days, within 92.
    assert findings(model, LAST, "expanded.quarterly_meeting") == []
    # 2023-04-01 to 2023-07-05: 95 days, the meeting of 07-15 not yet held.
    assert findings(model, dt.date(2023, 7, 5), "expanded.quarterly_meeting") == [("e-c1", 95)]
    # On 2023-08-01 the last meeting is that of 07-15: 17 days.
    assert findings(model, dt.date(2023, 8, 1), "expanded.quarterly_meeting") == []


def test_expanded_body_term_ends_its_members(model: Model) -> None:
    body = model.get("e-c1").model_copy(update={"valid_until": LAST})
    m = model.model_copy(update={"expanded_bodies": [body]})
    on = m.as_of(AFTER)
    validate(on)
    assert on.get("e-c1").part_time_members == []  # type: ignore[attr-defined]
    assert on.get("e-c1").full_time_members == []  # type: ignore[attr-defined]
    assert findings(m, AFTER, "expanded.term") == [("e-c1", 1)]
    assert [n for n, _ in findings(m, AFTER, "expanded.part_time_member")] == ["e-c1"]
    assert findings(m, LAST, "expanded.term") == []


def test_report_says_the_as_of_date(model: Model) -> None:
    assert check(model, single_points=False).snapshot == "2023-06-30"
    assert check(model, as_of=AFTER, single_points=False).snapshot == "2023-07-01"


def test_without_as_of_the_model_is_checked_as_written(model: Model) -> None:
    """The default: the model's snapshot is the reference date, nothing is taken out."""
    report = check(model, single_points=False)
    assert [(f.node.id) for f in report.findings if f.rule == "pairing.agreement_signed"] == [
        "pr2",
        "pr3",
    ]


def test_as_of_shares_what_does_not_change(model: Model) -> None:
    m = model.as_of(LAST)
    assert m.get("u-sch") is model.get("u-sch")
    assert m.population["households"] is not model.population["households"]
    again = m.as_of(LAST)  # nothing changes: the tables are the same objects
    assert all(again.population[t] is m.population[t] for t in m.population.tables)
    assert again == m


# -- the command line ----------------------------------------------------------------
def test_cli_as_of(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(path), "--as-of", "2023/7/1"]) == 1
    out, err = capsys.readouterr()
    assert "--as-of：“2023/7/1” 读作 “2023-07-01”（日期写法）" in err
    assert "概览：示例市（数据日期 2023-07-01）" in out
    assert "[post.captain_term]" in out
    assert main(["check", str(path), "--as-of", "2023年6月30日"]) == 1
    assert "数据日期 2023-06-30" in capsys.readouterr().out


def test_cli_bad_as_of(path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "partygraph", "check", str(path), "--as-of", "2023-02-30"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 2
    assert "“2023-02-30”不是日期，请写成 YYYY-MM-DD，例如 2023-06-30" in run.stderr


def test_cli_summary_and_export_as_of(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", str(path), "--as-of", "2023-06-30", "--format", "json"]) == 0
    import json

    counts = json.loads(capsys.readouterr().out)
    assert main(["summary", str(path), "--as-of", "2023-07-01", "--format", "json"]) == 0
    later = json.loads(capsys.readouterr().out)
    assert counts != later
    out = tmp_path / "m.graphml"
    assert (
        main(["export", str(path), "--format", "graphml", "--as-of", "2023-06-30", "-o", str(out)])
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert "新城社区" not in text and "东风社区" in text


# -- properties ----------------------------------------------------------------------
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _undated(m: Model) -> Model:
    """``m`` without a date: no validity dates, part-time ``since``, agreement
    dates or meetings; no visit or registration dates in the tables."""
    sections = {}
    for name in SECTIONS:
        items = []
        for e in m.section(name):
            update: dict[str, object] = {"valid_from": None, "valid_until": None}
            if getattr(e, "meetings", None):
                update["meetings"] = []
            if hasattr(e, "agreement_signed"):
                update["agreement_signed"] = None
            if getattr(e, "part_time_members", None):
                update["part_time_members"] = [
                    p.model_copy(update={"since": None})
                    for p in e.part_time_members  # type: ignore[attr-defined]
                ]
            if getattr(e, "items", None):
                update["items"] = [
                    i.model_copy(update={"valid_from": None, "valid_until": None})
                    for i in e.items  # type: ignore[attr-defined]
                ]
            items.append(e.model_copy(update=update))
        sections[name] = items
    tables = dict(m.population.tables)
    for table, column in (("central_household_links", "last_visit"), ("registrations", "date")):
        data = tables[table]
        nat = np.full(len(data), np.datetime64("NaT"), dtype="datetime64[D]")
        tables[table] = TableData(data.spec, {**data.columns, column: nat})
    return m.model_copy(update={**sections, "population": Population(tables)})


@SETTINGS
@given(models(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_as_of_a_model_without_dates_is_the_model(m: Model, day: dt.date) -> None:
    plain = _undated(m).model_copy(update={"snapshot": day})
    assert plain.as_of(day) == plain  # as of its own snapshot


@SETTINGS
@given(models(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_as_of_validates(m: Model, day: dt.date) -> None:
    on = m.as_of(day)
    validate(on)
    assert on.snapshot == day
    # Nothing that holds on the day was taken out, nothing that does not is left.
    for e in on.entities():
        assert e.valid_from is None or e.valid_from <= day
    made = on.population["registrations"]["date"]
    assert not bool((made > np.datetime64(day, "D")).any())
