"""The analysis report as a structure: chapters, paragraphs, tables and figures.

(Over 400 lines: the chapters of one report, each a short function, read best together.)

It is built once from a model, its check report and the report's overview
(:func:`build_document`), and then written as Word (:mod:`~partygraph.report.docx`),
HTML (:mod:`~partygraph.report.html`) or Markdown (:mod:`~partygraph.report.mdreport`):
each renderer only lays out what is here, so the three say the same.  The
chapters are those of an organisation department's report: 一、基本情况,
二、覆盖情况, 三、主要问题, 四、整改建议, 五、关键节点, 六、图示; a report holding the
optional sections (:func:`partygraph.report.attach`) has 需求对接 and 关键人物 before
the figures.

Text in the structure is as the model wrote it (names may hold ``<``, ``&``
or control characters): each renderer makes it safe for its format.  Table
cells are text already formatted (``1,234``, ``78.2%``); ``numeric`` says
which columns are numbers, to be right-aligned.

Examples
--------
>>> import partygraph
>>> model = partygraph.load("tests/fixtures/rules/model.yaml")
>>> doc = build_document(model, partygraph.check(model), figures=False)
>>> doc.title
'示例市（规则测试）分析报告'
>>> [c.heading for c in doc.chapters]
['一、基本情况', '二、覆盖情况', '三、主要问题', '四、整改建议', '五、关键节点', '六、图示']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Union

from partygraph.errors import PartygraphError
from partygraph.i18n import language, tr
from partygraph.model import Model
from partygraph.model.report import (
    SEVERITIES,
    Candidate,
    CoverageRow,
    Finding,
    Matching,
    NetworkMetrics,
    NodeRef,
    Report,
    RuleInfo,
)
from partygraph.report._common import (
    action_label,
    form_label,
    kind_label,
    message,
    num,
    pct,
    severity_label,
    summary_line,
)
from partygraph.report.analysis_lines import (
    KEY_NUMERIC,
    MATCHING_NUMERIC,
    key_rows,
    matching_paragraphs,
    matching_rows,
    network_paragraphs,
    pairing,
)
from partygraph.report.overview import (
    Overview,
    UnitCoverage,
    counted,
    coverage_table,
    overview,
    title,
)
from partygraph.report.summary import _FIGURES, _FORMS, summarize
from partygraph.vocabulary import ACTION_LABELS, KIND_LABELS, LAYERS, LEVELS

__all__ = [
    "Block",
    "Chapter",
    "Document",
    "Figure",
    "Paragraph",
    "Table",
    "build_document",
    "draw_figures",
    "walk",
]

#: Units per coverage table when units are columns (more go on a continued table).
UNITS_PER_TABLE = 5
#: Past this many units of a level, a row a unit and the headline figures only.
MAX_UNIT_COLUMNS = 15
#: Places named in a problem's sentence.
PLACES_NAMED = 3
#: The command that writes the full lists, named where a table stops short.
_XLSX_COMMAND = "partygraph check FILE -o 报告.xlsx"
#: How a count is said, by what is counted: ``189 户``, ``29 个网格`` (Chinese measure words).
_AMOUNTS = {
    "household": "document.problems.amount.household",
    "person": "document.problems.amount.person",
}
_COUNTS = {
    "household": "document.problems.count.household",
    "person": "document.problems.count.person",
}


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``lead`` is said first, in bold."""

    text: str
    lead: str = ""
    note: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a header row and a caption (``表 3　……``)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]


@dataclass(frozen=True)
class Figure:
    """A diagram: a layer drawn with the check overlaid, as PNG bytes.

    ``png`` is ``None`` until :func:`draw_figures` draws it (or when the
    layer could not be drawn: ``error`` says why); ``size`` is the figure's
    size in inches, so a renderer can print it at its size.
    """

    caption: str
    layer: str
    focus: str | None
    png: bytes | None = None
    size: tuple[float, float] = (0.0, 0.0)
    error: str = ""


