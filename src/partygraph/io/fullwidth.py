"""Full-width punctuation and tabs in YAML, found at their line and column.

A Chinese input method types ``，：；（）【】“”`` and the ideographic space
U+3000 where YAML's structure wants ``, : ; ( ) [ ] "`` and a plain space.
YAML does not know them: ``[党课资源，志愿者队伍]`` is one item, and
``community：sd05`` is a key without its colon, reported by PyYAML on the next
line as "could not find expected ':'".  Nothing may be misread, so:

- after a document is composed, :func:`suspects` finds every plain (unquoted)
  scalar in a place of structure that holds one: a key; a value that is not
  free text; an item of a flow list (``[a，b]``), where ``，`` and ``；`` can
  only have been meant as separators, as an ideographic space at either end
  can only be indentation or a separator.  Free text (a ``name:``, a
  ``note:``, the items of a ``resources:`` list written one per line) keeps
  them all, as written (parentheses are text everywhere but in a key);
- when a document does not parse, :func:`diagnose` looks for the full-width
  character or tab nearest the error, before it, and reports it instead.

Each is reported at the character itself, saying what it is and what to
write (:func:`message`).  Quoted scalars, block scalars (``|``, ``>``) and
comments are never looked at.

Examples
--------
>>> message("，", 3, 22)
'第 3 行第 22 列是全角逗号‘，’，请改为半角‘,’'
>>> lines = ["a: 1", "community：sd05-c06", "b: 2"]
>>> diagnose(lines, 2, 0, frozenset())
(2, 10, '：')
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel

from partygraph.i18n import tr
from partygraph.model import SECTIONS, field_hints, ref_fields, unwrap_type
from partygraph.model.population import TABLES

__all__ = ["FULLWIDTH", "Prose", "diagnose", "message", "model_prose", "prose_kind", "suspects"]

#: The full-width characters that stand for YAML punctuation, and U+3000.
FULLWIDTH = "，：；（）【】“”\u3000"
#: Free-text keys: ``"text"`` a value of prose, ``"list"`` a list of prose items.
Prose = Mapping[str, Literal["text", "list"]]

_HALF = {"（": "(", "）": ")", "【": "[", "】": "]"}
_IN_KEY = FULLWIDTH
# A value that is not prose: anything but parentheses, which are text, not YAML.
_IN_VALUE = "，：；【】“”\u3000"
# An item of a flow list of prose: only the separators.
_IN_PROSE_ITEM = "，；"
_SPACE = "\u3000"


_MESSAGES = {
    "，": "load_yaml.fullwidth_comma",
    "：": "load_yaml.fullwidth_colon",
    "；": "load_yaml.fullwidth_semicolon",
    "\t": "load_yaml.tab",
    _SPACE: "load_yaml.fullwidth_space",
}


def message(char: str, line: int, column: int) -> str:
    """What the character at ``line``/``column`` (from 1) is, and what to write."""
    if char in _HALF:
        fix = _HALF[char]
        return tr("load_yaml.fullwidth_bracket", line=line, column=column, char=char, fix=fix)
    if char in "“”":
        return tr("load_yaml.fullwidth_quote", line=line, column=column, char=char)
    return tr(_MESSAGES[char], line=line, column=column)


def suspects(root: yaml.Node, lines: Sequence[str], prose: Prose) -> Iterator[tuple[int, int, str]]:
    """(line, column, character), from 1, of each full-width character in
    ``root``'s structure: the first in each scalar that has one."""
    stack: list[tuple[yaml.Node, str, str]] = [(root, _IN_VALUE, _IN_VALUE)]
    seen: set[int] = set()
    while stack:
        node, chars, items = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            found = _in_scalar(node, chars, lines)
            if found is not None:
                yield found
            continue
        if id(node) in seen:  # an alias: its node was looked at where it stands
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, items, _IN_VALUE) for child in reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                kind = prose.get(key.value) if isinstance(key, yaml.ScalarNode) else None
                if kind == "text" and isinstance(value, yaml.ScalarNode):
                    found = _continued(value, key.start_mark.line, lines)
                    if found is not None:
                        yield found
                stack.append((value, *_value_chars(kind, value)))
                stack.append((key, _IN_KEY, _IN_VALUE))


def _continued(
    value: yaml.ScalarNode, key_line: int, lines: Sequence[str]
) -> tuple[int, int, str] | None:
    """Free text that is structure typed full-width: a full-width colon on a
    line after its key's (``- name: 东风`` then ``  level：x`` would read as
    one name), or a list or mapping opened with a full-width bracket."""
    if value.style:
        return None
    if value.value[:1] in "【（" and any(c in value.value for c in "[]{}"):
        # 【a, b] or （k: v}: a list or mapping begun with a full-width bracket.
        mark = value.start_mark
        return mark.line + 1, mark.column + 1, value.value[0]
    if value.end_mark.line == key_line:
        return None
    for line, col, char in _written(value, lines):
        if line > key_line and char == "：":
            return line + 1, col + 1, char
    return None


def _value_chars(kind: str | None, value: yaml.Node) -> tuple[str, str]:
    """(characters refused in the value if a scalar, in its items if a list)."""
    if kind == "text":
        return "", _IN_VALUE
    if kind == "list":
        flow = isinstance(value, yaml.SequenceNode) and value.flow_style
        return _IN_VALUE, _IN_PROSE_ITEM if flow else ""
    return _IN_VALUE, _IN_VALUE


