"""Pairings (结对共建): a municipal unit and the community it is paired with,
their resources, needs and joint projects, and the three-year agreement."""

from __future__ import annotations

import datetime as dt

from partygraph.model import Pairing
from partygraph.synthetic.catalogue import NEEDS, PROJECTS, RESOURCES
from partygraph.synthetic.town import Town

__all__ = ["make_pairings"]

#: An agreement runs three years.
_TERM = dt.timedelta(days=1095)


def _some(t: Town, pool: tuple[str, ...], lo: int, hi: int) -> list[str]:
    """``lo`` to ``hi`` distinct entries of ``pool``."""
    rng = t.dice.rng
    return [pool[int(j)] for j in rng.choice(len(pool), t.dice.ri(lo, hi), replace=False)]


def make_pairings(t: Town) -> None:
    """Every pairing of the plan.  Gaps: agreements unsigned, or signed over three years ago."""
    dice, n = t.dice, t.plan.pairings
    unsigned = dice.gap(n, t.plan.gaps / 2)
    expired = dice.gap(n, t.plan.gaps / 2)
    width = max(3, len(str(n)))
    for i in range(n):
        ui, c = int(t.units.mu_of_pairing[i]), int(t.units.pair_comm[i])
        u = t.units.items[ui]
        resources = _some(t, RESOURCES, 3, 5)
        needs = _some(t, NEEDS, 3, 5)
        projects = [f"{resources[0]}进社区", *_some(t, PROJECTS, 1, 3)]
        signed = (
            None
            if unsigned[i]
            else dice.ago(dice.ri(1200, 1500) if expired[i] else dice.ri(20, 1000))
        )
        t.out.pairings.append(
            Pairing(
                id=f"pr{i + 1:0{width}d}",
                name=f"{u.name}挂点{t.geo.comm_names[c]}",
                unit=u.id,
                community=t.geo.comm_ids[c],
                resources=resources,
                projects=projects,
                needs=needs,
                agreement_signed=signed,
                valid_from=signed,
                valid_until=None if signed is None else signed + _TERM,
            )
        )