@dataclass(frozen=True)
class Chapter:
    """A heading (``level`` 1 for 一、, 2 for （一）) and what it holds."""

    heading: str
    level: int
    blocks: tuple[Block, ...]


Block = Union[Paragraph, Table, Figure, Chapter]  # noqa: UP007 - a runtime alias


@dataclass(frozen=True)
class Document:
    """The analysis report: its title, the lines under it, and its chapters."""

    title: str
    subtitle: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    summary: str = ""
    language: str = "zh"


def walk(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, chapters before what they hold, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, Chapter):
            yield from walk(block.blocks)


@dataclass
class _Numbers:
    """Running numbers of chapters, tables and figures."""

    tables: int = 0
    figures: int = 0
    sections: list[int] = field(default_factory=lambda: [0, 0])

    def table(
        self,
        text: str,
        header: str | list[str],
        rows: Iterable[Iterable[object]],
        numeric: Iterable[bool],
    ) -> Table:
        self.tables += 1
        head = tuple(tr(header).split("|")) if isinstance(header, str) else tuple(header)
        return Table(
            tr("document.table_caption", number=self.tables, text=text),
            head,
            tuple(tuple(str(c) for c in row) for row in rows),
            tuple(numeric),
        )

    def figure(self, text: str, layer: str, focus: str | None) -> Figure:
        self.figures += 1
        return Figure(tr("document.figure_caption", number=self.figures, text=text), layer, focus)

    def chapter(
        self, key: str, blocks: Iterable[Block], depth: int = 1, **params: object
    ) -> Chapter:
        self.sections[depth - 1] += 1
        if depth == 1:
            self.sections[1] = 0
        numeral = _numeral(self.sections[depth - 1])
        form = "document.chapter" if depth == 1 else "document.section"
        return Chapter(tr(form, numeral=numeral, text=tr(key, **params)), depth, tuple(blocks))


def _numeral(n: int) -> str:
    numerals = tr("document.numerals").split("|")
    return numerals[n - 1] if n <= len(numerals) else str(n)


def build_document(
    model: Model, report: Report, *, figures: bool = True, limit: int = 20
) -> Document:
    """The analysis report of ``model`` and its check ``report``, in the current language.

    ``figures`` draws the layer diagrams (slow: about 1 s each at city scale;
    it imports matplotlib); without it the figures chapter says none were
    drawn.  ``limit`` bounds the rows of the long tables (candidates per
    action, single points); the rest is counted and the workbook named.
    """
    ov = overview(report)
    n = _Numbers()
    chapters = [
        _basic(n, model, report, ov),
        _coverage(n, report, ov),
        _problems(n, report, ov),
        _advice(n, report, limit),
        _key_nodes(n, report, limit),
        *_analyses(n, report, limit),
        _figures_chapter(n, report, ov, figures),
    ]
    doc = Document(
        title=tr("document.title", model=model.name or report.model),
        subtitle=tuple(_subtitle(report, ov)),
        chapters=tuple(chapters),
        summary=summary_line(report),
        language=language(),
    )
    return draw_figures(model, report, doc) if figures else doc


def _subtitle(report: Report, ov: Overview) -> Iterator[str]:
    yield tr("document.as_of", date=report.snapshot) if report.snapshot else tr("document.no_date")
    if ov.scope is not None and ov.scope.kind != "city":
        yield tr("document.scope", name=ov.scope.name)


