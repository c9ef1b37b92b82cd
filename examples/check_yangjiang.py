"""Check the Yangjiang example model and print the ten communities with the most gaps.

The model is the shipped illustrative one (``configs/yangjiang.yaml``: Yangjiang's
real divisions, synthetic 示意数据 below them, with the counts reported for
Yangjiang); both built-in rule packs run
(``regulations`` and ``yangjiang``).  Run from the repository root::

    .venv/bin/python examples/check_yangjiang.py
"""

from __future__ import annotations

from pathlib import Path

import partygraph
from partygraph.model.report import NodeRef, Report
from partygraph.rules.check import check, worst

CONFIG = Path("configs/yangjiang.yaml")


def main() -> None:
    if CONFIG.exists():
        model = partygraph.load(CONFIG)
    else:  # a checkout without the shipped data: build the same model
        from partygraph.synthetic import synth

        model = synth(preset="yangjiang")
    report = check(model)
    counts = report.counts()
    print(f"{report.model}（{report.snapshot}）")
    print(
        f"规则 {len(report.rules)} 条；错误 {counts['error']}，警告 {counts['warning']}，"
        f"提示 {counts['info']}；单点风险 {len(report.single_points)} 个"
    )
    print()
    print("问题最多的十个社区 the ten communities with the most gaps:")
    print(f"{'':2}{'社区':<10}{'所在':<18}{'错误':>6}{'警告':>6}{'提示':>6}")
    for rank, (node, tally) in enumerate(worst(report, n=10), start=1):
        where = " › ".join(n.name for n in _above(report, node.id))
        print(
            f"{rank:>2} {node.name:<10}{where:<18}"
            f"{tally['error']:>6}{tally['warning']:>6}{tally['info']:>6}"
        )


def _above(report: Report, node_id: str) -> list[NodeRef]:
    """The county and subdistrict of a community, read off a finding's chain."""
    for f in report.findings:
        ids = [n.id for n in f.chain]
        if f.node.id == node_id:
            return f.chain[1:]
        if node_id in ids:
            return f.chain[1 : ids.index(node_id)]
    return []


if __name__ == "__main__":
    main()
