"""The vocabulary is declared once and everything else agrees with it.

Each test ties one declaration of :mod:`partygraph.vocabulary` to what uses it:
the model's sections and references, the population tables' columns, the
rule packs, the graph, the index, the export writers and the command line.
"""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import BaseModel

import partygraph
from partygraph import vocabulary as v
from partygraph.index import Index
from partygraph.model import SECTIONS, ref_fields, unwrap_type
from partygraph.model.population import TABLES
from partygraph.model.report import Report
from partygraph.rules import PACKS, load_pack

from conftest import ROOT

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _model_classes() -> list[type[BaseModel]]:
    """Every model class a section holds, nested record classes included."""
    found: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = list(SECTIONS.values())
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.append(cls)
        hints = typing.get_type_hints(cls, include_extras=True)
        for name in cls.model_fields:
            tp, _ = unwrap_type(hints[name])
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                todo.append(tp)
    return found


def _literals(cls: type[BaseModel]) -> list[tuple[str, tuple[Any, ...]]]:
    """(field, codes) of every ``Literal`` field of ``cls``."""
    hints = typing.get_type_hints(cls, include_extras=True)
    out = []
    for name in cls.model_fields:
        tp, _ = unwrap_type(hints[name])
        if typing.get_origin(tp) is typing.Literal:
            out.append((name, typing.get_args(tp)))
    return out


def _rule_ids() -> set[str]:
    return {r.rule.id for pack in PACKS for r in load_pack(pack).rules}


# -- sections and kinds -----------------------------------------------------------
def test_every_section_has_a_kind_in_section_order() -> None:
    assert list(v.SECTION_KINDS) == list(SECTIONS)
    for kind in v.SECTION_KINDS.values():
        assert kind == v.BY_LEVEL or kind in v.KIND_NAMES


def test_the_index_kind_list_is_every_kind_divisions_first() -> None:
    used = {k for k in v.SECTION_KINDS.values() if k != v.BY_LEVEL}
    used |= set(v.DIVISION_LEVELS) | set(v.NESTED_KINDS.values()) | set(v.BULK_KINDS)
    assert set(v.KIND_NAMES) == used
    assert len(v.KIND_NAMES) == len(set(v.KIND_NAMES))
    # The index codes a division's level by its position: levels come first.
    assert v.KIND_NAMES[: len(v.DIVISION_LEVELS)] == v.DIVISION_LEVELS
    assert set(v.BULK_KINDS.values()) <= set(TABLES)


def test_every_kind_has_a_chinese_label_and_a_noun() -> None:
    for name, kind in v.NODE_KINDS.items():
        assert CHINESE.search(kind.label), name
        assert kind.noun and kind.noun.isascii(), name


def test_the_index_gives_every_node_a_declared_kind() -> None:
    model = partygraph.load(ROOT / "tests" / "fixtures" / "small" / "model.yaml")
    ix = Index(model)
    kinds = {ix.kind_name(code) for code in range(ix.n_nodes)}
    assert kinds <= set(v.KIND_NAMES)
    assert {"community", "residents_group", "service_item", "household", "person"} <= kinds


def test_section_kinds_and_nouns() -> None:
    assert v.section_kind("divisions", "residents_group") == "residents_group"
    assert v.section_kind("expanded_bodies") == "party_org"
    assert v.section_kind("service_centres", "community") == "service_centre"
    with pytest.raises(partygraph.PartygraphError, match="no level"):
        v.section_kind("divisions")
    with pytest.raises(partygraph.PartygraphError, match="no section 'nope'"):
        v.section_kind("nope")
    # The nouns the loader's messages used, section by section, written out by hand.
    nouns = {
        "units": "unit",
        "compounds": "compound",
        "party_orgs": "party organisation",
        "expanded_bodies": "expanded body",
        "grids": "grid",
        "teams": "team",
        "places": "place",
        "captains": "captain",
        "central_households": "central household",
        "pairings": "pairing",
        "service_centres": "service centre",
        "issue_categories": "issue category",
        "departments": "department",
        "volunteer_teams": "volunteer team",
        "reserve_cadres": "reserve cadre",
    }
    assert {s: v.section_noun(s) for s in nouns} == nouns
    assert v.section_noun("divisions", "residents_group") == "residents_group"
    assert v.section_noun("divisions") == "division"


