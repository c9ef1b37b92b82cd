"""Single points of failure and load: what a check reports beyond its findings.

A *single point of failure* is a person or unit whose removal opens new
error-severity findings; a *load* measure is a distribution such as
households per central household, with the outliers past its threshold.
"""

from __future__ import annotations

import numpy as np

from partygraph.index import BULK_KINDS, unique_pairs
from partygraph.model.population import Array
from partygraph.model.report import LoadStat, Outlier, SinglePoint, row
from partygraph.rules.engine import Eval, breaks, related_counts, where_breaks, where_mask
from partygraph.rules.run import Outcome, Run
from partygraph.rules.spec import LoadSpec

__all__ = ["MAX_EXAMPLES", "MAX_OUTLIERS", "load_stat", "single_points"]

#: Outliers listed per load measure (the largest first); ``LoadStat.count`` counts all.
MAX_OUTLIERS = 100
#: Focus nodes named per single point of failure.
MAX_EXAMPLES = 5


def load_stat(run: Run, spec: LoadSpec) -> LoadStat:
    """The distribution of one load measure and its outliers past the threshold."""
    ix, kind = run.ix, spec.applies_to.kind
    nodes = ix.nodes(kind)
    sel = where_mask(run.ctx, kind, spec.applies_to.where)
    if run.root >= 0:
        sel &= ix.in_subtree(ix.home(nodes), run.root)
    values: Array
    if spec.value.related is not None:
        # Counts stay integers (never NaN): no float copy over five million persons.
        values = related_counts(run.ctx, spec.value.related, kind)
    else:
        assert spec.value.measure is not None
        values = run.ctx.measure(spec.value.measure, kind).values
        sel &= ~np.isnan(values)
    if spec.nonzero:
        sel &= values != 0
    v = values[sel].astype(float)
    threshold = None if spec.threshold is None else float(run.ctx.value(spec.threshold))
    outliers: list[Outlier] = []
    if threshold is not None:
        idx = np.flatnonzero(sel & (values > threshold))
        idx = idx[np.lexsort((idx, -values[idx]))][:MAX_OUTLIERS]
        outliers = [
            row(Outlier, node=ix.node_ref(int(nodes[i])), value=float(values[i]))
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


def single_points(run: Run, outcomes: list[Outcome]) -> list[SinglePoint]:
    """Persons and units whose removal opens new error-severity findings.

    Each error rule says, for every node it passes, which person or unit
    would make it fail if removed (:func:`partygraph.rules.engine.breaks`);
    a removal counts once per (rule, focus node) it opens.
    """
    ix = run.ix
    removed: list[Array] = []
    rule_no: list[Array] = []
    focus: list[Array] = []
    for o in outcomes:
        if o.rule.severity != "error":
            continue
        assert o.selected is not None and o.result is not None
        result = Eval(o.selected & o.result.passed, o.result.applicable, o.result.value)
        local, x = breaks(run.ctx, o.rule.require, o.kind, result)
        if local.shape[0] == 0:
            continue
        if o.rule.applies_to.where:
            # A removal that takes the node out of the rule's reach opens no finding.
            wl, wx = where_breaks(run.ctx, o.kind, o.rule.applies_to.where, o.selected)
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
    ids = [lr.rule.id for lr in run.compiled.rules]
    # Into Python lists once, then sliced per removal: numpy on a handful of
    # elements costs a microsecond an operation, and a city has thousands.
    rules_of, focus_of = (found // width).tolist(), (found % width).tolist()
    starts, counts, removals = start.tolist(), count.tolist(), xs.tolist()
    out = []
    for k in order.tolist():
        a, b = starts[k], starts[k] + counts[k]
        examples = sorted(set(focus_of[a:b]))[:MAX_EXAMPLES]
        out.append(
            row(
                SinglePoint,
                node=ix.node_ref(removals[k]),
                new_errors=counts[k],
                rules=[ids[r] for r in sorted(set(rules_of[a:b]))],
                examples=[ix.node_ref(c) for c in examples],
            )
        )
    return out
