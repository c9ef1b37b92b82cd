"""``dump`` is one change: a failure or an interrupt at any step leaves the old model.

Each test dumps an *old* model, then fails the dump of a *new* one at one
step (after ``k`` tables, writing the entry file, at a rename) and asserts
that the entry file still loads equal to the old model and that nothing but
the old files is left.  A failure after the commit (the entry file renamed)
must leave the new model, loading equal to it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partygraph import Model, load
from partygraph.errors import OutputError
from partygraph.io import atomic
from partygraph.synthetic import synth

from ._support import tree


@pytest.fixture(scope="module")
def old() -> Model:
    return synth(communities=2, households=200, seed=1)


@pytest.fixture(scope="module")
def new() -> Model:
    return synth(communities=3, households=300, seed=2)


@pytest.fixture
def dumped(tmp_path: Path, old: Model) -> Iterator[Path]:
    path = tmp_path / "m.yaml"
    old.dump(path)
    yield path


class InjectedError(Exception):
    """The injected failure."""


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, name: str, k: int, exc: BaseException) -> None:
    """Make ``atomic.<name>`` raise ``exc`` on its ``k``-th call (0-based)."""
    real: Callable[..., Any] = getattr(atomic, name)
    calls = [0]

    def fake(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] > k:
            raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(atomic, name, fake)


def _tables(new: Model, folder: Path) -> int:
    """How many table files the new model's dump writes."""
    probe = folder / "p.yaml"
    new.dump(probe)
    return len(list((probe.parent / "p_tables").iterdir()))


