"""Node kinds, relations and roles: what the model becomes as a graph.

Every section of a model (``partygraph.model.SECTIONS``) makes nodes of one
kind (:data:`SECTION_KINDS`; divisions take their level as kind), records
nested in a section may be nodes of their own (:data:`NESTED`), and the bulk
tables' rows are nodes of a bulk kind (:data:`BULK_KINDS`).  Edges are the
model's references: each reference field names its relation (``RefTo`` on a
structure field, ``Column.relation`` on a bulk column), and every relation
named there is declared here with its Chinese term.  A ``held_by`` edge (a
post and the person holding it) carries the post's *role*
(:func:`role_name`).

Examples
--------
>>> section_kind("grids"), section_kind("divisions", "community")
('grid', 'community')
>>> KIND_LABELS["community"], KIND_NOUNS["party_org"]
('社区', 'party organisation')
>>> RELATION_LABELS["contains"], ROLE_LABELS["secretary"]
('包含', '书记')
"""

from __future__ import annotations

from dataclasses import dataclass

from partygraph.errors import PartygraphError
from partygraph.vocabulary.terms import DIVISION_LEVELS

__all__ = [
    "BULK_KINDS",
    "BY_LEVEL",
    "HELD_BY",
    "KIND_LABELS",
    "KIND_NAMES",
    "KIND_NOUNS",
    "NESTED",
    "NESTED_KINDS",
    "NODE_KINDS",
    "RELATIONS",
    "RELATION_LABELS",
    "ROLES",
    "ROLE_LABELS",
    "SECTION_KINDS",
    "SECTION_NOUNS",
    "Kind",
    "Nested",
    "role_name",
    "section_kind",
    "section_noun",
]


@dataclass(frozen=True)
class Kind:
    """A node kind: its Chinese term and the English noun messages call it by."""

    label: str
    noun: str


#: Every node kind, in the order the index codes them (the division levels
#: first, top down, so that a level's kind code is its position in
#: ``DIVISION_LEVELS``; then the sections' kinds; the bulk kinds last).
NODE_KINDS: dict[str, Kind] = {
    "city": Kind("市", "city"),
    "county": Kind("县(市、区)", "county"),
    "subdistrict": Kind("街道", "subdistrict"),
    "community": Kind("社区", "community"),
    "residents_group": Kind("居民小组", "residents' group"),
    "unit": Kind("单位", "unit"),
    "compound": Kind("小区", "compound"),
    "party_org": Kind("党组织", "party organisation"),
    "grid": Kind("网格", "grid"),
    "team": Kind("共建队伍", "team"),
    "place": Kind("街巷楼", "place"),
    "captain": Kind("街长/巷长/楼长", "captain"),
    "central_household": Kind("党员中心户", "central household"),
    "pairing": Kind("单位双报到", "pairing"),
    "service_centre": Kind("党群服务中心", "service centre"),
    "service_item": Kind("服务项目", "service item"),
    "issue_category": Kind("问题类别", "issue category"),
    "department": Kind("报到部门", "department"),
    "volunteer_team": Kind("志愿服务队", "volunteer team"),
    "reserve_cadre": Kind("社区后备干部", "reserve cadre"),
    "household": Kind("户", "household"),
    "person": Kind("人", "person"),
}
#: Node kind names, as the index numbers them (the position in this tuple).
KIND_NAMES: tuple[str, ...] = tuple(NODE_KINDS)
KIND_LABELS: dict[str, str] = {name: k.label for name, k in NODE_KINDS.items()}
KIND_NOUNS: dict[str, str] = {name: k.noun for name, k in NODE_KINDS.items()}

#: The kind of a section whose entities take their ``level`` as kind.
BY_LEVEL = "<level>"

#: Node kind of each section of a model, in the model's section order.
SECTION_KINDS: dict[str, str] = {
    "divisions": BY_LEVEL,
    "units": "unit",
    "compounds": "compound",
    "party_orgs": "party_org",
    "expanded_bodies": "party_org",
    "grids": "grid",
    "teams": "team",
    "places": "place",
    "captains": "captain",
    "central_households": "central_household",
    "pairings": "pairing",
    "service_centres": "service_centre",
    "issue_categories": "issue_category",
    "departments": "department",
    "volunteer_teams": "volunteer_team",
    "reserve_cadres": "reserve_cadre",
}
#: What one entity of a section is called in messages: its kind's noun, but
#: for these (a division is called by its level: see :func:`section_noun`).
_OWN_NOUNS: dict[str, str] = {"divisions": "division", "expanded_bodies": "expanded body"}
SECTION_NOUNS: dict[str, str] = {
    section: _OWN_NOUNS.get(section) or KIND_NOUNS[kind] for section, kind in SECTION_KINDS.items()
}


