"""Thirteen of partygraph's rules in DuckDB SQL, over the model's CSV tables.

A baseline, written as an analyst who knows SQL would write it: it reads the
tables a model's YAML names (``yaml.safe_load``, only the ``table:`` paths),
computes the findings and the coverage of the thirteen rules below with SQL,
and writes them as JSON.  It imports nothing of partygraph; ``tests/
test_baselines.py`` checks that its answers equal ``partygraph check``'s and
``benchmarks/endtoend.py`` times the two as whole processes.

Usage::

    python benchmarks/baselines/duckdb_rules.py MODEL.yaml --out findings.json

The thirteen rules (ids as in ``src/partygraph/rules/packs/``; thresholds the
packs' defaults).  *Resident unit*: not ``municipal`` and not a residents' or
owners' committee.  *Full members* of a unit: its ``members_full`` where given,
else the persons whose ``unit`` it is with ``member = full``; of a compound:
``members_full``, else the full members living in its households.  *Orgs
covering* a unit: the distinct party organisations naming it as ``unit`` or in
``joint_units``; a compound: those naming it as ``compound``; *own*: of these,
the ones not ``joint``.

Each rule (the three household rules are the ``yangjiang`` pack's, the others
``regulations``'), what it applies to, and when a node passes (its value):

- ``household.residents_group``: every household; ``residents_group`` given.
- ``household.grid``: every household; ``grid`` given.
- ``household.grid_leader``: households with a ``grid``; the grid's ``leader``
  is a party member (any ``member`` status in the persons table).
- ``unit.set_up``: resident units with full members >= 3; own orgs >= 1 (own orgs).
- ``compound.set_up``: compounds with full members >= 3; own orgs >= 1 (own orgs).
- ``unit.joint_or_instructor``: resident units with 1 <= full members < 3;
  orgs >= 1 or an ``instructor`` (orgs).
- ``compound.joint_or_instructor``: compounds with 1 <= full members < 3; as above.
- ``unit.organisational_coverage``: resident units; orgs >= 1 (orgs).
- ``compound.organisational_coverage``: every compound; orgs >= 1 (orgs).
- ``unit.work_coverage``: resident units; orgs >= 1 or an instructor (orgs).
- ``compound.work_coverage``: every compound; as above (orgs).
- ``branch.committee``: ``form = branch`` with full members >= 7;
  ``committee_members`` >= 3 (committee_members, empty: 0).
- ``branch.size``: ``form = branch``; members <= 50 (members).

An organisation's members: ``members_full + members_probationary`` where
either is given, else the persons whose ``org`` it is with any ``member``
status; its full members: ``members_full``, else the persons with ``member =
full``.

Findings: ``[rule, node id, value]`` for each node that fails; the household
rules give one finding per community, its value the number of its households
that fail.  Coverage: ``[rule, division id, covered, total]`` for every
division of the city, county, subdistrict and community levels at or above the
*home* of at least one node the rule applies to.  Homes: a household's
residents' group, else its community; a unit's ``division``; a compound's
community; an organisation's ``division``, else its compound's, unit's or
grid's home, else (a joint branch) the lowest division holding all its joint
units, else its ``parent`` organisation's home; with none, the city.

What it does not do (partygraph's loader does): read values in any form but
the canonical one partygraph writes (``true`` / ``false``, English codes, one
``;`` between list items), map renamed columns, check ids and references, or
say where a cell is wrong.  On a model partygraph has written, that costs
nothing; on one typed by hand, the answers may differ where a value was
written another way.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import duckdb
import yaml

__all__ = ["RULES", "main", "run"]

#: The rules, in the order they are written out.
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
#: The tables read, with the columns used (every cell read as text).
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


def _read(con: duckdb.DuckDBPyConnection, name: str, source: Path | list[dict[str, Any]]) -> None:
    """A view over one CSV file (the columns used, as text, empty cells NULL),
    or a table of the rows the YAML lists inline."""
    columns = TABLES[name]
    if isinstance(source, list):
        con.execute(f"CREATE TABLE {name} ({', '.join(f'{c} VARCHAR' for c in columns)})")
        rows = [[text(row.get(c)) for c in columns] for row in source]
        if rows:
            marks = ", ".join("?" for _ in columns)
            con.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
        return
    literal = "'" + str(source).replace("'", "''") + "'"
    csv = f"read_csv({literal}, header = true, all_varchar = true)"
    present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {csv}").fetchall()}
    selected = ", ".join(
        f"nullif({c}, '') AS {c}" if c in present else f"CAST(NULL AS VARCHAR) AS {c}"
        for c in columns  # a column the table leaves out is empty
    )
    con.execute(f"CREATE VIEW {name} AS SELECT {selected} FROM {csv}")


# Each statement builds one table; later ones use earlier ones.
SQL = """
-- Every division and each division at or above it (any level), with the distance.
CREATE TABLE line AS
WITH RECURSIVE up(division, ancestor, steps) AS (
    SELECT id, id, 0 FROM divisions
    UNION ALL
    SELECT up.division, d.parent, up.steps + 1
    FROM up JOIN divisions d ON d.id = up.ancestor
    WHERE d.parent IS NOT NULL AND up.steps < 100
)
SELECT up.*, a.level FROM up JOIN divisions a ON a.id = up.ancestor;

