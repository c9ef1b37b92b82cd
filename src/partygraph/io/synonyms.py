"""The model's ``vocabulary:`` head key: its own synonym groups, checked where
they are written.

.. code-block:: yaml

    vocabulary:
      synonyms:
        - [法律咨询, 法律援助, 法律服务]
        - [助餐, 老年助餐]

Each group is a list of two or more different items (compared as
:func:`partygraph.vocabulary.items.normal_form`: width, spaces and
punctuation aside); the first names the group.  An item may stand in two
groups only under the same head: in two groups with different heads it
would join what the analyst wrote apart, so it is refused at its place.
The items are kept as written (they are compared by their normal form).

Examples
--------
>>> from partygraph.io.yamlsrc import load_file
>>> import pathlib, tempfile
>>> f = pathlib.Path(tempfile.mkdtemp()) / "v.yaml"
>>> text = "vocabulary:\\n  synonyms:\\n    - [助餐, 老年助餐]\\n    - [助餐]\\n"
>>> _ = f.write_text(text, "utf-8")
>>> data, _ = load_file(f)
>>> value, errors = read_vocabulary(data["vocabulary"], data)
>>> value is None, [(e.line, e.column, e.field) for e in errors]
(True, [(4, 7, 'vocabulary.synonyms[1]')])
"""

from __future__ import annotations

from typing import Any

from partygraph.errors import ErrorItem
from partygraph.i18n import tr
from partygraph.io.yamlsrc import MarkedDict, MarkedList
from partygraph.vocabulary.items import normal_form

__all__ = ["read_vocabulary"]


def read_vocabulary(value: Any, data: MarkedDict) -> tuple[dict[str, Any] | None, list[ErrorItem]]:
    """``vocabulary:`` as the model takes it, or ``None`` and the problems at their places."""
    from partygraph.io.source import error_at

    if not isinstance(value, MarkedDict):
        return None, [error_at(data, "vocabulary", "vocabulary", tr("load_model.vocabulary_value"))]
    errors = [
        error_at(
            value, key, f"vocabulary.{key}", tr("load_model.vocabulary_key", key=key), at_key=True
        )
        for key in value
        if key != "synonyms"
    ]
    groups = value.get("synonyms", [])
    if groups is None or (groups and not isinstance(groups, MarkedList)):
        message = tr("load_model.synonyms_list")
        return None, [*errors, error_at(value, "synonyms", "vocabulary.synonyms", message)]
    errors += _groups(groups) if groups else []
    if errors:
        return None, errors
    return {"synonyms": [[str(i) for i in g] for g in groups]}, []


def _groups(groups: MarkedList) -> list[ErrorItem]:
    from partygraph.io.source import error_at

    errors: list[ErrorItem] = []
    seen: dict[str, tuple[int, int, str]] = {}  # item -> (group, line, head)
    for n, group in enumerate(groups):
        field = f"vocabulary.synonyms[{n}]"
        if not isinstance(group, MarkedList):
            message = tr("load_model.synonym_group", n=n + 1, value=group)
            errors.append(error_at(groups, n, field, message))
            continue
        items = _items(group, field, errors)
        forms = list(dict.fromkeys(f for f, _ in items))
        if not group:
            errors.append(error_at(groups, n, field, tr("load_model.synonym_empty_group", n=n + 1)))
        elif len(forms) == 1 and len(items) == len(group):
            message = tr("load_model.synonym_short", n=n + 1, item=items[0][1])
            errors.append(error_at(groups, n, field, message))
        if not forms:
            continue
        head, line = forms[0], groups.item_mark(n).line
        for i, (form, written) in enumerate(items):
            first = seen.setdefault(form, (n + 1, line, head))
            if first[2] != head:
                message = tr("load_model.synonym_twice", item=written, first=first[0],
                             line=first[1], head=first[2], other=head, n=n + 1)  # fmt: skip
                errors.append(error_at(group, i, f"{field}[{i}]", message))
    return errors


def _items(group: MarkedList, field: str, errors: list[ErrorItem]) -> list[tuple[str, str]]:
    """(normal form, as written) of each good item; the bad ones reported."""
    from partygraph.io.source import error_at

    out = []
    for i, item in enumerate(group):
        if not isinstance(item, str):
            message = tr("load_model.synonym_item", value=item)
            errors.append(error_at(group, i, f"{field}[{i}]", message))
        elif not normal_form(item):
            errors.append(error_at(group, i, f"{field}[{i}]", tr("load_model.synonym_blank")))
        else:
            out.append((normal_form(item), item))
    return out
