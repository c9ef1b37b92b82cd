"""Tables in Excel workbooks (python-calamine), and workbooks or UTF-16 files
named where a CSV table is expected: each read, or refused with the right advice.

Every workbook is written here, at test time (openpyxl or xlsxwriter)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.io import xlsx
from partygraph.io.readfile import what_it_is
from partygraph.normalised import Record

from conftest import write_model

BASE = """partygraph: 1
name: 示例
divisions:
  - {id: c, name: 示例市, level: city}
  - {id: k, name: 城区, level: county, parent: c}
  - {id: s, name: 南街道, level: subdistrict, parent: k}
  - {id: m, name: 东风社区, level: community, parent: s}
"""  # the table references go on line 8 and after


def book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook with ``sheets`` (name -> rows from A1), written by openpyxl."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def errors_of(model: Path) -> list[ErrorItem]:
    with pytest.raises(ConfigError) as info:
        partygraph.load(model)
    return info.value.errors


def only(errors: list[ErrorItem]) -> ErrorItem:
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def model_with(tmp_path: Path, refs: str) -> Path:
    return write_model(tmp_path, {"model.yaml": BASE + refs})


HOUSEHOLDS = [
    ["id", "community", "size"],
    [101, "m", 3],  # Excel keeps 101 and 3 as floats: read as 101 and 3
    ["h2", "m", None],
    [None, None, None],  # a blank row is skipped
    ["h3", "m", 2],
]


# -- reading ---------------------------------------------------------------------------
def test_a_sheet_loads_with_the_csv_cell_rules(tmp_path: Path) -> None:
    book(tmp_path / "户.xlsx", {"户": HOUSEHOLDS})
    model = partygraph.load(model_with(tmp_path, "households: {table: 户.xlsx, sheet: 户}\n"))
    households = model.population["households"]
    assert households["id"].tolist() == ["101", "h2", "h3"]
    assert households["size"].tolist() == [3, -1, 2]  # -1: no size given


def test_date_and_yes_no_cells(tmp_path: Path) -> None:
    book(
        tmp_path / "t.xlsx",
        {
            "户": [["id", "community"], ["h1", "m"]],
            "人": [["id", "name", "household", "in_service"], ["p1", "李明", "h1", True],
                   ["p2", "张华", "h1", False]],
            "中心户": [["id", "name", "person", "household", "community"],
                       ["ch1", "李明中心户", "p1", "h1", "m"]],
            "联系户": [["central_household", "household", "last_visit"],
                       ["ch1", "h1", dt.date(2024, 4, 26)],
                       ["ch1", "h1", dt.datetime(2024, 5, 1)]],
        },
    )  # fmt: skip
    refs = (
        "households: {table: t.xlsx, sheet: 户}\n"
        "persons: {table: t.xlsx, sheet: 人}\n"
        "central_households: {table: t.xlsx, sheet: 中心户}\n"
        "central_household_links: {table: t.xlsx, sheet: 联系户}\n"
    )
    model = partygraph.load(model_with(tmp_path, refs))
    assert model.population["persons"]["in_service"].tolist() == [True, False]
    visits = model.population["central_household_links"]["last_visit"]
    assert [str(d) for d in visits] == ["2024-04-26", "2024-05-01"]


def test_a_formula_gives_the_value_excel_saved_and_is_not_run(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("户")
    ws.write_row(0, 0, ["id", "community", "size"])
    ws.write_row(1, 0, ["h1", "m"])
    ws.write_formula(1, 2, "=1+1", None, 5)  # the saved value, not what the formula gives
    wb.close()
    model = partygraph.load(model_with(tmp_path, "households: {table: f.xlsx}\n"))
    assert model.population["households"]["size"].tolist() == [5]


def test_sheet_by_position_from_1_by_title_by_name_or_the_first(tmp_path: Path) -> None:
    rows = [["id", "community"], ["h1", "m"]]
    other = [["id", "community"], ["x1", "m"]]
    cases = {
        "{table: b.xlsx, sheet: 2}": {"甲": other, "乙": rows},
        "{table: b.xlsx}": {"甲": other, "户": rows},  # the section's Chinese title
        "{table: b.xlsx }": {"甲": other, "households": rows},  # its name
        "{table:  b.xlsx}": {"乙": rows, "甲": other},  # else the first sheet
    }
    for ref, sheets in cases.items():
        book(tmp_path / "b.xlsx", sheets)
        model = partygraph.load(model_with(tmp_path, f"households: {ref}\n"))
        assert model.population["households"]["id"].tolist() == ["h1"], ref


# -- where a problem is ----------------------------------------------------------------
def test_a_bad_cell_is_placed_by_sheet_and_a1(tmp_path: Path) -> None:
    rows = [["id", "community", "size"], ["h1", "m", 2.5], ["h2", "nowhere", 1]]
    book(tmp_path / "户.xlsx", {"说明": [["看这里"]], "户": rows})
    errors = errors_of(model_with(tmp_path, "households: {table: 户.xlsx, sheet: 户}\n"))
    places = sorted((Path(e.file or "").name, e.line, e.column, e.field) for e in errors)
    assert places == [
        ("户.xlsx[户]!B3", None, None, "households.community"),
        ("户.xlsx[户]!C2", None, None, "households.size"),
    ]
    assert all(str(e).startswith(f"{tmp_path / '户.xlsx'}[户]!") for e in errors)


def test_a_structure_sheet_s_problem_is_placed_at_its_cell(tmp_path: Path) -> None:
    rows = [["id", "name", "type"], ["u1", "市财政局", "agency"], ["u2", "东风小学", "skool"]]
    book(tmp_path / "单位.xlsx", {"单位": rows})
    e = only(errors_of(model_with(tmp_path, "units: {table: 单位.xlsx}\n")))
    assert (Path(e.file or "").name, e.line, e.field) == (
        "单位.xlsx[单位]!C3",
        None,
        "units[1].type",
    )


def test_header_problems_at_their_cells(tmp_path: Path) -> None:
    rows = [["id", "community", None, "id"], ["h1", "m", "x", "h9"]]
    book(tmp_path / "户.xlsx", {"户": rows})
    errors = errors_of(model_with(tmp_path, "households: {table: 户.xlsx}\n"))
    assert [(Path(e.file or "").name, e.message) for e in errors] == [
        ("户.xlsx[户]!C1", "表头第 C 列没有列名，但这一列有数据：请填上列名，或删去这一列"),
        ("户.xlsx[户]!D1", "列名“id”出现了两次（第一次在 A1）：请删去或改名其中一列"),
    ]


def test_a_column_without_name_or_data_is_nothing(tmp_path: Path) -> None:
    rows = [["id", None, "community"], ["h1", None, "m"]]
    book(tmp_path / "户.xlsx", {"户": rows})
    model = partygraph.load(model_with(tmp_path, "households: {table: 户.xlsx}\n"))
    assert model.population["households"]["id"].tolist() == ["h1"]


def test_an_empty_sheet(tmp_path: Path) -> None:
    book(tmp_path / "户.xlsx", {"户": []})
    e = only(errors_of(model_with(tmp_path, "households: {table: 户.xlsx}\n")))
    assert (Path(e.file or "").name, e.line) == ("model.yaml", 8)
    assert e.message.endswith(
        "户.xlsx[户]: 工作表是空的：第一行应是表头（列名），从第二行起每行一项"
    )


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("3", "工作簿只有 2 张工作表，没有第 3 张；工作表有：甲、户"),
        ("户籍", "工作簿里没有名为“户籍”的工作表；工作表有：甲、户"),
        ("' 户 '", "工作簿里没有名为“ 户 ”的工作表（是“户”吗？）；工作表有：甲、户"),
    ],
)
def test_a_sheet_that_is_not_there(tmp_path: Path, sheet: str, message: str) -> None:
    book(tmp_path / "b.xlsx", {"甲": [["id"]], "户": [["id"]]})
    e = only(errors_of(model_with(tmp_path, f"households: {{table: b.xlsx, sheet: {sheet}}}\n")))
    assert (Path(e.file or "").name, e.line, e.column, e.field) == (
        "model.yaml", 8, 21, "households.table"
    )  # fmt: skip
    assert e.message == f"{tmp_path / 'b.xlsx'}: {message}"


@pytest.mark.parametrize(
    ("ref", "column", "field", "message"),
    [
        (
            "{table: b.xlsx, sheet: 0}",
            36,
            "households.sheet",
            "sheet 写工作表的名称（如 sheet: 户）或它是第几张（从 1 数起，如 sheet: 2），不能是“0”",
        ),
        (
            "{table: b.xlsx, sheet: true}",
            36,
            "households.sheet",
            "sheet 写工作表的名称（如 sheet: 户）或它是第几张（从 1 数起，如 sheet: 2），"
            "不能是“True”",
        ),
        (
            "{table: b.csv, sheet: 户}",
            28,
            "households.sheet",
            "sheet 只用于 Excel 工作簿（.xlsx、.xls），“b.csv”不是：请删去这一项，或改用工作簿",
        ),
        (
            "{table: b.xlsx, encoding: gb18030}",
            29,
            "households.encoding",
            "encoding 只用于 CSV 文件，工作簿“b.xlsx”不需要：请删去这一项",
        ),
        (
            "{table: b.xlsx, delimiter: ;}",
            29,
            "households.delimiter",
            "delimiter 只用于 CSV 文件，工作簿“b.xlsx”不需要：请删去这一项",
        ),
    ],
)
def test_table_options_that_do_not_fit(
    tmp_path: Path, ref: str, column: int, field: str, message: str
) -> None:
    book(tmp_path / "b.xlsx", {"户": [["id", "community"]]})
    e = only(errors_of(model_with(tmp_path, f"households: {ref}\n")))
    assert (e.line, e.column, e.field, e.message) == (8, column, field, message)


def test_a_file_named_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "户.xlsx").write_text("id,community\nh1,m\n", encoding="utf-8")
    e = only(errors_of(model_with(tmp_path, "households: {table: 户.xlsx}\n")))
    assert e.message == (
        f"{tmp_path / '户.xlsx'}: 文件名是 .xlsx，内容却不是 Excel 工作簿："
        "如果它是 CSV 文件，请改名为 户.csv"
    )


def test_a_workbook_that_would_unpack_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book(tmp_path / "户.xlsx", {"户": HOUSEHOLDS})
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 1000)
    e = only(errors_of(model_with(tmp_path, "households: {table: 户.xlsx}\n")))
    assert "工作簿解压后有 " in e.message and "字节，超过上限：请把行分到几个工作簿里" in e.message


# -- a workbook or UTF-16 where a CSV table is expected --------------------------------
WORKBOOK_ADVICE = (
    "这是 Excel 工作簿，不是 CSV：请把文件名改为 .xlsx（可加 sheet: 工作表名），"
    "或在 Excel 里另存为 CSV UTF-8"
)


@pytest.mark.parametrize("encoding", ["", ", encoding: gb18030", ", encoding: utf-16"])
def test_a_workbook_named_csv_is_recognised_whatever_the_encoding(
    tmp_path: Path, encoding: str
) -> None:
    book(tmp_path / "x.xlsx", {"户": HOUSEHOLDS})
    (tmp_path / "户.csv").write_bytes((tmp_path / "x.xlsx").read_bytes())
    e = only(errors_of(model_with(tmp_path, f"households: {{table: 户.csv{encoding}}}\n")))
    assert (e.line, e.field) == (8, "households.table")
    assert e.message == f"{tmp_path / '户.csv'}: {WORKBOOK_ADVICE}"


def test_an_xls_workbook_named_csv(tmp_path: Path) -> None:
    (tmp_path / "户.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    e = only(errors_of(model_with(tmp_path, "households: {table: 户.csv}\n")))
    assert e.message.endswith(WORKBOOK_ADVICE)


@pytest.mark.parametrize(
    ("codec", "named"),
    [("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
)
def test_utf16_is_told_apart_from_gbk(tmp_path: Path, codec: str, named: str) -> None:
    (tmp_path / "户.csv").write_bytes("id,community\nh1,m\n".encode(codec))
    for encoding in ("", ", encoding: gb18030"):
        e = only(errors_of(model_with(tmp_path, f"households: {{table: 户.csv{encoding}}}\n")))
        assert e.message == (
            f"{tmp_path / '户.csv'}: 文件是 UTF-16 编码（Excel 的“Unicode 文本”）："
            f"请在 table: 旁边加上 encoding: {named}，或在 Excel 里另存为“CSV UTF-8（逗号分隔）”"
        )
    # and following the advice loads it (Excel's Unicode text is tab-delimited: detected)
    text = "id\tcommunity\nh1\tm\n".encode(codec)
    (tmp_path / "户.csv").write_bytes(text)
    model = partygraph.load(
        model_with(tmp_path, f"households: {{table: 户.csv, encoding: {named}}}\n")
    )
    assert model.population["households"]["id"].tolist() == ["h1"]


def test_a_gbk_table_is_still_told_to_name_its_encoding(tmp_path: Path) -> None:
    (tmp_path / "户.csv").write_bytes("id,community\n户1,m\n".encode("gbk"))
    e = only(errors_of(model_with(tmp_path, "households: {table: 户.csv}\n")))
    assert e.message == (
        "文件不是 UTF-8 编码（是 Excel 导出的 GBK/GB18030 吗？）：请在 Excel 里另存为"
        "“CSV UTF-8（逗号分隔）”，或在配置里 table: 旁边加上 encoding: gb18030"
    )


def test_a_workbook_or_utf16_as_the_yaml_file(tmp_path: Path) -> None:
    book(tmp_path / "model.yaml", {"户": HOUSEHOLDS})
    e = only(errors_of(tmp_path / "model.yaml"))
    assert e.message == (
        "这是 Excel 工作簿，不是 YAML 文件：工作簿请在 YAML 里写成表格，"
        "例如 households: {table: 户.xlsx, sheet: 户}"
    )
    (tmp_path / "model.yaml").write_bytes(BASE.encode("utf-16"))
    e = only(errors_of(tmp_path / "model.yaml"))
    assert e.message == "文件是 UTF-16 编码：请另存为 UTF-8（YAML 文件一律按 UTF-8 读取）"


def test_a_hostile_nul_in_utf8_is_not_taken_for_utf16(tmp_path: Path) -> None:
    assert what_it_is(b"id,name\nh1,a\x00b\n" * 20) is None


# -- the model read from a workbook is the model --------------------------------------
def test_a_workbook_model_dumps_and_reloads_to_itself(tmp_path: Path) -> None:
    book(tmp_path / "户.xlsx", {"户": [["户编号", "所在社区", "人数"], [101, "m", 3]]})
    record = Record()
    model = partygraph.load(
        model_with(tmp_path, "households: {table: 户.xlsx}\n"), normalised=record
    )
    assert [(Path(n.file or "").name, n.written, n.read_as) for n in record.notes] == [
        ("户.xlsx[户]!A1", "户编号", "id"),
        ("户.xlsx[户]!B1", "所在社区", "community"),
        ("户.xlsx[户]!C1", "人数", "size"),
    ]
    model.dump(tmp_path / "out" / "model.yaml")
    again = partygraph.load(tmp_path / "out" / "model.yaml")
    assert again == model
    written = (tmp_path / "out" / "model_tables" / "households.csv").read_text(encoding="utf-8-sig")
    assert written.splitlines()[0].startswith("id,community")


def test_a_cell_holding_an_excel_error_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "户.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("说明")
    ws = wb.add_worksheet("户")
    ws.write_row(0, 0, ["id", "community", "size"])
    ws.write_row(1, 0, ["h1", "m"])
    ws.write_formula(1, 2, "=1/0", None, "#DIV/0!")  # calamine alone reads it as empty
    ws.write_row(2, 0, ["h2", "m", 2])
    wb.close()
    e = only(errors_of(model_with(tmp_path, "households: {table: 户.xlsx, sheet: 户}\n")))
    assert (Path(e.file or "").name, e.line, e.field) == ("户.xlsx[户]!C2", None, "households")
    assert e.message == (
        "格子里是 Excel 的错误值 “#DIV/0!”（公式算不出结果）：请改正公式，或直接填入值"
    )


def test_an_error_cell_in_a_workbook_openpyxl_wrote(tmp_path: Path) -> None:
    book(tmp_path / "户.xlsx", {"户": [["id", "community", "size"], ["h1", "m", "#N/A"]]})
    e = only(errors_of(model_with(tmp_path, "households: {table: 户.xlsx}\n")))
    assert Path(e.file or "").name == "户.xlsx[户]!C2" and "“#N/A”" in e.message


def test_the_messages_in_english_on_request(tmp_path: Path) -> None:
    from partygraph.i18n import use_language

    book(tmp_path / "b.xlsx", {"甲": [["id"]], "户": [["id"]]})
    with use_language("en"):
        e = only(errors_of(model_with(tmp_path, "households: {table: b.xlsx, sheet: 户籍}\n")))
    assert (
        e.message
        == f"{tmp_path / 'b.xlsx'}: the workbook has no sheet '户籍'; its sheets are: 甲, 户"
    )
