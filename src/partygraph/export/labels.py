"""Chinese labels of kinds, relations and roles, as every export writes them.

Every format carries, beside the English code, its Chinese term from
:mod:`partygraph.vocabulary` (where each is declared once): a node's
``kind_zh`` (``社区`` for ``community``), an edge's ``relation_zh``
(``包含`` for ``contains``) and, on an edge that has a ``role`` (a post and
its holder), ``role_zh`` (``书记``).  A code the vocabulary does not know (a
graph built by hand) gets no label, and a label already there is kept.

The diagrams that show words (DOT, Mermaid) label edges in the current
language (:mod:`partygraph.i18n`): the Chinese term by default, the code in
English.

Examples
--------
>>> node_labels({"kind": "community"}), edge_labels({"relation": "held_by", "role": "secretary"})
({'kind_zh': '社区'}, {'relation_zh': '由…担任', 'role_zh': '书记'})
>>> node_labels({"kind": "tree"}), edge_labels({})
({}, {})
"""

from __future__ import annotations

from typing import Any

from partygraph.i18n import language
from partygraph.vocabulary import KIND_LABELS, RELATION_LABELS, ROLE_LABELS

__all__ = [
    "LABEL_FIELDS",
    "edge_labels",
    "edge_text",
    "kind_text",
    "labelled_edge",
    "labelled_node",
    "node_labels",
]

#: Attribute -> (the attribute it labels, its Chinese terms), nodes and edges.
LABEL_FIELDS: dict[str, dict[str, tuple[str, dict[str, str]]]] = {
    "node": {"kind_zh": ("kind", KIND_LABELS)},
    "edge": {"relation_zh": ("relation", RELATION_LABELS), "role_zh": ("role", ROLE_LABELS)},
}


def _labels(data: dict[str, Any], which: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for label, (field, terms) in LABEL_FIELDS[which].items():
        code = data.get(field)
        if code is not None and label not in data:
            term = terms.get(code) if isinstance(code, str) else None
            if term is not None:
                out[label] = term
    return out


def node_labels(data: dict[str, Any]) -> dict[str, str]:
    """The Chinese labels a node's attributes lack: ``kind_zh``."""
    return _labels(data, "node")


def edge_labels(data: dict[str, Any]) -> dict[str, str]:
    """The Chinese labels an edge's attributes lack: ``relation_zh``, ``role_zh``."""
    return _labels(data, "edge")


def labelled_node(data: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes with ``kind_zh`` right after ``kind``.

    Examples
    --------
    >>> list(labelled_node({"kind": "grid", "name": "一网格"}))
    ['kind', 'kind_zh', 'name']
    """
    return _after(data, node_labels(data))


def labelled_edge(data: dict[str, Any]) -> dict[str, Any]:
    """An edge's attributes with ``relation_zh`` after ``relation``, ``role_zh`` after ``role``."""
    return _after(data, edge_labels(data))


#: The attribute each label follows: kind -> kind_zh, relation -> relation_zh, role -> role_zh.
_FOLLOWS: dict[str, str] = {
    field: label for which in LABEL_FIELDS.values() for label, (field, _) in which.items()
}


def _after(data: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """``data`` with each label placed right after the attribute it labels."""
    if not labels:
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        label = _FOLLOWS.get(key)
        if label is not None and label in labels:
            out[label] = labels[label]
    return out


def kind_text(kind: str) -> str:
    """A kind as a diagram shows it: its Chinese term, or the code in English.

    Examples
    --------
    >>> from partygraph.i18n import use_language
    >>> kind_text("grid"), kind_text("tree")
    ('网格', 'tree')
    >>> with use_language("en"):
    ...     kind_text("grid")
    'grid'
    """
    return kind if language() == "en" else KIND_LABELS.get(kind, kind)


def edge_text(data: dict[str, Any]) -> str:
    """An edge's label in a diagram: its relation (a post's edge: its role), in
    Chinese, or the codes in English.

    Examples
    --------
    >>> edge_text({"relation": "contains"}), edge_text({"relation": "held_by", "role": "leader"})
    ('包含', '网格长')
    >>> from partygraph.i18n import use_language
    >>> with use_language("en"):
    ...     edge_text({"relation": "held_by", "role": "leader"})
    'held_by'
    """
    relation = str(data.get("relation") or "")
    if language() == "en":
        return relation
    role = data.get("role")
    if isinstance(role, str) and role in ROLE_LABELS:
        return ROLE_LABELS[role]
    return RELATION_LABELS.get(relation, relation)
