"""YAML 1.2 where YAML 1.1 surprises (issue #10): ``members_full: 010`` became
8, ``1:30`` became 90, ``on`` became true.  Each such value is now an error at
its place with the fix; the forms both versions agree on read as before."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from hostile._support import RULES_MODEL, refused, run
from partygraph.errors import ConfigError
from partygraph.io.yamlsrc import loads, parse

#: The unit line of the rules model whose members_full is changed (line 22).
UNIT = "  - {id: u-sch, name: 东风小学, type: school, division: c1, members_full: 5}"


@pytest.fixture
def model(tmp_path: Path) -> Path:
    for source in RULES_MODEL.parent.glob("*"):
        if source.suffix in (".yaml", ".csv"):
            shutil.copy(source, tmp_path / source.name)
    return tmp_path / "model.yaml"


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("010", "请写成 10 或加引号 '010'"),
        ("1:30", "请写成 90 或加引号 '1:30'"),
        ("1_000", "请写成 1000 或加引号 '1_000'"),
        ("0b11", "请写成 3 或加引号 '0b11'"),
        ("0o17", "请写成 15 或加引号 '0o17'"),
        ("09", "请写成 9 或加引号 '09'"),
        ("on", "请写成 true 或加引号 'on'"),
        ("No", "请写成 false 或加引号 'No'"),
    ],
)
def test_a_value_yaml_versions_read_differently_is_an_error_with_the_fix(
    model: Path, written: str, fix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = model.read_text(encoding="utf-8")
    assert UNIT in text
    model.write_text(
        text.replace(UNIT, UNIT.replace("members_full: 5", f"members_full: {written}"))
    )
    column = UNIT.index("members_full: 5") + len("members_full: ") + 1
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, f"model.yaml:22:{column}: YAML 1.1 把‘{written}’读作", fix)


def test_a_count_too_large_for_64_bits(model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = model.read_text(encoding="utf-8")
    model.write_text(
        text.replace(UNIT, UNIT.replace("members_full: 5", "members_full: 10" + "0" * 19))
    )
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, "model.yaml:22:", f"{10**20} 超出 64 位整数的范围")


def test_what_both_versions_agree_on_reads_as_before() -> None:
    text = "a: 10\nb: -3\nc: 0x1F\nd: 2.5\ne: true\nf: FALSE\ng: 2024-06-30\nh: ~\n"
    text += f"i: {2**63 - 1}\n"
    assert loads(text, "f.yaml") == {
        "a": 10,
        "b": -3,
        "c": 31,
        "d": 2.5,
        "e": True,
        "f": False,
        "g": dt.date(2024, 6, 30),
        "h": None,
        "i": 2**63 - 1,
    }


def test_quoted_and_key_positions_stay_text() -> None:
    # `on:` as a key and quoted values are text, as written: nothing to report.
    assert parse("on: '010'\nyes: '1:30'\n", "f.yaml") == ({"on": "010", "yes": "1:30"}, [])


def test_every_such_value_of_a_file_is_listed_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        loads("a: 010\nb: [1:30, yes]\n", "f.yaml")
    assert [(e.line, e.column) for e in caught.value.errors] == [(1, 4), (2, 5), (2, 11)]


@pytest.mark.parametrize(
    "tag", ["!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]", "!!binary aGk="]
)
def test_tags_beyond_json_are_refused(tag: str) -> None:
    with pytest.raises(ConfigError, match=r"^f\.yaml:1:4: 不读标签 !!\w+："):
        loads(f"a: {tag}\n", "f.yaml")


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_coordinate_must_be_finite(
    model: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    compound = "  - {id: cp3, name: 西湖新村, community: c3, members_full: 4}"
    text = model.read_text(encoding="utf-8")
    assert compound in text
    model.write_text(text.replace(compound, compound[:-1] + f", x: {value}}}"), encoding="utf-8")
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, "model.yaml:29:", "compounds[2].x", "不是有限的数")


def test_year_0_is_not_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m.yaml").write_text("partygraph: 1\nname: x\nsnapshot: 0000-06-30\n")
    code, _, err = run(capsys, "validate", str(tmp_path / "m.yaml"))
    refused(code, err, 2, "m.yaml:3:11: snapshot:", "没有公元 0 年")


@pytest.mark.parametrize("value", ["true", "false"])
def test_true_is_not_a_count(model: Path, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace(UNIT, UNIT.replace("members_full: 5", f"members_full: {value}")))
    column = UNIT.index("members_full: 5") + len("members_full: ") + 1
    code, _, err = run(capsys, "validate", str(model))
    refused(code, err, 2, f"model.yaml:22:{column}: units[4].members_full:", "不是数，请写一个人数")
