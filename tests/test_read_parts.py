"""A large bulk table is read in parts, each parsed by Arrow in a thread.

:func:`partygraph.io.arrowtables.split` cuts a table after a line end into
:data:`~partygraph.io.arrowtables.PARTS` parts; each is parsed in a thread of
its own and checked into its rows of the final arrays
(:mod:`partygraph.io.arrowcsv`).  Here the tables are small and the cut is
forced (``SPLIT_BYTES = 0``): the same model, lines and errors as reading them
in one piece, and the same reason when a table is not plain.
"""

from __future__ import annotations

import itertools
import logging
import threading
from pathlib import Path

import numpy as np
import pytest

import partygraph
from partygraph.errors import ConfigError
from partygraph.io import arrowtables
from partygraph.model.population import TABLES

from conftest import write_model

pytest.importorskip("pyarrow")
from partygraph.io import arrowcsv  # after the skip: it imports pyarrow

HEADER = "id,community,residents_group,grid,compound,size\n"
BASE = """\
partygraph: 1
name: 测试市
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: dist, name: 城区, level: county, parent: city}
  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}
  - {id: c1, name: 东风社区, level: community, parent: sd1}
  - {id: c2, name: 西湖社区, level: community, parent: sd1}
  - {id: g1, name: 第一居民小组, level: residents_group, parent: c1}
  - {id: g2, name: 第二居民小组, level: residents_group, parent: c2}
households: {table: households.csv}
"""


@pytest.fixture(autouse=True)
def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table large enough for Arrow, and cut in three."""
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    monkeypatch.setattr(arrowtables, "SPLIT_BYTES", 0)
    monkeypatch.setattr(arrowtables, "PARTS", 3)


def _rows(n: int, *, crlf: bool = False, quoted: bool = False) -> str:
    end = "\r\n" if crlf else "\n"
    rows = []
    for i in range(n):
        c, g = ("c1", "g1") if i % 3 else ("c2", "g2")
        cells = [f"h{i:05d}", c, g if i % 7 else "", "", "", str(i % 5) if i % 4 else ""]
        rows.append(",".join(f'"{x}"' if quoted else x for x in cells) + end)
    return (HEADER.replace("\n", end) if crlf else HEADER) + "".join(rows)


def _read(path: Path, parts: int, monkeypatch: pytest.MonkeyPatch) -> arrowcsv.FastTable:
    monkeypatch.setattr(arrowtables, "PARTS", parts)
    raw = arrowcsv.read(path, TABLES["households"], None, ",")
    monkeypatch.setattr(arrowtables, "PARTS", 3)
    assert raw.fast is not None
    fast: arrowcsv.FastTable = raw.fast
    assert list(raw.lines) == list(range(2, fast.n + 2))  # no cell spans lines
    return fast


def _assert_same(a: arrowcsv.FastTable, b: arrowcsv.FastTable) -> None:
    assert a.n == b.n and a.id_width == b.id_width
    for name, values in a.columns.items():
        assert values.dtype == b.columns[name].dtype
        assert np.array_equal(values, b.columns[name]), name
    for name, ref in a.refs.items():
        assert ref.cells().tolist() == b.refs[name].cells().tolist(), name


@pytest.mark.parametrize("form", ["lf", "crlf", "quoted"])
def test_the_parts_read_as_one_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    path = tmp_path / "households.csv"
    path.write_text(_rows(3000, crlf=form == "crlf", quoted=form == "quoted"), encoding="utf-8")
    monkeypatch.setattr(arrowtables, "BLOCK_BYTES", 8192)  # blocks of 8 KB in one piece
    parts, whole = _read(path, 3, monkeypatch), _read(path, 1, monkeypatch)
    assert (parts.parts, whole.parts) == (3, 1)
    _assert_same(parts, whole)
    # Worked out by hand: row 1501 is h01501 of c1 (1501 % 3 == 1), size 1;
    # row 1500 of c2 with no size (1500 % 4 == 0).
    ids, sizes = parts.columns["id"], parts.columns["size"]
    assert ids[1501] == "h01501" and sizes[1501] == 1 and sizes[1500] == -1
    assert parts.refs["community"].cells()[1500:1502].tolist() == ["c2", "c1"]
    assert sizes[:5].tolist() == [-1, 1, 2, 3, -1]  # rows 0 and 4 empty


def test_the_cuts_are_after_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "households.csv"
    path.write_text(_rows(100), encoding="utf-8")
    data = path.read_bytes()
    parts = arrowtables.split(path, len(data))
    assert len(parts) == 3 and parts[0].start == 0 and parts[-1].stop == len(data)
    for before, after in itertools.pairwise(parts):
        assert before.stop == after.start and data[after.start - 1 : after.start] == b"\n"
    scan = arrowtables.scan(path, None, ",")
    assert sum(p.rows for p in scan.parts) == scan.rows == 100


def test_a_cut_inside_a_quoted_cell_reads_in_one_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell with many line breaks across the first cut: the next part
    would begin inside it, so the table is read in one piece."""
    path = tmp_path / "households.csv"
    long_cell = '"' + "巷\n" * 400 + '"'
    text = _rows(20).replace("h00010,c1,g1,,,", f"h00010,c1,g1,,{long_cell},", 1)
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    cut = arrowtables.split(path, size)[0].stop
    inside = text.encode().index(long_cell.encode())
    assert inside < cut < inside + len(long_cell.encode())
    scan = arrowtables.scan(path, None, ",")
    assert len(scan.parts) == 1 and scan.spanning and scan.rows == 20


