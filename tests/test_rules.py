"""The rule language, rules files, built-in packs, and the check command's exit codes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import partygraph
from partygraph.cli import main
from partygraph.errors import RulesError
from partygraph.i18n import use_language
from partygraph.model import Division, Grid, Model, PartyOrg, Unit
from partygraph.rules import MEASURES, PACKS, assemble, load_pack, load_rules, loads_rules
from partygraph.rules.check import check
from partygraph.rules.engine import expected_text
from partygraph.rules.spec import MeasureRequirement

from conftest import FIXTURES

RULES = FIXTURES / "rules"


def _errors(text: str) -> list[tuple[int | None, int | None, str, str]]:
    with pytest.raises(RulesError) as info:
        loads_rules(text, "mine.yaml")
    return [(e.line, e.column, e.field, e.message) for e in info.value.errors]


RULE = """
  - id: x.rule
    severity: warning
    applies_to: {{kind: {kind}{where}}}
    require: {require}
    message: 测试
    message_en: test
    hint: 修正
"""


def _rule(require: str, kind: str = "grid", where: str = "") -> str:
    return "rules:" + RULE.format(kind=kind, where=where, require=require)


# -- loading and its errors ---------------------------------------------------------
def test_broken_rules_file_reports_every_problem_with_its_line() -> None:
    path = RULES / "broken_rules.yaml"
    with pytest.raises(RulesError) as info:
        load_rules(path)
    got = [(e.line, e.column, e.field) for e in info.value.errors]
    assert got == [
        (7, 15, "rules[0].severity"),
        (15, 24, "rules[1].applies_to.kind"),
        (23, 35, "rules[2].require.related.relation"),
        (29, 38, "rules[3].applies_to.where.leeder"),
        (36, 49, "rules[4].applies_to.where.form"),
        (45, 5, "rules[5].mesage"),
    ]
    assert all(e.file == str(path) for e in info.value.errors)
    messages = [e.message for e in info.value.errors]
    assert "（是不是“grid”？）" in messages[1]
    assert "（是不是“held_by”？）" in messages[2]
    assert "（是不是“leader”？）" in messages[3]
    assert "（是不是“branch”？）" in messages[4]
    assert "没有 ‘mesage’ 这个字段" in messages[5]
    assert str(info.value).startswith(
        f"{path}:7:15: rules[0].severity: ‘fatal’不是 severity 的可选值"
    )


_ROLE_BOSS = _rule("{related: {relation: held_by, role: boss, min: 1}}")
_ROLE_NOT_HELD = _rule("{related: {relation: covers, role: leader, min: 1}}")
_NO_BOUND = _rule("{related: {relation: held_by}}")
_WHERE_NO_KIND = _rule("{related: {relation: held_by, where: {member: full}, min: 1}}")
_MIN_LOTS = _rule("{related: {relation: held_by, min: lots}}")
_WRONG_KIND = _rule("{measure: {name: members, min: 1}}")
_BIGGER = _rule("{attribute: {leader: {bigger: 1}}}")
_LT_REF = _rule("{attribute: {leader: {lt: 1}}}")
_IN_TEXT = _rule("{attribute: {name: {in: x}}}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_ROLE_BOSS, "没有 ‘boss’ 这个职务；可用的职务：instructor、secretary、"),
        (
            _ROLE_NOT_HELD,
            "role 只用于 held_by 关系（职务）：请删去 role，或把 relation 改为 held_by",
        ),
        (_NO_BOUND, "请至少写一个界限：min、max、lt 或 gt，例如 min: 1"),
        (_WHERE_NO_KIND, "请先用 kind: 写明它们的类型"),
        (_MIN_LOTS, "min 要写一个数或 $参数，不能写 ‘lots’，例如 min: 3"),
        (_WRONG_KIND, "度量 ‘members’ 只适用于 party_org，不适用于 grid"),
        (_rule("{measure: {name: membrs, min: 1}}"), "没有 ‘membrs’ 这个度量（是不是“members”？）"),
        (_BIGGER, "没有 ‘bigger’ 这个运算符；可用的运算符：eq、ne、"),
        (_LT_REF, "运算符 ‘lt’ 不适用于 ‘leader’（引用属性）；可用：eq、ne、in、not_in、present"),
        (_IN_TEXT, "in 要写一组值，不能写 ‘x’，例如 name: {in: [示例, 其他]}"),
        (_rule("{}"), "require 下至少要写以下之一：related、attribute、measure、all、any"),
        ("rules: [3]", "每一项都应是一个映射"),
        ("rules: {}", "应是一个列表"),
        ("- a\n- b\n", "规则文件应是一个映射"),
        ("ruls: []", "没有 ‘ruls’ 这个键（是不是“rules”？）；可用的键：pack、description、params"),
        ("params: {x: many}", "‘many’不是数，请写一个数"),
    ],
)
def test_rule_errors(text: str, expected: str) -> None:
    errors = _errors(text)
    assert any(expected in message for *_, message in errors), errors
    assert all(line is not None for line, *_ in errors)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_ROLE_BOSS, "unknown role 'boss'; roles are: instructor, secretary, "),
        (_ROLE_NOT_HELD, "role applies to the held_by relation (posts) only"),
        (_NO_BOUND, "give at least one bound: min, max, lt or gt"),
        (_WHERE_NO_KIND, "name the kind of the related nodes (kind:) to filter them"),
        (_MIN_LOTS, "min is a number or a $parameter, not 'lots'"),
        (_WRONG_KIND, "measure 'members' is defined for party_org, not grid"),
        (_BIGGER, "unknown operator 'bigger'; operators are: eq, ne, "),
        (_LT_REF, "operator 'lt' does not apply to 'leader' (a ref attribute); it takes eq, ne,"),
        (_IN_TEXT, "in takes a list of values, not 'x': e.g. name: {in: [示例, 其他]}"),
        (_rule("{}"), "a requirement needs one of: related, attribute, measure, all, any"),
        ("rules: [3]", "each entry is a mapping"),
        ("- a\n- b\n", "a rules file is a mapping (rules:, params:, ...)"),
        ("ruls: []", "unknown key 'ruls' (did you mean 'rules'?); allowed: pack, description,"),
        ("params: {x: many}", "'many' is not a number"),
    ],
)
def test_rule_errors_in_english(text: str, expected: str) -> None:
    with use_language("en"):
        errors = _errors(text)
    assert any(expected in message for *_, message in errors), errors


def test_yaml_syntax_error_is_a_rules_error() -> None:
    errors = _errors("rules:\n  - id: [unclosed\n")
    assert errors[0][0] == 3 and "YAML 语法错误" in errors[0][3]


def test_missing_file() -> None:
    with pytest.raises(RulesError, match="文件不存在"):
        load_rules(RULES / "nope.yaml")


def test_unknown_pack() -> None:
    with pytest.raises(RulesError, match=r"没有名为“regulation”的内置规则包（是不是"):
        load_pack("regulation")


def test_a_parameter_that_is_not_a_number_is_said_once_in_chinese() -> None:
    # int | float fails twice in pydantic; the analyst reads one sentence
    assert _errors("params: {x: many}") == [
        (1, 13, "params.x", "‘many’不是数，请写一个数，例如 12.5")
    ]
    nan = "参数要写一个有限的数（例如 30），不能写 ‘nan’"
    assert _errors("params: {x: .nan}") == [(1, 13, "params.x", nan)]
    with pytest.raises(RulesError) as info:
        assemble([load_pack("yangjiang")], {"visit_days": "abc"})
    assert [(e.field, e.message) for e in info.value.errors] == [
        ("params.visit_days", "参数要写一个有限的数（例如 30），不能写 ‘abc’")
    ]
    with use_language("en"), pytest.raises(RulesError) as info:
        assemble([load_pack("yangjiang")], {"visit_days": "abc"})
    assert info.value.errors[0].message == "a parameter is a finite number, not 'abc'"


def test_assemble_checks_ids_params_and_disable() -> None:
    a = loads_rules(_rule("{related: {relation: held_by, min: $least}}"), "a.yaml")
    b = loads_rules(_rule("{related: {relation: held_by, min: 1}}"), "b.yaml")
    with pytest.raises(RulesError) as info:
        assemble([a, b])
    got = [(e.file, e.line, e.column, e.field, e.message) for e in info.value.errors]
    assert got == [
        (
            "a.yaml",
            5,
            49,
            "rules.x.rule.require.related.min",
            "没有名为 $least 的参数；请在 params: 里设定它，例如 params: {least: 3}",
        ),
        (
            "b.yaml",
            2,
            9,
            "rules.x.rule.id",
            "规则 id “x.rule” 已在 a.yaml:2 定义过；请给这条规则另起一个 id",
        ),
    ]
    c = loads_rules("disable: [no.such]\nparams: {least: 1}\n", "c.yaml")
    with pytest.raises(RulesError, match=re.escape("没有 id 为 “no.such” 的规则可以停用")):
        assemble([a, c])
    with pytest.raises(RulesError, match="没有名为 ‘lest’ 的参数（是不是“least”？）"):
        assemble([a, loads_rules("params: {least: 1}", "d.yaml")], {"lest": 2})
    text = "params: {n: 1}\n" + _rule("{related: {relation: held_by, min: $n}}").replace(
        "message: 测试", "message: 至少{m}人"
    )
    with pytest.raises(RulesError, match=re.escape("没有名为 {m} 的参数")):
        assemble([loads_rules(text, "e.yaml")])
    with use_language("en"), pytest.raises(RulesError) as info:
        assemble([a, b])
    assert [e.message for e in info.value.errors] == [
        "unknown parameter $least; set it in params:",
        "rule id 'x.rule' is already defined at a.yaml:2; give this rule another id",
    ]


def test_user_params_override_pack_defaults() -> None:
    user = loads_rules("params: {visit_days: 30}", "mine.yaml")
    rules = assemble([load_pack("yangjiang"), user], {"meeting_days": 10})
    assert rules.params["visit_days"] == 30
    assert rules.params["meeting_days"] == 10
    assert rules.params["service_items_min"] == 10
    assert rules.packs == ["yangjiang", "mine"]


# -- the built-in packs ----------------------------------------------------------------
@pytest.mark.parametrize("name", PACKS)
def test_packs_are_complete(name: str) -> None:
    pack = load_pack(name)
    assert pack.name == name
    ids = [lr.rule.id for lr in pack.rules]
    assert len(ids) == len(set(ids))
    for lr in pack.rules:
        r = lr.rule
        assert re.search(r"[\u4e00-\u9fff]", r.message), r.id
        assert re.search(r"[\u4e00-\u9fff]", r.hint), r.id
        assert r.message_en.isascii(), r.id
        assert r.basis, f"{r.id} says which regulation or practice it comes from"
    # Every parameter a pack sets is used by it.
    text = Path(pack.file).read_text(encoding="utf-8")
    for param in pack.params:
        assert f"${param}" in text or f"{{{param}}}" in text, param


def test_pack_rule_lists() -> None:
    assert [lr.rule.id for lr in load_pack("regulations").rules] == [
        "unit.set_up",
        "compound.set_up",
        "unit.joint_or_instructor",
        "compound.joint_or_instructor",
        "branch.joint_units",
        "unit.organisational_coverage",
        "compound.organisational_coverage",
        "unit.work_coverage",
        "compound.work_coverage",
        "branch.committee",
        "branch.committee_size",
        "general_branch.committee_size",
        "committee.committee_size",
        "branch.size",
        "branch.upgrade_general_branch",
        "org.upgrade_committee",
        "committee.below_threshold",
        "general_branch.below_threshold",
        "party_org.members_listed",
    ]
    assert [lr.rule.id for lr in load_pack("yangjiang").rules] == [
        "subdistrict.expanded_working_committee",
        "community.expanded_committee",
        "expanded.part_time_member",
        "expanded.quarterly_meeting",
        "expanded.term",
        "unit.expanded_seat",
        "compound.team_1p3",
        "grid.leader",
        "household.residents_group",
        "household.grid",
        "household.grid_leader",
        "place.captain",
        "community.captain_duties",
        "community.paired_unit",
        "pairing.agreement_signed",
        "pairing.agreement_in_force",
        "pairing.needs_met",
        "registration.unit_paired",
        "household.visit",
        "service.item_count",
        "service.item_responsible",
        "compound.service_circle",
        "household.service_circle",
        "service.weekend_duty",
        "whistle.responder",
        "post.secretary",
        "post.captain",
        "post.central_household",
        "post.secretary_term",
        "post.captain_term",
        "post.central_household_term",
    ]


def test_docs_list_every_rule_and_measure() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    for name in PACKS:
        for lr in load_pack(name).rules:
            assert f"`{lr.rule.id}`" in docs, lr.rule.id
    for measure in MEASURES:
        assert f"`{measure}`" in docs, measure


# -- the language, on small models built in Python --------------------------------------
def _city(**sections: Any) -> Model:
    divisions = [
        Division(id="c", name="示例市", level="city"),
        Division(id="k", name="城区", level="county", parent="c"),
        Division(id="s", name="南街道", level="subdistrict", parent="k"),
        Division(id="m", name="东风社区", level="community", parent="s"),
    ]
    return Model(divisions=divisions, **sections)


def _run(model: Model, text: str) -> list[tuple[str, object]]:
    report = check(model, packs=[], rules=[loads_rules(text, "mine.yaml")], single_points=False)
    return [(f.node.id, f.value) for f in report.findings]


def test_related_directions_kinds_and_filters() -> None:
    units = [Unit(id=f"u{i}", name=f"单位{i}", type="enterprise", division="m") for i in range(7)]
    joint = PartyOrg(
        id="j", name="联合党支部", form="branch", joint=True, joint_units=[u.id for u in units]
    )
    own = PartyOrg(id="o", name="企业党支部", form="branch", unit="u0")
    model = _city(units=units, party_orgs=[joint, own])
    # out: a joint branch covers at most five units
    out = "{related: {relation: covers, kind: unit, max: 5}}"
    assert _run(model, _rule(out, "party_org", ", where: {joint: true}")) == [("j", 7)]
    # in, with a filter on the organisations counted
    into = (
        "{related: {relation: covers, direction: in, kind: party_org,"
        " where: {joint: false}, min: 1}}"
    )
    assert [n for n, _ in _run(model, _rule(into, "unit"))] == [f"u{i}" for i in range(1, 7)]
    # any: a unit is fine with its own branch or with two or more organisations
    either = (
        "{any: [{related: {relation: covers, direction: in, kind: party_org,"
        " where: {joint: false}, min: 1}}, {related: {relation: covers, direction: in, min: 2}}]}"
    )
    assert _run(model, _rule(either, "unit")) == [(f"u{i}", 0) for i in range(1, 7)]


def test_attribute_operators_and_scope() -> None:
    grids = [
        Grid(id="g1", name="一网格", community="m", leader=None),
        Grid(id="g2", name="二网格", community="m", note="重点"),
        Grid(id="g3", name="三网格", community="m"),
    ]
    model = _city(grids=grids)
    assert _run(model, _rule("{attribute: {note: {present: true}}}")) == [
        ("g1", None),
        ("g3", None),
    ]
    assert _run(model, _rule("{attribute: {id: {in: [g1, g2]}}}")) == [("g3", "g3")]
    assert _run(model, _rule("{attribute: {name: {ne: 二网格}}}")) == [("g2", "二网格")]
    scoped = _rule("{attribute: {note: {present: true}}}", where=", scope: s")
    assert _run(model, scoped) == [("g1", None), ("g3", None)]
    elsewhere = _rule("{attribute: {note: {present: true}}}", "grid", ", scope: k")
    assert len(_run(model, elsewhere)) == 2
    with pytest.raises(RulesError, match="scope “nowhere” 不是模型中的区划"):
        _run(model, _rule("{attribute: {note: {present: true}}}", where=", scope: nowhere"))


def test_measure_bounds_and_expected_text() -> None:
    orgs = [
        PartyOrg(id=f"o{n}", name=f"支部{n}", form="branch", division="m", members_full=n)
        for n in (2, 49, 50, 51)
    ]
    model = _city(party_orgs=orgs)
    assert _run(model, _rule("{measure: {name: members, gt: 2, lt: 51}}", "party_org")) == [
        ("o2", 2),
        ("o51", 51),
    ]
    params = {"hi": 20}
    assert expected_text(MeasureRequirement(name="x", min=10, max="$hi"), params) == "10–20"
    assert expected_text(MeasureRequirement(name="x", gt=2.5), params) == "> 2.5"
    assert expected_text(MeasureRequirement(name="x", lt=50, min=1), params) == "≥ 1, < 50"


# -- the command line --------------------------------------------------------------------
def test_check_refuses_a_suffix_it_cannot_write_before_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = str(RULES / "model.yaml")
    assert main(["check", model, "-o", str(tmp_path / "报告.pptx")]) == 2
    assert capsys.readouterr().err == (
        "partygraph: 错误：报告不能写成 .pptx 文件：按后缀可写 .txt、.json、.md、.markdown、.csv、"
        ".xlsx（Excel 能直接打开 .csv），或用 --format 指明格式\n"
    )
    assert list(tmp_path.iterdir()) == []
    # --format says what to write, whatever the name; no suffix is text
    assert main(["check", model, "--format", "csv", "-o", str(tmp_path / "报告.pptx")]) == 1
    assert main(["check", model, "-o", str(tmp_path / "报告")]) == 1
    assert (tmp_path / "报告").read_text(encoding="utf-8").startswith("示例")


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = str(RULES / "model.yaml")
    assert main(["check", str(RULES / "clean.yaml")]) == 0
    assert "问题：错误 0 · 警告 0 · 提示 0" in capsys.readouterr().out
    assert main(["check", model]) == 1
    assert main(["check", model, "--pack", "regulations", "--scope", "s2"]) == 1
    assert main(["check", model, "--format", "json", "-o", str(tmp_path / "r.json")]) == 1
    assert capsys.readouterr().out.endswith(
        f"已写出 {tmp_path / 'r.json'}（json）：错误 11 · 警告 26 · 提示 15\n"
    )
    # Exit 1 is for the findings: the model itself loads whole (counted in model.yaml).
    loaded = partygraph.load(model)
    assert loaded.name == "示例市（规则测试）"
    tables = ("households", "persons", "central_household_links")
    sections = ("divisions", "units", "compounds", "party_orgs", "grids", "service_centres")
    assert [loaded.count(name) for name in (*sections, *tables)] == [9, 8, 3, 9, 4, 4, 8, 12, 4]
    assert len(loaded.entities()) == 56
    # 2: bad input of every kind, with file:line for a bad rules file
    assert main(["check", model, "--rules", str(RULES / "broken_rules.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{RULES / 'broken_rules.yaml'}:7:15: rules[0].severity" in err
    assert "partygraph: 发现 6 个问题" in err
    assert main(["check", model, "--pack", "nope"]) == 2
    assert main(["check", model, "--scope", "nowhere"]) == 2
    assert main(["check", model, "--param", "visit_days"]) == 2
    assert main(["check", model, "--param", "no_such=1"]) == 2
    assert main(["check", "no/such.yaml"]) == 2
    assert "文件不存在" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["check", model, "--format", "xml"])
    assert usage.value.code == 2


def test_cli_params_and_rules(capsys: pytest.CaptureFixture[str]) -> None:
    model = str(RULES / "model.yaml")
    argv = ["check", model, "--format", "csv", "--param", "visit_days=200"]
    assert main([*argv, "--rules", str(RULES / "custom_rules.yaml")]) == 1
    out = capsys.readouterr().out
    assert "my.big_household_linked,c1" in out
    assert "household.visit,c1" not in out and "household.visit,c2" in out


def test_a_rules_file_not_in_utf8_gets_yaml_advice(tmp_path: Path) -> None:
    bad = tmp_path / "gbk.yaml"
    bad.write_bytes("rules:\n  - id: x\n    message: 测试\n".encode("gb18030"))
    with pytest.raises(RulesError) as exc:
        load_rules(bad)
    (item,) = exc.value.errors
    assert item.file == str(bad)
    assert item.line == 3
    assert "请另存为 UTF-8" in item.message
    assert "encoding: gb18030" not in item.message  # that advice is for CSV tables
