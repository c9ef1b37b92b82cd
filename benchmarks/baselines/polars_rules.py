"""Thirteen of partygraph's rules in polars expressions, over the model's CSV tables.

The same rules, definitions and output as :mod:`duckdb_rules` (its docstring
lists the rules, what each applies to and when it passes, and what a node's
home is), written as an analyst who knows polars would: lazy frames over the
CSV files, joins and group-bys, collected once.  It imports nothing of
partygraph; ``tests/test_baselines.py`` checks that its answers equal
``partygraph check``'s and ``benchmarks/endtoend.py`` times it.

Usage::

    python benchmarks/baselines/polars_rules.py MODEL.yaml --out findings.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import polars as pl
import yaml

__all__ = ["RULES", "main", "run"]

RULES = (
    "household.residents_group",
    "household.grid",
    "household.grid_leader",
    "unit.set_up",
    "compound.set_up",
    "unit.joint_or_instructor",
    "compound.joint_or_instructor",
    "unit.organisational_coverage",
    "compound.organisational_coverage",
    "unit.work_coverage",
    "compound.work_coverage",
    "branch.committee",
    "branch.size",
)
TABLES = {
    "divisions": ("id", "level", "parent"),
    "units": ("id", "type", "division", "municipal", "members_full", "instructor"),
    "compounds": ("id", "community", "members_full", "instructor"),
    "party_orgs": (
        "id",
        "form",
        "parent",
        "division",
        "compound",
        "unit",
        "grid",
        "joint",
        "joint_units",
        "members_full",
        "members_probationary",
        "committee_members",
    ),
    "grids": ("id", "community", "leader"),
    "households": ("id", "community", "residents_group", "grid", "compound"),
    "persons": ("id", "household", "member", "org", "unit"),
}
LEVELS = ("city", "county", "subdistrict", "community")
#: A safe bound on walking up divisions or parent organisations (a cycle stops there).
MAX_STEPS = 100


def sections(model: Path) -> dict[str, Path | list[dict[str, Any]]]:
    """Each table's CSV file, or its rows where the YAML lists them inline
    (``partygraph`` writes a section of fewer than 100 rows that way)."""
    head = yaml.safe_load(model.read_text(encoding="utf-8"))
    out: dict[str, Path | list[dict[str, Any]]] = {}
    for name in TABLES:
        section = head.get(name) or []
        out[name] = model.parent / section["table"] if isinstance(section, dict) else section
    return out


def text(value: Any) -> str | None:
    """A YAML value as the CSV cell it would be (lists joined with ``;``)."""
    if value is None or value == []:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(map(str, value))
    return str(value)


def read(source: Path | list[dict[str, Any]], columns: tuple[str, ...]) -> pl.LazyFrame:
    """The columns used, as text; an empty cell (quoted or not) is null.  Rows
    the YAML lists inline are taken as they are."""
    if isinstance(source, list):
        rows = {c: [text(row.get(c)) for row in source] for c in columns}
        return pl.LazyFrame(rows, schema=dict.fromkeys(columns, pl.String))
    frame = pl.scan_csv(source, infer_schema=False)
    present = set(frame.collect_schema().names())
    return frame.select(  # a column the table leaves out is empty
        pl.col(c).replace("", None) if c in present else pl.lit(None, pl.String).alias(c)
        for c in columns
    )


def number(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.Int64)


def lines(divisions: pl.DataFrame) -> pl.DataFrame:
    """Every division with each division at or above it and the steps between."""
    parent = divisions.select(pl.col("id").alias("ancestor"), pl.col("parent"))
    step = divisions.select(division="id", ancestor="id", steps=pl.lit(0, pl.Int64))
    out = [step]
    for _ in range(MAX_STEPS):
        step = (
            step.join(parent, on="ancestor")
            .drop_nulls("parent")
            .select("division", ancestor="parent", steps=pl.col("steps") + 1)
        )
        if step.is_empty():
            break
        out.append(step)
    level = divisions.select(ancestor="id", level="level")
    return pl.concat(out).join(level, on="ancestor")


def covered(orgs: pl.LazyFrame) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Which organisation covers which unit or compound, and per node how many
    organisations do (``orgs``) and how many of them are not joint (``own``)."""
    orgs = orgs.with_columns(is_joint=pl.col("joint").eq("true").fill_null(False))
    joint = (
        orgs.select("id", "is_joint", target=pl.col("joint_units").str.split(";"))
        .explode("target")
        .with_columns(pl.col("target").str.strip_chars())
    )
    covers = (
        pl.concat(
            [
                orgs.select("id", "is_joint", target="unit", kind=pl.lit("unit")),
                joint.with_columns(kind=pl.lit("unit")),
                orgs.select("id", "is_joint", target="compound", kind=pl.lit("compound")),
            ],
            how="diagonal",
        )
        .filter(pl.col("target").is_not_null() & (pl.col("target") != ""))
        .unique()
    )
    counts = covers.group_by("kind", "target").agg(
        orgs=pl.len(), own=(~pl.col("is_joint")).sum().cast(pl.Int64)
    )
    return covers, counts


