"""The nation entry file: the nation's id and name, and the province models it lists.

A national model is not one model: it is an entry file that lists the entry
files of province models, each an ordinary model whose top divisions are
cities (docs/nation.md)::

    nation: {id: "000000", name: 全国}
    provinces:
      - {id: "440000", name: 广东省, model: 44/model.yaml}
      - 43/model.yaml        # id: the file's folder or name; name: the model's name

Paths are relative to the entry file's folder.  Every problem is found at once
and raised as one :class:`~partygraph.errors.ConfigError` at its line and
column: a file that is not there, a province or a file listed twice.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     root = pathlib.Path(d)
...     _ = (root / "44.yaml").write_text("name: 广东省\\n", encoding="utf-8")
...     _ = (root / "n.yaml").write_text(
...         'nation: {id: "000000", name: 全国}\\nprovinces: [44.yaml]\\n', encoding="utf-8")
...     entry = read_entry(root / "n.yaml")
>>> entry.name, [(p.id, p.line) for p in entry.provinces]
('全国', [('44', 2)])
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partygraph.errors import ConfigError, ErrorItem
from partygraph.i18n import tr
from partygraph.io.source import error_at
from partygraph.io.yamlsrc import MarkedDict, MarkedList, load_file

__all__ = ["NationEntry", "ProvinceEntry", "entry_text", "is_nation_entry", "read_entry"]

#: The keys a nation entry may have.
KEYS = ("nation", "provinces", "description")
#: A line that starts a nation entry: ``nation:`` at the left margin.
_NATION_LINE = re.compile(r"^nation\s*[:：]", re.MULTILINE)


@dataclass(frozen=True)
class ProvinceEntry:
    """One province of a nation entry: its id, its name (``None``: the model's
    name), its model's entry file, and where the entry lists it."""

    id: str
    name: str | None
    path: Path
    file: str
    line: int
    column: int

    def label(self, model_name: str | None = None) -> str:
        """What messages call the province: its name, else the model's, else its id."""
        return self.name or model_name or self.id


@dataclass(frozen=True)
class NationEntry:
    """A nation entry file read: the nation and its provinces in the order listed."""

    id: str
    name: str
    provinces: tuple[ProvinceEntry, ...]
    path: Path
    description: str | None = None


def is_nation_entry(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a nation entry: a YAML file with ``nation:`` at the
    left margin (read from its first 64 KB; a model's entry never has it).

    >>> is_nation_entry("tests/fixtures/small/model.yaml")
    False
    """
    p = Path(path)
    if p.suffix.lower() not in (".yaml", ".yml") or not p.is_file():
        return False
    with p.open("rb") as f:
        head = f.read(65536).decode("utf-8", errors="replace")
    return _NATION_LINE.search(head) is not None


def read_entry(path: str | os.PathLike[str]) -> NationEntry:
    """Read a nation entry file, with every problem located (see the module)."""
    path = Path(path)
    data, errors = load_file(path)
    if errors:
        raise ConfigError(errors)
    name = os.fspath(path)
    if not isinstance(data, MarkedDict):
        raise ConfigError([ErrorItem(name, 1, 1, "", tr("nation.not_mapping"))])
    problems = [
        error_at(data, key, str(key), tr("nation.unknown_key", key=key), at_key=True)
        for key in data
        if key not in KEYS
    ]
    nation = _nation(data, name, problems)
    provinces = _provinces(data, path, name, problems)
    if problems:
        raise ConfigError(problems)
    assert nation is not None
    description = data.get("description")
    return NationEntry(
        nation[0],
        nation[1],
        tuple(provinces),
        path,
        description if isinstance(description, str) else None,
    )


def _text(value: Any) -> str | None:
    """An id or name as written: text, or a whole number typed without quotes."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _nation(data: MarkedDict, file: str, problems: list[ErrorItem]) -> tuple[str, str] | None:
    value = data.get("nation")
    if value is None:
        problems.append(ErrorItem(file, 1, 1, "nation", tr("nation.no_nation")))
        return None
    ok = isinstance(value, dict) and set(value) <= {"id", "name"}
    nid, nname = (_text(value.get("id")), _text(value.get("name"))) if ok else (None, None)
    if nid is None or nname is None:
        problems.append(error_at(data, "nation", "nation", tr("nation.bad_nation")))
        return None
    return nid, nname


def _provinces(
    data: MarkedDict, path: Path, file: str, problems: list[ErrorItem]
) -> list[ProvinceEntry]:
    items = data.get("provinces")
    if not isinstance(items, MarkedList) or not items:
        problems.append(error_at(data, "provinces", "provinces", tr("nation.no_provinces")))
        return []
    out: list[ProvinceEntry] = []
    ids: dict[str, ProvinceEntry] = {}
    files: dict[Path, ProvinceEntry] = {}
    for i, item in enumerate(items):
        mark = item.mark if isinstance(item, MarkedDict) else items.item_mark(i)
        field = f"provinces[{i}]"
        found = _province(item, path.parent, mark.file, mark.line, mark.column)
        if found is None:
            problems.append(error_at(items, i, field, tr("nation.bad_province")))
            continue
        if not found.path.is_file():
            written = item["model"] if isinstance(item, dict) else item
            problems.append(error_at(items, i, field, tr("nation.missing_file", path=written)))
            continue
        real = found.path.resolve()
        if real in files:
            written = item["model"] if isinstance(item, dict) else item
            message = tr("nation.duplicate_file", path=written, line=files[real].line)
            problems.append(error_at(items, i, field, message))
        elif found.id in ids:
            first = ids[found.id]
            message = tr("nation.duplicate_province", id=found.id, line=first.line, where=file)
            problems.append(error_at(items, i, field, message))
        else:
            ids[found.id], files[real] = found, found
            out.append(found)
    return out


def _province(item: Any, folder: Path, file: str, line: int, column: int) -> ProvinceEntry | None:
    """One item of ``provinces``: a path, or ``{id, name, model}``."""
    if isinstance(item, str) and item.strip():
        p = folder / item.strip()
        # 44/model.yaml is province 44; 44.yaml too.
        stem = p.parent.name if p.stem in ("model", "province") else p.stem
        return ProvinceEntry(stem, None, p, file, line, column)
    if isinstance(item, dict) and set(item) <= {"id", "name", "model"}:
        model, pid = _text(item.get("model")), _text(item.get("id"))
        written = item.get("name")
        name = _text(written)
        if model is None or pid is None or (written is not None and name is None):
            return None
        return ProvinceEntry(pid, name, folder / model, file, line, column)
    return None


def entry_text(nation: tuple[str, str], provinces: list[tuple[str, str, str]]) -> str:
    """The text of a nation entry: ``nation`` is (id, name), each province
    (id, name, model path relative to the entry).

    >>> print(entry_text(("000000", "全国"), [("440000", "广东省", "44/model.yaml")]), end="")
    # 全国模型：各省的模型分别检查，再汇总到全国（docs/nation.md）
    nation: {id: "000000", name: 全国}
    provinces:
      - {id: "440000", name: 广东省, model: 44/model.yaml}
    """
    lines = [
        "# 全国模型：各省的模型分别检查，再汇总到全国（docs/nation.md）",
        f'nation: {{id: "{nation[0]}", name: {nation[1]}}}',
        "provinces:",
    ]
    lines += [
        f'  - {{id: "{pid}", name: {name}, model: {model}}}' for pid, name, model in provinces
    ]
    return "\n".join(lines) + "\n"
