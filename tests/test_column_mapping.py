"""``columns:`` mappings, the built-in Chinese headers, and tab-delimited tables."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.io import arrowtables
from partygraph.io.companions import COMPANIONS
from partygraph.io.mapping import table_fields
from partygraph.model import SECTIONS, TABLES
from partygraph.normalised import Record
from partygraph.vocabulary.headers import HEADERS, TABLE_TITLES, header, header_aliases

from conftest import write_model

BASE = """partygraph: 1
name: 示例
divisions:
  - {id: c, name: 示例市, level: city}
  - {id: k, name: 城区, level: county, parent: c}
  - {id: s, name: 南街道, level: subdistrict, parent: k}
  - {id: m, name: 东风社区, level: community, parent: s}
"""  # the table references go on line 8 and after
ALL_TABLES = [*SECTIONS, *COMPANIONS, *TABLES]


def load(tmp_path: Path, refs: str, **files: str) -> tuple[partygraph.Model, Record]:
    record = Record()
    model = partygraph.load(
        write_model(tmp_path, {"model.yaml": BASE + refs, **files}), normalised=record
    )
    return model, record


def errors_of(tmp_path: Path, refs: str, **files: str) -> list[ErrorItem]:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, refs, **files)
    return info.value.errors


# -- the vocabulary of headers ---------------------------------------------------------
def test_every_column_of_every_table_has_a_chinese_header_and_a_title() -> None:
    assert set(HEADERS) == set(ALL_TABLES) == set(TABLE_TITLES)
    for table in ALL_TABLES:
        for field in table_fields(table):
            if field in ("items", "part_time_members", "meetings"):
                continue  # nested records: companion tables, not columns
            assert header(table, field) != field, (table, field)
            # the header written is read back as the field
            assert header_aliases(table)[header(table, field)] == field, (table, field)


def test_no_header_names_two_columns_of_one_table() -> None:
    for table in ALL_TABLES:
        aliases = header_aliases(table)
        for field in table_fields(table):
            assert aliases.get(field) in (None, field), (table, field)
        assert set(aliases.values()) <= set(table_fields(table)), table


def test_sheet_names_are_ones_excel_takes() -> None:
    titles = list(TABLE_TITLES.values())
    assert len(set(titles)) == len(titles)
    assert all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)


# -- Chinese headers as exported -------------------------------------------------------
UNITS = "编号,名称,所属社区,类型\nu1,市财政局,m,agency\nu2,东风小学,m,school\nu3,安居物业,m,other\n"


def test_a_table_with_chinese_headers_loads_as_it_is_noted_once_per_header(
    tmp_path: Path,
) -> None:
    model, record = load(tmp_path, "units: {table: 单位.csv}\n", **{"单位.csv": UNITS})
    assert [(u.id, u.name, u.division, u.type) for u in model.units] == [
        ("u1", "市财政局", "m", "agency"),
        ("u2", "东风小学", "m", "school"),
        ("u3", "安居物业", "m", "other"),
    ]
    notes = [(Path(n.file or "").name, n.line, n.column, n.field, n.written, n.read_as, n.why)
             for n in record.notes]  # fmt: skip
    assert notes == [
        ("单位.csv", 1, 1, "units.id", "编号", "id", "中文表头"),
        ("单位.csv", 1, 2, "units.name", "名称", "name", "中文表头"),
        ("单位.csv", 1, 3, "units.division", "所属社区", "division", "中文表头"),
        ("单位.csv", 1, 4, "units.type", "类型", "type", "中文表头"),
    ]


def test_an_explicit_mapping(tmp_path: Path) -> None:
    text = "单位代码,单位名称,社区,类别\nu1,市财政局,m,agency\n"
    columns = "{单位代码: id, 单位名称: name, 社区: division, 类别: type}"
    refs = f"units: {{table: 单位.csv, columns: {columns}}}\n"
    model, record = load(tmp_path, refs, **{"单位.csv": text})
    assert [(u.id, u.name, u.division, u.type) for u in model.units] == [
        ("u1", "市财政局", "m", "agency")
    ]
    assert record.notes == []  # what the user said is not a normalisation


def test_a_mapped_cell_s_problem_names_the_field_at_the_cell(tmp_path: Path) -> None:
    text = "编号,名称,类型\nu1,市财政局,agency\nu2,东风小学,skool\n"
    (e,) = errors_of(tmp_path, "units: {table: 单位.csv}\n", **{"单位.csv": text})
    assert (Path(e.file or "").name, e.line, e.column, e.field) == (
        "单位.csv",
        3,
        3,
        "units[1].type",
    )


@pytest.mark.parametrize(
    ("columns", "where", "message"),
    [
        (
            "{编号: id, 名称: nam}",
            (8, 46, "units.columns.名称"),
            "“nam”不是 units 的字段（是“name”吗？）；可用的字段有：id、name、valid_from、"
            "valid_until、note、type、division、municipal、members_full、instructor",
        ),
        (
            "{编号: id, 代码: id}",
            (8, 46, "units.columns.代码"),
            "字段“id”已由表头“编号”对应：每个字段只能对应一列",
        ),
        (
            "[编号, id]",
            (8, 33, "units.columns"),
            "columns 写“表头: 字段”的对应，例如 columns: {编号: id, 名称: name}",
        ),
        (
            "{编号: 1}",
            (8, 38, "units.columns.编号"),
            "“编号: 1”：表头和字段都应是文字，例如 编号: id",
        ),
    ],
)
def test_a_mapping_that_is_wrong(
    tmp_path: Path, columns: str, where: tuple[int, int, str], message: str
) -> None:
    refs = f"units: {{table: 单位.csv, columns: {columns}}}\n"
    (e,) = errors_of(tmp_path, refs, **{"单位.csv": UNITS})
    assert ((e.line, e.column, e.field), e.message) == (where, message)


def test_a_mapped_header_the_table_does_not_have(tmp_path: Path) -> None:
    refs = "units: {table: 单位.csv, columns: {单位编号: id}}\n"
    (e,) = errors_of(tmp_path, refs, **{"单位.csv": UNITS})
    assert (Path(e.file or "").name, e.line, e.column, e.field) == (
        "model.yaml", 8, 34, "units.columns.单位编号"
    )  # fmt: skip
    assert e.message == (
        f"表“{tmp_path / '单位.csv'}”没有列名为“单位编号”的列：表头是 编号、名称、所属社区、类型"
    )


def test_two_headers_read_as_one_field(tmp_path: Path) -> None:
    text = "编号,id,名称,类型\nu1,u1,市财政局,agency\n"
    (e,) = errors_of(tmp_path, "units: {table: 单位.csv}\n", **{"单位.csv": text})
    assert (e.line, e.column, e.field, e.message) == (
        1,
        2,
        "units.id",
        "列“id”和列“编号”都读作字段“id”：请删去其中一列，或用 columns: 写明",
    )


def test_a_companion_with_chinese_headers(tmp_path: Path) -> None:
    refs = (
        "expanded_bodies:\n  - {id: e1, name: 东风社区大党委, form: expanded_committee,"
        " core: o1, division: m}\n"
        "party_orgs:\n  - {id: o1, name: 东风社区党委, form: committee, division: m}\n"
        "meetings: {table: 会议.csv}\n"
    )
    text = "召开组织,会议日期,会议类型\ne1,2024-06-18,联席会议\n"
    model, _ = load(tmp_path, refs, **{"会议.csv": text})
    (body,) = model.expanded_bodies
    assert [(str(m.date), m.kind) for m in body.meetings] == [("2024-06-18", "联席会议")]


# -- bulk tables, standard path and Arrow ------------------------------------------------
HOUSEHOLDS_EN = "id,community,size\nh1,m,3\nh2,m,2\n"
HOUSEHOLDS_ZH = "户编号,所在社区,户内人数\nh1,m,3\nh2,m,2\n"


def test_a_bulk_table_with_chinese_headers_is_the_same_on_either_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)  # Arrow takes any table it can
    refs = "households: {table: h.csv}\n"
    with caplog.at_level(logging.DEBUG, logger="partygraph.io.arrowtables"):
        english, _ = load(tmp_path / "en", refs, **{"h.csv": HOUSEHOLDS_EN})
        chinese, record = load(tmp_path / "zh", refs, **{"h.csv": HOUSEHOLDS_ZH})
    paths = [
        r.bulk_path
        for r in caplog.records
        if hasattr(r, "bulk_path") and r.bulk_path.step == "read"
    ]
    assert [(p.table, p.path) for p in paths][:2] == [
        ("households", "arrow"),
        ("households", "standard"),
    ]
    assert paths[1].why == "header read through columns/aliases"
    for column in ("id", "community", "size", "grid"):
        got = chinese.population["households"][column].tolist()
        assert got == english.population["households"][column].tolist(), column
    assert [n.written for n in record.notes] == ["户编号", "所在社区", "户内人数"]


# -- tab-delimited tables --------------------------------------------------------------
def test_a_tab_delimited_table_is_detected_and_noted(tmp_path: Path) -> None:
    text = "编号\t名称\t所属社区\t类型\nu1\t市财政局，办公室\tm\tagency\n"
    model, record = load(tmp_path, "units: {table: 单位.txt}\n", **{"单位.txt": text})
    assert [(u.id, u.name) for u in model.units] == [("u1", "市财政局，办公室")]
    first = record.notes[0]
    assert (Path(first.file or "").name, first.line, first.field, first.why) == (
        "单位.txt", 1, "units.delimiter", "制表符分隔"
    )  # fmt: skip
    assert str(first).endswith('“表头有制表符、没有逗号” 读作 “"\\t"”（制表符分隔）')


def test_a_header_with_commas_and_tabs_is_comma_delimited(tmp_path: Path) -> None:
    text = "id,name\tx,type\nu1,市财政局,agency\n"
    errors = errors_of(tmp_path, "units: {table: u.csv}\n", **{"u.csv": text})
    # split at the commas: the second column is “name<tab>x”, unknown
    assert [(e.line, e.column) for e in errors if "不认识的列" in e.message] == [(1, 2)]


def test_a_delimiter_given_is_used(tmp_path: Path) -> None:
    text = "id\tname\ttype\nu1\t市财政局\tagency\n"
    model, record = load(tmp_path, 'units: {table: u.csv, delimiter: "\\t"}\n', **{"u.csv": text})
    assert [u.name for u in model.units] == ["市财政局"]
    assert record.notes == []
