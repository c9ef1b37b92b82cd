"""``partygraph init``: a new model to fill in, optionally seeded from the
statistical division codes; it validates as written, refuses to overwrite, and
a bad codes file is reported at its lines."""

from __future__ import annotations

import csv
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest

import partygraph
from partygraph import vocabulary as v
from partygraph.cli import main
from partygraph.errors import ConfigError, PartygraphError
from partygraph.io.companions import COMPANIONS
from partygraph.model import SECTIONS, TABLES
from partygraph.normalised import Record
from partygraph.synthetic.starter import write_starter

YANGJIANG = Path(
    str(files("partygraph.synthetic").joinpath("data", "yangjiang-divisions-2023.csv"))
)
BOM = b"\xef\xbb\xbf"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _append(path: Path, **cells: str) -> None:
    """Add a row to a table the way a spreadsheet would: every column, blanks included."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, header, lineterminator="\n").writerow(cells)


# -- the empty model --------------------------------------------------------------------
def test_init_writes_every_section_and_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "新模型"
    assert main(["init", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"已写出 {out / 'model.yaml'} 和 23 张表")
    assert f"partygraph validate {out / 'model.yaml'}" in said
    names = {*SECTIONS, *COMPANIONS, *TABLES}
    assert len(names) == 23
    assert {p.stem for p in (out / "tables").iterdir()} == names
    entry = (out / "model.yaml").read_text(encoding="utf-8")
    for name in names:
        assert f"{name}: {{table: tables/{name}.csv}}" in entry
    assert main(["validate", str(out / "model.yaml")]) == 0
    model = partygraph.load(out / "model.yaml")
    assert model.name == "城市基层党建模型"
    assert model.entities() == [] and len(model.population["households"]) == 0


def test_tables_have_a_bom_and_the_model_s_fields_as_header(tmp_path: Path) -> None:
    write_starter(tmp_path / "m")
    tables = tmp_path / "m" / "tables"
    raw = (tables / "divisions.csv").read_bytes()
    assert (
        raw == BOM + b"id,name,level,parent,district,model_community,valid_from,valid_until,note\n"
    )
    header = {p.stem: p.read_bytes().removeprefix(BOM).decode().strip() for p in tables.iterdir()}
    assert header["households"] == "id,community,residents_group,grid,compound,size"
    assert header["meetings"] == "holder,date,kind"
    assert header["part_time_members"] == "body,person,on_behalf_of,since"
    assert (
        header["service_items"] == "centre,id,name,responsible,category,valid_from,valid_until,note"
    )
    # nested records are not columns: they have companion tables
    assert "items" not in header["service_centres"].split(",")
    assert not {"meetings", "part_time_members"} & set(header["expanded_bodies"].split(","))


def test_every_section_is_commented_in_chinese(tmp_path: Path) -> None:
    write_starter(tmp_path / "m", name="示例市城市基层党建")
    lines = (tmp_path / "m" / "model.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# 示例市城市基层党建"
    assert 'name: "示例市城市基层党建"' in lines
    for k, line in enumerate(lines):
        if ": {table: " in line:  # under a comment (a group of tables shares one)
            above = next(a for a in reversed(lines[:k]) if ": {table: " not in a)
            assert above.startswith("#") and any("\u4e00" <= ch <= "\u9fff" for ch in above), line
            # and the section is explained by its name in a comment
            assert any(c.startswith("#") and line.split(":")[0] in c for c in lines), line


def test_the_comments_name_every_code_with_its_chinese_term(tmp_path: Path) -> None:
    write_starter(tmp_path / "m")
    text = (tmp_path / "m" / "model.yaml").read_text(encoding="utf-8")
    for labels in (
        v.DIVISION_LEVEL_LABELS,
        v.UNIT_TYPE_LABELS,
        v.ORG_FORM_LABELS,
        v.ROUTINE_LABELS,
        v.DUTY_LABELS,
        v.DRAWN_FROM_LABELS,
        v.SERVICE_LEVEL_LABELS,
        v.MEMBER_STATUS_LABELS,
        v.REGISTRATION_BASIS_LABELS,
    ):
        for code, label in labels.items():
            assert f"{code} {label}" in text, code


def test_filled_in_it_loads(tmp_path: Path) -> None:
    """The README's way: init, fill in a few rows, validate."""
    write_starter(tmp_path / "m", divisions=YANGJIANG)
    tables = tmp_path / "m" / "tables"
    _append(
        tables / "party_orgs.csv",
        id="o-nbm",
        name="北门社区党委",
        form="committee",
        division="441702001001",
        committee_members="5",
    )
    _append(tables / "households.csv", id="h1", community="441702001001", size="3")
    model = partygraph.load(tmp_path / "m" / "model.yaml")
    assert [(o.id, o.division) for o in model.party_orgs] == [("o-nbm", "441702001001")]
    assert model.population["households"]["size"].tolist() == [3]


