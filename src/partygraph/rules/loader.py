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
partygraph.errors.RulesError: mine.yaml:3:15: rules[0].severity: ‘fatal’不是 severity 的可选值；...
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from partygraph.errors import MAX_REPORTED, ConfigError, ErrorItem, RulesError
from partygraph.i18n import tr
from partygraph.io.origins import YamlOrigin, pydantic_errors
from partygraph.io.tables import suggest
from partygraph.io.yamlsrc import (
    MAX_FILE_BYTES,
    MarkedDict,
    MarkedList,
    parse,
    read_text,
    without_echoes,
)
from partygraph.rules.checker import check_load, check_rule, error_at
from partygraph.rules.spec import LoadSpec, Rule, RuleFileHead
from partygraph.rules.values import is_number

__all__ = [
    "PACKS",
    "LoadedRule",
    "RuleSet",
    "Rules",
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
                    tr(
                        "rules.no_pack",
                        name=name,
                        suggest=suggest(name, PACKS),
                        packs="、".join(PACKS),
                    ),
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
    read, errors = list(errors), list(errors)
    if data is None:
        data = MarkedDict()
    if not isinstance(data, MarkedDict):
        raise RulesError([ErrorItem(name, 1, 1, "", tr("rules.not_a_mapping"))])
    if not hasattr(data, "mark"):
        from partygraph.io.yamlsrc import Mark

        data.mark, data.key_marks, data.value_marks = Mark(name, 1, 1), {}, {}
    root = YamlOrigin(data)
    try:
        head = RuleFileHead.model_validate(data)
    except ValidationError as exc:
        errors.extend(_head_errors(exc, root))
        raise RulesError(without_echoes(errors[len(read) :], read)) from None
    out = RuleSet(
        name=head.pack or default_name or Path(name).stem,
        file=name,
        params=dict(head.params),
        disable=list(head.disable),
        description=head.description,
        node=data,
    )
    for key, value in head.params.items():
        if not is_number(value):  # NaN fails every comparison: it would flag every node
            message = tr("rules.param_not_number", value=value)
            errors.append(error_at(root, ("params", key), f"params.{key}", message))
    for rule, origin in _entries(data, "rules", head.rules, Rule, errors):
        out.rules.append(LoadedRule(rule, out.name, origin))
    out.loads.extend(_entries(data, "loads", head.loads, LoadSpec, errors))
    if errors:
        raise RulesError(without_echoes(errors[len(read) :], read))
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
            errors.append(
                error_at(YamlOrigin(data), (key, i), f"{key}[{i}]", tr("rules.entry_not_mapping"))
            )
            continue
        try:
            entry = cls.model_validate(raw)
        except ValidationError as exc:
            errors.extend(pydantic_errors(exc, origin, key, cls, hints=MAX_REPORTED - len(errors)))
            continue
        if isinstance(entry, Rule):
            errors.extend(check_rule(entry, origin, f"{key}[{i}]"))
        else:
            errors.extend(check_load(entry, origin, f"{key}[{i}]"))
        out.append((entry, origin))
    return out


def _node(data: MarkedDict, key: str, i: int) -> MarkedDict:
    items = data.get(key)
    item = items[i] if isinstance(items, MarkedList) else None
    return item if isinstance(item, MarkedDict) else data


def _head_errors(exc: ValidationError, root: YamlOrigin) -> list[ErrorItem]:
    out: list[ErrorItem] = []
    # pydantic_errors words each error in the current language (one item per error)
    told = pydantic_errors(exc, root, "", RuleFileHead)
    for err, item in zip(exc.errors(include_url=False), told, strict=True):
        loc = tuple(err["loc"])
        if loc[:1] == ("params",) and loc[-1] in ("int", "float"):
            if loc[-1] == "int":
                continue  # int | float fails twice: say it once, as "not a number"
            loc = loc[:-1]
        path = ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            allowed = list(RuleFileHead.model_fields)
            hint = suggest(str(loc[-1]), allowed) if len(out) < MAX_REPORTED else ""
            message = tr(
                "rules.unknown_key",
                key=str(loc[-1]),
                hint=hint,
                allowed=tr("load_model.list_sep").join(allowed),
            )
            out.append(error_at(root, loc, path, message, key=True))
        else:
            out.append(error_at(root, loc, path, item.message))
    return out
