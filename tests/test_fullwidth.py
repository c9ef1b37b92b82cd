"""Full-width punctuation and tabs in YAML (issue #11, items 2 and 7): each is
understood as text where it is text, or refused at its own line and column
with what to write — never read as something else.  And (item 7) a file with
nothing in it is one plain sentence, not an empty model that checks OK."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.cli import main
from partygraph.errors import ConfigError
from partygraph.i18n import use_language
from partygraph.io.fullwidth import FULLWIDTH, model_prose
from partygraph.io.yamlsrc import loads

ROOT = Path(__file__).resolve().parent.parent
RULES_MODEL = ROOT / "tests" / "fixtures" / "rules" / "model.yaml"
PROSE = model_prose()


def refusal(text: str) -> tuple[int | None, int | None, str]:
    """(line, column, message) of the one problem ``text`` is refused with."""
    with pytest.raises(ConfigError) as caught:
        loads(text, "m.yaml", PROSE)
    (error,) = caught.value.errors
    return error.line, error.column, error.message


# -- the cases of the issue ------------------------------------------------------------
def test_a_flow_list_with_full_width_commas_is_refused_at_the_first_comma() -> None:
    text = "name: x\nresources: [党课资源，志愿者队伍，法律咨询]\n"
    # "resources: [党课资源" is 16 characters: the comma is the 17th.
    assert refusal(text) == (2, 17, "第 2 行第 17 列是全角逗号‘，’，请改为半角‘,’")


def test_the_same_list_with_plain_commas_loads_three_items() -> None:
    assert loads("resources: [党课资源, 志愿者队伍, 法律咨询]\n", "m.yaml", PROSE) == {
        "resources": ["党课资源", "志愿者队伍", "法律咨询"]
    }


def test_a_full_width_colon_after_a_key_is_named_on_its_own_line() -> None:
    # PyYAML reports "could not find expected ':'" on line 3; the cause is on line 2.
    text = "- id: g1\n  community：sd05-c06\n  name: 一网格\n"
    line, column, message = refusal(text)
    assert (line, column) == (2, 12)
    assert message == "第 2 行第 12 列是全角冒号‘：’，请改为半角‘:’（冒号后加一个空格）"


def test_a_full_width_colon_in_a_flow_mapping_is_a_key_refused() -> None:
    # {id: h1, community：sd05} parses: a key "community：sd05" with no value.
    line, column, message = refusal("- {id: h1, community：sd05}\n")
    assert (line, column) == (1, 21) and "全角冒号" in message


def test_ideographic_spaces_as_indentation() -> None:
    # Parsed, the line would be a key "　　name" of the top-level mapping.
    line, column, message = refusal("x: 1\n\u3000\u3000y: 2\n")
    assert (line, column, message) == (2, 1, "第 2 行第 1 列是全角空格，请改为半角空格")
    # Under a list item it does not parse: the space is named, not "expected <block end>".
    assert refusal("- id: a\n\u3000\u3000name: x\n")[:2] == (2, 1)


def test_a_full_width_bracket_for_a_flow_mapping() -> None:
    line, column, message = refusal("units:\n  - （id: u1, name: 东风小学）\n")
    assert (line, column) == (2, 5)
    assert message == "第 2 行第 5 列是全角括号‘（’，请改为半角‘(’"


def test_chinese_quotes_and_brackets_in_structure() -> None:
    assert refusal("level: “city”\n")[2].startswith("第 1 行第 8 列是中文引号‘“’")
    assert refusal("members: 【p1, p2】\n")[:2] == (1, 10)


def test_full_width_punctuation_in_free_text_is_text() -> None:
    text = (
        "name: 阳江市（示意），2023：试点\n"
        "description: 说明；“两新”组织\n"
        "units:\n"
        "  - {id: u1, name: 东风小学（分校）, note: 联系人：张三，李四}\n"
        "projects:\n"
        "  - 红色物业，共建共治\n"
        "resources: [党员活动室（二楼）, “红色驿站”]\n"
    )
    data = loads(text, "m.yaml", PROSE)
    assert data["name"] == "阳江市（示意），2023：试点"
    assert data["units"][0]["note"] == "联系人：张三，李四"
    assert data["projects"] == ["红色物业，共建共治"]
    assert data["resources"] == ["党员活动室（二楼）", "“红色驿站”"]


def test_quoted_values_and_comments_are_never_looked_at() -> None:
    text = "# 备注：全角，不算\nlevel: '社区，巷'\nresources: ['党课资源，志愿者队伍']\n"
    assert loads(text, "m.yaml", PROSE)["resources"] == ["党课资源，志愿者队伍"]


def test_every_full_width_slip_of_a_file_is_listed_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        loads("a: [x，y]\nb: [u；v]\n", "m.yaml", PROSE)
    assert [(e.line, e.column) for e in caught.value.errors] == [(1, 6), (2, 6)]


def test_a_tab_as_indentation() -> None:
    line, column, message = refusal("divisions:\n\t- id: a\n")
    assert (line, column) == (2, 1)
    assert message == "第 2 行第 1 列是制表符（Tab），YAML 只能用空格缩进，请把 Tab 换成空格"


def test_in_english_on_request() -> None:
    with use_language("en"), pytest.raises(ConfigError) as caught:
        loads("resources: [a，b]\n", "m.yaml", PROSE)
    assert caught.value.errors[0].message == (
        "line 1, column 14 is a full-width comma '，': write a plain ','"
    )


def test_in_a_model_the_comma_is_the_one_problem_of_its_line(tmp_path: Path) -> None:
    for source in RULES_MODEL.parent.glob("*"):
        if source.suffix in (".yaml", ".csv"):
            shutil.copy(source, tmp_path / source.name)
    model = tmp_path / "model.yaml"
    text = model.read_text(encoding="utf-8")
    unit = "  - {id: u-sch, name: 东风小学, type: school, division: c1, members_full: 5}"
    assert unit in text
    typed = unit.replace("type: school", "type: school，")
    model.write_text(text.replace(unit, typed), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        partygraph.load(model)
    # Not also "'school，' is not one of ...": one mistake, one message.
    (error,) = caught.value.errors
    assert (error.line, error.column) == (22, typed.index("，") + 1)
    assert error.message.endswith("是全角逗号‘，’，请改为半角‘,’")


def test_the_shipped_fixtures_have_nothing_refused() -> None:
    for path in [RULES_MODEL, ROOT / "tests" / "fixtures" / "small" / "model.yaml"]:
        partygraph.load(path)


# -- a file with nothing in it ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("", "文件 m.yaml 是空的："),
        ("# 只有注释\n\n", "文件 m.yaml 是空的："),
        (
            "name: 测试\ndescription: 草稿\n",
            "文件 m.yaml 既没有 partygraph: 这一行，也没有任何部分：",
        ),
    ],
)
def test_an_entry_file_with_nothing_in_it_is_one_sentence(
    tmp_path: Path, text: str, start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    for command in ("validate", "check"):
        assert main([command, str(path)]) == 2, command
        lines = capsys.readouterr().err.splitlines()
        assert lines[-1] == "partygraph: 发现 1 个问题"
        assert lines[0].startswith(f"{path}:1:1: {start}")
        assert "divisions、units、" in lines[0] and "partygraph init" in lines[0]


def test_a_model_with_its_sections_still_empty_is_valid(tmp_path: Path) -> None:
    for text in ("partygraph: 1\n", "partygraph: 1\ndivisions: []\nunits:\n"):
        (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
        assert partygraph.load(tmp_path / "m.yaml").divisions == []
    # An included file may hold nothing yet.
    (tmp_path / "more.yaml").write_text("# 以后再写\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("include: more.yaml\n", encoding="utf-8")
    assert partygraph.load(tmp_path / "m.yaml").divisions == []


# -- the property: re-typed full-width, a model loads the same or is refused -----------
_WORDS = st.sampled_from(["c1", "u-2", "东风", "社区", "党课资源", "a.b", "10", "x"])
_KEYS = st.sampled_from(["id", "name", "level", "members", "resources", "note", "k"])
_SCALARS = _WORDS


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """A small YAML document: block mappings and lists, flow lists and mappings."""
    lines: list[str] = []
    for key in draw(st.lists(_KEYS, min_size=1, max_size=4, unique=True)):
        form = draw(st.sampled_from(["scalar", "flow_list", "flow_map", "block_list", "block_map"]))
        words = draw(st.lists(_SCALARS, min_size=1, max_size=3))
        if form == "scalar" or PROSE.get(key) == "text":  # a name is text, never a list
            lines.append(f"{key}: {words[0]}")
        elif form == "flow_list":
            lines.append(f"{key}: [{', '.join(words)}]")
        elif form == "flow_map":
            pairs = [f"k{i}: {w}" for i, w in enumerate(words)]
            lines.append(f"{key}: {{{', '.join(pairs)}}}")
        elif form == "block_list":
            lines += [f"{key}:", *(f"  - {w}" for w in words)]
        else:
            lines += [f"{key}:", *(f"  k{i}: {w}" for i, w in enumerate(words))]
    return "\n".join(lines) + "\n"


#: Each YAML separator, and what a Chinese input method may type instead.
_RETYPED = [
    (re.compile(r", "), ["，", "， ", ",\u3000"]),
    (re.compile(r": "), ["：", "： ", ":\u3000"]),
    (re.compile(r"^  ", re.M), ["\u3000", "\u3000 ", "\t"]),
    (re.compile(r"- "), ["-\u3000"]),
    (re.compile(r"\["), ["【"]),
    (re.compile(r"\{"), ["（"]),
]


@st.composite
def _retyped(draw: st.DrawFn) -> tuple[str, str]:
    text = draw(_documents())
    places = [(m.start(), m.end(), typed) for rx, typed in _RETYPED for m in rx.finditer(text)]
    picks = st.sampled_from(range(len(places)))
    chosen = draw(st.lists(picks, min_size=1, max_size=3, unique=True))
    out, last = [], 0
    for start, end, typed in sorted(places[i] for i in chosen):
        if start < last:
            continue
        out += [text[last:start], draw(st.sampled_from(typed))]
        last = end
    return text, "".join(out) + text[last:]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_retyped())
def test_retyped_full_width_a_document_loads_the_same_or_is_refused_at_the_character(
    case: tuple[str, str],
) -> None:
    original, typed = case
    expected = loads(original, "m.yaml", PROSE)
    try:
        got = loads(typed, "m.yaml", PROSE)
    except ConfigError as exc:
        lines = typed.splitlines()
        for error in exc.errors:
            assert error.file == "m.yaml"
            assert error.line is not None and error.column is not None, str(error)
            char = lines[error.line - 1][error.column - 1]
            assert char in FULLWIDTH + "\t", f"{error} points at {char!r} in\n{typed}"
            assert f"第 {error.line} 行第 {error.column} 列是" in error.message
        return
    assert got == expected, f"read differently:\n{typed}"
