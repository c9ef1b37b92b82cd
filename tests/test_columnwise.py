"""Structure rows checked column-wise give what pydantic gives row by row.

The oracle is pydantic itself: the same table is validated once as the loader
does it (columns checked at once, pydantic only for the rows a check leaves
undecided) and once with every cell read by itself and every row through
``model_validate`` (the column paths switched off), and the records (every
value with its type, the fields given), the errors and the notes must be the
same.  The cells are drawn, for
each field's type, from valid and invalid forms (and random text), so both
the decided rows and the rows left to pydantic are exercised.
"""

from __future__ import annotations

import csv
import io
import types
import typing
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from partygraph.io import columnwise, rowvalues, shape
from partygraph.io.companions import COMPANIONS, record
from partygraph.io.tables import RawTable
from partygraph.model import SECTIONS, Division, ServiceItem
from partygraph.normalised import recording

CLASSES: dict[str, type[BaseModel]] = {
    **SECTIONS,
    **{name: c.row for name, c in COMPANIONS.items()},
}

IDS = ["a1", "c-01", "东风社区", "x.y:z/1", "p²", "a b", "x" * 128, "x" * 129, "e\u0301", "é"]
NAMES = ["人民路", " 人民路 ", "a", "名" * 200, "名" * 201, "甲\u3000"]
TEXTS = ["备注", "a,b", "周一至周日 8:30-12:00，14:30-17:30", " 前后 "]
DATES = ["2023-04-26", "2023/4/26", "2023年4月26日", "2023.4.26", "20230426", "2023-02-30"]
DATES += ["0000-01-01", "2023-4-26", "26/4/2023", "x", "2021-01-01", "2030-12-31"]
FLAGS = ["true", "false", "是", "否", "yes", "1", "0", "True", "FALSE", "maybe", "off"]
COUNTS = ["0", "12", "007", "-1", "1.5", "x", "+3", "1_000", "9" * 20, "١٢"]
FLOATS = ["1.5", "-0", "113", "1e3", "nan", "inf", "x", "0.1000000000000000055511", "-2.25"]
FLOATS += ["1.", ".5", "1" * 30]
LISTED = ["a;b", "a、b", "a，b", "a,b", ";", "a;;b", "p²;a", "a ; b", "a；b"]


def _pool(cls: type[BaseModel], name: str) -> list[str]:
    """Cells a field of this type may be written with, valid or not ("" too)."""
    hints = typing.get_type_hints(cls)
    tp = hints[name]
    while typing.get_origin(tp) in (typing.Union, types.UnionType):
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    many = typing.get_origin(tp) is list
    if many:
        tp = typing.get_args(tp)[0]
    info = cls.model_fields[name]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        pool = ["x", "a;b"]
    elif typing.get_origin(tp) is Literal:
        choices = [str(c) for c in typing.get_args(tp)]
        pool = [*choices, "bogus", " " + choices[0]]
        if many:
            pool += [";".join(choices), f"{choices[0]}、{choices[-1]}", f"{choices[0]};bogus"]
    elif tp is bool:
        pool = FLAGS
    elif tp is int:
        pool = COUNTS
    elif typing.get_origin(tp) is typing.Annotated or tp is float:
        pool = FLOATS
    elif tp.__name__ == "date":
        pool = DATES
    elif any(getattr(m, "strip_whitespace", False) for m in info.metadata):
        pool = NAMES
    elif any(getattr(m, "max_length", None) == 128 for m in info.metadata) or "Id" in str(
        hints[name]
    ):
        pool = [*IDS, *(LISTED if many else [])]
    else:
        pool = [*TEXTS, *(LISTED if many else [])]
    return ["", *pool]


def _cells(cls: type[BaseModel], name: str) -> st.SearchStrategy[str]:
    text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=4)
    return st.one_of(st.sampled_from(_pool(cls, name)), text)


