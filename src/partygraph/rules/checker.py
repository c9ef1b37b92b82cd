"""Rules checked against what a model can hold: kinds, attributes, relations,
roles, measures, and the type of every filter value.

The rule language (:mod:`partygraph.rules.spec`) says what a rule may look
like; this says whether it can mean anything for a model, so that a typo in a
rules file is an error at its line rather than a rule that silently matches
nothing.
"""

from __future__ import annotations

from typing import Any

from partygraph.errors import ErrorItem
from partygraph.i18n import tr
from partygraph.index import AttrSpec, attributes
from partygraph.io.origins import YamlOrigin
from partygraph.io.tables import suggest
from partygraph.rules.engine import OPS, conditions
from partygraph.rules.measures import MEASURES
from partygraph.rules.spec import CoverageSpec, LoadSpec, Related, Requirement, Rule
from partygraph.rules.values import example, is_number, type_name, value_problem
from partygraph.vocabulary import KIND_NAMES, RELATIONS, ROLES
from partygraph.vocabulary.items import PART_LABELS

__all__ = ["check_load", "check_rule", "error_at", "is_param"]

Loc = tuple[str | int, ...]


def error_at(
    origin: YamlOrigin, loc: Loc, path: str, message: str, *, key: bool = False
) -> ErrorItem:
    """A problem at ``loc`` of a rules file, located by its YAML marks."""
    file, line, col = origin.locate(loc, key=key)
    return ErrorItem(file, line, col, path, message)


def _list(items: Any) -> str:
    """Names listed in the current language (、 in Chinese)."""
    return tr("load_model.list_sep").join(items)


class _Checker:
    def __init__(self, origin: YamlOrigin, prefix: str) -> None:
        self.origin = origin
        self.prefix = prefix
        self.errors: list[ErrorItem] = []

    def error(self, loc: Loc, message: str, *, key: bool = False) -> None:
        path = self.prefix + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
        self.errors.append(error_at(self.origin, loc, path, message, key=key))

    def kind(self, kind: str, loc: Loc) -> bool:
        if kind not in KIND_NAMES:
            self.error(
                loc,
                tr(
                    "rules.unknown_kind",
                    kind=kind,
                    suggest=suggest(kind, KIND_NAMES),
                    kinds=_list(KIND_NAMES),
                ),
            )
            return False
        return True

    def where(self, kind: str, where: dict[str, Any], loc: Loc) -> None:
        attrs = attributes(kind)
        for name, op, value in conditions(where):
            at = (*loc, name)
            if name in attrs:
                spec = attrs[name]
            elif name in MEASURES and kind in MEASURES[name].kinds:
                spec = AttrSpec("num")
            else:
                known = [*attrs, *(m for m, v in MEASURES.items() if kind in v.kinds)]
                self.error(
                    at,
                    tr(
                        "rules.no_attribute",
                        kind=kind,
                        name=name,
                        suggest=suggest(name, known),
                        known=_list(known),
                    ),
                    key=True,
                )
                continue
            # point at the operator's value ({lt: here}), not at the attribute
            self.condition(
                spec, name, op, value, (*at, op) if isinstance(where[name], dict) else at
            )

    def condition(self, spec: AttrSpec, name: str, op: str, value: Any, loc: Loc) -> None:
        if op not in OPS:
            self.error(loc, tr("rules.unknown_op", op=op, suggest=suggest(op, OPS), ops=_list(OPS)))
            return
        if not _applies(op, spec):
            ops = [o for o in OPS if _applies(o, spec)]
            self.error(
                loc,
                tr(
                    "rules.op_not_for",
                    op=op,
                    name=name,
                    type=type_name(spec.type),
                    ops=_list(ops),
                    example=example(spec, name, ops[0]),
                ),
            )
            return
        problem = value_problem(spec, name, op, value)
        if problem is not None:
            self.error(loc, problem)
            return
        for v in value if isinstance(value, list) else [value]:
            self.value(v, loc)
            if (
                spec.choices
                and op in ("eq", "ne", "in", "not_in")
                and not is_param(v)
                and str(v) not in spec.choices
            ):
                self.error(
                    loc,
                    tr(
                        "rules.not_a_choice",
                        value=v,
                        name=name,
                        suggest=suggest(str(v), spec.choices),
                        choices=_list(spec.choices),
                    ),
                )

    def value(self, v: Any, loc: Loc) -> None:
        if isinstance(v, str) and v.startswith("$") and not v[1:].isidentifier():
            self.error(loc, tr("rules.bad_param_name", value=v))

    def bounds(self, spec: Any, loc: Loc, *, required: bool = True) -> None:
        b = spec.bounds()
        if required and not b:
            self.error(loc, tr("rules.no_bound"))
        for key, v in b.items():
            if not is_number(v):
                self.error((*loc, key), tr("rules.bound_not_number", key=key, value=v))
            self.value(v, (*loc, key))

    def related(self, spec: Related, kind: str, loc: Loc, *, required: bool = True) -> None:
        if spec.relation not in RELATIONS:
            self.error(
                (*loc, "relation"),
                tr(
                    "rules.unknown_relation",
                    relation=spec.relation,
                    suggest=suggest(spec.relation, RELATIONS),
                    relations=_list(RELATIONS),
                ),
            )
        if spec.role is not None:
            if spec.relation != "held_by":
                self.error((*loc, "role"), tr("rules.role_held_by_only"))
            elif spec.role not in ROLES:
                self.error(
                    (*loc, "role"),
                    tr(
                        "rules.unknown_role",
                        role=spec.role,
                        suggest=suggest(spec.role, ROLES),
                        roles=_list(ROLES),
                    ),
                )
        if spec.kind is not None and self.kind(spec.kind, (*loc, "kind")) and spec.where:
            self.where(spec.kind, spec.where, (*loc, "where"))
        elif spec.where and spec.kind is None:
            self.error((*loc, "where"), tr("rules.where_needs_kind"))
        self.bounds(spec, loc, required=required)

    def measure(self, name: str, kind: str, loc: Loc) -> bool:
        m = MEASURES.get(name)
        if m is None:
            self.error(
                loc,
                tr(
                    "rules.unknown_measure",
                    name=name,
                    suggest=suggest(name, MEASURES),
                    measures=_list(MEASURES),
                ),
            )
            return False
        if kind not in m.kinds:
            message = tr("rules.measure_wrong_kind", name=name, kinds=_list(m.kinds), kind=kind)
            self.error(loc, message)
            return False
        return True

    def parts(self, rule: Rule, kind: str) -> None:
        """Coverage in parts needs a parts measure and a rule counting failing parts."""
        assert isinstance(rule.coverage, CoverageSpec)
        self.measure(rule.coverage.parts, kind, ("coverage", "parts"))
        if rule.coverage.of not in PART_LABELS:
            self.kind(rule.coverage.of, ("coverage", "of"))
        m = rule.require.measure
        if len(rule.require.parts()) != 1 or m is None or m.bounds() != {"max": 0}:
            self.error(
                ("coverage", "parts"),
                tr("rules.parts_needs_max_zero"),
            )

    def requirement(self, req: Requirement, kind: str, loc: Loc) -> None:
        for t, spec in req.parts():
            at = (*loc, t)
            if t == "related":
                self.related(spec, kind, at)
            elif t == "attribute":
                self.where(kind, spec, at)
            elif t == "measure":
                self.measure(spec.name, kind, (*at, "name"))
                self.bounds(spec, at)
            else:
                for i, sub in enumerate(spec):
                    self.requirement(sub, kind, (*at, i))


