"""Chinese codes (巷, 党委, 正式党员, 是/否) are read as their codes everywhere, noted,
and dumped as codes; a code that is neither is refused in one Chinese sentence
listing the codes with their terms.  Entity errors are told in Chinese, by type.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.i18n import use_language
from partygraph.io import arrowtables
from partygraph.io.origins import ModelOrigin, pydantic_errors
from partygraph.model import Division, Place
from partygraph.model.population import TABLES
from partygraph.normalised import Record
from partygraph.vocabulary.terms import ENUMERATIONS, TERM_ALIASES, code_for, terms_of

from conftest import write_model

#: Lines 1-9; a test's own lines begin on line 10.
HEAD = """\
partygraph: 1
name: 测试市
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: dist, name: 城区, level: county, parent: city, district: true}
  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}
  - {id: c1, name: 东风社区, level: community, parent: sd1}
persons: {table: persons.csv}
households: {table: households.csv}
"""
REST = """\
units:
  - {id: u1, name: 东风小学, type: school, division: c1}
party_orgs:
  - {id: o1, name: 东风社区党委, form: committee, division: c1, joint: false}
teams:
  - {id: t1, name: 东风“1+N”, type: 1+N, community: c1, core: o1,
     routines: [work_meeting, deliberation]}
places:
  - {id: pl1, name: 南巷, type: lane, community: c1}
captains:
  - {id: cap1, name: 南巷巷长, person: p1, scope: lane, place: pl1, community: c1,
     duties: [sanitation, patrol]}
