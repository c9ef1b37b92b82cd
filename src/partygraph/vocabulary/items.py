"""The items of the three lists 三清单 — resources, projects, needs — and when
two of them name the same thing.

A community lists its needs (``法律咨询``) and a paired unit its resources
(``法律服务``) in free text, typed by different people.  Two items are the same
when their *keys* are equal: the text in NFKC form (full-width letters and
digits made half-width), without spaces and punctuation, and then, if it
belongs to a group of synonyms, the group's first item.  :data:`SYNONYMS`
are the groups partygraph knows; a model (its ``vocabulary: synonyms:``) and
a user's file (``match --synonyms``) add more (:func:`synonym_table`,
:func:`table_with`).  Groups that share an item are one group.  Nothing
else is guessed: ``电脑培训`` does not meet a need for ``就业培训`` unless a
group says so.

Examples
--------
>>> item_key("法律　咨询"), item_key("法律援助"), item_key("法律咨询") == item_key("法律服务")
('法律咨询', '法律咨询', True)
>>> item_key("心理辅导"), item_key("心理疏导")
('心理辅导', '心理辅导')
>>> table = synonym_table([["加装电梯", "电梯加装"]])
>>> item_key("电梯加装", table)
'加装电梯'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

__all__ = ["PART_LABELS", "SYNONYMS", "item_key", "normal_form", "synonym_table", "table_with"]

#: What a rule whose coverage counts parts may count besides node kinds
#: (``coverage: {parts: needs_listed, of: need}``): name -> (中文, English).
PART_LABELS: dict[str, tuple[str, str]] = {"need": ("需求", "need")}

#: Groups of items that name the same service; the first names the group.
#: Kept to services one would offer for the other without a second thought.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("法律咨询", "法律援助", "法律服务", "普法宣传", "法律顾问"),
    ("心理辅导", "心理疏导", "心理咨询", "心理健康服务"),
    ("义诊服务", "义诊", "健康义诊", "医疗义诊", "健康体检"),
    ("就业培训", "就业指导", "技能培训", "职业技能培训", "就业帮扶"),
    ("助学帮扶", "助学", "助学资金", "爱心助学", "困难学生资助"),
    ("防诈骗宣传", "反诈宣传", "防诈宣传", "反诈骗宣传"),
    ("消防安全隐患排查", "消防安全检查", "消防隐患排查"),
    ("环境整治", "环境卫生整治", "人居环境整治", "卫生整治"),
    ("文体活动场地", "文体场地", "活动场地", "文化活动场地"),
    ("困难家庭帮扶", "困难群众帮扶", "帮扶困难家庭", "扶贫济困"),
    ("老年人照料", "老年人关爱", "长者照料", "助老服务"),
    ("儿童托管", "四点半课堂", "课后托管", "托管服务"),
)

#: Characters dropped from an item before it is compared: spaces and punctuation.
_DROP = {"Zs", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"}


def normal_form(text: str) -> str:
    """An item as compared: NFKC, without spaces and punctuation.

    >>> normal_form(" 法律咨询（免费） "), normal_form("ＡＢ-1")
    ('法律咨询免费', 'AB1')
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c) not in _DROP)


def synonym_table(groups: Iterable[Iterable[str]] = SYNONYMS) -> dict[str, str]:
    """Normal form of each item -> normal form of its group's head.

    Groups that share an item are joined, under the head of the earliest
    of them: a group adding ``老年助餐`` to the built-in ``助老服务`` adds it to
    the whole ``老年人照料`` group, whichever of its items it names first.

    >>> synonym_table([["甲", "乙"]])
    {'乙': '甲'}
    >>> synonym_table([["甲", "乙"], ["丙", "乙", "丁"]])
    {'乙': '甲', '丙': '甲', '丁': '甲'}
    """
    head: dict[str, str] = {}  # every item named -> its group's head
    members: dict[str, list[str]] = {}  # head -> its items, the head first
    for group in groups:
        items = list(dict.fromkeys(f for i in group if (f := normal_form(i))))
        if not items:
            continue
        joined = list(dict.fromkeys(head.get(i, i) for i in items))
        # The earliest group named keeps its head; a new group's head is its first item.
        first = next((h for h in members if h in joined), items[0])
        into = members.setdefault(first, [first])
        for other in joined:
            if other != first:
                for item in members.pop(other, [other]):
                    head[item] = first
                    into.append(item)
        for item in items:
            if head.get(item) != first and item != first:
                head[item] = first
                into.append(item)
        head[first] = first
    return {item: h for item, h in head.items() if item != h}


_BUILT_IN = synonym_table()


def item_key(text: str, table: Mapping[str, str] | None = None) -> str:
    """The key under which an item is matched: its normal form, or its group's head.

    ``table`` (from :func:`synonym_table`) replaces the built-in groups.

    >>> item_key("普法宣传")
    '法律咨询'
    """
    form = normal_form(text)
    return (_BUILT_IN if table is None else table).get(form, form)


def table_with(*extra: Iterable[Iterable[str]]) -> dict[str, str] | None:
    """The built-in groups and ``extra`` ones (a model's, a user's file's) in
    one table for :func:`item_key`; ``None`` (the built-in table) when there
    are none.

    >>> item_key("老年助餐", table_with([["助老服务", "老年助餐"]]))
    '老年人照料'
    """
    groups = [list(g) for groups in extra for g in groups]
    return synonym_table([*SYNONYMS, *groups]) if groups else None
