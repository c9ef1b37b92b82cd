"""Every kind of configuration error is reported, where it is, in words that say what to do.

Each test writes (or reads from ``tests/fixtures/errors/``) a small broken model
and checks the file, line, column and a key phrase of each problem reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import partygraph
from partygraph.cli import main
from partygraph.errors import ConfigError, ErrorItem
from partygraph.io import tables, yamlsrc

from conftest import FIXTURES, write_model

ERRORS = FIXTURES / "errors"

#: A valid start: lines 1-10; whatever a test appends begins on line 11.
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
  - {id: g2, name: 第二居民小组, level: residents_group, parent: c2}
"""


def load_errors(folder: Path, files: dict[str, str | bytes] | None = None) -> list[ErrorItem]:
    """Write ``files`` into ``folder``, load ``model.yaml`` there, return its errors."""
    with pytest.raises(ConfigError) as info:
        partygraph.load(write_model(folder, files or {}))
    return info.value.errors


def file_errors(path: Path) -> list[ErrorItem]:
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    return info.value.errors


def where(errors: list[ErrorItem]) -> list[tuple[str, int | None, int | None, str]]:
    """(file name, line, column, field) of each error, in order."""
    return [(Path(e.file or "").name, e.line, e.column, e.field) for e in errors]


def only(errors: list[ErrorItem]) -> ErrorItem:
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


# -- YAML: shape --------------------------------------------------------------
def test_unknown_field_points_at_the_key_and_suggests_the_right_one(tmp_path: Path) -> None:
    text = BASE + "units:\n  - {id: u1, name: 财政局, type: agency, divison: c1}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 12, 39, "units[0].divison")]
    assert "没有 ‘divison’ 这个字段（是不是“division”？）" in e.message


def test_unknown_section_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    e = only(load_errors(tmp_path, {"model.yaml": BASE + "compund:\n  - {id: x}\n"}))
    assert where([e]) == [("model.yaml", 11, 1, "compund")]
    assert "未知的部分‘compund’（是不是“compounds”？）" in e.message


def test_duplicate_yaml_key_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    text = BASE + "units:\n  - id: u1\n    name: 财政局\n    type: agency\n    name: 教育局\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 15, 5, "name")]
    assert "键‘name’重复（第一次出现在第 13 行）" in e.message


def test_end_before_start_points_at_valid_until(tmp_path: Path) -> None:
    text = BASE + (
        "units:\n"
        "  - id: u1\n"
        "    name: 财政局\n"
        "    type: agency\n"
        "    valid_from: 2021-01-01\n"
        "    valid_until: 2020-12-31\n"
    )
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 16, 18, "units[0].valid_until")]
    assert "valid_until（2020-12-31）早于 valid_from（2021-01-01）" in e.message


def test_bad_value_says_what_was_given(tmp_path: Path) -> None:
    text = BASE + "units:\n  - {id: u1, name: 财政局, type: bank}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 12, 31, "units[0].type")]
    assert "‘bank’不是 type 的可选值" in e.message


def test_a_number_where_text_belongs_says_to_quote_it(tmp_path: Path) -> None:
    text = BASE + "units:\n  - {id: 101, name: 财政局, type: agency}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 12, 10, "units[0].id")]
    assert "加上引号就是文字：'101'" in e.message


def test_a_key_that_is_not_text_is_located(tmp_path: Path) -> None:
    text = BASE + "units:\n  - {id: u1, name: 财政局, type: agency, 2024: 预算}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 12, 45, "units[0][2024]")]
    assert e.message == "字段名 2024 应是文字；YAML 把它读成了数或其他值，请改成字段名"


def test_missing_field_points_at_the_entry(tmp_path: Path) -> None:
    text = BASE + "places:\n  - {id: pl1, name: 人民路, type: street}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 12, 5, "places[0].community")]
    assert "缺少必填字段 ‘community’" in e.message


def test_field_path_counts_the_entries_as_written(tmp_path: Path) -> None:
    text = BASE + (
        "units:\n"
        "  - {id: u1, name: 财政局, type: bank}\n"
        "  - {id: u2, name: 教育局, type: agency}\n"
        "  - {id: u3, name: 卫生局, type: clinic}\n"
    )
    errors = load_errors(tmp_path, {"model.yaml": text})
    assert [e.field for e in errors] == ["units[0].type", "units[2].type"]


