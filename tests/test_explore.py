"""The explorer's file and data, without a browser (tests/test_explore_browser.py opens it).

The rules fixture (tests/fixtures/rules/model.yaml) is known by hand: 示例市 →
城区 → 东街道 (东风社区 c1, 红旗社区 c2) and 西街道 (西湖社区 c3); its check
finds 11 errors, 26 warnings and 15 info findings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from partygraph.cli import main
from partygraph.explore import explorer_data, explorer_html, write_html
from partygraph.explore.page import VENDOR, asset, script_json
from partygraph.i18n import use_language
from partygraph.io.load import load
from partygraph.model import Division, Model
from partygraph.model.report import Report
from partygraph.rules.check import check

from conftest import FIXTURES

RULES_MODEL = FIXTURES / "rules" / "model.yaml"


@pytest.fixture(scope="module")
def checked() -> tuple[Model, Report]:
    model = load(RULES_MODEL)
    return model, check(model)


@pytest.fixture(scope="module")
def data(checked: tuple[Model, Report]) -> dict[str, Any]:
    return explorer_data(checked[0], report=checked[1])


@pytest.fixture(scope="module")
def html(checked: tuple[Model, Report]) -> str:
    return explorer_html(checked[0], report=checked[1])


def _blocks(html: str) -> dict[str, Any]:
    found = re.findall(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', html, re.S)
    return {name: json.loads(text) for name, text in found}


def test_every_json_block_parses_and_the_tree_is_the_divisions(html: str) -> None:
    blocks = _blocks(html)
    top = blocks["pg-top"]
    assert [(n["id"], n.get("parent")) for n in top["nodes"]] == [
        ("city", None),
        ("k1", "city"),
        ("s1", "k1"),
        ("s2", "k1"),
        ("c1", "s1"),
        ("c2", "s1"),
        ("c3", "s2"),
    ]
    # 东街道: two communities below it; 西街道: one.
    children = {n["id"]: n["children"] for n in top["nodes"]}
    assert children == {"city": 1, "k1": 2, "s1": 2, "s2": 1, "c1": 0, "c2": 0, "c3": 0}
    assert len([b for b in blocks if b.startswith("pg-block-")]) == len(_opened(top))


def _opened(top: dict[str, Any]) -> list[str]:
    return [n["id"] for n in top["nodes"] if "block" in n]


def test_a_community_block_holds_its_grids_compounds_and_households(
    data: dict[str, Any],
) -> None:
    by_division = {b["division"]: b for b in data["blocks"]}
    c1 = {n["id"]: n for n in by_division["c1"]["nodes"]}
    assert {"c1-grid1", "c1-grid2"} <= set(c1)  # 东风社区's grids
    assert c1["c1-grid1"]["kind"] == "grid"
    # households.csv: 东风社区 has h1-h3, 红旗社区 h4-h6, 西湖社区 h7 and h8; 东风一网格 h1, h2.
    top = {n["id"]: n for n in data["top"]["nodes"]}
    assert (top["c1"]["households"], top["c2"]["households"], top["c3"]["households"]) == (3, 3, 2)
    assert (c1["c1-grid1"]["households"], c1["c1-grid2"]["households"]) == (2, 1)
    assert "household" not in {n["kind"] for b in data["blocks"] for n in b["nodes"]}


def test_every_finding_is_in_the_file_once(data: dict[str, Any], checked: Any) -> None:
    _, report = checked
    placed = [
        f for part in (data["top"], *data["blocks"]) for fs in part["findings"].values() for f in fs
    ]
    # persons may be in several blocks (a post's holder wherever the post is): count by node
    once: dict[tuple[str, str, str], int] = {}
    for part in (data["top"], *data["blocks"]):
        for node, fs in part["findings"].items():
            for f in fs:
                once[(node, f[0], f[2])] = 1
    assert len(once) == len(report.findings) == 52
    assert len(placed) >= 52


def test_fills_follow_the_diagrams_coverage_rule(data: dict[str, Any]) -> None:
    top = data["top"]
    # linkage: compound.work_coverage fails on 西湖新村 (cp3, in 西湖社区); the linkage
    # layer draws no compound, so 西湖社区 stands for it, and collapsed, 西街道 and above.
    assert top["fill"]["linkage"] == {"c3": "error"}
    assert top["sub"]["linkage"] == {"c3": "error", "s2": "error", "k1": "error", "city": "error"}
    # grid: grid.leader fails on 东风二网格, which the grid layer draws itself.
    c1 = next(b for b in data["blocks"] if b["division"] == "c1")
    assert c1["fill"]["grid"] == {"c1-grid2": "error"}
    assert "c1" not in top["fill"]["grid"]
    assert top["sub"]["grid"]["s1"] == "error"


def test_colours_and_labels_come_from_the_vocabulary(data: dict[str, Any]) -> None:
    from partygraph.draw.style import KIND_STYLE, SEVERITY_STYLE

    meta = data["meta"]
    assert meta["kinds"]["community"]["fill"] == KIND_STYLE["community"][0]
    assert meta["kinds"]["grid"]["label"] == "网格"
    assert meta["severity"]["error"]["fill"] == SEVERITY_STYLE["error"][0]
    assert [layer["label"] for layer in meta["layers"]] == [
        "四级联动",
        "党建网格",
        "服务矩阵",
        "共建",
        "双报到",
        "吹哨报到",
    ]
    # The page's script retypes no colour of the vocabulary.
    app = asset("app.js") + asset("app.css")
    for fill, edge in (*KIND_STYLE.values(), *SEVERITY_STYLE.values()):
        assert fill not in app and edge not in app


def test_attributes_in_chinese(data: dict[str, Any]) -> None:
    nodes = {n["id"]: n for b in data["blocks"] for n in b["nodes"]}
    school = nodes["u-sch"]["attrs"]
    assert school["单位类型"] == "学校"
    assert school["正式党员人数"] == 5


def test_no_request_to_any_host(html: str) -> None:
    # The only "http" allowed: http-equiv, and licence comments of the vendored library.
    for m in re.finditer(r"http(?!-equiv)", html):
        start = html.rfind("/*", 0, m.start())  # inside a comment: opened, not yet closed
        inside = start >= 0 and html.rfind("*/", 0, m.start()) < start
        comment = html[start : html.find("*/", m.start())]
        assert inside and "License" in comment, html[m.start() - 80 : m.start() + 80]
    assert not re.search(r"<(script|img|link|iframe)[^>]*\s(src|href)=", html, re.I)
    assert not re.search(r"\b(fetch|XMLHttpRequest|import)\s*\(", asset("app.js"))


def test_the_vendored_library_is_package_data() -> None:
    text = asset(VENDOR[0])
    assert text.startswith("/**\n * Copyright (c) 2016-2025, The Cytoscape Consortium.")
    assert "MIT" in asset("vendor/LICENSE") or "Permission is hereby granted" in asset(
        "vendor/LICENSE"
    )
    assert VENDOR[1] == "3.33.1"


HOSTILE = "</script><script>alert(1)</script><!--\u2028\u2029&amp;"


def test_hostile_names_cannot_leave_their_script_element() -> None:
    model = Model(name=HOSTILE, divisions=[Division(id="c", name=HOSTILE, level="city")])
    html = explorer_html(model)
    head, _, body = html.partition("<body>")
    assert "<script>alert" not in html
    assert "\u2028" not in html and "\u2029" not in html
    assert body.count("</script>") == body.count("<script")  # every element closes once
    assert "<title>&lt;/script&gt;" in head
    assert _blocks(html)["pg-top"]["nodes"][0]["name"] == HOSTILE  # read back as written


@pytest.mark.parametrize("text", ["</script>", "<!--", "\u2028", "</SCRIPT", "a&b"])
def test_script_json(text: str) -> None:
    out = script_json({"name": text})
    assert "<" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"name": text}


def test_the_page_in_english(checked: tuple[Model, Report]) -> None:
    with use_language("en"):
        meta = explorer_data(checked[0], report=checked[1])["meta"]
    assert meta["lang"] == "en"
    assert meta["text"]["search"] == "search a name or id"
    assert meta["layers"][0]["label"] == "linkage"


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "示例.html"
    assert main(["explore", str(RULES_MODEL), "-o", str(out), "--check"]) == 1  # errors found
    assert "已写出" in capsys.readouterr().out
    assert "错误 11 条，警告 26 条，提示 15 条" in out.read_text(encoding="utf-8")
    assert main(["explore", str(RULES_MODEL), "-o", str(out), "--scope", "西街道"]) == 0
    names = [n["name"] for n in _blocks(out.read_text(encoding="utf-8"))["pg-top"]["nodes"]]
    assert "西湖社区" in names and "东风社区" not in names


def test_command_refuses_another_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", str(RULES_MODEL), "-o", str(tmp_path / "m.png")]) == 2
    err = capsys.readouterr().err
    assert "不是 .html 文件" in err and "例如 -o 阳江.html" in err
    assert not (tmp_path / "m.png").exists()


def test_write_html_returns_the_size(tmp_path: Path, checked: tuple[Model, Report]) -> None:
    path = tmp_path / "m.html"
    size = write_html(checked[0], path)
    assert size == path.stat().st_size
    assert "未运行检查" in path.read_text(encoding="utf-8")