def is_param(v: Any) -> bool:
    """Whether a value is a ``$name`` parameter reference."""
    return isinstance(v, str) and v.startswith("$")


def _applies(op: str, spec: AttrSpec) -> bool:
    """Whether filter operator ``op`` applies to an attribute (``contains``: to many refs)."""
    if op == "contains" and spec.type == "ref":
        return spec.many
    return spec.type in OPS[op]


def check_rule(rule: Rule, origin: YamlOrigin, prefix: str) -> list[ErrorItem]:
    c = _Checker(origin, prefix)
    kind = rule.applies_to.kind
    if c.kind(kind, ("applies_to", "kind")):
        c.where(kind, rule.applies_to.where, ("applies_to", "where"))
        c.requirement(rule.require, kind, ("require",))
        if rule.candidate is not None:
            c.measure(rule.candidate.members, kind, ("candidate", "members"))
        if isinstance(rule.coverage, CoverageSpec):
            c.parts(rule, kind)
    return c.errors


def check_load(load: LoadSpec, origin: YamlOrigin, prefix: str) -> list[ErrorItem]:
    c = _Checker(origin, prefix)
    kind = load.applies_to.kind
    if c.kind(kind, ("applies_to", "kind")):
        c.where(kind, load.applies_to.where, ("applies_to", "where"))
        if load.value.related is not None:
            c.related(load.value.related, kind, ("value", "related"), required=False)
        elif load.value.measure is not None:
            c.measure(load.value.measure, kind, ("value", "measure"))
    if load.threshold is not None and not is_number(load.threshold):
        c.error(("threshold",), tr("rules.bound_not_number", key="threshold", value=load.threshold))
    return c.errors