# -- YAML: references ---------------------------------------------------------
def test_duplicate_id_across_sections_names_the_first_place(tmp_path: Path) -> None:
    text = BASE + "units:\n  - {id: c1, name: 社区居委会, type: residents_committee}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 12, 10, "units[0].id")]
    assert "编号 ‘c1’ 重复：" in e.message
    assert "model.yaml:7（divisions）" in e.message


def test_dangling_reference_is_reported_at_the_value(tmp_path: Path) -> None:
    text = BASE + "compounds:\n  - {id: cp1, name: 锦绣小区, community: c1, property_company: u9}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 12, 60, "compounds[0].property_company")]
    assert e.message == "找不到编号 ‘u9’：units 里没有它"


def test_reference_to_an_entity_of_another_section_says_where_it_is(tmp_path: Path) -> None:
    text = BASE + "grids:\n  - {id: gr1, name: 一网格, community: c1, leader: p1}\n"
    text += "compounds:\n  - {id: cp1, name: 锦绣小区, community: gr1}\n"
    errors = load_errors(tmp_path, {"model.yaml": text})
    assert [e.message for e in errors] == [
        "找不到 ‘p1’：persons 表里没有这个编号；请把它加到 persons 表，或改正编号",
        "找不到编号 ‘gr1’：divisions 里没有它（它在 grids 里，不在 divisions 里）",
    ]


def test_parent_of_the_wrong_level(tmp_path: Path) -> None:
    text = BASE + "  - {id: c3, name: 南山社区, level: community, parent: dist}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 11, 52, "divisions[7].parent")]
    assert "社区的上级必须是街道，但 ‘dist’是县(市、区)" in e.message


def test_reference_of_the_wrong_level(tmp_path: Path) -> None:
    text = BASE + "compounds:\n  - {id: cp1, name: 锦绣小区, community: sd1}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 12, 38, "compounds[0].community")]
    assert "‘sd1’是街道，但 community 必须是社区" in e.message


def test_cycle_in_divisions(tmp_path: Path) -> None:
    text = BASE.replace("level: city}", "level: city, parent: sd1}")
    errors = load_errors(tmp_path, {"model.yaml": text})
    cycle = [e for e in errors if "循环" in e.message]
    assert where(cycle) == [("model.yaml", 4, 48, "divisions[0].parent")]
    assert "层级里有循环：city -> sd1 -> dist -> city" in cycle[0].message
    assert any("市是最高一级，没有上级" in e.message for e in errors)


def test_cycle_in_party_orgs(tmp_path: Path) -> None:
    text = BASE + (
        "party_orgs:\n"
        "  - {id: o1, name: 一支部, form: branch, parent: o3}\n"
        "  - {id: o2, name: 二支部, form: branch, parent: o1}\n"
        "  - {id: o3, name: 三支部, form: branch, parent: o2}\n"
        "  - {id: o4, name: 四支部, form: branch, parent: o4}\n"
    )
    errors = load_errors(tmp_path, {"model.yaml": text})
    assert where(errors) == [
        ("model.yaml", 12, 47, "party_orgs[0].parent"),
        ("model.yaml", 15, 47, "party_orgs[3].parent"),
    ]
    assert "层级里有循环：o1 -> o3 -> o2 -> o1" in errors[0].message
    assert errors[1].message == "‘o4’引用了它自己"


def test_cycle_in_service_centres(tmp_path: Path) -> None:
    text = BASE + (
        "service_centres:\n"
        "  - {id: s1, name: 甲中心, level: community, division: c1, parent: s2}\n"
        "  - {id: s2, name: 乙中心, level: community, division: c2, parent: s1}\n"
    )
    errors = load_errors(tmp_path, {"model.yaml": text})
    cycle = [e for e in errors if "循环" in e.message]
    assert where(cycle) == [("model.yaml", 12, 65, "service_centres[0].parent")]
    assert "s1 -> s2 -> s1" in cycle[0].message
    levels = [e for e in errors if "社区级党群服务中心不能由社区级中心统筹" in e.message]
    assert len(levels) == 2


