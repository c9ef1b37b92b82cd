"""Companion sections: ``service_items``, ``part_time_members`` and ``meetings``
as flat rows (inline or CSV) merged into their parents at load, and written by
``dump`` for long sections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.io import dump
from partygraph.model import Meeting, PartTimeMember, ServiceItem
from partygraph.synthetic import synth

from conftest import write_model

HEAD = """\
partygraph: 1
name: 测试市
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: dist, name: 城区, level: county, parent: city}
  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}
  - {id: c1, name: 东风社区, level: community, parent: sd1}
units:
  - {id: u1, name: 东风小学, type: school, division: c1}
  - {id: u2, name: 东风社区居委会, type: residents_committee, division: c1}
party_orgs:
  - {id: o-c1, name: 东风社区党委, form: committee, division: c1}
expanded_bodies:
  - id: e-c1
    name: 东风社区大党委
    form: expanded_committee
    core: o-c1
    division: c1
    part_time_members:
      - {person: p1, on_behalf_of: u1}
    meetings:
      - {date: 2024-01-10, kind: 工作例会}
teams:
  - {id: t1, name: 东风“1+N”, type: "1+N", community: c1, core: o-c1, members: [u1, u2]}
service_centres:
  - id: sc1
    name: 东风社区党群服务中心
    level: community
    division: c1
    items:
      - {id: sc1-i1, name: 老年证办理, responsible: p1}
  - {id: sc2, name: 东风社区第二服务站, level: area, division: c1}
