"""Issue 14: the cold load's levers keep every result as it was.

- the Arrow fast path imports no pandas (pyarrow's own conversions would);
- its string arrays, scalars and numbers, made from buffers, equal pyarrow's;
- structure rows read column-wise give the records and notes the cell-by-cell
  path gives;
- the reference checks' shortcuts see the nested records and levels they saw.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from partygraph.io import rowvalues, shape
from partygraph.io.tables import RawTable
from partygraph.model import SECTIONS, Division, Pairing
from partygraph.model.population import text_array
from partygraph.normalised import Record, recording

ROOT = Path(__file__).resolve().parents[1]
HAVE_ARROW = importlib.util.find_spec("pyarrow") is not None
arrow = pytest.mark.skipif(not HAVE_ARROW, reason="pyarrow not installed")


# -- Arrow arrays made from buffers ----------------------------------------------
@arrow
@pytest.mark.parametrize(
    "values",
    [
        ["h1", "h2", "h3"],
        ["户1", "", "é", "a b", ""],
        [""],
        [],
        ["a\x00b", "c"],  # a NUL inside: pyarrow's own conversion
        text_array(["东风社区", "c-01", ""]),
    ],
)
def test_strings_equal_pyarrows(values: object) -> None:
    import pyarrow as pa

    from partygraph.io.arrowlookups import strings

    made = strings(values)
    made.validate(full=True)
    expected = pa.array(list(values), type=pa.string())  # type: ignore[call-overload]
    assert made.equals(expected)
    assert made.to_pylist() == list(values)  # type: ignore[call-overload]


@arrow
def test_scalars_and_numbers() -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    from partygraph.io.arrowlookups import numbers, scalar, strings

    assert scalar(-1, pa.int32()).equals(pa.scalar(-1, pa.int32()))
    assert scalar("", pa.large_string()).equals(pa.scalar("", pa.large_string()))
    assert not scalar(None, pa.string()).is_valid
    cast = pc.cast(strings(["7", "8", "9", "10"]), pa.int64())
    assert numbers(cast.slice(1, 2)).tolist() == [8, 9]  # an offset into the buffer
    assert numbers(cast.slice(4)).tolist() == []
    with pytest.raises(ValueError, match="nulls"):
        numbers(pa.array([1, None]))


@arrow
def test_fast_path_imports_no_pandas(tmp_path: Path) -> None:
    """A model whose bulk tables Arrow reads: pandas is not imported (it was,
    by ``pa.scalar`` and ``to_numpy``: 0.2 s of a cold load)."""
    if importlib.util.find_spec("pandas") is None:
        pytest.skip("pandas not installed: nothing to show")
    script = textwrap.dedent(
        """
        import logging, sys
        from partygraph.io import arrowtables
        arrowtables.MIN_BYTES = 0  # the small fixture on the fast path
        paths = []
        class Keep(logging.Handler):
            def emit(self, record):
                paths.append(record.bulk_path)
        log = logging.getLogger("partygraph.io.arrowtables")
        log.addHandler(Keep()); log.setLevel(logging.DEBUG)
        import partygraph
        partygraph.load("tests/fixtures/small/model.yaml")
        read = [p.table for p in paths if p.step == "read" and p.arrow]
        print(sorted(read), "pandas" in sys.modules)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['households', 'persons'] False"


# -- structure rows read column-wise ----------------------------------------------
_PAIRINGS = (
    "id,unit,community,resources,projects,needs\n"
    "pr1,u1,c1,场地;资金,助老,\n"
    "pr2, u2 ,c1,场地、资金,,维修，保洁\n"
    "pr3,u3,c2,,,\n"
)
_DIVISIONS = (
    "id,name,level,parent,district,model_community\n"
    "c1, 东风社区 ,community,s1,否,是\n"
    "c2,西湖社区,community,s1,,true\n"
)


def _rows(text: str, cls: type, section: str) -> tuple[list[object], list[object]]:
    raw = RawTable.from_text(text, f"{section}.csv")
    record = Record()
    with recording(record):
        rows = list(shape.csv_entity_rows(raw, cls, section, []))
    return rows, [(n.line, n.column, n.field, n.written, n.read_as, n.why) for n in record.notes]


@pytest.mark.parametrize(
    ("text", "cls", "section"),
    [(_PAIRINGS, Pairing, "pairings"), (_DIVISIONS, Division, "divisions")],
)
def test_plain_rows_as_cell_by_cell(
    text: str, cls: type, section: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _rows(text, cls, section)
    # Every cell "long": the cell-by-cell path, which checks each one.
    monkeypatch.setattr(rowvalues, "MAX_CELL_CHARS", 0)
    slow = _rows(text, cls, section)
    assert fast == slow
    assert fast[0]  # rows were read


def test_plain_rows_by_hand() -> None:
    rows, notes = _rows(_PAIRINGS, Pairing, "pairings")
    assert rows == [
        (0, {"id": "pr1", "unit": "u1", "community": "c1", "resources": ["场地", "资金"],
             "projects": ["助老"]}),
        (1, {"id": "pr2", "unit": "u2", "community": "c1", "resources": ["场地", "资金"],
             "needs": ["维修", "保洁"]}),
        (2, {"id": "pr3", "unit": "u3", "community": "c2"}),
    ]  # fmt: skip
    assert [(line, field, why) for line, _, field, _, _, why in notes] == [
        (3, "pairings[1].resources", "全角分隔符"),
        (3, "pairings[1].needs", "全角分隔符"),
    ]
    rows, notes = _rows(_DIVISIONS, Division, "divisions")
    assert rows[0][1] == {
        "id": "c1", "name": "东风社区", "level": "community", "parent": "s1",
        "district": False, "model_community": True,
    }  # fmt: skip
    assert rows[1][1]["model_community"] == "true"  # pydantic reads it later
    assert [(line, col, field, written) for line, col, field, written, _, _ in notes] == [
        (2, 2, "divisions[0].name", " 东风社区 ")  # line 2, column 2
    ]


# -- reference checks ------------------------------------------------------------
def test_nested_entity_fields() -> None:
    from partygraph.io.references import _list_fields

    assert _list_fields(SECTIONS["service_centres"]) == ("items",)
    assert set(_list_fields(SECTIONS["teams"])) == {"routines", "meetings"}
    assert _list_fields(SECTIONS["divisions"]) == ()
    assert _list_fields(SECTIONS["pairings"]) == ()  # lists of text only
