"""The example city as it stood on a date, and one subdistrict of it on its own.

Run from the repository root::

    python examples/as_of.py [configs/yangjiang.yaml]

Prints, for the model's own date and a year later, how many co-building
agreements are unsigned or expired and the finding totals; then the figures
of one subdistrict taken out with ``Model.subtree``.  See docs/time.md.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import partygraph
from partygraph.rules.check import check

DEFAULT = Path("configs/yangjiang.yaml")
FALLBACK = Path("tests/fixtures/rules/model.yaml")


def main(path: Path) -> None:
    model = partygraph.load(path)
    day = model.snapshot or dt.date.today()
    for when in (day, day + dt.timedelta(days=366)):
        report = check(model, as_of=when, single_points=False)
        expired = [f for f in report.findings if f.rule == "pairing.agreement_in_force"]
        unsigned = [f for f in report.findings if f.rule == "pairing.agreement_signed"]
        counts = report.counts()
        print(
            f"{report.snapshot}：共建协议过期 {len(expired)} 份，未签 {len(unsigned)} 份；"
            f"错误 {counts['error']} · 警告 {counts['warning']} · 提示 {counts['info']}"
        )
    subdistrict = next(d for d in model.divisions if d.level == "subdistrict")
    part = model.subtree(subdistrict.id)
    partygraph.validate(part)  # a subtree is a model of its own
    communities = sum(d.level == "community" for d in part.divisions)
    print(
        f"{subdistrict.name}（{subdistrict.id}）：社区 {communities} 个，"
        f"户 {part.count('households'):,}，人 {part.count('persons'):,}，"
        f"党组织 {part.count('party_orgs')} 个（含上级党组织）"
    )


if __name__ == "__main__":
    given = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    main(given if given.exists() else FALLBACK)
