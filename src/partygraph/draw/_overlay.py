"""A report overlaid on a diagram: which boxes a check's findings fill or
mark, and the coverage ratios written on the hierarchy.

A box's fill and the ``覆盖 x%`` written on the diagram come from the same
rule, the layer's coverage rule: a box is filled red or amber only where that
rule found something (on the node, or on a node it stands for), so a filled
box never reads ``100%`` for a reason the figure does not count.  Findings of
the layer's other rules put a small dot of their severity on the box's corner
(a *marker*), and the legend names every rule by its Chinese title.  With no
coverage rule (``coverage_rule=""``) the layer's rules fill the boxes, as one
set, and nothing is marked.

The rules each layer overlays are data, :data:`partygraph.draw.style.LAYER_RULES`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from partygraph.draw._scene import Scene
from partygraph.draw.style import LAYER_RULES, LOW_COVERAGE, SEVERITY_LABEL
from partygraph.i18n import use_language
from partygraph.model.report import CoverageRow, Report, RuleInfo, Severity
from partygraph.report.overview import counted, title

__all__ = ["Overlay", "coverage_low", "rule_title"]

_RANK: dict[str, int] = {"error": 0, "warning": 1}
#: The severities drawn, worst first (info findings are not drawn).
_DRAWN: tuple[Severity, ...] = ("error", "warning")


def _matches(rule: str, patterns: Sequence[str]) -> bool:
    return any(p in ("*", rule) or rule.startswith(p.rstrip(".") + ".") for p in patterns)


def _worse(a: Severity | None, b: Severity | None) -> Severity | None:
    if a is None or (b is not None and _RANK[b] < _RANK[a]):
        return b
    return a


def rule_title(info: RuleInfo | None, rule: str) -> str:
    """A rule's Chinese title for a diagram (the diagrams are Chinese
    throughout), its id when the report does not know the rule.

    Examples
    --------
    >>> rule_title(None, "grid.leader")
    'grid.leader'
    """
    if info is None:
        return rule
    with use_language("zh"):
        return title(info)


class Overlay:
    """What a report says about the nodes of one layer, indexed for drawing.

    ``coverage_rule`` is the rule whose coverage ratio is written on
    hierarchy nodes and whose findings fill boxes (``""``: none); ``rules``
    are the rules whose findings mark boxes with a dot (ids, or prefixes that
    match up to a dot: ``"grid"`` matches ``grid.leader``; ``"*"`` matches
    all).  ``None`` takes the layer's defaults from :data:`LAYER_RULES`.
    ``fold`` maps the id of a node that is not drawn to the drawn node that
    stands for it (a service item to its centre, a compound to its community).

    Examples
    --------
    >>> from partygraph.model.report import CoverageRow, Finding, NodeRef, Report
    >>> ref = NodeRef(id="c1", kind="community", name="东风社区")
    >>> row = lambda rule, r: CoverageRow(rule=rule, node=ref, level="community",
    ...     covered=int(r * 10), total=10, ratio=r)
    >>> finding = lambda rule, sev: Finding(rule=rule, severity=sev, node=ref,
    ...     message="", message_en="", hint="")
    >>> rep = Report(model="m", findings=[finding("grid.leader", "error"),
    ...     finding("household.visit", "warning")], coverage=[row("grid.leader", 0.9)])
    >>> ov = Overlay(rep, "grid")
    >>> ov.severity("c1"), ov.marker("c1"), ov.coverage("c1")
    ('error', 'warning', '覆盖 90%')
    >>> Overlay(rep, "whistle").severity("c1") is None
    True
    >>> Overlay(None, "grid").severity("c1") is None
    True
    """

    def __init__(
        self,
        report: Report | None,
        layer: str,
        *,
        rules: Sequence[str] | None = None,
        coverage_rule: str | None = None,
        fold: dict[str, list[str]] | None = None,
    ) -> None:
        default_rules, default_coverage = LAYER_RULES[layer]
        self.report = report
        self.rules = tuple(default_rules if rules is None else rules)
        self.coverage_rule = default_coverage if coverage_rule is None else coverage_rule
        self._severity: dict[str, Severity] = {}
        self._marker: dict[str, Severity] = {}
        self._marker_rules: dict[str, set[str]] = {}
        self._groups: dict[str, list[str]] = {}
        self._rows: dict[str, CoverageRow] = {}
        if report is None:
            return
        fold = fold or {}
        for f in report.findings:
            if f.severity not in _RANK:
                continue
            fills = f.rule == self.coverage_rule or (
                not self.coverage_rule and _matches(f.rule, self.rules)
            )
            if not fills and not _matches(f.rule, self.rules):
                continue
            for node in [f.node.id, *fold.get(f.node.id, [])]:
                if fills:
                    self._severity[node] = _worse(self._severity.get(node), f.severity) or "error"
                else:
                    self._marker[node] = _worse(self._marker.get(node), f.severity) or "error"
                    self._marker_rules.setdefault(node, set()).add(f.rule)
        for c in report.coverage:
            if c.ratio is not None and c.rule == self.coverage_rule:
                self._rows[c.node.id] = c

    def severity(self, node_id: str | None) -> Severity | None:
        """The fill of a node: the worst error or warning of the coverage rule on
        it (of the layer's rules when there is no coverage rule); info is not drawn."""
        return None if node_id is None else self._severity.get(node_id)

    def marker(self, node_id: str | None) -> Severity | None:
        """The dot on a node: the worst error or warning of the layer's other rules."""
        return None if node_id is None else self._marker.get(node_id)

    def worst(self, node_ids: Iterable[str], box: str | None = None) -> Severity | None:
        """The fill of a box standing for several nodes (their worst); with
        ``box``, the box's id, its marker is their worst marker too."""
        ids = list(node_ids)
        if box is not None:
            self._groups[box] = ids
        found = {self._severity.get(n) for n in ids}
        return "error" if "error" in found else "warning" if "warning" in found else None

    def row(self, node_id: str) -> CoverageRow | None:
        """The node's coverage row under :attr:`coverage_rule`, if any."""
        return self._rows.get(node_id)

    def coverage(self, node_id: str) -> str | None:
        """``"覆盖 83%"``: the node's coverage under :attr:`coverage_rule`, or ``None``."""
        row = self._rows.get(node_id)
        if row is None or row.ratio is None:
            return None
        return f"覆盖 {math.floor(row.ratio * 100 + 1e-9):.0f}%"

    def _info(self, rule: str) -> RuleInfo | None:
        if self.report is None:
            return None
        return next((r for r in self.report.rules if r.id == rule), None)

    def _mark(self, scene: Scene) -> dict[str, int]:
        """Put markers on the scene's boxes; how many boxes each marking rule marks."""
        per_rule: dict[str, int] = {}
        for node in scene.nodes:
            if node.id is None:
                continue
            ids = self._groups.get(node.id) or [node.id.partition("@")[0]]
            marks = [self._marker[i] for i in ids if i in self._marker]
            if not marks:
                continue
            node.marker = "error" if "error" in marks else "warning"
            for rule in set().union(*(self._marker_rules.get(i, set()) for i in ids)):
                per_rule[rule] = per_rule.get(rule, 0) + 1
        return per_rule

    def legend(self, scene: Scene) -> None:
        """Mark the scene's boxes and add the overlay's legend entries (nothing
        without a report): the fills, the coverage figure, the markers, each
        rule by its Chinese title."""
        if self.report is None:
            return
        per_rule = self._mark(scene)
        fills = {sev: sum(1 for n in scene.nodes if n.severity == sev) for sev in _RANK}
        info = self._info(self.coverage_rule) if self.coverage_rule else None
        what = rule_title(info, self.coverage_rule)
        noun = "对象"
        if info is not None and info.counts:
            with use_language("zh"):
                noun = counted(info)
        for sev in _DRAWN:
            shown = info is None or info.severity == sev or fills[sev]
            if self.coverage_rule and shown:
                text = f"{SEVERITY_LABEL[sev]}：“{what}”有未达到的{noun}，本图 {fills[sev]} 个"
                scene.legend.append((sev, text))
            elif not self.coverage_rule:
                scene.legend.append((sev, f"{SEVERITY_LABEL[sev]}：本图 {fills[sev]} 个"))
        drawn = {n.id.partition("@")[0] for n in scene.nodes if n.id is not None}
        if drawn & self._rows.keys():
            scene.legend.append(("text", f"覆盖 x% = 达到“{what}”的{noun}所占比例"))
        if not self.coverage_rule:
            names = "全部规则" if "*" in self.rules else "、".join(self._titles(self.rules))
            scene.legend.append(("text", f"填色依据：{names}"))
        for sev in _DRAWN:
            n = sum(1 for node in scene.nodes if node.marker == sev)
            if n:
                scene.legend.append(
                    (f"marker_{sev}", f"圆点：其他规则的{_sev_zh(sev)}，本图 {n} 个")
                )
        if per_rule:
            ranked = sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))
            named = "；".join(f"{rule_title(self._info(r), r)}（{n} 个框）" for r, n in ranked)
            scene.legend.append(("text", f"圆点所示：{named}"))

    def _titles(self, patterns: Sequence[str]) -> list[str]:
        """Titles of the report's rules that ``patterns`` match (the patterns
        themselves where none ran)."""
        if self.report is None:
            return list(patterns)
        found = [rule_title(r, r.id) for r in self.report.rules if _matches(r.id, patterns)]
        return found or list(patterns)


def _sev_zh(severity: Severity) -> str:
    """``错误`` / ``警告``: a severity's Chinese word, for running text."""
    return SEVERITY_LABEL[severity]


def coverage_low(text: str) -> bool:
    """Whether a label is a coverage ratio (:meth:`Overlay.coverage`) below
    :data:`partygraph.draw.style.LOW_COVERAGE`.

    Examples
    --------
    >>> coverage_low("覆盖 79%"), coverage_low("覆盖 80%"), coverage_low("覆盖率")
    (True, False, False)
    """
    if not text.startswith("覆盖 "):
        return False
    try:
        return float(text.removeprefix("覆盖 ").removesuffix("%")) < LOW_COVERAGE * 100
    except ValueError:
        return False
