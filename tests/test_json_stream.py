"""The JSON report written in parts (``report.render.json_chunks``) is the text
``model_dump_json(indent=2)`` writes whole, for every report: the long lists
(findings, coverage) are serialised an item at a time so that a province's
report (half a million findings, about 1 GB of text) is never one string.

The oracle is pydantic's own whole-report serialisation, checked on the rules
fixture's real report, on the same report with hostile names (line and
paragraph separators, quotes, backslashes, the marker text itself), with the
optional sections attached, with NaN, and on reports with fewer and more items
than one batch.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.model.report import Report
from partygraph.report import attach
from partygraph.report import render as render_module
from partygraph.report.render import json_chunks, render, write_report

from conftest import FIXTURES

RULES = FIXTURES / "rules" / "model.yaml"


def whole(report: Report) -> str:
    absent = {k for k in ("matching", "metrics") if getattr(report, k) is None}
    return report.model_dump_json(indent=2, exclude=absent) + "\n"


@pytest.fixture(scope="module")
def checked() -> tuple[partygraph.Model, Report]:
    model = partygraph.load(RULES)
    return model, partygraph.check(model)


def renamed(report: Report, name: str) -> Report:
    """``report`` with every finding's node named ``name``."""
    findings = [
        f.model_copy(update={"node": f.node.model_copy(update={"name": name})})
        for f in report.findings
    ]
    return report.model_copy(update={"findings": findings})


def test_the_fixture_report(checked: tuple[partygraph.Model, Report]) -> None:
    _, report = checked
    assert len(report.findings) > 3 and len(report.coverage) > 3
    assert "".join(json_chunks(report)) == whole(report)
    assert render(report, "json") == whole(report)


def test_with_the_optional_sections(checked: tuple[partygraph.Model, Report]) -> None:
    model, report = checked
    full = attach(report, model, matching=True, metrics=True)
    assert full.matching is not None and full.metrics is not None
    assert "".join(json_chunks(full)) == whole(full)


@pytest.mark.parametrize(
    "name",
    [
        '甲\n  "findings": []\n乙',  # the marker itself, as a name
        '"coverage": [],',
        "行\u2028段\u2029\x85尾",  # separators str.splitlines would cut at
        "a\\b\"c'd<e>&f",
        "",
    ],
)
def test_hostile_names(checked: tuple[partygraph.Model, Report], name: str) -> None:
    report = renamed(checked[1], name)
    text = "".join(json_chunks(report))
    assert text == whole(report)
    assert json.loads(text)["findings"][0]["node"]["name"] == name


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_batches(
    checked: tuple[partygraph.Model, Report], n: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 1, 2, 3 and 5 items: every boundary between them is crossed."""
    monkeypatch.setattr(render_module, "_BATCH", n)
    report = checked[1]
    parts = list(json_chunks(report))
    assert len(parts) > len(report.findings) // n
    assert "".join(parts) == whole(report)


def test_empty_lists_and_nan(checked: tuple[partygraph.Model, Report]) -> None:
    report = checked[1]
    one = report.model_copy(update={"findings": report.findings[:1], "coverage": []})
    assert "".join(json_chunks(one)) == whole(one)
    nan = report.model_copy(
        update={"findings": [report.findings[0].model_copy(update={"value": math.nan})]}
    )
    text = "".join(json_chunks(nan))
    assert text == whole(nan) and json.loads(text)["findings"][0]["value"] is None


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)  # no lone surrogates


@settings(max_examples=40, deadline=None)
@given(names=st.lists(TEXT, min_size=1, max_size=6), batch=st.integers(1, 4))
def test_any_names(checked: tuple[partygraph.Model, Report], names: list[str], batch: int) -> None:
    report = checked[1]
    findings = [
        f.model_copy(update={"node": f.node.model_copy(update={"name": names[i % len(names)]})})
        for i, f in enumerate(report.findings)
    ]
    changed = report.model_copy(update={"findings": findings})
    old = render_module._BATCH
    render_module._BATCH = batch
    try:
        assert "".join(json_chunks(changed)) == whole(changed)
    finally:
        render_module._BATCH = old


def test_written_to_a_file(checked: tuple[partygraph.Model, Report], tmp_path: Path) -> None:
    report = checked[1]
    out = tmp_path / "报告.json"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert write_report(report, out) == "json"
    assert out.read_bytes() == whole(report).encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["报告.json"]  # no temporary left