@st.composite
def tables(draw: st.DrawFn, cls: type[BaseModel]) -> str:
    """A CSV table of ``cls``: every required column, some optional ones, in any order."""
    fields = list(cls.model_fields)
    header = [f for f in fields if cls.model_fields[f].is_required() or draw(st.booleans())]
    header = draw(st.permutations(header))
    rows = draw(st.integers(1, 6))
    body = [[draw(_cells(cls, f)) for f in header] for _ in range(rows)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return out.getvalue()


def _record(entity: BaseModel) -> tuple[Any, ...]:
    """A record as it stands: each value with its type (repr: 1, 1.0 and True
    differ), the order of its fields, the fields given."""
    return (type(entity), repr(entity.__dict__), sorted(entity.model_fields_set))


def _validated(text: str, section: str, *, slow: bool) -> Any:
    cls = CLASSES[section]
    with recording() as record, pytest.MonkeyPatch.context() as mp:
        if slow:  # every row through pydantic, every cell by itself
            mp.setattr(shape, "plain_entities", lambda *args: None)
            mp.setattr(rowvalues, "MAX_CELL_CHARS", 0)
        errors: list[Any] = []
        try:
            raw = RawTable.from_text(text, "t.csv")
        except Exception as exc:  # the same for both paths
            return ("unreadable", str(exc))
        found, _ = shape.validate_rows([raw], section, cls, errors)
    return [_record(e) for e in found], errors, record.notes, dict(record.counts)


@pytest.mark.parametrize("section", list(CLASSES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_columnwise_is_pydantic(section: str, data: st.DataObject) -> None:
    text = data.draw(tables(CLASSES[section]))
    fast = _validated(text, section, slow=False)
    slow = _validated(text, section, slow=True)
    assert fast == slow, text


def test_a_coded_tables_notes_come_row_by_row() -> None:
    """Hypothesis found it: a table with a Chinese code (是) and a name written
    with spaces noted every trimmed name first, then the codes."""
    text = "id,level,parent,district,model_community,name\n,,,,是,\n,,,,, 人民路 \n"
    fast = _validated(text, "divisions", slow=False)
    assert fast == _validated(text, "divisions", slow=True)
    assert [(n.line, n.why) for n in fast[2]] == [(2, "中文代码"), (3, "去掉首尾空格")]


def test_every_class_is_checked_columnwise() -> None:
    # A class left out (a field type or validator not known) would only be slower.
    assert [s for s, cls in CLASSES.items() if columnwise.plan(cls) is None] == []


def test_decided_rows_are_built_and_undecided_left() -> None:
    text = (
        "id,name,level,parent,district,valid_from,valid_until\n"
        "c1,东风社区,community,sd1,true,2020-01-01,2023-01-01\n"  # decided
        "c2,西风社区,community,,yes,,\n"  # 'yes': pydantic takes it, not the check
        "c3,南风社区,community,,,2023-01-01,2020-01-01\n"  # ends before it starts
        "c4,,community,,,,\n"  # a required name left empty
    )
    raw = RawTable.from_text(text, "d.csv")
    values = rowvalues.record_columns(
        raw, raw.columns, rowvalues._kinds(Division), frozenset({"name"}), "divisions"
    )
    made = columnwise.entities(Division, values, len(raw))
    assert made is not None
    assert [m is None for m in made] == [False, True, True, True]
    c1 = made[0]
    # Its set is the one shared by every record given the same fields.
    assert type(c1.__pydantic_fields_set__).__name__ == "_SharedFields"
    assert c1 == Division(
        id="c1",
        name="东风社区",
        level="community",
        parent="sd1",
        district=True,
        valid_from="2020-01-01",
        valid_until="2023-01-01",
    )
    assert c1.model_fields_set == {
        "id",
        "name",
        "level",
        "parent",
        "district",
        "valid_from",
        "valid_until",
    }


def test_companion_record_is_a_plain_copy() -> None:
    row = COMPANIONS["service_items"].row.model_validate(
        {"id": "i1", "name": "代办", "centre": "sc1", "category": "民政"}
    )
    nested = record(COMPANIONS["service_items"], row)
    assert type(nested) is ServiceItem
    assert nested == ServiceItem(id="i1", name="代办", category="民政")
    assert nested.model_fields_set == {"id", "name", "category"}
    assert list(vars(nested)) == list(ServiceItem.model_fields)
