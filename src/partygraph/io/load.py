"""Load a model from its YAML entry file, includes and CSV tables.

Loading runs in stages, each in a module of its own:

1. read every file (:mod:`partygraph.io.source`): the entry file, the files it
   includes, the tables they name (bulk tables by Arrow when it takes them,
   :mod:`partygraph.io.arrowtables`);
2. phase one, the *shape* of every entity and cell (:mod:`partygraph.io.shape`),
   companion rows merged into their parents (:mod:`partygraph.io.companions`);
3. phase two, the *references* between them (:mod:`partygraph.io.resolve`).

All problems of every stage are collected and raised together as one
:class:`~partygraph.errors.ConfigError`.  :func:`partygraph.io.dump.dump`
writes a model back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from partygraph.errors import ConfigError, ErrorItem
from partygraph.io import arrowtables, companions, shape
from partygraph.io.cache import load_through
from partygraph.io.origins import Origin
from partygraph.io.resolve import resolve
from partygraph.io.source import Collected, Entry, collect, error_at
from partygraph.io.tables import RawTable
from partygraph.io.yamlsrc import without_echoes
from partygraph.model import SECTIONS, Entity, Model
from partygraph.model.population import TABLES
from partygraph.normalised import Record, recording
from partygraph.progress import stage

__all__ = ["load"]


def load(
    path: str | os.PathLike[str],
    *,
    files: list[Path] | None = None,
    normalised: Record | None = None,
    cache: bool | None = None,
) -> Model:
    """Load a model: read the entry file and its includes and tables, validate, resolve.

    Raises :class:`ConfigError` with every problem found.  ``files``, when
    given, receives every file read: the entry file, its includes, its tables
    (what a command must not overwrite); the model keeps none of them.
    ``normalised``, when given, receives a note of every value read in a form
    the loader normalises (:mod:`partygraph.normalised`): the model holds the
    canonical value, and ``dump`` writes it.

    ``cache`` (:mod:`partygraph.io.cache`): the model is read from its cache in
    ``.partygraph-cache`` beside the entry file when no file it was read from
    has changed, and cached when its files come to 20 MB or more (unless
    ``PARTYGRAPH_NO_CACHE=1``); ``True`` caches any model, ``False`` neither
    reads nor writes a cache.

    Examples
    --------
    >>> m = load("tests/fixtures/small/model.yaml")
    >>> m.name, len(m.population["households"]) > 0
    ('示例市（测试）', True)
    """
    return load_through(Path(path), _fresh, cache=cache, files=files, normalised=normalised)


def _fresh(path: Path, files: list[Path], normalised: Record | None) -> Model:
    try:
        if normalised is None:
            return _load(path, files)
        with recording(normalised):
            return _load(path, files)
    finally:
        # Everything read is dropped now: what Arrow held goes back to the
        # system (at 5 million households, 67 MB the check would not reuse).
        arrowtables.release()


def _load(path: Path, files: list[Path]) -> Model:
    with stage("读取文件 read files"):
        coll = collect(path)
    files += [path, *coll.files, *(t.file for t in coll.tables)]
    errors = list(coll.errors)
    head = _head(coll, errors)
    sections: dict[str, list[Entity]] = {}
    origins: dict[str, list[Origin]] = {}
    with stage("校验结构 validate structure"):
        for section in SECTIONS:
            sections[section], origins[section] = shape.validate_entities(
                coll.items[section], section, errors, coll.failed
            )
        known = _ids_written(coll)
        rows = (
            (name, *shape.validate_rows(coll.items[name], name, comp.row, errors))
            for name, comp in companions.COMPANIONS.items()
        )
        merged = companions.merge(rows, sections, origins, known, coll.failed, errors)
    with stage("校验表格 validate tables"):
        bulks = {name: shape.bulk(name, coll.items[name], errors, coll.failed) for name in TABLES}
    population, problems = resolve(
        sections, origins, bulks, known=known, failed=frozenset(coll.failed)
    )
    errors += merged.rename(problems)
    if errors:
        read = list(coll.errors)
        raise ConfigError(_sorted_unique(without_echoes(errors[len(read) :], read)))
    # Nothing read is kept with the model: the origins, YAML nodes and table
    # cells were 27% of the memory held after loading 1,500 communities.
    return Model.model_validate({**head, **sections, "population": population})


def _head(coll: Collected, errors: list[ErrorItem]) -> dict[str, Any]:
    head = {
        k: v
        for k, v in coll.head.items()
        if k in ("name", "description", "snapshot", "coordinates", "vocabulary")
    }
    try:
        Model.model_validate(head)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            key = str(err["loc"][0])
            errors.append(error_at(coll.head_marks[key], key, key, err["msg"]))
        return {}
    return head


def _ids_written(coll: Collected) -> dict[str, set[str]]:
    """Every id written in each section, valid entity or not: an entity that
    failed its shape check is missing from the model, but references to it are
    not reported as dangling too."""
    ids: dict[str, set[str]] = {}
    for section in SECTIONS:
        found = ids.setdefault(section, set())
        for item in coll.items[section]:
            if isinstance(item, Entry) and isinstance(item.node.get("id"), str):
                found.add(item.node["id"])
            elif isinstance(item, RawTable):
                found.update(cell.strip() for cell in item.columns.get("id", []))
    return ids


def _sorted_unique(errors: list[ErrorItem]) -> list[ErrorItem]:
    unique = dict.fromkeys(errors)
    return sorted(unique, key=lambda e: (e.file or "", e.line or 0, e.column or 0, e.field))
