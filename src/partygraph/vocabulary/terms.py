"""The enumerations of the model, each code with its Chinese term.

Each enumeration is a ``Literal`` type (what a field of the model accepts);
its tuple of codes comes from :func:`typing.get_args`, so a code is written
once as a type and once beside its label.  Terms follow ``DOMAIN.md``.

Examples
--------
>>> DIVISION_LEVELS
('city', 'county', 'subdistrict', 'community', 'residents_group')
>>> PARENT_LEVEL["community"], DIVISION_LEVEL_LABELS["community"]
('subdistrict', '社区')
>>> ORG_FORM_LABELS["committee"], DUTY_LABELS["sanitation"]
('党委', '包环境卫生')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any, Literal, get_args

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "DIVISION_LEVELS",
    "DIVISION_LEVEL_LABELS",
    "DRAWN_FROM",
    "DRAWN_FROM_LABELS",
    "DUTIES",
    "DUTY_LABELS",
    "ENUMERATIONS",
    "EXPANDED_FORMS",
    "FALSE_TERMS",
    "LEVELS",
    "MEMBER_STATUS",
    "MEMBER_STATUS_LABELS",
    "ORG_FORMS",
    "ORG_FORM_LABELS",
    "PARENT_LEVEL",
    "PLACE_TYPES",
    "PLACE_TYPE_LABELS",
    "REGISTRATION_BASIS",
    "REGISTRATION_BASIS_LABELS",
    "ROUTINES",
    "ROUTINE_LABELS",
    "SERVICE_LEVELS",
    "SERVICE_LEVEL_LABELS",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "TEAM_THREE",
    "TEAM_TYPES",
    "TEAM_TYPE_LABELS",
    "TERM_ALIASES",
    "TRUE_TERMS",
    "UNIT_TYPES",
    "UNIT_TYPE_LABELS",
    "WHISTLE_LEVELS",
    "WHISTLE_LEVEL_LABELS",
    "Action",
    "DivisionLevel",
    "DrawnFrom",
    "Duty",
    "ExpandedForm",
    "MemberStatus",
    "OrgForm",
    "PlaceType",
    "RegistrationBasis",
    "Routine",
    "ServiceLevel",
    "Severity",
    "TeamType",
    "UnitType",
    "WhistleLevel",
    "choices_text",
    "code_for",
    "terms_of",
]

# -- the administrative hierarchy (四级联动) -----------------------------------
DivisionLevel = Literal["city", "county", "subdistrict", "community", "residents_group"]
#: Administrative levels, top down (四级联动 plus the residents' group 居民小组).
DIVISION_LEVELS: tuple[DivisionLevel, ...] = get_args(DivisionLevel)
#: The level a division's parent must have (``None``: it has no parent): the
#: one above it.
PARENT_LEVEL: dict[str, str | None] = {
    level: DIVISION_LEVELS[i - 1] if i else None for i, level in enumerate(DIVISION_LEVELS)
}
#: The four levels of 四级联动, which coverage rolls up to, top down.
LEVELS: tuple[DivisionLevel, ...] = DIVISION_LEVELS[: DIVISION_LEVELS.index("community") + 1]
DIVISION_LEVEL_LABELS: dict[DivisionLevel, str] = {
    "city": "市",
    "county": "县(市、区)",
    "subdistrict": "街道",
    "community": "社区",
    "residents_group": "居民小组",
}

# -- party organisations (DOMAIN.md section 2) --------------------------------
OrgForm = Literal["working_committee", "committee", "general_branch", "branch"]
ExpandedForm = Literal["expanded_working_committee", "expanded_committee"]
#: Chinese term of every party-organisation form, in the order of DOMAIN.md
#: section 2 (an expanded body after the organisation it expands).
ORG_FORM_LABELS: dict[OrgForm | ExpandedForm, str] = {
    "working_committee": "街道党工委",
    "expanded_working_committee": "大工委",
    "committee": "党委",
    "general_branch": "党总支",
    "branch": "党支部",
    "expanded_committee": "大党委",
}
#: The forms of an expanded body (大工委, 大党委).
EXPANDED_FORMS: tuple[ExpandedForm, ...] = get_args(ExpandedForm)
_DOMAIN_ORDER: list[str] = list(ORG_FORM_LABELS)
#: Party organisation forms, expanded bodies' included (DOMAIN.md section 2).
ORG_FORMS: tuple[str, ...] = tuple(
    sorted((*get_args(OrgForm), *EXPANDED_FORMS), key=_DOMAIN_ORDER.index)
)

UnitType = Literal[
    "agency",
    "soe",
    "public_institution",
    "finance",
    "education",
    "health",
    "police_station",
    "school",
    "hospital",
    "enterprise",
    "residents_committee",
    "owners_committee",
    "property_company",
    "social_organisation",
    "non_public",
    "other",
]
#: Types of unit: resident units 驻区单位 by sector, the "3" and the "N" of
#: the co-building teams, and the "two new" organisations 两新.
UNIT_TYPES: tuple[UnitType, ...] = get_args(UnitType)
UNIT_TYPE_LABELS: dict[UnitType, str] = {
    "agency": "机关",
    "soe": "国企",
    "public_institution": "事业单位",
    "finance": "金融",
    "education": "教育",
    "health": "卫生",
    "police_station": "派出所",
    "school": "学校",
    "hospital": "医院",
    "enterprise": "驻区企业",
    "residents_committee": "居委会",
    "owners_committee": "业主委员会",
    "property_company": "物业服务公司",
    "social_organisation": "社会组织",
    "non_public": "非公企业",
    "other": "其他",
}

# -- co-building teams (DOMAIN.md section 4) ----------------------------------
TeamType = Literal["1+3", "1+N"]
TEAM_TYPES: tuple[TeamType, ...] = get_args(TeamType)
TEAM_TYPE_LABELS: dict[TeamType, str] = {"1+3": "“1+3”工作队伍", "1+N": "“1+N”社区工作队伍"}
#: The "3" of a "1+3" team: the residents' committee, the owners' committee
#: and the property company, beside the community's party organisation.
TEAM_THREE: tuple[UnitType, ...] = ("residents_committee", "owners_committee", "property_company")

Routine = Literal["work_meeting", "deliberation", "joint_consultation", "emergency_response"]
#: The joint routines of a co-building team.
ROUTINES: tuple[Routine, ...] = get_args(Routine)
ROUTINE_LABELS: dict[Routine, str] = {
    "work_meeting": "工作例会",
    "deliberation": "议事决策",
    "joint_consultation": "联席会商",
    "emergency_response": "应急响应",
}

# -- captains (DOMAIN.md section 5) -------------------------------------------
PlaceType = Literal["street", "lane", "building"]
#: What a place is, and so the scope of its captain (街长/巷长/楼长).
PLACE_TYPES: tuple[PlaceType, ...] = get_args(PlaceType)
PLACE_TYPE_LABELS: dict[PlaceType, str] = {"street": "街", "lane": "巷", "building": "楼"}

Duty = Literal["sanitation", "publicity", "patrol", "traffic"]
#: The four duties of street, lane and building captains (四包).
DUTIES: tuple[Duty, ...] = get_args(Duty)
DUTY_LABELS: dict[Duty, str] = {
    "sanitation": "包环境卫生",
    "publicity": "包政策宣传",
    "patrol": "包治安巡逻",
    "traffic": "包交通协管",
}

DrawnFrom = Literal["party_member", "central_household", "deputy", "activist", "in_service"]
#: Where a captain is drawn from.
DRAWN_FROM: tuple[DrawnFrom, ...] = get_args(DrawnFrom)
DRAWN_FROM_LABELS: dict[DrawnFrom, str] = {
    "party_member": "社区党员",
    "central_household": "党员中心户",
    "deputy": "两代表一委员",
    "activist": "居民骨干",
    "in_service": "在职人员",
}

# -- services (DOMAIN.md sections 7 and 8) ------------------------------------
ServiceLevel = Literal["district", "subdistrict", "community", "area", "compound"]
#: The five-level service-centre matrix (五级党群服务中心矩阵), top down.
SERVICE_LEVELS: tuple[ServiceLevel, ...] = get_args(ServiceLevel)
SERVICE_LEVEL_LABELS: dict[ServiceLevel, str] = {
    "district": "区",
    "subdistrict": "街道",
    "community": "社区",
    "area": "区域",
    "compound": "小区",
}

WhistleLevel = Literal["community", "subdistrict", "district"]
#: The three levels a whistle is blown at (吹哨报到), first to last.
WHISTLE_LEVELS: tuple[WhistleLevel, ...] = get_args(WhistleLevel)
WHISTLE_LEVEL_LABELS: dict[WhistleLevel, str] = {
    "community": "社区",
    "subdistrict": "街道",
    "district": "区",
}

# -- the population tables ----------------------------------------------------
MemberStatus = Literal["full", "probationary"]
#: Party membership of a person (the ``member`` column of ``persons``).
MEMBER_STATUS: tuple[MemberStatus, ...] = get_args(MemberStatus)
MEMBER_STATUS_LABELS: dict[MemberStatus, str] = {"full": "正式党员", "probationary": "预备党员"}

RegistrationBasis = Literal["unit_link", "residence"]
#: Where an in-service member registers (双报到): the unit's linked community
#: or the residence community.
REGISTRATION_BASIS: tuple[RegistrationBasis, ...] = get_args(RegistrationBasis)
REGISTRATION_BASIS_LABELS: dict[RegistrationBasis, str] = {
    "unit_link": "挂点社区",
    "residence": "居住地社区",
}

# -- findings ------------------------------------------------------------------
Severity = Literal["error", "warning", "info"]
#: How serious a finding is, most serious first.
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
SEVERITY_LABELS: dict[Severity, str] = {"error": "错误", "warning": "警告", "info": "提示"}

Action = Literal["set_up", "joint_or_instructor", "upgrade", "split", "committee", "downgrade"]
#: What a check proposes for an organisation or a unit (a candidate).
ACTIONS: tuple[Action, ...] = get_args(Action)
ACTION_LABELS: dict[Action, str] = {
    "set_up": "单独组建",
    "joint_or_instructor": "联合组建或选派指导员",
    "upgrade": "升格",
    "split": "拆分",
    "committee": "设立支委会",
    "downgrade": "调整",
}

#: Every enumeration: its ``Literal`` type and the Chinese term of each code.
ENUMERATIONS: dict[str, tuple[Any, dict[Any, str]]] = {
    "division_level": (DivisionLevel, DIVISION_LEVEL_LABELS),
    "org_form": (OrgForm, ORG_FORM_LABELS),
    "expanded_form": (ExpandedForm, ORG_FORM_LABELS),
    "unit_type": (UnitType, UNIT_TYPE_LABELS),
    "team_type": (TeamType, TEAM_TYPE_LABELS),
    "routine": (Routine, ROUTINE_LABELS),
    "place_type": (PlaceType, PLACE_TYPE_LABELS),
    "duty": (Duty, DUTY_LABELS),
    "drawn_from": (DrawnFrom, DRAWN_FROM_LABELS),
    "service_level": (ServiceLevel, SERVICE_LEVEL_LABELS),
    "whistle_level": (WhistleLevel, WHISTLE_LEVEL_LABELS),
    "member_status": (MemberStatus, MEMBER_STATUS_LABELS),
    "registration_basis": (RegistrationBasis, REGISTRATION_BASIS_LABELS),
    "severity": (Severity, SEVERITY_LABELS),
    "action": (Action, ACTION_LABELS),
}

#: Other ways people write a term, per enumeration, read as the code like the
#: term itself: the short forms of 县(市、区), 党工委 for 街道党工委, 楼栋 ...
TERM_ALIASES: dict[str, dict[str, str]] = {
    "division_level": {
        "县": "county",
        "区": "county",
        "县级市": "county",
        "小组": "residents_group",
    },
    "org_form": {"党工委": "working_committee", "总支": "general_branch", "支部": "branch"},
    "expanded_form": {"大党工委": "expanded_working_committee"},
    "team_type": {"1+3工作队伍": "1+3", "1+N工作队伍": "1+N"},
    "place_type": {"楼栋": "building"},
    "duty": {
        "环境卫生": "sanitation",
        "政策宣传": "publicity",
        "治安巡逻": "patrol",
        "交通协管": "traffic",
    },
}

#: How a yes/no value may be written in Chinese (是否……: 是 or 否).  有/无 is
#: not taken: ``joint: 无`` reads as "no joint units", not as "not joint".
TRUE_TERMS: tuple[str, ...] = ("是",)
FALSE_TERMS: tuple[str, ...] = ("否",)


def _written(text: str) -> str:
    """A term as compared: NFKC (full-width brackets and digits as half-width),
    no spaces around."""
    return unicodedata.normalize("NFKC", text).strip()


@cache
def terms_of(choices: tuple[str, ...]) -> dict[str, str]:
    """Every Chinese term (and alias) of the codes ``choices`` of an
    enumeration, ``term -> code``; empty when ``choices`` is no enumeration.

    Examples
    --------
    >>> terms_of(PLACE_TYPES)["巷"], terms_of(("a", "b"))
    ('lane', {})
    """
    out: dict[str, str] = {}
    for name, (_, labels) in _enumerations(choices):
        for code, label in labels.items():
            if code in choices:
                out.setdefault(_written(label), code)
        for alias, code in TERM_ALIASES.get(name, {}).items():
            if code in choices:
                out.setdefault(_written(alias), code)
    return out


def _enumerations(choices: tuple[str, ...]) -> list[tuple[str, tuple[Any, dict[Any, str]]]]:
    """The enumerations ``choices`` are the codes of: the one with exactly
    these codes, else those holding them all (the codes of a bulk column)."""
    wanted = set(choices)
    found = [(n, e) for n, e in ENUMERATIONS.items() if set(get_args(e[0])) == wanted]
    return found or [(n, e) for n, e in ENUMERATIONS.items() if wanted <= set(get_args(e[0]))]


def code_for(choices: Sequence[str], text: str) -> str | None:
    """The code among ``choices`` that the Chinese term ``text`` stands for
    (``None``: it stands for none of them, or is a code already).

    Examples
    --------
    >>> code_for(PLACE_TYPES, "巷"), code_for(DIVISION_LEVELS, "县（市、区）")
    ('lane', 'county')
    >>> code_for(get_args(OrgForm), "大党委") is None  # a term of another enumeration
    True
    """
    return _code_for(tuple(choices), text)


@lru_cache(maxsize=4096)  # the same few terms and codes, cell after cell (11,000 in the example)
def _code_for(choices: tuple[str, ...], text: str) -> str | None:
    return terms_of(choices).get(_written(text))


def choices_text(choices: Sequence[str], sep: str = "、") -> str:
    """The codes with their Chinese terms, for a message.

    Examples
    --------
    >>> choices_text(PLACE_TYPES)
    'street 街、lane 巷、building 楼'
    """
    labels: dict[Any, str] = {}
    for _, (_, names) in _enumerations(tuple(choices))[:1]:
        labels = names
    return sep.join(f"{c} {labels[c]}" if c in labels else c for c in choices)
