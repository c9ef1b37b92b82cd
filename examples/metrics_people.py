"""Who holds the network together on the shipped example: the persons with the
most posts, the brokers between communities, and the units that are a
community's only link to the city (docs/metrics.md)."""

from __future__ import annotations

import partygraph

model = partygraph.load("configs/yangjiang.yaml")
people = partygraph.metrics(model, network="persons", top=5)
for m in people.top("posts", 3):
    print(f"{m.node.name}：{m.posts} 个岗位，联系 {m.communities} 个社区")
for m in people.brokers(3):
    print(f"跨社区：{m.node.name}，{m.communities} 个社区，中介中心度 {m.betweenness:.3f}")

units = partygraph.metrics(model, network="units", top=5)
sole = [m for m in units.rows if m.sole_links]
print(f"{sum(m.sole_links for m in sole)} 个社区只靠一个市直单位联系，涉及 {len(sole)} 个单位")
