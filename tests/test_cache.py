"""The load cache (partygraph.io.cache): a cached load is the load it stands for.

Every test works on a copy of a small fixture in its own folder, with the
cache forced on (``cache=True``; by default only models of 20 MB or more are
cached).  The fixture is made to exercise what a cache could lose: notes of
normalised values (a date as Excel writes it, a Chinese code, a tab-delimited
table, whose note's words depend on the language), a companion table whose
records join a parent that did not list them (so they are not among its given
fields), ASCII ids and Chinese names, empty tables.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from partygraph.cli import main
from partygraph.i18n import use_language
from partygraph.io import cache as cache_mod
from partygraph.io.cache import DIR_NAME, folder_for, telling
from partygraph.io.load import load
from partygraph.model import Model
from partygraph.normalised import Record
from partygraph.report.render import render
from partygraph.rules.check import check

FIXTURES = Path(__file__).parent / "fixtures"


def _noted_copy(to: Path) -> Path:
    """The small fixture, with three normalised values and a companion table."""
    shutil.copytree(FIXTURES / "small", to)
    entry = to / "model.yaml"
    text = entry.read_text(encoding="utf-8")
    text = text.replace("snapshot: 2024-06-30", "snapshot: 2024/6/30")
    text = text.replace("name: 西湖社区, level: community", "name: 西湖社区, level: 社区")
    entry.write_text(text + "service_items: {table: items.csv}\n", encoding="utf-8")
    (to / "items.csv").write_text("centre,id,name\nsc-sd1,sc-sd1-i1,就业服务\n", encoding="utf-8")
    households = to / "households.csv"
    households.write_text(households.read_text(encoding="utf-8").replace(",", "\t"), "utf-8")
    return entry


@pytest.fixture
def model_path(tmp_path: Path) -> Path:
    return _noted_copy(tmp_path / "m")


def _load(path: Path, **kwargs: object) -> tuple[Model, Record, list[Path], list[str]]:
    record: Record = Record()
    files: list[Path] = []
    said: list[str] = []
    with telling(said.append):
        model = load(path, normalised=record, files=files, **kwargs)  # type: ignore[arg-type]
    return model, record, files, said


def _records(value: object) -> list[object]:
    """Every pydantic record in a model, depth first."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        out: list[object] = [value]
        for name in type(value).model_fields:
            if name != "population":
                out += _records(getattr(value, name))
        return out
    if isinstance(value, list):
        return [r for item in value for r in _records(item)]
    return []


def assert_same(a: Model, b: Model) -> None:
    """The same model: values and their types, given fields, where each row came from."""
    assert a == b
    assert repr(a.model_dump(exclude={"population"})) == repr(b.model_dump(exclude={"population"}))
    ra, rb = _records(a), _records(b)
    assert [type(r) for r in ra] == [type(r) for r in rb]
    # model_dump(exclude_unset=True) reads them; the loader shares them between records
    assert [r.__pydantic_fields_set__ for r in ra] == [r.__pydantic_fields_set__ for r in rb]  # type: ignore[attr-defined]
    assert [type(r.__pydantic_fields_set__) for r in ra] == [  # type: ignore[attr-defined]
        type(r.__pydantic_fields_set__)
        for r in rb  # type: ignore[attr-defined]
    ]
    for name, ta in a.population.tables.items():
        tb = b.population[name]
        assert ta.files == tb.files, name
        assert np.array_equal(ta.source, tb.source) and np.array_equal(ta.line, tb.line)
        for col, values in ta.columns.items():
            other = tb.columns[col]
            assert values.dtype == other.dtype, (name, col)
            assert np.array_equal(values, other, equal_nan=values.dtype.kind == "M")