# -- 一、基本情况 ---------------------------------------------------------------------
def _basic(n: _Numbers, model: Model, report: Report, ov: Overview) -> Chapter:
    counts = report.counts()
    s = summarize(model)
    zh = language() == "zh"
    blocks: list[Block] = [
        Paragraph(
            tr(
                "document.basic.lead",
                packs=tr("report.list_separator").join(report.packs),
                rules=len(report.rules),
                model=model.name or report.model,
                total=f"{sum(counts.values()):,}",
                **{k: f"{v:,}" for k, v in counts.items()},
            )
        )
    ]
    if ov.scope is not None and ov.scope.kind != "city":
        blocks.append(Paragraph(tr("document.basic.scope_note", name=ov.scope.name), note=True))

    def label(labels: dict[str, str], code: str) -> str:
        return labels.get(code, code) if zh else code.replace("_", " ")

    figures = [(label(_FIGURES, k), f"{v:,}") for k, v in s["figures"].items()]
    kinds = [(label(KIND_LABELS, k), f"{v:,}") for k, v in s["kinds"].items()]
    levels = {**KIND_LABELS, "other": tr("document.basic.other")}
    forms = [
        (label(levels, lvl), label(_FORMS, form), f"{c:,}")
        for lvl, by_form in s["forms"].items()
        for form, c in by_form.items()
    ]
    for key, header, rows, numeric in (
        ("document.basic.figures", "document.basic.figures_header", figures, (False, True)),
        ("document.basic.kinds", "document.basic.kinds_header", kinds, (False, True)),
        ("document.basic.forms", "document.basic.forms_header", forms, (False, False, True)),
    ):
        blocks.append(n.chapter(key, [n.table(tr(key), header, rows, numeric)], depth=2))
    return n.chapter("document.basic", blocks)


# -- 二、覆盖情况 ---------------------------------------------------------------------
def _coverage(n: _Numbers, report: Report, ov: Overview) -> Chapter:
    if ov.scope is None or not ov.headline:
        return n.chapter("document.coverage", [Paragraph(tr("document.coverage.none"))])
    blocks: list[Block] = [Paragraph(tr("document.coverage.lead"), note=True)]
    rows = [
        (_rule_title(f.rule), counted(f.rule), f"{f.row.covered:,}", f"{f.row.total:,}", pct(f.row))
        for f in ov.headline
    ]
    text = tr("document.coverage.scope", name=ov.scope.name)
    table = n.table(text, "document.coverage.scope_header", rows, (False, False, True, True, True))
    blocks.append(n.chapter("document.coverage.scope", [table], depth=2, name=ov.scope.name))
    for level in _levels_below(report, ov):
        units = coverage_table(report, level)
        label = kind_label(level)
        text = tr("document.coverage.level", level=label)
        tables = _unit_tables(n, text, ov.rules, units)
        blocks.append(n.chapter("document.coverage.level", tables, depth=2, level=label))
    return n.chapter("document.coverage", blocks)


def _levels_below(report: Report, ov: Overview) -> list[str]:
    """The levels of the coverage tables: one below the scope, down to subdistricts."""
    present = {c.level for c in report.coverage}
    assert ov.scope is not None
    start = LEVELS.index(ov.scope.kind) + 1 if ov.scope.kind in LEVELS else len(LEVELS)
    below = [lvl for lvl in LEVELS[start:] if lvl in present]
    stop = LEVELS.index("subdistrict")
    return [lvl for i, lvl in enumerate(below) if i == 0 or LEVELS.index(lvl) <= stop]


def _rule_title(info: RuleInfo) -> str:
    return tr("document.coverage.headline", title=title(info)) if info.headline else title(info)


def _unit_tables(
    n: _Numbers, text: str, rules: Iterable[RuleInfo], units: list[UnitCoverage]
) -> list[Block]:
    rules = list(rules)
    if len(units) > MAX_UNIT_COLUMNS:  # a row a unit, the headline figures as columns
        heads = [r for r in rules if r.headline] or rules[:4]
        header = [kind_label(units[0].level), *(title(r) for r in heads)]
        rows = [[u.node.name, *(_ratio(u.rows.get(r.id)) for r in heads)] for u in units]
        return [n.table(text, header, rows, (False, *([True] * len(heads))))]
    tables: list[Block] = []
    for start in range(0, len(units), UNITS_PER_TABLE):
        chunk = units[start : start + UNITS_PER_TABLE]
        header = [tr("document.coverage.rule_column"), *(u.node.name for u in chunk)]
        rows = [[_rule_title(r), *(_ratio(u.rows.get(r.id)) for u in chunk)] for r in rules]
        caption = text if start == 0 else tr("document.continued", text=text)
        tables.append(n.table(caption, header, rows, (False, *([True] * len(chunk)))))
    return tables


