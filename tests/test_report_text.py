"""The text and Markdown check reports lead with the answer: a 概览 of the
headline coverage, the units below the scope, the places with the most
findings, every other figure; then the findings.

Every figure here is the hand-worked one of tests/test_check.py on
tests/fixtures/rules/model.yaml (1 city, district 城区, 东街道 with 东风社区 and
红旗社区, 西街道 with 西湖社区); the compounds' organisational coverage is 1 of
3 (cp2 and cp3 have neither a compound branch nor a joint one, FINDINGS there).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import partygraph
from partygraph.cli import main
from partygraph.i18n import use_language
from partygraph.model.report import Report
from partygraph.report.render import render

from conftest import FIXTURES, ROOT

MODEL = FIXTURES / "rules" / "model.yaml"
YANGJIANG = ROOT / "configs" / "yangjiang.yaml"

#: The headline figures at the city, in order: unit and compound organisational
#: coverage, unit and compound work coverage (test_check.test_coverage_exact).
HEADLINE = [
    ("单位党的组织覆盖（本单位党组织或联合党支部）", "20.0%", "1/5 个单位"),
    ("小区党的组织覆盖（小区党支部或联合党支部）", "33.3%", "1/3 个小区"),
    ("单位党的工作覆盖（有党组织或党建指导员）", "60.0%", "3/5 个单位"),
    ("小区党的工作覆盖（有党组织或党建指导员）", "66.7%", "2/3 个小区"),
]
#: ``--depth community``: each unit's four headline figures (covered/total),
#: indented under its parent.
DRILLED = [
    (0, "城区", ["1/5", "1/3", "3/5", "2/3"]),
    (1, "东街道", ["1/4", "1/2", "2/4", "2/2"]),
    (2, "东风社区", ["0/2", "1/1", "1/2", "1/1"]),
    (2, "红旗社区", ["1/2", "0/1", "1/2", "1/1"]),
    (1, "西街道", ["0/1", "0/1", "1/1", "0/1"]),
    (2, "西湖社区", ["0/1", "0/1", "1/1", "0/1"]),
]
#: The communities with the most findings (test_check.test_worst): name, where, counts.
WORST = [
    ("红旗社区", "城区 › 东街道", 4, 12, 6),  # + weekend duty, pair2's need, u-ent's seat
    ("西湖社区", "城区 › 西街道", 4, 4, 5),
    (
        "东风社区",
        "城区 › 东街道",
        2,
        9,
        4,
    ),  # with sc-c1's weekend duty, pair1's need, h3's unled grid
]


@pytest.fixture(scope="module")
def report() -> Report:
    return partygraph.check(partygraph.load(MODEL))


def _block(text: str, head: str) -> list[str]:
    """The lines after the line starting ``head``, up to the next empty line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(head))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
    return lines[start + 1 : end]


def _overview(text: str) -> str:
    """The text from the 概览 to the first findings section."""
    return text[text.index("概览") : text.index("\n错误（")]


def test_the_overview_comes_first_with_the_headline_figures(report: Report) -> None:
    lines = render(report, "text").splitlines()
    assert lines[:2] == [
        "示例市（规则测试） — 检查报告",
        "规则包：regulations, yangjiang，共 50 条规则",
    ]
    assert lines[3] == "概览：示例市（数据日期 2024-06-30）"
    assert lines[4] == "  问题：错误 11 · 警告 26 · 提示 15"
    got = [re.split(r"\s{2,}", line.strip())[:3] for line in lines[5:9]]
    assert got == [list(h) for h in HEADLINE]
    assert lines[9] == ""
    # the bar follows: 2 of 10 blocks for 20.0%
    assert lines[5].endswith("1/5 个单位  ▇▇░░░░░░░░")


def test_the_overview_says_no_rule_id(report: Report) -> None:
    """Ids are jargon in Chinese: the overview names rules by their titles."""
    head = _overview(render(report, "text"))
    ids = [r.id for r in report.rules if r.id in head]
    assert ids == []
    assert not re.search(r"[a-z]+\.[a-z_]+", head.replace("--depth", ""))
    md = render(report, "markdown")
    md_head = md[md.index("## 概览") : md.index("## 错误")]
    assert [r.id for r in report.rules if r.id in md_head] == []
    # the findings' sections keep the id, which --rules and --param take
    assert "[unit.work_coverage] 单位既无党组织" in render(report, "text")