def test_a_service_item_is_not_a_service_centre(tmp_path: Path) -> None:
    text = BASE + (
        "service_centres:\n"
        "  - id: s1\n"
        "    name: 甲中心\n"
        "    level: subdistrict\n"
        "    division: sd1\n"
        "    items: [{id: it1, name: 居住证明}]\n"
        "  - {id: s2, name: 乙中心, level: community, division: c1, parent: it1}\n"
    )
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 17, 65, "service_centres[1].parent")]
    assert "（它在 service_centres.items 里，不在 service_centres 里）" in e.message


def test_reference_to_an_invalid_entity_is_not_reported_twice(tmp_path: Path) -> None:
    text = BASE + (
        "compounds:\n"
        "  - {id: cp1, name: 锦绣小区, community: c1, colour: red}\n"
        "party_orgs:\n"
        "  - {id: o1, name: 锦绣小区党支部, form: branch, compound: cp1}\n"
    )
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 12, 42, "compounds[0].colour")]


def test_several_problems_in_one_file_come_in_one_error() -> None:
    errors = file_errors(ERRORS / "many_problems.yaml")
    assert where(errors) == [
        ("many_problems.yaml", 6, 41, "divisions[1].parnet"),
        ("many_problems.yaml", 11, 5, "name"),
        ("many_problems.yaml", 12, 52, "divisions[3].parent"),
    ]
    assert "没有 ‘parnet’ 这个字段（是不是“parent”？）" in errors[0].message
    assert "键‘name’重复（第一次出现在第 8 行）" in errors[1].message
    assert errors[2].message == "找不到编号 ‘sd9’：divisions 里没有它"


# -- includes -----------------------------------------------------------------
def test_include_cycle_is_reported_at_the_include() -> None:
    e = only(file_errors(ERRORS / "include_cycle" / "model.yaml"))
    assert where([e]) == [("b.yaml", 3, 10, "include")]
    assert "循环包含：model.yaml -> a.yaml -> b.yaml -> a.yaml" in e.message


def test_missing_include_is_reported_at_the_include(tmp_path: Path) -> None:
    text = BASE + "include:\n  - services.yaml\n  - nowhere.yaml\n"
    files = {"model.yaml": text, "services.yaml": "issue_categories: [{id: ic, name: 环境}]\n"}
    e = only(load_errors(tmp_path, files))
    assert where([e]) == [("model.yaml", 13, 5, "include")]
    assert "nowhere.yaml: 无法读取文件：文件不存在" in e.message


def test_file_included_twice(tmp_path: Path) -> None:
    files = {
        "model.yaml": BASE + "include: [a.yaml, b.yaml]\n",
        "a.yaml": "include: b.yaml\n",
        "b.yaml": "issue_categories: [{id: ic, name: 环境}]\n",
    }
    e = only(load_errors(tmp_path, files))
    assert where([e]) == [("model.yaml", 11, 19, "include")]
    assert "b.yaml 被包含了两次" in e.message


def test_head_keys_belong_in_the_entry_file(tmp_path: Path) -> None:
    files = {"model.yaml": BASE + "include: a.yaml\n", "a.yaml": "name: 另一个\n"}
    e = only(load_errors(tmp_path, files))
    assert where([e]) == [("a.yaml", 1, 1, "name")]
    assert "只能写在入口文件里" in e.message


def test_unsupported_format_version(tmp_path: Path) -> None:
    e = only(load_errors(tmp_path, {"model.yaml": BASE.replace("partygraph: 1", "partygraph: 2")}))
    assert where([e]) == [("model.yaml", 1, 13, "partygraph")]
    assert "不支持格式版本 2" in e.message


# -- hostile YAML -------------------------------------------------------------
def test_python_tags_are_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = BASE + f"units: !!python/object/apply:os.system ['touch {marker}']\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert where([e]) == [("model.yaml", 11, 8, "")]
    assert "只读普通 YAML" in e.message
    assert not marker.exists()


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    e = only(load_errors(tmp_path, {"model.yaml": "\n".join(lines) + "\n"}))
    assert where([e]) == [("model.yaml", 1, 1, "")]
    assert "展开别名后文件有" in e.message
    assert "别名" in e.message