def _ratio(row: CoverageRow | None) -> str:
    return "—" if row is None else pct(row)


# -- 三、主要问题 ---------------------------------------------------------------------
def _problems(n: _Numbers, report: Report, ov: Overview) -> Chapter:
    if not report.findings:
        return n.chapter("document.problems", [Paragraph(tr("document.problems.none"))])
    rules = {r.id: r for r in report.rules}
    top = {f.rule.id: f.row for f in ov.headline}
    grouped: dict[str, list[Finding]] = {}
    for f in report.findings:
        grouped.setdefault(f.rule, []).append(f)
    blocks: list[Block] = [Paragraph(tr("document.problems.lead"), note=True)]
    for severity in SEVERITIES:
        said = [
            _problem(rules.get(rule), found, top.get(rule))
            for rule, found in grouped.items()
            if found[0].severity == severity
        ]
        if not said:
            continue
        said.sort(key=lambda p: -p[0])  # the most first; stable: report order within
        count = sum(len(found) for found in grouped.values() if found[0].severity == severity)
        paragraphs = [p for _, p in said]
        blocks.append(
            n.chapter(
                "document.problems.severity",
                paragraphs,
                depth=2,
                label=severity_label(severity),
                count=f"{count:,}",
            )
        )
    return n.chapter("document.problems", blocks)


def _problem(
    info: RuleInfo | None, found: list[Finding], top: CoverageRow | None
) -> tuple[int, Paragraph]:
    """A rule's problems as a sentence: how many, of how many, and where most."""
    bulk = all(_bulk_total(f) is not None for f in found)
    weights = [int(f.value) if bulk and isinstance(f.value, int | float) else 1 for f in found]
    if top is not None and top.total:
        amount, noun_kind = top.total - top.covered, (info.counts if info else None)
    else:
        amount, noun_kind = (
            sum(weights),
            (info.counts if info and info.counts else found[0].node.kind),
        )
    noun_kind = noun_kind or found[0].node.kind
    said = _amount(amount, noun_kind)
    if top is not None and top.total:
        share = f"{amount / top.total:.1%}"
        said = tr(
            "document.problems.share", amount=said, total=_amount(top.total, noun_kind), share=share
        )
    places = _places(found, weights, noun_kind, show=sum(weights) == amount)
    text = (
        tr("document.problems.sentence", amount=said, places=places)
        if places
        else tr("document.problems.sentence_only", amount=said)
    )
    if found[0].hint:
        text += tr("document.problems.hint", hint=found[0].hint.rstrip("。．.；; "))
    return amount, Paragraph(
        text, lead=tr("document.problems.rule", message=message(info, found[0]))
    )


def _bulk_total(f: Finding) -> str | None:
    expected = f.expected or ""
    return expected[4:] if expected.startswith("0 / ") and expected[4:].isdigit() else None


def _amount(count: int, kind: str, *, noun: bool = True) -> str:
    """``29 个网格``, ``189 户`` (``29 grid``); without ``noun``: ``29 个``, ``189 户`` (``29``)."""
    said = _counted_kind(kind) if language() == "zh" else kind.replace("_", " ")
    if noun:
        key = _AMOUNTS.get(kind, "document.problems.amount")
        return tr(key, count=f"{count:,}", noun=said)
    return tr(_COUNTS.get(kind, "document.problems.count"), count=f"{count:,}")


def _counted_kind(kind: str) -> str:
    """A kind as the noun of a count, in the current language."""
    return counted(
        RuleInfo(id="", pack="", severity="info", message="", message_en="", hint="", counts=kind)
    )


