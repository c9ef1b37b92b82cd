"""The DuckDB and polars baselines (benchmarks/baselines/) answer as partygraph does.

On a synthetic city of 100,000 households, and on a smaller one edited by hand
so that every one of the thirteen rules fails somewhere (and a joint branch
with no anchor, an organisation counted under its parent, members counted
from the persons table), both scripts' findings (rule, node, value) and
coverage (rule, division, covered, total) equal ``partygraph.check``'s for
those rules, also when they read the tables as Excel saves them (BOM, CRLF,
every cell quoted).
"""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

pytest.importorskip("duckdb")
pytest.importorskip("polars")

import partygraph
from partygraph.rules.check import check
from partygraph.synthetic import synth

ROOT = Path(__file__).resolve().parents[1]
BASELINES = ("duckdb_rules", "polars_rules")
Answer = tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]
#: The edited model, partygraph's answer, the ids edited, branches per division before.
Edited = tuple[Path, Answer, dict[str, str], dict[str, int]]


def script(name: str) -> ModuleType:
    """A module of benchmarks/ by its file (the baselines are scripts, not a package)."""
    folder = ROOT / "benchmarks" / ("" if name == "run" else "baselines")
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", folder / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RULES = frozenset(script("duckdb_rules").RULES)


def engine(path: Path) -> Answer:
    """partygraph's findings and coverage for the thirteen rules."""
    report = check(partygraph.load(path), single_points=False)
    findings = {(f.rule, f.node.id, f.value) for f in report.findings if f.rule in RULES}
    coverage = {(c.rule, c.node.id, c.covered, c.total) for c in report.coverage if c.rule in RULES}
    return findings, coverage


def answer(result: dict[str, Any]) -> Answer:
    return {tuple(f) for f in result["findings"]}, {tuple(c) for c in result["coverage"]}


def quoted(path: Path) -> Path:
    """The model with its tables as Excel saves them, every cell quoted."""
    copy: Path = script("run").excel_copy(path, "quoted")
    return copy


# -- a city of 100,000 households ---------------------------------------------------
@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Answer]:
    path = tmp_path_factory.mktemp("city") / "h100000" / "model.yaml"
    synth(communities=136, households=100_000, seed=1).dump(path)
    return path, engine(path)


@pytest.mark.parametrize("name", BASELINES)
def test_city(city: tuple[Path, Answer], name: str) -> None:
    path, (findings, coverage) = city
    got_findings, got_coverage = answer(script(name).run(path))
    assert got_findings == findings
    assert got_coverage == coverage
    # Every rule is there: coverage under every level, findings for most.
    assert {c[0] for c in coverage} == RULES
    assert len({f[0] for f in findings}) >= 10
    assert len(findings) > 1_000


# -- a smaller city, edited by hand --------------------------------------------------
def _rows(table: Path) -> tuple[list[str], list[dict[str, str]]]:
    with table.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(table: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, restval="")
        writer.writeheader()
        writer.writerows(rows)


