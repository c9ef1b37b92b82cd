"""The items of the three lists 三清单 — resources, projects, needs — and when
two of them name the same thing.

A community lists its needs (``法律咨询``) and a paired unit its resources
(``法律服务``) in free text, typed by different people.  Two items are the same
when their *keys* are equal: the text in NFKC form (full-width letters and
digits made half-width), without spaces and punctuation, and then, if it
belongs to a group of synonyms, the group's first item.  :data:`SYNONYMS`
are the groups partygraph knows; a model or a user's file may add more
(:func:`synonym_table`).  Nothing else is guessed: ``电脑培训`` does not meet a
need for ``就业培训`` unless a group says so.

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

__all__ = ["PART_LABELS", "SYNONYMS", "item_key", "normal_form", "synonym_table"]

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
    """Normal form of each item -> normal form of its group's first item.

    A later group that names an item of an earlier one joins it to the later
    group's head; the built-in groups do not overlap.

    >>> synonym_table([["甲", "乙"]])
    {'乙': '甲'}
    """
    table: dict[str, str] = {}
    for group in groups:
        items = [normal_form(i) for i in group if normal_form(i)]
        for item in items[1:]:
            if item != items[0]:
                table[item] = items[0]
    return table


_BUILT_IN = synonym_table()


def item_key(text: str, table: Mapping[str, str] | None = None) -> str:
    """The key under which an item is matched: its normal form, or its group's head.

    ``table`` (from :func:`synonym_table`) replaces the built-in groups.

    >>> item_key("普法宣传")
    '法律咨询'
    """
    form = normal_form(text)
    return (_BUILT_IN if table is None else table).get(form, form)
