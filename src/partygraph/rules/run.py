"""One check run: each rule evaluated over its kind, then its findings, coverage
and candidates, all vectorised over the index (:mod:`partygraph.index`).

Examples
--------
>>> fill("超过{n}人", {"n": 50})
'超过50人'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from partygraph.errors import ErrorItem, RulesError
from partygraph.i18n import tr
from partygraph.index import BULK_KINDS, LEVELS, Index, attributes
from partygraph.model.population import Array
from partygraph.model.report import Candidate, CoverageRow, Finding, RuleInfo, row
from partygraph.rules.engine import Eval, conditions, evaluate, expected_text, where_mask
from partygraph.rules.loader import LoadedRule, Rules
from partygraph.rules.spec import CoverageSpec, Requirement, Rule

__all__ = ["Outcome", "Run", "fill"]


def fill(text: str, params: dict[str, Any]) -> str:
    """``{name}`` in a message replaced by the parameter's value.

    Examples
    --------
    >>> fill("超过{n}人", {"n": 50})
    '超过50人'
    """

    def one(m: re.Match[str]) -> str:
        v = params.get(m[1])
        if v is None:
            return m[0]
        return f"{v:g}" if isinstance(v, float) else str(v)

    return re.sub(r"\{(\w+)\}", one, text)


@dataclass
class Outcome:
    """A rule over its kind: which nodes it applies to, and the evaluation."""

    loaded: LoadedRule
    index: int
    kind: str
    nodes: Array
    homes: Array
    #: Which nodes the rule applies to and how each fared; ``None`` for a
    #: household or person rule that is not an error (only its per-division
    #: counts are used later: a province holds 30 million of each).
    selected: Array | None
    result: Eval | None
    own_total: Array
    own_passed: Array
    total: list[int]
    covered: list[int]

    @property
    def rule(self) -> Rule:
        return self.loaded.rule

    @property
    def failing(self) -> Array:
        assert self.selected is not None and self.result is not None
        return np.asarray(self.selected & ~self.result.passed)


class Run:
    """One check run: the index, the context and the assembled rules."""

    def __init__(self, ix: Index, ctx: Any, compiled: Rules, root: int) -> None:
        self.ix, self.ctx, self.compiled, self.root = ix, ctx, compiled, root
        self.params = compiled.params
        self._n = 0
        self._shifted: dict[str, Array] = {}
        self._all: dict[str, Array] = {}
        levels = np.asarray(ix.div_level)
        in_scope = np.ones(ix.n_divisions, dtype=bool)
        if root >= 0:
            in_scope = ix.in_subtree(np.arange(ix.n_divisions), root)
        self._level_names = [
            LEVELS[lvl] if lvl < len(LEVELS) else "" for lvl in ix.div_level.tolist()
        ]
        self._parents = [None if p < 0 else ix.node_ref(p).id for p in ix.div_parent.tolist()]
        #: Divisions that get coverage rows, top level first.
        self.rollup_divisions = [
            int(d)
            for lvl in range(len(LEVELS))
            for d in np.flatnonzero((levels == lvl) & in_scope).tolist()
        ]
        self._rollup_order = np.array(self.rollup_divisions, dtype=np.int64)

    # -- evaluation -----------------------------------------------------------
    def rule(self, lr: LoadedRule) -> Outcome:
        ix, rule = self.ix, lr.rule
        kind = rule.applies_to.kind
        nodes = ix.nodes(kind)
        homes = ix.kind_homes(kind)
        selected = where_mask(self.ctx, kind, rule.applies_to.where)
        if rule.applies_to.scope is not None:
            sid = rule.applies_to.scope
            if not ix.has(sid) or ix.code(sid) >= ix.n_divisions:
                raise RulesError([_rule_item(lr, tr("rules.scope_not_division", scope=sid))])
            selected &= ix.in_subtree(homes, ix.code(sid))
        if self.root >= 0:
            selected &= ix.in_subtree(homes, self.root)
        result = evaluate(self.ctx, rule.require, kind)
        selected &= result.applicable
        if isinstance(rule.coverage, CoverageSpec):
            own_total, own_passed = self._own_parts(rule, kind, selected, result)
        else:
            own_total = self._own(kind, selected)
            # Failures are few: count them, not the passes.
            own_passed = own_total - self._own(kind, selected & ~result.passed)
        self._n += 1
        keep = kind not in BULK_KINDS or rule.severity == "error"  # see single_points
        return Outcome(
            lr,
            self._n - 1,
            kind,
            nodes,
            homes,
            selected if keep else None,
            result if keep else None,
            own_total,
            own_passed,
            self._rollup(own_total),
            self._rollup(own_passed),
        )

    def _shifted_homes(self, kind: str) -> Array:
        """Homes shifted by one, so that "no home" (-1) falls in bin 0: one
        bincount, no masking, per rule over a million households.  In intp,
        which bincount wants: it would copy int32 on every call."""
        if kind not in self._shifted:
            shifted = self.ix.kind_homes(kind).astype(np.intp)
            shifted += 1  # in place: one copy of a province's homes, not two
            self._shifted[kind] = shifted
        return self._shifted[kind]

    def _own(self, kind: str, mask: Array) -> Array:
        """Per division: how many nodes of ``mask`` have it as their home.

        Counted over the rows the mask takes, or over those it leaves out
        (less the count of every node), whichever are fewer: a rule's failures
        and its selection are mostly one or the other.  No intp copy of every
        home is kept (40 MB at five million households)."""
        homes = self.ix.kind_homes(kind)
        n = self.ix.n_divisions + 1
        every = self._all.get(kind)
        if every is None:
            every = self._all[kind] = np.bincount(self._shifted_homes(kind), minlength=n)[1:]
            del self._shifted[kind]  # needed again only by a rule counting parts
        taken = int(np.count_nonzero(mask))
        if taken == mask.shape[0]:
            return every
        if 2 * taken > mask.shape[0]:
            return every - _counted(homes, ~mask, n)
        return _counted(homes, mask, n)

    def _own_parts(
        self, rule: Rule, kind: str, selected: Array, result: Eval
    ) -> tuple[Array, Array]:
        """Per division: the parts of its nodes, and how many of them pass."""
        assert isinstance(rule.coverage, CoverageSpec) and rule.require.measure is not None
        parts = np.nan_to_num(self.ctx.measure(rule.coverage.parts, kind).values)
        failing = np.nan_to_num(self.ctx.measure(rule.require.measure.name, kind).values)
        homes = self._shifted_homes(kind)
        n = self.ix.n_divisions + 1

        def per_division(weights: Array) -> Array:
            summed = np.bincount(homes[selected], weights=weights[selected], minlength=n)[1:]
            return np.rint(summed).astype(np.int64)

        total = per_division(parts)
        return total, total - per_division(np.minimum(failing, parts))

    def info(self, lr: LoadedRule) -> RuleInfo:
        r = lr.rule
        return RuleInfo(
            id=r.id,
            pack=lr.pack,
            severity=r.severity,
            message=fill(r.message, self.params),
            message_en=fill(r.message_en, self.params),
            hint=fill(r.hint, self.params),
            source=r.basis or lr.where(),
            finding=None if r.finding is None else fill(r.finding, self.params),
            finding_en=None if r.finding_en is None else fill(r.finding_en, self.params),
            title=None if r.title is None else fill(r.title, self.params),
            title_en=None if r.title_en is None else fill(r.title_en, self.params),
            headline=r.headline,
            counts=r.coverage.of if isinstance(r.coverage, CoverageSpec) else r.applies_to.kind,
        )

    # -- findings -------------------------------------------------------------
    def findings(self, o: Outcome) -> list[Finding]:
        r = o.rule
        # The keywords in the fields' order: each row keeps their dict (model.report.row).
        rule, severity = r.id, r.severity
        message, message_en = fill(r.message, self.params), fill(r.message_en, self.params)
        hint = fill(r.hint, self.params)
        ix = self.ix
        if o.kind in BULK_KINDS:
            bad = o.own_total - o.own_passed
            return [
                row(
                    Finding,
                    rule=rule,
                    severity=severity,
                    node=ix.node_ref(d),
                    chain=list(ix.chain(d)),
                    value=int(bad[d]),
                    expected=f"0 / {int(o.own_total[d])}",
                    message=message,
                    message_en=message_en,
                    hint=hint,
                )
                for d in np.flatnonzero(bad).tolist()
            ]
        expected = _expected(r.require, self.params)
        result = o.result
        assert result is not None  # kept for every structure rule
        out = []
        for i in np.flatnonzero(o.failing).tolist():
            code = int(o.nodes[i])
            out.append(
                row(
                    Finding,
                    rule=rule,
                    severity=severity,
                    node=ix.node_ref(code),
                    chain=list(ix.chain(code)),
                    value=_value(result, i),
                    expected=expected,
                    message=message,
                    message_en=message_en,
                    hint=hint,
                )
            )
        return out

    # -- coverage -------------------------------------------------------------
    def _rollup(self, own: Array) -> list[int]:
        """Sum per-division counts up the levels: each unit gets its subtree's total."""
        ix = self.ix
        total = np.zeros(ix.n_divisions, dtype=np.int64)
        for lvl in range(len(LEVELS)):
            anc = ix.div_anc[lvl]
            ok = anc >= 0
            total += np.bincount(anc[ok], weights=own[ok], minlength=ix.n_divisions).astype(
                np.int64
            )
        out: list[int] = total.tolist()
        return out

    def coverage(self, o: Outcome) -> list[CoverageRow]:
        ix = self.ix
        total, covered = o.total, o.covered
        rows = []
        # Only the units with something to count: a rule over compounds has a
        # total under a few of the 5M model's 6,060 units.
        counted = np.asarray(total)[self._rollup_order] > 0
        for d in self._rollup_order[counted].tolist():
            if total[d]:
                rows.append(
                    row(
                        CoverageRow,
                        rule=o.rule.id,
                        node=ix.node_ref(d),
                        level=self._level_names[d],
                        parent=self._parents[d],
                        covered=covered[d],
                        total=total[d],
                        ratio=covered[d] / total[d],
                    )
                )
        return rows

    # -- candidates -------------------------------------------------------------
    def candidates(self, o: Outcome) -> list[Candidate]:
        spec = o.rule.candidate
        if spec is None or o.kind in BULK_KINDS:
            return []
        members = self.ctx.measure(spec.members, o.kind).values
        forms = self.ix.column(o.kind, "form").values if "form" in attributes(o.kind) else None
        return [
            row(
                Candidate,
                action=spec.action,
                node=self.ix.node_ref(int(o.nodes[i])),
                chain=list(self.ix.chain(int(o.nodes[i]))),
                members=0 if np.isnan(members[i]) else int(members[i]),
                current_form=None if forms is None else forms[i],
                proposed_form=spec.proposed_form,
                rule=o.rule.id,
            )
            for i in np.flatnonzero(o.failing).tolist()
        ]


