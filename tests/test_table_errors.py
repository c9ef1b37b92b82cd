"""Table errors lead with their cause: a header problem once, then at most 20
bad cells per column and a count; list cells split as an analyst types them;
names trimmed with a record (docs/config.md sections 6 and 8).

Every expectation is counted by hand on the small fixture below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.io import arrowtables
from partygraph.normalised import Record

from conftest import write_model

#: Lines 1-12; what a test appends begins on line 13.
BASE = """\
partygraph: 1
name: 测试市
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: dist, name: 城区, level: county, parent: city}
  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}
  - {id: c1, name: 东风社区, level: community, parent: sd1}
  - {id: c2, name: 西湖社区, level: community, parent: sd1}
  - {id: g1, name: 第一居民小组, level: residents_group, parent: c1}
units:
  - {id: u1, name: 东风小学, type: school, division: c1}
  - {id: u2, name: 财政局, type: agency, division: c1, municipal: true}
"""

#: Three captains of the places pl1-pl3 (lines 13-17): each refers to a place.
CAPTAINS = """\
places: {table: places.csv}
captains:
  - {id: cap1, name: 人民路街长, scope: street, place: pl1, community: c1}
  - {id: cap2, name: 幸福巷巷长, scope: lane, place: pl2, community: c1}
  - {id: cap3, name: 一栋楼长, scope: building, place: pl3, community: c2}
