"""Read rules files (built-in packs and user files), with file:line errors.

A rules file is read with the same marked YAML reader as a model
(:mod:`partygraph.io.yamlsrc`), validated entry by entry against the rule
language (:mod:`partygraph.rules.spec`) and then against what a model can
hold: kinds, attributes, relations, roles and measures.  Every problem found
is raised at once as one :class:`~partygraph.errors.RulesError`, each item
with its file, line, column and field path.

Examples
--------
>>> [r.rule.id for r in load_pack("yangjiang").rules][:2]
['subdistrict.expanded_working_committee', 'community.expanded_committee']
>>> bad = "rules:\\n  - id: x\\n    severity: fatal\\n"
>>> loads_rules(bad, "mine.yaml")
Traceback (most recent call last):
...
partygraph.errors.RulesError: mine.yaml:3:15: rules[0].severity: Input should be 'error', ...
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from partygraph.errors import ConfigError, ErrorItem, RulesError
from partygraph.index import AttrSpec, attributes
from partygraph.io.load import _pydantic_errors
from partygraph.io.resolve import YamlOrigin
from partygraph.io.tables import suggest
from partygraph.io.yamlsrc import MAX_FILE_BYTES, MarkedDict, MarkedList, parse, read_text
from partygraph.rules.engine import OPS, conditions
from partygraph.rules.measures import MEASURES
from partygraph.rules.spec import LoadSpec, Related, Requirement, Rule, RuleFileHead
from partygraph.vocabulary import KIND_NAMES, RELATIONS, ROLES

__all__ = [
    "PACKS",
    "LoadedRule",
    "RuleSet",
    "Rules",
    "assemble",
    "load_pack",
    "load_rules",
    "loads_rules",
]

#: The built-in packs, in the order they run by default.
PACKS: tuple[str, ...] = ("regulations", "yangjiang")

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class LoadedRule:
    """A rule with the pack it belongs to and where it was written."""

    rule: Rule
    pack: str
    origin: YamlOrigin | None = None

    def where(self) -> str | None:
        if self.origin is None:
            return None
        mark = self.origin.node.mark
        return f"{mark.file}:{mark.line}"


@dataclass
class RuleSet:
    """The contents of one rules file: a pack."""

    name: str
    file: str
    rules: list[LoadedRule] = field(default_factory=list)
    loads: list[tuple[LoadSpec, YamlOrigin]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    disable: list[str] = field(default_factory=list)
    description: str | None = None
    node: MarkedDict | None = None


@dataclass
class Rules:
    """Rules ready to run: every rule of every pack (minus the disabled ones),
    the load definitions and the parameters in force."""

    rules: list[LoadedRule]
    loads: list[LoadSpec]
    params: dict[str, Any]
    packs: list[str]


def load_pack(name: str) -> RuleSet:
    """A built-in pack (see :data:`PACKS`).

    Raises
    ------
    RulesError
        For an unknown pack name.

    Examples
    --------
    >>> pack = load_pack("regulations")
    >>> pack.params["branch_max_members"], pack.rules[0].rule.severity
    (50, 'warning')
    """
    if name not in PACKS:
        raise RulesError(
            [
                ErrorItem(
                    None,
                    None,
                    None,
                    "pack",
                    f"no built-in pack {name!r}{suggest(name, PACKS)}; "
                    f"packs are: {', '.join(PACKS)}",
                )
            ]
        )
    return _pack(name)


@cache
def _pack(name: str) -> RuleSet:
    """A built-in pack, read once (packs are never changed after loading)."""
    res = resources.files("partygraph.rules").joinpath("packs", f"{name}.yaml")
    path = os.fspath(res) if isinstance(res, os.PathLike) else f"partygraph/rules/packs/{name}.yaml"
    return loads_rules(res.read_text(encoding="utf-8"), path, default_name=name)


def load_rules(path: str | os.PathLike[str]) -> RuleSet:
    """Read a user's rules file.

    Raises
    ------
    RulesError
        Listing every problem, each with file, line, column and field path.

    Examples
    --------
    >>> mine = load_rules("tests/fixtures/rules/custom_rules.yaml")
    >>> mine.name, mine.disable, [r.rule.id for r in mine.rules][:1]
    ('mycity', ['post.secretary'], ['my.big_household_linked'])
    """
    try:
        text = read_text(Path(path), limit=MAX_FILE_BYTES, kind="yaml")
    except ConfigError as exc:
        raise RulesError(exc.errors) from None
    return loads_rules(text, os.fspath(path), default_name=Path(path).stem)


def loads_rules(text: str, name: str, *, default_name: str | None = None) -> RuleSet:
    """Parse rules from YAML text; ``name`` is the file name used in errors.

    Examples
    --------
    >>> text = (
    ...     "rules:\\n  - {id: grid.noted, severity: info, applies_to: {kind: grid},"
    ...     " require: {attribute: {note: {present: true}}}, message: 网格未填写备注,"
    ...     " message_en: grid has no note, hint: 补充备注}\\n"
    ... )
    >>> loads_rules(text, "mine.yaml", default_name="mine").rules[0].rule.applies_to.kind
    'grid'
    """
    try:
        data, errors = parse(text, name)
    except ConfigError as exc:
        raise RulesError(exc.errors) from None
    errors = list(errors)
    if data is None:
        data = MarkedDict()
    if not isinstance(data, MarkedDict):
        raise RulesError(
            [ErrorItem(name, 1, 1, "", "a rules file is a mapping (rules:, params:, ...)")]
        )
    if not hasattr(data, "mark"):
        from partygraph.io.yamlsrc import Mark

        data.mark, data.key_marks, data.value_marks = Mark(name, 1, 1), {}, {}
    root = YamlOrigin(data)
    try:
        head = RuleFileHead.model_validate(data)
    except ValidationError as exc:
        errors.extend(_head_errors(exc, root))
        raise RulesError(errors) from None
    out = RuleSet(
        name=head.pack or default_name or Path(name).stem,
        file=name,
        params=dict(head.params),
        disable=list(head.disable),
        description=head.description,
        node=data,
    )
    for rule, origin in _entries(data, "rules", head.rules, Rule, errors):
        out.rules.append(LoadedRule(rule, out.name, origin))
    out.loads.extend(_entries(data, "loads", head.loads, LoadSpec, errors))
    if errors:
        raise RulesError(errors)
    return out


def _entries(
    data: MarkedDict,
    key: str,
    raws: list[Any],
    cls: type[Rule] | type[LoadSpec],
    errors: list[ErrorItem],
) -> list[tuple[Any, YamlOrigin]]:
    """Validate each entry of ``rules:`` or ``loads:``, then check it against the model's schema."""
    out = []
    for i, raw in enumerate(raws):
        origin = YamlOrigin(_node(data, key, i), i)
        if not isinstance(raw, dict):
            errors.append(_at(YamlOrigin(data), (key, i), f"{key}[{i}]", "each entry is a mapping"))
            continue
        try:
            entry = cls.model_validate(raw)
        except ValidationError as exc:
            errors.extend(_pydantic_errors(exc, origin, key, cls))
            continue
        if isinstance(entry, Rule):
            errors.extend(_check_rule(entry, origin, f"{key}[{i}]"))
        else:
            errors.extend(_check_load(entry, origin, f"{key}[{i}]"))
        out.append((entry, origin))
    return out


