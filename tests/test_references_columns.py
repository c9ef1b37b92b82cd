"""References checked a column at a time, and table ids joined on sorted codes.

:meth:`partygraph.io.references.Structure.check_refs` looks at a whole column
of references at once and checks one by one only the entities whose column
holds a reference that may be wrong; :meth:`~Structure.index_ids` claims a
section's ids at once when none is there twice.  Both must report exactly what
the per-cell checks report, in the same order.  :mod:`partygraph.io.idcodes`
joins the bulk tables' references on sorted codes: it must find what a
dictionary finds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.i18n import use_language
from partygraph.io.idcodes import SortedIds, TableIds
from partygraph.io.origins import ModelOrigin, Origin
from partygraph.io.references import Structure, references
from partygraph.model import SECTIONS, Entity, ref_fields

from conftest import FIXTURES, write_model

SMALL = FIXTURES / "small" / "model.yaml"


@pytest.fixture(scope="module")
def small() -> partygraph.Model:
    return partygraph.load(SMALL)


def _sections(
    model: partygraph.Model, **changes: dict[int, dict[str, Any]]
) -> dict[str, list[Entity]]:
    """The sections of ``model``, entity ``i`` of section ``s`` changed by
    ``changes[s][i]`` (unvalidated: any id may be written)."""
    out: dict[str, list[Entity]] = {name: list(model.section(name)) for name in SECTIONS}
    for section, edits in changes.items():
        for i, update in edits.items():
            out[section][i] = out[section][i].model_copy(update=update)
    return out


def _structure(sections: dict[str, list[Entity]], model: partygraph.Model) -> Structure:
    origins: dict[str, list[Origin]] = {
        name: [ModelOrigin(i) for i in range(len(items))] for name, items in sections.items()
    }
    s = Structure(sections, origins, {}, frozenset())
    pop = model.population
    s.table_ids = {
        name: {v: k for k, v in enumerate(pop[name]["id"].tolist())}
        for name in ("households", "persons")
    }
    return s


def _by_columns(s: Structure) -> list[ErrorItem]:
    s.index_ids()
    s.check_refs()
    return s.errors


def _one_by_one(s: Structure) -> list[ErrorItem]:
    """What the checks said before they looked at columns: every entity's ids
    claimed and every reference checked, one by one."""
    for section, items in s.sections.items():
        s._index_each(section, items)
    for section, items in s.sections.items():
        fields = ref_fields(SECTIONS[section])
        for i, entity in enumerate(items):
            for ref, loc, target_id in references(entity, fields):
                s._check_ref(section, i, entity, ref, loc, target_id)
            s._check_semantics(section, i, entity)
    return s.errors


def test_a_bad_reference_in_every_kind_of_column(small: partygraph.Model) -> None:
    """One wrong reference of each kind, each reported at its field, in order."""
    sections = _sections(
        small,
        divisions={3: {"parent": "sd1-typo"}, 6: {"parent": small.divisions[6].id}},
        party_orgs={1: {"joint_units": ["u-fin", "u-nowhere"]}},  # a list of ids
        grids={0: {"community": "sd1", "leader": "p404"}},  # wrong level; a person
        teams={0: {"compound": "c1"}},  # a division where a compound belongs
        central_households={0: {"household": "h404"}},  # a household
        departments={0: {"categories": ["ic-env", "ic-none"]}},
    )
    body: Any = sections["expanded_bodies"][0]
    member = body.part_time_members[0].model_copy(update={"person": "p9"})  # a nested record
    sections["expanded_bodies"][0] = body.model_copy(update={"part_time_members": [member]})
    with use_language("en"):
        errors = _by_columns(_structure(sections, small))
        before = _one_by_one(_structure(sections, small))
    assert errors == before
    unknown_row = "unknown {} row '{}': add it to the {} table or correct the id"
    assert [(e.field, e.message) for e in errors] == [
        ("divisions[3].parent", "unknown divisions id 'sd1-typo'"),
        ("divisions[6].parent", "'c1-g2' refers to itself"),
        (  # the rule of levels, after the references of the same entity
            "divisions[6].parent",
            "the parent of a residents_group must be a community, but 'c1-g2' is a residents_group",
        ),
        ("party_orgs[1].joint_units[1]", "unknown units id 'u-nowhere'"),
        (
            "expanded_bodies[0].part_time_members[0].person",
            unknown_row.format("persons", "p9", "persons"),
        ),
        ("grids[0].community", "'sd1' is a subdistrict, but community must be a community"),
        ("grids[0].leader", unknown_row.format("persons", "p404", "persons")),
        ("teams[0].compound", "unknown compounds id 'c1' (it is in divisions, not compounds)"),
        (
            "central_households[0].household",
            unknown_row.format("households", "h404", "households"),
        ),
        ("departments[0].categories[1]", "unknown issue_categories id 'ic-none'"),
    ]


def test_references_that_hold_are_not_looked_at_one_by_one(
    small: partygraph.Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the entity with a wrong reference is checked cell by cell."""
    checked: list[tuple[str, int]] = []
    original = Structure._check_ref

    def spy(self: Structure, section: str, i: int, *rest: Any) -> None:
        checked.append((section, i))
        original(self, section, i, *rest)

    monkeypatch.setattr(Structure, "_check_ref", spy)
    assert _by_columns(_structure(_sections(small), small)) == []
    assert checked == []
    errors = _by_columns(_structure(_sections(small, grids={1: {"leader": "p404"}}), small))
    assert [e.field for e in errors] == ["grids[1].leader"]
    assert set(checked) == {("grids", 1)}