def facts(frame: pl.LazyFrame, kind: str, full: pl.LazyFrame, counts: pl.LazyFrame) -> Any:
    """Full members, instructor and covering organisations of units or compounds."""
    cov = counts.filter(pl.col("kind") == kind).select(pl.col("target").alias("id"), "orgs", "own")
    return (
        frame.join(full, on="id", how="left")
        .join(cov, on="id", how="left")
        .with_columns(
            full_members=pl.coalesce(number("members_full"), pl.col("n"), pl.lit(0)),
            instructor=pl.col("instructor").is_not_null(),
            orgs=pl.col("orgs").fill_null(0),
            own=pl.col("own").fill_null(0),
        )
    )


def org_homes(
    orgs: pl.DataFrame,
    units: pl.DataFrame,
    compounds: pl.DataFrame,
    grids: pl.DataFrame,
    covers: pl.DataFrame,
    line: pl.DataFrame,
    root: str | None,
) -> pl.DataFrame:
    """Each organisation's home: its anchor's; else the lowest division over its
    joint units' homes; else its parent organisation's; else the city."""
    spans = (
        covers.filter(pl.col("kind") == "unit")
        .join(orgs.select("id", own="unit"), on="id")
        .filter(pl.col("own").is_null() | (pl.col("target") != pl.col("own")))
        .join(units.select(target="id", home="home"), on="target")
        .select("id", "home")
        .unique()
    )
    common = (
        spans.join(line, left_on="home", right_on="division")
        .group_by("id", "ancestor")
        .agg(n=pl.len(), height=pl.col("steps").max())
        .join(spans.group_by("id").agg(homes=pl.len()), on="id")
        .filter(pl.col("n") == pl.col("homes"))
        .sort("height")
        .group_by("id")
        .agg(joint_home=pl.col("ancestor").first())
    )
    own = (
        orgs.join(compounds.select(compound="id", compound_home="home"), on="compound", how="left")
        .join(units.select(unit="id", unit_home="home"), on="unit", how="left")
        .join(grids.select(grid="id", grid_home="community"), on="grid", how="left")
        .join(common, on="id", how="left")
        .select(
            "id",
            "parent",
            home=pl.when(pl.col("division").is_not_null())
            .then("division")
            .when(pl.col("compound").is_not_null())
            .then("compound_home")
            .when(pl.col("unit").is_not_null())
            .then("unit_home")
            .when(pl.col("grid").is_not_null())
            .then("grid_home")
            .otherwise("joint_home"),
        )
    )
    # Walk up the parent organisations of those still without a home.
    found = own.filter(pl.col("home").is_not_null()).select("id", "home")
    walking = own.filter(pl.col("home").is_null()).select("id", next_org="parent")
    parents = own.select(next_org="id", parent_home="home", parent_next="parent")
    for _ in range(MAX_STEPS):
        if walking.is_empty():
            break
        step = walking.join(parents, on="next_org")
        found = pl.concat([found, step.drop_nulls("parent_home").select("id", home="parent_home")])
        walking = step.filter(pl.col("parent_home").is_null()).select("id", next_org="parent_next")
    return (
        orgs.select("id")
        .join(found, on="id", how="left")
        .with_columns(pl.col("home").fill_null(pl.lit(root, pl.String)))
    )


