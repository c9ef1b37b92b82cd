"""The Chinese column headers of every table, and the titles of the tables.

A table exported from an office system has Chinese headers (编号, 名称, 所属社区),
not the model's field names.  Each column of each section, companion section
and bulk table has here its Chinese header — what ``partygraph init --xlsx``
writes, first in each tuple — and the other headers it is known by (aliases).
The loader reads a table with these headers as it is, and records each header
it read through an alias (``partygraph validate --verbose``).  Within one table
a header names one column only (``tests/test_column_mapping.py`` checks it, and
that every column of the model has a header here).

Examples
--------
>>> header("units", "division"), header("persons", "name")
('所在区划', '姓名')
>>> header_aliases("units")["所属社区"]
'division'
>>> TABLE_TITLES["households"]
'户'
"""

from __future__ import annotations

from typing import Final

__all__ = ["COMMON_HEADERS", "HEADERS", "TABLE_TITLES", "header", "header_aliases"]

#: The fields every entity of a section has: field -> (header, *aliases).
COMMON_HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "id": ("编号", "代码", "ID"),
    "name": ("名称",),
    "valid_from": ("起始日期", "生效日期"),
    "valid_until": ("截止日期", "失效日期"),
    "note": ("备注", "说明"),
}

_MEMBERS_FULL = ("正式党员人数", "正式党员数", "党员人数")
_INSTRUCTOR = ("党建指导员", "指导员")
_COMMUNITY = ("所在社区", "所属社区", "社区")
_DIVISION = ("所在区划", "所属社区", "所属区划", "所属街道", "区划")
_COMPOUND = ("所在小区", "所属小区", "小区")
_UNIT = ("单位", "所在单位", "工作单位")
_PERSON = ("人员", "人员编号")
_HOUSEHOLD = ("所在户", "户编号")

#: Each table's own columns: field -> (header, *aliases).  The entity sections
#: also have :data:`COMMON_HEADERS`.
HEADERS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "divisions": {
        "level": ("级别", "层级"),
        "parent": ("上级", "上级区划", "上级编号", "上级代码"),
        "district": ("是否城区", "城区"),
        "model_community": ("示范社区", "是否示范社区"),
    },
    "units": {
        "type": ("单位类型", "类型"),
        "division": _DIVISION,
        "municipal": ("市直单位", "是否市直单位"),
        "members_full": _MEMBERS_FULL,
        "instructor": _INSTRUCTOR,
    },
    "compounds": {
        "community": _COMMUNITY,
        "property_company": ("物业公司", "物业服务公司"),
        "owners_committee": ("业委会", "业主委员会"),
        "members_full": _MEMBERS_FULL,
        "instructor": _INSTRUCTOR,
        "x": ("横坐标", "x坐标", "X"),
        "y": ("纵坐标", "y坐标", "Y"),
    },
    "party_orgs": {
        "form": ("组织形式", "类型"),
        "parent": ("上级党组织", "上级"),
        "division": _DIVISION,
        "compound": _COMPOUND,
        "unit": ("所在单位", "单位"),
        "grid": ("所在网格", "网格"),
        "joint": ("联合党支部", "是否联合党支部"),
        "joint_units": ("联合单位",),
        "members_full": _MEMBERS_FULL,
        "members_probationary": ("预备党员人数", "预备党员数"),
        "committee_members": ("委员人数", "委员数"),
        "secretary": ("书记",),
        "upgraded_on": ("升格日期",),
        "approved_on": ("批准日期", "批准保留日期"),
    },
    "expanded_bodies": {
        "form": ("组织形式", "类型"),
        "core": ("核心党组织",),
        "division": _DIVISION,
        "full_time_members": ("专职委员",),
    },
    "grids": {
        "community": _COMMUNITY,
        "residents_group": ("居民小组",),
        "leader": ("网格长",),
    },
    "teams": {
        "type": ("队伍类型", "类型"),
        "community": _COMMUNITY,
        "compound": _COMPOUND,
        "core": ("牵头党组织", "核心党组织"),
        "members": ("成员单位",),
        "routines": ("工作机制",),
    },
    "places": {"type": ("类型", "街巷楼类型"), "community": _COMMUNITY},
    "captains": {
        "person": _PERSON,
        "scope": ("负责范围", "类型"),
        "place": ("负责街巷楼", "街巷楼"),
        "community": _COMMUNITY,
        "duties": ("职责", "四包"),
        "drawn_from": ("人员来源", "来源"),
    },
    "central_households": {
        "person": _PERSON,
        "household": _HOUSEHOLD,
        "community": _COMMUNITY,
        "grid": ("所在网格", "网格"),
    },
    "pairings": {
        "unit": ("报到单位", "单位"),
        "community": ("挂点社区", "社区"),
        "resources": ("资源清单", "资源"),
        "projects": ("项目清单", "项目"),
        "needs": ("需求清单", "需求"),
        "agreement_signed": ("协议签订日期", "签订日期"),
    },
    "service_centres": {
        "level": ("级别", "层级"),
        "division": _DIVISION,
        "compound": _COMPOUND,
        "parent": ("上级中心", "上级"),
        "x": ("横坐标", "x坐标", "X"),
        "y": ("纵坐标", "y坐标", "Y"),
        "hours": ("开放时间",),
        "weekend_duty": ("周末值班", "是否周末值班"),
    },
    "issue_categories": {},
    "departments": {
        "level": ("应哨层级", "级别", "层级"),
        "division": _DIVISION,
        "categories": ("问题类别", "处理类别"),
    },
    "volunteer_teams": {
        "community": _COMMUNITY,
        "members": ("队员人数", "人数"),
        "activities": ("活动次数",),
        "people_served": ("服务人次",),
    },
    "reserve_cadres": {"person": _PERSON, "community": _COMMUNITY},
    # companion sections: the column naming the parent, then the record's fields
    "service_items": {
        "centre": ("所属中心", "党群服务中心", "服务中心"),
        "responsible": ("责任人",),
        "category": ("类别", "服务类别"),
    },
    "part_time_members": {
        "body": ("所属组织", "大党委", "大工委"),
        "person": _PERSON,
        "on_behalf_of": ("所代表单位", "代表单位"),
        "since": ("起始日期", "任职日期"),
    },
    "meetings": {
        "holder": ("召开组织", "所属组织", "所属队伍"),
        "date": ("日期", "会议日期"),
        "kind": ("会议类型", "类型"),
    },
    # bulk tables
    "households": {
        "id": ("户编号", "编号"),
        "community": _COMMUNITY,
        "residents_group": ("居民小组",),
        "grid": ("所在网格", "网格"),
        "compound": _COMPOUND,
        "size": ("户内人数", "人数", "人口数"),
    },
    "persons": {
        "id": ("人员编号", "编号"),
        "name": ("姓名",),
        "household": _HOUSEHOLD,
        "member": ("党员身份", "政治面貌"),
        "org": ("组织关系所在党组织", "所在党组织", "党组织"),
        "unit": _UNIT,
        "in_service": ("在职党员", "是否在职党员"),
    },
    "central_household_links": {
        "central_household": ("党员中心户", "中心户"),
        "household": ("联系户", "户编号"),
        "last_visit": ("最近走访日期", "走访日期"),
    },
    "registrations": {
        "person": _PERSON,
        "community": ("报到社区", "社区"),
        "basis": ("报到方式", "方式"),
        "unit": ("所在单位", "单位"),
        "date": ("报到日期", "日期"),
    },
}

