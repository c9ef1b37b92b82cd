"""Read YAML with ``safe_load`` semantics, keeping where every value came from.

(Over 400 lines: the composer, constructor and their limits share one loader class.)

Mappings come back as :class:`MarkedDict` and sequences as :class:`MarkedList`:
ordinary ``dict`` / ``list`` that also remember the file, line and column of
each key and value, so that a validation error deep in a model can point at the
line that caused it.  Duplicate keys are errors (PyYAML would silently keep the
last), and hostile input is bounded: file size, nesting depth and the size of
the document once aliases are expanded all have limits.

Examples
--------
>>> data = loads("a: 1\\nb:\\n  - x\\n", "demo.yaml")
>>> data["b"], data.key_mark("b").line, data.value_mark("b").line
(['x'], 2, 3)
>>> loads("a: 1\\na: 2\\n", "demo.yaml")
Traceback (most recent call last):
...
partygraph.errors.ConfigError: demo.yaml:2:1: a: 键‘a’重复（第一次出现在第 1 行），...
>>> loads("resources: [党课资源，志愿者队伍]\\n", "demo.yaml", prose={"resources": "list"})
Traceback (most recent call last):
...
partygraph.errors.ConfigError: demo.yaml:1:17: 第 1 行第 17 列是全角逗号‘，’，请改为半角‘,’
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:  # libyaml, when PyYAML was built with it (the wheels are)
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - pure-Python PyYAML
    _CParser = None  # type: ignore[assignment, misc]

from partygraph.errors import ConfigError, ErrorItem
from partygraph.i18n import tr
from partygraph.io import fullwidth, scalars
from partygraph.io.readfile import read_bytes, read_text

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_SCALAR_CHARS",
    "MAX_VALUES",
    "Mark",
    "MarkedDict",
    "MarkedList",
    "load_file",
    "loads",
    "parse",
    "read_bytes",
    "read_text",
    "without_echoes",
]

#: Largest YAML file read (bulk data belongs in CSV tables).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Deepest nesting of mappings and sequences.
MAX_DEPTH = 64
#: Most nodes in a document once every alias is expanded ("billion laughs").
MAX_NODES = 2_000_000
#: Most values (keys, scalars, lists and mappings) written in one document.  Each
#: costs about 8 µs and 350 bytes to compose and construct: at this limit a
#: document still loads or fails in seconds and well under 1 GB.  Bulk data
#: belongs in CSV tables, which have no such cost.
MAX_VALUES = 1_000_000
#: Most characters in all the scalars (keys and values) of one document.
MAX_SCALAR_CHARS = 32 * 1024 * 1024


@dataclass(frozen=True)
class Mark:
    """A place in a file; ``line`` and ``column`` count from 1."""

    file: str
    line: int
    column: int

    @classmethod
    def of(cls, mark: yaml.Mark) -> Mark:
        return cls(mark.name, mark.line + 1, mark.column + 1)


class MarkedDict(dict[Any, Any]):
    """A ``dict`` that knows where it, its keys and its values stand in the file.

    The per-key marks are worked out from the YAML nodes on first use: most
    mappings are never asked, and a large file has hundreds of thousands.
    """

    mark: Mark
    key_marks: dict[Any, Mark]
    value_marks: dict[Any, Mark]
    _pairs: list[tuple[Any, yaml.Node, yaml.Node]] | None = None
    _file: str = ""

    def _index(self) -> None:
        if self._pairs is None:
            return
        # A key written after a merge (<<: *base) overrides the merged one: last wins.
        for key, key_node, value_node in self._pairs:
            self.key_marks[key] = _mark(key_node.start_mark, self._file)
            self.value_marks[key] = _mark(value_node.start_mark, self._file)
        self._pairs = None

    def key_mark(self, key: Any) -> Mark:
        self._index()
        return self.key_marks.get(key, self.mark)

    def value_mark(self, key: Any) -> Mark:
        self._index()
        return self.value_marks.get(key, self.mark)


class MarkedList(list[Any]):
    """A ``list`` that knows where it and each item stand in the file."""

    mark: Mark
    _nodes: list[yaml.Node]
    _file: str = ""

    def item_mark(self, index: int) -> Mark:
        if 0 <= index < len(self._nodes):
            return _mark(self._nodes[index].start_mark, self._file)
        return self.mark


def _mark(mark: yaml.Mark, file: str) -> Mark:
    return Mark(file, mark.line + 1, mark.column + 1)


def _error(mark: yaml.Mark | Mark | None, field: str, message: str, file: str) -> ConfigError:
    if mark is None:
        return ConfigError([ErrorItem(file, None, None, field, message)])
    m = mark if isinstance(mark, Mark) else _mark(mark, file)
    return ConfigError([ErrorItem(m.file, m.line, m.column, field, message)])


class _Marked:
    """Composes with a nesting limit, constructs marked containers, refuses
    duplicate keys.  Mixed into a pure-Python and a libyaml-based loader."""

    name: str
    problems: list[ErrorItem]
    aliased: bool
    _depth: int
    _values: int
    _chars: int

    def _setup(self, name: str) -> None:
        self.name = name
        self.problems = []
        self.aliased = False  # without aliases, size and depth are as written
        self._depth = 0
        self._values = 0
        self._chars = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            self.aliased = True
        self._count(self.peek_event())  # type: ignore[attr-defined]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[attr-defined]
                raise _error(event.start_mark, "", _too_deep(), self.name)
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1

    def _count(self, event: Any) -> None:
        """Stop at the value that passes :data:`MAX_VALUES` or
        :data:`MAX_SCALAR_CHARS`, before the rest is composed: time and memory
        grow with what is composed, not with the file's size in bytes."""
        self._values += 1
        mark: Any = event.start_mark  # libyaml's or PyYAML's Mark
        if self._values > MAX_VALUES:
            message = tr("load_yaml.too_many_values", limit=f"{MAX_VALUES:,}")
            raise _error(mark, "", message, self.name)
        if isinstance(event, yaml.ScalarEvent):
            self._chars += len(event.value)
            if self._chars > MAX_SCALAR_CHARS:
                message = tr("load_yaml.too_many_chars", limit=f"{MAX_SCALAR_CHARS:,}")
                raise _error(mark, "", message, self.name)

    def construct_marked_mapping(self, node: yaml.MappingNode) -> Any:
        data = MarkedDict()
        data.mark = _mark(node.start_mark, self.name)
        data.key_marks, data.value_marks = {}, {}
        data._file = self.name
        yield data
        construct = self.construct_object  # type: ignore[attr-defined]
        seen: dict[Any, yaml.Node] = {}
        duplicates: set[int] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            # A key is a name: `on:` or `010:` is the text written, not a number.
            key = _key(construct, key_node)
            try:
                hash(key)
            except TypeError:
                raise _error(
                    key_node.start_mark, "", tr("load_yaml.key_not_plain"), self.name
                ) from None
            if key in seen:
                # Reported, not fatal: the rest of the file is still checked.
                first = seen[key].start_mark.line + 1
                self.problems.extend(
                    _error(
                        key_node.start_mark,
                        str(key),
                        tr("load_yaml.duplicate_key", key=key, first=first),
                        self.name,
                    ).errors
                )
                duplicates.add(id(key_node))
                continue
            seen[key] = key_node
        self.flatten_mapping(node)  # type: ignore[attr-defined]
        pairs = [(_key(construct, k), k, v) for k, v in node.value if id(k) not in duplicates]
        data._pairs = pairs
        for key, _, value_node in pairs:
            data[key] = construct(value_node, deep=True)

    def _problem(self, node: yaml.Node, message: str) -> None:
        """A value refused where it stands; the rest of the file is still read."""
        self.problems.extend(_error(node.start_mark, "", message, self.name).errors)

    def construct_ambiguous(self, node: yaml.ScalarNode) -> Any:
        """A plain scalar YAML 1.1 and 1.2 read differently (``010``, ``1:30``, ``on``)."""
        self._problem(node, scalars.ambiguity(node.value) or tr("load_yaml.ambiguous_other"))
        return node.value

    def construct_int(self, node: yaml.ScalarNode) -> Any:
        value = SafeConstructor.construct_yaml_int(self, node)  # type: ignore[arg-type]
        problem = scalars.number_problem(value)
        if problem:
            self._problem(node, problem)
        return value

    def construct_refused(self, node: yaml.Node) -> Any:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self._problem(node, tr("load_yaml.tag_refused", tag=tag, fix=scalars.refused_fix(node.tag)))
        return None

    def construct_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date as PyYAML reads it; an impossible one (``2024-13-01``) stays
        text, so validation reports it at its line instead of crashing."""
        try:
            return SafeConstructor.construct_yaml_timestamp(self, node)  # type: ignore[arg-type]
        except ValueError:
            return node.value

    def construct_marked_sequence(self, node: yaml.SequenceNode) -> Any:
        data = MarkedList()
        data.mark = _mark(node.start_mark, self.name)
        data._nodes = node.value
        data._file = self.name
        yield data
        construct = self.construct_object  # type: ignore[attr-defined]
        data.extend(construct(child, deep=True) for child in node.value)


def _key(construct: Any, node: yaml.Node) -> Any:
    return node.value if node.tag == scalars.AMBIGUOUS_TAG else construct(node, deep=True)


class _Loader(_Marked, yaml.SafeLoader):
    """The pure-Python loader (PyYAML's scanner and parser)."""

    def __init__(self, stream: str, name: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._setup(name)


_LOADERS: list[type[Any]] = [_Loader]

if _CParser is not None:

    class _CLoader(_Marked, _CParser, Composer, SafeConstructor, Resolver):
        """libyaml's C parser for events; PyYAML's composer (with our nesting
        limit) and constructor on top: four to six times faster on large files."""

        def __init__(self, stream: str, name: str) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._setup(name)

        # The C parser would compose by itself, with no depth limit: use ours.
        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document
        check_node = Composer.check_node
        get_node = Composer.get_node

    _LOADERS.insert(0, _CLoader)

for _cls in _LOADERS:
    _cls.add_constructor("tag:yaml.org,2002:map", _Marked.construct_marked_mapping)
    _cls.add_constructor("tag:yaml.org,2002:seq", _Marked.construct_marked_sequence)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _Marked.construct_timestamp)
    _cls.add_constructor("tag:yaml.org,2002:int", _Marked.construct_int)
    _cls.add_constructor(scalars.AMBIGUOUS_TAG, _Marked.construct_ambiguous)
    for _tag in scalars.REFUSED_TAGS:
        _cls.add_constructor(_tag, _Marked.construct_refused)
    # YAML 1.2 where 1.1 surprises: bool, int and float replaced, the rest kept.
    _replaced = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
    _cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag not in _replaced]
        for first, entries in Resolver.yaml_implicit_resolvers.items()
    }
    for _tag, _regexp, _first in scalars.RESOLVERS:
        _cls.add_implicit_resolver(_tag, _regexp, list(_first))