def test_nesting_deeper_than_the_limit_is_refused(tmp_path: Path) -> None:
    depth = yamlsrc.MAX_DEPTH + 5
    text = BASE + "units: " + "[" * depth + "]" * depth + "\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert (Path(e.file or "").name, e.line) == ("model.yaml", 11)
    assert f"嵌套超过 {yamlsrc.MAX_DEPTH} 层" in e.message


def test_nesting_through_aliases_counts_too(tmp_path: Path) -> None:
    nested = "[" * 40 + "1" + "]" * 40
    text = f"a: &a {nested}\nb: &b {nested.replace('1', '*a')}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert "嵌套超过" in e.message


def test_an_alias_to_itself_is_refused(tmp_path: Path) -> None:
    e = only(load_errors(tmp_path, {"model.yaml": "units: &u\n  - *u\n"}))
    assert "通过别名（&a …… *a）引用了自己" in e.message


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsrc, "MAX_FILE_BYTES", 100)
    e = only(load_errors(tmp_path, {"model.yaml": BASE}))
    assert (Path(e.file or "").name, e.line) == ("model.yaml", None)
    assert "超过 100 字节的上限" in e.message
    assert "include:" in e.message


def test_oversized_table_is_refused_at_its_table_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 10)
    files = {"model.yaml": BASE + "persons: {table: p.csv}\n", "p.csv": "id,name\np1,李明\n"}
    e = only(load_errors(tmp_path, files))
    assert where([e]) == [("model.yaml", 11, 18, "persons.table")]
    assert "超过 10 字节的上限；请把这些行分到几个表格来源" in e.message


def test_control_character_is_reported_with_its_place(tmp_path: Path) -> None:
    e = only(load_errors(tmp_path, {"model.yaml": BASE + "name2: a\x00b\n"}))
    assert where([e]) == [("model.yaml", 11, 9, "")]
    assert "不允许字符 #x0000" in e.message


def test_yaml_file_not_utf8_says_so(tmp_path: Path) -> None:
    e = only(load_errors(tmp_path, {"model.yaml": BASE.encode("gbk")}))
    assert (Path(e.file or "").name, e.line) == ("model.yaml", 2)
    assert "请另存为 UTF-8" in e.message


# -- CSV tables ---------------------------------------------------------------
def csv_errors(tmp_path: Path, table: str, csv: str, *, extra: str = "") -> list[ErrorItem]:
    """Errors of BASE plus one bulk table read from ``<table>.csv``."""
    yaml = BASE + extra + f"{table}: {{table: {table}.csv}}\n"
    return load_errors(tmp_path, {"model.yaml": yaml, f"{table}.csv": csv})


def test_unknown_column(tmp_path: Path) -> None:
    e = only(csv_errors(tmp_path, "households", "id,community,colour\nh1,c1,red\n"))
    assert where([e]) == [("households.csv", 1, 3, "households.colour")]
    assert "不认识的列“colour”；可用的列：id, community," in e.message


def test_missing_required_column_is_reported_once(tmp_path: Path) -> None:
    e = only(csv_errors(tmp_path, "households", "id,size\nh1,3\nh2,4\nh3,5\n"))
    assert where([e]) == [("households.csv", 1, None, "households.community")]
    assert e.message == "缺少必填的列“community”：请在表头加上这一列"


def test_bad_cells_each_at_their_line_and_column(tmp_path: Path) -> None:
    csv = (
        "id,name,household,member,org,unit,in_service\n"
        "p1,李明,,full,,,是\n"
        "p2,张华,,member,,,maybe\n"
        "p3,王芳,,,,,否\n"
    )
    errors = csv_errors(tmp_path, "persons", csv)
    assert where(errors) == [
        ("persons.csv", 3, 4, "persons.member"),
        ("persons.csv", 3, 7, "persons.in_service"),
    ]
    assert (
        "‘member’不是 member 的可选值；可选：full 正式党员、probationary 预备党员"
        in errors[0].message
    )
    assert "‘maybe’不是 是/否：请写 是 或 否（也可写 true/false）" in errors[1].message