def run(model: Path) -> dict[str, Any]:
    """The findings and coverage of :data:`RULES` over the model at ``model``."""
    t = {name: read(source, TABLES[name]) for name, source in sections(model).items()}
    divisions = t["divisions"].collect()
    line = lines(divisions)
    chain = line.filter(pl.col("level").is_in(LEVELS)).select("division", "ancestor")
    community_of = (
        line.filter(pl.col("level") == "community")
        .sort("steps")
        .group_by("division")
        .agg(community=pl.col("ancestor").first())
    )
    cities = divisions.filter(pl.col("level") == "city")["id"]
    root = cities[0] if len(cities) == 1 else None

    persons, households = t["persons"], t["households"]
    is_full = pl.col("member") == "full"
    works_full = persons.filter(is_full).group_by(id="unit").agg(n=pl.len()).drop_nulls("id")
    lives_full = (
        persons.filter(is_full)
        .join(households.select(household="id", compound="compound"), on="household")
        .group_by(id="compound")
        .agg(n=pl.len())
        .drop_nulls("id")
    )
    covers, counts = covered(t["party_orgs"])
    resident = pl.col("municipal").eq("true").fill_null(False).not_() & ~pl.col("type").is_in(
        ["residents_committee", "owners_committee"]
    )
    units = facts(t["units"], "unit", works_full, counts).with_columns(
        home=pl.col("division").fill_null(pl.lit(root, pl.String)), resident=resident
    )
    compounds = facts(t["compounds"], "compound", lives_full, counts).with_columns(
        home=pl.col("community"), resident=pl.lit(True)
    )
    units_df, compounds_df, covers_df, orgs_df = pl.collect_all(
        [units, compounds, covers, t["party_orgs"]]
    )
    homes = org_homes(orgs_df, units_df, compounds_df, t["grids"].collect(), covers_df, line, root)
    members = (
        persons.drop_nulls(["org", "member"])
        .group_by(id="org")
        .agg(members=pl.len(), full_from_table=is_full.sum().cast(pl.Int64))
        .collect()
    )
    declared = number("members_full").is_not_null() | number("members_probationary").is_not_null()
    branches = (
        orgs_df.filter(pl.col("form") == "branch")
        .join(homes, on="id")
        .join(members, on="id", how="left")
        .select(
            "id",
            "home",
            full_members=pl.coalesce(number("members_full"), "full_from_table", pl.lit(0)),
            members=pl.when(declared)
            .then(number("members_full").fill_null(0) + number("members_probationary").fill_null(0))
            .otherwise(pl.col("members").fill_null(0)),
            committee=number("committee_members").fill_null(0),
        )
    )
    either = pl.col("orgs").ge(1) | pl.col("instructor")
    few = pl.col("full_members").is_between(1, 2)
    rules = [
        (
            "unit.set_up",
            units_df,
            pl.col("resident") & (pl.col("full_members") >= 3),
            pl.col("own") >= 1,
            "own",
        ),
        ("compound.set_up", compounds_df, pl.col("full_members") >= 3, pl.col("own") >= 1, "own"),
        ("unit.joint_or_instructor", units_df, pl.col("resident") & few, either, "orgs"),
        ("compound.joint_or_instructor", compounds_df, few, either, "orgs"),
        ("unit.organisational_coverage", units_df, pl.col("resident"), pl.col("orgs") >= 1, "orgs"),
        (
            "compound.organisational_coverage",
            compounds_df,
            pl.lit(True),
            pl.col("orgs") >= 1,
            "orgs",
        ),
        ("unit.work_coverage", units_df, pl.col("resident"), either, "orgs"),
        ("compound.work_coverage", compounds_df, pl.lit(True), either, "orgs"),
        (
            "branch.committee",
            branches,
            pl.col("full_members") >= 7,
            pl.col("committee") >= 3,
            "committee",
        ),
        ("branch.size", branches, pl.lit(True), pl.col("members") <= 50, "members"),
    ]
    outcomes = pl.concat(
        frame.filter(applies).select(
            rule=pl.lit(rule),
            id="id",
            home="home",
            passed=passes,
            value=pl.col(value).cast(pl.Int64),
        )
        for rule, frame, applies, passes, value in rules
    )

    # Households, counted per home division: the three household rules at once.
    leaders = (
        t["grids"]
        .join(persons.select(leader="id", member="member"), on="leader", how="left")
        .select(grid="id", led=pl.col("member").is_not_null())
    )
    per_container = (
        households.join(leaders, on="grid", how="left")
        .group_by(container=pl.coalesce("residents_group", "community"))
        .agg(
            n=pl.len(),
            in_group=pl.col("residents_group").count(),
            in_grid=pl.col("grid").count(),
            led=pl.col("led").sum(),
        )
        .collect()
    )
    household = pl.concat(
        per_container.select(
            rule=pl.lit(rule),
            container="container",
            home=pl.col("container").fill_null(pl.lit(root, pl.String)),
            applies=pl.col(applies).cast(pl.Int64),
            passing=pl.col(passing).cast(pl.Int64),
        )
        for rule, applies, passing in (
            ("household.residents_group", "n", "in_group"),
            ("household.grid", "n", "in_grid"),
            ("household.grid_leader", "in_grid", "led"),
        )
    ).filter(pl.col("applies") > 0)

    findings = pl.concat(
        [
            outcomes.filter(~pl.col("passed")).select("rule", "id", "value"),
            household.join(community_of, left_on="container", right_on="division")
            .group_by("rule", id="community")
            .agg(value=(pl.col("applies") - pl.col("passing")).sum())
            .filter(pl.col("value") > 0),
        ]
    ).sort("rule", "id")
    counted = pl.concat(
        [
            outcomes.select(
                "rule", "home", covered=pl.col("passed").cast(pl.Int64), total=pl.lit(1, pl.Int64)
            ),
            household.select("rule", "home", covered="passing", total="applies"),
        ]
    )
    coverage = (
        counted.join(chain, left_on="home", right_on="division")
        .group_by("rule", division="ancestor")
        .agg(pl.col("covered").sum(), pl.col("total").sum())
        .sort("rule", "division")
    )
    return {"rules": list(RULES), "findings": findings.rows(), "coverage": coverage.rows()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="the model's YAML file")
    parser.add_argument("--out", type=Path, help="write the findings and coverage here (JSON)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    result = run(args.model)
    result["seconds"] = time.perf_counter() - start
    text = json.dumps(result, ensure_ascii=False)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
