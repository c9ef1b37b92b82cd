"""The check report as an Excel workbook (``check -o 报告.xlsx``), read back as
an analyst's Excel would: by openpyxl (values, types, formats, frozen panes,
autofilters, widths) and by python-calamine (the values another reader sees).

The figures are the fixture's (tests/fixtures/rules/model.yaml), hand-worked in
tests/test_check.py; the example's 概览 shows 647 of 827 units organised.
"""

from __future__ import annotations

import io
import sys
import tempfile
import unicodedata
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.escape import unescape
from python_calamine import CalamineWorkbook

import partygraph
from partygraph.cli import main
from partygraph.i18n import use_language
from partygraph.i18n.workbook import MESSAGES
from partygraph.model.report import Finding, NodeRef, Report
from partygraph.report import _sheet
from partygraph.report.render import write_report
from partygraph.report.xlsx import workbook_bytes, write_workbook

from conftest import FIXTURES, ROOT

MODEL = FIXTURES / "rules" / "model.yaml"
SHEETS = ["概览", "覆盖率", "问题清单", "整改建议", "负荷", "关键节点"]
HOSTILE = ['=HYPERLINK("http://x","点我")', "+1", "-1+2", "@SUM(A1)", "\t=1+1", "\r=2"]


@pytest.fixture(scope="module")
def report() -> Report:
    return partygraph.check(partygraph.load(MODEL))


@pytest.fixture(scope="module")
def book_path(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "报告.xlsx"
    assert write_report(report, path) == "xlsx"
    return path


@pytest.fixture(scope="module")
def book(book_path: Path) -> Any:
    return openpyxl.load_workbook(book_path)


@pytest.fixture(scope="module")
def calamine(book_path: Path) -> Any:
    return CalamineWorkbook.from_path(str(book_path))


def _rows(sheet: Any) -> list[list[Any]]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _table(sheet: Any) -> list[dict[str, Any]]:
    """A table sheet's rows as dicts by header."""
    head, *rows = _rows(sheet)
    return [dict(zip(head, r, strict=True)) for r in rows]


# -- the sheets ---------------------------------------------------------------------
def test_sheet_names(book: Any, calamine: Any) -> None:
    assert book.sheetnames == SHEETS
    assert calamine.sheet_names == SHEETS


@pytest.mark.parametrize(
    ("sheet", "header"),
    [
        (
            "覆盖率",
            "层级 上级 单位名称 单位代码 规则 计数对象 达标数 总数 覆盖率 规则编号",
        ),
        (
            "问题清单",
            "严重程度 规则 规则编号 对象名称 对象代码 类型 市 县区 街道 社区 情况 建议 实际值",
        ),
        (
            "整改建议",
            "建议措施 对象名称 对象代码 类型 市 县区 街道 社区 党员数 现有形式 建议形式 规则编号",
        ),
        ("关键节点", "对象名称 对象代码 类型 缺了会新增的错误数 涉及规则 规则编号 例如"),
    ],
)
def test_table_sheets_have_a_frozen_bold_header_and_an_autofilter(
    book: Any, calamine: Any, sheet: str, header: str
) -> None:
    ws = book[sheet]
    columns = header.split()
    assert [c.value for c in ws[1]] == columns
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len(columns))
    assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}"
    assert calamine.get_sheet_by_name(sheet).to_python()[0] == columns