def _places(found: list[Finding], weights: list[int], kind: str, *, show: bool) -> str:
    """Where a rule's findings are most: the communities (or the lowest divisions) named."""
    tally: Counter[str] = Counter()
    nodes: dict[str, NodeRef] = {}
    for f, w in zip(found, weights, strict=True):
        place = _place_of(f)
        if place is None:
            continue
        nodes[place.id] = place
        tally[place.id] += w
    if not tally:
        return ""
    ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
    named = [
        tr("document.problems.place", name=nodes[i].name, count=_amount(c, kind, noun=False))
        if show
        else nodes[i].name
        for i, c in ranked[:PLACES_NAMED]
    ]
    joined = tr("report.list_separator").join(named)
    if len(ranked) <= PLACES_NAMED:
        return tr("document.problems.places", places=joined)
    kinds = {nodes[i].kind for i, _ in ranked}
    if len(kinds) > 1:  # communities and, for what hangs above them, districts
        return tr("document.problems.places_mixed", places=joined, count=f"{len(ranked):,}")
    level = kind_label(kinds.pop())
    return tr("document.problems.places_more", places=joined, count=f"{len(ranked):,}", level=level)


def _place_of(f: Finding) -> NodeRef | None:
    """The community a finding is in (or on), else the lowest division above it."""
    divisions = [n for n in [*f.chain, f.node] if n.kind in LEVELS]
    return divisions[-1] if divisions else None


# -- 四、整改建议 ---------------------------------------------------------------------
def _advice(n: _Numbers, report: Report, limit: int) -> Chapter:
    if not report.candidates:
        return n.chapter("document.advice", [Paragraph(tr("document.advice.none"))])
    by_action: dict[str, list[Candidate]] = {}
    for c in report.candidates:
        by_action.setdefault(c.action, []).append(c)
    order = [a for a in ACTION_LABELS if a in by_action] + [
        a for a in by_action if a not in ACTION_LABELS
    ]
    blocks: list[Block] = [
        Paragraph(tr("document.advice.lead", count=f"{len(report.candidates):,}"))
    ]
    summary = [
        (action_label(a), f"{len(by_action[a]):,}", f"{sum(c.members for c in by_action[a]):,}")
        for a in order
    ]
    text = tr("document.advice.summary")
    blocks.append(n.table(text, "document.advice.summary_header", summary, (False, True, True)))
    for a in order:
        found = sorted(by_action[a], key=lambda c: -c.members)
        rows = [
            (
                c.node.name,
                " › ".join(x.name for x in (c.chain[1:] or c.chain)) or "—",
                f"{c.members:,}",
                form_label(c.current_form),
                form_label(c.proposed_form),
            )
            for c in found[:limit]
        ]
        label = action_label(a)
        inner: list[Block] = [
            n.table(label, "document.advice.header", rows, (False, False, True, False, False))
        ]
        if len(found) > limit:
            inner.append(
                Paragraph(
                    tr(
                        "document.advice.more",
                        count=f"{len(found) - limit:,}",
                        command=_XLSX_COMMAND,
                    ),
                    note=True,
                )
            )
        blocks.append(
            n.chapter(
                "document.advice.action", inner, depth=2, action=label, count=f"{len(found):,}"
            )
        )
    return n.chapter("document.advice", blocks)


# -- 五、关键节点 ---------------------------------------------------------------------
def _key_nodes(n: _Numbers, report: Report, limit: int) -> Chapter:
    blocks: list[Block] = []
    rules = {r.id: r for r in report.rules}
    if report.single_points:
        points = sorted(report.single_points, key=lambda p: -p.new_errors)[:limit]
        shown = len(points)
        blocks.append(
            Paragraph(
                tr("document.key_nodes.lead", count=f"{len(report.single_points):,}", shown=shown)
            )
        )
        rows = [
            (
                p.node.name,
                kind_label(p.node.kind),
                f"{p.new_errors:,}",
                tr("report.list_separator").join(
                    title(rules[r]) if r in rules else r for r in p.rules
                ),
                tr("report.list_separator").join(e.name for e in p.examples[:3]),
            )
            for p in points
        ]
        text = tr("document.key_nodes.table", shown=shown)
        blocks.append(
            n.table(text, "document.key_nodes.header", rows, (False, False, True, False, False))
        )
    else:
        blocks.append(Paragraph(tr("document.key_nodes.none")))
    if report.load:
        load = [
            (
                s.label,
                f"{s.count:,}",
                num(s.min),
                num(s.median),
                num(s.p90),
                num(s.max),
                num(s.threshold),
                f"{len(s.outliers):,}",
            )
            for s in report.load
        ]
        text = tr("document.key_nodes.load")
        table = n.table(text, "document.key_nodes.load_header", load, (False, *([True] * 7)))
        blocks.append(n.chapter("document.key_nodes.load", [table], depth=2))
    return n.chapter("document.key_nodes", blocks)


