"""The model's own synonym groups (``vocabulary: synonyms:``): read with
located errors, kept on the Model, written back by dump, and used by match,
assign and the rule pairing.needs_met beside the built-in groups.

The model: 东风社区 needs 老年助餐 and 加装电梯; its paired 甲局 offers 助餐 and
电梯改造.  No built-in group joins 助餐 to 老年助餐 (nor 电梯改造 to 加装电梯): the
first is met only through the model's table, the second only with a
``--synonyms`` file as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import partygraph
from partygraph.analysis.assign import assign
from partygraph.analysis.match import match
from partygraph.cli import main
from partygraph.errors import ConfigError
from partygraph.i18n import use_language
from partygraph.io.dump import dump
from partygraph.vocabulary.items import SYNONYMS, item_key, synonym_table, table_with

HEAD = """\
partygraph: 1
name: 示例市（同义词测试）
"""
BODY = """\
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: k1, name: 城区, level: county, parent: city, district: true}
  - {id: s1, name: 东街道, level: subdistrict, parent: k1}
  - {id: c1, name: 东风社区, level: community, parent: s1}
units:
  - {id: u1, name: 甲局, type: agency, municipal: true}
pairings:
  - {id: p1, name: 甲局—东风社区, unit: u1, community: c1,
     resources: [助餐, 电梯改造], needs: [老年助餐, 加装电梯]}
"""
VOCABULARY = """\
vocabulary:
  synonyms:
    - [助餐, 老年助餐]
"""


def write(tmp_path: Path, text: str, name: str = "model.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def with_vocabulary(tmp_path: Path) -> partygraph.Model:
    return partygraph.load(write(tmp_path, HEAD + VOCABULARY + BODY))


@pytest.fixture
def without(tmp_path: Path) -> partygraph.Model:
    return partygraph.load(write(tmp_path, HEAD + BODY, "plain.yaml"))


def test_no_built_in_group_joins_the_fixtures_items() -> None:
    assert item_key("助餐") != item_key("老年助餐")
    assert item_key("电梯改造") != item_key("加装电梯")


def test_the_model_keeps_its_groups(with_vocabulary: partygraph.Model) -> None:
    assert with_vocabulary.vocabulary.synonyms == [["助餐", "老年助餐"]]


def test_match_meets_a_need_through_the_models_table(
    with_vocabulary: partygraph.Model, without: partygraph.Model
) -> None:
    needs = {n.need: n.met for n in match(with_vocabulary).communities[0].needs}
    assert needs == {"老年助餐": True, "加装电梯": False}
    assert {n.need: n.met for n in match(without).communities[0].needs} == {
        "老年助餐": False,
        "加装电梯": False,
    }


def test_synonyms_given_add_to_the_models(with_vocabulary: partygraph.Model) -> None:
    r = match(with_vocabulary, synonyms=[["加装电梯", "电梯改造"]])
    assert (r.met, r.unmet) == (2, 0)  # the model's group still counts beside the extra one
    assert assign(with_vocabulary, synonyms=[["加装电梯", "电梯改造"]]).after == 2
    assert assign(with_vocabulary).after == 1


def test_the_rule_uses_the_models_table(
    with_vocabulary: partygraph.Model, without: partygraph.Model
) -> None:
    def unmet(model: partygraph.Model) -> list[str]:
        report = partygraph.check(model)
        return [str(f.value) for f in report.findings if f.rule == "pairing.needs_met"]

    assert unmet(without) == ["老年助餐、加装电梯"]
    assert unmet(with_vocabulary) == ["加装电梯"]


def test_cli_synonyms_file_adds_to_the_models(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = write(tmp_path, HEAD + VOCABULARY + BODY)
    extra = write(tmp_path, "- [加装电梯, 电梯改造]\n", "synonyms.yaml")
    assert main(["match", str(model), "--format", "csv"]) == 0
    alone = capsys.readouterr().out
    assert main(["match", str(model), "--synonyms", str(extra), "--format", "csv"]) == 0
    both = capsys.readouterr().out
    assert alone.count(",met,") == 1 and both.count(",met,") == 2, (alone, both)


def test_dump_writes_the_groups_back(tmp_path: Path) -> None:
    groups = "    - [助餐, 老年助餐]\n    - ['12', 'a, b', '[x]', 法律 援助]\n"
    model = partygraph.load(write(tmp_path, HEAD + "vocabulary:\n  synonyms:\n" + groups + BODY))
    dump(model, tmp_path / "out" / "model.yaml")
    text = (tmp_path / "out" / "model.yaml").read_text(encoding="utf-8")
    assert "  - [助餐, 老年助餐]\n" in text  # one group a line, as an analyst writes it
    again = partygraph.load(tmp_path / "out" / "model.yaml")
    assert again.vocabulary.synonyms == [["助餐", "老年助餐"], ["12", "a, b", "[x]", "法律 援助"]]


def test_a_model_without_groups_dumps_none(tmp_path: Path, without: partygraph.Model) -> None:
    dump(without, tmp_path / "out" / "model.yaml")
    assert "vocabulary" not in (tmp_path / "out" / "model.yaml").read_text(encoding="utf-8")


BAD = """\
vocabulary:
  synonyms:
    - [助餐，老年助餐]
    - []
    - 法律咨询, 法律援助
    - [甲, 乙]
    - [丙, 乙]
    - [丁, 12, "  "]
  words: 1