def test_the_first_problem_in_the_file_is_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Problems in the second and third parts: the reason given is the one
    reading in one piece gives (the second part's)."""
    text = _rows(300).splitlines(keepends=True)
    text[150] = text[150].replace(",c1,", ",,", 1).replace(",c2,", ",,", 1)  # no community
    text[280] = text[280].rstrip("\n") + "x\n"  # size not a whole number
    path = tmp_path / "households.csv"
    path.write_text("".join(text), encoding="utf-8")
    reasons = []
    for parts in (3, 1):
        monkeypatch.setattr(arrowtables, "PARTS", parts)
        with pytest.raises(arrowcsv.NotPlainError) as info:
            arrowcsv.read(path, TABLES["households"], None, ",")
        reasons.append(str(info.value))
    assert reasons == ["community: an empty cell"] * 2


def test_the_first_part_s_problem_wins_over_a_later_part_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first part (checked in the calling thread) has a problem near its
    end, the third (checked in its own thread) one near its start: the first
    part's reason is given, whichever thread finds its problem first."""
    text = _rows(300).splitlines(keepends=True)
    text[95] = text[95].replace(",c1,", ",,", 1).replace(",c2,", ",,", 1)  # no community
    text[205] = text[205].rstrip("\n") + "x\n"  # size not a whole number
    path = tmp_path / "households.csv"
    path.write_text("".join(text), encoding="utf-8")
    assert [p.rows for p in arrowtables.scan(path, None, ",").parts] == [99, 101, 100]
    for _ in range(5):
        with pytest.raises(arrowcsv.NotPlainError, match=r"^community: an empty cell$"):
            arrowcsv.read(path, TABLES["households"], None, ",")


def test_a_bug_in_a_part_s_thread_is_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anything but "not plain" in a part's own thread is raised, not lost."""
    path = tmp_path / "households.csv"
    path.write_text(_rows(300), encoding="utf-8")
    add = arrowcsv._Sink.add

    def broken(sink: arrowcsv._Sink, start: int, cells: object) -> None:
        if sink.base == 200:  # the third part (rows 200 on)
            raise RuntimeError("a bug")
        add(sink, start, cells)

    monkeypatch.setattr(arrowcsv._Sink, "add", broken)
    before = threading.active_count()
    with pytest.raises(RuntimeError, match="a bug"):
        arrowcsv.read(path, TABLES["households"], None, ",")
    assert threading.active_count() == before


def test_no_thread_is_left_after_a_problem(tmp_path: Path) -> None:
    text = _rows(3000).replace("h00100,", "h00100,c1,c1,", 1)  # a row too wide, first part
    path = tmp_path / "households.csv"
    path.write_text(text, encoding="utf-8")
    before = threading.active_count()
    with pytest.raises(arrowcsv.NotPlainError):
        arrowcsv.read(path, TABLES["households"], None, ",")
    assert threading.active_count() == before


def test_a_model_read_in_parts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record says the table was read in three parts; the model and its
    located errors are those of reading in one piece."""
    path = write_model(tmp_path, {"model.yaml": BASE, "households.csv": _rows(2000)})
    with caplog.at_level(logging.DEBUG, logger="partygraph.io.arrowtables"):
        model = partygraph.load(path, cache=False)
    taken = [(r.bulk_path, r.bulk_parts) for r in caplog.records if hasattr(r, "bulk_path")]
    assert taken[0] == (arrowtables.TablePath("households", "read", "arrow"), 3)
    assert len(model.population["households"]) == 2000
    # Unknown communities in the second and third parts, the errors in order.
    bad = _rows(2000).replace("h00900,c2,", "h00900,c9,").replace("h01700,c1,", "h01700,c8,")
    (tmp_path / "households.csv").write_text(bad, encoding="utf-8")
    found = []
    for parts_ in (3, 1):
        monkeypatch.setattr(arrowtables, "PARTS", parts_)
        with pytest.raises(ConfigError) as info:
            partygraph.load(path, cache=False)
        found.append([(e.line, e.column, e.field, e.message) for e in info.value.errors])
    assert found[0] == found[1]
    # Row i is on line i + 2; the community is the second column.
    assert [(line, column, field) for line, column, field, _ in found[0]] == [
        (902, 2, "households.community"),
        (1702, 2, "households.community"),
    ]


def test_damaged_and_odd_tables_read_the_same_in_parts(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The hypothesis tests of the fast path, with every table cut in three:
    names with quotes and line breaks (LF, CRLF, all quoted), and a stray
    quote, carriage return or line break anywhere (some cuts fall inside a
    quoted cell, or the damage makes a part begin in one)."""
    import test_arrow_tables as arrow_tests  # not as names: pytest would collect them twice

    arrow_tests.test_any_names_read_the_same_both_ways(tmp_path_factory=tmp_path_factory)
    arrow_tests.test_a_quoted_table_damaged_anywhere_reads_the_same(
        tmp_path_factory=tmp_path_factory
    )
