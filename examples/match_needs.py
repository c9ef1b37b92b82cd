"""Needs matched with resources on the shipped example: which needs of the paired
communities their own unit meets, which another paired unit offers, which none,
and the pairing that would meet the most (docs/matching.md)."""

from __future__ import annotations

from collections import Counter

import partygraph
from partygraph.analysis.assign import assign
from partygraph.analysis.match import match

model = partygraph.load("configs/yangjiang.yaml")
report = match(model, recommend_top=3)
print(
    f"需求 {report.needs} 项：本单位满足 {report.met}，"
    f"其他单位可满足 {report.elsewhere}，无人提供 {report.unmet}"
)

# The needs nobody offers, most asked first: what to recruit units for.
nobody = Counter(n.need for c in report.communities for n in c.needs if not n.met and not n.offers)
print("无人提供的需求：", "、".join(f"{need} {k} 个社区" for need, k in nobody.most_common(5)))

# A community's best units.
first = report.communities[0]
ranked = [r for r in report.recommendations if r.community.id == first.community.id]
print(
    first.community.name,
    "可推荐：",
    "、".join(f"{r.unit.name}（{len(r.needs)} 项）" for r in ranked),
)

best = assign(model, capacity=3)
moved = sum(not p.current for p in best.pairs)
print(f"优化挂点：可满足的需求 {best.before} → {best.after} 项，{moved} 个社区调整挂点单位")