def test_the_old_model_survives_a_failure_after_each_table(
    dumped: Path,
    old: Model,
    new: Model,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = tree(dumped.parent)
    n = _tables(new, tmp_path_factory.mktemp("probe"))
    assert n >= 4  # the test means something only with several tables
    for k in range(n):
        with monkeypatch.context() as m:
            _fail_on_call(m, "_write_new", k, InjectedError(f"after {k} tables"))
            with pytest.raises(InjectedError):
                new.dump(dumped)
        assert load(dumped) == old, k
        assert tree(dumped.parent) == before, k


@pytest.mark.parametrize(
    "exc", [OSError(28, "No space left on device"), KeyboardInterrupt(), SystemExit(143)]
)
def test_a_full_disk_or_an_interrupt_mid_table_leaves_the_old_model(
    dumped: Path, old: Model, new: Model, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    before = tree(dumped.parent)
    _fail_on_call(monkeypatch, "_write_new", 3, exc)
    with pytest.raises(type(exc) if not isinstance(exc, OSError) else OutputError):
        new.dump(dumped)
    assert load(dumped) == old
    assert tree(dumped.parent) == before


def test_a_failure_writing_the_entry_file_leaves_the_old_model(
    dumped: Path, old: Model, new: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(dumped.parent)
    real = atomic.write_atomic

    def failing(path: Path, **kw: Any) -> Any:
        if path == dumped:
            raise OutputError(path, 28, "no space is left on the device", "free some space")
        return real(path, **kw)

    monkeypatch.setattr(atomic, "write_atomic", failing)
    with pytest.raises(OutputError):
        new.dump(dumped)
    assert load(dumped) == old
    assert tree(dumped.parent) == before


def test_a_failure_at_the_commit_rename_leaves_the_old_model(
    dumped: Path, old: Model, new: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(dumped.parent)
    real = os.replace

    def failing(src: Any, dst: Any) -> None:
        if Path(dst) == dumped:
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError):
        new.dump(dumped)
    assert load(dumped) == old
    assert tree(dumped.parent) == before


@pytest.mark.parametrize("k", [0, 2, 3])
def test_a_failure_after_the_commit_leaves_the_new_model(
    dumped: Path, new: Model, monkeypatch: pytest.MonkeyPatch, k: int
) -> None:
    """Linking the tables into ``m_tables`` fails after ``k`` files: the entry
    file already names the complete fresh folder, so the new model loads; the
    next dump brings the usual layout back and removes the leftovers."""
    with monkeypatch.context() as m:
        _fail_on_call(m, "_put_linked", k, OSError(28, "No space left on device"))
        new.dump(dumped)  # committed: not an error for the caller
    assert load(dumped) == new
    assert "table: .m_tables." in dumped.read_text(encoding="utf-8")
    new.dump(dumped)
    assert load(dumped) == new
    assert sorted(p.name for p in dumped.parent.iterdir()) == ["m.yaml", "m_tables"]
    assert not [p for p in (dumped.parent / "m_tables").iterdir() if p.name.startswith(".")]


def test_leftovers_of_a_killed_dump_are_removed_by_the_next(
    dumped: Path, old: Model, new: Model
) -> None:
    """What a crash before the commit leaves (a fresh folder, a ``.part`` file)
    is not read by ``load`` and goes with the next successful dump."""
    stale = dumped.parent / ".m_tables.0123456789ab"
    stale.mkdir()
    (stale / "households.csv").write_text("half a file", encoding="utf-8")
    part = dumped.parent / "m_tables" / ".persons.csv.0123456789ab.part"
    part.write_text("half", encoding="utf-8")
    assert load(dumped) == old
    new.dump(dumped)
    assert load(dumped) == new
    assert not stale.exists() and not part.exists()


def test_a_user_file_in_the_tables_folder_is_kept(dumped: Path, new: Model) -> None:
    notes = dumped.parent / "m_tables" / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    new.dump(dumped)
    assert notes.read_text(encoding="utf-8") == "mine"


def test_a_first_dump_writes_the_usual_layout(tmp_path: Path, new: Model) -> None:
    path = tmp_path / "sub" / "m.yaml"
    new.dump(path)
    assert load(path) == new
    assert sorted(p.name for p in path.parent.iterdir()) == ["m.yaml", "m_tables"]
    assert "table: m_tables/households.csv" in path.read_text(encoding="utf-8")


def test_a_failed_first_dump_leaves_nothing(
    tmp_path: Path, new: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_call(monkeypatch, "_write_new", 2, OSError(28, "No space left on device"))
    with pytest.raises(OutputError, match=r"磁盘空间已满|no space"):
        new.dump(tmp_path / "sub" / "deeper" / "m.yaml")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(step=st.integers(min_value=0, max_value=11), kind=st.sampled_from(["disk", "ctrl-c"]))
def test_any_failing_step_leaves_one_whole_model(
    old: Model, new: Model, step: int, kind: str
) -> None:
    """Every fallible step of the switch (each table written, each entry file
    write, each table linked back) counted in order; the ``step``-th fails.
    Up to the first entry file write the old model loads, after it the new one;
    either way only the old files, or a whole new model, are there."""
    with tempfile.TemporaryDirectory() as d, pytest.MonkeyPatch.context() as m:
        path = Path(d) / "m.yaml"
        old.dump(path)
        before = tree(path.parent)
        calls: list[str] = []
        exc: BaseException = OSError(28, "No space left") if kind == "disk" else KeyboardInterrupt()
        for name in ("_write_new", "_write_text", "_put_linked"):
            m.setattr(atomic, name, _counted(getattr(atomic, name), name, calls, step, exc))
        with contextlib.suppress(OutputError, KeyboardInterrupt):
            new.dump(path)
        m.undo()
        committed = "_write_text" in calls  # the first entry file write succeeded
        if committed:
            assert load(path) == new
            assert sorted(p.name for p in path.parent.iterdir() if not p.name.startswith(".")) == [
                "m.yaml",
                "m_tables",
            ]
        else:
            assert load(path) == old
            assert tree(path.parent) == before
        new.dump(path)  # whatever was left, the next dump is clean
        assert load(path) == new
        assert sorted(p.name for p in path.parent.iterdir()) == ["m.yaml", "m_tables"]


def _counted(
    real: Callable[..., Any], name: str, calls: list[str], step: int, exc: BaseException
) -> Callable[..., Any]:
    def fake(*args: Any, **kwargs: Any) -> Any:
        if len(calls) == step:
            calls.append(f"failed {name}")
            raise exc
        calls.append(name)
        return real(*args, **kwargs)

    return fake
