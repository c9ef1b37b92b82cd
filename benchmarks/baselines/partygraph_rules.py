"""The same thirteen rules run by partygraph, written out as the baselines write theirs.

``partygraph.load`` and ``partygraph.check`` with only the thirteen rules of
:mod:`duckdb_rules` (taken from the built-in packs, defaults unchanged; no
single points of failure and no load figures, which the baselines do not
compute either), and their findings and coverage as the same JSON.  The
end-to-end benchmark times this next to the two baselines and the full
``partygraph check``, and compares the three outputs.

Usage::

    python benchmarks/baselines/partygraph_rules.py MODEL.yaml --out findings.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path
from typing import Any

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


def _plain(value: Any) -> Any:
    """A finding's value as JSON writes it (a whole float as an int)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def run(model: Path) -> dict[str, Any]:
    import partygraph
    from partygraph.rules import PACKS
    from partygraph.rules.check import check
    from partygraph.rules.loader import load_pack

    sets = []
    for name in PACKS:
        pack = load_pack(name)
        chosen = [r for r in pack.rules if r.rule.id in RULES]
        sets.append(dataclasses.replace(pack, rules=chosen, loads=[]))
    report = check(partygraph.load(model), packs=[], rules=sets, single_points=False)
    findings = sorted([f.rule, f.node.id, _plain(f.value)] for f in report.findings)
    coverage = sorted([c.rule, c.node.id, c.covered, c.total] for c in report.coverage)
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