def test_coverage_numbers_are_numbers(book: Any, calamine: Any) -> None:
    rows = _table(book["覆盖率"])
    grid = {r["单位代码"]: r for r in rows if r["规则编号"] == "household.grid"}
    # hand-worked in test_check.py: city 6/8, s1 5/6, c3 1/2
    assert (grid["city"]["达标数"], grid["city"]["总数"]) == (6, 8)
    assert grid["city"]["覆盖率"] == 0.75
    assert (grid["s1"]["达标数"], grid["s1"]["总数"], grid["s1"]["层级"]) == (5, 6, "街道")
    assert grid["s1"]["上级"] == "城区"
    assert grid["c3"]["覆盖率"] == 0.5 and grid["c3"]["上级"] == "西街道"
    assert grid["c3"]["规则"] == "住户纳入网格" and grid["c3"]["计数对象"] == "户"
    ws = book["覆盖率"]
    ratio = next(c for c in ws[2] if c.column_letter == "I")
    assert ratio.data_type == "n" and "%" in ratio.number_format
    assert isinstance(rows[0]["达标数"], int)
    # every level, every coverage row once
    assert {r["层级"] for r in rows} == {"市", "县(市、区)", "街道", "社区"}
    back = calamine.get_sheet_by_name("覆盖率").to_python()
    assert len(back) == len(rows) + 1
    c3 = next(r for r in back if r[3] == "c3" and r[9] == "household.grid")
    assert c3[6:9] == [1, 2, 0.5]  # numbers, not text


def test_coverage_has_every_row_of_the_report(book: Any, report: Report) -> None:
    rows = _table(book["覆盖率"])
    got = sorted((r["规则编号"], r["单位代码"], r["达标数"], r["总数"]) for r in rows)
    assert got == sorted((c.rule, c.node.id, c.covered, c.total) for c in report.coverage)


def test_a_coverage_row_without_its_rule_is_still_listed() -> None:
    """A hand-built report (or one read back from JSON) whose coverage names a rule
    it does not describe: the row is listed under its id, not left out."""
    from partygraph.model.report import CoverageRow

    city = NodeRef(id="c", kind="city", name="示例市")
    row = CoverageRow(rule="my.rule", node=city, level="city", covered=3, total=4, ratio=0.75)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(Report(model="m", coverage=[row]))))
    assert _rows(book["覆盖率"])[1] == [
        "市",
        None,
        "示例市",
        "c",
        "my.rule",
        None,
        3,
        4,
        0.75,
        "my.rule",
    ]


def test_every_finding_is_listed_errors_first(book: Any, calamine: Any, report: Report) -> None:
    rows = _table(book["问题清单"])
    assert len(rows) == 52  # 11 errors, 26 warnings, 15 infos
    assert [r["严重程度"] for r in rows] == ["错误"] * 11 + ["警告"] * 26 + ["提示"] * 15
    assert sorted((r["规则编号"], r["对象代码"]) for r in rows) == sorted(
        (f.rule, f.node.id) for f in report.findings
    )
    red = next(r for r in rows if r["规则编号"] == "household.grid" and r["对象代码"] == "c2")
    assert red["情况"] == "3 户中 1 户未纳入网格"
    assert red["实际值"] == 1 and isinstance(red["实际值"], int)
    assert (red["市"], red["县区"], red["街道"], red["社区"]) == (
        "示例市",
        "城区",
        "东街道",
        "红旗社区",
    )
    assert red["类型"] == "社区" and red["规则"] == "住户未纳入网格"
    grid = next(r for r in rows if r["对象代码"] == "c1-grid2")
    assert grid["社区"] == "东风社区" and grid["类型"] == "网格"
    assert grid["建议"].startswith("从党员街道班子成员")
    back = calamine.get_sheet_by_name("问题清单").to_python()
    assert len(back) == 53  # and the header row


def test_candidates_load_and_single_points(book: Any) -> None:
    cands = _table(book["整改建议"])
    assert [(c["对象代码"], c["党员数"], c["建议措施"]) for c in cands][:2] == [
        ("u-sch", 5, "单独组建"),
        ("cp3", 4, "单独组建"),
    ]
    split = next(c for c in cands if c["规则编号"] == "branch.upgrade_general_branch")
    assert (split["现有形式"], split["建议形式"]) == ("党支部", "党总支")
    assert cands[0]["现有形式"] is None  # no organisation yet: an empty cell, not “—”
    load = _rows(book["负荷"])
    assert load[0][:9] == [
        "指标",
        "指标编号",
        "个数",
        "最小",
        "中位数",
        "P90",
        "最大",
        "阈值",
        "超过阈值的个数",
    ]
    branches = load[1]
    assert branches[1:9] == ["members_per_branch", 3, 4, 8, 51.2, 62, 50, 1]
    assert book["负荷"].freeze_panes == "A2"
    # the outliers: o-c2 with 62 members, p-resp with 9 posts (over 5)
    assert book["负荷"].auto_filter.ref == "K1:P3"
    assert load[1][10:16] == ["每个党支部党员数", "红旗社区党支部", "o-c2", "党组织", 62, 50]
    points = _table(book["关键节点"])
    assert [(p["对象代码"], p["缺了会新增的错误数"]) for p in points][:2] == [
        ("p1", 2),
        ("p-ins", 2),
    ]
    assert points[0]["例如"] == "东风一网格、西湖一网格"
    assert points[1]["规则编号"] == "unit.work_coverage, compound.work_coverage"