"""
CHINESE = {
    "type: school": "type: 学校",
    "form: committee": "form: 党委",
    "joint: false": "joint: 否",
    "routines: [work_meeting, deliberation]": "routines: [工作例会, 议事决策]",
    "type: lane": "type: 巷",
    "scope: lane": "scope: 巷",
    "duties: [sanitation, patrol]": "duties: [包环境卫生, 治安巡逻]",
}
PERSONS = (
    "id,name,household,member,in_service\np1,李明,h1,full,true\np2,张华,h1,probationary,false\n"
)
PERSONS_ZH = "id,name,household,member,in_service\np1,李明,h1,正式党员,是\np2,张华,h1,预备党员,否\n"
HOUSEHOLDS = "id,community\nh1,c1\n"


def _chinese(text: str) -> str:
    for code, term in CHINESE.items():
        assert code in text
        text = text.replace(code, term)
    return text


def _files(rest: str = REST, persons: str = PERSONS) -> dict[str, str]:
    return {"model.yaml": HEAD + rest, "persons.csv": persons, "households.csv": HOUSEHOLDS}


def _errors(path: Path) -> list[ErrorItem]:
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    return info.value.errors


# -- accepted, noted, dumped as codes -------------------------------------------------
def test_chinese_codes_in_yaml_and_tables_load_to_the_same_model(tmp_path: Path) -> None:
    plain = partygraph.load(write_model(tmp_path / "plain", _files()))
    record = Record()
    path = write_model(tmp_path / "zh", _files(_chinese(REST), PERSONS_ZH))
    chinese = partygraph.load(path, normalised=record)
    assert chinese == plain
    assert chinese.places[0].type == "lane" and chinese.teams[0].routines == [
        "work_meeting",
        "deliberation",
    ]
    notes = {
        (n.file and Path(n.file).name, n.line, n.field, n.written, n.read_as) for n in record.notes
    }
    assert notes == {
        ("model.yaml", 11, "units[0].type", "学校", "school"),
        ("model.yaml", 13, "party_orgs[0].form", "党委", "committee"),
        ("model.yaml", 13, "party_orgs[0].joint", "否", "false"),
        ("model.yaml", 16, "teams[0].routines[0]", "工作例会", "work_meeting"),
        ("model.yaml", 16, "teams[0].routines[1]", "议事决策", "deliberation"),
        ("model.yaml", 18, "places[0].type", "巷", "lane"),
        ("model.yaml", 20, "captains[0].scope", "巷", "lane"),
        ("model.yaml", 21, "captains[0].duties[0]", "包环境卫生", "sanitation"),
        ("model.yaml", 21, "captains[0].duties[1]", "治安巡逻", "patrol"),
        ("persons.csv", 2, "persons.member", "正式党员", "full"),
        ("persons.csv", 2, "persons.in_service", "是", "true"),
        ("persons.csv", 3, "persons.member", "预备党员", "probationary"),
        ("persons.csv", 3, "persons.in_service", "否", "false"),
    }
    assert all(n.why == "中文代码" for n in record.notes)
    # The column of a note is the value's own: 巷 after "type: " on line 18.
    line18 = (HEAD + _chinese(REST)).splitlines()[17]
    [lane] = [n for n in record.notes if n.field == "places[0].type"]
    assert lane.column == line18.index("type: 巷") + len("type: ") + 1


def test_dump_writes_the_codes(tmp_path: Path) -> None:
    model = partygraph.load(write_model(tmp_path, _files(_chinese(REST), PERSONS_ZH)))
    model.dump(tmp_path / "out" / "model.yaml")
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "out").rglob("*.*")))
    for term in ("学校", "党委", "工作例会", "巷", "包环境卫生", "正式党员", "预备党员"):
        assert f": {term}" not in text and f",{term}" not in text, term
    assert "lane" in text and "committee" in text and ",full," in text
    assert partygraph.load(tmp_path / "out" / "model.yaml") == model


def test_chinese_codes_in_a_structure_csv(tmp_path: Path) -> None:
    files = _files("places: {table: places.csv}\n")
    files["places.csv"] = "id,name,type,community\npl1,南巷,巷,c1\npl2,人民路,street,c1\n"
    files["model.yaml"] = (
        files["model.yaml"]
        .replace("divisions:\n", "divisions: {table: divisions.csv}\n")
        .replace(
            "  - {id: city, name: 示例市, level: city}\n"
            "  - {id: dist, name: 城区, level: county, parent: city, district: true}\n"
            "  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}\n"
            "  - {id: c1, name: 东风社区, level: community, parent: sd1}\n",
            "",
        )
    )
    files["divisions.csv"] = (
        "id,name,level,parent,district\n"
        "city,示例市,市,,\ndist,城区,区,city,是\nsd1,南街道,街道,dist,否\nc1,东风社区,社区,sd1,\n"
    )
    record = Record()
    model = partygraph.load(write_model(tmp_path, files), normalised=record)
    assert [d.level for d in model.divisions] == ["city", "county", "subdistrict", "community"]
    assert [d.district for d in model.divisions] == [False, True, False, False]
    assert [p.type for p in model.places] == ["lane", "street"]
    got = {(Path(n.file or "").name, n.line, n.column, n.field, n.read_as) for n in record.notes}
    assert ("divisions.csv", 3, 3, "divisions[1].level", "county") in got
    assert ("divisions.csv", 3, 5, "divisions[1].district", "true") in got
    assert ("divisions.csv", 4, 5, "divisions[2].district", "false") in got
    assert ("places.csv", 2, 3, "places[0].type", "lane") in got
    assert len(got) == 7  # 4 levels, 2 yes/no, 1 type


def test_the_fast_path_leaves_chinese_codes_to_the_standard_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    path = write_model(tmp_path, _files(persons=PERSONS_ZH))

    def arrow_takes(table: str) -> bool:
        path = tmp_path / f"{table}.csv"
        return arrowtables.read(path, TABLES[table], encoding=None, delimiter=",") is not None

    assert not arrow_takes("persons") and arrow_takes("households")
    fast_record, slow_record = Record(), Record()
    fast = partygraph.load(path, normalised=fast_record)
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    slow = partygraph.load(path, normalised=slow_record)
    assert fast == slow
    assert fast_record.notes == slow_record.notes and len(fast_record.notes) == 4
    assert fast.population["persons"]["member"].tolist() == [0, 1]
    assert fast.population["persons"]["in_service"].tolist() == [True, False]


# -- refused in one Chinese sentence ---------------------------------------------------
def test_a_code_that_is_neither_lists_the_codes_with_their_terms(tmp_path: Path) -> None:
    [e] = _errors(write_model(tmp_path, _files(REST.replace("type: lane", "type: 巷子"))))
    assert (Path(e.file or "").name, e.line, e.field) == ("model.yaml", 18, "places[0].type")
    assert e.message == (
        "‘巷子’不是 type 的可选值（是不是“巷”？）；可选：street 街、lane 巷、building 楼"
    )


def test_a_bad_code_in_a_table_lists_the_codes_with_their_terms(tmp_path: Path) -> None:
    persons = PERSONS_ZH.replace("预备党员,否", "党员,有")
    errors = _errors(write_model(tmp_path, _files(persons=persons)))
    assert [(e.line, e.column, e.field) for e in errors] == [
        (3, 4, "persons.member"),
        (3, 5, "persons.in_service"),
    ]
    assert errors[0].message.startswith("‘党员’不是 member 的可选值")
    assert errors[0].message.endswith("可选：full 正式党员、probationary 预备党员")
    assert errors[1].message == "‘有’不是 是/否：请写 是 或 否（也可写 true/false）"


def test_a_bad_code_in_a_list_names_the_field(tmp_path: Path) -> None:
    rest = REST.replace("[work_meeting, deliberation]", "[工作例会, 开会]")
    [e] = _errors(write_model(tmp_path, _files(rest)))
    assert e.field == "teams[0].routines[1]"
    assert e.message.startswith("‘开会’不是 routines 的可选值；可选：work_meeting 工作例会、")


def test_yes_no_in_yaml_refuses_other_words(tmp_path: Path) -> None:
    [e] = _errors(write_model(tmp_path, _files(REST.replace("joint: false", "joint: 无"))))
    assert e.field == "party_orgs[0].joint"
    assert e.message == "‘无’不是 是/否：请写 是 或 否（也可写 true/false）"


def test_a_model_built_in_python_takes_codes_only() -> None:
    with pytest.raises(ValidationError):
        Division(id="c", name="社区", level="社区")  # type: ignore[arg-type]
    try:
        Place.model_validate({"id": "p", "name": "南巷", "type": "巷", "community": "c1"})
    except ValidationError as exc:
        [e] = pydantic_errors(exc, ModelOrigin(0), "places", Place)
    assert e.message == "‘巷’是中文名称，请写代码 ‘lane’（可选：street 街、lane 巷、building 楼）"


# -- the vocabulary ------------------------------------------------------------------
def test_every_code_has_a_term_and_no_term_stands_for_two_codes() -> None:
    for name, (literal, labels) in ENUMERATIONS.items():
        codes = tuple(getattr(literal, "__args__", ()))
        assert set(codes) <= set(labels), name
        terms = terms_of(codes)
        for code in codes:
            assert code_for(codes, labels[code]) == code, (name, code)
        aliases = TERM_ALIASES.get(name, {})
        assert set(aliases.values()) <= set(codes), name
        assert not set(aliases) & set(labels.values()), name  # an alias is no term
        assert len(terms) >= len(codes)
    assert code_for(("street", "lane", "building"), " 巷 ") == "lane"
    assert code_for(("city", "county"), "县（市、区）") == "county"  # full-width brackets


# -- entity errors, told by type -----------------------------------------------------
BAD_VALUES = [
    ("units[0].members_full", "members_full: 多", "‘多’不是整数，请写 0 或更大的整数，例如 3"),
    ("units[0].members_full", "members_full: 3.5", "‘3.5’有小数部分，这里要写整数，例如 3"),
    ("units[0].members_full", "members_full: -1", "-1 太小：不能小于 0"),
    ("units[0].name", "name: " + "长" * 201, "太长：最多 200 个字符"),
    ("units[0].name", "name: ''", "不能为空，请填写"),
    (
        "units[0].municipal",
        "municipal: 也许",
        "‘也许’不是 是/否：请写 是 或 否（也可写 true/false）",
    ),
    (
        "units[0].valid_from",
        "valid_from: 去年",
        "日期‘去年’无法识别，请写成 2023-04-26 或 2023/4/26",
    ),
    ("units[0].name", "name: 101", "应是文字，这里读到的是 101；"),
    (
        "units[0].id",
        "id: u 1",
        "“u 1”不是有效的编号：编号由字母、数字和 _ . : / - 组成，不含空格",
    ),
    ("units[0].colour", "colour: 红", "没有 ‘colour’ 这个字段；可用的字段：id、name、"),
]


@pytest.mark.parametrize(("field", "written", "said"), BAD_VALUES)
def test_entity_errors_are_told_in_chinese(
    tmp_path: Path, field: str, written: str, said: str
) -> None:
    unit = "  - {id: u1, name: 东风小学, type: school, division: c1}\n"
    key = written.split(":", maxsplit=1)[0]
    fields = {"id": "u1", "name": "东风小学", "type": "school", "division": "c1"}
    fields[key] = written.split(": ", 1)[1]
    line = "  - {" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}\n"
    [e] = _errors(write_model(tmp_path, _files(REST.replace(unit, line))))
    assert e.field == field
    assert e.message.startswith(said), e.message
    assert "Input should" not in e.message and "^[" not in e.message
    with use_language("en"):
        [en] = _errors(tmp_path / "model.yaml")
    assert en.field == field and en.message != e.message


def test_python_cross_field_checks_are_told_in_chinese(tmp_path: Path) -> None:
    unit = "  - {id: u1, name: 东风小学, type: school, division: c1}\n"
    bad = "  - {id: u1, name: 东风小学, type: school, division: c1, members_full: true,\n"
    bad += "     valid_from: 2024-01-01, valid_until: 2023-01-01}\n"
    errors = _errors(write_model(tmp_path, _files(REST.replace(unit, bad))))
    assert [e.message for e in errors] == ["members_full：true 不是数，请写一个人数（例如 12）"]
    bad = bad.replace("members_full: true,", "members_full: 2,")
    [e] = _errors(write_model(tmp_path, _files(REST.replace(unit, bad))))
    assert e.field == "units[0].valid_until"
    assert (
        e.message == "valid_until（2023-01-01）早于 valid_from（2024-01-01）；请对调两个日期或改正"
    )


@pytest.mark.parametrize("written", ["0", "1.5", "2023-01-01", "true"])
def test_a_code_written_as_a_number_or_date_is_one_sentence(tmp_path: Path, written: str) -> None:
    # Found by test_properties: `level: 0` reached the "did you mean" hint as an int
    # and crashed it (exit 70).
    path = write_model(
        tmp_path,
        {"model.yaml": f"partygraph: 1\ndivisions:\n  - {{id: c, name: 市, level: {written}}}\n"},
    )
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    (error,) = info.value.errors
    assert (error.line, error.column, error.field) == (3, 29, "divisions[0].level")  # the value
    assert "不是 level 的可选值" in error.message and "city 市" in error.message
