"""Reading a small model imports neither pyarrow nor matplotlib.

``import partygraph`` is lazy, and pyarrow is imported only when a model's
bulk tables are large enough for Arrow to pay for its import
(:data:`partygraph.io.arrowtables.MIN_BYTES`).  Each check runs in a fresh
interpreter, so what earlier tests imported does not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import partygraph

from conftest import FIXTURES, ROOT

HEAVY = ("pyarrow", "matplotlib", "networkx")


def _imported(code: str) -> list[str]:
    """The heavy modules imported after running ``code`` in a fresh interpreter."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_import_partygraph_is_light() -> None:
    assert _imported("import partygraph") == []


@pytest.fixture(scope="module")
def small_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "model.yaml"
    partygraph.synth(communities=3, households=300, seed=2).dump(path)
    return path


@pytest.mark.parametrize("which", ["rules fixture", "synth"])
def test_validate_a_small_model(which: str, small_synth: Path) -> None:
    path = FIXTURES / "rules" / "model.yaml" if which == "rules fixture" else small_synth
    code = f"from partygraph.cli import main\nassert main(['validate', {str(path)!r}]) == 0"
    imported = _imported(code)
    assert "pyarrow" not in imported
    assert "matplotlib" not in imported


def test_load_and_validate_a_small_model(small_synth: Path) -> None:
    """Loading and checking in Python import none of them (networkx neither)."""
    code = f"import partygraph\npartygraph.validate(partygraph.load({str(small_synth)!r}))"
    assert _imported(code) == []


def test_a_large_model_imports_pyarrow(tmp_path: Path) -> None:
    """Past :data:`MIN_BYTES` of bulk tables Arrow reads them (so pyarrow is imported)."""
    pytest.importorskip("pyarrow")
    from partygraph.io import arrowtables

    rows = "".join(f"h{i:07d},c1,,{i % 9}\n" for i in range(arrowtables.MIN_BYTES // 14 + 1))
    (tmp_path / "households.csv").write_text("id,community,grid,size\n" + rows, encoding="utf-8")
    assert (tmp_path / "households.csv").stat().st_size >= arrowtables.MIN_BYTES
    (tmp_path / "model.yaml").write_text(
        "partygraph: 1\nname: 大表\ndivisions:\n  - {id: c0, name: 市, level: city}\n"
        "  - {id: k, name: 区, level: county, parent: c0}\n"
        "  - {id: s, name: 街道, level: subdistrict, parent: k}\n"
        "  - {id: c1, name: 社区, level: community, parent: s}\n"
        "households: {table: households.csv}\n",
        encoding="utf-8",
    )
    model = str(tmp_path / "model.yaml")
    code = f"import partygraph\nassert partygraph.load({model!r}).count('households') > 0"
    assert "pyarrow" in _imported(code)


def _loaded(code: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules under ``prefixes`` imported after ``code`` in a fresh interpreter."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_the_check_path_imports_no_graph_library() -> None:
    """What ``partygraph check`` imports before it reads a model: no networkx, and
    none of the analyses (``analysis.render``, which the Markdown report imports,
    names their reports only in annotations)."""
    code = (
        "import partygraph.cli.check, partygraph.io.load, partygraph.rules.check, "
        "partygraph.report.render"
    )
    heavy = (
        "networkx",
        "pyarrow",
        "matplotlib",
        "partygraph.analysis.assign",
        "partygraph.analysis.match",
        "partygraph.analysis.metrics",
        "partygraph.graph",
        "partygraph.report.markdown",  # imported for a Markdown report only
    )
    assert _loaded(code, heavy) == []


def test_validate_imports_neither_rules_nor_reports() -> None:
    """``partygraph validate`` of a small model loads it and says so: no rule, report,
    analysis or graph module is imported."""
    path = FIXTURES / "rules" / "model.yaml"
    code = f"from partygraph.cli import main\nassert main(['validate', {str(path)!r}]) == 0"
    unneeded = (
        "networkx",
        "partygraph.analysis",
        "partygraph.graph",
        "partygraph.index",
        "partygraph.report",
        "partygraph.rules",
    )
    assert _loaded(code, unneeded) == []


def test_is_nation_entry_imports_no_nation_checker() -> None:
    """``partygraph check`` asks every model whether it is a nation entry: that
    question imports the entry reader, not the nation's checker and merge."""
    code = "from partygraph.nation.entry import is_nation_entry"
    found = _loaded(code, ("partygraph.nation",))
    assert found == ["partygraph.nation", "partygraph.nation.entry"]


def test_the_nation_package_still_names_its_functions() -> None:
    """Imported on first use, the names are what they were: ``merge`` is the
    function even after the submodule of that name was imported by another."""
    code = (
        "import partygraph.nation.summary, partygraph.nation as n\n"
        "from partygraph.nation import merge\n"
        "import partygraph.nation.merge as m\n"
        "assert callable(merge) and merge is n.merge is m and merge.__name__ == 'merge'\n"
        "assert n.check_nation.__module__ == 'partygraph.nation.check'\n"
        "assert sorted(n.__all__) == sorted(n._LAZY)"
    )
    _loaded(code, ())


def test_help_imports_no_cache_nor_output_module() -> None:
    """``partygraph --help`` builds every command's parser: no cache (hashing,
    JSON) and no output module (``shutil``) is imported for that."""
    code = (
        "from partygraph.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    unneeded = (
        "partygraph.cli._answers",
        "partygraph.io",
        "partygraph.model",
        "partygraph.nation",
        "pydantic",
        "numpy",
        "yaml",
    )
    assert _loaded(code, unneeded) == []


def test_a_cache_miss_imports_no_cache_codec(small_synth: Path) -> None:
    """A small model is loaded from its files, not from a cache: the cache's
    codecs (:mod:`partygraph.io.cachedata`) are not imported, nor the result
    cache's (``validate`` does not check)."""
    code = f"from partygraph.cli import main\nassert main(['validate', {str(small_synth)!r}]) == 0"
    unneeded = ("partygraph.io.cachedata", "partygraph.io.resultcache", "partygraph.nation")
    assert _loaded(code, unneeded) == []


def test_a_command_imports_its_own_module_alone() -> None:
    """``partygraph validate …`` imports and builds the one command it runs."""
    path = FIXTURES / "rules" / "model.yaml"
    code = f"from partygraph.cli import main\nassert main(['validate', {str(path)!r}]) == 0"
    found = _loaded(code, ("partygraph.cli.",))
    assert found == ["partygraph.cli._base", "partygraph.cli.app", "partygraph.cli.validate"]
