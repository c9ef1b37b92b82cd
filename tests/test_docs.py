"""Documentation stays true to the code: every kind, relation and layer is documented."""

from __future__ import annotations

import doctest

import pytest

from partygraph.graph import KINDS, LAYERS
from partygraph.model import SECTIONS, ref_fields

from conftest import ROOT


def test_model_doc_names_every_kind_relation_and_layer() -> None:
    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    kinds = {k for k in KINDS.values() if k != "<level>"}
    relations = {f.ref.relation for cls in SECTIONS.values() for f in ref_fields(cls)}
    for name in sorted(kinds | relations | set(LAYERS) | set(SECTIONS)):
        assert f"`{name}`" in doc, f"docs/model.md does not mention `{name}`"


def test_the_language_page_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the page loads configs/yangjiang.yaml
    monkeypatch.delenv("PARTYGRAPH_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    page = ROOT / "docs" / "language.md"
    result = doctest.testfile(str(page), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0
