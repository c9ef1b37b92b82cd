"""Documentation stays true to the code: every kind, relation and layer is documented."""

from __future__ import annotations

from partygraph.graph import KINDS, LAYERS
from partygraph.model import SECTIONS, ref_fields

from conftest import ROOT


def test_model_doc_names_every_kind_relation_and_layer() -> None:
    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    kinds = {k for k in KINDS.values() if k != "<level>"}
    relations = {f.ref.relation for cls in SECTIONS.values() for f in ref_fields(cls)}
    for name in sorted(kinds | relations | set(LAYERS) | set(SECTIONS)):
        assert f"`{name}`" in doc, f"docs/model.md does not mention `{name}`"
