"""References across provinces: an id one province cannot find that another holds.

Each province is checked apart, so a province's model can only name what it
holds: a pairing's unit, a grid's leader, a registration's person written
with the id of another province's entity fails to load as an unknown id.  When
a province fails so, the ids it could not find (the loader notes them as data:
:mod:`partygraph.io.unresolved`, no sentence is read back) are looked for in every other
province (a second task per province, on the same workers), and each one found
is said as a reference across provinces, naming both ends: the field and its
line in this province, the entity and file of the other.

Examples
--------
>>> from partygraph.nation.province import Found
>>> message = crossing_message("甲省", "pairings[0].unit", Found("43-u01", "units", "某局"),
...                            "乙省", "43/model.yaml")
>>> message.startswith("跨省引用：本省（甲省）的 pairings[0].unit 写了 ‘43-u01’，")
True
>>> "它是乙省的单位“某局”" in message
True
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from partygraph.errors import ErrorItem
from partygraph.i18n import language, tr
from partygraph.nation.entry import ProvinceEntry
from partygraph.nation.province import Done, Found, find_ids
from partygraph.vocabulary.kinds import BULK_KINDS, KIND_LABELS, SECTION_KINDS

__all__ = ["across_provinces", "crossing_message", "look_up"]

#: The kind of a bulk table's rows (``persons`` -> ``person``).
_TABLE_KINDS = {table: kind for kind, table in BULK_KINDS.items()}
#: What a sentence calls a row of a bulk table (the kinds' labels are 户 and 人).
_ROW_NOUNS = {"household": "住户", "person": "人员"}


def look_up(job: tuple[str, tuple[str, ...]]) -> list[Found]:
    """A task: which of the ids the province at the path holds."""
    path, ids = job
    return find_ids(path, ids)


def across_provinces(
    provinces: Sequence[ProvinceEntry],
    labels: Sequence[str],
    done: Sequence[Done],
    mapper: Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]],
) -> dict[ErrorItem, str]:
    """Problem -> its message as a reference across provinces, for every
    unknown id of a failed province that another province holds."""
    unknown = [
        {i: [d.problems[k] for k in at] for i, at in d.unknown.items()} if d.report is None else {}
        for d in done
    ]
    wanted = sorted({i for u in unknown for i in u})
    if not wanted:
        return {}
    jobs = [(os.fspath(p.path.resolve()), tuple(wanted)) for p in provinces]
    held: list[list[Found]] = mapper(look_up, jobs)
    out: dict[ErrorItem, str] = {}
    for i, ids in enumerate(unknown):
        for target, items in ids.items():
            for j, found in enumerate(held):
                there = next((f for f in found if f.id == target), None)
                if j == i or there is None:
                    continue
                path = os.fspath(provinces[j].path)
                for item in items:
                    out.setdefault(
                        item, crossing_message(labels[i], item.field, there, labels[j], path)
                    )
    return out


def crossing_message(here: str, field: str, there: Found, there_label: str, path: str) -> str:
    """The message of a reference from ``here`` to ``there`` in another province."""
    kind = SECTION_KINDS.get(there.section) or _TABLE_KINDS.get(there.section, there.section)
    if kind.startswith("<"):  # a division: called by its section here
        kind = "division"
    noun = _ROW_NOUNS.get(kind) or KIND_LABELS.get(kind, "区划" if kind == "division" else kind)
    return tr(
        "nation.cross_province",
        here=here,
        field=field,
        id=there.id,
        there=there_label,
        kind=noun if language() == "zh" else kind,
        name=there.name,
        there_path=path,
    )