# -- seeded from the codes ----------------------------------------------------------------
def test_seeded_from_yangjiang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "yj"
    assert main(["init", str(out), "--divisions", str(YANGJIANG)]) == 0
    said = capsys.readouterr().out
    assert "区划表已填入 1 个市、4 个县级单位、10 个街道、71 个社区" in said
    # 63 townships - 10 街道 = 53 (38 镇, 15 林场/监狱/矿区...); 878 villages - 143 under 街道
    assert "53 个镇、乡等乡级单位（镇 38、其他 15）及其下 735 个村级单位" in said
    assert "街道下 72 个不是居委会的村级单位" in said  # 143 under 街道 - 71 committees
    rows = _rows(out / "tables" / "divisions.csv")
    assert Counter(r["level"] for r in rows) == {
        "city": 1,
        "county": 4,
        "subdistrict": 10,
        "community": 71,
    }
    assert [r["name"] for r in rows if r["district"] == "是"] == ["江城区", "阳东区"]
    name = {r["id"]: r["name"] for r in rows}
    per_subdistrict = Counter(name[r["parent"]] for r in rows if r["level"] == "community")
    assert per_subdistrict == {
        "南恩街道": 15,
        "城南街道": 17,
        "城北街道": 9,
        "中洲街道": 1,
        "城东街道": 5,
        "岗列街道": 2,
        "城西街道": 1,
        "白沙街道": 1,
        "春城街道": 15,  # with 春晖社区, new in 2023
        "河西街道": 5,
    }
    xilai = next(r for r in rows if r["id"] == "441702001014")
    assert (xilai["name"], xilai["note"]) == ("西濑社区", "统计用区划代码名称：西濑居委会")
    model = partygraph.load(out / "model.yaml")
    assert model.name == "阳江市城市基层党建"
    assert len(model.divisions) == 86


