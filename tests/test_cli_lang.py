"""The command line speaks Chinese by default and English with --lang en.

Help of every command (argparse's own words included), usage errors, the
OK line, error lines, reports and summaries, in both languages; rule messages
that follow their parameters; a user's rules file without ``message_en``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from partygraph.cli import main
from partygraph.cli.app import COMMANDS, _show_warning, split_language
from partygraph.i18n import use_language

from conftest import FIXTURES, ROOT

RULES_MODEL = str(FIXTURES / "rules" / "model.yaml")


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of an analyst: no language chosen, so Chinese."""
    monkeypatch.delenv("PARTYGRAPH_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    assert done.value.code == 2
    return capsys.readouterr().err


# -- help -----------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_chinese_by_default_and_english_on_request(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [] if command is None else [command]
    zh = _help(capsys, *argv)
    assert zh.startswith("用法：partygraph")
    assert "\n选项：\n" in zh
    assert re.search(r"\n  -h, --help +显示本帮助并退出\n", zh)
    for english in ("usage:", "options:", "show this help", "the model's", "positional"):
        assert english not in zh
    if command is not None and command != "synth":
        assert "\n位置参数：\n" in zh
    en = _help(capsys, "--lang", "en", *argv)
    assert en.startswith("usage: partygraph")
    assert "\noptions:\n" in en
    assert "show this help message and exit" in en
    assert "显示本帮助" not in en
    # --lang after the sub-command works as well
    assert _help(capsys, *argv, "--lang=en") == en


def test_chinese_help_lines_fit_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    """Wrapped by columns: a Chinese character takes two (COLUMNS=80 in argparse's view)."""
    from partygraph.cli._base import _width

    os.environ["COLUMNS"] = "80"
    try:
        for command in COMMANDS:
            for line in _help(capsys, command).splitlines():
                if not line.isascii():  # argparse never breaks an option's own line
                    assert _width(line) <= 80, line
                assert not line.lstrip().startswith(("，", "。", "；", "）", "、")), line
    finally:
        del os.environ["COLUMNS"]


def test_the_top_help_lists_the_commands_and_the_language_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    zh = _help(capsys)
    assert "\n子命令：\n" in zh
    assert "    check               按规则包检查模型：缺口、覆盖率、组织设置候选、负荷" in zh
    assert "--lang {zh,en}" in zh
    en = _help(capsys, "--lang", "en")
    assert "    check               check a model against rule packs" in en


def test_the_environment_chooses_english_for_a_fresh_process() -> None:
    env = {**os.environ, "PARTYGRAPH_LANG": "en", "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "partygraph", "validate", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: partygraph validate")
    env["PARTYGRAPH_LANG"] = "zh"
    done = subprocess.run(
        [sys.executable, "-m", "partygraph", "--lang", "en", "validate", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.stdout.startswith("usage: partygraph validate")  # the option wins


# -- usage errors ---------------------------------------------------------------------------
def test_argparse_errors_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(capsys, "check")
    assert err.startswith("用法：partygraph check")
    assert err.endswith("partygraph: 错误：缺少必需的参数：file\n")
    err = _usage_error(capsys, "chek")
    commands = "{validate,summary,check,draw,export,diff,whatif,synth,init}"
    assert f"partygraph: 错误：参数 {commands}：无效的选择：“chek”" in err
    assert _usage_error(capsys).endswith(f"partygraph: 错误：缺少必需的参数：{commands}\n")
    err = _usage_error(capsys, "validate", RULES_MODEL, "--bogus")
    assert err.endswith("partygraph: 错误：无法识别的参数：--bogus\n")
    err = _usage_error(capsys, "check", RULES_MODEL, "--format", "xml")
    assert "无效的选择：“xml”（可选：'text', 'json', 'markdown', 'csv'）" in err
    err = _usage_error(capsys, "synth", "-o", "x.yaml", "--communities", "0")
    assert "参数 --communities：0 超出范围，请给出 1 到 20,000 之间的整数" in err
    err = _usage_error(capsys, "--lang", "en", "check")
    assert err.startswith("usage: partygraph check")
    assert err.endswith("partygraph: error: the following arguments are required: file\n")
    err = _usage_error(capsys, "--lang", "en", "validate", RULES_MODEL, "--bogus")
    assert err.endswith("partygraph: error: unrecognized arguments: --bogus\n")
    err = _usage_error(capsys, "check", RULES_MODEL, "--format", "xml", "--lang", "en")
    assert "invalid choice: 'xml' (choose from 'text', 'json', 'markdown', 'csv')" in err


def test_an_unknown_language_is_a_usage_error_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _usage_error(capsys, "--lang", "fr", "validate", RULES_MODEL)
    assert "partygraph: 错误：--lang 后面的“fr”不是可用的语言，请写 zh（中文）或 en（英文）" in err


def test_the_language_is_given_back_after_a_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "validate", RULES_MODEL]) == 0
    assert main(["validate", RULES_MODEL]) == 0
    en, zh = capsys.readouterr().out.splitlines()
    assert en.startswith("OK ") and ": 9 divisions" in en
    assert "：区划 9 个" in zh
    import argparse

    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]  # hooks given back


def test_split_language_leaves_everything_after_the_double_dash() -> None:
    assert split_language(["check", "--lang", "en", "m.yaml"]) == ("en", ["check", "m.yaml"])
    assert split_language(["check", "--", "--lang=en"]) == (None, ["check", "--", "--lang=en"])
    assert split_language(["check", "--lang"]) == (None, ["check", "--lang"])