def test_the_units_one_level_down(report: Report) -> None:
    rows = _block(render(report, "text"), "下一级：县(市、区)（1 个）")
    assert rows[0].split() == [
        "县(市、区)",
        "单位党的组织覆盖",
        "小区党的组织覆盖",
        "单位党的工作覆盖",
        "小区党的工作覆盖",
    ]
    assert rows[1].split() == [
        "城区",
        "20.0%",
        "1/5",
        "33.3%",
        "1/3",
        "60.0%",
        "3/5",
        "66.7%",
        "2/3",
    ]
    assert len(rows) == 2
    # the head says how to see the next level
    assert "，用 --depth subdistrict 可逐级列到街道" in render(report, "text")


def _drilled(text: str, head: str) -> list[tuple[int, str, list[str]]]:
    rows = _block(text, head)[1:]
    out = []
    for row in rows:
        name, *cells = row.split()
        indent = (len(row) - len(row.lstrip()) - 2) // 2
        out.append((indent, name, [c for c in cells if "/" in c]))
    return out


def test_depth_community_drills_level_by_level(
    report: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(MODEL), "--depth", "community"]) == 1
    text = capsys.readouterr().out
    assert _drilled(text, "逐级：县(市、区) › 街道 › 社区（6 个）") == DRILLED
    assert _drilled(render(report, "text", depth="community"), "逐级：") == DRILLED
    # the Chinese name of the level does as well
    assert main(["check", str(MODEL), "--depth", "社区"]) == 1
    assert capsys.readouterr().out == text
    # down to the subdistricts only
    sub = render(report, "text", depth="subdistrict")
    assert [(d, n) for d, n, _ in _drilled(sub, "逐级：")] == [
        (0, "城区"),
        (1, "东街道"),
        (1, "西街道"),
    ]
    assert "，用 --depth community 可逐级列到社区" in sub


def test_scope_and_depth_combine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MODEL), "--scope", "东街道", "--depth", "community"]) == 1
    text = capsys.readouterr().out
    assert "概览：东街道（数据日期 2024-06-30）" in text
    assert _drilled(text, "下一级：社区（2 个）") == [(d - 2, n, c) for d, n, c in DRILLED[2:4]]
    # within 东街道 a community lies nowhere further down: no "where" column
    assert _block(text, "问题最多的 2 个社区")[0].split() == ["社区", "错误", "警告", "提示"]
    assert main(["check", str(MODEL), "--scope", "东街道", "--depth", "county"]) == 2
    err = capsys.readouterr().err
    assert "--depth county：范围“东街道”本身已是街道，其下没有这一级" in err
    with pytest.raises(SystemExit) as stopped:  # a usage error, as argparse says it
        main(["check", str(MODEL), "--depth", "乡"])
    assert stopped.value.code == 2
    assert "参数 --depth：“乡”不是可列的层级" in capsys.readouterr().err


def test_the_places_with_the_most_findings(report: Report) -> None:
    rows = _block(render(report, "text"), "问题最多的 3 个社区（先比错误数，再比警告、提示）")
    assert rows[0].split() == ["社区", "所在", "错误", "警告", "提示"]
    got = [(r.split()[0], " ".join(r.split()[1:4]), *map(int, r.split()[4:])) for r in rows[1:]]
    assert got == WORST


def test_every_other_figure_under_its_title(report: Report) -> None:
    rest = _block(render(report, "text"), "其余各项覆盖率（示例市）")
    got = {re.split(r"\s{2,}", r.strip())[0]: re.split(r"\s{2,}", r.strip())[1:3] for r in rest}
    assert len(rest) == len({c.rule for c in report.coverage}) - 4  # the headline ones above
    assert got["网格配备党员网格长"] == ["75.0%", "3/4 个网格"]
    assert got["住户纳入网格"] == ["75.0%", "6/8 户"]  # 户 counts itself: not 个户
    assert got["街道建立“大工委”"] == ["50.0%", "1/2 个街道"]
    assert got["党组织书记在岗"] == ["71.4%", "5/7 个党组织"]
    # whistle.responder counts each community's categories, and says so
    whistle = "事项类别在社区、街道、区三级有报到部门（按社区×事项类别计）"
    assert whistle in got
    assert "吹哨报到覆盖率" not in render(report, "text")


def test_a_pack_without_headline_rules_leads_with_its_first_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(MODEL), "--pack", "yangjiang"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [re.split(r"\s{2,}", line.strip())[:3] for line in lines[5:7]] == [
        ["街道建立“大工委”", "50.0%", "1/2 个街道"],
        ["社区建立“大党委”", "66.7%", "2/3 个社区"],
    ]


