"""The rule language: what a rules file may say, as pydantic models.

A rules file (a built-in pack or one a user writes) looks like::

    pack: mycity
    params: {visit_days: 60}
    rules:
      - id: grid.leader
        severity: error
        applies_to: {kind: grid}
        require:
          related: {relation: held_by, role: leader, kind: person,
                    where: {member: {present: true}}, min: 1}
        message: 网格未配备党员网格长
        message_en: grid has no party-member leader    # optional: the message otherwise
        finding: 缺少党员网格长                         # optional: one finding, as a sentence
        hint: 从社区“两委”干部、居民小组长或党员中心户中选配网格长

``message``, ``finding`` and ``hint`` may name parameters as ``{name}``;
``finding`` also ``{value}`` (what the finding found) and ``{total}`` (the
households or persons counted).  ``message_en`` and ``finding_en`` are
optional: English output falls back to the Chinese.  See ``docs/rules.md``
for the whole language.  Numbers in bounds and filters
may be written as ``$name``: a parameter, set in a pack's ``params:`` and
overridden by a user's rules file or by ``check(..., params=...)``.

Examples
--------
>>> r = Requirement.model_validate({"measure": {"name": "service_items", "min": 10}})
>>> r.measure.name, r.measure.min
('service_items', 10)
>>> Requirement.model_validate({})
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Requirement
  Value error, require 下至少要写以下之一：related、attribute、measure、all、any，...
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from partygraph.i18n import tr
from partygraph.model.report import Severity

__all__ = [
    "ACTIONS",
    "AppliesTo",
    "Bound",
    "CandidateSpec",
    "CoverageSpec",
    "LoadSpec",
    "LoadValue",
    "MeasureRequirement",
    "Related",
    "Requirement",
    "Rule",
    "RuleFileHead",
]

#: A bound or filter value: a number, or ``$name`` naming a parameter.
Bound = int | float | str
RuleId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+$", min_length=1, max_length=100)
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]
Action = Literal["set_up", "joint_or_instructor", "upgrade", "split", "committee", "downgrade"]
#: Candidate actions (see :class:`partygraph.model.report.Candidate`).
ACTIONS: tuple[str, ...] = (
    "set_up",
    "joint_or_instructor",
    "upgrade",
    "split",
    "committee",
    "downgrade",
)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Bounds(_Spec):
    """Bounds on a count or a measure: ``min``/``max`` inclusive, ``lt``/``gt`` strict."""

    min: Bound | None = None
    max: Bound | None = None
    lt: Bound | None = None
    gt: Bound | None = None

    def bounds(self) -> dict[str, Bound]:
        return {k: v for k in ("min", "max", "lt", "gt") if (v := getattr(self, k)) is not None}


class AppliesTo(_Spec):
    """Which nodes a rule looks at: a kind, an attribute filter, a subtree."""

    kind: str
    where: dict[str, Any] = Field(default_factory=dict)
    scope: str | None = None


class Related(_Bounds):
    """Count the nodes related through ``relation`` (outgoing edges by default,
    ``direction: in`` for incoming), optionally only ``role`` (posts held),
    only of ``kind``, only those matching ``where``."""

    relation: str
    direction: Literal["out", "in"] = "out"
    role: str | None = None
    kind: str | None = None
    where: dict[str, Any] = Field(default_factory=dict)


class MeasureRequirement(_Bounds):
    """A named measure (computed in code, see ``docs/rules.md``) within bounds."""

    name: str


class Requirement(_Spec):
    """What each node must satisfy.  Several keys in one mapping must all hold;
    ``all`` and ``any`` combine lists of requirements."""

    related: Related | None = None
    attribute: dict[str, Any] | None = None
    measure: MeasureRequirement | None = None
    all: list[Requirement] | None = None
    any: list[Requirement] | None = None

    @model_validator(mode="after")
    def _one(self) -> Requirement:
        if not any(getattr(self, k) for k in ("related", "attribute", "measure", "all", "any")):
            raise ValueError(tr("rules.requirement_needs_one"))
        return self

    def parts(self) -> list[tuple[str, Any]]:
        """The (type, spec) pairs set in this mapping, in a fixed order."""
        return [
            (k, getattr(self, k))
            for k in ("related", "attribute", "measure", "all", "any")
            if getattr(self, k)
        ]


class CandidateSpec(_Spec):
    """Failing nodes of this rule are candidates for ``action``; ``members``
    names the measure reported as their member count."""

    action: Action
    proposed_form: str | None = None
    members: str = "members"


class CoverageSpec(_Spec):
    """Coverage counted in parts of each node rather than whole nodes.

    ``parts`` names a measure giving how many parts each node has (a
    community's issue categories); the rule's ``require`` must be a single
    ``measure`` with ``max: 0`` whose value is how many of them fail.  A node
    then adds ``parts - value`` covered parts of ``parts``: the figure is the
    share of parts that pass, not the share of nodes with none failing.
    ``of`` is the kind of the parts, which the reports name (``事项类别``).
    """

    parts: str
    of: str


class Rule(_Spec):
    """One rule: which nodes, what they need, and what to tell the analyst.

    Examples
    --------
    >>> r = Rule.model_validate({"id": "grid.leader", "severity": "error",
    ...     "applies_to": {"kind": "grid"},
    ...     "require": {"related": {"relation": "held_by", "role": "leader", "min": 1}},
    ...     "message": "网格未配备党员网格长", "message_en": "grid has no leader",
    ...     "hint": "选配网格长"})
    >>> r.require.related.role, r.coverage
    ('leader', True)
    >>> Rule.model_validate({"id": "grid.leader", "severity": "error",
    ...     "applies_to": {"kind": "grid"}, "require": {"attribute": {"leader": {"present": True}}},
    ...     "message": "网格未配备党员网格长", "hint": "选配网格长"}).message_en
    '网格未配备党员网格长'

    """

    id: RuleId
    severity: Severity
    applies_to: AppliesTo
    require: Requirement
    message: Text
    message_en: Text
    hint: Text
    finding: Text | None = None
    finding_en: Text | None = None
    #: What its coverage figure counts, said positively (``网格配备党员网格长``):
    #: the label of the rule's coverage in every report, table and diagram.
    title: Text | None = None
    title_en: Text | None = None
    #: A headline figure: listed first in every report's overview.
    headline: bool = False
    basis: Text | None = None
    candidate: CandidateSpec | None = None
    #: ``True``: coverage counts the nodes that pass; ``{parts: M}``: it counts
    #: parts of each node (measure ``M`` gives how many a node has, the rule's
    #: own measure how many of them fail), e.g. a community's issue categories.
    coverage: bool | CoverageSpec = True

    @model_validator(mode="before")
    @classmethod
    def _english_optional(cls, data: Any) -> Any:
        """No ``message_en`` (``finding_en``, ``title_en``): English shows the Chinese one."""
        if isinstance(data, dict):
            for chinese in ("message", "finding", "title"):
                english = f"{chinese}_en"
                if data.get(english) is None and isinstance(data.get(chinese), str):
                    data = {**data, english: data[chinese]}
        return data


class LoadValue(_Spec):
    """The per-node value of a load: a count through a relation, or a measure."""

    related: Related | None = None
    measure: str | None = None

    @model_validator(mode="after")
    def _one(self) -> LoadValue:
        if (self.related is None) == (self.measure is None):
            raise ValueError(tr("rules.load_value_one"))
        return self


class LoadSpec(_Spec):
    """A load distribution: one value per node of ``applies_to``; nodes above
    ``threshold`` are listed as outliers; ``nonzero`` leaves out zeros."""

    id: RuleId
    label: Text
    label_en: Text | None = None
    applies_to: AppliesTo
    value: LoadValue
    threshold: Bound | None = None
    nonzero: bool = False


class RuleFileHead(_Spec):
    """The top of a rules file; ``rules`` and ``loads`` are checked entry by entry."""

    pack: RuleId | None = None
    description: str | None = None
    params: dict[str, int | float] = Field(default_factory=dict)
    disable: list[RuleId] = Field(default_factory=list)
    rules: list[Any] = Field(default_factory=list)
    loads: list[Any] = Field(default_factory=list)
