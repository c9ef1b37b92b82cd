"""Filter values of the wrong type: an error when the rules file is read, at the
value's line and column, naming the attribute's type and a valid condition.

Before, some crashed when the check ran (``{lt: yesterday}``, a number compared
with a text) and others matched nothing, or everything, without a word
(``today``, ``present: 'no'``, ``name: 5``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile._support import RULES_MODEL, refused, run
from partygraph.errors import RulesError
from partygraph.rules.loader import load_rules

RULE = """\
pack: hostile
params: {{big: 4}}
rules:
  - id: h.value
    severity: warning
    applies_to:
      kind: {kind}
      where: {{{condition}}}
    require: {{attribute: {{note: {{present: true}}}}}}
    message: 测试
    message_en: test
    hint: 修正
"""
LINE = 8  # the line of `where:`

#: condition -> (kind, the value's text as written, what the error must say)
BAD: dict[str, tuple[str, str, list[str]]] = {
    "valid_from: {lt: yesterday}": (
        "community",
        "yesterday",
        ["‘yesterday’不是日期：valid_from 是日期属性", "例如 valid_from: {lt: 2"],
    ),
    "valid_from: {lt: today}": ("community", "today", ["‘today’不是日期", "规则里的日期是固定的"]),
    "valid_from: {ge: 2020}": ("community", "2020", ["‘2020’不是日期", "YYYY-MM-DD"]),
    "valid_from: {lt: 2024-02-30}": ("community", "2024", ["‘2024-02-30’不是日期"]),
    "valid_from: {lt: $big}": ("community", "$big", ["‘$big’不是日期"]),
    "members_full: {ge: many}": (
        "unit",
        "many",
        ["‘many’不是一个数：members_full 是数值属性", "例如 members_full: {ge: 3}"],
    ),
    "members_full: '3'": ("unit", "'3'", ["‘3’不是一个数"]),
    "members_full: {ge: .nan}": ("unit", ".nan", ["‘nan’不是一个有限的数"]),
    "members_full: {ge: {a: 1}}": ("unit", "{a", ["不是一个数"]),
    "name: 5": ("community", "5", ["‘5’不是文本：name 是文本属性", "像数字的要加引号"]),
    "form: {in: branch}": (
        "party_org",
        "branch",
        ["in 要写一组值，不能写 ‘branch’", "例如 form: {in: [working_committee, "],
    ),
    "form: {in: []}": ("party_org", "[]", ["in: [] 什么也选不中：请列出要比较的值"]),
    "leader: {present: 'no'}": (
        "grid",
        "'no'",
        ["present 只能写 true 或 false，不能写 ‘no’", "例如 leader: {present: true}"],
    ),
    "leader: {present: 1}": ("grid", "1", ["present 只能写 true 或 false，不能写 ‘1’"]),
    "meetings: {lt: 3}": (
        "party_org",
        "3",
        ["运算符 ‘lt’ 不适用于 ‘meetings’（列表属性）", "可用：present、"],
    ),
    "form: brnch": ("party_org", "brnch", ["‘brnch’不是 form 的可选值", "“branch”"]),
    "form: {in: [branch, brnch]}": ("party_org", "[branch", ["‘brnch’不是 form 的可选值"]),
    "municipal: 'yes'": ("unit", "'yes'", ["‘yes’不是 true 或 false：municipal 是逻辑值属性"]),
    "municipal: 1": ("unit", "1", ["‘1’不是 true 或 false"]),
    "leader: 5": ("grid", "5", ["‘5’不是 id：leader 是引用属性"]),
    "leader: null": ("grid", "null", ["null 不能用来比较", "请写 leader: {present: false}"]),
    "duties: {contains: 3}": ("captain", "3", ["‘3’不是文本：duties 是列表属性"]),
}

#: Values of the right type, still accepted.
GOOD = [
    ("community", "valid_from: {lt: 2024-01-01}"),
    ("community", "valid_from: {lt: '2024-01-01'}"),
    ("unit", "members_full: {ge: $big, lt: 100}"),
    ("unit", "members_full: 2.5"),
    ("party_org", "form: {in: [branch, committee]}"),
    ("party_org", "form: [branch, committee]"),
    ("grid", "leader: {present: false}"),
    ("captain", "duties: {contains: patrol}"),
    ("unit", "municipal: true"),
    ("community", "name: '5'"),
    ("grid", "leader: p1"),
]


def _rules(tmp_path: Path, kind: str, condition: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(RULE.format(kind=kind, condition=condition), encoding="utf-8")
    return path


@pytest.mark.parametrize("condition", BAD)
def test_a_wrongly_typed_value_is_an_error_at_its_place(
    condition: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind, token, fragments = BAD[condition]
    rules = _rules(tmp_path, kind, condition)
    where = rules.read_text(encoding="utf-8").splitlines()[LINE - 1]
    column = where.index(token, where.index("{") + 1) + 1
    code, out, err = run(
        capsys, "check", str(RULES_MODEL), "--pack", "regulations", "--rules", str(rules)
    )
    line = refused(code, err, 2, *fragments)
    assert line.startswith(f"{rules}:{LINE}:{column}: rules[0].applies_to.where.")
    assert out == ""  # refused at load: no report at all


@pytest.mark.parametrize(("kind", "condition"), GOOD)
def test_values_of_the_right_type_are_accepted(kind: str, condition: str, tmp_path: Path) -> None:
    rules = load_rules(_rules(tmp_path, kind, condition)).rules
    assert [r.rule.id for r in rules] == ["h.value"]


def test_every_problem_of_a_file_is_listed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    text = RULE.format(kind="community", condition="valid_from: {lt: today}, name: 5")
    path.write_text(text.replace("params: {big: 4}", "params: {big: .nan}"), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    found = sorted((e.line, e.field) for e in caught.value.errors)
    assert found == [
        (2, "params.big"),
        (LINE, "rules[0].applies_to.where.name"),
        (LINE, "rules[0].applies_to.where.valid_from.lt"),
    ]