# -- relations and roles ------------------------------------------------------------
def _model_relations() -> set[str]:
    rels = {f.ref.relation for cls in SECTIONS.values() for f in ref_fields(cls)}
    rels |= {n.relation for n in v.NESTED}
    for spec in TABLES.values():
        rels |= {c.relation for c in spec.columns if c.relation is not None}
        if spec.edge is not None:
            rels.add(spec.edge.relation)
    return rels


def test_every_relation_used_is_declared_with_a_chinese_label() -> None:
    for relation in _model_relations():
        assert relation in v.RELATION_LABELS, relation
        assert CHINESE.search(v.RELATION_LABELS[relation]), relation


def test_every_declared_relation_is_used() -> None:
    assert set(v.RELATIONS) == _model_relations()


def test_population_relations_are_declared_by_their_columns() -> None:
    declared = {
        (spec.name, c.name): (c.relation, c.reverse)
        for spec in TABLES.values()
        for c in spec.columns
        if c.relation is not None
    }
    assert declared == {
        ("households", "community"): ("contains", True),
        ("households", "residents_group"): ("contains", True),
        ("households", "grid"): ("in_grid", False),
        ("households", "compound"): ("in_compound", False),
        ("persons", "household"): ("lives_in", False),
        ("persons", "org"): ("member_of", False),
        ("persons", "unit"): ("works_at", False),
    }
    links = {name: spec.edge for name, spec in TABLES.items() if spec.edge is not None}
    assert {n: (e.relation, e.source, e.target) for n, e in links.items()} == {
        "central_household_links": ("linked_to", "central_household", "household"),
        "registrations": ("registered_at", "person", "community"),
    }
    for spec in TABLES.values():  # what a column replaces is a column of the same relation
        for c in spec.columns:
            if c.replaces is not None:
                assert spec.column(c.replaces).relation == c.relation
        assert sum(c.home for c in spec.columns) == 1, spec.name


def test_every_role_is_declared_with_a_chinese_label() -> None:
    nodes = {(n.section, n.field) for n in v.NESTED}
    roles = set()
    for section, cls in SECTIONS.items():
        for f in ref_fields(cls):
            if f.ref.relation == v.HELD_BY:
                seat = f.nested if f.nested and (section, f.nested) not in nodes else None
                roles.add(v.role_name(f.name, many=f.many, seat=seat))
    assert roles == {
        "instructor",
        "secretary",
        "full_time_member",
        "part_time_member",
        "leader",
        "person",
        "responsible",
    }
    assert set(v.ROLES) == roles
    assert all(CHINESE.search(v.ROLE_LABELS[r]) for r in roles)


def test_graph_roles_follow_the_naming_rule() -> None:
    model = partygraph.load(ROOT / "tests" / "fixtures" / "small" / "model.yaml")
    g = model.to_networkx()
    held = {(u, w, d["role"]) for u, w, d in g.edges(data=True) if d["relation"] == "held_by"}
    assert ("e-c1", "p1", "full_time_member") in held
    assert ("e-c1", "p2", "part_time_member") in held
    assert ("o-c1", "p1", "secretary") in held
    assert ("c1-grid1", "p2", "leader") in held
    assert {r for _, _, r in held} <= set(v.ROLES)


# The bulk edges of tests/fixtures/small, worked out by hand from its CSV files
# and its link and registration rows.
SMALL_BULK_EDGES = {
    "contains": {("c1-g1", "h1"), ("c1-g1", "h2"), ("c1-g2", "h3"), ("c2", "h4")},
    "in_grid": {("h1", "c1-grid1"), ("h2", "c1-grid1"), ("h3", "c1-grid2")},
    "in_compound": {("h1", "cp1"), ("h2", "cp1")},
    "lives_in": {("p1", "h1"), ("p2", "h2"), ("p3", "h1"), ("p5", "h3")},
    "member_of": {("p1", "o-c1"), ("p2", "o-c1"), ("p3", "o-cp1"), ("p4", "o-c2")},
    "works_at": {("p2", "u-sch"), ("p4", "u-fin")},
    "linked_to": {("ch1", "h2"), ("ch1", "h3")},
    "registered_at": {("p4", "c1")},
}