def test_english(report: Report) -> None:
    with use_language("en"):
        text = render(report, "text")
        md = render(report, "markdown")
    lines = text.splitlines()
    assert lines[3] == "overview: 示例市 (as of 2024-06-30)"
    assert lines[4] == "  findings: 11 error · 26 warning · 15 info"
    assert re.split(r"\s{2,}", lines[5].strip())[:3] == [
        "organisational coverage of units (own organisation or joint branch)",
        "20.0%",
        "1/5 units",
    ]
    assert "one level down: county (1); --depth subdistrict lists every subdistrict" in text
    assert "  households in a grid " in text and "6/8 households" in text
    assert "## Overview: 示例市" in md
    assert "概览" not in text and "个单位" not in text


def test_markdown_in_the_same_order(report: Report) -> None:
    md = render(report, "markdown", depth="community")
    heads = [line for line in md.splitlines() if line.startswith("#")]
    assert heads[:6] == [
        "# 示例市（规则测试）：检查报告",
        "## 概览：示例市",
        "### 逐级：县(市、区) › 街道 › 社区（6 个）",
        "### 问题最多的 3 个社区（先比错误数，再比警告、提示）",
        "### 其余各项覆盖率（示例市）",
        "## 错误",
    ]
    assert "| 单位党的组织覆盖（本单位党组织或联合党支部） | 20.0% | 1/5 个单位 |" in md
    assert "| \u3000\u3000红旗社区 | 50.0% 1/2 | 0.0% 0/1 | 50.0% 1/2 | 100.0% 1/1 |" in md
    assert "| 红旗社区 | 城区 › 东街道 | 4 | 12 | 6 |" in md
    assert "| 住户纳入网格 | 75.0% | 6/8 户 |" in md


@pytest.mark.skipif(not YANGJIANG.exists(), reason="configs/yangjiang.yaml is not shipped")
def test_the_example_first_screen_answers(capsys: pytest.CaptureFixture[str]) -> None:
    """How covered are we, and where is it worst: on the first 40 lines."""
    assert main(["check", str(YANGJIANG)]) == 1
    screen = capsys.readouterr().out.splitlines()[:40]
    text = "\n".join(screen)
    assert screen[3] == "概览：阳江市（数据日期 2023-06-30）"
    assert screen[4] == "  问题：错误 305 · 警告 1203 · 提示 1507"
    assert re.split(r"\s{2,}", screen[5].strip())[:3] == [
        "单位党的组织覆盖（本单位党组织或联合党支部）",
        "78.2%",
        "647/827 个单位",
    ]
    counties = _block(text, "下一级：县(市、区)（4 个）")[1:]
    assert [row.split()[0] for row in counties] == ["江城区", "阳东区", "阳西县", "阳春市"]
    worst = _block(text, "问题最多的 10 个社区")[1:]
    assert worst[0].split() == ["石湾南社区", "江城区", "›", "南恩街道", "6", "15", "12"]
    assert len(worst) == 10
    assert [r.id for r in partygraph.check(partygraph.load(MODEL)).rules if r.id in text] == []


def test_a_community_in_scope_is_not_ranked_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MODEL), "--scope", "东风社区"]) == 1
    text = capsys.readouterr().out
    assert "概览：东风社区（数据日期 2024-06-30）" in text
    # 东风社区: 0 of its 2 units have an organisation (test_check: c1 (0, 2))
    assert re.split(r"\s{2,}", text.splitlines()[5].strip())[1:3] == ["0.0%", "0/2 个单位"]
    assert "问题最多" not in text and "下一级" not in text


def test_depth_passes_to_a_written_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "报告.md"
    assert main(["check", str(MODEL), "--depth", "community", "-o", str(out)]) == 1
    capsys.readouterr()
    md = out.read_text(encoding="utf-8")
    assert "### 逐级：县(市、区) › 街道 › 社区（6 个）" in md
    assert "| \u3000\u3000西湖社区 | 0.0% 0/1 | 0.0% 0/1 | 100.0% 1/1 | 0.0% 0/1 |" in md


@pytest.mark.skipif(not YANGJIANG.exists(), reason="configs/yangjiang.yaml is not shipped")
def test_docs_show_the_real_first_screen(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/report.md's excerpt is what the command prints (to refresh it:
    ``partygraph check configs/yangjiang.yaml | head -40``)."""
    assert main(["check", str(YANGJIANG)]) == 1
    screen = "".join(line + "\n" for line in capsys.readouterr().out.splitlines()[:40])
    assert screen in (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