def test_overview(book: Any, calamine: Any) -> None:
    rows = _rows(book["概览"])
    assert rows[0][0] == "示例市（规则测试） — 检查报告"
    label: dict[str, list[Any]] = {}
    for r in rows:  # a row by its first cell, the first such row
        label.setdefault(r[0], r)
    assert label["数据日期"][1].date().isoformat() == "2024-06-30"  # a date, not text
    assert label["规则数"][1] == 50
    assert [label[s][1] for s in ("错误", "警告", "提示", "合计")] == [11, 26, 15, 52]
    grid = label["住户纳入网格"]
    assert grid[1:6] == [0.75, 6, 8, "户", None]
    assert grid[6] == "household.grid"
    organised = "单位党的组织覆盖（本单位党组织或联合党支部）"  # 1 of 5 units, a headline
    assert [r[0] for r in rows if r[0] and r[1] == 0.2] == [organised, organised]
    assert label[organised][1:6] == [0.2, 1, 5, "单位", "是"]
    # the units one level down: a column each (the county 城区, k1), a row a headline rule
    county = rows.index(next(r for r in rows if r[0] == "规则" and r[1] == "城区"))
    assert rows[county + 1][:2] == ["单位代码", "k1"]
    assert rows[county + 2][:2] == [organised, 0.2]
    worst = label["红旗社区"]
    assert worst[1:7] == [4, 12, 6, 22, "东街道", "c2"]
    sizes = {r[0]: r[1] for r in rows if r[0] in SHEETS[1:]}
    assert sizes == {"覆盖率": 223, "问题清单": 52, "整改建议": 6, "负荷": 5, "关键节点": 9}
    assert calamine.get_sheet_by_name("概览").to_python()[0][0] == rows[0][0]


def test_columns_fit_chinese(book: Any) -> None:
    """A column is at least as wide as its widest text, a CJK character counting 2."""
    ws = book["问题清单"]

    def shown(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    for letter in ("D", "K"):  # 对象名称, 情况
        widest = max(shown(str(c.value)) for c in ws[letter][1:])
        assert min(widest, 60) <= ws.column_dimensions[letter].width <= 62
    # a column of ids is narrower than the column of Chinese sentences
    assert ws.column_dimensions["E"].width < ws.column_dimensions["K"].width


def test_english_workbook(report: Report) -> None:
    with use_language("en"):
        data = workbook_bytes(report)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Overview",
        "Coverage",
        "Findings",
        "Candidates",
        "Load",
        "Single points",
    ]
    assert book["Findings"]["A2"].value == "error"


def test_sheet_names_are_names_excel_takes() -> None:
    for key, texts in MESSAGES.items():
        if not key.startswith("workbook.sheet."):
            continue
        for text in texts:
            name = text.format(sheet="问题清单", part=99)
            assert len(name) <= 31, name
            assert not set(name) & set("[]:*?/\\"), name