"""

PLACES = [("pl1", "人民路", "street", "c1"), ("pl2", "幸福巷", "lane", "c1")]
PLACES += [("pl3", "一栋", "building", "c2")]
PLACES += [(f"pl{i}", f"{i} 号楼", "building", "c2") for i in range(4, 31)]


def places_csv(header: str, delimiter: str = ",") -> str:
    return "\n".join([header, *(delimiter.join(row) for row in PLACES)]) + "\n"


def errors_of(folder: Path, files: dict[str, str | bytes]) -> list[ErrorItem]:
    with pytest.raises(ConfigError) as info:
        partygraph.load(write_model(folder, files))
    return info.value.errors


def where(errors: list[ErrorItem]) -> list[tuple[str, int | None, int | None, str]]:
    return [(Path(e.file or "").name, e.line, e.column, e.field) for e in errors]


# -- a header problem, once -----------------------------------------------------------
def test_chinese_headers_in_a_structure_table_are_said_once_at_the_header(tmp_path: Path) -> None:
    files = {"model.yaml": BASE + CAPTAINS, "places.csv": places_csv("编号,名称,类型,所属社区")}
    errors = errors_of(tmp_path, files)
    # 4 required columns missing, 4 unknown ones: nothing about the 30 rows or
    # the 3 captains that refer to them.
    assert where(errors) == [
        ("places.csv", 1, None, "places.community"),
        ("places.csv", 1, None, "places.id"),
        ("places.csv", 1, None, "places.name"),
        ("places.csv", 1, None, "places.type"),
        ("places.csv", 1, 1, "places.编号"),
        ("places.csv", 1, 2, "places.名称"),
        ("places.csv", 1, 3, "places.类型"),
        ("places.csv", 1, 4, "places.所属社区"),
    ]
    assert errors[1].message == "缺少必填的列“id”：请在表头加上这一列"
    assert errors[4].message.startswith("不认识的列“编号”；可用的列：id, name,")


def test_a_misspelt_column_gets_a_suggestion(tmp_path: Path) -> None:
    files = {"model.yaml": BASE + CAPTAINS, "places.csv": places_csv("id,name,typ,community")}
    errors = errors_of(tmp_path, files)
    assert where(errors) == [
        ("places.csv", 1, None, "places.type"),
        ("places.csv", 1, 3, "places.typ"),
    ]
    assert "（是不是“type”？）" in errors[1].message


@pytest.mark.parametrize(
    ("delimiter", "said", "option"),
    [(";", "分号“;”", 'delimiter: ";"'), ("\t", "制表符", 'delimiter: "\\t"')],
)
def test_a_wrong_delimiter_is_one_sentence_with_the_fix(
    tmp_path: Path, delimiter: str, said: str, option: str
) -> None:
    text = places_csv(delimiter.join(["id", "name", "type", "community"]), delimiter)
    files = {"model.yaml": BASE + CAPTAINS, "places.csv": text}
    (e,) = errors_of(tmp_path, files)
    assert where([e]) == [("places.csv", 1, None, "places")]
    assert said in e.message and option in e.message, e.message


def test_the_header_problem_of_a_bulk_table_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    households = "编号,所属社区,人数\n" + "".join(f"h{i},c1,3\n" for i in range(1, 41))
    persons = "id,name,household\n" + "".join(f"p{i},某某,h{i}\n" for i in range(1, 41))
    yaml = BASE + "households: {table: hh.csv}\npersons: {table: persons.csv}\n"
    files = {"model.yaml": yaml, "hh.csv": households, "persons.csv": persons}
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)  # the fast path sees it first
    fast = errors_of(tmp_path, files)
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    slow = errors_of(tmp_path, files)
    assert fast == slow
    # 2 required columns missing, 3 unknown: not the 40 persons' households.
    assert where(slow) == [
        ("hh.csv", 1, None, "households.community"),
        ("hh.csv", 1, None, "households.id"),
        ("hh.csv", 1, 1, "households.编号"),
        ("hh.csv", 1, 2, "households.所属社区"),
        ("hh.csv", 1, 3, "households.人数"),
    ]


@pytest.mark.parametrize("arrow", [True, False])
def test_a_bulk_table_with_another_delimiter_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arrow: bool
) -> None:
    households = "id;community;size\n" + "".join(f"h{i};c1;3\n" for i in range(1, 41))
    persons = "id,name,household\n" + "".join(f"p{i},某某,h{i}\n" for i in range(1, 41))
    yaml = BASE + "households: {table: hh.csv}\npersons: {table: persons.csv}\n"
    files = {"model.yaml": yaml, "hh.csv": households, "persons.csv": persons}
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    monkeypatch.setattr(arrowtables, "ENABLED", arrow)
    (e,) = errors_of(tmp_path, files)
    assert where([e]) == [("hh.csv", 1, None, "households")]
    assert e.message == (
        "表头只有一列“id;community;size”，其中有分号“;”：这张表像是用分号“;”分隔的，"
        '请在表的写法中加上 delimiter: ";"'
    )


def test_one_column_named_in_chinese_is_an_unknown_column(tmp_path: Path) -> None:
    # A header of one word is a header: not "no table".
    yaml = BASE + "persons: {table: persons.csv}\n"
    errors = errors_of(tmp_path, {"model.yaml": yaml, "persons.csv": "编号\np1\np2\n"})
    assert where(errors) == [
        ("persons.csv", 1, None, "persons.id"),
        ("persons.csv", 1, 1, "persons.编号"),
    ]


def test_a_companion_table_with_a_wrong_header(tmp_path: Path) -> None:
    yaml = BASE + "service_items: {table: items.csv}\n"
    items = "中心,id,name\nsc1,i1,就业登记\nsc1,i2,法律咨询\n"
    errors = errors_of(tmp_path, {"model.yaml": yaml, "items.csv": items})
    assert where(errors) == [
        ("items.csv", 1, None, "service_items.centre"),
        ("items.csv", 1, 1, "service_items.中心"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "not_echoed"),
    [
        ("passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin\n", "/bin/bash"),
        ("other.yaml", "partygraph: 1\nname: 秘密的名字\n", "秘密"),
        ("binary.csv", b"\x7fELF\x02\x01\x01\x00secret-key-material\n\x00\x00\n", "secret"),
    ],
)
def test_a_file_that_is_no_table_is_not_echoed(
    tmp_path: Path, name: str, text: str | bytes, not_echoed: str
) -> None:
    yaml = BASE + f"places: {{table: {name}}}\n"
    (e,) = errors_of(tmp_path, {"model.yaml": yaml, name: text})
    assert e.line == 1 and e.field == "places", e
    assert e.message.startswith("不像 CSV 表：第一行没有用逗号“,”分隔的列名"), e.message
    assert not_echoed not in str(e)
    # At most a 10-character prefix of the first line, control characters made visible.
    prefix = e.message.split("第一行开头是“")[1].split("”")[0]
    assert len(prefix) <= 11 and prefix.isprintable(), prefix


# -- at most 20 per column -------------------------------------------------------------
def test_bad_cells_are_capped_at_20_per_column_with_a_count(tmp_path: Path) -> None:
    # 30 households: sizes all bad (30), ids 15 empty and 10 malformed (25 in all).
    rows = []
    for i in range(1, 31):
        hid = "" if i <= 15 else (f"h {i}" if i <= 25 else f"h{i}")
        rows.append(f"{hid},c1,x{i}\n")
    yaml = BASE + "households: {table: hh.csv}\n"
    errors = errors_of(
        tmp_path, {"model.yaml": yaml, "hh.csv": "id,community,size\n" + "".join(rows)}
    )
    ids = [e for e in errors if e.field == "households.id"]
    sizes = [e for e in errors if e.field == "households.size"]
    assert len(errors) == len(ids) + len(sizes) == 42
    # ids: 15 empty (lines 2-16) then 5 malformed (lines 17-21), then "5 more" at line 22.
    assert [e.line for e in ids] == [*range(2, 22), 22]
    assert ids[0].message == "“id”是必填的，这一格不能空着"
    assert ids[15].message.startswith("“h 16”不是有效的编号")
    assert ids[-1].message == "……该列另有 5 处同类问题"
    assert [e.line for e in sizes] == [*range(2, 22), 22]
    assert sizes[-1].message == "……该列另有 10 处同类问题"


def test_bad_cells_of_a_structure_table_are_capped_too(tmp_path: Path) -> None:
    rows = "".join(f"{pid},{name},avenue,{c}\n" for pid, name, _, c in PLACES)  # 30 bad types
    files = {"model.yaml": BASE + CAPTAINS, "places.csv": "id,name,type,community\n" + rows}
    errors = errors_of(tmp_path, files)
    # 20 listed (lines 2-21), then one line for the other 10, at the first one left out;
    # the captains of pl1-pl3 are not said to point nowhere.
    assert where(errors) == [
        *(("places.csv", line, 3, f"places[{line - 2}].type") for line in range(2, 22)),
        ("places.csv", 22, 3, "places.type"),
    ]
    assert errors[-1].message == "……该列另有 10 处同类问题"


def test_rows_of_the_wrong_width_are_capped_too(tmp_path: Path) -> None:
    rows = "".join(f"h{i},c1,3,extra\n" for i in range(1, 31))
    yaml = BASE + "households: {table: hh.csv}\n"
    errors = errors_of(tmp_path, {"model.yaml": yaml, "hh.csv": "id,community,size\n" + rows})
    assert [e.line for e in errors] == [*range(2, 22), 22]
    assert errors[0].message.startswith("这一行有 4 个格子，表头有 3 列")
    assert errors[-1].message == "……另有 10 行的格子数与表头不同"


# -- list cells -------------------------------------------------------------------------
def _captains(tmp_path: Path, duties: str) -> tuple[partygraph.Model, Record]:
    csv = f'id,name,scope,place,community,duties\ncap1,人民路街长,street,pl1,c1,"{duties}"\n'
    yaml = BASE + "places:\n  - {id: pl1, name: 人民路, type: street, community: c1}\n"
    yaml += "captains: {table: captains.csv}\n"
    record = Record()
    model = partygraph.load(
        write_model(tmp_path, {"model.yaml": yaml, "captains.csv": csv}), normalised=record
    )
    return model, record


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("sanitation;patrol;traffic", None),
        ("sanitation、patrol、traffic", "全角分隔符"),
        ("sanitation，patrol；traffic", "全角分隔符"),
        ("sanitation, patrol,traffic", "逗号分隔"),
        ("sanitation; patrol、 traffic", "全角分隔符"),
    ],
)
def test_a_list_cell_is_split_as_typed_and_recorded(
    tmp_path: Path, cell: str, why: str | None
) -> None:
    model, record = _captains(tmp_path, cell)
    assert model.captains[0].duties == ["sanitation", "patrol", "traffic"]
    if why is None:
        assert record.notes == []
    else:
        (n,) = record.notes
        assert (Path(n.file or "").name, n.line, n.column) == ("captains.csv", 2, 6)
        assert (n.field, n.written, n.read_as, n.why) == (
            "captains[0].duties",
            cell,
            "sanitation;patrol;traffic",
            why,
        )


def test_free_text_lists_split_at_the_enumeration_comma(tmp_path: Path) -> None:
    csv = "id,name,unit,community,resources\npr1,财政局挂点,u2,c1,党课资源，志愿者队伍、法律咨询\n"
    yaml = BASE + "pairings: {table: pairings.csv}\n"
    path = write_model(tmp_path, {"model.yaml": yaml, "pairings.csv": csv})
    model = partygraph.load(path)
    assert model.pairings[0].resources == ["党课资源", "志愿者队伍", "法律咨询"]
    # Written back in the canonical form, and read back the same.
    model.dump(tmp_path / "out" / "model.yaml")
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.*"))
    assert "、" not in written and "，" not in written
    assert partygraph.load(tmp_path / "out" / "model.yaml") == model


# -- names trimmed, with a record ---------------------------------------------------
def test_a_name_with_spaces_around_it_is_trimmed_and_recorded(tmp_path: Path) -> None:
    yaml = BASE + (
        'compounds:\n  - {id: k1, name: " 阳光小区 ", community: c1}\n'  # line 14
        "  - {id: k2, name: 幸福　花园, community: c1}\n"  # a full-width space inside: data
        "places: {table: places.csv}\n"
    )
    csv = "id,name,type,community\npl1, 人民路 ,street,c1\n"
    csv += "pl2,\u3000幸福巷,lane,c1\npl3,一 栋,building,c2\n"
    record = Record()
    model = partygraph.load(
        write_model(tmp_path, {"model.yaml": yaml, "places.csv": csv}), normalised=record
    )
    assert [c.name for c in model.compounds] == ["阳光小区", "幸福　花园"]
    assert [p.name for p in model.places] == ["人民路", "幸福巷", "一 栋"]
    found = [
        (Path(n.file or "").name, n.line, n.field, n.written, n.read_as, n.why)
        for n in record.notes
    ]
    assert sorted(found) == [
        ("model.yaml", 14, "compounds[0].name", " 阳光小区 ", "阳光小区", "去掉首尾空格"),
        ("places.csv", 2, "places[0].name", " 人民路 ", "人民路", "去掉首尾空格"),
        ("places.csv", 3, "places[1].name", "\u3000幸福巷", "幸福巷", "去掉首尾空格"),
    ]
