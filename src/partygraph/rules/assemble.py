"""Putting rule sets together: later files override earlier parameters,
``disable`` drops rules, and every parameter a rule uses must be defined."""

from __future__ import annotations

import re
from typing import Any

from partygraph.errors import ErrorItem, RulesError
from partygraph.i18n import tr
from partygraph.io.origins import YamlOrigin
from partygraph.io.tables import suggest
from partygraph.rules.checker import error_at, is_param
from partygraph.rules.loader import LoadedRule, Rules, RuleSet
from partygraph.rules.spec import LoadSpec, Rule
from partygraph.rules.values import is_number

__all__ = ["assemble"]

Loc = tuple[str | int, ...]


def _params_used(obj: Any, loc: Loc) -> list[tuple[str, Loc]]:
    """Every ``$name`` in a rule or load, with where it is."""
    if isinstance(obj, str):
        return [(obj[1:], loc)] if is_param(obj) else []
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
    >>> from partygraph.rules.loader import load_pack
    >>> rules = assemble([load_pack("yangjiang")], {"visit_days": 60})
    >>> rules.params["visit_days"], len(rules.rules), rules.packs
    (60, 31, ['yangjiang'])
    """
    errors: list[ErrorItem] = []
    merged = _merge_params(sets, params or {}, errors)
    seen: dict[str, LoadedRule] = {}
    for s in sets:
        for lr in s.rules:
            first = seen.get(lr.rule.id)
            if first is not None:
                message = tr("rules.duplicate_id", id=lr.rule.id, where=first.where())
                errors.append(_rule_error(lr, ("id",), message))
                continue
            seen[lr.rule.id] = lr
            errors.extend(
                _rule_error(lr, loc, msg) for loc, msg in _unknown_params(lr.rule, merged)
            )
    disabled: set[str] = set()
    for s in sets:
        for i, rid in enumerate(s.disable):
            if rid not in seen and s.node is not None:
                message = tr("rules.no_rule_to_disable", id=rid, suggest=suggest(rid, seen))
                errors.append(
                    error_at(YamlOrigin(s.node), ("disable", i), f"disable[{i}]", message)
                )
            disabled.add(rid)
    loads: dict[str, LoadSpec] = {}
    for s in sets:
        for load, origin in s.loads:
            for loc, msg in _unknown_params(load, merged):
                errors.append(error_at(origin, loc, f"loads.{load.id}", msg))
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
            message = tr("rules.unknown_param", key=key, suggest=suggest(key, merged))
            errors.append(ErrorItem(None, None, None, f"params.{key}", message))
        elif not is_number(value) or isinstance(value, str):
            message = tr("rules.param_not_number", value=value)
            errors.append(ErrorItem(None, None, None, f"params.{key}", message))
        merged[key] = value
    return merged


#: What a finding's sentence names besides parameters (filled in per finding).
_FILLED = ("value", "total")


def _unknown_params(entry: Rule | LoadSpec, merged: dict[str, Any]) -> list[tuple[Loc, str]]:
    """``$name`` and ``{name}`` references to parameters no pack sets."""
    out = []
    data = entry.model_dump(exclude_none=True)
    for name, loc in _params_used(data, ()):
        if name not in merged:
            message = tr("rules.unknown_param_ref", name=name, suggest=suggest(name, merged))
            out.append((loc, message))
    for key in (
        "message",
        "message_en",
        "hint",
        "label",
        "label_en",
        "finding",
        "finding_en",
        "title",
        "title_en",
    ):
        for name in re.findall(r"\{(\w+)\}", data.get(key, "")):
            if name not in merged and not (key.startswith("finding") and name in _FILLED):
                out.append(((key,), tr("rules.unknown_param_brace", name=name)))
    return out


def _rule_error(lr: LoadedRule, loc: Loc, message: str) -> ErrorItem:
    path = f"rules.{lr.rule.id}" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    if lr.origin is None:
        return ErrorItem(None, None, None, path, message)
    return error_at(lr.origin, loc, path, message)
