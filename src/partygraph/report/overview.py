"""What every report leads with: how covered the scope is, unit by unit one
level down, and where it is worst.

The text, Markdown and HTML reports, the workbook and the Word report all
open with this overview; they differ only in how they lay it out.  It is
computed from the report alone (its coverage rows, rules and findings), so
a report read back from JSON gives the same overview.

- :func:`coverage_rules` — the rules with coverage, headline figures first
  (组织覆盖, 工作覆盖: ``headline: true`` in the packs), then in report order;
- :func:`coverage_table` — the coverage of every unit of one level (under one
  unit, optionally), a row a unit, a figure a rule;
- :func:`overview` — the scope's own figures, its units one level down, and
  the units with the most findings;
- :func:`drill` — the units from one level below the scope down to a
  ``depth``, each under its parent (``check --depth``).

Examples
--------
>>> import partygraph
>>> report = partygraph.check(partygraph.load("tests/fixtures/rules/model.yaml"))
>>> ov = overview(report)
>>> ov.scope.name, ov.level
('示例市', 'county')
>>> [f.title for f in ov.headline][:2]
['单位党的组织覆盖（本单位党组织或联合党支部）', '小区党的组织覆盖（小区党支部或联合党支部）']
>>> [u.node.name for u in ov.units]
['城区']
>>> ov.worst[0].node.id, ov.worst[0].counts["error"]
('c2', 4)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from partygraph.i18n import language
from partygraph.model.report import SEVERITIES, CoverageRow, NodeRef, Report, RuleInfo
from partygraph.rules.check import worst as worst_units
from partygraph.vocabulary import KIND_LABELS, LEVELS
from partygraph.vocabulary.items import PART_LABELS

__all__ = [
    "ABOVE",
    "ABOVE_LABELS",
    "ORDER",
    "Figure",
    "Overview",
    "Place",
    "UnitCoverage",
    "counted",
    "coverage_rules",
    "coverage_table",
    "drill",
    "overview",
    "title",
]


#: The levels a national report has above a model's top (its rows of the
#: nation and of each province: :mod:`partygraph.nation.merge`).
ABOVE = ("nation", "province")
#: Every level a coverage row can have, top down.
ORDER = (*ABOVE, *LEVELS)
#: What the levels above a model are called, in Chinese and in English (a
#: model's own kinds are named in the vocabulary).
ABOVE_LABELS = {"nation": ("全国", "nation"), "province": ("省", "province")}


def title(info: RuleInfo) -> str:
    """What a rule's coverage counts, in the current language: its ``title``
    (``title_en``), else its message.

    Examples
    --------
    >>> from partygraph.i18n import use_language
    >>> info = RuleInfo(id="grid.leader", pack="p", severity="error",
    ...     message="网格未配备党员网格长", message_en="grid has no leader", hint="",
    ...     title="网格配备党员网格长",
    ...     title_en="grids with a party-member leader")
    >>> title(info)
    '网格配备党员网格长'
    >>> with use_language("en"):
    ...     title(info)
    'grids with a party-member leader'
    """
    zh = language() == "zh"
    said = info.title if zh else info.title_en
    return said or (info.message if zh else info.message_en)


def counted(info: RuleInfo) -> str:
    """What a coverage row of the rule counts, as a noun: ``网格``, ``事项类别`` ...

    >>> counted(RuleInfo(id="r", pack="p", severity="info", message="m", message_en="m",
    ...     hint="", counts="grid"))
    '网格'
    """
    kind = info.counts or ""
    zh = language() == "zh"
    if kind in PART_LABELS:
        return PART_LABELS[kind][0 if zh else 1]
    if zh:
        return KIND_LABELS.get(kind, kind)
    return kind.replace("_", " ")


@dataclass(frozen=True)
class Figure:
    """One rule's coverage at one unit: the row, and the rule that says what it means."""

    rule: RuleInfo
    row: CoverageRow

    @property
    def title(self) -> str:
        """The rule's coverage title in the current language."""
        return title(self.rule)

    @property
    def ratio(self) -> float | None:
        return self.row.ratio


@dataclass(frozen=True)
class UnitCoverage:
    """The coverage of one unit: its rows by rule id (a rule with nothing to
    count under the unit has no row)."""

    node: NodeRef
    level: str
    parent: str | None
    rows: dict[str, CoverageRow] = field(default_factory=dict)


@dataclass(frozen=True)
class Place:
    """A unit with findings on or under it, and their count per severity."""

    node: NodeRef
    counts: dict[str, int]


@dataclass(frozen=True)
class Overview:
    """The head of every report.

    ``scope`` is the top unit reported (the city, or the ``--scope``) and
    ``headline`` its figures, one per rule with coverage; ``units`` are the
    units one level down (``level``) with their figures; ``worst`` the units
    of ``worst_level`` with the most findings, errors first.
    """

    scope: NodeRef | None
    rules: tuple[RuleInfo, ...]
    headline: tuple[Figure, ...]
    level: str | None
    units: tuple[UnitCoverage, ...]
    worst_level: str
    worst: tuple[Place, ...]


def coverage_rules(report: Report) -> list[RuleInfo]:
    """The rules that have coverage rows: headline rules first, then in report order.

    >>> rules = [RuleInfo(id=i, pack="p", severity="info", message="m", message_en="m",
    ...     hint="", headline=h) for i, h in [("a", False), ("b", True), ("c", False)]]
    >>> ref = NodeRef(id="c", kind="city", name="示例市")
    >>> rows = [CoverageRow(rule=i, node=ref, level="city", covered=1, total=2, ratio=0.5)
    ...     for i in ("a", "b")]
    >>> [r.id for r in coverage_rules(Report(model="m", rules=rules, coverage=rows))]
    ['b', 'a']
    """
    with_rows = {c.rule for c in report.coverage}
    rules = [r for r in report.rules if r.id in with_rows]
    return sorted(rules, key=lambda r: not r.headline)  # stable: report order within


