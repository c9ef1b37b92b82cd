"""The layering of partygraph's packages, as docs/architecture.md draws it.

Imports flow one way: cli → report/draw/export → rules → index/graph → io →
model → vocabulary/errors/progress → safe_text.  This test reads every
module's imports with :mod:`ast` (no import is executed) and fails on an
import that goes the wrong way, on a cycle between modules, and on a deferred
(function-level) import that is not one of the few listed below with their
reason.  Its own checker is tested on a small tree with a wrong-way import,
so it can fail.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "partygraph"

#: Package (first name below ``partygraph``) -> the packages it may import.
#: ``cli`` and the top-level ``partygraph`` (lazy attributes) may import anything.
BASE = {"errors", "i18n", "normalised", "progress", "safe_text", "vocabulary"}
ALLOWED: dict[str, set[str]] = {
    "safe_text": set(),
    "i18n": set(),
    "normalised": {"errors", "safe_text"},
    "errors": {"i18n", "safe_text"},
    "progress": {"i18n"},  # a stage line in the current language
    "vocabulary": {"errors", "i18n"},
    "model": BASE,
    "io": BASE | {"model"},
    "graph": BASE | {"model"},
    "index": BASE | {"model"},
    "synthetic": BASE | {"model"},
    "rules": BASE | {"model", "io", "index"},
    # the report's optional sections sum up the analyses (report.attach)
    "report": BASE | {"model", "io", "graph", "index", "rules", "analysis"},
    "draw": BASE | {"model", "io", "graph", "index", "rules", "report"},
    "export": BASE | {"model", "io", "graph"},
    # the offline explorer: an output layer beside draw and export
    "explore": BASE | {"model", "io", "graph", "index", "rules", "report", "draw", "export"},
    # describes model files (model, io's companion rows) and rules files (rules)
    "schema": BASE | {"model", "io", "rules"},
    "analysis": BASE | {"model", "io", "index", "rules"},
    "change": BASE | {"model", "io", "index", "rules", "report"},
    "nation": BASE | {"model", "io", "index", "rules"},
}
#: Writers may use only these modules of ``io`` (they never import the loader).
WRITERS = {"report", "draw", "export", "explore"}
WRITER_IO = {"partygraph.io.atomic"}

#: Deferred imports that go against the layering, each with its reason.
DEFERRED_OK: dict[tuple[str, str], str] = {
    ("partygraph.model.model", "partygraph.graph"): "Model.to_networkx(), a public convenience",
    ("partygraph.model.model", "partygraph.graph.build"): "Model.to_networkx()",
    ("partygraph.model.model", "partygraph.io.dump"): "Model.dump(), a public convenience",
    ("partygraph.report.document", "partygraph.draw"): (
        "the analysis report draws its figures when asked (draw sits beside report)"
    ),
    ("partygraph.model.model", "partygraph.report.reprs"): "Model's one-line repr",
    ("partygraph.export.geojson", "partygraph.rules.circle"): (
        "GeoJSON writes each compound's walking minutes, the check's own (not a second copy)"
    ),
    ("partygraph.model.model", "partygraph.report.notebook"): "Model's notebook HTML",
    ("partygraph.model.model", "partygraph.report.model_frames"): "Model.to_pandas()",
    ("partygraph.model.report", "partygraph.report.reprs"): "the report and its rows' reprs",
    ("partygraph.model.report", "partygraph.report.notebook"): "the report's notebook HTML",
    ("partygraph.model.report", "partygraph.report.frames"): "Report.to_pandas(), a convenience",
}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, deferred) for each partygraph import of a module.

    Imports under ``if TYPE_CHECKING:`` are skipped (they never run).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, deferred: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for sub in child.orelse:
                    visit(sub, deferred)
                continue
            inner = deferred or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, deferred) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*up, base] if base else up)
                found.append((base, child.lineno, deferred))
                # ``from partygraph.io import atomic`` imports a submodule
                found.extend((f"{base}.{a.name}", child.lineno, deferred) for a in child.names)
            visit(child, inner)

    visit(tree, False)
    return [
        (m, line, d) for m, line, d in found if m == "partygraph" or m.startswith("partygraph.")
    ]


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(root: Path) -> list[str]:
    """Every import under ``root`` (a ``partygraph`` source tree) that breaks the layering."""
    modules = {_module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    out: list[str] = []
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        src = _package(name)
        for target, line, deferred in _imports(path, name):
            if target not in modules:
                continue  # a name imported from a module, not a module
            dst = _package(target)
            where = f"{path.relative_to(root.parent)}:{line}: {name} imports {target}"
            if not deferred:
                graph[name].add(target)
            if src in ("", "__main__", "cli") or dst in (src, ""):
                continue
            if deferred and (name, target) in DEFERRED_OK:
                continue
            if dst == "cli":
                out.append(f"{where}: nothing imports the command line")
            elif dst not in ALLOWED.get(src, set()):
                kind = "deferred import" if deferred else "import"
                out.append(f"{where}: {kind} against the layering ({src} may not use {dst})")
            elif src in WRITERS and dst == "io" and target not in WRITER_IO:
                out.append(f"{where}: a writer uses the loader (only partygraph.io.atomic)")
    out.extend(_cycles(graph))
    return out


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    """Module-level import cycles (each reported once, by its first module)."""
    state: dict[str, int] = {}
    found: list[str] = []
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            # a package __init__ re-exporting its own submodules is not a cycle
            if nxt.startswith(node + ".") or node.startswith(nxt + "."):
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                found.append("import cycle: " + " -> ".join([*cycle, nxt]))
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)
    return found


def test_the_source_tree_keeps_its_layering() -> None:
    assert violations(SRC) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "partygraph"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_a_wrong_way_import_is_caught(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "model/__init__.py": "from partygraph.graph import build\n",
            "graph/__init__.py": "",
            "graph/build.py": "from partygraph.model import x\n",
            "export/__init__.py": "",
            "export/csv.py": "def f():\n    from partygraph.io.load import load\n",
            "io/__init__.py": "",
            "io/load.py": "",
            "io/atomic.py": "",
            "index/__init__.py": "from partygraph import cli\n",
            "cli/__init__.py": "",
        },
    )
    found = violations(root)
    assert any(
        "model imports partygraph.graph" in v and "model may not use graph" in v for v in found
    )
    assert any("a writer uses the loader" in v for v in found)
    assert any("nothing imports the command line" in v for v in found)
    assert any(v.startswith("import cycle:") for v in found)


def test_type_checking_imports_and_listed_deferred_ones_are_allowed(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "model/__init__.py": "",
            "model/model.py": """\
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from partygraph.graph import build
                def to_networkx():
                    from partygraph.graph import build
            """,
            "graph/__init__.py": "",
            "graph/build.py": "from partygraph.model import model\n",
        },
    )
    assert violations(root) == []


@pytest.mark.parametrize(
    ("code", "absent"),
    [
        ("import partygraph", ("pyarrow", "networkx", "matplotlib", "pydantic")),
        (
            "from partygraph.cli.app import build_parser; build_parser()",
            ("pyarrow", "networkx", "matplotlib"),
        ),
    ],
)
def test_light_imports(code: str, absent: tuple[str, ...]) -> None:
    probe = f"import sys; {code}; print(' '.join(m for m in {absent!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""
