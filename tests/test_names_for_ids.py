"""A reference written as a name (``community: 甜酒社区``) is refused with the id
to write; a name several entities share lists each with its id and chain."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.i18n import use_language
from partygraph.io.references import Structure

from conftest import write_model

ROOT = Path(__file__).resolve().parent.parent

HEAD = """\
partygraph: 1
name: 测试市
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: dist, name: 城区, level: county, parent: city}
  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}
  - {id: sd2, name: 北街道, level: subdistrict, parent: dist}
  - {id: c1, name: 东风社区, level: community, parent: sd1}
  - {id: c2, name: 东风社区, level: community, parent: sd2}
  - {id: c3, name: 西湖社区, level: community, parent: sd1}
  - {id: g1, name: 西湖社区, level: residents_group, parent: c3}
households: {table: households.csv}
"""


def _errors(folder: Path, text: str, households: str = "id,community\nh1,c1\n") -> list[ErrorItem]:
    path = write_model(folder, {"model.yaml": HEAD + text, "households.csv": households})
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    return info.value.errors


def test_a_unique_name_in_yaml_names_the_id(tmp_path: Path) -> None:
    [e] = _errors(tmp_path, "compounds:\n  - {id: cp1, name: 锦绣小区, community: 西湖社区}\n")
    assert (e.line, e.field) == (14, "compounds[0].community")
    # The residents' group of that name is not a community: the community's id is meant.
    assert e.message == "‘西湖社区’是名称，不是编号；西湖社区 的编号是 c3，请写编号"
    with use_language("en"):
        [en] = _errors(tmp_path, "compounds:\n  - {id: cp1, name: 锦绣小区, community: 西湖社区}\n")
    assert en.message == "'西湖社区' is a name, not an id; the id of 西湖社区 is c3: write the id"


def test_a_shared_name_lists_each_with_its_id_and_chain(tmp_path: Path) -> None:
    [e] = _errors(tmp_path, "grids:\n  - {id: gr1, name: 一网格, community: 东风社区}\n")
    assert e.message == (
        "‘东风社区’是名称，不是编号；叫 东风社区 的有 2 个，请写其中一个的编号："
        "c1（城区 › 南街道 › 东风社区）、c2（城区 › 北街道 › 东风社区）"
    )


def test_a_name_in_a_bulk_table_names_the_id_at_its_cell(tmp_path: Path) -> None:
    errors = _errors(tmp_path, "", "id,community\nh1,c1\nh2,西湖社区\nh3,东风社区\nh4,c33\n")
    assert [(e.line, e.column, e.field) for e in errors] == [
        (3, 2, "households.community"),
        (4, 2, "households.community"),
        (5, 2, "households.community"),
    ]
    assert errors[0].message == "‘西湖社区’是名称，不是编号；西湖社区 的编号是 c3，请写编号"
    assert "c1（城区 › 南街道 › 东风社区）" in errors[1].message
    assert errors[2].message == "找不到编号 ‘c33’：divisions 里没有它（是不是“c3”？）"


def test_the_name_of_an_entity_of_another_section(tmp_path: Path) -> None:
    text = (
        "party_orgs:\n"
        "  - {id: o1, name: 东风社区党委, form: committee, division: c1}\n"
        "  - {id: o2, name: 一支部, form: branch, parent: 东风社区党委}\n"
    )
    [e] = _errors(tmp_path, text)
    assert e.field == "party_orgs[1].parent"
    assert e.message == "‘东风社区党委’是名称，不是编号；东风社区党委 的编号是 o1，请写编号"


def test_names_are_looked_up_only_when_a_reference_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model whose references hold never builds the index of names."""
    calls: list[str] = []
    original = Structure.name_message

    def spy(self: Structure, target: str, value: str, level: str | None = None) -> str | None:
        calls.append(value)
        return original(self, target, value, level)

    monkeypatch.setattr(Structure, "name_message", spy)
    path = write_model(tmp_path, {"model.yaml": HEAD, "households.csv": "id,community\nh1,c1\n"})
    partygraph.load(path)
    assert calls == []
    _errors(tmp_path, "", "id,community\nh1,西湖社区\n")
    assert calls == ["西湖社区"]


def test_the_shipped_divisions_duplicate_community_names(tmp_path: Path) -> None:
    """东门社区 is the name of two real residents' committees (城南街道, 春城街道)."""
    shutil.copy(ROOT / "configs" / "yangjiang_tables" / "divisions.csv", tmp_path / "divisions.csv")
    text = (
        "partygraph: 1\nname: 阳江（测试）\ndivisions: {table: divisions.csv}\n"
        "compounds:\n"
        "  - {id: cp1, name: 甲小区, community: 东门社区}\n"
        "  - {id: cp2, name: 乙小区, community: 甜酒社区}\n"
    )
    (tmp_path / "model.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        partygraph.load(tmp_path / "model.yaml")
    first, second = info.value.errors
    assert first.message == (
        "‘东门社区’是名称，不是编号；叫 东门社区 的有 2 个，请写其中一个的编号："
        "441702002016（江城区 › 城南街道 › 东门社区）、441781001003（阳春市 › 春城街道 › 东门社区）"
    )
    assert second.message == "‘甜酒社区’是名称，不是编号；甜酒社区 的编号是 441702001003，请写编号"


@pytest.mark.parametrize("arrow", [True, False])
def test_a_persons_name_names_the_id_on_either_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arrow: bool
) -> None:
    from partygraph.io import arrowtables

    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    monkeypatch.setattr(arrowtables, "ENABLED", arrow)
    text = "persons: {table: persons.csv}\ngrids:\n"
    text += "  - {id: gr1, name: 一网格, community: c1, leader: 张华}\n"
    text += "  - {id: gr2, name: 二网格, community: c1, leader: 李明}\n"
    persons = "id,name,household\np1,李明,h1\np2,张华,h1\np3,张华,\n"
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD + text,
            "households.csv": "id,community\nh1,c1\n",
            "persons.csv": persons,
        },
    )
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    assert [e.message for e in info.value.errors] == [
        "‘张华’是名称，不是编号；叫 张华 的有 2 个，请写其中一个的编号："
        f"p2（{tmp_path / 'persons.csv'}:3）、p3（{tmp_path / 'persons.csv'}:4）",
        "‘李明’是名称，不是编号；李明 的编号是 p1，请写编号",
    ]