def _too_deep() -> str:
    return tr("load_yaml.too_deep", limit=MAX_DEPTH)


class _TooDeepError(Exception):
    """Raised by :func:`_measure` at the node where nesting passes the limit."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _measure(node: yaml.Node, depth: int, memo: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """(node count, height) of ``node`` with every alias expanded, computed without
    expanding: a shared node is measured once.  Raises :class:`_TooDeepError` when the
    expanded nesting passes :data:`MAX_DEPTH` (aliases can nest a document deeper
    than it is written)."""
    if depth > MAX_DEPTH:
        raise _TooDeepError(node)
    known = memo.get(id(node))
    if known is not None:
        if depth + known[1] - 1 > MAX_DEPTH:
            raise _TooDeepError(node)
        return known
    memo[id(node)] = (1, 1)  # a recursive alias counts once here; construction rejects it
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    measured = [_measure(child, depth + 1, memo) for child in children]
    result = (1 + sum(m[0] for m in measured), 1 + max((m[1] for m in measured), default=0))
    memo[id(node)] = result
    return result


def _check_size(node: yaml.Node, name: str) -> None:
    try:
        size, _ = _measure(node, 1, {})
    except _TooDeepError as exc:
        raise _error(exc.node.start_mark, "", _too_deep(), name) from None
    if size > MAX_NODES:
        raise _error(
            node.start_mark,
            "",
            tr("load_yaml.too_large_expanded", size=f"{size:,}", limit=f"{MAX_NODES:,}"),
            name,
        )


def without_echoes(errors: list[ErrorItem], read: list[ErrorItem]) -> list[ErrorItem]:
    """``read`` (problems found reading the YAML: ``010``, ``on``, ``!!set``, a
    full-width comma) then ``errors`` (found validating) but those standing
    where a reading problem stands, or before it on its line (the start of the
    value it is in): ``members_full: on`` is one mistake, not also "not an
    integer", and ``[党课资源，志愿者队伍]`` one, not also "unknown id"."""
    places: dict[tuple[str | None, int], int] = {}
    for e in read:
        if e.line is not None:
            at = (e.file, e.line)
            places[at] = max(places.get(at, 0), e.column or 0)
    return read + [
        e for e in errors if e.line is None or (e.column or 0) > places.get((e.file, e.line), -1)
    ]


