"""What changed in the example city from 2022 to 2023: the diff and the two checks compared.

Run ``python examples/diff_years.py``.  The same as ``partygraph diff
configs/yangjiang-2022.yaml configs/yangjiang.yaml --check``, from Python.
"""

from __future__ import annotations

from pathlib import Path

import partygraph
from partygraph.change.render import render

ROOT = Path(__file__).resolve().parent.parent

old = partygraph.load(ROOT / "configs" / "yangjiang-2022.yaml")
new = partygraph.load(ROOT / "configs" / "yangjiang.yaml")
d = partygraph.diff(old, new)
r = partygraph.compare(
    partygraph.check(old, single_points=False), partygraph.check(new, single_points=False)
)

# The figures a yearly report quotes, from the data rather than the rendering.
orgs = d.section("party_orgs")
print(
    f"新建党组织 {len(orgs.added)} 个，组织形式变化 "
    f"{sum(1 for c in orgs.changed if any(f.field == 'form' for f in c.changes))} 个"
)
households = d.table("households")
print(f"住户 {households.before:,} → {households.after:,}，迁移 {households.moved:,} 户")
for c in r.coverage:
    if c.rule in r.headline and c.parent is None:
        print(f"{r.titles[c.rule]}：{c.ratio_before:.1%} → {c.ratio_after:.1%}")
print(f"新出现的错误 {r.opened_count('error')} 处，已解决的错误 {r.closed_count('error')} 处")
print()
print(render(d, r, "text", limit=5))