def _edit(path: Path) -> dict[str, str]:
    """Edit the dumped model's tables; the ids the expectations need."""
    tables = path.parent / "model_tables"
    head = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert all(head[s] == {"table": f"model_tables/{s}.csv"} for s in ("party_orgs", "units"))
    assert isinstance(head["compounds"], list)  # fewer than 100: written in the YAML
    divisions = _rows(tables / "divisions.csv")[1]
    first_sd = next(d["id"] for d in divisions if d["level"] == "subdistrict")
    x, y = [d["id"] for d in divisions if d["parent"] == first_sd][:2]
    # A second city: no single city to count a node without a home under (a
    # province-sized synthetic model has several).
    header, _ = _rows(tables / "divisions.csv")
    _write(
        tables / "divisions.csv",
        header,
        [*divisions, {"id": "t-city", "name": "测试市", "level": "city"}],
    )
    # Five households of community x in no residents' group.
    header, households = _rows(tables / "households.csv")
    in_x = [h for h in households if h["community"] == x][:5]
    for h in in_x:
        h["residents_group"] = ""
    _write(tables / "households.csv", header, households)
    # A unit in x with three full members counted from the persons table and no
    # organisation of its own, but in a joint branch with a unit in y.
    header, units = _rows(tables / "units.csv")
    units += [
        {"id": "t-unit", "name": "测试甲公司", "type": "enterprise", "division": x},
        {"id": "t-small", "name": "测试乙公司", "type": "enterprise", "division": y},
    ]
    units[-1]["members_full"] = "1"
    _write(tables / "units.csv", header, units)
    # The joint branch has no anchor: it is counted in the subdistrict over x
    # and y.  Its members are counted from the persons table: 45 full, 6
    # probationary.  A branch with no anchor nor units is counted where its
    # parent organisation is.
    header, orgs = _rows(tables / "party_orgs.csv")
    header += [c for c in ("joint", "joint_units") if c not in header]
    parent = next(o["id"] for o in orgs if o["division"] == x)
    orgs += [
        {"id": "t-joint", "name": "测试联合党支部", "form": "branch", "parent": parent,
         "joint": "true", "joint_units": "t-unit;t-small"},
        {"id": "t-child", "name": "测试党支部", "form": "branch", "parent": parent,
         "members_full": "3", "members_probationary": "0"},
    ]  # fmt: skip
    _write(tables / "party_orgs.csv", header, orgs)
    header, persons = _rows(tables / "persons.csv")
    home = in_x[0]["id"]
    new = [("full", "t-unit", "")] * 3 + [("full", "", "t-joint")] * 45
    new += [("probationary", "", "t-joint")] * 6
    persons += [
        {"id": f"t-p{i:02}", "name": "测试党员", "household": home, "member": member,
         "unit": unit, "org": org, "in_service": "true"}
        for i, (member, unit, org) in enumerate(new)
    ]  # fmt: skip
    _write(tables / "persons.csv", header, persons)
    # A compound of two full members, with no organisation and no instructor.
    head["compounds"].append(
        {"id": "t-compound", "name": "测试小区", "community": x, "members_full": 2}
    )
    path.write_text(yaml.safe_dump(head, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"x": x, "y": y, "subdistrict": first_sd}


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Edited:
    path = tmp_path_factory.mktemp("edited") / "h20000" / "model.yaml"
    synth(communities=12, households=20_000, seed=3, gaps=0.3).dump(path)
    before = {c[1]: c[3] for c in engine(path)[1] if c[0] == "branch.size"}
    ids = _edit(path)
    return path, engine(path), ids, before


@pytest.fixture(scope="module")
def baseline(edited: Edited) -> dict[tuple[str, str], Answer]:
    """Each baseline's answer on the edited model, its tables plain or quoted."""
    path = edited[0]
    forms = {"plain": path, "quoted": quoted(path)}
    return {(n, f): answer(script(n).run(p)) for n in BASELINES for f, p in forms.items()}


def test_edited_by_hand(edited: Edited, baseline: dict[tuple[str, str], Answer]) -> None:
    """The edits give the findings worked out by hand, in partygraph and both baselines."""
    path, (findings, coverage), ids, before = edited
    del path
    expected = {
        ("household.residents_group", ids["x"], 5),
        ("unit.set_up", "t-unit", 0),  # the joint branch is not its own
        ("branch.size", "t-joint", 51),
        ("branch.committee", "t-joint", 0),  # 45 full members, no committee
        ("compound.joint_or_instructor", "t-compound", 0),
        ("compound.work_coverage", "t-compound", 0),
    }
    not_expected = {
        ("unit.organisational_coverage", "t-unit"),  # the joint branch covers it
        ("unit.work_coverage", "t-unit"),
        ("unit.joint_or_instructor", "t-small"),
        ("branch.size", "t-child"),
    }
    for name in ("engine", *BASELINES):
        got = findings if name == "engine" else baseline[name, "plain"][0]
        assert expected <= got, name
        assert not {f[:2] for f in got} & not_expected, name
    assert {f[0] for f in findings} == RULES  # every rule fails somewhere
    # t-joint is counted in the subdistrict over x and y (not in either), t-child in x.
    for name in ("engine", *BASELINES):
        rows = coverage if name == "engine" else baseline[name, "plain"][1]
        size = {c[1]: c[3] for c in rows if c[0] == "branch.size"}
        grew = {d: size[d] - before[d] for d in (ids["subdistrict"], ids["x"], ids["y"])}
        assert grew == {ids["subdistrict"]: 2, ids["x"]: 1, ids["y"]: 0}, name


@pytest.mark.parametrize("form", ["plain", "quoted"])
@pytest.mark.parametrize("name", BASELINES)
def test_edited(
    edited: Edited, baseline: dict[tuple[str, str], Answer], name: str, form: str
) -> None:
    findings, coverage = edited[1]
    got_findings, got_coverage = baseline[name, form]
    assert got_findings == findings
    assert got_coverage == coverage


def test_scripts_write_the_same_json(edited: Edited, tmp_path: Path) -> None:
    """The command lines write what ``run`` returns; partygraph's own script too."""
    path, (findings, coverage), _, _ = edited
    for name in ("partygraph_rules", *BASELINES):
        out = tmp_path / f"{name}.json"
        assert script(name).main([str(path), "--out", str(out)]) == 0
        assert answer(json.loads(out.read_text(encoding="utf-8"))) == (findings, coverage)
