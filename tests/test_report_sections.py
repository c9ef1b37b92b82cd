"""The report's optional sections, ``matching`` and ``metrics``: computed by
``report.attach`` (``check --with``), in the JSON schema (version 2), and
rendered as text, Markdown, Excel and Word.

Hand-worked on tests/fixtures/match/model.yaml (its header says why):
东风社区 lists 3 needs — 法律咨询 met by its own 甲局, 心理疏导 offered by 乙局
(心理辅导, a synonym), 加装电梯 by none; 红旗社区 2 — 法律援助 and 就业培训, both
offered by 甲局, not by its own 丙局; 西湖社区 1 — 助学帮扶, by none.  So 6 needs:
1 met, 3 elsewhere, 2 by none.  With at most 3 communities a unit, the best
pairing keeps 甲局–东风社区 (1) and gives 红旗社区 to 甲局 (2): 1 → 3 needs met,
1 community changes unit, 2 keep theirs (西湖社区 keeps 乙局, nothing to gain).

On tests/fixtures/rules/model.yaml the persons network's most posts are 何静 (9,
all 责任人) and 李明 (5); the brokers (two communities or more) 郑涛 and 李明;
the units network's 市财政局 is paired with 东风社区 and 红旗社区, the only
municipal unit of both (2 sole links).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import jsonschema
import openpyxl
import pytest

import partygraph
from partygraph.cli import main
from partygraph.i18n import use_language
from partygraph.model import Compound, Division, Model, ServiceCentre
from partygraph.model.report import SCHEMA_VERSION, Report
from partygraph.report import attach
from partygraph.report.document import build_document
from partygraph.report.docx import docx_bytes
from partygraph.report.render import render
from partygraph.report.xlsx import workbook_bytes
from partygraph.schema import report_schema

from conftest import FIXTURES

MATCH = FIXTURES / "match" / "model.yaml"
RULES = FIXTURES / "rules" / "model.yaml"
TOTALS = (
    "挂点社区 3 个，列出需求 6 项：本社区挂点单位可满足 1 项（16.7%），"
    "其他挂点单位可满足 3 项（50.0%），没有单位提供 2 项（33.3%）"
)
PAIRING = (
    "可满足的需求：现有挂点 1 项 → 优化后 3 项（增加 2 项）；1 个社区调整挂点单位，2 个保持不变"
)


@pytest.fixture(scope="module")
def matched() -> tuple[partygraph.Model, Report]:
    model = partygraph.load(MATCH)
    return model, attach(partygraph.check(model), model, matching=True, metrics=True)


@pytest.fixture(scope="module")
def networks() -> tuple[partygraph.Model, Report]:
    model = partygraph.load(RULES)
    return model, attach(partygraph.check(model), model, metrics=True, top=2)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_matching_section_by_hand(matched: tuple[partygraph.Model, Report]) -> None:
    m = matched[1].matching
    assert m is not None
    assert (m.needs, m.met, m.elsewhere, m.unmet) == (6, 1, 3, 2)
    rows = [
        (c.community.name, [u.name for u in c.units], c.needs, c.met, c.elsewhere, c.unmet)
        for c in m.communities
    ]
    assert rows == [
        ("东风社区", ["甲局"], 3, 1, 1, 1),
        ("红旗社区", ["丙局"], 2, 0, 2, 0),
        ("西湖社区", ["乙局"], 1, 0, 0, 1),
    ]
    assert [(c.elsewhere_needs, c.unmet_needs) for c in m.communities] == [
        (["心理疏导"], ["加装电梯"]),
        (["法律援助", "就业培训"], []),
        ([], ["助学帮扶"]),
    ]
    assert [(n.need, n.communities) for n in m.unmet_needs] == [("加装电梯", 1), ("助学帮扶", 1)]
    assert (m.capacity, m.before, m.after, m.changed, m.kept) == (3, 1, 3, 1, 2)


def test_a_scope_matches_its_communities_only() -> None:
    model = partygraph.load(MATCH)
    m = attach(Report(model=model.name), model, matching=True, scope="s2").matching
    assert m is not None
    assert [c.community.name for c in m.communities] == ["西湖社区"]
    assert (m.needs, m.unmet, m.before, m.after) == (1, 1, 0, 0)


def test_metrics_section_is_bounded(networks: tuple[partygraph.Model, Report]) -> None:
    persons, units, orgs = networks[1].metrics or []
    assert (persons.network, units.network, orgs.network) == ("persons", "units", "orgs")
    assert [(k.node.name, k.posts) for k in persons.most_posts] == [("何静", 9), ("李明", 5)]
    assert persons.most_posts[0].roles == {"responsible": 9}
    assert sum(persons.most_posts[1].roles.values()) == 5
    assert [k.node.name for k in persons.brokers] == ["郑涛", "李明"]
    assert persons.top == 2 and persons.sole_links == []
    assert [(k.node.name, k.sole_links) for k in units.sole_links] == [("市财政局", 2)]
    assert units.sole_total == 2


def test_not_asked_for_is_absent(networks: tuple[partygraph.Model, Report]) -> None:
    report = networks[1]
    assert report.matching is None  # only metrics were asked for
    plain = partygraph.check(networks[0])
    assert plain.matching is None and plain.metrics is None
    data = json.loads(render(plain, "json"))
    assert "matching" not in data and "metrics" not in data
    assert "需求对接" not in render(plain, "text") and "关键人物" not in render(plain, "markdown")


# -- the JSON schema, version 2 -----------------------------------------------------
def test_json_with_and_without_the_sections_validates(
    matched: tuple[partygraph.Model, Report], validator: jsonschema.Draft202012Validator
) -> None:
    model, report = matched
    with_them = json.loads(render(report, "json"))
    assert with_them["schema_version"] == SCHEMA_VERSION == 2
    assert with_them["matching"]["after"] == 3
    validator.validate(with_them)
    without = json.loads(render(partygraph.check(model), "json"))
    assert "matching" not in without
    validator.validate(without)
    assert Report.model_validate_json(render(report, "json")) == report
    broken = {**with_them, "matching": {**with_them["matching"], "needs": "六"}}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_a_version_1_report_still_loads(
    matched: tuple[partygraph.Model, Report], validator: jsonschema.Draft202012Validator
) -> None:
    data = json.loads(render(partygraph.check(matched[0]), "json"))
    data["schema_version"] = 1  # what partygraph wrote before the sections existed
    validator.validate(data)
    old = Report.model_validate(data)
    assert old.schema_version == 1 and old.matching is None and old.metrics is None
    assert len(old.findings) == len(data["findings"])


def test_partygraph_schema_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "report"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "partygraph 检查报告"
    assert {"matching", "metrics"} <= set(schema["properties"])
    assert "matching" not in schema.get("required", [])


# -- renderings ----------------------------------------------------------------------
def test_text(matched: tuple[partygraph.Model, Report]) -> None:
    text = render(matched[1], "text")
    tail = text[text.index("\n需求对接\n") :].splitlines()
    assert tail[1:3] == ["需求对接", "  " + TOTALS]
    assert "    " + PAIRING in tail
    first = next(line for line in tail if line.startswith("    东风社区"))
    assert first.endswith("需求 3 项：本单位满足 1，其他单位可满足 1，无单位提供 1（加装电梯）")
    # ranked: most needs by none first, then most offered elsewhere
    order = [
        line.split("（")[0].strip()
        for line in tail
        if line.startswith("    ") and "社区（c" in line
    ]
    assert order == ["东风社区", "西湖社区", "红旗社区"]
    assert "    “加装电梯”：1 个社区" in tail
    assert "关键人物" in tail and "    甲局（u1）：1 个社区只靠它联系" in tail


def test_text_in_english(matched: tuple[partygraph.Model, Report]) -> None:
    with use_language("en"):
        text = render(matched[1], "text")
    assert "\nNeeds and resources\n" in text
    assert "6 needs: 1 met by their own paired unit (16.7%)" in text
    assert "needs met: 1 with today's pairings → 3 (+2)" in text


def test_markdown(matched: tuple[partygraph.Model, Report]) -> None:
    md = render(matched[1], "markdown")
    assert "\n## 需求对接\n" in md and "\n## 关键人物\n" in md
    assert "| 东风社区 | 示例市 › 城区 › 东街道 | 甲局 | 3 | 1 | 1 | 1 | 加装电梯 |" in md
    assert "| 加装电梯 | 1 |" in md
    assert f"：{PAIRING}" in md


def test_workbook_sheets(matched: tuple[partygraph.Model, Report]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(matched[1])), read_only=True)
    assert book.sheetnames[-2:] == ["需求对接", "关键人物"]
    rows = list(book["需求对接"].iter_rows(values_only=True))
    assert rows[0] == (
        "社区", "对象代码", "市", "县区", "街道", "挂点单位", "需求数", "本单位满足",
        "其他单位可满足", "无单位提供", "其他单位可满足的需求", "无单位提供的需求",
    )  # fmt: skip
    assert rows[1] == ("东风社区", "c1", "示例市", "城区", "东街道", "甲局", 3, 1, 1, 1,
                       "心理疏导", "加装电梯")  # fmt: skip
    assert [r[0] for r in rows[1:]] == ["东风社区", "西湖社区", "红旗社区"]
    assert all(isinstance(r[6], int) for r in rows[1:])  # numbers are numbers
    key = list(book["关键人物"].iter_rows(values_only=True))
    sole = [r for r in key if r[1] == "唯一联系"]
    assert [(r[0], r[2], r[-1]) for r in sole] == [
        ("单位网络", n, 1) for n in ("甲局", "乙局", "丙局")
    ]
    overview = [r for r in book["概览"].iter_rows(values_only=True) if r and r[0] == "需求对接"]
    assert overview and overview[0][1] == 3  # the sheet's rows, in the 概览's list


def test_workbook_without_the_sections_has_six_sheets(
    networks: tuple[partygraph.Model, Report],
) -> None:
    book = openpyxl.load_workbook(
        io.BytesIO(workbook_bytes(partygraph.check(networks[0]))), read_only=True
    )
    assert "需求对接" not in book.sheetnames and "关键人物" not in book.sheetnames


def _docx(model: partygraph.Model, report: Report) -> Any:
    return docx.Document(io.BytesIO(docx_bytes(build_document(model, report, figures=False))))


def test_word(matched: tuple[partygraph.Model, Report]) -> None:
    d = _docx(*matched)
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading 1")]
    assert heads[-3:] == ["六、需求对接", "七、关键人物", "八、图示"]
    texts = [p.text for p in d.paragraphs]
    assert TOTALS in texts
    assert any(t.endswith(PAIRING) and t.startswith("优化挂点安排") for t in texts)
    cells = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    assert ["东风社区", "甲局", "3", "1", "1", "1", "加装电梯"] in cells
    assert ["加装电梯", "1"] in cells
    assert ["甲局", "1"] in cells  # the units' sole links
    assert any(t.startswith("（一）人员网络") for t in texts)


# -- the service circle's method where its coverage is shown ----------------------------
METHOD = "直线距离 × 1.3，步行 5 公里/小时"


def _circle() -> Model:
    """Two compounds with coordinates, one site: a coverage row of compound.service_circle."""
    return Model(
        name="服务圈",
        divisions=[
            Division(id="c", name="示例市", level="city"),
            Division(id="q", name="区", level="county", parent="c", district=True),
            Division(id="s", name="街道", level="subdistrict", parent="q"),
            Division(id="k", name="社区", level="community", parent="s"),
        ],
        compounds=[
            Compound(id="near", name="九分钟小区", community="k", x=577, y=0),
            Compound(id="far", name="十一分钟小区", community="k", x=0, y=-705),
        ],
        service_centres=[
            ServiceCentre(id="site", name="社区中心", level="community", division="k", x=0, y=0,
                          weekend_duty=True),
        ],
    )  # fmt: skip


def test_the_service_circle_method_is_said_everywhere() -> None:
    model = _circle()
    report = partygraph.check(model, packs=["yangjiang"])
    row = next(c for c in report.coverage if c.rule == "compound.service_circle")
    assert (row.covered, row.total) == (1, 2)  # 577 m walks 9.0 minutes, 705 m 11.0
    assert METHOD in render(report, "text") and METHOD in render(report, "markdown")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(report)), read_only=True)
    for sheet in ("概览", "覆盖率"):
        cells = [c for row in book[sheet].iter_rows(values_only=True) for c in row]
        assert any(METHOD in str(c) for c in cells), sheet
    d = _docx(model, report)
    assert any(METHOD in c.text for t in d.tables for row in t.rows for c in row.cells)


# -- the command line ------------------------------------------------------------------
def test_check_with(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(MATCH), "--with", "需求对接", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code in (0, 1) and data["matching"]["needs"] == 6 and "metrics" not in data


def test_check_with_a_bad_section(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["check", str(MATCH), "--with", "地图"])
    assert e.value.code == 2
    assert "不认识“地图”" in capsys.readouterr().err


def test_report_with(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "分析报告.docx"
    assert main(["report", str(MATCH), "--with", "matching", "--no-figures", "-o", str(out)]) == 0
    heads = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert "六、需求对接" in heads and "七、关键人物" not in heads


def test_html_and_markdown_reports_hold_the_chapters(
    matched: tuple[partygraph.Model, Report],
) -> None:
    from partygraph.report.html import html_text
    from partygraph.report.mdreport import markdown_text

    doc = build_document(*matched, figures=False)
    html = html_text(doc)
    assert "六、需求对接" in html and "七、关键人物" in html and "八、图示" in html
    md = markdown_text(doc, "")[0]
    assert "## 六、需求对接" in md and "| 东风社区 | 甲局 | 3 | 1 | 1 | 1 | 加装电梯 |" in md


def test_check_with_matching_keeps_to_the_load_rules_capacity(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The pack's 3 communities a unit by default; --param reaches the best pairing too
    # (on this fixture one community a unit still meets 3 needs: assign's doctest).
    main(["check", str(MATCH), "--with", "matching", "--format", "json"])
    default = json.loads(capsys.readouterr().out)["matching"]
    args = ["--param", "load_communities_per_paired_unit=1"]
    main(["check", str(MATCH), "--with", "matching", "--format", "json", *args])
    one = json.loads(capsys.readouterr().out)["matching"]
    assert (default["capacity"], default["after"]) == (3, 3)
    assert (one["capacity"], one["after"]) == (1, 3)
