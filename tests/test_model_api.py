"""The Model API in Python: shared fields sets stay private to each record,
``Model.get`` follows every change to the sections, and lookups of names
that are not there raise :class:`partygraph.errors.UnknownNameError`."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

import partygraph
from partygraph.errors import PartygraphError, UnknownIdError, UnknownNameError
from partygraph.model import TABLES, Division, Model, Population, Unit, share_fields_set
from partygraph.model.fieldsets import shared_fields_set

# -- shared fields sets ------------------------------------------------------------
#: c1-g1 and c1-g2 of the small fixture give the same four fields.
GIVEN = {"id", "name", "level", "parent"}
G2 = {"id": "c1-g2", "name": "第二居民小组", "level": "residents_group", "parent": "c1"}


@pytest.fixture
def pair(small_model_path: Path) -> tuple[Division, Division]:
    """Two loaded divisions that share one fields set."""
    model = partygraph.load(small_model_path)
    g1, g2 = model.get("c1-g1"), model.get("c1-g2")
    assert isinstance(g1, Division) and isinstance(g2, Division)
    assert g1.__pydantic_fields_set__ is g2.__pydantic_fields_set__, "the loader shares sets"
    return g1, g2


def _assert_untouched(record: Division) -> None:
    assert record.model_fields_set == GIVEN
    assert record.model_dump(exclude_unset=True) == G2


def _add(d: Division) -> Any:
    d.model_fields_set.add("note")


def _discard(d: Division) -> Any:
    d.model_fields_set.discard("parent")


def _in_place_or(d: Division) -> Any:
    fields = d.model_fields_set
    fields |= {"district"}


def _clear(d: Division) -> Any:
    d.model_fields_set.clear()


def _assign(d: Division) -> Any:
    d.note = "改过"


def _assign_then_add(d: Division) -> Any:
    d.district = True
    d.model_fields_set.add("note")


def _model_copy_update(d: Division) -> Any:
    return d.model_copy(update={"note": "副本"})


def _model_copy_deep_update(d: Division) -> Any:
    return d.model_copy(update={"note": "副本"}, deep=True)


def _copy_then_change(d: Division) -> Any:
    other = copy.copy(d)
    other.note = "副本"
    other.model_fields_set.add("district")
    return other


def _deepcopy_then_change(d: Division) -> Any:
    other = copy.deepcopy(d)
    other.note = "副本"
    other.model_fields_set.discard("name")
    return other


MUTATIONS: list[Callable[[Division], Any]] = [
    _add,
    _discard,
    _in_place_or,
    _clear,
    _assign,
    _assign_then_add,
    _model_copy_update,
    _model_copy_deep_update,
    _copy_then_change,
    _deepcopy_then_change,
]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=[m.__name__.strip("_") for m in MUTATIONS])
def test_a_change_to_one_record_does_not_show_in_another(
    pair: tuple[Division, Division], mutate: Callable[[Division], Any]
) -> None:
    g1, g2 = pair
    mutate(g1)
    _assert_untouched(g2)


def test_assignment_is_recorded_in_the_record_itself(pair: tuple[Division, Division]) -> None:
    g1, g2 = pair
    g1.note = "改过"
    assert g1.model_dump(exclude_unset=True) == {
        "id": "c1-g1",
        "name": "第一居民小组",
        "level": "residents_group",
        "parent": "c1",
        "note": "改过",
    }
    _assert_untouched(g2)


def test_a_copy_updated_records_the_update(pair: tuple[Division, Division]) -> None:
    g1, g2 = pair
    other = g1.model_copy(update={"note": "副本"})
    assert other.model_fields_set == {*GIVEN, "note"}
    assert g1.model_fields_set == GIVEN
    _assert_untouched(g2)


def test_pickled_records_share_again_and_stay_safe(pair: tuple[Division, Division]) -> None:
    g1, g2 = pair
    b1, b2 = pickle.loads(pickle.dumps([g1, g2]))
    assert b1 == g1 and b2 == g2
    # Loaded back, both hold the one shared set (memory is kept low) ...
    assert b1.__pydantic_fields_set__ is b2.__pydantic_fields_set__ is g1.__pydantic_fields_set__
    # ... and a change to one shows in neither the other nor the originals.
    b1.model_fields_set.add("note")
    b1.district = True
    assert b1.model_fields_set == {*GIVEN, "note", "district"}
    _assert_untouched(b2)
    _assert_untouched(g2)
    assert g1.model_fields_set == GIVEN


def test_the_shared_set_itself_refuses_changes(pair: tuple[Division, Division]) -> None:
    g1, g2 = pair
    shared = g1.__pydantic_fields_set__
    for change in (
        lambda: shared.add("note"),
        lambda: shared.discard("id"),
        lambda: shared.update({"note"}),
        shared.pop,
    ):
        with pytest.raises(TypeError, match="shared by many records"):
            change()
    _assert_untouched(g2)


def test_a_copied_model_is_independent(small_model_path: Path) -> None:
    model = partygraph.load(small_model_path)
    for other in (
        copy.deepcopy(model),
        pickle.loads(pickle.dumps(model)),
        model.model_copy(deep=True),
    ):
        changed = other.get("c1-g1")
        assert changed is not model.get("c1-g1")
        changed.note = "改过"
        changed.model_fields_set.discard("parent")
        _assert_untouched(model.get("c1-g2"))
        _assert_untouched(other.get("c1-g2"))
        assert model.get("c1-g1").model_fields_set == GIVEN


def test_loading_shares_sets(small_model_path: Path) -> None:
    """The memory saving is taken: one set per combination of fields given."""
    model = partygraph.load(small_model_path)
    divisions = model.divisions
    assert len(divisions) == 7
    sets = {id(d.__pydantic_fields_set__) for d in divisions}
    # city {id,name,level}; dist +district; c1 +model_community; the other four +parent only.
    assert len(sets) == 4


def test_share_fields_set_keeps_a_record_valid() -> None:
    a = Division(id="a", name="甲社区", level="community", parent="s")
    b = Division(id="b", name="乙社区", level="community", parent="s")
    share_fields_set(a)
    share_fields_set(b)
    share_fields_set(a)  # twice is harmless
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    assert a.model_dump_json(exclude_unset=True) == (
        '{"id":"a","name":"甲社区","level":"community","parent":"s"}'
    )


def test_only_records_that_unshare_may_share() -> None:
    class Plain(BaseModel):
        model_config = ConfigDict(validate_assignment=True)
        x: int = 0

    # pydantic-core would add an assigned field to the shared set in place.
    with pytest.raises(TypeError, match="cannot share its fields set"):
        share_fields_set(Plain(x=1))


def test_records_built_on_one_shared_set_stay_apart() -> None:
    given = shared_fields_set(["id", "name", "level"])
    assert given is shared_fields_set({"level", "name", "id"})
    a = Division.model_construct(given, id="a", name="甲", level="city")
    b = Division.model_construct(given, id="b", name="乙", level="city")
    a.model_fields_set.add("note")
    assert b.model_fields_set == {"id", "name", "level"}
    assert given == {"id", "name", "level"}


# -- Model.get ---------------------------------------------------------------------
def _units_model() -> Model:
    return Model(
        divisions=[Division(id="c", name="示例市", level="city")],
        units=[
            Unit(id="u1", name="一号单位", type="agency"),
            Unit(id="u2", name="二号单位", type="school"),
        ],
    )


def test_get_finds_an_appended_entity() -> None:
    m = _units_model()
    assert m.get("u1").name == "一号单位"  # fills the cache
    m.units.append(Unit(id="u3", name="三号单位", type="hospital"))
    assert m.get("u3") is m.units[2]


@pytest.mark.usefixtures("in_english")
def test_get_follows_a_replaced_entity() -> None:
    m = _units_model()
    assert m.get("u1").name == "一号单位"
    m.units[0] = Unit(id="u9", name="九号单位", type="other")
    assert m.get("u9") is m.units[0]
    with pytest.raises(UnknownIdError, match="'u1'"):
        m.get("u1")
    # Same id, new object: the new one is found.
    m.units[1] = Unit(id="u2", name="新二号单位", type="school")
    assert m.get("u2").name == "新二号单位"


def test_get_forgets_a_removed_entity() -> None:
    m = _units_model()
    assert m.get("u1").name == "一号单位" and m.get("u2").name == "二号单位"
    del m.units[0]
    with pytest.raises(UnknownIdError):
        m.get("u1")
    assert m.get("u2") is m.units[0]  # moved up one place
    m.units.clear()
    with pytest.raises(KeyError):  # still a KeyError, for old callers
        m.get("u2")


def test_get_follows_a_new_section_list() -> None:
    m = _units_model()
    assert m.get("u2").name == "二号单位"
    m.units = [Unit(id="u7", name="七号单位", type="finance")]
    assert m.get("u7").name == "七号单位"
    with pytest.raises(UnknownIdError):
        m.get("u2")
    assert m.get("c").name == "示例市"


def test_get_follows_an_id_changed_in_place() -> None:
    m = _units_model()
    assert m.get("u1").name == "一号单位"
    m.units[0].id = "u1b"
    assert m.get("u1b").name == "一号单位"
    with pytest.raises(UnknownIdError):
        m.get("u1")


def test_get_on_a_copy_answers_from_the_copy() -> None:
    m = _units_model()
    assert m.get("u1").name == "一号单位"
    other = m.model_copy(deep=True)
    assert other.get("u1") is other.units[0]
    assert other.get("u1") is not m.units[0]


@pytest.mark.usefixtures("in_english")
def test_unknown_id_says_what_the_id_is(small_model_path: Path) -> None:
    model = partygraph.load(small_model_path)
    with pytest.raises(UnknownIdError) as exc:
        model.get("p1")
    assert str(exc.value) == (
        "no structure entity has id 'p1': it is a row of the persons table "
        "(model.population['persons']), not a structure entity"
    )
    assert exc.value.key == "p1"
    with pytest.raises(UnknownIdError) as exc:
        Model().get("c")
    assert str(exc.value) == "no structure entity has id 'c': the model has none"
    with pytest.raises(UnknownIdError) as exc:
        _units_model().get("u")
    assert (
        str(exc.value) == "no structure entity has id 'u'; the model has 3 (divisions 1, units 2)"
    )


# -- errors of the model API -------------------------------------------------------
SECTION_LIST = (
    "divisions, units, compounds, party_orgs, expanded_bodies, grids, teams, places, "
    "captains, central_households, pairings, service_centres, issue_categories, "
    "departments, volunteer_teams, reserve_cadres"
)
TABLE_LIST = "households, persons, central_household_links, registrations"


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize(
    ("ask", "message"),
    [
        (lambda: Model().section("grid"), f"no section 'grid'; sections are {SECTION_LIST}"),
        (
            lambda: Model().count("people"),
            f"nothing called 'people' to count; sections are {SECTION_LIST}; "
            f"bulk tables are {TABLE_LIST}",
        ),
        (
            lambda: Population.empty()["flats"],
            f"no bulk table 'flats'; the tables are {TABLE_LIST}",
        ),
        (
            lambda: Population.empty()["persons"]["age"],
            "no column 'age' in the persons table; its columns are "
            "id, name, household, member, org, unit, in_service",
        ),
        (
            lambda: TABLES["registrations"].column("person_id"),
            "no column 'person_id' in the registrations table; its columns are "
            "person, community, basis, unit, date",
        ),
    ],
    ids=["section", "count", "table", "table-column", "spec-column"],
)
def test_unknown_names_raise_a_partygraph_error(ask: Callable[[], Any], message: str) -> None:
    with pytest.raises(UnknownNameError) as exc:
        ask()
    assert isinstance(exc.value, PartygraphError) and isinstance(exc.value, KeyError)
    assert str(exc.value) == message  # printed as written, not quoted like a KeyError
    assert exc.value.key in message and exc.value.choices
    assert all(choice in message for choice in exc.value.choices)


def test_unknown_name_errors_pickle() -> None:
    err = UnknownIdError("no structure entity has id 'x'", key="x")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is UnknownIdError
    assert (str(back), back.key) == ("no structure entity has id 'x'", "x")


@pytest.fixture
def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests above read the English sentences; the one below, the Chinese."""
    monkeypatch.setenv("PARTYGRAPH_LANG", "en")


def test_unknown_names_are_said_in_chinese_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARTYGRAPH_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    with pytest.raises(UnknownIdError) as exc:
        Model().get("c")
    assert str(exc.value) == "没有编号为 ‘c’ 的结构实体：模型里还没有结构实体"
    with pytest.raises(UnknownNameError) as name:
        Model().population["flats"]
    assert str(name.value) == (
        "没有名为 ‘flats’ 的批量表；批量表有：households, persons, central_household_links, "
        "registrations"
    )