# -- text is text ----------------------------------------------------------------------
def _hostile_report() -> Report:
    findings = [
        Finding(
            rule="grid.leader",
            severity="error",
            node=NodeRef(id=f"g{i}", kind="grid", name=name),
            chain=[NodeRef(id="c", kind="community", name=name)],
            value=name,
            message=name,
            message_en=name,
            hint=name,
        )
        for i, name in enumerate(HOSTILE)
    ]
    return Report(model=HOSTILE[0], findings=findings)


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_workbook(_hostile_report(), path)
    ws = openpyxl.load_workbook(path)["问题清单"]
    for row, name in enumerate(HOSTILE, start=2):
        for col in ("D", "J", "K", "L", "M"):  # name, 社区, 情况, 建议, 实际值
            cell = ws[f"{col}{row}"]
            assert cell.data_type == "s" and cell.quotePrefix  # edited in Excel, it stays text
            said = unescape(cell.value)
            assert said == name or (col == "K" and said == f"{name}（实际为 {name}）")
    back = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("问题清单").to_python()
    assert [r[3] for r in back[1:]] == HOSTILE
    assert [r[12] for r in back[1:]] == HOSTILE
    title = openpyxl.load_workbook(path)["概览"]["A1"]
    assert title.data_type == "s" and title.value.startswith(HOSTILE[0])
    assert title.quotePrefix


def test_no_formula_anywhere_in_the_workbook(tmp_path: Path) -> None:
    """The sheets' XML holds no formula element: each cell is a value."""
    import zipfile

    path = tmp_path / "r.xlsx"
    write_workbook(_hostile_report(), path)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_report_csv_guards_formulas() -> None:
    import csv

    from partygraph.report.render import render
    from partygraph.safe_text import restore_formula

    rows = list(csv.reader(io.StringIO(render(_hostile_report(), "csv"))))
    for row, name in zip(rows[1:], HOSTILE, strict=True):
        assert row[4] == "'" + name  # node_name
        assert restore_formula(row[4]) == name
        assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row)


def test_export_csv_guards_formulas() -> None:
    import csv

    from partygraph.export.csv import generate_csv
    from partygraph.model import Model
    from partygraph.model.entities import Division
    from partygraph.safe_text import restore_formula

    divisions = [Division(id="city", name="示例市", level="city")]
    divisions += [
        Division(id=f"c{i}", name=name, level="community", parent="city")
        for i, name in enumerate(HOSTILE)
    ]
    model = Model(divisions=divisions)
    rows = list(csv.reader(io.StringIO("\n".join(generate_csv(model)))))
    assert rows[0][:4] == ["id", "kind", "kind_zh", "name"]
    names = {r[0]: r[3] for r in rows[1:]}
    for d in model.divisions[1:]:  # the model trims a name's leading tab or CR
        assert names[d.id] == "'" + d.name and restore_formula(names[d.id]) == d.name
    assert [d.name for d in model.divisions[1:5]] == HOSTILE[:4]


def test_init_workbook_writes_text_as_text(tmp_path: Path) -> None:
    """The ``init --xlsx`` workbook: a seeded name that looks like a formula is text."""
    from partygraph.synthetic.starter import starter_tables
    from partygraph.synthetic.workbook import write_workbook as write_init

    columns = starter_tables()["divisions"]
    rows = [[f"c{i}", name, "city", *([""] * (len(columns) - 3))] for i, name in enumerate(HOSTILE)]
    path = tmp_path / "tables.xlsx"
    write_init(path, {"divisions": (columns, None)}, {"divisions": rows})
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[1]
    names = [ws.cell(row=r, column=2) for r in range(2, 2 + len(HOSTILE))]
    assert [unescape(c.value) for c in names] == HOSTILE
    assert {c.data_type for c in names} == {"s"}
    back = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(1).to_python()
    assert [r[1] for r in back[1 : 1 + len(HOSTILE)]] == HOSTILE


