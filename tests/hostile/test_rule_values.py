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
        ["'yesterday' is not a date: valid_from is a date attribute", "e.g. valid_from: {lt: 2"],
    ),
    "valid_from: {lt: today}": ("community", "today", ["'today' is not a date", "fixed"]),
    "valid_from: {ge: 2020}": ("community", "2020", ["2020 is not a date", "YYYY-MM-DD"]),
    "valid_from: {lt: 2024-02-30}": ("community", "2024", ["'2024-02-30' is not a date"]),
    "valid_from: {lt: $big}": ("community", "$big", ["'$big' is not a date"]),
    "members_full: {ge: many}": (
        "unit",
        "many",
        ["'many' is not a number: members_full is a num attribute", "e.g. members_full: {ge: 3}"],
    ),
    "members_full: '3'": ("unit", "'3'", ["'3' is not a number"]),
    "members_full: {ge: .nan}": ("unit", ".nan", ["nan is not a finite number"]),
    "members_full: {ge: {a: 1}}": ("unit", "{a", ["is not a number"]),
    "name: 5": ("community", "5", ["5 is not a text: name is a text attribute", "quote it"]),
    "form: {in: branch}": (
        "party_org",
        "branch",
        ["in takes a list of values, not 'branch'", "e.g. form: {in: [working_committee, "],
    ),
    "form: {in: []}": ("party_org", "[]", ["in: [] matches nothing"]),
    "leader: {present: 'no'}": (
        "grid",
        "'no'",
        ["present takes true or false, not 'no'", "e.g. leader: {present: true}"],
    ),
    "leader: {present: 1}": ("grid", "1", ["present takes true or false, not 1"]),
    "meetings: {lt: 3}": (
        "party_org",
        "3",
        ["operator 'lt' does not apply to 'meetings' (a list attribute)", "it takes present"],
    ),
    "form: brnch": ("party_org", "brnch", ["'brnch' is not a value of form", "“branch”"]),
    "form: {in: [branch, brnch]}": ("party_org", "[branch", ["'brnch' is not a value of form"]),
    "municipal: 'yes'": ("unit", "'yes'", ["'yes' is not true or false: municipal is a bool"]),
    "municipal: 1": ("unit", "1", ["1 is not true or false"]),
    "leader: 5": ("grid", "5", ["5 is not an id: leader is a ref attribute"]),
    "leader: null": ("grid", "null", ["null is not a value", "write leader: {present: false}"]),
    "duties: {contains: 3}": ("captain", "3", ["3 is not a text: duties is a list attribute"]),
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