def test_a_cached_load_is_the_fresh_load(model_path: Path, tmp_path: Path) -> None:
    fresh, fresh_notes, fresh_files, _ = _load(model_path, cache=False)
    assert not (model_path.parent / DIR_NAME).exists()
    first, first_notes, first_files, said = _load(model_path, cache=True)
    assert said == [f"已写出缓存 {folder_for(model_path)}：下次读取同样的文件时直接使用"]
    cached, notes, files, said = _load(model_path, cache=True)
    assert said == [f"已从缓存读取模型（{folder_for(model_path)}）：读过的文件都没有改动"]
    for model in (first, cached):
        assert_same(fresh, model)
    for got in (notes, first_notes):
        assert [str(n) for n in got.notes] == [str(n) for n in fresh_notes.notes]
    assert len(notes.notes) == 3 and notes.counts == fresh_notes.counts
    assert files == first_files == fresh_files
    # the record not listed by its parent, among the parent's values but not its given fields
    centre = cached.get("sc-sd1")
    assert [i.id for i in centre.items] == ["sc-sd1-i1"]  # type: ignore[attr-defined]
    assert "items" not in centre.model_fields_set
    # the check, and what dump writes, are the same
    assert render(check(cached), "json") == render(check(fresh), "json")
    fresh.dump(tmp_path / "a" / "m.yaml")
    cached.dump(tmp_path / "b" / "m.yaml")
    written = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert written == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.*"))
    for p in written:
        assert (tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes()


def test_a_fixture_with_empty_tables_and_every_column_kind(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "rules", tmp_path / "r")
    path = tmp_path / "r" / "model.yaml"
    fresh = load(path, cache=False)
    assert len(fresh.population["registrations"]) == 0
    load(path, cache=True)
    cached, _, _, said = _load(path, cache=True)
    assert said[0].startswith("已从缓存读取")
    assert_same(fresh, cached)


def test_a_cached_models_arrays_change_but_not_the_cache(model_path: Path) -> None:
    load(model_path, cache=True)
    model = load(model_path, cache=True)
    sizes = model.population["households"]["size"]
    sizes[0] = 99  # copy on write: the model's own page
    assert load(model_path, cache=True).population["households"]["size"][0] == 3
    model.divisions[0].name = "改名市"
    assert load(model_path, cache=True).divisions[0].name == "示例市"


def test_one_byte_changed_in_a_table_rebuilds(model_path: Path) -> None:
    load(model_path, cache=True)
    households = model_path.parent / "households.csv"
    text = households.read_text(encoding="utf-8")
    assert "\tcp1\t3\n" in text
    households.write_text(text.replace("\tcp1\t3\n", "\tcp1\t4\n", 1), encoding="utf-8")
    model, _, _, said = _load(model_path, cache=True)
    folder = folder_for(model_path)
    assert said == [
        f"没有使用缓存 {folder}：文件“{households.resolve()}”改动过；改为从文件读取",
        f"已写出缓存 {folder}：下次读取同样的文件时直接使用",
    ]
    assert model.population["households"]["size"][0] == 4
    again, _, _, said = _load(model_path, cache=True)
    assert said[0].startswith("已从缓存读取") and again.population["households"]["size"][0] == 4


def test_a_file_rewritten_with_the_same_bytes_keeps_the_cache(model_path: Path) -> None:
    load(model_path, cache=True)
    items = model_path.parent / "items.csv"
    items.write_bytes(items.read_bytes())
    os.utime(items, ns=(1, 1))  # another time: the content decides
    _, _, _, said = _load(model_path, cache=True)
    assert said[0].startswith("已从缓存读取")


def test_an_include_changed_rebuilds(model_path: Path) -> None:
    load(model_path, cache=True)
    services = model_path.parent / "services.yaml"
    services.write_text(services.read_text("utf-8").replace("老年证办理", "老年证补办"), "utf-8")
    model, _, _, said = _load(model_path, cache=True)
    assert "改动过" in said[0]
    assert model.get("sc-c1").items[0].name == "老年证补办"  # type: ignore[attr-defined]


def _data(path: Path) -> Path:
    folder = folder_for(path)
    return folder / json.loads((folder / "manifest.json").read_text("utf-8"))["data"]


def _truncate(path: Path) -> None:
    target = _data(path) / "households.size.npy"
    target.write_bytes(target.read_bytes()[:-8])


def _flip(path: Path) -> None:  # same size, one byte changed
    target = _data(path) / "structure.json"
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    target.write_bytes(bytes(raw))


def _flip_a_value(path: Path) -> None:  # a size of 3 read as 2: only the digest tells
    target = _data(path) / "households.size.npy"
    raw = bytearray(target.read_bytes())
    raw[-32] ^= 0x01
    target.write_bytes(bytes(raw))


def _garble(path: Path) -> None:
    (folder_for(path) / "manifest.json").write_text('{"key": ', "utf-8")


def _no_manifest(path: Path) -> None:
    (folder_for(path) / "manifest.json").unlink()


def _no_data(path: Path) -> None:
    shutil.rmtree(_data(path))


def _wrong_shape(path: Path) -> None:
    folder = folder_for(path)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["tables"]["households"]["rows"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (_truncate, "缓存不完整或已损坏（households.size.npy: size）"),
        (_flip, "缓存不完整或已损坏（structure.json）"),
        (_flip_a_value, "缓存不完整或已损坏（households.size.npy）"),
        (_garble, "缓存不完整或已损坏（JSONDecodeError"),
        (_no_manifest, None),  # no cache: nothing to say but that one is written
        (_no_data, "缓存不完整或已损坏（FileNotFoundError"),
        (_wrong_shape, "缓存不完整或已损坏（"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rewritten(
    model_path: Path, damage: object, why: str | None
) -> None:
    fresh = load(model_path, cache=False)
    load(model_path, cache=True)
    damage(model_path)  # type: ignore[operator]
    model, _, _, said = _load(model_path, cache=True)
    assert_same(fresh, model)
    if why is None:
        assert said == [f"已写出缓存 {folder_for(model_path)}：下次读取同样的文件时直接使用"]
    else:
        assert said[0].startswith(f"没有使用缓存 {folder_for(model_path)}：{why}"), said
        assert said[1].startswith("已写出缓存")
    again, _, _, said = _load(model_path, cache=True)
    assert said[0].startswith("已从缓存读取")
    assert_same(fresh, again)


def test_another_version_is_not_read(model_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load(model_path, cache=True)
    monkeypatch.setattr("partygraph.__version__", "0.0.0-other")
    _, _, _, said = _load(model_path, cache=True)
    assert "缓存由另一个版本的 partygraph 写出" in said[0]


def test_the_notes_come_in_the_language_asked(model_path: Path) -> None:
    load(model_path, cache=True, normalised=Record())  # notes in Chinese
    with use_language("en"):
        _, notes, _, said = _load(model_path, cache=True)
    assert said[0].startswith("did not use the cache") and "other language" in said[0]
    assert notes.notes[1].written == "tabs and no commas in the header"
    # a load that asks for no notes takes the cache whatever its language
    with telling(said.clear() or said.append):
        load(model_path, cache=True)
    assert said[0].startswith("已从缓存读取")


def test_a_folder_that_cannot_be_written_loads_without_a_cache(model_path: Path) -> None:
    (model_path.parent / DIR_NAME).write_text("a file where the folder would be", "utf-8")
    fresh = load(model_path, cache=False)
    model, _, _, said = _load(model_path, cache=True)
    assert_same(fresh, model)
    assert said[0].startswith(f"无法写出缓存 {folder_for(model_path)}（")
    assert "PARTYGRAPH_CACHE_DIR" in said[0]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder(model_path: Path) -> None:
    load(model_path, cache=True)  # written while it could be
    folder = model_path.parent
    folder.chmod(0o555)
    try:
        _, _, _, said = _load(model_path, cache=True)
        assert said[0].startswith("已从缓存读取")
        (folder / "items.csv").chmod(0o644)
    finally:
        folder.chmod(0o755)


def test_the_cache_folder_from_the_environment(
    model_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTYGRAPH_CACHE_DIR", str(tmp_path / "caches"))
    load(model_path, cache=True)
    assert not (model_path.parent / DIR_NAME).exists()
    (folder,) = (tmp_path / "caches").iterdir()
    assert folder.name.startswith("model-") and (folder / "manifest.json").exists()


def test_off_by_default_for_a_small_model_and_by_the_environment(
    model_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(model_path)
    assert not (model_path.parent / DIR_NAME).exists()  # 20 MB or more only
    monkeypatch.setattr(cache_mod, "MIN_BYTES", 0)
    monkeypatch.setenv("PARTYGRAPH_NO_CACHE", "1")
    load(model_path)
    assert not (model_path.parent / DIR_NAME).exists()
    monkeypatch.delenv("PARTYGRAPH_NO_CACHE")
    load(model_path)
    assert (model_path.parent / DIR_NAME).exists()


def test_the_command_line(
    model_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cache_mod, "MIN_BYTES", 0)
    main(["check", str(model_path), "--no-cache"])
    assert not (model_path.parent / DIR_NAME).exists()
    plain = capsys.readouterr().out
    main(["check", str(model_path)])
    assert (model_path.parent / DIR_NAME).exists()
    assert capsys.readouterr().out == plain
    main(["check", str(model_path)])  # from the cache
    assert capsys.readouterr().out == plain
    assert main(["validate", str(model_path), "--verbose"]) == 0
    out, err = capsys.readouterr()
    assert "已从缓存读取模型" in err and "读作 “community”（中文代码）" in out
    with pytest.raises(SystemExit):
        main(["summary", "--help"])
    assert "不读也不写缓存" in capsys.readouterr().out


# Every other load drops the manifest first, so that the two processes write
# (and tidy) while the other reads or writes too.
_LOADER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from partygraph.io.cache import folder_for
    from partygraph.io.load import load
    for i in range(int(sys.argv[2])):
        if i % 2 == 0:
            (folder_for(Path(sys.argv[1])) / "manifest.json").unlink(missing_ok=True)
        load(sys.argv[1], cache=True)
    """
)


def test_two_processes_writing_at_once_leave_a_good_cache(model_path: Path) -> None:
    fresh = load(model_path, cache=False)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [
        subprocess.Popen([sys.executable, "-c", _LOADER, str(model_path), "8"], env=env)
        for _ in range(2)
    ]
    assert [r.wait(timeout=120) for r in runs] == [0, 0]
    model, _, _, said = _load(model_path, cache=True)
    assert said[0].startswith("已从缓存读取"), said
    assert_same(fresh, model)
    folder = folder_for(model_path)
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_table_swapped_for_a_fifo_is_read_as_without_a_cache(model_path: Path) -> None:
    from partygraph.errors import ConfigError

    load(model_path, cache=True)
    items = model_path.parent / "items.csv"
    items.unlink()
    os.mkfifo(items)  # a digest of it would wait for ever
    with pytest.raises(ConfigError, match="FIFO"):
        load(model_path, cache=True)
