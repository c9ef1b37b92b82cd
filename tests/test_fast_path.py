"""The Arrow fast path is *taken* where it should be, and is no hidden fallback.

:mod:`test_arrow_tables` shows the fast and the standard path give the same
model; that would hold too if the fast path always failed and every table
went the standard way.  Here each load records which path each bulk table
took (the ``bulk_path`` debug records of :mod:`partygraph.io.arrowtables`),
a bug in the fast path is raised rather than swallowed, and the library
leaves Arrow's process-wide settings alone.
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

import pytest

import partygraph
from partygraph.io import arrowtables
from partygraph.io.arrowtables import TablePath
from partygraph.model.population import TABLES

from conftest import ROOT

pa = pytest.importorskip("pyarrow")
from partygraph.io import arrowcsv, arrowlookups  # noqa: E402 - they need pyarrow

YANGJIANG = ROOT / "configs" / "yangjiang.yaml"


def _paths(caplog: pytest.LogCaptureFixture, path: Path) -> list[TablePath]:
    """Load ``path``; the paths its bulk tables took, in order."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="partygraph.io.arrowtables"):
        partygraph.load(path)
    return [r.bulk_path for r in caplog.records if hasattr(r, "bulk_path")]


def _all_arrow(paths: list[TablePath]) -> None:
    """Every bulk table was read and resolved by Arrow."""
    assert [(p.table, p.step, p.path) for p in paths] == [
        *((t, "read", "arrow") for t in TABLES),
        *((t, "resolve", "arrow") for t in TABLES),
    ], paths


@pytest.fixture
def synth_model(tmp_path: Path) -> Path:
    partygraph.synth(communities=6, households=2000, seed=7).dump(tmp_path / "model.yaml")
    return tmp_path / "model.yaml"


def test_the_example_takes_the_fast_path(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    _all_arrow(_paths(caplog, YANGJIANG))


def test_a_synth_model_takes_the_fast_path(
    synth_model: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    _all_arrow(_paths(caplog, synth_model))


@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_ALL], ids=["excel", "quoted"])
def test_tables_as_excel_saves_them_take_the_fast_path(
    synth_model: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    quoting: int,
) -> None:
    """Every table rewritten with a BOM and CRLF line ends (and every cell
    quoted): still all on Arrow, and still the model that was dumped."""
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    model = partygraph.load(synth_model)
    for table in (synth_model.parent / "model_tables").glob("*.csv"):
        rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"), newline="")))
        with table.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, quoting=quoting, lineterminator="\r\n").writerows(rows)
        assert table.read_bytes().startswith(b"\xef\xbb\xbf")
    _all_arrow(_paths(caplog, synth_model))
    assert partygraph.load(synth_model) == model


def test_the_size_of_all_bulk_tables_decides(
    synth_model: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = synth_model.parent / "model_tables"
    total = sum((tables / f"{t}.csv").stat().st_size for t in TABLES)
    monkeypatch.setattr(arrowtables, "MIN_BYTES", total)
    _all_arrow(_paths(caplog, synth_model))
    monkeypatch.setattr(arrowtables, "MIN_BYTES", total + 1)
    paths = _paths(caplog, synth_model)
    assert [(p.table, p.path, p.why) for p in paths] == [
        (t, "standard", f"small: {total:,} bytes of bulk tables") for t in TABLES
    ]


def test_a_fast_path_that_always_fails_is_seen(
    synth_model: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the tests above catch: every table sent the standard way (the model
    is still right, so only the record tells)."""
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)

    def not_plain(*args: object) -> None:
        raise arrowcsv.NotPlainError("broken")

    monkeypatch.setattr(arrowcsv, "read", not_plain)
    paths = _paths(caplog, synth_model)
    assert {p.path for p in paths} == {"standard"}
    with pytest.raises(AssertionError):
        _all_arrow(paths)


@pytest.mark.parametrize(
    "error", [RuntimeError("bug"), pa.ArrowInvalid("bug"), TypeError("bug")], ids=repr
)
def test_a_bug_in_the_fast_path_is_raised(
    synth_model: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """Only a table that is not plain goes the standard way; an error inside the
    fast path (even one of Arrow's) is not taken for one."""
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)

    def broken(col: object, cells: object) -> None:
        raise error

    monkeypatch.setattr(arrowcsv, "_parse_int", broken)  # households.size
    with pytest.raises(type(error), match="bug"):
        partygraph.load(synth_model)


def test_a_problem_leaves_the_fast_path_at_resolve(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    model = partygraph.synth(communities=6, households=2000, seed=7)
    model.dump(tmp_path / "model.yaml")
    households = tmp_path / "model_tables" / "households.csv"
    lines = households.read_text(encoding="utf-8").splitlines(keepends=True)
    households.write_text("".join([*lines, lines[1]]), encoding="utf-8")  # a duplicate id
    with pytest.raises(partygraph.ConfigError, match="编号 ‘h000001’ 重复"):
        _paths(caplog, tmp_path / "model.yaml")
    paths = [r.bulk_path for r in caplog.records if hasattr(r, "bulk_path")]
    assert TablePath("households", "read", "arrow") in paths
    assert TablePath("households", "resolve", "standard", "an id or reference to report") in paths


def test_arrow_settings_are_left_alone(synth_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No process-wide pool swapped, no jemalloc setting changed."""
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    default = pa.default_memory_pool().backend_name

    def forbidden(*args: object) -> None:
        raise AssertionError("the library changed a process-wide Arrow setting")

    monkeypatch.setattr(pa, "set_memory_pool", forbidden)
    monkeypatch.setattr(pa, "jemalloc_set_decay_ms", forbidden)
    assert len(partygraph.load(synth_model).population["households"]) == 2000
    assert pa.default_memory_pool().backend_name == default


def test_arrow_allocates_from_the_pool_it_is_given(
    synth_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every allocation of the fast path goes to the explicit pool, none to
    Arrow's default pool (a few bytes for constants aside)."""
    default = pa.default_memory_pool()
    if not hasattr(default, "total_bytes_allocated"):  # pragma: no cover - pyarrow < 16
        pytest.skip("no total_bytes_allocated")
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    ours = pa.system_memory_pool()  # nothing else here allocates from it
    monkeypatch.setattr(arrowlookups, "POOL", ours)
    monkeypatch.setattr(arrowcsv, "POOL", ours)
    before, ours_before = default.total_bytes_allocated(), ours.total_bytes_allocated()
    partygraph.load(synth_model)
    assert default.total_bytes_allocated() - before < 1024
    assert ours.total_bytes_allocated() - ours_before > 100_000  # the tables went through it
