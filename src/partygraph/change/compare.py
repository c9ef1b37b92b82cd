"""Two check reports compared: coverage before → after, findings opened and closed.

Findings are keyed by rule and node id, so a finding on the same grid for the
same rule in both years *persists*, whatever its value; candidates are keyed
by action, node and rule.  Coverage rows are matched by rule and unit; the
change is in percentage points.

Examples
--------
>>> from partygraph.model.report import Report, Finding, NodeRef
>>> g = NodeRef(id="g1", kind="grid", name="一网格")
>>> f = Finding(rule="grid.leader", severity="error", node=g, message="网格无网格长",
...     message_en="grid has no leader", hint="")
>>> d = compare(Report(model="2022", findings=[f]), Report(model="2023"))
>>> [(x.rule, x.node.id) for x in d.closed], d.opened
([('grid.leader', 'g1')], [])
"""

from __future__ import annotations

from partygraph.change.data import CoverageChange, EntityRef, FindingRef, ReportDiff, Snapshot
from partygraph.i18n import language
from partygraph.model.report import Candidate, CoverageRow, Finding, Report, RuleInfo

__all__ = ["compare", "rule_title"]


def rule_title(info: RuleInfo) -> str:
    """What a rule's coverage counts, for a reader: its title, else its message.

    >>> rule_title(RuleInfo(id="r", pack="p", severity="error", message="网格无网格长",
    ...     message_en="grid has no leader", hint="", title="网格配备党员网格长"))
    '网格配备党员网格长'
    """
    if language() == "en":
        return info.title_en or info.message_en or info.id
    return info.title or info.message or info.id


def compare(old: Report, new: Report) -> ReportDiff:
    """What changed from the report ``old`` to the report ``new``.

    Returns
    -------
    ReportDiff
        Coverage per rule and unit before → after (in points), findings
        opened, closed and persisting, candidates new and resolved.
    """
    titles = {r.id: rule_title(r) for r in old.rules} | {r.id: rule_title(r) for r in new.rules}
    headline = [r.id for r in new.rules if r.headline] or [r.id for r in old.rules if r.headline]
    fa, fb = _by_key(old.findings), _by_key(new.findings)
    persisting: dict[str, int] = {}
    for key in fa.keys() & fb.keys():
        sev = fb[key].severity
        persisting[sev] = persisting.get(sev, 0) + 1
    ca, cb = _candidates(old.candidates), _candidates(new.candidates)
    return ReportDiff(
        old=Snapshot(name=old.model, snapshot=old.snapshot),
        new=Snapshot(name=new.model, snapshot=new.snapshot),
        counts_before=old.counts(),
        counts_after=new.counts(),
        titles=titles,
        headline=headline,
        coverage=_coverage(old.coverage, new.coverage),
        opened=[_ref(fb[k]) for k in sorted(fb.keys() - fa.keys())],
        closed=[_ref(fa[k]) for k in sorted(fa.keys() - fb.keys())],
        persisting=persisting,
        candidates_new=[_cand(cb[k]) for k in sorted(cb.keys() - ca.keys())],
        candidates_resolved=[_cand(ca[k]) for k in sorted(ca.keys() - cb.keys())],
    )


def _by_key(findings: list[Finding]) -> dict[tuple[str, str], Finding]:
    return {(f.rule, f.node.id): f for f in findings}


def _ref(f: Finding) -> FindingRef:
    message = f.message_en if language() == "en" else f.message
    return FindingRef(
        rule=f.rule,
        severity=f.severity,
        node=EntityRef(id=f.node.id, name=f.node.name),
        kind=f.node.kind,
        message=message,
    )


def _candidates(items: list[Candidate]) -> dict[tuple[str, str, str], Candidate]:
    return {(c.action, c.node.id, c.rule): c for c in items}


def _cand(c: Candidate) -> FindingRef:
    return FindingRef(
        rule=c.rule,
        severity=c.action,
        node=EntityRef(id=c.node.id, name=c.node.name),
        kind=c.node.kind,
        message=c.proposed_form or c.current_form or "",
    )


def _coverage(old: list[CoverageRow], new: list[CoverageRow]) -> list[CoverageChange]:
    a = {(c.rule, c.node.id): c for c in old}
    b = {(c.rule, c.node.id): c for c in new}
    order = list(b) + [k for k in a if k not in b]  # the new report's order, then what went
    out = []
    for key in order:
        x, y = a.get(key), b.get(key)
        row = y or x
        assert row is not None
        rb = None if x is None else x.ratio
        ra = None if y is None else y.ratio
        out.append(
            CoverageChange(
                rule=row.rule,
                node=EntityRef(id=row.node.id, name=row.node.name),
                level=row.level,
                parent=row.parent,
                covered_before=None if x is None else x.covered,
                total_before=None if x is None else x.total,
                covered_after=None if y is None else y.covered,
                total_after=None if y is None else y.total,
                ratio_before=rb,
                ratio_after=ra,
                points=None if rb is None or ra is None else round((ra - rb) * 100, 1),
            )
        )
    return out
