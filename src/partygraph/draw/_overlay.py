"""A report overlaid on a diagram: which nodes a check's findings colour, and
the coverage ratios written on the hierarchy.

The rules each layer overlays are data, :data:`partygraph.draw.style.LAYER_RULES`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from partygraph.draw._scene import Scene
from partygraph.draw.style import LAYER_RULES, LOW_COVERAGE, SEVERITY_LABEL
from partygraph.model.report import Report, Severity

__all__ = ["Overlay", "coverage_low"]


def _matches(rule: str, patterns: Sequence[str]) -> bool:
    return any(p in ("*", rule) or rule.startswith(p.rstrip(".") + ".") for p in patterns)


class Overlay:
    """What a report says about the nodes of one layer, indexed for drawing.

    ``rules`` are the rules whose findings colour nodes (ids, or prefixes that
    match up to a dot: ``"grid"`` matches ``grid.leader``; ``"*"`` matches
    all); ``coverage_rule`` is the rule whose coverage ratio is written on
    hierarchy nodes (``""``: none).  ``None`` takes the layer's defaults from
    :data:`LAYER_RULES`.  ``fold`` maps the id of a node that is not drawn to
    the drawn node that stands for it (a service item to its centre, a
    community's party organisation to the community).

    Examples
    --------
    >>> from partygraph.model.report import CoverageRow, Finding, NodeRef, Report
    >>> ref = NodeRef(id="c1", kind="community", name="东风社区")
    >>> row = lambda rule, r: CoverageRow(rule=rule, node=ref, level="community",
    ...     covered=int(r * 10), total=10, ratio=r)
    >>> warn = Finding(rule="grid.leader", severity="warning", node=ref, message="",
    ...     message_en="", hint="")
    >>> rep = Report(model="m", findings=[warn], coverage=[row("grid.leader", 0.9)])
    >>> ov = Overlay(rep, "grid")
    >>> ov.severity("c1"), ov.coverage("c1")
    ('warning', '覆盖 90%')
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
        self._ratio: dict[str, float] = {}
        if report is None:
            return
        rank = {"error": 0, "warning": 1}
        fold = fold or {}
        for f in report.findings:
            if f.severity not in rank or not _matches(f.rule, self.rules):
                continue
            for node in [f.node.id, *fold.get(f.node.id, [])]:
                old = self._severity.get(node)
                if old is None or rank[f.severity] < rank[old]:
                    self._severity[node] = f.severity
        for c in report.coverage:
            if c.ratio is not None and c.rule == self.coverage_rule:
                self._ratio[c.node.id] = c.ratio

    def severity(self, node_id: str | None) -> Severity | None:
        """Worst error or warning on a node (info findings are not drawn)."""
        return None if node_id is None else self._severity.get(node_id)

    def worst(self, node_ids: Iterable[str]) -> Severity | None:
        """Worst error or warning over several nodes (for an aggregated box)."""
        if not self._severity:
            return None
        found = {self._severity.get(n) for n in node_ids}
        return "error" if "error" in found else "warning" if "warning" in found else None

    def coverage(self, node_id: str) -> str | None:
        """``"覆盖 83%"``: the node's coverage under :attr:`coverage_rule`, or ``None``."""
        ratio = self._ratio.get(node_id)
        if ratio is None:
            return None
        return f"覆盖 {math.floor(ratio * 100 + 1e-9):.0f}%"

    def legend(self, scene: Scene) -> None:
        """Legend entries for the overlay (nothing without a report)."""
        if self.report is None:
            return
        for sev in ("error", "warning"):
            n = sum(1 for node in scene.nodes if node.severity == sev)
            scene.legend.append((sev, f"{SEVERITY_LABEL[sev]}：本图 {n} 个节点"))
        if self._ratio:
            info = next((r for r in self.report.rules if r.id == self.coverage_rule), None)
            what = f"（规则：{info.message}）" if info else ""
            scene.legend.append(("text", f"覆盖 x% = 符合 {self.coverage_rule} 的比例{what}"))
        shown = "全部规则" if "*" in self.rules else "、".join(self.rules)
        scene.legend.append(("text", f"着色依据：{shown}"))


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
