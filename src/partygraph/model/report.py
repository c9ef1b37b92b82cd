"""What a check returns: findings, coverage, candidates, load and single points of failure.

A :class:`Report` is plain data (pydantic), so it serialises to JSON as is;
its JSON form carries :data:`SCHEMA_VERSION` (documented in ``docs/report.md``).

Examples
--------
>>> r = Report(model="示例市", findings=[Finding(rule="grid.leader", severity="error",
...     node=NodeRef(id="g1", kind="grid", name="一网格"), message="网格无网格长",
...     message_en="grid has no leader", hint="指定一名党员任网格长")])
>>> r.counts()
{'error': 1, 'warning': 0, 'info': 0}
>>> [f.rule for f in r.findings_for("g1")]
['grid.leader']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import ConfigDict, Field

from partygraph.model.fieldsets import SharedFieldsModel, shared_fields_set
from partygraph.vocabulary import SEVERITIES, Action, Severity

if TYPE_CHECKING:
    from partygraph.report.frames import ReportFrames

__all__ = [
    "SCHEMA_VERSION",
    "SEVERITIES",
    "Candidate",
    "CommunityMatch",
    "CoverageRow",
    "Finding",
    "KeyNode",
    "LoadStat",
    "Matching",
    "NeedCount",
    "NetworkMetrics",
    "NodeRef",
    "Outlier",
    "Report",
    "RuleInfo",
    "Severity",
    "SinglePoint",
    "row",
]

#: Version of the report's JSON schema; bumped on any incompatible change.
#: 2 added the optional sections ``matching`` and ``metrics``; a report of
#: version 1 (without them) still loads.
SCHEMA_VERSION = 2


class _Data(SharedFieldsModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_Row = TypeVar("_Row", bound=_Data)


def row(cls: type[_Row], **values: Any) -> _Row:
    """A report row made from values a check computed, without validating them
    again (they are plain ``int``, ``float``, ``str`` and :class:`NodeRef`).

    A province check makes about a million findings and coverage rows.
    Validated one by one, each carried its own set of the fields given (728
    bytes of a row's 1,150); here rows with the same fields share one, and a
    row weighs about 450 bytes.  The tests validate every row of the example's
    report again and find it equal.

    >>> a = row(NodeRef, id="g1", kind="grid", name="一网格")
    >>> a == NodeRef(id="g1", kind="grid", name="一网格")
    True
    """
    every = _EVERY_FIELD.get(cls)
    if every is None:
        every = _EVERY_FIELD[cls] = (tuple(cls.model_fields), shared_fields_set(cls.model_fields))
    names, given = every
    if tuple(values) != names:  # not every field, in order, as a check gives them
        if values.keys() != given:  # defaults to fill in: pydantic's way
            return cast(_Row, cls.model_construct(_fields_set=shared_fields_set(values), **values))
        values = {name: values[name] for name in names}
    # Every field given (a check's findings and coverage rows): what
    # model_construct does, without its pass over aliases and defaults (1.5 µs
    # a row instead of 16; a check at five million households makes 54,000
    # rows), the keywords' own dict the row's.
    made = _new(cls)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_fields_set__", given)
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


_EVERY_FIELD: dict[type, tuple[tuple[str, ...], set[str]]] = {}
_new = object.__new__
_set = object.__setattr__


class NodeRef(_Data):
    """A node named in a report: its id, kind and display name."""

    id: str
    kind: str
    name: str

    def __repr__(self) -> str:
        from partygraph.report.reprs import node_repr

        return node_repr(self)


class RuleInfo(_Data):
    """A rule that ran: where it came from and what it says.

    ``finding`` / ``finding_en`` say what one finding of the rule found, as a
    sentence with ``{value}`` (the finding's value) and, for households and
    persons, ``{total}`` (the rows counted) left to fill; ``None`` when the
    rule gives none (the reports then use the message).  ``title`` /
    ``title_en`` say what the rule's coverage counts, positively (``网格配备党员网格长``);
    ``None`` when the rule gives none.  ``counts`` is what a coverage row counts: the
    kind the rule applies to, or the parts (``issue_category``) for a rule whose
    coverage counts parts of each node.
    """

    id: str
    pack: str
    severity: Severity
    message: str
    message_en: str
    hint: str
    source: str | None = None
    finding: str | None = None
    finding_en: str | None = None
    title: str | None = None
    title_en: str | None = None
    counts: str | None = None
    headline: bool = False


class Finding(_Data):
    """One node that breaks one rule.

    ``chain`` lists the node's ancestors from the city down (city → county →
    subdistrict → community); ``value`` is what was found (a count, a ratio, a
    date) and ``expected`` what the rule asks for.
    """

    rule: str
    severity: Severity
    node: NodeRef
    chain: list[NodeRef] = Field(default_factory=list)
    value: float | int | str | None = None
    expected: str | None = None
    message: str
    message_en: str
    hint: str

    def __repr__(self) -> str:
        from partygraph.report.reprs import finding_repr

        return finding_repr(self)


class CoverageRow(_Data):
    """Coverage of one rule under one administrative unit.

    ``covered`` of ``total`` nodes under ``node`` satisfy ``rule``; ``ratio`` is
    ``covered / total`` (``None`` when ``total`` is 0).  ``level`` is the unit's
    level: ``city``, ``county``, ``subdistrict`` or ``community``; ``parent`` the
    id of the unit above it (``None`` at the top).  What is counted is the
    rule's :attr:`RuleInfo.counts`.
    """

    rule: str
    node: NodeRef
    level: str
    parent: str | None = None
    covered: int
    total: int
    ratio: float | None

    def __repr__(self) -> str:
        from partygraph.report.reprs import coverage_repr

        return coverage_repr(self)


class Candidate(_Data):
    """An organisation to set up, upgrade or split, by the regulations pack."""

    action: Action
    node: NodeRef
    chain: list[NodeRef] = Field(default_factory=list)
    members: int
    current_form: str | None = None
    proposed_form: str | None = None
    rule: str

    def __repr__(self) -> str:
        from partygraph.report.reprs import candidate_repr

        return candidate_repr(self)


class Outlier(_Data):
    """A node whose load is past the threshold."""

    node: NodeRef
    value: float


class LoadStat(_Data):
    """Distribution of one load measure, e.g. households per central household."""

    measure: str
    label: str
    count: int
    min: float | None
    median: float | None
    p90: float | None
    max: float | None
    threshold: float | None = None
    outliers: list[Outlier] = Field(default_factory=list)


class SinglePoint(_Data):
    """A person or unit whose removal opens new error-severity findings."""

    node: NodeRef
    new_errors: int
    rules: list[str]
    examples: list[NodeRef] = Field(default_factory=list)


class CommunityMatch(_Data):
    """One paired community's needs: how many its own paired units meet, another
    paired unit offers (``elsewhere``) and none offers (``unmet``, by name)."""

    community: NodeRef
    chain: list[NodeRef] = Field(default_factory=list)
    units: list[NodeRef] = Field(default_factory=list)
    needs: int
    met: int
    elsewhere: int
    unmet: int
    elsewhere_needs: list[str] = Field(default_factory=list)
    unmet_needs: list[str] = Field(default_factory=list)


class NeedCount(_Data):
    """A need no paired unit offers, and how many communities list it."""

    need: str
    communities: int


class Matching(_Data):
    """The needs matched with resources (:func:`partygraph.match`), summed up:
    the totals, a row per paired community, the needs nobody offers; and, when
    the best pairing was computed (:func:`partygraph.assign`), the needs it
    meets ``before`` and ``after`` with at most ``capacity`` communities a unit."""

    needs: int
    met: int
    elsewhere: int
    unmet: int
    communities: list[CommunityMatch] = Field(default_factory=list)
    unmet_needs: list[NeedCount] = Field(default_factory=list)
    capacity: int | None = None
    before: int | None = None
    after: int | None = None
    changed: int | None = None
    kept: int | None = None


class KeyNode(_Data):
    """A person or unit listed by the network measures (:func:`partygraph.metrics`).

    ``posts`` are a person's posts (a unit's ties to communities), by ``roles``;
    ``communities`` how many communities they fall in; ``constraint`` and
    ``effective_size`` (Burt's brokerage) ``None`` when not computed.
    """

    node: NodeRef
    chain: list[NodeRef] = Field(default_factory=list)
    posts: int
    roles: dict[str, int] = Field(default_factory=dict)
    communities: int
    betweenness: float
    constraint: float | None = None
    effective_size: float | None = None
    reach_communities: int = 0
    reach_households: int = 0
    sole_links: int = 0


class NetworkMetrics(_Data):
    """One network's measures, bounded: its size, and the ``top`` persons (units)
    by posts, the ``top`` brokers, and (units) the sole links of communities."""

    network: str
    nodes: int
    edges: int
    posts: int
    max_posts: int
    sampled: bool
    top: int
    most_posts: list[KeyNode] = Field(default_factory=list)
    brokers: list[KeyNode] = Field(default_factory=list)
    sole_links: list[KeyNode] = Field(default_factory=list)
    #: Communities with one link only, in all (``sole_links`` lists the first ``top``).
    sole_total: int = 0


class Report(_Data):
    """The result of :func:`partygraph.check`.

    ``matching`` and ``metrics`` are optional sections, ``None`` unless asked for
    (:func:`partygraph.report.attach`, ``partygraph check --with``).
    """

    schema_version: int = SCHEMA_VERSION
    model: str
    snapshot: str | None = None
    packs: list[str] = Field(default_factory=list)
    rules: list[RuleInfo] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    coverage: list[CoverageRow] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    load: list[LoadStat] = Field(default_factory=list)
    single_points: list[SinglePoint] = Field(default_factory=list)
    matching: Matching | None = None
    metrics: list[NetworkMetrics] | None = None

    def counts(self) -> dict[str, int]:
        """Number of findings per severity."""
        out: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] += 1
        return out

    def findings_for(self, node_id: str) -> list[Finding]:
        """Findings whose focus node is ``node_id``."""
        return [f for f in self.findings if f.node.id == node_id]

    def coverage_of(self, node_id: str, rule: str | None = None) -> list[CoverageRow]:
        """Coverage rows of one administrative unit (optionally for one rule)."""
        return [
            c for c in self.coverage if c.node.id == node_id and (rule is None or c.rule == rule)
        ]

    def worst_severity(self, node_id: str) -> Severity | None:
        """The most severe finding on a node, or ``None``."""
        found = {f.severity for f in self.findings_for(node_id)}
        return next((s for s in SEVERITIES if s in found), None)

    def to_pandas(self) -> ReportFrames:
        """The report as tidy pandas DataFrames: ``findings``, ``coverage``,
        ``candidates``, ``load``, ``outliers`` and ``single_points`` (a
        :class:`~partygraph.report.frames.ReportFrames`); needs the ``pandas``
        extra.  See ``docs/notebook.md``."""
        from partygraph.report.frames import report_frames

        return report_frames(self)

    def __repr__(self) -> str:
        """One line: name, date, findings by severity, coverage rows (the
        fields would be megabytes)."""
        from partygraph.report.reprs import report_repr

        return report_repr(self)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """What a notebook shows: counts, coverage with bars, findings by rule (bounded)."""
        from partygraph.report.notebook import report_html

        return report_html(self)