# -- limits, failures ------------------------------------------------------------------
def test_a_table_longer_than_a_sheet_goes_on_in_the_next(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(_sheet, "ROW_LIMIT", 5)  # a header and 4 rows a sheet
    findings = [
        Finding(
            rule="r",
            severity="info",
            node=NodeRef(id=f"n{i}", kind="grid", name=f"网格{i}"),
            value=i,
            message="m",
            message_en="m",
            hint="h",
        )
        for i in range(10)
    ]
    path = tmp_path / "r.xlsx"
    with pytest.warns(UserWarning, match="问题清单共 10 行.*3 张工作表"):
        write_workbook(Report(model="示例市", findings=findings), path)
    book = openpyxl.load_workbook(path)
    parts = ["问题清单", "问题清单（续 2）", "问题清单（续 3）"]
    assert book.sheetnames[2:5] == parts
    ids = []
    for name in parts:
        ws = book[name]
        assert ws["A1"].value == "严重程度" and ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:M{ws.max_row}"
        ids += [r[4] for r in _rows(ws)[1:]]
    assert ids == [f"n{i}" for i in range(10)]  # nothing lost, in order
    note = [r[0] for r in _rows(book["概览"]) if r[0] and "超过 Excel" in r[0]]
    assert note == [
        "问题清单共 10 行，超过 Excel 每张工作表 5 行的上限，依次分在 问题清单、"
        "问题清单（续 2）、问题清单（续 3） 中（每张都有表头）"
    ]


def test_nan_is_an_empty_cell_and_said(tmp_path: Path) -> None:
    f = Finding(
        rule="r",
        severity="info",
        node=NodeRef(id="n", kind="grid", name="网格"),
        value=float("nan"),
        message="m",
        message_en="m",
        hint="h",
    )
    path = tmp_path / "r.xlsx"
    with pytest.warns(UserWarning, match="1 个数值不是有限数"):
        write_workbook(Report(model="示例市", findings=[f]), path)
    assert openpyxl.load_workbook(path)["问题清单"]["M2"].value is None


def test_a_failed_write_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, report: Report
) -> None:
    from partygraph.report import xlsx

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(xlsx, "_candidates", interrupted)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    out.mkdir()
    (out / "报告.xlsx").write_bytes(b"the old one")
    with pytest.raises(KeyboardInterrupt):
        write_workbook(report, out / "报告.xlsx")
    assert sorted(p.name for p in out.iterdir()) == ["报告.xlsx"]
    assert (out / "报告.xlsx").read_bytes() == b"the old one"
    assert list(scratch.iterdir()) == []  # the rows' temporary files are gone too


# -- the command line ------------------------------------------------------------------
def test_check_writes_the_workbook_by_its_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "报告.xlsx"
    assert main(["check", str(MODEL), "-o", str(out)]) == 1
    assert "（xlsx）：错误 11 · 警告 26 · 提示 15" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames == SHEETS


def test_format_xlsx_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MODEL), "--format", "xlsx"]) == 2
    assert "Excel 工作簿不能显示在终端里：请用 -o 指定文件" in capsys.readouterr().err


class _Stdout(io.TextIOWrapper):
    def __init__(self, tty: bool) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_workbook_to_stdout_only_when_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = _Stdout(tty=False)
    monkeypatch.setattr(sys, "stdout", pipe)
    assert main(["check", str(MODEL), "--format", "xlsx", "-o", "-"]) == 1
    pipe.flush()
    data = pipe.buffer.getvalue()  # type: ignore[attr-defined]
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == SHEETS
    terminal = _Stdout(tty=True)
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["check", str(MODEL), "--format", "xlsx", "-o", "-"]) == 2
    assert terminal.buffer.getvalue() == b""  # type: ignore[attr-defined]
    assert "标准输出是终端" in capsys.readouterr().err


# -- the example -----------------------------------------------------------------------
def test_the_examples_workbook_shows_its_coverage(tmp_path: Path) -> None:
    out = tmp_path / "阳江.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing cut, nothing left empty
        assert main(["check", str(ROOT / "configs" / "yangjiang.yaml"), "-o", str(out)]) == 1
    book = CalamineWorkbook.from_path(str(out))
    overview = book.get_sheet_by_name("概览").to_python()
    organised = next(r for r in overview if r[0] == "单位党的组织覆盖（本单位党组织或联合党支部）")
    assert organised[2:4] == [647, 827]
    assert round(organised[1], 4) == 0.7823
    counts = {r[0]: r[1] for r in overview if r[0] in ("错误", "警告", "提示")}
    assert counts == {"错误": 305, "警告": 1203, "提示": 1507}
    assert len(book.get_sheet_by_name("问题清单").to_python()) == 305 + 1203 + 1507 + 1
    assert out.stat().st_size < 2_000_000