def test_bad_int_and_date_cells(tmp_path: Path) -> None:
    extra = "central_households:\n  - {id: ch1, name: 中心户, community: c1}\n"
    hh = "id,community,size\nh1,c1,3\nh2,c1,-2\nh3,c1,2.5\nh4,c1,\n"
    links = (
        "central_household,household,last_visit\n"
        "ch1,h1,2024-05-01\n"
        "ch1,h2,2024/13/1\n"
        "ch1,h3,2024-02-30\n"
        "ch1,h4,\n"
    )
    yaml = (
        BASE + extra + "households: {table: hh.csv}\ncentral_household_links: {table: links.csv}\n"
    )
    errors = load_errors(tmp_path, {"model.yaml": yaml, "hh.csv": hh, "links.csv": links})
    assert where(errors) == [
        ("hh.csv", 3, 3, "households.size"),
        ("hh.csv", 4, 3, "households.size"),
        ("links.csv", 3, 3, "central_household_links.last_visit"),
        ("links.csv", 4, 3, "central_household_links.last_visit"),
    ]
    assert errors[0].message.startswith("“-2”不是整数：请写 0 或正整数")
    assert errors[1].message.startswith("“2.5”不是整数")
    assert errors[2].message == "日期‘2024/13/1’无法识别，请写成 2023-04-26 或 2023/4/26"
    assert errors[3].message == "日期‘2024-02-30’无法识别，请写成 2023-04-26 或 2023/4/26"


def test_ragged_row_does_not_hide_other_problems(tmp_path: Path) -> None:
    csv = "id,community,size\nh1,c1,3,extra\nh2,c1,x\n"
    errors = csv_errors(tmp_path, "households", csv)
    assert where(errors) == [
        ("households.csv", 2, None, "households"),
        ("households.csv", 3, 3, "households.size"),
    ]
    assert errors[0].message.startswith("这一行有 4 个格子，表头有 3 列")


def test_line_numbers_count_quoted_line_breaks(tmp_path: Path) -> None:
    csv = 'id,name,household\np1,"李\n明",\np2,张华,h9\n'
    e = only(csv_errors(tmp_path, "persons", csv))
    assert where([e]) == [("persons.csv", 4, 3, "persons.household")]


def test_unknown_reference_in_a_table(tmp_path: Path) -> None:
    e = only(csv_errors(tmp_path, "households", "id,community\nh1,c1\nh2,c9\n"))
    assert where([e]) == [("households.csv", 3, 2, "households.community")]
    assert e.message == "找不到编号 ‘c9’：divisions 里没有它"


def test_reference_of_the_wrong_level_in_a_table(tmp_path: Path) -> None:
    e = only(csv_errors(tmp_path, "households", "id,community\nh1,sd1\n"))
    assert where([e]) == [("households.csv", 2, 2, "households.community")]
    assert "‘sd1’是街道，但 community 必须是社区" in e.message


def test_household_placed_in_another_community(tmp_path: Path) -> None:
    extra = (
        "grids:\n  - {id: gr2, name: 西湖网格, community: c2}\n"
        "compounds:\n  - {id: cp2, name: 西湖小区, community: c2}\n"
    )
    csv = "id,community,residents_group,grid,compound\nh1,c1,g2,gr2,cp2\nh2,c2,g2,gr2,cp2\n"
    errors = csv_errors(tmp_path, "households", csv, extra=extra)
    assert where(errors) == [
        ("households.csv", 2, 3, "households.residents_group"),
        ("households.csv", 2, 4, "households.grid"),
        ("households.csv", 2, 5, "households.compound"),
    ]
    assert "residents_group ‘g2’ 不在社区 ‘c1’ 里（它在 ‘c2’）" in errors[0].message
    assert "grid ‘gr2’ 不在社区 ‘c1’ 里" in errors[1].message
    assert "compound ‘cp2’ 不在社区 ‘c1’ 里" in errors[2].message


def test_duplicate_household_id(tmp_path: Path) -> None:
    e = only(csv_errors(tmp_path, "households", "id,community\nh1,c1\nh2,c1\nh1,c2\n"))
    assert where([e]) == [("households.csv", 4, 1, "households.id")]
    assert "编号 ‘h1’ 重复（第一次出现在" in e.message
    assert "households.csv:2）" in e.message