persons: [{id: p1}, {id: p2}, {id: p3}]
"""
#: The line of HEAD's last line: what is added after it starts on line ``L + 1``.
L = HEAD.count("\n")


def errors_of(path: Path) -> list[ErrorItem]:
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    return info.value.errors


def where(e: ErrorItem) -> tuple[str, int | None, int | None, str]:
    return Path(e.file or "").name, e.line, e.column, e.field


# -- inline rows and CSV tables, merged in order ------------------------------------
def test_inline_service_items_follow_the_nested_ones_in_row_order(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "service_items:\n"
            + "  - {centre: sc2, id: sc2-i1, name: 居住证明}\n"
            + "  - {centre: sc1, id: sc1-i2, name: 党员组织关系转接, responsible: p2,"
            + " category: 党务}\n"
            + "  - {centre: sc1, id: sc1-i3, name: 法律咨询, valid_from: 2024-01-01,"
            + " note: 每周三}\n"
        },
    )
    model = partygraph.load(path)
    sc1, sc2 = model.service_centres
    assert [i.id for i in sc1.items] == ["sc1-i1", "sc1-i2", "sc1-i3"]
    assert sc1.items[1] == ServiceItem(
        id="sc1-i2", name="党员组织关系转接", responsible="p2", category="党务"
    )
    assert sc1.items[2].valid_from == dt.date(2024, 1, 1) and sc1.items[2].note == "每周三"
    assert [i.id for i in sc2.items] == ["sc2-i1"]


def test_companion_csv_tables_in_an_included_file(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD + "include: [parts/more.yaml]\n",
            "parts/more.yaml": (
                "service_items: {table: 服务项目.csv}\n"
                "part_time_members: {table: 兼职委员.csv}\n"
                "meetings: {table: 会议.csv}\n"
            ),
            "parts/服务项目.csv": (
                "centre,id,name,responsible,category\n"
                "sc1,sc1-i2,居住证明,p2,民政\n"
                "sc2,sc2-i1,助餐,,\n"
                "sc1,sc1-i3,法律咨询,p3,\n"
            ),
            "parts/兼职委员.csv": "body,person,on_behalf_of,since\ne-c1,p2,u2,2023-03-01\n",
            "parts/会议.csv": (
                "holder,date,kind\n"
                "t1,2024-02-01,联席会议\n"
                "e-c1,2024-03-05,工作例会\n"
                "t1,2024-01-15,\n"
            ),
        },
    )
    model = partygraph.load(path)
    sc1, sc2 = model.service_centres
    assert [(i.id, i.responsible) for i in sc1.items] == [
        ("sc1-i1", "p1"),
        ("sc1-i2", "p2"),
        ("sc1-i3", "p3"),
    ]
    assert sc1.items[1].category == "民政"
    assert sc2.items == [ServiceItem(id="sc2-i1", name="助餐")]
    body = model.expanded_bodies[0]
    assert body.part_time_members == [
        PartTimeMember(person="p1", on_behalf_of="u1"),
        PartTimeMember(person="p2", on_behalf_of="u2", since=dt.date(2023, 3, 1)),
    ]
    assert body.meetings == [
        Meeting(date=dt.date(2024, 1, 10), kind="工作例会"),
        Meeting(date=dt.date(2024, 3, 5), kind="工作例会"),
    ]
    assert model.teams[0].meetings == [
        Meeting(date=dt.date(2024, 2, 1), kind="联席会议"),
        Meeting(date=dt.date(2024, 1, 15)),
    ]


def test_inline_part_time_members_and_meetings_from_several_files(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "include: [b.yaml]\n"
            + "meetings:\n  - {holder: t1, date: 2024-04-01}\n"
            + "part_time_members:\n  - {body: e-c1, person: p3, on_behalf_of: u2}\n",
            "b.yaml": (
                "meetings:\n"
                "  - {table: m.csv}\n"
                "  - {holder: e-c1, date: 2024-06-01, kind: 联席会议}\n"
                "  - {holder: t1, date: 2024-06-02}\n"
            ),
            "m.csv": "holder,date\nt1,2024-05-01\n",
        },
    )
    model = partygraph.load(path)
    assert [m.date.isoformat() for m in model.teams[0].meetings] == [
        "2024-04-01",
        "2024-05-01",
        "2024-06-02",
    ]
    assert [m.kind for m in model.expanded_bodies[0].meetings] == ["工作例会", "联席会议"]
    assert [p.person for p in model.expanded_bodies[0].part_time_members] == ["p1", "p3"]


def test_companions_load_to_the_same_model_as_nested_records(tmp_path: Path) -> None:
    nested = HEAD.replace(
        "      - {id: sc1-i1, name: 老年证办理, responsible: p1}\n",
        "      - {id: sc1-i1, name: 老年证办理, responsible: p1}\n"
        "      - {id: sc1-i2, name: 居住证明}\n",
    )
    flat = HEAD + "service_items: [{centre: sc1, id: sc1-i2, name: 居住证明}]\n"
    a = partygraph.load(write_model(tmp_path / "a", {"model.yaml": nested}))
    b = partygraph.load(write_model(tmp_path / "b", {"model.yaml": flat}))
    assert a == b


# -- errors ---------------------------------------------------------------------
def test_shape_errors_in_inline_rows_name_the_row_and_field(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "service_items:\n"  # line L + 1
            + "  - {centre: sc1, id: a1, name: 一}\n"
            + "  - {centre: sc1, id: a2, name: 二}\n"
            + "  - {centre: sc1, id: a3, name: 三}\n"
            + "  - {centre: sc1, id: a4, name: 四, responsible: 101}\n"
            + "  - {centre: sc1, id: a5, name: 五, owner: p1}\n"
            + "meetings:\n"
            + "  - {holder: t1, date: 去年}\n"
            + "  - {date: 2024-01-01}\n"
        },
    )
    found = {(where(e), e.message.split(";")[0].split(" (")[0]) for e in errors_of(path)}
    assert found == {
        (
            ("model.yaml", L + 5, 49, "service_items[3].responsible"),
            "应是文字，这里读到的是 101；YAML 把它读成了数或日期，加上引号就是文字：'101'",
        ),
        (
            ("model.yaml", L + 6, 36, "service_items[4].owner"),
            "没有 ‘owner’ 这个字段；可用的字段："
            "id、name、valid_from、valid_until、note、responsible、category、centre",
        ),
        (
            ("model.yaml", L + 8, 24, "meetings[0].date"),
            "日期‘去年’无法识别，请写成 2023-04-26 或 2023/4/26",
        ),
        (("model.yaml", L + 9, 5, "meetings[1].holder"), "缺少必填字段 ‘holder’，请补上"),
    }


def test_shape_errors_in_a_csv_companion_name_the_file_line_and_column(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD + "part_time_members: {table: ptm.csv}\n",
            "ptm.csv": "body,person,on_behalf_of,since\ne-c1,p2,u2,2023-03-01\ne-c1,p3,u2,去年\n",
        },
    )
    [e] = errors_of(path)
    assert where(e) == ("ptm.csv", 3, 4, "part_time_members[1].since")


def test_a_csv_companion_without_its_parent_column(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD + "service_items: {table: si.csv}\n",
            "si.csv": "id,name\nx1,居住证明\n",
        },
    )
    errors = errors_of(path)
    assert [(where(e)[0], where(e)[1]) for e in errors] == [("si.csv", 1)]
    assert "centre" in errors[0].message


def test_unknown_and_wrong_kind_parents_are_reported_at_the_row(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "service_items:\n"  # line L + 1
            + "  - {centre: sc9, id: a1, name: 一}\n"
            + "  - {centre: c1, id: a2, name: 二}\n"
            + "meetings:\n"
            + "  - {holder: u1, date: 2024-01-01}\n"
            + "  - {holder: sc1, date: 2024-01-01}\n"
            + "part_time_members: {table: ptm.csv}\n",
            "ptm.csv": "body,person,on_behalf_of\ne-c1,p2,u2\nt1,p3,u2\nnone,p3,u2\n",
        },
    )
    found = sorted((where(e), e.message) for e in errors_of(path))
    assert found == [
        (
            ("model.yaml", L + 2, 14, "service_items[0].centre"),
            "没有编号为“sc9”的党群服务中心：请检查编号，或先在 service_centres 部分加上它",
        ),
        (
            ("model.yaml", L + 3, 14, "service_items[1].centre"),
            "“c1”是社区，不是党群服务中心：请改为党群服务中心的编号",
        ),
        (
            ("model.yaml", L + 5, 14, "meetings[0].holder"),
            "“u1”是单位，不是大工委、大党委或共建队伍：请改为大工委、大党委或共建队伍的编号",
        ),
        (
            ("model.yaml", L + 6, 14, "meetings[1].holder"),
            "“sc1”是党群服务中心，不是大工委、大党委或共建队伍：请改为大工委、大党委或共建队伍的编号",
        ),
        (
            ("ptm.csv", 3, 1, "part_time_members[1].body"),
            "“t1”是共建队伍，不是大工委或大党委：请改为大工委或大党委的编号",
        ),
        (
            ("ptm.csv", 4, 1, "part_time_members[2].body"),
            "没有编号为“none”的大工委或大党委：请检查编号，或先在 expanded_bodies 部分加上它",
        ),
    ]


def test_a_parent_that_failed_its_own_check_is_not_reported_again(tmp_path: Path) -> None:
    text = HEAD.replace("level: area, division: c1}", "level: nowhere, division: c1}")
    path = write_model(
        tmp_path, {"model.yaml": text + "service_items: [{centre: sc2, id: a1, name: 一}]\n"}
    )
    assert [e.field for e in errors_of(path)] == ["service_centres[1].level"]


def test_a_dangling_responsible_in_a_csv_row_is_reported_at_that_row(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD + "include: [parts/s.yaml]\n",
            "parts/s.yaml": "service_items: {table: ../tables/service_items.csv}\n",
            "tables/service_items.csv": (
                "centre,id,name,responsible\nsc1,sc1-i2,居住证明,p2\n\nsc2,sc2-i1,助餐,p404\n"
            ),
        },
    )
    [e] = errors_of(path)
    assert Path(e.file or "").resolve() == tmp_path / "tables" / "service_items.csv"
    assert (e.line, e.column, e.field) == (4, 4, "service_items[1].responsible")
    assert e.message.startswith("找不到 ‘p404’：persons 表里没有这个编号")


def test_dangling_references_in_inline_rows_are_reported_at_the_row(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "part_time_members:\n"  # line L + 1
            + "  - {body: e-c1, person: p2, on_behalf_of: u2}\n"
            + "  - {body: e-c1, person: p2,\n"
            + "     on_behalf_of: u9}\n"
        },
    )
    [e] = errors_of(path)
    assert where(e) == ("model.yaml", L + 4, 20, "part_time_members[1].on_behalf_of")
    assert e.message == "找不到编号 ‘u9’：units 里没有它"


def test_a_nested_record_keeps_its_own_place(tmp_path: Path) -> None:
    text = HEAD.replace("responsible: p1}", "responsible: p9}")
    path = write_model(
        tmp_path, {"model.yaml": text + "service_items: [{centre: sc1, id: a, name: 一}]\n"}
    )
    [e] = errors_of(path)
    line = HEAD[: HEAD.index("responsible: p1")].count("\n") + 1
    assert where(e)[1:] == (line, 48, "service_centres[0].items[0].responsible")


def test_duplicate_service_item_ids_across_centres_and_companions(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD + "service_items: {table: si.csv}\n",
            "si.csv": "centre,id,name\nsc2,sc1-i1,重复\nsc2,x,甲\nsc1,x,乙\n",
        },
    )
    found = sorted((where(e), e.message.split("：")[0]) for e in errors_of(path))
    assert found == [
        (("si.csv", 2, 2, "service_items[0].id"), "编号 ‘sc1-i1’ 重复"),
        (("si.csv", 3, 2, "service_items[1].id"), "编号 ‘x’ 重复"),
    ]


# -- dump ----------------------------------------------------------------------------
def test_dump_writes_nested_records_of_long_sections_to_companion_tables(
    tmp_path: Path,
) -> None:
    model = synth(communities=100, seed=3)
    for section in ("service_centres", "expanded_bodies", "teams"):
        assert model.count(section) >= dump.TABLE_MIN_ROWS
    model.dump(tmp_path / "m.yaml")
    tables = {p.name for p in (tmp_path / "m_tables").iterdir()}
    assert {
        "service_centres.csv",
        "expanded_bodies.csv",
        "teams.csv",
        "service_items.csv",
        "part_time_members.csv",
        "meetings.csv",
    } <= tables
    text = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    assert "\n  items:" not in text and "meetings:\n  table:" in text
    header = (tmp_path / "m_tables" / "service_items.csv").read_text(encoding="utf-8")
    assert header.startswith("centre,id,name,")
    again = partygraph.load(tmp_path / "m.yaml")
    assert again == model
    assert [i.id for c in again.service_centres for i in c.items] == [
        i.id for c in model.service_centres for i in c.items
    ]


def test_nested_records_in_order_across_both_meeting_holders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dump, "TABLE_MIN_ROWS", 1)
    model = partygraph.load(
        write_model(
            tmp_path,
            {
                "model.yaml": HEAD
                + "meetings:\n"
                + "  - {holder: t1, date: 2024-05-01}\n"
                + "  - {holder: e-c1, date: 2023-01-01}\n"
                + "  - {holder: t1, date: 2022-01-01, kind: 应急}\n"
            },
        )
    )
    model.dump(tmp_path / "out" / "m.yaml")
    meetings = (tmp_path / "out" / "m_tables" / "meetings.csv").read_text(encoding="utf-8")
    assert meetings.splitlines() == [
        "holder,date,kind",
        "e-c1,2024-01-10,工作例会",
        "e-c1,2023-01-01,",
        "t1,2024-05-01,",
        "t1,2022-01-01,应急",
    ]
    assert partygraph.load(tmp_path / "out" / "m.yaml") == model


def test_small_sections_keep_their_nested_records_in_yaml(tmp_path: Path) -> None:
    model = partygraph.load(write_model(tmp_path, {"model.yaml": HEAD}))
    model.dump(tmp_path / "out" / "m.yaml")
    tables = {p.name for p in (tmp_path / "out" / "m_tables").iterdir()}
    assert tables == {"persons.csv"}
    text = (tmp_path / "out" / "m.yaml").read_text(encoding="utf-8")
    assert "  items:\n" in text and "service_items" not in text
    assert partygraph.load(tmp_path / "out" / "m.yaml") == model


def test_a_section_whose_records_csv_cannot_hold_stays_in_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dump, "TABLE_MIN_ROWS", 1)
    text = HEAD.replace("老年证办理, responsible: p1}", "老年证办理, note: '  两边有空格  '}")
    model = partygraph.load(write_model(tmp_path, {"model.yaml": text}))
    model.dump(tmp_path / "out" / "m.yaml")
    tables = {p.name for p in (tmp_path / "out" / "m_tables").iterdir()}
    assert "service_centres.csv" not in tables and "service_items.csv" not in tables
    assert {"expanded_bodies.csv", "part_time_members.csv", "meetings.csv"} <= tables
    again = partygraph.load(tmp_path / "out" / "m.yaml")
    assert again == model
    assert again.service_centres[0].items[0].note == "  两边有空格  "


def test_the_shipped_example_uses_companion_tables() -> None:
    root = Path(__file__).resolve().parent.parent
    entry = root / "configs" / "yangjiang.yaml"
    assert entry.stat().st_size < 100_000
    assert (root / "configs" / "yangjiang_tables" / "service_items.csv").exists()
    assert entry.read_text(encoding="utf-8").startswith("# 示意数据")
    assert partygraph.load(entry) == synth(preset="yangjiang")