def test_bulk_edges_in_the_graph_are_the_declared_ones() -> None:
    model = partygraph.load(ROOT / "tests" / "fixtures" / "small" / "model.yaml")
    g = model.to_networkx(population=True)
    kinds = {"household", "person"}
    for relation, want in SMALL_BULK_EDGES.items():
        got = {
            (a, b)
            for a, b, d in g.edges(data=True)
            if d["relation"] == relation and kinds & {g.nodes[a]["kind"], g.nodes[b]["kind"]}
        }
        assert got == want, relation
    reg = next(d for _, _, d in g.edges("p4", data=True) if d["relation"] == "registered_at")
    assert (reg["basis"], reg["unit"], reg["date"]) == ("unit_link", "u-fin", "2023-04-01")


def test_bulk_edges_in_the_index_are_the_declared_ones() -> None:
    model = partygraph.load(ROOT / "tests" / "fixtures" / "small" / "model.yaml")
    ix = Index(model)
    names = {code: ix.node_ref(code).id for code in range(ix.n_nodes)}
    bulk = [ix.kind_code("household"), ix.kind_code("person")]
    for relation, want in SMALL_BULK_EDGES.items():
        e = ix.edges(relation)
        keep = np.isin(ix.kinds_of(e.src), bulk) | np.isin(ix.kinds_of(e.dst), bulk)
        got = {
            (names[int(a)], names[int(b)]) for a, b in zip(e.src[keep], e.dst[keep], strict=True)
        }
        assert got == want, relation


# -- enumerations -------------------------------------------------------------------
def test_enumeration_tuples_and_hand_written_orders() -> None:
    assert v.DIVISION_LEVELS == ("city", "county", "subdistrict", "community", "residents_group")
    assert v.PARENT_LEVEL == {
        "city": None,
        "county": "city",
        "subdistrict": "county",
        "community": "subdistrict",
        "residents_group": "community",
    }
    assert v.LEVELS == ("city", "county", "subdistrict", "community")
    assert v.ORG_FORMS == (
        "working_committee",
        "expanded_working_committee",
        "committee",
        "general_branch",
        "branch",
        "expanded_committee",
    )
    assert v.SERVICE_LEVELS == ("district", "subdistrict", "community", "area", "compound")
    assert v.DUTIES == ("sanitation", "publicity", "patrol", "traffic")
    assert partygraph.ORG_FORMS is v.ORG_FORMS
    assert partygraph.model.PARENT_LEVEL is v.PARENT_LEVEL


def test_domain_terms() -> None:
    assert v.DIVISION_LEVEL_LABELS["community"] == "社区"
    assert v.PLACE_TYPE_LABELS["lane"] == "巷"
    assert v.ORG_FORM_LABELS["committee"] == "党委"
    assert v.ORG_FORM_LABELS["expanded_committee"] == "大党委"
    assert v.MEMBER_STATUS_LABELS["full"] == "正式党员"
    assert v.DUTY_LABELS["sanitation"] == "包环境卫生"


@pytest.mark.parametrize("name", sorted(v.ENUMERATIONS))
def test_every_code_has_a_chinese_label(name: str) -> None:
    literal, labels = v.ENUMERATIONS[name]
    codes = typing.get_args(literal)
    assert codes and set(codes) <= set(labels)
    assert all(CHINESE.search(labels[c]) for c in codes)