def test_person_id_clashing_with_an_entity_id(tmp_path: Path) -> None:
    e = only(csv_errors(tmp_path, "persons", "id,name\np1,李明\nc1,张华\n"))
    assert where([e]) == [("persons.csv", 3, 1, "persons.id")]
    assert "编号 ‘c1’ 也用在 divisions（" in e.message


def test_person_id_clashing_with_a_household_id(tmp_path: Path) -> None:
    extra = "households: [{id: h1, community: c1}]\n"
    e = only(csv_errors(tmp_path, "persons", "id,name\nh1,李明\n", extra=extra))
    assert where([e]) == [("persons.csv", 2, 1, "persons.id")]
    assert "编号 ‘h1’ 也用在 households（" in e.message


def test_inline_rows_are_checked_like_csv_rows(tmp_path: Path) -> None:
    text = BASE + (
        "households:\n"
        "  - {id: h1, community: c1, size: many}\n"
        "  - {id: h2, community: c9, colour: red}\n"
    )
    errors = load_errors(tmp_path, {"model.yaml": text})
    assert where(errors) == [
        ("model.yaml", 12, 35, "households.size"),
        ("model.yaml", 13, 25, "households.community"),
        ("model.yaml", 13, 29, "households.colour"),
    ]


def test_missing_table_file_is_reported_at_the_table_line(tmp_path: Path) -> None:
    e = only(load_errors(tmp_path, {"model.yaml": BASE + "persons: {table: nobody.csv}\n"}))
    assert where([e]) == [("model.yaml", 11, 18, "persons.table")]
    assert "nobody.csv: 无法读取文件：文件不存在" in e.message


def test_bad_table_options(tmp_path: Path) -> None:
    text = BASE + "persons: {table: p.csv, encoding: 936, delimiter: ';;', sep: ','}\n"
    errors = load_errors(tmp_path, {"model.yaml": text, "p.csv": "id\np1\n"})
    assert [e.field for e in errors] == ["persons.encoding", "persons.delimiter", "persons.sep"]


def test_references_into_an_unreadable_table_are_not_all_reported(tmp_path: Path) -> None:
    extra = "grids:\n  - {id: gr1, name: 一网格, community: c1, leader: p1}\n"
    text = BASE + extra + "persons: {table: nobody.csv}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text}))
    assert e.field == "persons.table"


# -- encodings ----------------------------------------------------------------
def test_gbk_table_without_encoding_says_how_to_fix_it() -> None:
    e = only(file_errors(ERRORS / "gbk" / "model.yaml"))
    assert (Path(e.file or "").name, e.line) == ("persons_gbk.csv", 2)
    assert "encoding: gb18030" in e.message


def test_gbk_table_with_encoding_loads() -> None:
    model = partygraph.load(ERRORS / "gbk" / "model_gb18030.yaml")
    assert model.population["persons"]["name"].tolist() == ["李明", "张华"]


def test_utf8_table_with_bom_loads() -> None:
    model = partygraph.load(ERRORS / "gbk" / "model_bom.yaml")
    assert model.population["persons"]["id"].tolist() == ["p1", "p2"]


def test_wrong_explicit_encoding(tmp_path: Path) -> None:
    text = BASE + "persons: {table: p.csv, encoding: big5hkscs-x}\n"
    e = only(load_errors(tmp_path, {"model.yaml": text, "p.csv": "id\np1\n"}))
    assert where([e]) == [("model.yaml", 11, 18, "persons.table")]
    assert "不认识的编码 “big5hkscs-x”" in e.message


# -- the command line ---------------------------------------------------------
def test_cli_prints_one_line_per_problem_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    path = ERRORS / "many_problems.yaml"
    errors = file_errors(path)
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert lines[:-1] == [str(e) for e in errors]
    assert lines[-1] == "partygraph: 发现 3 个问题"
    assert lines[0].startswith(f"{path}:6:41: divisions[1].parnet: 没有 ‘parnet’ 这个字段")
    assert "Traceback" not in err
