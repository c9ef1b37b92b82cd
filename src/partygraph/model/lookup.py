"""Finding divisions by what people call them: an id, or a name as written.

Analysts name a place (``江城区``, ``东门社区``) where a program wants an id
(``441702``).  :func:`find_divisions` answers both: an id is that division; a
name is every division of that name (two communities may share one: the
shipped example has two 东门社区), and the caller decides what to do with
several.  :func:`chain` says where a division is (``阳江市 › 江城区 › 东山街道 ›
东门社区``), the way to tell namesakes apart, and :func:`closest_names` what
a name that matches nothing may have meant.

Examples
--------
>>> from partygraph.model import Model, Division
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="s1", name="东山街道", level="subdistrict", parent="c"),
...     Division(id="s2", name="西山街道", level="subdistrict", parent="c"),
...     Division(id="d1", name="东门社区", level="community", parent="s1"),
...     Division(id="d2", name="东门社区", level="community", parent="s2")])
>>> [d.id for d in find_divisions(m, "东门社区")]
['d1', 'd2']
>>> [d.id for d in find_divisions(m, "s1")], chain(m, "d2")
(['s1'], '示例市 › 西山街道 › 东门社区')
>>> closest_names(m, "东门")
['东门社区']
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Collection

from partygraph.model.entities import Division
from partygraph.model.model import Model

__all__ = ["chain", "closest_names", "find_divisions"]

#: Between the names of a chain, top down.
SEPARATOR = " › "


def _key(text: str) -> str:
    """A name as compared: full-width forms folded (NFKC), spaces around it dropped."""
    return unicodedata.normalize("NFKC", text).strip()


def find_divisions(
    model: Model, text: str, *, levels: Collection[str] | None = None
) -> list[Division]:
    """The divisions ``text`` names: the one whose id it is, else every one of that name.

    Parameters
    ----------
    model
        The model to look in.
    text
        An id (``441702``) or a name (``江城区``), as a user typed it: spaces
        around it and full-width letters or digits do not matter.
    levels
        Only divisions of these levels (``"community"``, ``"subdistrict"`` ...);
        ``None``: any level.

    Returns
    -------
    list of Division
        In the model's order; empty when nothing matches, more than one when
        several divisions share the name.

    Examples
    --------
    >>> from partygraph.model import Model, Division
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="城区", level="county", parent="c")])
    >>> [d.id for d in find_divisions(m, " 城区 ")], find_divisions(m, "城区", levels={"city"})
    (['k'], [])
    """
    wanted = _key(text)
    allowed = [d for d in model.divisions if levels is None or d.level in levels]
    by_id = [d for d in allowed if d.id == wanted]
    if by_id:
        return by_id
    return [d for d in allowed if _key(d.name) == wanted]


def chain(model: Model, division_id: str) -> str:
    """Where a division is: the names from the top of the model down to it.

    Examples
    --------
    >>> from partygraph.model import Model, Division
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="城区", level="county", parent="c")])
    >>> chain(m, "k")
    '示例市 › 城区'
    """
    parents = {d.id: d for d in model.divisions}
    names: list[str] = []
    seen: set[str] = set()
    at = parents.get(division_id)
    while at is not None and at.id not in seen:  # a loop is refused by the loader; be safe
        seen.add(at.id)
        names.append(at.name)
        at = parents.get(at.parent) if at.parent is not None else None
    return SEPARATOR.join(reversed(names))


def closest_names(
    model: Model, text: str, *, levels: Collection[str] | None = None, n: int = 5
) -> list[str]:
    """Up to ``n`` division names close to ``text``: those that contain it first,
    then those :mod:`difflib` finds alike; each name once.

    Examples
    --------
    >>> from partygraph.model import Model, Division
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="江城区", level="county", parent="c")])
    >>> closest_names(m, "江城"), closest_names(m, "江诚区"), closest_names(m, "xyz")
    (['江城区'], ['江城区'], [])
    """
    wanted = _key(text)
    names = list(
        dict.fromkeys(d.name for d in model.divisions if levels is None or d.level in levels)
    )
    containing = [name for name in names if wanted and wanted in _key(name)]
    alike = difflib.get_close_matches(wanted, names, n=n, cutoff=0.5)
    return list(dict.fromkeys([*containing, *alike]))[:n]