@dataclass(frozen=True)
class Nested:
    """Records nested in a section's list ``field`` that are nodes of their own,
    of ``kind``, joined to the entity holding them by ``relation``."""

    section: str
    field: str
    kind: str
    relation: str


#: Nested records that are nodes: a service centre's items 高频服务项目.
NESTED: tuple[Nested, ...] = (Nested("service_centres", "items", "service_item", "offers"),)
#: Node kind of each nested field.
NESTED_KINDS: dict[str, str] = {n.field: n.kind for n in NESTED}

#: Kinds held in bulk tables (one node per row), with their table.
BULK_KINDS: dict[str, str] = {"household": "households", "person": "persons"}


def section_kind(section: str, level: str | None = None) -> str:
    """The node kind of an entity of ``section`` (``level``: the entity's level,
    which is the kind of a division).

    Examples
    --------
    >>> section_kind("expanded_bodies"), section_kind("divisions", "county")
    ('party_org', 'county')
    """
    kind = SECTION_KINDS.get(section)
    if kind is None:
        raise PartygraphError(f"no section {section!r}; sections are {', '.join(SECTION_KINDS)}")
    if kind == BY_LEVEL:
        if level not in DIVISION_LEVELS:
            raise PartygraphError(f"a division's kind is its level; {level!r} is no level")
        return str(level)
    return kind


def section_noun(section: str, level: str | None = None) -> str:
    """What an entity of ``section`` is called in messages; a division by its
    ``level`` as written in the file (``community``, ``residents_group``).

    Examples
    --------
    >>> section_noun("party_orgs"), section_noun("divisions", "residents_group")
    ('party organisation', 'residents_group')
    """
    if SECTION_KINDS[section] == BY_LEVEL and level is not None:
        return level
    return SECTION_NOUNS[section]


#: Every relation an edge can have, with its Chinese term, in the order
#: messages list them (the nested records' first, then those of the sections'
#: fields in section order, then those of the bulk tables).
RELATION_LABELS: dict[str, str] = {
    "offers": "提供服务项目",
    "contains": "包含",
    "held_by": "由…担任",
    "managed_by": "物业服务",
    "owners_committee": "业主委员会",
    "leads": "领导",
    "covers": "覆盖",
    "expands": "扩大为",
    "on_behalf_of": "代表单位",
    "in_group": "属居民小组",
    "serves": "服务",
    "led_by": "由…领导",
    "includes": "成员单位",
    "looks_after": "包片",
    "based_at": "所在户",
    "in_grid": "属网格",
    "paired_unit": "报到单位",
    "paired_community": "挂点社区",
    "coordinates": "统筹",
    "handles": "负责处置",
    "in_compound": "属小区",
    "lives_in": "居住于",
    "member_of": "党员隶属",
    "works_at": "工作单位",
    "linked_to": "联系户",
    "registered_at": "报到社区",
}
#: Relation names.
RELATIONS: tuple[str, ...] = tuple(RELATION_LABELS)

#: The relation of a post to the person holding it; its edges carry a role.
HELD_BY = "held_by"

#: The roles of ``held_by`` edges (the posts), with their Chinese terms.
ROLE_LABELS: dict[str, str] = {
    "instructor": "党建指导员",
    "secretary": "书记",
    "full_time_member": "专职委员",
    "part_time_member": "兼职委员",
    "leader": "网格长",
    "person": "本人",
    "responsible": "责任人",
}
#: Role names.
ROLES: tuple[str, ...] = tuple(ROLE_LABELS)


def role_name(field: str, *, many: bool = False, seat: str | None = None) -> str:
    """The role of a ``held_by`` edge written in ``field``: the field's name,
    singular for a list field (``many``); for a field of a *seat* - a record in
    the list ``seat`` that is not an entity of its own, such as a part-time
    member of an expanded body - the list's name, singular.

    Examples
    --------
    >>> role_name("secretary"), role_name("full_time_members", many=True)
    ('secretary', 'full_time_member')
    >>> role_name("person", seat="part_time_members")
    'part_time_member'
    """
    role = seat.removesuffix("s") if seat else field
    return role.removesuffix("s") if many else role