def _node(data: MarkedDict, key: str, i: int) -> MarkedDict:
    items = data.get(key)
    item = items[i] if isinstance(items, MarkedList) else None
    return item if isinstance(item, MarkedDict) else data


def _at(origin: YamlOrigin, loc: Loc, path: str, message: str, *, key: bool = False) -> ErrorItem:
    file, line, col = origin.locate(loc, key=key)
    return ErrorItem(file, line, col, path, message)


def _head_errors(exc: ValidationError, root: YamlOrigin) -> list[ErrorItem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            allowed = list(RuleFileHead.model_fields)
            message = (
                f"unknown key {loc[-1]!r}{suggest(str(loc[-1]), allowed)}; "
                f"allowed: {', '.join(allowed)}"
            )
            out.append(_at(root, loc, path, message, key=True))
        else:
            out.append(_at(root, loc, path, err["msg"]))
    return out


# -- checks against what a model can hold ----------------------------------------
class _Checker:
    def __init__(self, origin: YamlOrigin, prefix: str) -> None:
        self.origin = origin
        self.prefix = prefix
        self.errors: list[ErrorItem] = []

    def error(self, loc: Loc, message: str, *, key: bool = False) -> None:
        path = self.prefix + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
        self.errors.append(_at(self.origin, loc, path, message, key=key))

    def kind(self, kind: str, loc: Loc) -> bool:
        if kind not in KIND_NAMES:
            self.error(
                loc,
                f"unknown kind {kind!r}{suggest(kind, KIND_NAMES)}; "
                f"kinds are: {', '.join(KIND_NAMES)}",
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
                    f"{kind} has no attribute or measure {name!r}{suggest(name, known)}; "
                    f"it has: {', '.join(known)}",
                    key=True,
                )
                continue
            self.condition(spec, name, op, value, at)

    def condition(self, spec: AttrSpec, name: str, op: str, value: Any, loc: Loc) -> None:
        if op not in OPS:
            self.error(
                loc, f"unknown operator {op!r}{suggest(op, OPS)}; operators are: {', '.join(OPS)}"
            )
            return
        types = OPS[op]
        if spec.type not in types or (op == "contains" and spec.type == "ref" and not spec.many):
            self.error(loc, f"operator {op!r} does not apply to {name!r} (a {spec.type} attribute)")
            return
        values = value if isinstance(value, list) else [value]
        if op in ("in", "not_in") and not isinstance(value, list):
            self.error(loc, f"{op} takes a list of values")
        for v in values:
            self.value(v, loc)
            if (
                spec.choices
                and op in ("eq", "ne", "in", "not_in")
                and not _is_param(v)
                and str(v) not in spec.choices
            ):
                self.error(
                    loc,
                    f"{v!r} is not a value of {name}{suggest(str(v), spec.choices)}; "
                    f"values are: {', '.join(spec.choices)}",
                )

    def value(self, v: Any, loc: Loc) -> None:
        if isinstance(v, str) and v.startswith("$") and not v[1:].isidentifier():
            self.error(loc, f"{v!r} is not a parameter name ($ then letters, digits, _)")

    def bounds(self, spec: Any, loc: Loc, *, required: bool = True) -> None:
        b = spec.bounds()
        if required and not b:
            self.error(loc, "give at least one bound: min, max, lt or gt")
        for key, v in b.items():
            if isinstance(v, str) and not _is_param(v):
                self.error((*loc, key), f"{key} is a number or a $parameter, not {v!r}")
            self.value(v, (*loc, key))

    def related(self, spec: Related, kind: str, loc: Loc, *, required: bool = True) -> None:
        if spec.relation not in RELATIONS:
            self.error(
                (*loc, "relation"),
                f"unknown relation {spec.relation!r}"
                f"{suggest(spec.relation, RELATIONS)}; relations are: {', '.join(RELATIONS)}",
            )
        if spec.role is not None:
            if spec.relation != "held_by":
                self.error((*loc, "role"), "role applies to the held_by relation (posts) only")
            elif spec.role not in ROLES:
                self.error(
                    (*loc, "role"),
                    f"unknown role {spec.role!r}{suggest(spec.role, ROLES)}; "
                    f"roles are: {', '.join(ROLES)}",
                )
        if spec.kind is not None and self.kind(spec.kind, (*loc, "kind")) and spec.where:
            self.where(spec.kind, spec.where, (*loc, "where"))
        elif spec.where and spec.kind is None:
            self.error((*loc, "where"), "name the kind of the related nodes (kind:) to filter them")
        self.bounds(spec, loc, required=required)

    def measure(self, name: str, kind: str, loc: Loc) -> bool:
        m = MEASURES.get(name)
        if m is None:
            self.error(
                loc,
                f"unknown measure {name!r}{suggest(name, MEASURES)}; "
                f"measures are: {', '.join(MEASURES)}",
            )
            return False
        if kind not in m.kinds:
            self.error(loc, f"measure {name!r} is defined for {', '.join(m.kinds)}, not {kind}")
            return False
        return True

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


def _is_param(v: Any) -> bool:
    return isinstance(v, str) and v.startswith("$")


def _check_rule(rule: Rule, origin: YamlOrigin, prefix: str) -> list[ErrorItem]:
    c = _Checker(origin, prefix)
    kind = rule.applies_to.kind
    if c.kind(kind, ("applies_to", "kind")):
        c.where(kind, rule.applies_to.where, ("applies_to", "where"))
        c.requirement(rule.require, kind, ("require",))
        if rule.candidate is not None:
            c.measure(rule.candidate.members, kind, ("candidate", "members"))
    return c.errors


def _check_load(load: LoadSpec, origin: YamlOrigin, prefix: str) -> list[ErrorItem]:
    c = _Checker(origin, prefix)
    kind = load.applies_to.kind
    if c.kind(kind, ("applies_to", "kind")):
        c.where(kind, load.applies_to.where, ("applies_to", "where"))
        if load.value.related is not None:
            c.related(load.value.related, kind, ("value", "related"), required=False)
        elif load.value.measure is not None:
            c.measure(load.value.measure, kind, ("value", "measure"))
    if isinstance(load.threshold, str) and not _is_param(load.threshold):
        c.error(("threshold",), f"threshold is a number or a $parameter, not {load.threshold!r}")
    return c.errors


# -- assembling packs ------------------------------------------------------------------
def _params_used(obj: Any, loc: Loc) -> list[tuple[str, Loc]]:
    """Every ``$name`` in a rule or load, with where it is."""
    if isinstance(obj, str):
        return [(obj[1:], loc)] if _is_param(obj) else []
    if isinstance(obj, dict):
        return [u for k, v in obj.items() for u in _params_used(v, (*loc, k))]
    if isinstance(obj, list | tuple):
        return [u for i, v in enumerate(obj) for u in _params_used(v, (*loc, i))]
    return []


def assemble(sets: list[RuleSet], params: dict[str, Any] | None = None) -> Rules:
    """Put packs together: later files override earlier parameters, ``disable``
    removes rules by id, and ``params`` (from the caller) wins over all.

    Raises
    ------
    RulesError
        For a rule id defined twice, a ``$parameter`` or ``{parameter}`` no pack
        sets, or a disabled id that no pack defines.

    Examples
    --------
    >>> rules = assemble([load_pack("yangjiang")], {"visit_days": 60})
    >>> rules.params["visit_days"], len(rules.rules), rules.packs
    (60, 18, ['yangjiang'])
    """
    errors: list[ErrorItem] = []
    merged = _merge_params(sets, params or {}, errors)
    seen: dict[str, LoadedRule] = {}
    for s in sets:
        for lr in s.rules:
            first = seen.get(lr.rule.id)
            if first is not None:
                message = f"rule id {lr.rule.id!r} is already defined at {first.where()}"
                errors.append(_rule_error(lr, ("id",), message + "; give this rule another id"))
                continue
            seen[lr.rule.id] = lr
            errors.extend(
                _rule_error(lr, loc, msg) for loc, msg in _unknown_params(lr.rule, merged)
            )
    disabled: set[str] = set()
    for s in sets:
        for i, rid in enumerate(s.disable):
            if rid not in seen and s.node is not None:
                message = f"no rule {rid!r} to disable{suggest(rid, seen)}"
                errors.append(_at(YamlOrigin(s.node), ("disable", i), f"disable[{i}]", message))
            disabled.add(rid)
    loads: dict[str, LoadSpec] = {}
    for s in sets:
        for load, origin in s.loads:
            for loc, msg in _unknown_params(load, merged):
                errors.append(_at(origin, loc, f"loads.{load.id}", msg))
            loads[load.id] = load  # a later file may redefine a load
    if errors:
        raise RulesError(errors)
    return Rules(
        rules=[r for r in seen.values() if r.rule.id not in disabled],
        loads=list(loads.values()),
        params=merged,
        packs=[s.name for s in sets],
    )


def _merge_params(
    sets: list[RuleSet], params: dict[str, Any], errors: list[ErrorItem]
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for s in sets:
        merged.update(s.params)
    for key, value in params.items():
        if key not in merged:
            message = f"unknown parameter {key!r}{suggest(key, merged)}"
            errors.append(ErrorItem(None, None, None, f"params.{key}", message))
        elif not isinstance(value, int | float) or isinstance(value, bool):
            errors.append(ErrorItem(None, None, None, f"params.{key}", "a parameter is a number"))
        merged[key] = value
    return merged


def _unknown_params(entry: Rule | LoadSpec, merged: dict[str, Any]) -> list[tuple[Loc, str]]:
    """``$name`` and ``{name}`` references to parameters no pack sets."""
    out = []
    data = entry.model_dump(exclude_none=True)
    for name, loc in _params_used(data, ()):
        if name not in merged:
            out.append(
                (loc, f"unknown parameter ${name}{suggest(name, merged)}; set it in params:")
            )
    for key in ("message", "message_en", "hint", "label", "label_en"):
        for name in re.findall(r"\{(\w+)\}", data.get(key, "")):
            if name not in merged:
                out.append(((key,), f"unknown parameter {{{name}}}; set it in params:"))
    return out


def _rule_error(lr: LoadedRule, loc: Loc, message: str) -> ErrorItem:
    path = f"rules.{lr.rule.id}" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    if lr.origin is None:
        return ErrorItem(None, None, None, path, message)
    return _at(lr.origin, loc, path, message)
