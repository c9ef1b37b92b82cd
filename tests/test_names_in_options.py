"""Names where people use names: ``--scope`` and ``--focus`` take a unique name.

On the shipped example, whose real divisions repeat names: 东门社区, 金山社区,
兴华社区 and 镇北社区 are each two communities (the chains below are read off
configs/yangjiang_tables/divisions.csv by hand).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import partygraph
from partygraph.cli import main
from partygraph.model import Division, Model
from partygraph.model.lookup import chain, closest_names, find_divisions

from conftest import FIXTURES, ROOT

EXAMPLE = str(ROOT / "configs" / "yangjiang.yaml")
RULES_MODEL = str(FIXTURES / "rules" / "model.yaml")

#: name -> (id, chain) of each division of that name, from the divisions table.
NAMESAKES = {
    "东门社区": [
        ("441702002016", "阳江市 › 江城区 › 城南街道 › 东门社区"),
        ("441781001003", "阳江市 › 阳春市 › 春城街道 › 东门社区"),
    ],
    "金山社区": [
        ("441702002013", "阳江市 › 江城区 › 城南街道 › 金山社区"),
        ("441704100007", "阳江市 › 江城区 › 岗列街道 › 金山社区"),
    ],
    "兴华社区": [
        ("441721100006", "阳江市 › 江城区 › 中洲街道 › 兴华社区"),
        ("441781001017", "阳江市 › 阳春市 › 春城街道 › 兴华社区"),
    ],
    # both hung under 春城街道: only the ids tell them apart
    "镇北社区": [
        ("441781001001", "阳江市 › 阳春市 › 春城街道 › 镇北社区"),
        ("441781113002", "阳江市 › 阳春市 › 春城街道 › 镇北社区"),
    ],
}


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    """Standard error without the timing lines of stages slower than a second."""
    lines = capsys.readouterr().err.splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("· "))


@pytest.fixture(scope="module")
def example() -> Model:
    return partygraph.load(EXAMPLE)


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARTYGRAPH_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)


# -- the library: partygraph.model.lookup ----------------------------------------------------
@pytest.mark.parametrize("name", list(NAMESAKES))
def test_namesakes_are_all_found_with_their_chains(example: Model, name: str) -> None:
    found = find_divisions(example, name)
    assert [(d.id, chain(example, d.id)) for d in found] == NAMESAKES[name]


def test_an_id_a_unique_name_and_a_name_as_typed(example: Model) -> None:
    assert [d.id for d in find_divisions(example, "441702")] == ["441702"]
    assert [d.id for d in find_divisions(example, "江城区")] == ["441702"]
    assert [d.id for d in find_divisions(example, " 双捷社区　")] == ["441702106002"]
    assert find_divisions(example, "江城区", levels={"community"}) == []
    assert chain(example, "4417") == "阳江市"
    assert chain(example, "no-such") == ""


def test_closest_names(example: Model) -> None:
    assert closest_names(example, "双捷") == ["双捷社区"]
    assert closest_names(example, "江城") == ["江城区"]
    assert "金山社区" in closest_names(example, "金山")
    assert closest_names(example, "完全无关的名字xyz") == []


def test_lookup_on_a_small_model_by_hand() -> None:
    m = Model(
        divisions=[
            Division(id="c", name="示例市", level="city"),
            Division(id="k", name="城区", level="county", parent="c"),
            Division(id="a", name="ＡＢ社区", level="community", parent="k"),  # full-width letters
        ]
    )
    assert [d.id for d in find_divisions(m, "AB社区")] == ["a"]
    assert chain(m, "a") == "示例市 › 城区 › ＡＢ社区"


# -- the command line --------------------------------------------------------------------------
def test_check_scope_by_name_is_the_scope_by_id(tmp_path: Path) -> None:
    by_name, by_id = tmp_path / "name.json", tmp_path / "id.json"
    assert main(["check", EXAMPLE, "--scope", "江城区", "-o", str(by_name)]) == 1
    assert main(["check", EXAMPLE, "--scope", "441702", "-o", str(by_id)]) == 1
    named = json.loads(by_name.read_text(encoding="utf-8"))
    assert named == json.loads(by_id.read_text(encoding="utf-8"))
    assert named["findings"]  # a real scope, not an empty one


@pytest.mark.parametrize("name", list(NAMESAKES))
def test_an_ambiguous_name_lists_the_candidates_and_exits_2(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", EXAMPLE, "--scope", name]) == 2
    err = _err(capsys)
    lines = [f"partygraph: 错误：--scope “{name}”对应 2 个地方，请改用其中一个的 id："]
    lines += [f"  {i}  {where}" for i, where in NAMESAKES[name]]
    assert err == "\n".join(lines) + "\n"


def test_a_name_shared_by_many_lists_ten(capsys: pytest.CaptureFixture[str]) -> None:
    # every community with residents' groups has a 第一居民小组 (136 of them)
    assert main(["check", EXAMPLE, "--scope", "第一居民小组"]) == 2
    err = _err(capsys).splitlines()
    assert err[0].startswith("partygraph: 错误：--scope “第一居民小组”对应 136 个地方")
    assert len(err) == 1 + 10 + 1
    assert err[-1] == "  ……另有 126 个同名的区划"


def test_an_unknown_name_gives_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", EXAMPLE, "--scope", "双捷"]) == 2
    assert _err(capsys) == (
        "partygraph: 错误：--scope “双捷”：模型里没有这个 id 或名称的区划；名称相近的有：双捷社区\n"
    )
    assert main(["--lang", "en", "check", EXAMPLE, "--scope", "双捷"]) == 2
    assert _err(capsys) == (
        "partygraph: error: --scope '双捷': no division of the model has this id or name; "
        "names close to it: 双捷社区\n"
    )


def test_an_id_that_is_not_a_division_is_left_to_the_check(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", RULES_MODEL, "--scope", "c1-grid1"]) == 2  # a grid of the fixture
    assert "不是模型里的区划" in _err(capsys)


def test_draw_focus_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    by_name, by_id = tmp_path / "name.svg", tmp_path / "id.svg"
    args = ["draw", EXAMPLE, "--layer", "grid", "--focus"]
    assert main([*args, "双捷社区", "-o", str(by_name)]) == 0
    assert main([*args, "441702106002", "-o", str(by_id)]) == 0
    capsys.readouterr()
    assert by_name.read_bytes() == by_id.read_bytes()
    assert main([*args, "东门社区", "-o", str(tmp_path / "x.svg")]) == 2
    err = _err(capsys)
    assert "--focus “东门社区”对应 2 个地方" in err
    assert "  441781001003  阳江市 › 阳春市 › 春城街道 › 东门社区" in err
    assert not (tmp_path / "x.svg").exists()


def test_export_scope_keeps_what_lies_under_the_division(tmp_path: Path) -> None:
    """The small model by hand: 西湖社区 (c2) holds its branch o-c2 and household h4;
    its only party member p4 has no household (counted at the city), so is left out."""
    small = str(FIXTURES / "small" / "model.yaml")
    out = tmp_path / "c2.json"
    assert main(["export", small, "-f", "json", "--scope", "西湖社区", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in data["nodes"]) == ["c2", "o-c2"]
    args = ["export", small, "-f", "json", "--scope", "c2", "--population", "-o", str(out)]
    assert main(args) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in data["nodes"]) == ["c2", "h4", "o-c2"]
    assert sorted((e["source"], e["target"]) for e in data["links"]) == [
        ("c2", "h4"),
        ("o-c2", "c2"),
    ]
    whole, city = tmp_path / "whole.json", tmp_path / "city.json"
    assert main(["export", small, "-f", "json", "-o", str(whole)]) == 0
    assert main(["export", small, "-f", "json", "--scope", "示例市", "-o", str(city)]) == 0
    assert whole.read_bytes() == city.read_bytes()


def test_export_scope_refuses_a_node_that_is_not_a_division(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small = str(FIXTURES / "small" / "model.yaml")
    out = tmp_path / "x.json"
    assert main(["export", small, "-f", "json", "--scope", "o-c2", "-o", str(out)]) == 2
    assert _err(capsys) == (
        "partygraph: 错误：--scope “o-c2”不是区划；请写区划（市、县、街道、社区）的 id 或名称\n"
    )
    assert not out.exists()