"""


def problems(tmp_path: Path, text: str) -> list[tuple[int | None, int | None, str, str]]:
    with pytest.raises(ConfigError) as exc:
        partygraph.load(write(tmp_path, HEAD + text + BODY))
    return [(e.line, e.column, e.field, e.message) for e in exc.value.errors]


def test_errors_are_located_and_say_the_fix(tmp_path: Path) -> None:
    found = {(line, col, field): msg for line, col, field, msg in problems(tmp_path, BAD) if field}
    at = {k[:2]: k[2] for k in found}
    assert at == {
        (5, 7): "vocabulary.synonyms[0]",  # one word: a full-width comma inside
        (6, 7): "vocabulary.synonyms[1]",  # empty
        (7, 7): "vocabulary.synonyms[2]",  # not a list
        (9, 11): "vocabulary.synonyms[4][1]",  # 乙 under 甲 (line 8) and under 丙
        (10, 11): "vocabulary.synonyms[5][1]",  # a number
        (10, 15): "vocabulary.synonyms[5][2]",  # blank
        (11, 3): "vocabulary.words",
    }
    assert "改为英文逗号“,”" in found[5, 7, "vocabulary.synonyms[0]"]
    assert "第 2 组同义词是空的" in found[6, 7, "vocabulary.synonyms[1]"]
    assert found[9, 11, "vocabulary.synonyms[4][1]"].startswith(
        "“乙”已写在第 4 组（第 8 行，以“甲”为首），不能又归入以“丙”为首的第 5 组"
    )
    assert "数字请加引号" in found[10, 11, "vocabulary.synonyms[5][1]"]


def test_errors_in_english_and_of_the_whole_key(tmp_path: Path) -> None:
    with use_language("en"):
        [(line, col, field, msg)] = problems(tmp_path, "vocabulary: [助餐, 老年助餐]\n")
    assert (line, col, field) == (3, 13, "vocabulary")
    assert msg.startswith("vocabulary is a mapping with synonyms")
    [(_, _, field, msg)] = problems(tmp_path, "vocabulary:\n  synonyms: 助餐\n")
    assert field == "vocabulary.synonyms" and "每组一行" in msg


def test_an_item_twice_under_one_head_is_no_error(tmp_path: Path) -> None:
    text = "vocabulary:\n  synonyms:\n    - [助餐, 老年助餐]\n    - [助餐, 长者助餐, 老年助餐]\n"
    model = partygraph.load(write(tmp_path, HEAD + text + BODY))
    table = table_with(model.vocabulary.synonyms)
    assert item_key("长者助餐", table) == item_key("老年助餐", table) == "助餐"


def test_groups_sharing_an_item_are_one_group() -> None:
    # 老年助餐 joins the built-in 老年人照料 group through its 助老服务.
    table = table_with([["助老服务", "老年助餐"]])
    assert item_key("老年助餐", table) == item_key("长者照料", table) == "老年人照料"
    # A later group naming two earlier groups' items joins all three under the first head.
    assert synonym_table([["甲", "乙"], ["丙", "丁"], ["丁", "乙", "戊"]]) == {
        "乙": "甲",
        "丙": "甲",
        "丁": "甲",
        "戊": "甲",
    }
    assert synonym_table(SYNONYMS) == synonym_table()  # the built-in groups do not overlap
    assert table_with() is None and table_with([]) is None


def test_the_schema_takes_the_groups_and_refuses_a_group_of_one() -> None:
    import jsonschema
    import yaml

    from partygraph.schema import model_schema

    validator = jsonschema.Draft202012Validator(model_schema())
    data = yaml.safe_load(HEAD + VOCABULARY + BODY)
    assert list(validator.iter_errors(data)) == []
    data["vocabulary"]["synonyms"].append(["助餐"])
    assert [list(e.absolute_path) for e in validator.iter_errors(data)] == [
        ["vocabulary", "synonyms", 1]
    ]
