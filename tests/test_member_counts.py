"""One rule for an organisation's member count: a declared ``members_full`` wins
over the persons table's count, and ``party_org.members_listed`` warns where
the two differ (a branch of 120 whose table lists 3 stays 120)."""

from __future__ import annotations

from pathlib import Path

import partygraph

from conftest import write_model

MODEL = """\
partygraph: 1
name: 测试市
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: dist, name: 城区, level: county, parent: city}
  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}
  - {id: c1, name: 东风社区, level: community, parent: sd1}
party_orgs:
  - {id: o-big, name: 东风社区第一党支部, form: branch, division: c1, members_full: 120}
  - {id: o-same, name: 东风社区第二党支部, form: branch, division: c1, members_full: 3}
  - {id: o-none, name: 东风社区第三党支部, form: branch, division: c1}
  - {id: o-more, name: 东风社区第四党支部, form: branch, division: c1, members_full: 1}
persons: {table: persons.csv}
"""
#: 3 full members in each of o-big, o-same, o-none and o-more (and one
#: probationary member in o-big, who is not a full member).
PERSONS = (
    "id,name,member,org\n"
    + "".join(
        f"{org}-p{k},党员{k},full,{org}\n"
        for org in ("o-big", "o-same", "o-none", "o-more")
        for k in range(3)
    )
    + "o-big-p9,预备,probationary,o-big\n"
)


def test_the_declared_count_wins_and_a_difference_is_a_warning(tmp_path: Path) -> None:
    model = partygraph.load(write_model(tmp_path, {"model.yaml": MODEL, "persons.csv": PERSONS}))
    report = partygraph.check(model)
    listed = {f.node.id: f.value for f in report.findings if f.rule == "party_org.members_listed"}
    # 120 declared, 3 listed: 117 not listed; 1 declared, 3 listed: -2.
    assert listed == {"o-big": 117, "o-more": -2}
    assert {f.severity for f in report.findings if f.rule == "party_org.members_listed"} == {
        "warning"
    }
    # The declared 120 counts: a branch of more than 50 members is too large
    # (branch.size), which the 3 listed would never show.
    assert [f.node.id for f in report.findings if f.rule == "branch.size"] == ["o-big"]
    # o-none declares nothing: its 3 listed full members count; 3 < 7, so no
    # committee is due anywhere but at o-big (120 >= 7).
    committee = {f.node.id for f in report.findings if f.rule == "branch.committee"}
    assert committee == {"o-big"}