def test_every_literal_of_the_model_is_a_declared_enumeration() -> None:
    declared = {typing.get_args(lit) for lit, _ in v.ENUMERATIONS.values()}
    for cls in [*_model_classes(), *_report_classes()]:
        for field, codes in _literals(cls):
            assert codes in declared, f"{cls.__name__}.{field}"
    for spec in TABLES.values():
        for c in spec.columns:
            if c.type == "enum":
                assert c.choices in declared, f"{spec.name}.{c.name}"


def _report_classes() -> list[type[BaseModel]]:
    hints = typing.get_type_hints(Report, include_extras=True)
    out: list[type[BaseModel]] = [Report]
    for tp in hints.values():
        inner, _ = unwrap_type(tp)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            out.append(inner)
    return out


# -- layers -------------------------------------------------------------------------
@pytest.mark.parametrize("name", v.LAYER_NAMES)
def test_layer_kinds_relations_and_focus_exist(name: str) -> None:
    layer = v.LAYERS[name]
    assert layer.name == name
    assert CHINESE.search(layer.label)
    assert layer.kinds <= set(v.KIND_NAMES)
    assert layer.relations <= set(v.RELATIONS)
    assert set(layer.focus_kinds) <= layer.kinds
    assert layer.focus in ("root", *layer.focus_kinds)


@pytest.mark.parametrize("name", v.LAYER_NAMES)
def test_layer_rules_exist_in_the_built_in_packs(name: str) -> None:
    layer = v.LAYERS[name]
    ids = _rule_ids()
    assert layer.coverage in ids
    for pattern in layer.overlay:  # an id, or a prefix up to a dot
        assert any(r == pattern or r.startswith(pattern + ".") for r in ids), pattern


def _choices(command: str, option: str) -> tuple[str, ...]:
    """The choices the command line offers for ``partygraph COMMAND OPTION``."""
    import argparse

    from partygraph.cli.app import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in sub.choices[command]._actions if option in a.option_strings)
    assert action.choices is not None
    return tuple(action.choices)


def test_graph_and_cli_layers_are_the_vocabulary_layers() -> None:
    from partygraph.graph import LAYERS

    assert list(LAYERS) == list(v.LAYER_NAMES)
    assert LAYERS["linkage"] == (v.LAYERS["linkage"].kinds, v.LAYERS["linkage"].relations)
    assert _choices("draw", "--layer") == v.LAYER_NAMES
    assert _choices("export", "--layer") == v.LAYER_NAMES
    assert _choices("export", "--format") == tuple(v.EXPORT_FORMATS)


def test_kind_styles_keep_clear_of_severity_colours() -> None:
    hexes = re.compile(r"#[0-9a-f]{6}")
    for fill, edge in [*v.KIND_STYLE.values(), *v.SEVERITY_STYLE.values()]:
        assert hexes.fullmatch(fill) and hexes.fullmatch(edge)
    fills = {fill for fill, _ in v.KIND_STYLE.values()}
    assert not fills & {fill for fill, _ in v.SEVERITY_STYLE.values()}
    assert v.DASHED_KINDS.issubset(v.KIND_STYLE)
    assert set(v.SEVERITY_STYLE) <= set(v.SEVERITIES)


# -- export formats and the command line ---------------------------------------------
def test_export_format_names_match_the_writers() -> None:
    from partygraph.export import FORMATS

    assert list(v.EXPORT_FORMATS) == list(FORMATS)
    for name, fmt in FORMATS.items():
        assert (fmt.suffix, fmt.description) == (
            v.EXPORT_FORMATS[name].suffix,
            v.EXPORT_FORMATS[name].description,
        )


def test_cli_help_imports_no_graph_library() -> None:
    code = (
        "import sys; from partygraph.cli.app import build_parser; build_parser(); "
        "print(sorted(m for m in ('networkx', 'matplotlib', 'pyarrow') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_vocabulary_imports_nothing_of_partygraph_but_errors() -> None:
    folder = Path(v.__file__).parent
    for path in folder.glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s*(?:from|import) (partygraph[\w.]*)", line)
            if m:
                assert m.group(1).startswith(("partygraph.vocabulary", "partygraph.errors")), (
                    f"{path.name}: {line}"
                )