def test_ids_twice_are_claimed_one_by_one(small: partygraph.Model) -> None:
    """A duplicate id, top-level or nested, is reported where the one-by-one
    claim reports it, and the first keeps the id."""
    sections = _sections(small, units={2: {"id": "c1"}}, grids={1: {"id": "c1-grid1"}})
    centre = next(i for i, c in enumerate(sections["service_centres"]) if c.items)  # type: ignore[attr-defined]
    holder = sections["service_centres"][centre]
    item = holder.items[0].model_copy(update={"id": "o-c1"})  # type: ignore[attr-defined]
    sections["service_centres"][centre] = holder.model_copy(update={"items": [item]})
    with use_language("en"):
        a, b = _structure(sections, small), _structure(sections, small)
        a.index_ids()
        for section, items in b.sections.items():
            b._index_each(section, items)
    assert a.errors == b.errors
    with use_language("en"):
        assert _by_columns(_structure(sections, small)) == _one_by_one(_structure(sections, small))
    assert [e.field for e in a.errors] == [
        "units[2].id",
        "grids[1].id",
        f"service_centres[{centre}].items[0].id",
    ]
    assert a.ids == b.ids and a.positions == b.positions
    assert a.holder("c1").kind() == "divisions"  # type: ignore[union-attr]
    where = a.holder(small.service_centres[centre].items[0].id)  # type: ignore[attr-defined]
    assert where is None or where.kind() == "service_centres.items"


_POOL = ["c1", "sd1", "city", "u-fin", "o-c1", "cp1", "c1-grid1", "p1", "p404", "h1", "x", ""]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_columns_say_what_cells_say(small: partygraph.Model, data: st.DataObject) -> None:
    """Any references (ids of every section, unknown ones, empty ones, an
    entity's own), with ids written twice or not, are reported by the column
    checks exactly as by the checks one by one."""
    changes: dict[str, dict[int, dict[str, Any]]] = {}
    for section in data.draw(st.lists(st.sampled_from(list(SECTIONS)), max_size=4)):
        items = small.section(section)
        fields = [f for f in ref_fields(SECTIONS[section]) if f.nested is None]
        if not items or not fields:
            continue
        i = data.draw(st.integers(0, len(items) - 1))
        field = data.draw(st.sampled_from(fields))
        value: Any = data.draw(st.sampled_from([*_POOL, items[i].id]))
        if field.many:
            value = data.draw(st.lists(st.sampled_from(_POOL), max_size=3))
        change = changes.setdefault(section, {}).setdefault(i, {})
        change[field.name] = value
        if data.draw(st.booleans()):  # an id twice: the section's ids claimed one by one
            change["id"] = data.draw(st.sampled_from(_POOL[:7]))
    sections = _sections(small, **changes)
    assert _by_columns(_structure(sections, small)) == _one_by_one(_structure(sections, small))


# -- tables: ids as sorted codes ---------------------------------------------------
pa = pytest.importorskip("pyarrow")
from partygraph.io import arrowlookups  # noqa: E402 - after the skip: it imports pyarrow


