"""Properties of loading, dumping and graphing, over generated valid models."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.io import dump
from partygraph.model import SECTIONS, Model, ref_fields

from strategies import models

#: More examples for a deeper search: PARTYGRAPH_EXAMPLES=1000 pytest tests/test_properties.py
EXAMPLES = int(os.environ.get("PARTYGRAPH_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@contextmanager
def dumped(model: Model) -> Iterator[Path]:
    """The model dumped into a fresh folder; yields the YAML entry file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.yaml"
        model.dump(path)
        yield path


def persons_in_posts(model: Model) -> set[str]:
    """Distinct person ids that structure entities name (posts, members, items)."""
    found: set[str] = set()
    for section in SECTIONS:
        fields = [f for f in ref_fields(SECTIONS[section]) if f.ref.target == "persons"]
        for entity in model.section(section):
            for f in fields:
                holders = getattr(entity, f.nested) if f.nested else [entity]
                for holder in holders:
                    value = getattr(holder, f.name)
                    found.update(value if f.many else [value] if value else [])
    return found


@pytest.mark.slow
@SETTINGS
@given(models(), st.sampled_from([dump.TABLE_MIN_ROWS, 1]))
def test_dump_then_load_is_the_identity(model: Model, table_min_rows: int) -> None:
    # With TABLE_MIN_ROWS = 1 every section CSV can hold exactly is dumped as CSV.
    with patch.object(dump, "TABLE_MIN_ROWS", table_min_rows), dumped(model) as path:
        assert partygraph.load(path) == model
        assert not list(path.parent.rglob("*.part"))


@pytest.mark.slow
@SETTINGS
@given(models())
def test_graph_has_a_node_per_entity_item_and_person_in_a_post(model: Model) -> None:
    items = sum(len(c.items) for c in model.service_centres)
    structure = len(model.entities()) + items
    g = model.to_networkx()
    assert g.number_of_nodes() == structure + len(persons_in_posts(model))
    g = model.to_networkx(population=True)
    households, persons = len(model.population["households"]), len(model.population["persons"])
    assert g.number_of_nodes() == structure + households + persons


@pytest.mark.slow
@SETTINGS
@given(models(), st.booleans())
def test_graph_nodes_and_edges_are_typed(model: Model, population: bool) -> None:
    g = model.to_networkx(population=population)
    for node, data in g.nodes(data=True):
        assert data.get("kind"), node
        assert data.get("name"), node
    for u, v, data in g.edges(data=True):
        assert u in g and v in g
        assert data.get("relation"), (u, v)


# -- corruption ----------------------------------------------------------------
def _line_at(draw: st.DrawFn, text: str) -> tuple[list[str], int]:
    lines = text.splitlines(keepends=True) or [""]
    return lines, draw(st.integers(0, len(lines) - 1))


def _delete_line(draw: st.DrawFn, text: str) -> str:
    lines, i = _line_at(draw, text)
    return "".join(lines[:i] + lines[i + 1 :])


def _duplicate_line(draw: st.DrawFn, text: str) -> str:
    lines, i = _line_at(draw, text)
    return "".join(lines[: i + 1] + lines[i:])


def _swap_chars(draw: st.DrawFn, text: str) -> str:
    if len(text) < 2:
        return text[::-1]
    pos = draw(st.integers(0, len(text) - 2))
    return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]


def _insert_key(draw: st.DrawFn, text: str) -> str:
    lines, i = _line_at(draw, text)
    indent = draw(st.sampled_from(["", "  ", "    ", "  - "]))
    key = draw(st.sampled_from(["colour", "id", "name", "parent", "level", "include", "<<"]))
    value = draw(st.sampled_from(["x", "1", "[a, b]", "{a: 1}", "*a", "&a y", "!!python/none ''"]))
    return "".join([*lines[:i], f"{indent}{key}: {value}\n", *lines[i:]])


def _truncate(draw: st.DrawFn, text: str) -> str:
    return text[: draw(st.integers(0, len(text)))]


def _change_reference(draw: st.DrawFn, text: str) -> str:
    """Replace one id (or every copy of it) by another id or a new word."""
    words = sorted(set(re.findall(r"[\w.:/-]+", text))) or ["x"]
    old = draw(st.sampled_from(words))
    new = draw(st.one_of(st.sampled_from(words), st.sampled_from(["x", "", "c1", "1"])))
    return text.replace(old, new, 1 if draw(st.booleans()) else -1)


def _insert_char(draw: st.DrawFn, text: str) -> str:
    pos = draw(st.integers(0, len(text)))
    char = draw(st.sampled_from("&*!:-#\"'\t\x00\ufeff{],;\r"))
    return text[:pos] + char + text[pos:]


#: One random corruption each: what a careless edit or a broken copy does to a file.
CORRUPTIONS = (
    _delete_line,
    _duplicate_line,
    _swap_chars,
    _insert_key,
    _truncate,
    _change_reference,
    _insert_char,
)


@pytest.mark.slow
@settings(SETTINGS, max_examples=EXAMPLES * 3 // 2)
@given(models(), st.data(), st.sampled_from([dump.TABLE_MIN_ROWS, 1]))
def test_a_corrupted_config_loads_or_raises_config_error(
    model: Model, data: st.DataObject, table_min_rows: int
) -> None:
    with patch.object(dump, "TABLE_MIN_ROWS", table_min_rows), dumped(model) as path:
        files = sorted([path, *path.parent.rglob("*.csv")])
        target = data.draw(st.sampled_from(files))
        with target.open(encoding="utf-8", newline="") as f:
            text = f.read()
        with target.open("w", encoding="utf-8", newline="") as f:
            for corrupt in data.draw(
                st.lists(st.sampled_from(CORRUPTIONS), min_size=1, max_size=3)
            ):
                text = corrupt(data.draw, text)
            f.write(text)
        try:
            partygraph.load(path)
        except ConfigError as exc:
            assert exc.errors, "a ConfigError lists its problems"
            texts = {str(f): f.read_bytes().decode("utf-8", "replace") for f in files}
            for error in exc.errors:
                _assert_points_into(error, texts)


def _assert_points_into(error: ErrorItem, texts: dict[str, str]) -> None:
    """``error`` names a file of the model and a line (and column) inside it."""
    assert error.message.strip(), error
    assert error.file in texts, f"{error} names no file of the model ({sorted(texts)})"
    assert error.line is not None, error
    text = texts[error.file]
    # Lines as the csv and yaml readers count them: \r\n, \r or \n ends one.
    lines = re.split(r"\r\n|\r|\n", text)
    # PyYAML places a problem at the end of a file not ending in a newline on the
    # line after the last.
    last = len(lines) + (error.message.startswith("YAML 语法错误") and not text.endswith("\n"))
    assert 1 <= error.line <= last, f"{error}: the file has {len(lines)} lines"
    if error.column is None or error.line > len(lines):
        return
    if error.file.endswith(".csv"):
        # In a table the column is the cell's position in its row (a quoted cell
        # may span lines, so the row can be longer than its first line).
        width = _widest_row(text)
        assert width is None or 1 <= error.column <= width + 1, error
    else:
        assert 1 <= error.column <= len(lines[error.line - 1]) + 1, error


def _widest_row(text: str) -> int | None:
    """The most cells in any row of a CSV text, as the csv module reads it
    (``None`` where it cannot: a NUL byte)."""
    try:
        return max((len(row) for row in csv.reader(io.StringIO(text, newline=""))), default=0)
    except csv.Error:
        return None