# -- 需求对接、关键人物 (the optional sections) -----------------------------------------
def _analyses(n: _Numbers, report: Report, limit: int) -> list[Chapter]:
    out = []
    if report.matching is not None:
        out.append(_matching(n, report.matching, limit))
    if report.metrics is not None:
        out.append(_metrics(n, report.metrics))
    return out


def _matching(n: _Numbers, m: Matching, limit: int) -> Chapter:
    if not m.communities:
        return n.chapter("document.matching", [Paragraph(tr("report.matching.none"))])
    blocks: list[Block] = [Paragraph(p) for p in matching_paragraphs(m)]
    best = pairing(m)
    if best is not None:
        blocks.append(Paragraph(best[1], lead=best[0] + ("：" if language() == "zh" else ": ")))
    rows = [[r[0], *r[2:]] for r in matching_rows(m, limit)]
    header = tr("report.matching.header").split("|")
    header = [header[0], *header[2:]]
    numeric = (MATCHING_NUMERIC[0], *MATCHING_NUMERIC[2:])
    blocks.append(n.table(tr("document.matching.table", shown=len(rows)), header, rows, numeric))
    if len(m.communities) > limit:
        more = f"{len(m.communities) - limit:,}"
        command = "partygraph check FILE --with matching -o 报告.xlsx"
        blocks.append(
            Paragraph(tr("document.matching.more", count=more, command=command), note=True)
        )
    if m.unmet_needs:
        needs = [(x.need, f"{x.communities:,}") for x in m.unmet_needs[:limit]]
        text = tr("document.matching.needs_table", shown=len(needs))
        blocks.append(n.table(text, "report.matching.need_header", needs, (False, True)))
    return n.chapter("document.matching", blocks)


def _metrics(n: _Numbers, networks: list[NetworkMetrics]) -> Chapter:
    blocks: list[Block] = []
    numeric = KEY_NUMERIC[:8]
    for net in networks:
        inner: list[Block] = [Paragraph(p) for p in network_paragraphs(net)]
        lists = (("most_posts", net.most_posts), ("brokers", net.brokers))
        for which, found in lists:
            if not found:
                if which == "brokers":
                    inner.append(Paragraph(tr("document.metrics.no_brokers"), note=True))
                continue
            text = tr(f"document.metrics.{which}.{net.network}", shown=len(found))
            rows = [r[:8] for r in key_rows(found, short=True)]
            inner.append(n.table(text, "document.metrics.header", rows, numeric))
        if net.sole_links:
            inner.append(Paragraph(tr("analysis.sole_head", count=net.sole_total)))
            sole = [(k.node.name, f"{k.sole_links:,}") for k in net.sole_links]
            text = tr("document.metrics.sole", shown=len(sole))
            inner.append(n.table(text, "report.metrics.sole_header", sole, (False, True)))
        blocks.append(n.chapter(f"document.metrics.{net.network}", inner, depth=2))
    return n.chapter("document.metrics", blocks)