#: The tables whose rows are entities, with the common fields; the others
#: (companions and bulk tables) have only the columns given above.
_ENTITY_TABLES: Final = frozenset(list(HEADERS)[:16]) | {"service_items"}

#: Each table's Chinese title: the sheet of ``partygraph init --xlsx``, and a
#: sheet the loader finds by itself (see ``docs/config.md``).
TABLE_TITLES: Final[dict[str, str]] = {
    "divisions": "区划",
    "units": "单位",
    "compounds": "小区",
    "party_orgs": "党组织",
    "expanded_bodies": "大工委大党委",
    "grids": "网格",
    "teams": "共建队伍",
    "places": "街巷楼",
    "captains": "街长巷长楼长",
    "central_households": "党员中心户",
    "pairings": "单位双报到",
    "service_centres": "党群服务中心",
    "issue_categories": "问题类别",
    "departments": "报到部门",
    "volunteer_teams": "志愿服务队",
    "reserve_cadres": "社区后备干部",
    "service_items": "服务项目",
    "part_time_members": "兼职委员",
    "meetings": "会议",
    "households": "户",
    "persons": "人",
    "central_household_links": "中心户联系户",
    "registrations": "在职党员双报到",
}


def _all(table: str) -> dict[str, tuple[str, ...]]:
    own = HEADERS[table]
    if table not in _ENTITY_TABLES:
        return dict(own)
    return {**COMMON_HEADERS, **own}


def header(table: str, field: str) -> str:
    """The Chinese header of ``field`` in ``table`` (the field's name if it has none)."""
    names = _all(table).get(field)
    return names[0] if names else field


def header_aliases(table: str) -> dict[str, str]:
    """Every Chinese header of ``table`` (the header first written and its
    aliases) -> the field it names.

    A header that two fields of one table share would be ambiguous: it names
    neither (the first field keeps it only if no other claims it).
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for field, names in _all(table).items():
        for name in names:
            if name in out and out[name] != field:
                taken.add(name)
            out.setdefault(name, field)
    return {name: field for name, field in out.items() if name not in taken}
