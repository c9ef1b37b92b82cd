"""Messages in Chinese by default, in English on request.

Every sentence partygraph shows a user — a load error, a command's help, a
summary heading, a report line — is a *message*: a key in one of the
catalogues beside this module (one per concern, each a plain ``MESSAGES``
dict of ``key -> (中文, English)``), formatted with :func:`tr` in the current
language.  The catalogues are data, not code: ``tests/test_i18n.py`` checks
that both languages of a message take the same parameters and that every
key used in the source exists.

The language is, first to last: :func:`use_language` / :func:`set_language`
(the command line's ``--lang``), the ``PARTYGRAPH_LANG`` environment variable,
the ``LANGUAGE`` variable that GNU gettext reads (its first entry), and
otherwise Chinese.  ``LANG``/``LC_ALL`` are *not* read: a server's default
``en_US.UTF-8`` must not switch an analyst's output to English
(docs/decisions.md, "Messages").

Examples
--------
>>> tr("common.problems_found", count=3)
'发现 3 个问题'
>>> with use_language("en"):
...     tr("common.problems_found", count=3)
'3 problems found'
>>> language()
'zh'
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal, get_args

from partygraph.i18n.catalogue import MESSAGES

__all__ = [
    "LANGUAGES",
    "Language",
    "language",
    "message_keys",
    "parse_language",
    "set_language",
    "tr",
    "use_language",
]

Language = Literal["zh", "en"]
#: The languages every message is written in; the first is the default.
LANGUAGES: tuple[Language, ...] = get_args(Language)

_chosen: ContextVar[Language | None] = ContextVar("partygraph_language", default=None)


def parse_language(text: str | None) -> Language | None:
    """``"en"``, ``"en_US.UTF-8"``, ``"zh-CN"``, ``"中文"`` → a language; ``None`` if not one.

    Examples
    --------
    >>> parse_language("en_GB.UTF-8"), parse_language("zh_CN:en"), parse_language("fr")
    ('en', 'zh', None)
    """
    if not text:
        return None
    first = text.split(":")[0].strip().lower()
    if first in ("中文", "汉语", "简体中文"):
        return "zh"
    if first in ("english", "英文", "英语"):
        return "en"
    head = first.replace("-", "_").split("_")[0].split(".")[0]
    return head if head in LANGUAGES else None


def language() -> Language:
    """The language messages are shown in now (see the module's docstring)."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    for variable in ("PARTYGRAPH_LANG", "LANGUAGE"):
        found = parse_language(os.environ.get(variable))
        if found is not None:
            return found
    return LANGUAGES[0]


def set_language(lang: str | None) -> None:
    """Show messages in ``lang`` from now on (``None``: back to the environment's choice).

    Examples
    --------
    >>> set_language("en"); tr("common.problems_found", count=1)
    '1 problem found'
    >>> set_language(None); tr("common.problems_found", count=1)
    '发现 1 个问题'
    """
    _chosen.set(None if lang is None else _checked(lang))


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Show messages in ``lang`` inside the ``with`` block.

    Examples
    --------
    >>> with use_language("en"):
    ...     tr("common.problems_found", count=2)
    '2 problems found'
    """
    token = _chosen.set(_checked(lang))
    try:
        yield
    finally:
        _chosen.reset(token)


def tr(key: str, /, **params: Any) -> str:
    """The message ``key`` in the current language, formatted with ``params``.

    A message may choose its English form by number: a key ``k`` with a
    companion ``k.one`` uses the latter when ``count == 1`` (Chinese has no
    plural, so both Chinese forms are the same sentence).

    Examples
    --------
    >>> tr("common.problems_found", count=1)
    '发现 1 个问题'
    """
    texts = MESSAGES[key]
    lang = language()
    if params.get("count") == 1 and f"{key}.one" in MESSAGES:
        texts = MESSAGES[f"{key}.one"]
    text = texts[LANGUAGES.index(lang)]
    return text.format(**params) if params else text


def message_keys() -> Mapping[str, tuple[str, str]]:
    """Every message, ``key -> (中文, English)`` (read-only view, for tests and docs)."""
    return MESSAGES


def _checked(lang: str) -> Language:
    found = parse_language(lang)
    if found is None:
        raise ValueError(
            f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)} / "
            f"未知语言 {lang!r}，可选 {'、'.join(LANGUAGES)}"
        )
    return found