@settings(max_examples=80, deadline=None)
@given(
    keys=st.sets(st.text("ab户1", min_size=1, max_size=4), min_size=1, max_size=30),
    values=st.lists(st.text("ab户1", max_size=5), max_size=40),
)
def test_sorted_codes_find_what_a_dictionary_finds(keys: set[str], values: list[str]) -> None:
    """Every width (up to 12 bytes: past 8 the bytes are compared), values of
    other widths, empty values, a slice, a few at a time: as a dictionary."""
    width = max(len(k.encode()) for k in keys)
    ids = sorted(k for k in keys if len(k.encode()) == width)
    at = {v: k for k, v in enumerate(ids)}
    fixed = np.array([k.encode() for k in ids], dtype=f"S{width}")
    ordered = SortedIds.of(fixed.copy(), consume=True)
    assert ordered is not None and ordered.width == width
    assert ordered.fixed().tolist() == fixed.tolist()
    expected = [at.get(v, -1) for v in values]
    assert ordered.find(arrowlookups.strings(values)).tolist() == expected
    assert ordered.find(arrowlookups.strings(["x", *values])[1:]).tolist() == expected
    in_order = sorted(values)  # searched without sorting them first
    assert ordered.find(arrowlookups.strings(in_order)).tolist() == [
        at.get(v, -1) for v in in_order
    ]
    few = type("Few", (SortedIds,), {"CHUNK": 2})(ordered.keys, width)
    assert few.find(arrowlookups.strings(values)).tolist() == expected
    same = [v for v in values if len(v.encode()) == width]
    assert ordered.find(arrowlookups.strings(same)).tolist() == [at.get(v, -1) for v in same]
    other = SortedIds.of_strings(arrowlookups.strings(sorted(set(same))))
    if other is not None:
        assert ordered.shares(other) == bool(set(same) & set(ids))
    assert SortedIds.of_strings(arrowlookups.strings(ids)) is not None
    if len(ids) > 1:
        assert SortedIds.of(fixed[::-1].copy()) is None  # not in order


def test_tables_of_other_widths_or_ranges_share_nothing_without_a_search() -> None:
    h = SortedIds.of(np.array([b"h1", b"h2", b"h3"]))
    assert h is not None
    p7 = SortedIds.of(np.array([b"p000001"]))
    assert p7 is not None and not h.shares(p7)  # another width
    p = SortedIds.of(np.array([b"p1", b"p2"]))
    assert p is not None and not h.shares(p) and not p.shares(h)  # ranges apart
    overlap = SortedIds.of(np.array([b"a1", b"h2", b"z9"]))
    assert overlap is not None and h.shares(overlap) and overlap.shares(h)


def test_table_ids_give_arrow_strings_when_asked() -> None:
    column = np.array(["h1", "h2", "h3"], dtype=np.dtypes.StringDType())
    ids = TableIds.of(column, 2)
    assert ids.sorted is not None
    assert ids.strings.to_pylist() == ["h1", "h2", "h3"]
    unordered = TableIds.of(np.array(["h2", "h1"], dtype=np.dtypes.StringDType()), 2)
    assert unordered.sorted is None and unordered.strings.to_pylist() == ["h2", "h1"]


def test_an_id_in_two_sorted_tables_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Households and persons, both of one width and in order, whose ranges
    meet: the id in both is found and reported as the standard path does."""
    from partygraph.io import arrowtables

    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    head = (
        "partygraph: 1\nname: 测试市\ndivisions:\n"
        "  - {id: city, name: 示例市, level: city}\n"
        "  - {id: dist, name: 城区, level: county, parent: city}\n"
        "  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}\n"
        "  - {id: c1, name: 东风社区, level: community, parent: sd1}\n"
        "households: {table: households.csv}\npersons: {table: persons.csv}\n"
    )
    files = {
        "model.yaml": head,
        "households.csv": "id,community\nh1,c1\nh2,c1\nh3,c1\n",
        "persons.csv": "id,name,household\na1,李明,h1\nh2,张华,h2\nz9,王芳,\n",
    }
    path = write_model(tmp_path, files)
    with pytest.raises(ConfigError) as fast:
        partygraph.load(path)
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    with pytest.raises(ConfigError) as slow:
        partygraph.load(path)
    assert fast.value.errors == slow.value.errors
    assert [(e.file and Path(e.file).name, e.line, e.field) for e in fast.value.errors] == [
        ("persons.csv", 3, "persons.id")
    ]
