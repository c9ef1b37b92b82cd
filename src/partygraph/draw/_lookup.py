"""Looking up what a diagram shows in the model: divisions by id and by parent,
persons' display names, a required division, and names shortened for a box.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from partygraph.errors import PartygraphError
from partygraph.model import Division, Model

__all__ = ["children_of", "divisions_by_id", "person_names", "require_division", "short_name"]


def divisions_by_id(model: Model) -> dict[str, Division]:
    """Divisions by id."""
    return {d.id: d for d in model.divisions}


def children_of(model: Model) -> dict[str | None, list[Division]]:
    """Divisions by parent id, in model order."""
    out: dict[str | None, list[Division]] = {}
    for d in model.divisions:
        out.setdefault(d.parent, []).append(d)
    return out


def person_names(model: Model, ids: Iterable[str | None]) -> dict[str, str]:
    """Display names of persons (their id where the table has no name).

    Looks the ids up with one vectorised pass over the persons table, so a
    diagram of one community costs little even with millions of persons.
    """
    wanted = sorted({i for i in ids if i})
    out = dict.fromkeys(wanted, "")
    persons = model.population["persons"]
    if wanted and len(persons):
        rows = np.flatnonzero(np.isin(persons["id"], wanted))
        for pid, name in zip(persons["id"][rows], persons["name"][rows], strict=True):
            out[str(pid)] = str(name)
    return {k: v or k for k, v in out.items()}


def require_division(model: Model, division_id: str, levels: Sequence[str], what: str) -> Division:
    """The division ``division_id``, which must have one of ``levels``."""
    found = divisions_by_id(model).get(division_id)
    if found is None or found.level not in levels:
        choices = [d.id for d in model.divisions if d.level in levels][:5]
        hint = f" (e.g. {', '.join(choices)})" if choices else ""
        raise PartygraphError(
            f"no {what} {division_id!r} in the model; give the id of a {what}{hint}"
        )
    return found


def short_name(name: str, *, prefix: str = "", suffixes: Sequence[str] = ()) -> str:
    """``name`` without a leading ``prefix`` and a trailing suffix, if anything is left.

    Examples
    --------
    >>> short_name("湖埠社区第一网格", prefix="湖埠社区")
    '第一网格'
    >>> short_name("南恩街道党群服务中心", suffixes=["党群服务中心"])
    '南恩街道'
    """
    out = name
    if prefix and out.startswith(prefix) and len(out) > len(prefix):
        out = out[len(prefix) :]
    for suffix in suffixes:
        if out.endswith(suffix) and len(out) > len(suffix):
            out = out[: -len(suffix)]
            break
    return out