# -- 六、图示 -------------------------------------------------------------------------
def _figures_chapter(n: _Numbers, report: Report, ov: Overview, figures: bool) -> Chapter:
    if not figures:
        return n.chapter("document.figures", [Paragraph(tr("document.figures.omitted"), note=True)])
    scope = ov.scope
    sub = _worst_subdistrict(report, scope)
    blocks: list[Block] = []
    plans: list[tuple[str, str | None, str]] = []
    root = None if scope is None or scope.kind == "city" else scope.id
    scope_name = scope.name if scope is not None else report.model
    for layer in ("linkage", "pairing"):
        plans.append((layer, root, scope_name))
    if sub is not None:
        plans.append(("service", sub.id, sub.name))
    for layer in ("grid", "cobuilding", "whistle"):
        community = _worst_community(report, LAYERS[layer].overlay, sub or scope)
        if community is not None:
            plans.append((layer, community.id, community.name))
    where = (
        tr("document.figures.where", scope=scope_name, place=sub.name)
        if sub is not None and sub.id != root
        else tr("document.figures.where_scope", scope=scope_name)
    )
    blocks.append(Paragraph(tr("document.figures.lead") + where, note=True))
    for layer, focus, name in plans:
        layer_label = LAYERS[layer].label if language() == "zh" else layer
        blocks.append(
            n.figure(tr("document.figures.caption", place=name, layer=layer_label), layer, focus)
        )
    return n.chapter("document.figures", blocks)


def _worst_subdistrict(report: Report, scope: NodeRef | None) -> NodeRef | None:
    """The subdistrict with the most findings (errors first), else the first one."""
    if scope is not None and scope.kind in ("subdistrict", "community"):
        return (
            scope
            if scope.kind == "subdistrict"
            else next((c.node for c in report.coverage if c.level == "subdistrict"), None)
        )
    worst = overview(report, worst_level="subdistrict", n_worst=1).worst
    if worst:
        return worst[0].node
    return next((c.node for c in report.coverage if c.level == "subdistrict"), None)


def _worst_community(
    report: Report, rules: tuple[str, ...], under: NodeRef | None
) -> NodeRef | None:
    """The community under ``under`` with the most findings of ``rules`` (errors first)."""
    if under is not None and under.kind == "community":
        return under
    tally: dict[str, tuple[NodeRef, list[int]]] = {}
    for f in report.findings:
        chain = [*f.chain, f.node]
        if under is not None and under.id not in {x.id for x in chain}:
            continue
        if not any(f.rule == r or f.rule.startswith(r + ".") for r in rules):
            continue
        community = next((x for x in chain if x.kind == "community"), None)
        if community is not None:
            entry = tally.setdefault(community.id, (community, [0] * len(SEVERITIES)))
            entry[1][SEVERITIES.index(f.severity)] += 1
    if tally:
        return min(tally.values(), key=lambda e: ([-c for c in e[1]], e[0].id))[0]
    rows = [c for c in report.coverage if c.level == "community"]
    if under is not None:
        rows = [c for c in rows if c.parent == under.id] or rows
    return rows[0].node if rows else None


def draw_figures(model: Model, report: Report, doc: Document) -> Document:
    """``doc`` with its figures drawn: each layer with ``report`` overlaid, as PNG
    at print resolution (200 dpi).  A layer the model cannot draw (no service
    centres, no pairings ...) keeps ``png=None`` and says why in ``error``.
    """
    # Deferred: drawing needs matplotlib, and draw sits beside report, not under it.
    from partygraph.draw import draw, figure_bytes

    def drawn(block: Block) -> Block:
        if isinstance(block, Chapter):
            return replace(block, blocks=tuple(drawn(b) for b in block.blocks))
        if not isinstance(block, Figure) or block.png is not None:
            return block
        try:
            fig, _ = draw(model, block.layer, focus=block.focus, report=report)
        except PartygraphError as exc:
            return replace(block, error=str(exc))
        size = tuple(float(x) for x in fig.get_size_inches())
        return replace(block, png=figure_bytes(fig, "png"), size=(size[0], size[1]))

    def chapter(c: Chapter) -> Chapter:
        return replace(c, blocks=tuple(drawn(b) for b in c.blocks))

    return replace(doc, chapters=tuple(chapter(c) for c in doc.chapters))
