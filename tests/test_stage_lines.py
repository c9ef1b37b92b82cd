"""The lines a slow stage prints: Chinese by default, with nothing English in
them, and the rule named in either language."""

from __future__ import annotations

import io
import re

from partygraph import load
from partygraph.i18n import use_language
from partygraph.progress import report_stages
from partygraph.rules.check import check

SMALL = "tests/fixtures/small/model.yaml"


def _lines(lang: str) -> list[str]:
    model = load(SMALL)
    out = io.StringIO()
    with use_language(lang), report_stages(out, threshold=0.0):  # every stage printed
        check(model)
    return out.getvalue().splitlines()


def test_a_rules_line_in_chinese_names_the_rule_and_no_english_word() -> None:
    lines = _lines("zh")
    assert "· 规则（unit.set_up）：" in "\n".join(lines)
    for line in lines:
        text = re.sub(r"（[a-z_.0-9]+）", "", line)  # the rule's id is data, not prose
        assert re.fullmatch(r"· [^A-Za-z]+：\d+\.\d 秒", text), line


def test_a_rules_line_in_english() -> None:
    lines = _lines("en")
    assert any(re.fullmatch(r"· rule unit\.set_up: \d+\.\d s", line) for line in lines)
    assert not any(re.search(r"[\u4e00-\u9fff]", line) for line in lines)