# -- what the commands print ------------------------------------------------------------------
def test_validate_ok_line_and_error_lines(capsys: pytest.CaptureFixture[str]) -> None:
    # tests/fixtures/rules/model.yaml: 9 divisions, 9 + 3 party organisations,
    # 8 households, 12 persons
    assert main(["validate", RULES_MODEL]) == 0
    assert capsys.readouterr().out == (
        f"OK {RULES_MODEL}：区划 9 个，党组织 12 个，住户 8 户，人员 12 人\n"
    )
    assert main(["--lang", "en", "validate", RULES_MODEL]) == 0
    assert capsys.readouterr().out == (
        f"OK {RULES_MODEL}: 9 divisions, 12 party organisations, 8 households, 12 persons\n"
    )
    assert main(["draw", RULES_MODEL, "--layer", "grid", "-o", "-"]) == 2
    assert capsys.readouterr().err == (
        "partygraph: 错误：-o - 需要 --format png、svg 或 pdf（没有后缀可以判断格式）\n"
    )
    assert main(["--lang", "en", "draw", RULES_MODEL, "--layer", "grid", "-o", "-"]) == 2
    assert capsys.readouterr().err == (
        "partygraph: error: -o - needs --format png, svg or pdf (there is no suffix)\n"
    )
    assert main(["check", RULES_MODEL, "--param", "visit_days"]) == 2
    assert "--param: “visit_days”：请写成 名称=数字，例如 visit_days=60" in capsys.readouterr().err


def test_the_warning_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    _show_warning(UserWarning("小心"), UserWarning, "x.py", 1)
    with use_language("en"):
        _show_warning(UserWarning("careful"), UserWarning, "x.py", 1)
    assert capsys.readouterr().err == "partygraph: 警告：小心\npartygraph: warning: careful\n"


def test_synth_and_export_say_what_they_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.yaml"
    assert main(["synth", "--communities", "2", "--households", "20", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"已写出 {out}：区划 ")
    assert "住户 20 户" in said
    graph = tmp_path / "g.dot"
    assert main(["--lang", "en", "export", str(out), "-f", "dot", "-o", str(graph)]) == 0
    assert capsys.readouterr().out == f"wrote {graph}\n"


# -- reports and summaries ----------------------------------------------------------------------
def test_check_text_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", RULES_MODEL, "--pack", "yangjiang"]) in (0, 1)
    zh = capsys.readouterr().out
    assert "\n覆盖率（达标数/总数，后面是规则所查的问题）\n" in zh
    # 东风社区大党委 last met on 2024-01-15, 167 days before the snapshot (2024-06-30)
    where = "东风社区大党委（e-c1）  示例市 › 城区 › 东街道 › 东风社区"
    assert f"{where}  已 167 天未召开工作例会，超过 92 天" in zh
    for english in ("value ", "expected", " and ", "more", "hint", "coverage"):
        assert english not in zh
    assert main(["check", RULES_MODEL, "--pack", "yangjiang", "--lang", "en"]) in (0, 1)
    en = capsys.readouterr().out
    where = "东风社区大党委 (e-c1)  示例市 › 城区 › 东街道 › 东风社区"
    assert f"{where}  no meeting for 167 days, more than 92" in en
    assert "\ncoverage (passing/total, then what the rule looks for)\n" in en
    assert "检查报告" not in en and "建议：" not in en


def test_a_parameter_changes_the_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", RULES_MODEL, "--pack", "yangjiang"]
    assert main([*args, "--param", "visit_days=60", "--param", "meeting_days=30"]) == 1
    text = capsys.readouterr().out
    assert "[household.visit] 联系户超过 60 天未获党员中心户走访：2 处" in text
    assert "[expanded.quarterly_meeting] “大工委”“大党委”超过 30 天未召开工作例会：2 处" in text
    # 东街道大工委 met on 2024-05-10: 51 days, within 92 but not within 30
    assert (
        "东街道大工委（e-s1）  示例市 › 城区 › 东街道  已 51 天未召开工作例会，超过 30 天" in text
    )
    assert "92" not in "".join(line for line in text.splitlines() if "走访" in line)
    assert "一个季度" not in text


def test_message_en_is_optional_in_a_rules_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "pack: mine\n"
        "rules:\n"
        "  - id: my.grid_note\n"
        "    severity: info\n"
        "    applies_to: {kind: grid}\n"
        "    require: {attribute: {note: {present: true}}}\n"
        "    message: 网格未填写备注\n"
        "    hint: 补充备注\n",
        encoding="utf-8",
    )
    args = ["check", RULES_MODEL, "--pack", "regulations", "--rules", str(rules)]
    assert main([*args, "--lang", "en", "--format", "markdown"]) == 1
    en = capsys.readouterr().out
    assert "### `my.grid_note` 网格未填写备注" in en  # the Chinese message stands in
    assert main([*args, "--format", "json", "-o", str(tmp_path / "r.json")]) == 1
    import json

    info = next(
        r
        for r in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["rules"]
        if r["id"] == "my.grid_note"
    )
    assert info["message_en"] == "网格未填写备注"
    assert info["finding"] is None


def test_summary_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", RULES_MODEL]) == 0
    zh = capsys.readouterr().out
    assert "\n主要数字：\n" in zh and "\n各类节点：\n" in zh
    assert "党组织（按所在层级和组织形式）：" in zh
    assert "figures" not in zh and "nodes by kind" not in zh
    assert main(["summary", RULES_MODEL, "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "\nkey figures:\n" in en and "\nnodes by kind:\n" in en
    assert "主要数字" not in en


def test_markdown_report_has_no_english_headings(capsys: pytest.CaptureFixture[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["check", RULES_MODEL, "--format", "markdown"]) == 1
    md = capsys.readouterr().out
    assert "## 覆盖率\n" in md and "## 错误\n" in md and "## 组织设置候选\n" in md
    assert "| 节点 | 所在 | 情况 |" in md
    for english in ("Coverage", "Candidates", "value", "expected", "Error"):
        assert english not in md
