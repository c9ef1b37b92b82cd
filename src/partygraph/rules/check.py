"""Check a model against rule packs: findings, coverage, candidates, load, single points.

:func:`check` runs the built-in packs (``regulations`` and ``yangjiang``) and
any rules files given, and returns a :class:`~partygraph.model.report.Report`.  Rules
run vectorised over a columnar index (:mod:`partygraph.index`); household- and
person-level findings are summed per community, while coverage still counts
every household.  See ``docs/rules.md``, ``docs/coverage.md`` and
``docs/report.md``.

Examples
--------
>>> import partygraph
>>> from partygraph.rules.check import check
>>> report = check(partygraph.load("tests/fixtures/rules/model.yaml"))
>>> report.counts()["error"] > 0
True
>>> [(c.covered, c.total) for c in report.coverage_of("city", "household.grid")]
[(6, 8)]
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from partygraph.errors import ErrorItem, PartygraphError, RulesError
from partygraph.index import BULK_KINDS, LEVELS, Index, attributes, unique_pairs
from partygraph.model import Model
from partygraph.model.population import Array
from partygraph.model.report import (
    SEVERITIES,
    Candidate,
    CoverageRow,
    Finding,
    LoadStat,
    NodeRef,
    Outlier,
    Report,
    RuleInfo,
    SinglePoint,
    row,
)
from partygraph.progress import stage
from partygraph.rules.engine import (
    Eval,
    breaks,
    conditions,
    evaluate,
    expected_text,
    related_counts,
    where_breaks,
    where_mask,
)
from partygraph.rules.loader import (
    PACKS,
    LoadedRule,
    Rules,
    RuleSet,
    assemble,
    load_pack,
    load_rules,
)
from partygraph.rules.spec import LoadSpec, Requirement, Rule

__all__ = ["MAX_EXAMPLES", "MAX_OUTLIERS", "check", "worst"]

#: Outliers listed per load measure (the largest first); ``LoadStat.count`` counts all.
MAX_OUTLIERS = 100
#: Focus nodes named per single point of failure.
MAX_EXAMPLES = 5


def check(
    model: Model,
    *,
    packs: Sequence[str] | None = None,
    rules: Sequence[str | os.PathLike[str] | RuleSet] = (),
    params: dict[str, float] | None = None,
    scope: str | None = None,
    as_of: dt.date | None = None,
    single_points: bool = True,
) -> Report:
    """Check ``model`` against rule packs and rules files.

    Parameters
    ----------
    model
        The model to check.
    packs
        Built-in packs to run (see :data:`partygraph.rules.PACKS`); ``None``
        runs all of them, ``[]`` none.
    rules
        More rules: paths of rules files, or :class:`~partygraph.rules.RuleSet`.
    params
        Parameter values that override those of every pack and file.
    scope
        A division id: only nodes at or under it are checked and rolled up.
    as_of
        The reference date for "in the last quarter" rules; defaults to the
        model's ``snapshot`` (without either, those rules do not apply).
    single_points
        Whether to compute single points of failure (what-if removals).

    Returns
    -------
    Report
        Findings, coverage, candidates, load and single points of failure.

    Raises
    ------
    RulesError
        For a bad rules file or pack, with file:line of every problem.
    PartygraphError
        For a ``scope`` that is not a division of the model.

    Examples
    --------
    >>> from partygraph.model import Model, Division, Grid
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")],
    ...           grids=[Grid(id="g", name="一网格", community="c")])
    >>> [f.rule for f in check(m, packs=["yangjiang"]).findings]
    ['grid.leader']
    """
    # The report is tens of thousands of small acyclic objects: collecting
    # garbage while they are made costs more than making them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(model, packs, rules, params, scope, as_of, single_points)
    finally:
        if collecting:
            gc.enable()


def _check(
    model: Model,
    packs: Sequence[str] | None,
    rules: Sequence[str | os.PathLike[str] | RuleSet],
    params: dict[str, float] | None,
    scope: str | None,
    as_of: dt.date | None,
    single_points: bool,
) -> Report:
    with stage("规则 rules"):
        sets = [load_pack(p) for p in (PACKS if packs is None else packs)]
        sets += [r if isinstance(r, RuleSet) else load_rules(r) for r in rules]
        compiled = assemble(sets, params)
    with stage("索引 index"):
        ix = Index(model)
    root = _scope(ix, scope)
    when = as_of or model.snapshot
    from partygraph.rules.measures import Context

    ctx = Context(ix, compiled.params, np.datetime64(when, "D") if when else None)
    run = _Run(ix, ctx, compiled, root)
    outcomes: list[_Outcome] = []
    findings: list[Finding] = []
    coverage: list[CoverageRow] = []
    for lr in compiled.rules:
        with stage(f"rule {lr.rule.id}"):  # evaluation and rollup, all vectorised
            outcomes.append(run.rule(lr))
    # What the rules computed over every household and person is not needed
    # for the report (single points of failure compute again what they need).
    ctx.forget(BULK_KINDS)
    with stage("报告 findings and coverage"):
        for outcome in outcomes:
            findings += run.findings(outcome)
            if outcome.rule.coverage:
                coverage += run.coverage(outcome)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    order = {lr.rule.id: i for i, lr in enumerate(compiled.rules)}
    findings.sort(key=lambda f: (rank[f.severity], order[f.rule]))
    with stage("候选与负荷 candidates and load"):
        candidates = [c for o in outcomes for c in run.candidates(o)]
        load = [run.load(spec) for spec in compiled.loads]
    with stage("单点风险 single points of failure"):
        points = run.single_points(outcomes) if single_points else []
    return Report(
        model=model.name,
        snapshot=when.isoformat() if when else None,
        packs=compiled.packs,
        rules=[run.info(lr) for lr in compiled.rules],
        findings=findings,
        coverage=coverage,
        candidates=candidates,
        load=load,
        single_points=points,
    )


def _scope(ix: Index, scope: str | None) -> int:
    if scope is None:
        return -1
    if not ix.has(scope) or ix.code(scope) >= ix.n_divisions:
        raise PartygraphError(f"scope {scope!r} is not a division of the model; give a division id")
    return ix.code(scope)


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
class _Outcome:
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


class _Run:
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
        #: Divisions that get coverage rows, top level first.
        self.rollup_divisions = [
            int(d)
            for lvl in range(len(LEVELS))
            for d in np.flatnonzero((levels == lvl) & in_scope).tolist()
        ]

    # -- evaluation -----------------------------------------------------------
    def rule(self, lr: LoadedRule) -> _Outcome:
        ix, rule = self.ix, lr.rule
        kind = rule.applies_to.kind
        nodes = ix.nodes(kind)
        homes = ix.kind_homes(kind)
        selected = where_mask(self.ctx, kind, rule.applies_to.where)
        if rule.applies_to.scope is not None:
            sid = rule.applies_to.scope
            if not ix.has(sid) or ix.code(sid) >= ix.n_divisions:
                raise RulesError([_rule_item(lr, f"scope {sid!r} is not a division of the model")])
            selected &= ix.in_subtree(homes, ix.code(sid))
        if self.root >= 0:
            selected &= ix.in_subtree(homes, self.root)
        result = evaluate(self.ctx, rule.require, kind)
        selected &= result.applicable
        own_total = self._own(kind, selected)
        # Failures are few: count them, not the passes.
        own_passed = own_total - self._own(kind, selected & ~result.passed)
        self._n += 1
        keep = kind not in BULK_KINDS or rule.severity == "error"  # see single_points
        return _Outcome(
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

    def _own(self, kind: str, mask: Array) -> Array:
        """Per division: how many nodes of ``mask`` have it as their home."""
        if kind not in self._shifted:
            # Homes shifted by one, so that "no home" (-1) falls in bin 0: one
            # bincount, no masking, per rule over a million households.  In
            # intp, which bincount wants: it would copy int32 on every call.
            self._shifted[kind] = self.ix.kind_homes(kind).astype(np.intp) + 1
        shifted = self._shifted[kind]
        n = self.ix.n_divisions + 1
        if mask.all():
            if kind not in self._all:
                self._all[kind] = np.bincount(shifted, minlength=n)[1:]
            return self._all[kind]
        return np.bincount(shifted[mask], minlength=n)[1:]

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
        )

    # -- findings -------------------------------------------------------------
    def findings(self, o: _Outcome) -> list[Finding]:
        r = o.rule
        base: dict[str, Any] = {
            "rule": r.id,
            "severity": r.severity,
            "message": fill(r.message, self.params),
            "message_en": fill(r.message_en, self.params),
            "hint": fill(r.hint, self.params),
        }
        ix = self.ix
        if o.kind in BULK_KINDS:
            bad = o.own_total - o.own_passed
            return [
                row(
                    Finding,
                    node=ix.node_ref(d),
                    chain=list(ix.chain(d)),
                    value=int(bad[d]),
                    expected=f"0 / {int(o.own_total[d])}",
                    **base,
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
                    node=ix.node_ref(code),
                    chain=list(ix.chain(code)),
                    value=_value(result, i),
                    expected=expected,
                    **base,
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

    def coverage(self, o: _Outcome) -> list[CoverageRow]:
        ix = self.ix
        total, covered = o.total, o.covered
        rows = []
        for d in self.rollup_divisions:
            if total[d]:
                rows.append(
                    row(
                        CoverageRow,
                        rule=o.rule.id,
                        node=ix.node_ref(d),
                        level=self._level_names[d],
                        covered=covered[d],
                        total=total[d],
                        ratio=covered[d] / total[d],
                    )
                )
        return rows

    # -- candidates -------------------------------------------------------------
    def candidates(self, o: _Outcome) -> list[Candidate]:
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

    # -- load ---------------------------------------------------------------------
    def load(self, spec: LoadSpec) -> LoadStat:
        ix, kind = self.ix, spec.applies_to.kind
        nodes = ix.nodes(kind)
        sel = where_mask(self.ctx, kind, spec.applies_to.where)
        if self.root >= 0:
            sel &= ix.in_subtree(ix.home(nodes), self.root)
        if spec.value.related is not None:
            values = related_counts(self.ctx, spec.value.related, kind).astype(float)
        else:
            assert spec.value.measure is not None
            values = self.ctx.measure(spec.value.measure, kind).values
        sel &= ~np.isnan(values)
        if spec.nonzero:
            sel &= values != 0
        v = values[sel]
        threshold = None if spec.threshold is None else float(self.ctx.value(spec.threshold))
        outliers: list[Outlier] = []
        if threshold is not None:
            idx = np.flatnonzero(sel & (values > threshold))
            idx = idx[np.lexsort((idx, -values[idx]))][:MAX_OUTLIERS]
            outliers = [
                Outlier(node=ix.node_ref(int(nodes[i])), value=float(values[i]))
                for i in idx.tolist()
            ]
        has = v.shape[0] > 0
        return LoadStat(
            measure=spec.id,
            label=spec.label,
            count=int(v.shape[0]),
            min=float(v.min()) if has else None,
            median=float(np.median(v)) if has else None,
            p90=float(np.percentile(v, 90)) if has else None,
            max=float(v.max()) if has else None,
            threshold=threshold,
            outliers=outliers,
        )

    # -- single points of failure ---------------------------------------------------
    def single_points(self, outcomes: list[_Outcome]) -> list[SinglePoint]:
        ix = self.ix
        removed: list[Array] = []
        rule_no: list[Array] = []
        focus: list[Array] = []
        for o in outcomes:
            if o.rule.severity != "error":
                continue
            assert o.selected is not None and o.result is not None
            result = Eval(o.selected & o.result.passed, o.result.applicable, o.result.value)
            local, x = breaks(self.ctx, o.rule.require, o.kind, result)
            if local.shape[0] == 0:
                continue
            if o.rule.applies_to.where:
                # A removal that takes the node out of the rule's reach opens no finding.
                wl, wx = where_breaks(self.ctx, o.kind, o.rule.applies_to.where, o.selected)
                if wl.shape[0]:
                    n = ix.n_nodes + 1
                    pack = np.int64(n)  # packed pairs overflow int32 codes
                    drop = np.isin(local * pack + x, wl * pack + wx)
                    local, x = local[~drop], x[~drop]
            if o.kind in BULK_KINDS:
                bad = o.own_total - o.own_passed
                where = o.homes[local]
                keep = (where >= 0) & (bad[np.maximum(where, 0)] == 0)
                codes, x = where[keep], x[keep]
            else:
                codes = o.nodes[local]
            removed.append(x)
            focus.append(codes)
            rule_no.append(np.full(x.shape[0], o.index, dtype=np.int64))
        if not removed:
            return []
        width = ix.n_nodes + 1
        x, found, _, _ = unique_pairs(
            np.concatenate(removed), np.concatenate(rule_no) * width + np.concatenate(focus)
        )
        xs, start, count = np.unique(x, return_index=True, return_counts=True)
        order = np.lexsort((xs, -count))
        ids = [lr.rule.id for lr in self.compiled.rules]
        out = []
        for k in order.tolist():
            rows = found[start[k] : start[k] + count[k]]
            rules_hit = sorted(set((rows // width).tolist()))
            examples = sorted(set((rows % width).tolist()))[:MAX_EXAMPLES]
            out.append(
                SinglePoint(
                    node=ix.node_ref(int(xs[k])),
                    new_errors=int(count[k]),
                    rules=[ids[r] for r in rules_hit],
                    examples=[ix.node_ref(c) for c in examples],
                )
            )
        return out


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


def worst(
    report: Report, *, level: str = "community", n: int = 10
) -> list[tuple[NodeRef, dict[str, int]]]:
    """The ``n`` units of ``level`` with the most findings on or under them,
    errors first, then warnings, then infos (ties by id).

    Examples
    --------
    >>> import partygraph
    >>> r = check(partygraph.load("tests/fixtures/rules/model.yaml"))
    >>> [(node.id, counts["error"]) for node, counts in worst(r, n=2)]
    [('c2', 4), ('c3', 4)]
    """
    tally: dict[str, tuple[NodeRef, dict[str, int]]] = {}
    for f in report.findings:
        for node in [*f.chain, f.node]:
            if node.kind == level:
                entry = tally.setdefault(node.id, (node, dict.fromkeys(SEVERITIES, 0)))
                entry[1][f.severity] += 1
    ranked = sorted(tally.values(), key=lambda e: (*(-e[1][s] for s in SEVERITIES), e[0].id))
    return ranked[:n]