def loads(text: str, name: str, prose: fullwidth.Prose | None = None) -> Any:
    """Parse one YAML document from ``text``; ``name`` is used in error messages
    (``prose``: see :func:`parse`)."""
    data, problems = parse(text, name, prose)
    if problems:
        raise ConfigError(problems)
    return data


def parse(
    text: str, name: str, prose: fullwidth.Prose | None = None
) -> tuple[Any, list[ErrorItem]]:
    """Like :func:`loads`, but problems that leave the document readable (duplicate
    keys) come back with the data instead of stopping the parse.

    With ``prose`` (the keys whose values are free text), full-width
    punctuation in the document's structure is a problem too, at its line and
    column (:mod:`partygraph.io.fullwidth`); a syntax error near a full-width
    character or a tab is reported as that character either way.
    """
    try:
        loader = _LOADERS[0](text, name)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, name) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        if loader.aliased:
            _check_size(node, name)
        found = []
        if prose is not None and _has_fullwidth(text):
            found = _fullwidth_problems(node, text, name, prose)
        data = loader.construct_document(node)
        # A key typed with a full-width space can then repeat another: that is
        # the same character's doing, said once, at the character.
        lines = {p.line for p in found}
        return data, [p for p in loader.problems if p.line not in lines] + found
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, name) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, name, prose) from None
    except yaml.YAMLError as exc:
        raise _error(None, "", tr("load_yaml.yaml_error", detail=exc), name) from None
    finally:
        loader.dispose()