def _counted(homes: Array, mask: Array, n: int) -> Array:
    """Per division: how many rows of ``mask`` have it as their home (-1: none,
    not counted).  The homes taken are int32, made intp for bincount (which
    would copy them anyway) and shifted in place."""
    taken = homes[mask].astype(np.intp)
    taken += 1
    return np.bincount(taken, minlength=n)[1:]


def _rule_item(lr: LoadedRule, message: str) -> ErrorItem:
    if lr.origin is None:
        return ErrorItem(None, None, None, f"rules.{lr.rule.id}", message)
    file, line, col = lr.origin.locate(("applies_to", "scope"))
    return ErrorItem(file, line, col, f"rules.{lr.rule.id}.applies_to.scope", message)


def _value(result: Eval, i: int) -> float | int | str | None:
    if result.labels is not None and result.labels[i] is not None:
        return str(result.labels[i])
    v = float(result.value[i])
    if not np.isfinite(v):
        return None
    return int(v) if v.is_integer() else v


def _expected(req: Requirement, params: dict[str, Any], *, top: bool = True) -> str | None:
    """What a requirement asks for, as an analyst reads it: ``leader ≥ 1``."""
    parts: list[str] = []
    for t, spec in req.parts():
        if t == "related":
            parts.append(f"{spec.role or spec.relation} {expected_text(spec, params)}")
        elif t == "measure":
            parts.append(f"{spec.name} {expected_text(spec, params)}")
        elif t == "attribute":
            parts.extend(_condition_text(n, op, v, params) for n, op, v in conditions(spec))
        else:
            subs = [x for r in spec if (x := _expected(r, params, top=False))]
            joined = (" or " if t == "any" else "; ").join(subs)
            nested = not top or len(req.parts()) > 1
            parts.append(f"({joined})" if nested and len(subs) > 1 else joined)
    return "; ".join(parts) or None


def _condition_text(name: str, op: str, value: Any, params: dict[str, Any]) -> str:
    if isinstance(value, str) and value.startswith("$"):
        value = params.get(value[1:], value)
    if op == "present":
        return f"{name} {'present' if value else 'absent'}"
    signs = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
    return f"{name} {signs.get(op, op)} {value}"