-- Where coverage is counted: the four levels above (and at) each division.
CREATE TABLE chain AS
SELECT division, ancestor FROM line
WHERE level IN ('city', 'county', 'subdistrict', 'community');

CREATE TABLE community_of AS
SELECT division, arg_min(ancestor, steps) AS community FROM line
WHERE level = 'community' GROUP BY division;

-- Counted under the city: nodes with no home division (only if there is one city).
CREATE TABLE root AS
SELECT CASE WHEN count(*) = 1 THEN min(id) END AS id FROM divisions WHERE level = 'city';

-- Which party organisation covers which unit or compound.
CREATE TABLE covers AS
WITH orgs AS (SELECT *, coalesce(joint = 'true', false) AS is_joint FROM party_orgs)
SELECT DISTINCT org, kind, target, is_joint FROM (
    SELECT id AS org, 'unit' AS kind, unit AS target, is_joint FROM orgs WHERE unit IS NOT NULL
    UNION ALL
    SELECT id, 'unit', trim(unnest(string_split(joint_units, ';'))), is_joint
    FROM orgs WHERE joint_units IS NOT NULL
    UNION ALL
    SELECT id, 'compound', compound, is_joint FROM orgs WHERE compound IS NOT NULL
) WHERE target <> '';

CREATE TABLE covered AS
SELECT kind, target, count(*) AS orgs, count(*) FILTER (WHERE NOT is_joint) AS own
FROM covers GROUP BY kind, target;

-- Full members counted from the persons table.
CREATE TABLE works_full AS
SELECT unit, count(*) AS n FROM persons WHERE member = 'full' AND unit IS NOT NULL GROUP BY unit;

CREATE TABLE lives_full AS
SELECT h.compound, count(*) AS n
FROM persons p JOIN households h ON h.id = p.household
WHERE p.member = 'full' AND h.compound IS NOT NULL GROUP BY h.compound;

CREATE TABLE org_members AS
SELECT org, count(*) AS members, count(*) FILTER (WHERE member = 'full') AS full_members
FROM persons WHERE org IS NOT NULL AND member IS NOT NULL GROUP BY org;

CREATE TABLE unit_facts AS
SELECT u.id,
       coalesce(u.division, (SELECT id FROM root)) AS home,
       coalesce(u.municipal = 'true', false) = false
           AND u.type NOT IN ('residents_committee', 'owners_committee') AS resident,
       coalesce(CAST(u.members_full AS INTEGER), w.n, 0) AS full_members,
       u.instructor IS NOT NULL AS instructor,
       coalesce(c.orgs, 0) AS orgs,
       coalesce(c.own, 0) AS own
FROM units u
LEFT JOIN works_full w ON w.unit = u.id
LEFT JOIN covered c ON c.kind = 'unit' AND c.target = u.id;

CREATE TABLE compound_facts AS
SELECT x.id,
       x.community AS home,
       true AS resident,
       coalesce(CAST(x.members_full AS INTEGER), l.n, 0) AS full_members,
       x.instructor IS NOT NULL AS instructor,
       coalesce(c.orgs, 0) AS orgs,
       coalesce(c.own, 0) AS own
FROM compounds x
LEFT JOIN lives_full l ON l.compound = x.id
LEFT JOIN covered c ON c.kind = 'compound' AND c.target = x.id;

-- An organisation's home: its anchor's, else the lowest division over its
-- joint units' homes, else (below) its parent organisation's.
CREATE TABLE joint_home AS
WITH spans AS (
    SELECT DISTINCT v.org, u.home
    FROM covers v JOIN unit_facts u ON u.id = v.target
    JOIN party_orgs o ON o.id = v.org
    WHERE v.kind = 'unit' AND v.target IS DISTINCT FROM o.unit
),
common AS (
    SELECT s.org, l.ancestor, max(l.steps) AS height
    FROM spans s JOIN line l ON l.division = s.home
    GROUP BY s.org, l.ancestor
    HAVING count(*) = (SELECT count(*) FROM spans t WHERE t.org = s.org)
)
SELECT org, arg_min(ancestor, height) AS home FROM common GROUP BY org;

CREATE TABLE org_home AS
WITH RECURSIVE own AS (
    SELECT o.id, o.parent,
           CASE WHEN o.division IS NOT NULL THEN o.division
                WHEN o.compound IS NOT NULL THEN x.home
                WHEN o.unit IS NOT NULL THEN u.home
                WHEN o.grid IS NOT NULL THEN g.community
                ELSE j.home END AS home
    FROM party_orgs o
    LEFT JOIN compound_facts x ON x.id = o.compound
    LEFT JOIN unit_facts u ON u.id = o.unit
    LEFT JOIN grids g ON g.id = o.grid
    LEFT JOIN joint_home j ON j.org = o.id
),
walk(id, next_org, home, steps) AS (
    SELECT id, parent, home, 0 FROM own
    UNION ALL
    SELECT w.id, p.parent, p.home, w.steps + 1
    FROM walk w JOIN own p ON p.id = w.next_org
    WHERE w.home IS NULL AND w.steps < 100
)
SELECT id, coalesce(arg_min(home, steps) FILTER (WHERE home IS NOT NULL),
                    (SELECT id FROM root)) AS home