def test_full_twelve_digit_codes_and_a_province(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    codes.write_text(
        "code,name,parent\n"
        "440000000000,广东省,\n"
        "441700000000,阳江市,440000000000\n"
        "441702000000,江城区,441700000000\n"
        "441702001000,南恩街道,441702000000\n"
        "441702001001,北门社区居委会,441702001000\n"
        "441702001201,三江村委会,441702001000\n"
        "441702105000,闸坡镇,441702000000\n"
        "441702105001,海港社区居委会,441702105000\n",
        encoding="utf-8",
    )
    s = write_starter(tmp_path / "m", divisions=codes)
    assert s.levels == {"city": 1, "county": 1, "subdistrict": 1, "community": 1}
    assert (s.provinces, s.towns, s.under_towns, s.villages) == (1, {"镇": 1}, 1, 1)
    rows = _rows(tmp_path / "m" / "tables" / "divisions.csv")
    assert [(r["id"], r["name"], r["parent"]) for r in rows] == [
        ("441700000000", "阳江市", ""),
        ("441702000000", "江城区", "441700000000"),
        ("441702001000", "南恩街道", "441702000000"),
        ("441702001001", "北门社区", "441702001000"),
    ]
    loaded = partygraph.load(tmp_path / "m" / "model.yaml")
    assert [d.level for d in loaded.divisions] == ["city", "county", "subdistrict", "community"]


def test_tab_separated_gb18030_with_chinese_header_and_levels(tmp_path: Path) -> None:
    codes = tmp_path / "区划.txt"
    text = "区划代码\t名称\t上级代码\t级别\n4417\t阳江市\t\t地级\n441702\t江城区\t4417\t县级\n"
    codes.write_bytes(text.encode("gb18030"))
    s = write_starter(tmp_path / "m", divisions=codes)
    assert s.levels == {"city": 1, "county": 1}


# -- refusing to overwrite ------------------------------------------------------------------
def test_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m"
    out.mkdir()
    (out / "mine.csv").write_text("my data", encoding="utf-8")
    assert main(["init", str(out)]) == 2
    assert "已存在且不是空的" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["mine.csv"]
    assert (out / "mine.csv").read_text(encoding="utf-8") == "my data"
    with pytest.raises(PartygraphError, match="是一个文件"):
        write_starter(out / "mine.csv")


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    write_starter(tmp_path)
    assert (tmp_path / "model.yaml").is_file()


# -- a bad codes file -----------------------------------------------------------------------
GOOD = ["code,name,parent", "4417,阳江市,", "441702,江城区,4417", "441702001,南恩街道,441702"]


@pytest.mark.parametrize(
    ("lines", "where", "says"),
    [
        ([*GOOD, "44170200100A,北门社区居委会,441702001"], "5:1: code", "不是区划代码"),
        ([*GOOD, "441702002001,城南社区居委会,441702002"], "5:3: parent", "不在文件中"),
        ([*GOOD, "441704001,城东街道,441702"], "5:3: parent", "应是代码为 441704 的县级单位"),
        ([*GOOD, "441702,江城区,4417"], "5:1: code", "重复：第 3 行已有"),
        ([*GOOD, "441703,,4417"], "5:2: name", "没有名称"),
        (["code,name,parent,level", "4417,阳江市,,county"], "2:4: level", "这个代码是地级"),
        (["code,name", "4417,阳江市"], "1: ", "表头缺少列 parent"),
        (["441702,江城区,4417"], "1: ", "表头缺少列 code、name、parent"),
        ([""], "1: ", "文件是空的"),
    ],
)
def test_a_bad_codes_file_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str], where: str, says: str
) -> None:
    codes = tmp_path / "bad.csv"
    codes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "m"
    assert main(["init", str(out), "--divisions", str(codes)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{codes}:{where}"), err
    assert says in err[0]
    assert err[-1] == "partygraph: 发现 1 个问题"
    assert not out.exists()  # nothing written


def test_every_problem_at_once_and_at_most_20_per_column(tmp_path: Path) -> None:
    rows = [f"4417{k:02d},县{k},4418" for k in range(30)]  # parent not in the file
    codes = tmp_path / "bad.csv"
    codes.write_text("\n".join(["code,name,parent", "x,甲,", *rows]) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        write_starter(tmp_path / "m", divisions=codes)
    errors = info.value.errors
    assert [(e.line, e.field) for e in errors[:2]] == [(2, "code"), (3, "parent")]
    parents = [e for e in errors if e.field == "parent"]
    assert len(parents) == 21 and parents[-1].line is None
    assert parents[-1].message == "……这一列另有 10 行同类问题"


def test_an_excel_workbook_is_named_as_such(tmp_path: Path) -> None:
    book = tmp_path / "区划.xlsx"
    book.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(ConfigError, match="这是 Excel 工作簿"):
        write_starter(tmp_path / "m", divisions=book)


# -- docs/config.md section 11 shows what the command prints ------------------------------
DOC = (Path(__file__).resolve().parent.parent / "docs" / "config.md").read_text(encoding="utf-8")
SECTION = DOC.split("## 11. 新建模型 partygraph init")[1]


def test_the_docs_show_the_real_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown, errors = [b.strip() for b in SECTION.split("```text\n")[1:3]]
    errors = errors.split("```")[0].strip()
    shown = shown.split("```")[0].strip()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "yangjiang-divisions-2023.csv").write_bytes(YANGJIANG.read_bytes())
    assert main(["init", "阳江", "--divisions", "yangjiang-divisions-2023.csv"]) == 0
    assert capsys.readouterr().out.strip() == shown
    command, *lines = errors.splitlines()
    # the rows the docs' messages are about (lines 5, 6 and 7)
    text = "code,name,parent\n4417,阳江市,\n441702,江城区,4417\n441702001,南恩街道,441702\n"
    text += "44170200100A,北门社区居委会,441702001\n441702002001,城南社区居委会,441702002\n"
    text += "441704001,城东街道,441702\n"
    (tmp_path / "bad.csv").write_text(text, encoding="utf-8")
    assert main(command.removeprefix("$ partygraph ").split()) == 2
    assert capsys.readouterr().err.strip().splitlines() == lines


def test_a_city_may_name_a_province_the_file_leaves_out(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    codes.write_text("code,name,parent\n4417,阳江市,44\n441702,江城区,4417\n", encoding="utf-8")
    assert write_starter(tmp_path / "m", divisions=codes).levels == {"city": 1, "county": 1}


def test_bytes_in_no_known_encoding_are_not_guessed(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    codes.write_bytes(b"code,name,parent\n4417,\x81\x30\xff,\n")  # not UTF-8, not GB18030
    with pytest.raises(ConfigError, match="既不是 UTF-8 也不是 GB18030"):
        write_starter(tmp_path / "m", divisions=codes)


# -- the workbook form (--xlsx) -----------------------------------------------------
def _sheet_rows(path: Path, sheet: str) -> list[list[object]]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def test_init_xlsx_writes_one_workbook_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "新模型"
    assert main(["init", str(out), "--xlsx"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said == [
        f"已写出 {out / 'model.yaml'} 和工作簿 {out / 'tables.xlsx'}"
        "（23 张工作表和“说明”，只有表头）",
        f"下一步：在工作簿里填写各部分，然后运行 partygraph validate {out / 'model.yaml'}",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["model.yaml", "tables.xlsx"]
    entry = (out / "model.yaml").read_text(encoding="utf-8")
    assert "divisions: {table: tables.xlsx, sheet: 区划}" in entry
    assert "households: {table: tables.xlsx, sheet: 户}" in entry
    assert "tables/" not in entry
    assert main(["validate", str(out / "model.yaml")]) == 0
    model = partygraph.load(out / "model.yaml")
    assert model.entities() == [] and len(model.population["households"]) == 0


def test_the_workbook_has_chinese_headers_dropdowns_and_a_guide(tmp_path: Path) -> None:
    import openpyxl

    write_starter(tmp_path / "m", xlsx=True)
    path = tmp_path / "m" / "tables.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:4] == ["说明", "区划", "单位", "小区"]
    assert len(wb.sheetnames) == 24
    assert _sheet_rows(path, "区划")[0] == [
        "编号", "名称", "级别", "上级", "是否城区", "示范社区", "起始日期", "截止日期", "备注"
    ]  # fmt: skip
    assert _sheet_rows(path, "户")[0] == [
        "户编号",
        "所在社区",
        "居民小组",
        "所在网格",
        "所在小区",
        "户内人数",
    ]
    lists = {
        str(dv.sqref): dv.formula1 for dv in wb["区划"].data_validations.dataValidation
        if dv.type == "list"
    }  # fmt: skip
    assert lists == {
        # the Chinese terms, which the loader reads back as the codes (and notes)
        "C2:C1048576": '"市,县(市、区),街道,社区,居民小组"',
        "E2:E1048576": '"是,否"',
        "F2:F1048576": '"是,否"',
    }
    person_lists = [
        dv.formula1 for dv in wb["人"].data_validations.dataValidation if dv.type == "list"
    ]
    assert person_lists == ['"正式党员,预备党员"', '"是,否"']
    guide = _sheet_rows(path, "说明")
    assert guide[0][0] == "怎样填写这个工作簿"
    levels = (
        "city（市）、county（县(市、区)）、subdistrict（街道）、community（社区）、"
        "residents_group（居民小组）；从下拉列表选（列表里是中文名称，读入时换成代码，"
        "validate --verbose 会列出）"
    )
    assert ["级别", "level", "是", levels] in guide
    assert ["户内人数", "size", "", "数字（人数、次数写整数）"] in [
        [c or "" for c in r] for r in guide
    ]


def test_a_filled_in_workbook_loads_to_the_model(tmp_path: Path) -> None:
    import openpyxl

    write_starter(tmp_path / "m", xlsx=True)
    path = tmp_path / "m" / "tables.xlsx"
    wb = openpyxl.load_workbook(path)
    # as picked from the dropdowns (Chinese terms), or typed as codes: both load
    wb["区划"].append(["yj", "阳江市", "市"])
    wb["区划"].append(["jc", "江城区", "县(市、区)", "yj", "是"])
    wb["区划"].append(["nj", "南恩街道", "subdistrict", "jc"])
    wb["区划"].append(["c1", "北门社区", "community", "nj", None, "否"])
    wb["党组织"].append(
        ["o1", "北门社区党委", "committee", "", "c1", None, None, None, None, None, 120]
    )
    wb["网格"].append(["g1", "北门一网格", "c1", None, "p1"])
    wb["户"].append(["h1", "c1", None, "g1", None, 3])
    wb["户"].append([102, "c1", None, None, None, 2])  # a number typed as id: read as 102
    wb["人"].append(["p1", "陈伟明", "h1", "正式党员", "o1", None, "是"])
    wb.save(path)
    record = Record()
    model = partygraph.load(tmp_path / "m" / "model.yaml", normalised=record)
    chosen = {(n.written, n.read_as) for n in record.notes if n.why == "中文代码"}
    assert {("市", "city"), ("县(市、区)", "county"), ("正式党员", "full")} <= chosen
    assert [(d.id, d.level, d.parent, d.district) for d in model.divisions] == [
        ("yj", "city", None, False),
        ("jc", "county", "yj", True),
        ("nj", "subdistrict", "jc", False),
        ("c1", "community", "nj", False),
    ]
    (org,) = model.party_orgs
    assert (org.id, org.form, org.division, org.members_full) == ("o1", "committee", "c1", 120)
    assert model.grids[0].leader == "p1"
    households = model.population["households"]
    assert households["id"].tolist() == ["h1", "102"] and households["size"].tolist() == [3, 2]
    persons = model.population["persons"]
    assert persons["id"].tolist() == ["p1"] and persons["in_service"].tolist() == [True]


def test_init_xlsx_seeds_the_divisions_sheet(tmp_path: Path) -> None:
    s = write_starter(tmp_path / "阳江", divisions=YANGJIANG, xlsx=True)
    rows = _sheet_rows(s.files[0], "区划")
    assert len(rows) == 1 + 86 and rows[1][:3] == ["4417", "阳江市", "city"]
    model = partygraph.load(s.entry)
    assert Counter(d.level for d in model.divisions) == s.levels