def _in_scalar(
    node: yaml.ScalarNode, chars: str, lines: Sequence[str]
) -> tuple[int, int, str] | None:
    """The first refused character of a plain scalar: one of ``chars``, or
    (unless the scalar is free text) an ideographic space at either end."""
    if node.style:  # quoted or a block scalar: text as written (plain: None, or "" by libyaml)
        return None
    value = node.value
    # Free text keeps its spaces, as written; elsewhere an edge one is a slip.
    edges = bool(chars) and (value[:1] == _SPACE or value[-1:] == _SPACE)
    if not edges and not (chars and _finder(chars).search(value)):
        return None
    written = list(_written(node, lines))
    body = "".join(c for _, _, c in written).strip(_SPACE)
    lead = len(written) - len("".join(c for _, _, c in written).lstrip(_SPACE))
    for k, (line, col, char) in enumerate(written):
        outside = k < lead or k >= lead + len(body)
        if char in chars or (char == _SPACE and outside):
            return line + 1, col + 1, char
    first = next((c for c in value if c in chars), _SPACE)
    return node.start_mark.line + 1, node.start_mark.column + 1, first


@cache
def _finder(chars: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(chars)}]")


def _written(node: yaml.Node, lines: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """(line, column, character), from 0, of each character from the node's start to its end."""
    start, end = node.start_mark, node.end_mark
    line, col = start.line, start.column
    while line <= end.line and line < len(lines):
        text = lines[line]
        stop = end.column if line == end.line else len(text)
        for j in range(col, min(stop, len(text))):
            yield line, j, text[j]
        line, col = line + 1, 0


# -- after a syntax error: the suspect nearest the error, before it ------------------
_KEY = re.compile(r"^[ \t\u3000]*(?:-[ \t]+)*([^\s:#'\"\[\]{},]+)[ \t]*:[ \t]+(?![\[{（【])")
_LOOK_BACK = 3


def diagnose(
    lines: Sequence[str], line: int, column: int, prose: Prose | frozenset[str]
) -> tuple[int, int, str] | None:
    """The tab or full-width character that most likely caused a syntax error at
    ``line``/``column`` (from 0), as (line, column, character) from 1; ``None`` if
    none stands near."""
    if line < len(lines) and column < len(lines[line]) and lines[line][column] == "\t":
        return line + 1, column + 1, "\t"
    here = _line_suspects(lines[line], prose) if line < len(lines) else []
    before = [s for s in here if s[0] <= column]
    if before:
        col, char = before[-1]
        return line + 1, col + 1, char
    for back in range(line - 1, max(line - 1 - _LOOK_BACK, -1), -1):
        found = _line_suspects(lines[back], prose)
        if found:
            col, char = found[-1]
            return back + 1, col + 1, char
    if here:
        col, char = here[0]
        return line + 1, col + 1, char
    return None


def _line_suspects(text: str, prose: Prose | frozenset[str]) -> list[tuple[int, str]]:
    """(column from 0, character) of each tab in the indentation and each
    full-width character outside quotes, comments and free text."""
    out: list[tuple[int, str]] = []
    indent = len(text) - len(text.lstrip(" \t\u3000"))
    out += [(j, c) for j, c in enumerate(text[:indent]) if c in "\t\u3000"]
    stop = len(text)
    key = _KEY.match(text)
    if key and key.group(1) in prose and prose_kind(prose, key.group(1)) == "text":
        stop = key.end()
    quote, prev, j = "", "", indent
    while j < stop:
        c = text[j]
        if quote:
            escaped = c == "\\" and quote == '"'
            if escaped or (c == quote == "'" and text[j + 1 : j + 2] == "'"):
                j += 1
            elif c == quote:
                quote, prev = "", c
        elif c in "'\"" and prev in ("", "-", ":", ",", "[", "{", "?"):
            quote = c
        elif c == "#" and (j == 0 or text[j - 1] in " \t"):
            break
        elif c in FULLWIDTH:
            out.append((j, c))
        if not quote and not c.isspace():
            prev = c
        j += 1
    return out


def prose_kind(prose: Prose | frozenset[str], key: str) -> str | None:
    """``"text"`` or ``"list"`` for a free-text key, else ``None``."""
    if isinstance(prose, frozenset):
        return "text" if key in prose else None
    return prose.get(key)


@cache
def model_prose() -> Prose:
    """The keys whose values are free text in every class that has them (a
    ``name``, a ``note``; ``"list"``: a list of free-text items, such as
    ``resources``): where full-width punctuation is text, not a typing slip."""
    # Imported here: the companions' module reads YAML marks, which use this one.
    from partygraph.io.companions import COMPANIONS

    kinds: dict[str, set[str]] = {"name": {"text"}, "description": {"text"}}
    classes = [*SECTIONS.values(), *(c.row for c in COMPANIONS.values())]
    ids = {"id", *(c.key for c in COMPANIONS.values())}  # a companion's parent id
    while classes:
        cls = classes.pop()
        refs = {f.name for f in ref_fields(cls)}
        hints = field_hints(cls)
        for name in cls.model_fields:
            tp, many = unwrap_type(hints[name])
            if typing.get_origin(tp) is typing.Annotated:
                tp = typing.get_args(tp)[0]
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                classes.append(tp)
                continue
            prose = tp is str and name not in refs and name not in ids
            kinds.setdefault(name, set()).add(("list" if many else "text") if prose else "")
    for spec in TABLES.values():
        for col in spec.columns:
            kinds.setdefault(col.name, set()).add("text" if col.type == "str" else "")
    return {
        name: typing.cast(typing.Literal["text", "list"], next(iter(kind)))
        for name, kind in kinds.items()
        if len(kind) == 1 and "" not in kind
    }
