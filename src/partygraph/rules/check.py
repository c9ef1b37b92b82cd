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
import os
from collections.abc import Sequence

import numpy as np

from partygraph.errors import PartygraphError
from partygraph.i18n import tr
from partygraph.index import BULK_KINDS, Index
from partygraph.model import Model
from partygraph.model.report import (
    SEVERITIES,
    CoverageRow,
    Finding,
    NodeRef,
    Report,
)
from partygraph.progress import stage, without_gc
from partygraph.rules.assemble import assemble
from partygraph.rules.loader import (
    PACKS,
    RuleSet,
    load_pack,
    load_rules,
)
from partygraph.rules.run import Outcome, Run
from partygraph.rules.single_points import MAX_EXAMPLES, MAX_OUTLIERS, load_stat
from partygraph.rules.single_points import single_points as find_single_points

__all__ = ["MAX_EXAMPLES", "MAX_OUTLIERS", "check", "worst"]


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
        Check the model as it stood on this date (:meth:`Model.as_of
        <partygraph.model.Model.as_of>`: entities outside their dates taken
        out, posts whose term has ended vacant), and take it as the reference
        date of the date rules; the report's ``snapshot`` is this date.  Without
        it the model is checked as written, at its ``snapshot`` (without
        either, the date rules do not apply).
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
    with without_gc():
        return _check(model, packs, rules, params, scope, as_of, single_points)


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
    if as_of is not None:
        with stage("按日期 as of"):
            model = model.as_of(as_of)
    with stage("索引 index"):
        ix = Index(model)
    root = _scope(ix, scope)
    when = as_of or model.snapshot
    from partygraph.rules.measures import Context

    ctx = Context(ix, compiled.params, np.datetime64(when, "D") if when else None)
    run = Run(ix, ctx, compiled, root)
    outcomes: list[Outcome] = []
    findings: list[Finding] = []
    coverage: list[CoverageRow] = []
    for lr in compiled.rules:
        # "中文 English": a slow rule's line names it in either language.
        with stage(f"规则（{lr.rule.id}） rule {lr.rule.id}"):  # evaluation and rollup, vectorised
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
        load = [load_stat(run, spec) for spec in compiled.loads]
    with stage("单点风险 single points of failure"):
        points = find_single_points(run, outcomes) if single_points else []
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
        raise PartygraphError(tr("model.not_a_division", scope=scope))
    return ix.code(scope)


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