def coverage_table(report: Report, level: str, *, under: str | None = None) -> list[UnitCoverage]:
    """The coverage of every unit of ``level`` (those under the unit ``under``
    when given), in the report's order (the model's, top down).

    >>> import partygraph
    >>> report = partygraph.check(partygraph.load("tests/fixtures/rules/model.yaml"))
    >>> rows = [u.rows["grid.leader"] for u in coverage_table(report, "community")]
    >>> [(r.node.id, r.covered, r.total) for r in rows]   # c1's second grid: a non-member leads it
    [('c1', 1, 2), ('c2', 1, 1), ('c3', 1, 1)]
    >>> [u.node.id for u in coverage_table(report, "community", under="s2")]
    ['c3']
    """
    if level not in ORDER:
        raise ValueError(f"level must be one of {', '.join(ORDER)}, not {level!r}")
    units: dict[str, UnitCoverage] = {}
    ancestors = _ancestors(report) if under is not None else {}
    for c in report.coverage:
        if c.level != level:
            continue
        if under is not None and under != c.node.id and under not in ancestors.get(c.node.id, ()):
            continue
        unit = units.get(c.node.id)
        if unit is None:
            unit = units[c.node.id] = UnitCoverage(c.node, c.level, c.parent)
        unit.rows[c.rule] = c
    return list(units.values())


def overview(report: Report, *, worst_level: str = "community", n_worst: int = 10) -> Overview:
    """The report's overview: the scope's figures, its units one level down,
    and the ``n_worst`` units of ``worst_level`` with the most findings.

    >>> ov = overview(Report(model="示例市"))
    >>> ov.scope is None, ov.headline, ov.units
    (True, (), ())
    """
    rules = coverage_rules(report)
    top = _top(report)
    headline: list[Figure] = []
    units: list[UnitCoverage] = []
    level = None
    if top is not None:
        by_rule = {r.id: r for r in rules}
        headline = [Figure(by_rule[r], top.rows[r]) for r in by_rule if r in top.rows]
        level = _below(top.level, report)
        if level is not None:
            units = [u for u in coverage_table(report, level) if u.parent == top.node.id]
    places = tuple(
        Place(node, counts) for node, counts in worst_units(report, level=worst_level, n=n_worst)
    )
    return Overview(
        scope=None if top is None else top.node,
        rules=tuple(rules),
        headline=tuple(headline),
        level=level,
        units=tuple(units),
        worst_level=worst_level,
        worst=tuple(p for p in places if any(p.counts[s] for s in SEVERITIES)),
    )


def _top(report: Report) -> UnitCoverage | None:
    """The unit at the top of the coverage rows (the city, or the scope)."""
    if not report.coverage:
        return None
    level = min((c.level for c in report.coverage), key=ORDER.index)
    tops = coverage_table(report, level)
    return tops[0] if len(tops) == 1 else None


def _below(level: str, report: Report) -> str | None:
    """The next level down that has coverage rows (a model may skip counties)."""
    present = {c.level for c in report.coverage}
    return next((lvl for lvl in ORDER[ORDER.index(level) + 1 :] if lvl in present), None)


def _ancestors(report: Report) -> dict[str, tuple[str, ...]]:
    """Each unit's ancestors' ids, from the coverage rows' parents."""
    parent = {c.node.id: c.parent for c in report.coverage}
    out: dict[str, tuple[str, ...]] = {}
    for unit, above in parent.items():
        chain, at = [], above
        while at is not None and at not in chain:
            chain.append(at)
            at = parent.get(at)
        out[unit] = tuple(chain)
    return out


def drill(report: Report, depth: str | None = None) -> list[tuple[int, UnitCoverage]]:
    """The units from one level below the top unit down to the level ``depth``
    (``None``: that one level), each after its parent, with its depth below
    the top (0 for the level just below it).

    A model that skips a level (subdistricts right under the city) has its
    units placed by their parents all the same; a ``depth`` at or above the
    first level below the top gives that first level.

    >>> import partygraph
    >>> report = partygraph.check(partygraph.load("tests/fixtures/rules/model.yaml"))
    >>> [(d, u.node.id) for d, u in drill(report)]
    [(0, 'k1')]
    >>> [(d, u.node.id) for d, u in drill(report, "community")]
    [(0, 'k1'), (1, 's1'), (2, 'c1'), (2, 'c2'), (1, 's2'), (2, 'c3')]
    """
    if depth is not None and depth not in ORDER:
        raise ValueError(f"depth must be one of {', '.join(ORDER)}, not {depth!r}")
    top = _top(report)
    if top is None:
        return []
    present = {c.level for c in report.coverage}
    levels = [lvl for lvl in ORDER[ORDER.index(top.level) + 1 :] if lvl in present]
    if depth is not None:
        levels = [lvl for lvl in levels if ORDER.index(lvl) <= ORDER.index(depth)] or levels[:1]
    children: dict[str | None, list[UnitCoverage]] = {}
    for lvl in levels[: 1 if depth is None else None]:
        for unit in coverage_table(report, lvl):
            children.setdefault(unit.parent, []).append(unit)
    out: list[tuple[int, UnitCoverage]] = []

    def walk(parent: str, below: int) -> None:
        for unit in children.get(parent, ()):
            out.append((below, unit))
            walk(unit.node.id, below + 1)

    walk(top.node.id, 0)
    return out