FROM walk GROUP BY id;

CREATE TABLE branch_facts AS
SELECT o.id, h.home,
       coalesce(CAST(o.members_full AS INTEGER), m.full_members, 0) AS full_members,
       CASE WHEN o.members_full IS NULL AND o.members_probationary IS NULL
            THEN coalesce(m.members, 0)
            ELSE coalesce(CAST(o.members_full AS INTEGER), 0)
                 + coalesce(CAST(o.members_probationary AS INTEGER), 0) END AS members,
       coalesce(CAST(o.committee_members AS INTEGER), 0) AS committee
FROM party_orgs o
JOIN org_home h ON h.id = o.id
LEFT JOIN org_members m ON m.org = o.id
WHERE o.form = 'branch';

-- Every rule over units, compounds and branches: one row per node it applies to.
CREATE TABLE outcomes AS
SELECT 'unit.set_up' AS rule, id, home, own >= 1 AS passed, own AS value
FROM unit_facts WHERE resident AND full_members >= 3
UNION ALL
SELECT 'compound.set_up', id, home, own >= 1, own FROM compound_facts WHERE full_members >= 3
UNION ALL
SELECT 'unit.joint_or_instructor', id, home, orgs >= 1 OR instructor, orgs
FROM unit_facts WHERE resident AND full_members BETWEEN 1 AND 2
UNION ALL
SELECT 'compound.joint_or_instructor', id, home, orgs >= 1 OR instructor, orgs
FROM compound_facts WHERE full_members BETWEEN 1 AND 2
UNION ALL
SELECT 'unit.organisational_coverage', id, home, orgs >= 1, orgs FROM unit_facts WHERE resident
UNION ALL
SELECT 'compound.organisational_coverage', id, home, orgs >= 1, orgs FROM compound_facts
UNION ALL
SELECT 'unit.work_coverage', id, home, orgs >= 1 OR instructor, orgs
FROM unit_facts WHERE resident
UNION ALL
SELECT 'compound.work_coverage', id, home, orgs >= 1 OR instructor, orgs FROM compound_facts
UNION ALL
SELECT 'branch.committee', id, home, committee >= 3, committee
FROM branch_facts WHERE full_members >= 7
UNION ALL
SELECT 'branch.size', id, home, members <= 50, members FROM branch_facts;

-- Households, counted per home division: the three household rules at once.
CREATE TABLE household_counts AS
SELECT coalesce(h.residents_group, h.community) AS container,
       count(*) AS n,
       count(h.residents_group) AS in_group,
       count(h.grid) AS in_grid,
       count(*) FILTER (WHERE p.member IS NOT NULL) AS led
FROM households h
LEFT JOIN grids g ON g.id = h.grid
LEFT JOIN persons p ON p.id = g.leader
GROUP BY ALL;

CREATE TABLE household_outcomes AS
SELECT rule, coalesce(container, (SELECT id FROM root)) AS home, container, applies, passing
FROM household_counts,
LATERAL (VALUES ('household.residents_group', n, in_group),
                ('household.grid', n, in_grid),
                ('household.grid_leader', in_grid, led)) AS r(rule, applies, passing)
WHERE applies > 0;
"""

FINDINGS = """
SELECT rule, id, value FROM outcomes WHERE NOT passed
UNION ALL
SELECT rule, c.community, CAST(sum(applies - passing) AS BIGINT)
FROM household_outcomes h JOIN community_of c ON c.division = h.container
GROUP BY rule, c.community HAVING sum(applies - passing) > 0
ORDER BY rule, id
"""

COVERAGE = """
WITH counted AS (
    SELECT rule, home, CAST(passed AS INTEGER) AS covered, 1 AS total FROM outcomes
    UNION ALL
    SELECT rule, home, passing, applies FROM household_outcomes
)
SELECT rule, ch.ancestor AS division, CAST(sum(covered) AS BIGINT), CAST(sum(total) AS BIGINT)
FROM counted JOIN chain ch ON ch.division = counted.home
GROUP BY rule, ch.ancestor
ORDER BY rule, division
"""


def run(model: Path) -> dict[str, Any]:
    """The findings and coverage of :data:`RULES` over the model at ``model``."""
    con = duckdb.connect()
    for name, source in sections(model).items():
        _read(con, name, source)
    con.execute(SQL)
    findings = [list(row) for row in con.execute(FINDINGS).fetchall()]
    coverage = [list(row) for row in con.execute(COVERAGE).fetchall()]
    return {"rules": list(RULES), "findings": findings, "coverage": coverage}


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
