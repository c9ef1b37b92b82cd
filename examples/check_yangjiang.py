"""Check the Yangjiang example model and print its overview: the headline
coverage of the city, its four counties side by side, and the ten
communities with the most findings.

The model is the shipped illustrative one (``configs/yangjiang.yaml``: Yangjiang's
real divisions, synthetic 示意数据 below them, with the counts reported for
Yangjiang); both built-in rule packs run
(``regulations`` and ``yangjiang``).  The figures come from
:func:`partygraph.report.overview.overview`, what every report leads with
(``partygraph check`` prints the same in its first screen).  Run from the
repository root::

    .venv/bin/python examples/check_yangjiang.py
"""

from __future__ import annotations

from pathlib import Path

import partygraph
from partygraph.model.report import Report
from partygraph.report.overview import coverage_table, overview
from partygraph.rules.check import check

CONFIG = Path("configs/yangjiang.yaml")


def main() -> None:
    if CONFIG.exists():
        model = partygraph.load(CONFIG)
    else:  # a checkout without the shipped data: build the same model
        from partygraph.synthetic import synth

        model = synth(preset="yangjiang")
    report = check(model)
    counts = report.counts()
    ov = overview(report)
    print(f"{report.model}（{report.snapshot}）")
    print(
        f"规则 {len(report.rules)} 条；错误 {counts['error']}，警告 {counts['warning']}，"
        f"提示 {counts['info']}；单点风险 {len(report.single_points)} 个"
    )
    headline = [f for f in ov.headline if f.rule.headline]
    print()
    print(f"{ov.scope.name if ov.scope else report.model}：")
    for f in headline:
        print(f"  {f.title}  {f.row.covered}/{f.row.total}  {f.row.ratio:.1%}")
    print()
    print("各县(市、区)的组织覆盖、工作覆盖（单位、小区）：")
    for unit in ov.units:
        cells = [unit.rows.get(f.rule.id) for f in headline]
        print(f"  {unit.node.name}", *("—" if c is None else f"{c.ratio:.1%}" for c in cells))
    print()
    print("问题最多的十个社区：")
    where = _where(report)
    for rank, place in enumerate(ov.worst, start=1):
        tally = place.counts
        print(
            f"{rank:>2} {place.node.name}  {where.get(place.node.id, '')}  "
            f"错误 {tally['error']}  警告 {tally['warning']}  提示 {tally['info']}"
        )


def _where(report: Report) -> dict[str, str]:
    """Each community's county and subdistrict, from the coverage rows' parents."""
    names = {
        u.node.id: u for level in ("county", "subdistrict") for u in coverage_table(report, level)
    }
    out = {}
    for community in coverage_table(report, "community"):
        chain, at = [], community.parent
        while at in names:
            chain.append(names[at].node.name)
            at = names[at].parent
        out[community.node.id] = " › ".join(reversed(chain))
    return out


if __name__ == "__main__":
    main()