#: Free text in any YAML file (a rules file too), for :func:`fullwidth.diagnose`.
_PROSE_ANYWHERE = frozenset({"name", "description", "note", "message", "message_en", "title"})
_FULLWIDTH = re.compile(f"[{fullwidth.FULLWIDTH}]")


def _has_fullwidth(text: str) -> bool:
    return _FULLWIDTH.search(text) is not None


def _fullwidth_problems(
    node: yaml.Node, text: str, name: str, prose: fullwidth.Prose
) -> list[ErrorItem]:
    lines = text.splitlines()
    return [
        ErrorItem(name, line, column, "", fullwidth.message(char, line, column))
        for line, column, char in fullwidth.suspects(node, lines, prose)
    ]


def _syntax_error(
    exc: yaml.MarkedYAMLError, text: str, name: str, prose: fullwidth.Prose | None
) -> ConfigError:
    """A syntax error, or the tab or full-width character that caused it."""
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and ("\t" in text or _has_fullwidth(text)):
        found = fullwidth.diagnose(
            text.splitlines(), mark.line, mark.column, prose or _PROSE_ANYWHERE
        )
        if found is not None:
            line, column, char = found
            message = fullwidth.message(char, line, column)
            return ConfigError([ErrorItem(name, line, column, "", message)])
    return _error(exc.problem_mark, "", _syntax_message(exc), name)


#: PyYAML's words for the usual syntax errors, and the message for each.
_SYNTAX = (
    ("could not find expected ':'", "load_yaml.syntax_colon"),
    ("mapping values are not allowed", "load_yaml.syntax_mapping_here"),
    ("cannot start any token", "load_yaml.syntax_token"),
    ("expected <block end>", "load_yaml.syntax_indent"),
    ("did not find expected key", "load_yaml.syntax_indent"),
    ("did not find expected '-'", "load_yaml.syntax_indent"),
    ("expected ',' or", "load_yaml.syntax_flow"),
    ("did not find expected ','", "load_yaml.syntax_flow"),
    ("unexpected end of stream", "load_yaml.syntax_end"),
)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if "could not determine a constructor" in problem:
        return tr("load_yaml.unknown_tag", problem=problem)
    if "recursive" in problem:
        return tr("load_yaml.recursive_alias")
    for words, key in _SYNTAX:
        if words in problem:
            return tr(key)
    return tr("load_yaml.syntax", problem=problem)


def _reader_error(exc: yaml.reader.ReaderError, text: str, name: str) -> ConfigError:
    """A character YAML does not allow (NUL, most control characters).  Its first
    occurrence is the one reported (libyaml counts the position in bytes)."""
    before = text[: max(text.find(chr(exc.character)), 0)]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    message = tr("load_yaml.bad_character", code=f"{exc.character:04x}")
    return ConfigError([ErrorItem(name, line, column, "", message)])


def load_file(path: Path, prose: fullwidth.Prose | None = None) -> tuple[Any, list[ErrorItem]]:
    """Read and parse one YAML file (UTF-8, at most :data:`MAX_FILE_BYTES`;
    ``prose``: see :func:`parse`)."""
    return parse(read_text(path, limit=MAX_FILE_BYTES, kind="yaml"), os.fspath(path), prose)
