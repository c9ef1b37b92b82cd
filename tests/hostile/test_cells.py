"""Hostile cells: control characters and giant cells are refused at the cell,
in bounded time, on the standard path and the Arrow one alike (docs/security.md)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.io import arrowtables
from partygraph.io import cells as tables

from conftest import write_model

BASE = """\
partygraph: 1
name: 测试市
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: dist, name: 城区, level: county, parent: city}
  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}
  - {id: c1, name: 东风社区, level: community, parent: sd1}
households: {table: households.csv}
persons: {table: persons.csv}
"""
HOUSEHOLDS = "id,community,size\nh1,c1,3\nh2,c1,2\nh3,c1,1\n"


def _persons(name: str) -> str:
    return f"id,name,household\np1,李明,h1\np2,{name},h2\np3,王芳,h3\n"


def _errors(folder: Path, files: dict[str, str | bytes]) -> list[ErrorItem]:
    with pytest.raises(ConfigError) as info:
        partygraph.load(write_model(folder, files))
    return info.value.errors


def _both(
    folder: Path, files: dict[str, str | bytes], monkeypatch: pytest.MonkeyPatch
) -> list[ErrorItem]:
    """The errors with Arrow taking every table it can, and without: the same."""
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    fast = _errors(folder, files)
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    slow = _errors(folder, files)
    monkeypatch.setattr(arrowtables, "ENABLED", True)
    assert fast == slow
    return slow


@pytest.mark.parametrize(
    ("char", "position", "said"),
    [
        ("\x00", 2, "U+0000（NUL）"),
        ("\x1b", 2, "U+001B（ESC）"),
        ("\x07", 2, "U+0007（BEL）"),
        ("\x7f", 2, "U+007F（DEL）"),
        ("\x9b", 2, "U+009B（C1）"),
    ],
)
def test_a_control_character_in_a_name_is_refused_at_the_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, char: str, position: int, said: str
) -> None:
    files: dict[str, str | bytes] = {
        "model.yaml": BASE,
        "households.csv": HOUSEHOLDS,
        "persons.csv": _persons(f"张{char}[31m华"),
    }
    (e,) = _both(tmp_path, files, monkeypatch)
    assert (Path(e.file or "").name, e.line, e.column, e.field) == (
        "persons.csv",
        3,
        2,
        "persons.name",
    )
    assert e.message == (
        f"格子里第 {position} 个字符是控制字符 {said}，表格中不能有控制字符：请删去它"
    )


def test_a_control_character_in_a_reference_is_said_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    households = "id,community,size\nh1,c1,3\nh2,c1\x1b,2\nh3,c1,1\n"
    files: dict[str, str | bytes] = {
        "model.yaml": BASE,
        "households.csv": households,
        "persons.csv": _persons("张华"),
    }
    (e,) = _both(tmp_path, files, monkeypatch)
    assert (e.line, e.column, e.field) == (3, 2, "households.community")
    assert "U+001B（ESC）" in e.message and "unknown" not in e.message


def test_a_control_character_in_a_structure_table_refuses_its_row(tmp_path: Path) -> None:
    yaml = BASE.replace("households: {table: households.csv}\npersons: {table: persons.csv}\n", "")
    yaml += "places: {table: places.csv}\ncaptains:\n"
    yaml += "  - {id: cap1, name: 街长, scope: street, place: pl1, community: c1}\n"
    places = "id,name,type,community\npl1,人民\x00路,street,c1\npl2,幸福巷,lane,c1\n"
    (e,) = _errors(tmp_path, {"model.yaml": yaml, "places.csv": places})
    # Said at the cell; the captain of pl1 is not reported as pointing nowhere.
    assert (Path(e.file or "").name, e.line, e.column, e.field) == (
        "places.csv",
        2,
        2,
        "places.name",
    )
    assert "U+0000（NUL）" in e.message


def test_a_tab_or_line_break_inside_a_cell_is_data(tmp_path: Path) -> None:
    yaml = BASE.replace("households: {table: households.csv}\npersons: {table: persons.csv}\n", "")
    yaml += "places: {table: places.csv}\n"
    places = 'id,name,type,community,note\npl1,人民路,street,c1,"第一行\n第二行\t备注"\n'
    model = partygraph.load(write_model(tmp_path, {"model.yaml": yaml, "places.csv": places}))
    assert model.places[0].note == "第一行\n第二行\t备注"


#: A giant cell: 30 MiB of one character.
BIG = 30 * 1024 * 1024


@pytest.mark.parametrize("quoted", [False, True])
def test_a_30_mb_name_is_refused_in_bounded_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quoted: bool
) -> None:
    name = "名" * BIG
    files: dict[str, str | bytes] = {
        "model.yaml": BASE,
        "households.csv": HOUSEHOLDS,
        "persons.csv": _persons(f'"{name}"' if quoted else name),
    }
    start = time.perf_counter()
    (e,) = _both(tmp_path, files, monkeypatch)
    assert time.perf_counter() - start < 20  # both paths; about 2 s on a laptop
    assert (e.line, e.field) == (3, "persons.name" if not quoted else "")
    assert len(str(e)) < 300  # the cell is not echoed
    if quoted:  # the csv module stops at its field limit, before the end of the cell
        assert e.message.startswith("这一行有一个格子超过了 131072 个字符的上限")
    else:
        assert e.message.startswith(f"格子有 {BIG} 个字符，超过了这一列 200 个字符的上限")


def test_a_name_over_the_limit_by_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = tables.MAX_NAME_CHARS
    ok = {"model.yaml": BASE, "households.csv": HOUSEHOLDS, "persons.csv": _persons("名" * limit)}
    partygraph.load(write_model(tmp_path / "ok", ok))
    files: dict[str, str | bytes] = {**ok, "persons.csv": _persons("名" * (limit + 1))}
    (e,) = _both(tmp_path / "over", files, monkeypatch)
    assert e.message.startswith(f"格子有 {limit + 1} 个字符，超过了这一列 200 个字符的上限")


def test_a_giant_note_in_a_structure_table_is_refused(tmp_path: Path) -> None:
    yaml = BASE.replace("households: {table: households.csv}\npersons: {table: persons.csv}\n", "")
    yaml += "places: {table: places.csv}\n"
    note = "注" * (tables.MAX_CELL_CHARS + 1)
    places = f"id,name,type,community,note\npl1,人民路,street,c1,{note}\n"
    (e,) = _errors(tmp_path, {"model.yaml": yaml, "places.csv": places})
    assert (e.line, e.column, e.field) == (2, 5, "places.note")
    assert e.message.startswith(
        f"格子有 {tables.MAX_CELL_CHARS + 1} 个字符，超过了这一列 65536 个字符"
    )
