"""A columnar structural index of a model, for vectorised rules and rollups.

Every node gets an integer *code*: the divisions first (so a division's code is
its position in ``model.divisions``), then the other structure entities section
by section, then the nested service items, then the households and the persons
(the bulk tables keep their row order).  Node kinds are small integers
(:data:`KIND_NAMES`); every node has a *home* division and, through it, one
ancestor code per administrative level (:data:`LEVELS`), so a rollup over a
million households is one ``np.bincount`` over community codes followed by a
few small bincounts up the levels.

Edges are the model's references (``RefTo`` metadata, as in
:func:`partygraph.graph.build_graph`) plus the bulk-table links, held per
relation as ``(src, dst, role)`` arrays; the bulk parts are built only when a
rule asks for that relation.  Attribute columns are built on first use.

Examples
--------
>>> from partygraph.model import Model, Division, Grid
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="k", name="城区", level="county", parent="c"),
...     Division(id="s", name="南街道", level="subdistrict", parent="k"),
...     Division(id="m", name="东风社区", level="community", parent="s")],
...     grids=[Grid(id="g", name="一网格", community="m")])
>>> ix = Index(m)
>>> ix.kind_name(ix.code("g")), [r.name for r in ix.chain(ix.code("g"))]
('grid', ['示例市', '城区', '南街道', '东风社区'])
>>> ix.edges("contains").dst.tolist()
[1, 2, 3, 4]
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from partygraph.graph import KINDS
from partygraph.model import SECTIONS, Entity, Model, RefField, ref_fields, unwrap_type
from partygraph.model.population import TABLES, Array, text_array
from partygraph.model.report import NodeRef

__all__ = [
    "BULK_KINDS",
    "KIND_NAMES",
    "LEVELS",
    "RELATIONS",
    "ROLES",
    "AttrSpec",
    "Column",
    "Edges",
    "Index",
    "attributes",
    "unique_pairs",
]

#: Administrative levels that coverage rolls up to, top down.
LEVELS: tuple[str, ...] = ("city", "county", "subdistrict", "community")

#: Node kinds, as small integers (the position in this tuple).
KIND_NAMES: tuple[str, ...] = (
    "city",
    "county",
    "subdistrict",
    "community",
    "residents_group",
    "unit",
    "compound",
    "party_org",
    "grid",
    "team",
    "place",
    "captain",
    "central_household",
    "pairing",
    "service_centre",
    "service_item",
    "issue_category",
    "department",
    "volunteer_team",
    "reserve_cadre",
    "household",
    "person",
)
_KIND = {name: i for i, name in enumerate(KIND_NAMES)}
#: Kinds held in bulk tables, with their table.
BULK_KINDS: dict[str, str] = {"household": "households", "person": "persons"}

AttrType = Literal["ref", "num", "bool", "text", "date", "list"]


@dataclass(frozen=True)
class AttrSpec:
    """What an attribute of a kind holds: its type, its allowed values (for
    enumerations) and, for references, the section or table referred to."""

    type: AttrType
    choices: tuple[str, ...] = ()
    target: str | None = None
    many: bool = False


def _class_attributes(cls: type[BaseModel]) -> dict[str, AttrSpec]:
    refs = {f.name: f for f in ref_fields(cls) if f.nested is None}
    hints = typing.get_type_hints(cls, include_extras=True)
    out: dict[str, AttrSpec] = {}
    for name in cls.model_fields:
        tp, many = unwrap_type(hints[name])
        if name in refs:
            out[name] = AttrSpec("ref", target=refs[name].ref.target, many=many)
            continue
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        if many:
            out[name] = AttrSpec("list")
        elif typing.get_origin(tp) is Literal:
            out[name] = AttrSpec("text", tuple(str(a) for a in typing.get_args(tp)))
        elif tp is bool:
            out[name] = AttrSpec("bool")
        elif tp in (int, float):
            out[name] = AttrSpec("num")
        elif tp is dt.date:
            out[name] = AttrSpec("date")
        else:
            out[name] = AttrSpec("text")
    return out


def _merge(a: dict[str, AttrSpec], b: dict[str, AttrSpec]) -> dict[str, AttrSpec]:
    out = dict(a)
    for name, spec in b.items():
        if name in out and out[name].choices and spec.choices:
            out[name] = AttrSpec(
                out[name].type, tuple(dict.fromkeys(out[name].choices + spec.choices))
            )
        else:
            out.setdefault(name, spec)
    return out


#: Attributes computed from the model rather than written in it.
_DERIVED: dict[str, dict[str, AttrSpec]] = {
    "party_org": {
        "anchor": AttrSpec(
            "text", ("city", "county", "subdistrict", "community", "compound", "unit", "grid")
        )
    },
    "household": {"linked": AttrSpec("bool")},
}


@cache
def _schema() -> dict[str, dict[str, AttrSpec]]:
    out: dict[str, dict[str, AttrSpec]] = {}
    for section, cls in SECTIONS.items():
        attrs = _class_attributes(cls)
        kinds = (*LEVELS, "residents_group") if section == "divisions" else (KINDS[section],)
        for kind in kinds:
            out[kind] = _merge(out.get(kind, {}), attrs)
    from partygraph.model import ServiceItem

    out["service_item"] = _class_attributes(ServiceItem)
    for kind, table in BULK_KINDS.items():
        spec: dict[str, AttrSpec] = {}
        for col in TABLES[table].columns:
            if col.type == "ref":
                spec[col.name] = AttrSpec("ref", target=col.target)
            elif col.type == "enum":
                spec[col.name] = AttrSpec("text", col.choices)
            elif col.type == "int":
                spec[col.name] = AttrSpec("num")
            elif col.type in ("bool", "date"):
                spec[col.name] = AttrSpec(col.type)
            else:
                spec[col.name] = AttrSpec("text")
        out[kind] = spec
    for kind, extra in _DERIVED.items():
        out[kind] = {**out[kind], **extra}
    return out


def attributes(kind: str) -> dict[str, AttrSpec]:
    """The attributes a rule can test on nodes of ``kind``.

    Examples
    --------
    >>> attributes("grid")["leader"]
    AttrSpec(type='ref', choices=(), target='persons', many=False)
    >>> attributes("person")["member"].choices
    ('full', 'probationary')
    """
    return _schema()[kind]


def _role(ref: RefField, holder_is_entity: bool) -> str:
    """The ``role`` of a ``held_by`` edge, exactly as :mod:`partygraph.graph` names it."""
    role = ref.nested.removesuffix("s") if ref.nested and not holder_is_entity else ref.name
    return role.removesuffix("s") if ref.many else role


def _relations() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rels: dict[str, None] = {"offers": None}
    roles: dict[str, None] = {}
    classes: list[type[BaseModel]] = list(SECTIONS.values())
    for cls in classes:
        for f in ref_fields(cls):
            rels[f.ref.relation] = None
            if f.ref.relation == "held_by":
                holder_entity = f.nested is None or f.nested == "items"
                roles[_role(f, holder_entity)] = None
    for name in (
        "contains",
        "in_grid",
        "in_compound",
        "lives_in",
        "member_of",
        "works_at",
        "linked_to",
        "registered_at",
    ):
        rels[name] = None
    return tuple(rels), tuple(roles)


def _ref_specs() -> dict[str, list[tuple[str, RefField]]]:
    out: dict[str, list[tuple[str, RefField]]] = {}
    for section, cls in SECTIONS.items():
        for f in ref_fields(cls):
            out.setdefault(f.ref.relation, []).append((section, f))
    return out


_REF_SPECS = _ref_specs()

#: Edge relations a rule can count through (those of ``docs/model.md``).
#: ``ROLES`` are the roles of ``held_by`` edges (posts: leader, secretary ...).
RELATIONS, ROLES = _relations()
_ROLE = {name: i for i, name in enumerate(ROLES)}


@dataclass(frozen=True)
class Edges:
    """The edges of one relation: parallel arrays of source and target codes,
    the role code (``-1``: none) of ``held_by`` edges and, where an edge is
    written in a record that names a person (a part-time member's seat on
    behalf of a unit), that person's code in ``via`` (``-1``: none; ``None``
    when no edge of the relation has one)."""

    src: Array
    dst: Array
    role: Array
    via: Array | None = None


@dataclass(frozen=True)
class Column:
    """One attribute over the nodes of a kind, in the kind's node order.

    ``ref`` values are node codes minus ``offset`` (``-1``: none; a bulk
    table's reference column is used as stored, its target's first code as
    ``offset``); ``num`` are floats (NaN: none); ``text`` and ``list`` are
    object arrays (``None`` / tuples); ``date`` is ``datetime64[D]`` (NaT:
    none); ``bool`` is bool.
    """

    spec: AttrSpec
    values: Array
    offset: int = 0


_CONVERT: dict[str, Callable[[list[Any]], Array]] = {
    "num": lambda raw: np.array([np.nan if v is None else float(v) for v in raw], dtype=float),
    "bool": lambda raw: np.array([bool(v) for v in raw], dtype=bool),
    "date": lambda raw: np.array(
        [np.datetime64("NaT") if v is None else np.datetime64(v, "D") for v in raw],
        dtype="datetime64[D]",
    ),
}


def unique_pairs(a: Array, b: Array) -> tuple[Array, Array, Array, Array]:
    """Distinct (a, b) pairs of non-negative ints, sorted by a then b, with how
    often each occurs and, for each input pair, the index of its distinct pair.

    One sort of packed int64 keys: much faster than ``np.unique(axis=0)``.

    Examples
    --------
    >>> a, b, n, inv = unique_pairs(np.array([3, 1, 3]), np.array([5, 2, 5]))
    >>> a.tolist(), b.tolist(), n.tolist(), inv.tolist()
    ([1, 3], [2, 5], [1, 2], [1, 0, 1])
    """
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    if a.shape[0] == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z
    width = int(b.max()) + 1
    keys, inverse, counts = np.unique(a * width + b, return_inverse=True, return_counts=True)
    return keys // width, keys % width, counts, inverse.reshape(-1)


def _distinct(edges: Edges) -> Edges:
    """One edge per (source, target, role): a unit listed twice in a joint branch
    is one unit covered.  Merged edges keep their ``via`` person only if every
    copy names the same one (else losing one person loses no edge)."""
    if edges.src.shape[0] < 2:
        return edges
    roles = edges.role.astype(np.int64) + 1
    rest = edges.dst.astype(np.int64) * (len(ROLES) + 1) + roles
    src, rest, _, inverse = unique_pairs(edges.src, rest)
    if src.shape[0] == edges.src.shape[0]:
        return edges
    first = np.full(src.shape[0], edges.src.shape[0])
    np.minimum.at(first, inverse, np.arange(edges.src.shape[0]))
    order = np.argsort(first)  # keep the order the edges were written in
    via = None
    if edges.via is not None:
        low = np.full(src.shape[0], np.iinfo(np.int64).max)
        high = np.full(src.shape[0], -1)
        np.minimum.at(low, inverse, edges.via)
        np.maximum.at(high, inverse, edges.via)
        via = np.where(low == high, low, -1)[order]
    dst, role = np.divmod(rest[order], len(ROLES) + 1)
    return Edges(src[order], dst, (role - 1).astype(np.int16), via)


def _record_person(record: BaseModel) -> str | None:
    """The person a nested record (a part-time member's seat) names, if any."""
    for f in ref_fields(type(record)):
        if f.ref.target == "persons" and not f.many:
            value = vars(record).get(f.name)
            return str(value) if value is not None else None
    return None


def _section_start(model: Model, section: str) -> int:
    """Code of the first entity of ``section``."""
    offset = 0
    for name in SECTIONS:
        if name == section:
            return offset
        offset += len(model.section(name))
    raise KeyError(section)


def _empty_edges() -> Edges:
    e = np.zeros(0, dtype=np.int64)
    return Edges(e, e, np.zeros(0, dtype=np.int16))


class Index:
    """The columnar index of a model (see the module documentation).

    Parameters
    ----------
    model
        The model to index.  It is read, never changed.

    Examples
    --------
    >>> from partygraph.model import Model, Division
    >>> ix = Index(Model(divisions=[Division(id="c", name="示例市", level="city")]))
    >>> ix.n_nodes, ix.root, ix.nodes("city").tolist()
    (1, 0, [0])
    """

    def __init__(self, model: Model) -> None:
        self.model = model
        pop = model.population
        self.entities: list[Entity] = []
        sections: list[str] = []
        for section in SECTIONS:
            for e in model.section(section):
                self.entities.append(e)
                sections.append(section)
        self.n_divisions = len(model.divisions)
        centre_of: list[int] = []
        centres = _section_start(model, "service_centres")
        for c, centre in enumerate(model.service_centres):
            for item in centre.items:
                self.entities.append(item)
                sections.append("items")
                centre_of.append(centres + c)
        first_item = len(self.entities) - len(centre_of)
        self.sections = sections
        self.n_struct = len(self.entities)
        self.n_households = len(pop["households"])
        self.n_persons = len(pop["persons"])
        self.household_offset = self.n_struct
        self.person_offset = self.n_struct + self.n_households
        self.n_nodes = self.person_offset + self.n_persons
        # Household and person codes, homes and edges are int32 (half the
        # memory of a province's 30 million households): codes must fit.
        if self.n_nodes >= 2**31:
            raise ValueError(f"{self.n_nodes:,} nodes: an index holds at most 2**31 - 1")
        self._codes = {e.id: i for i, e in enumerate(self.entities)}
        kinds = [
            _KIND[str(getattr(e, "level")) if s == "divisions" else KINDS[s]]  # noqa: B009
            for e, s in zip(self.entities, sections, strict=True)
        ]
        self.struct_kind = np.array(kinds, dtype=np.int8)
        self._kind_nodes: dict[int, Array] = {}
        local = np.zeros(self.n_struct, dtype=np.int64)
        for k in range(len(KIND_NAMES)):
            nodes = np.flatnonzero(self.struct_kind == k)
            self._kind_nodes[k] = nodes
            local[nodes] = np.arange(nodes.shape[0])
        self.struct_local = local
        self._kind_nodes[_KIND["household"]] = np.arange(
            self.household_offset, self.person_offset, dtype=np.int32
        )
        self._kind_nodes[_KIND["person"]] = np.arange(
            self.person_offset, self.n_nodes, dtype=np.int32
        )
        self._centre_of = dict(zip(range(first_item, self.n_struct), centre_of, strict=True))
        self._person_sorted: tuple[Array, Array] | None = None
        self._build_divisions()
        self._build_homes()
        self._refs: dict[int, NodeRef] = {}
        self._homes: dict[str, Array] = {}
        self._chains: dict[tuple[int, bool], list[NodeRef]] = {}
        self._edges: dict[tuple[str, str | None], Edges] = {}
        self._columns: dict[tuple[str, str], Column] = {}

    # -- divisions and homes -----------------------------------------------
    def _build_divisions(self) -> None:
        divs = self.model.divisions
        n = len(divs)
        parent = np.array([self._codes.get(d.parent or "", -1) for d in divs], dtype=np.int64)
        level = np.array([_KIND[d.level] for d in divs], dtype=np.int8)
        anc = np.full((len(LEVELS), n), -1, dtype=np.int64)
        for d in range(n):
            cur = d
            while cur != -1:
                lvl = int(level[cur])
                if lvl < len(LEVELS):
                    anc[lvl, d] = cur
                cur = int(parent[cur])
        self.div_parent = parent
        self.div_level = level
        #: ``div_anc[L, d]``: the ancestor of division ``d`` at level ``LEVELS[L]`` (or itself).
        self.div_anc = anc

    def _build_homes(self) -> None:
        # Each entity points at the target of its home field; pointer jumping
        # then follows compound -> community, unit -> division ... to a division.
        target = np.full(self.n_struct, -1, dtype=np.int64)
        target[: self.n_divisions] = np.arange(self.n_divisions)
        codes = self._codes
        for section, cls in SECTIONS.items():
            if section == "divisions":
                continue
            start = _section_start(self.model, section)
            items = self.model.section(section)
            part = target[start : start + len(items)]
            for f in ref_fields(cls):
                if f.ref.home and f.nested is None:
                    values = [codes.get(vars(e)[f.name] or "", -1) for e in items]
                    found = np.array(values, dtype=np.int64)
                    part[part < 0] = found[part < 0]
        for item, centre in self._centre_of.items():
            target[item] = centre
        home = target.copy()
        for _ in range(len(SECTIONS)):
            hop = home >= self.n_divisions
            if not hop.any():
                break
            home[hop] = target[home[hop]]
        home[home >= self.n_divisions] = -1  # a cycle of homes: placed nowhere
        cities = np.flatnonzero(self.div_level == _KIND["city"])
        #: The only city, where nodes with no home of their own are counted.
        self.root = int(cities[0]) if cities.shape[0] == 1 else -1
        home[home < 0] = self.root
        self.struct_home = home

    @cached_property
    def household_home(self) -> Array:
        """Home division (the community) of every household."""
        return self.model.population["households"]["community"].astype(np.int32)

    @cached_property
    def person_home(self) -> Array:
        """Home division of every person: the community of their household, else the city."""
        hh = self.model.population["persons"]["household"]
        if self.n_households == 0:
            return np.full(hh.shape[0], self.root, dtype=np.int32)
        return np.where(hh >= 0, self.household_home[np.maximum(hh, 0)], np.int32(self.root))

    def kind_homes(self, kind: str) -> Array:
        """Home division of every node of ``kind`` (cached; do not modify)."""
        if kind == "household":
            return self.household_home
        if kind == "person":
            return self.person_home
        if kind not in self._homes:
            self._homes[kind] = self.struct_home[self.nodes(kind)]
        return self._homes[kind]

    def home(self, codes: Array) -> Array:
        """Home division of each node code (``-1``: none)."""
        codes = np.asarray(codes, dtype=np.int64)
        out = np.full(codes.shape[0], -1, dtype=np.int64)
        s = codes < self.n_struct
        out[s] = self.struct_home[codes[s]]
        h = (codes >= self.household_offset) & (codes < self.person_offset)
        if h.any():
            out[h] = self.household_home[codes[h] - self.household_offset]
        p = codes >= self.person_offset
        if p.any():
            out[p] = self.person_home[codes[p] - self.person_offset]
        return out

    def ancestor(self, homes: Array, level: str) -> Array:
        """The ancestor at ``level`` of each home division (``-1``: none)."""
        anc = self.div_anc[LEVELS.index(level)]
        return np.where(homes >= 0, anc[np.maximum(homes, 0)], -1)

    def in_subtree(self, homes: Array, root: int) -> Array:
        """Mask: which home divisions lie at or under division ``root``."""
        lvl = int(self.div_level[root])
        if lvl >= len(LEVELS):  # a residents' group: only itself
            return np.asarray(homes == root)
        return np.asarray(self.ancestor(homes, LEVELS[lvl]) == root)

    # -- nodes ---------------------------------------------------------------
    def code(self, node_id: str) -> int:
        """The code of a structure entity or a person (``KeyError`` if none)."""
        if node_id in self._codes:
            return self._codes[node_id]
        code = self._person_code(node_id)
        if code < 0:
            raise KeyError(node_id)
        return code

    def has(self, node_id: str) -> bool:
        """Whether the id names a structure entity or a person."""
        return node_id in self._codes or self._person_code(node_id) >= 0

    def _person_codes_of(self, person_ids: Sequence[str | None]) -> list[int]:
        """Node codes of the persons named (``-1``: none, or no such person),
        looked up together in the sorted person ids: a dict of a province's
        5.4 million person ids weighed 600 MB, the sorted ids 130 MB."""
        if self._person_sorted is None:
            ids = self.model.population["persons"]["id"]
            order = np.argsort(ids, kind="stable")
            self._person_sorted = (ids[order], order)
        ids, order = self._person_sorted
        if not person_ids or ids.shape[0] == 0:
            return [-1] * len(person_ids)
        keys = text_array(["" if p is None else p for p in person_ids])
        at = np.minimum(np.searchsorted(ids, keys), ids.shape[0] - 1)
        rows = np.where(ids[at] == keys, order[at] + self.person_offset, -1)
        out: list[int] = rows.tolist()
        return out

    def _person_code(self, person_id: str) -> int:
        return self._person_codes_of([person_id])[0]

    def kind_code(self, kind: str) -> int:
        return _KIND[kind]

    def kind_name(self, code: int) -> str:
        return KIND_NAMES[int(self.kinds_of(np.array([code]))[0])]

    def nodes(self, kind: str) -> Array:
        """Codes of every node of ``kind``, in model order."""
        return self._kind_nodes[_KIND[kind]]

    def kinds_of(self, codes: Array) -> Array:
        """Kind code of each node code."""
        codes = np.asarray(codes, dtype=np.int64)
        out = np.full(codes.shape[0], _KIND["person"], dtype=np.int8)
        s = codes < self.n_struct
        out[s] = self.struct_kind[codes[s]]
        out[(codes >= self.household_offset) & (codes < self.person_offset)] = _KIND["household"]
        return out

    def local(self, codes: Array) -> Array:
        """Position of each node within its kind's :meth:`nodes`."""
        codes = np.asarray(codes, dtype=np.int64)
        out = codes - self.household_offset
        s = codes < self.n_struct
        out[s] = self.struct_local[codes[s]]
        p = codes >= self.person_offset
        out[p] = codes[p] - self.person_offset
        return out

    def entities_of(self, kind: str) -> list[Entity]:
        return [self.entities[i] for i in self.nodes(kind).tolist()]

    def node_ref(self, code: int) -> NodeRef:
        """The report's reference to a node: id, kind and display name."""
        code = int(code)
        found = self._refs.get(code)
        if found is not None:
            return found
        if code < self.n_struct:
            e = self.entities[code]
            ref = NodeRef(id=e.id, kind=KIND_NAMES[int(self.struct_kind[code])], name=e.name)
            self._refs[code] = ref
            return ref
        if code < self.person_offset:
            hid = str(self.model.population["households"]["id"][code - self.household_offset])
            return NodeRef(id=hid, kind="household", name=hid)
        persons = self.model.population["persons"]
        row = code - self.person_offset
        pid = str(persons["id"][row])
        name = persons["name"][row]
        return NodeRef(id=pid, kind="person", name=str(name) if name else pid)

    def chain(self, code: int) -> list[NodeRef]:
        """Ancestors of a node, city first, down to its community (the node itself
        left out)."""
        code = int(code)
        home = (
            int(self.struct_home[code])
            if code < self.n_struct
            else int(self.home(np.array([code]))[0])
        )
        if home < 0:
            return []
        key = (home, code == home)
        if key not in self._chains:
            ancestors = [int(a) for a in self.div_anc[:, home] if a >= 0 and a != code]
            self._chains[key] = [self.node_ref(a) for a in ancestors]
        return self._chains[key]  # shared: callers copy it (pydantic does)

    # -- edges ---------------------------------------------------------------
    def _structure_edges(self, relation: str, role_name: str | None) -> Edges | None:
        """Edges of ``relation`` written as references between structure entities
        (only the posts named ``role_name``, if given)."""
        src: list[int] = []
        dst: list[int] = []
        role: list[int] = []
        via: list[int] = []
        codes = self._codes
        if relation == "offers":
            src += self._centre_of.values()
            dst += self._centre_of.keys()
            role += [-1] * len(self._centre_of)
        for section, ref in _REF_SPECS.get(relation, ()):
            start = _section_start(self.model, section)
            holder_entity = ref.nested == "items"
            role_code = (
                _ROLE[_role(ref, holder_entity or ref.nested is None)]
                if relation == "held_by"
                else -1
            )
            if role_name is not None and role_code != _ROLE[role_name]:
                continue
            if ref.ref.target == "households":
                continue  # a central household's own home is no edge here
            sources, targets, vias = self._ref_pairs(section, ref, start)
            if ref.ref.target == "persons":
                coded = self._person_codes_of(targets)
            else:
                coded = [codes.get(t, -1) for t in targets]
            if -1 in coded:  # a model built in Python may name ids it lacks
                keep = [i for i, c in enumerate(coded) if c >= 0]
                coded = [coded[i] for i in keep]
                sources = [sources[i] for i in keep]
                vias = [vias[i] for i in keep]
            a, b = (coded, sources) if ref.ref.reverse else (sources, coded)
            src += a
            dst += b
            role += [role_code] * len(coded)
            via += self._person_codes_of(vias)
        if not src:
            return None
        return Edges(
            np.array(src, dtype=np.int64),
            np.array(dst, dtype=np.int64),
            np.array(role, dtype=np.int16),
            np.array([-1] * (len(src) - len(via)) + via, dtype=np.int64)
            if any(v >= 0 for v in via)
            else None,
        )

    def _ref_pairs(
        self, section: str, ref: RefField, start: int
    ) -> tuple[list[int], list[str], list[str | None]]:
        """(holder code, target id, person the record names) for every reference
        ``ref`` of a section's entities."""
        sources: list[int] = []
        targets: list[str] = []
        vias: list[str | None] = []
        items = self.model.section(section)
        name = ref.name
        values: list[tuple[int, Any, str | None]]
        if ref.nested is None:
            values = [(start + i, vars(e).get(name), None) for i, e in enumerate(items)]
        else:
            codes = self._codes
            values = [
                (
                    codes[h.id] if isinstance(h, Entity) else start + i,
                    vars(h).get(name),
                    None if isinstance(h, Entity) else _record_person(h),
                )
                for i, e in enumerate(items)
                for h in vars(e)[ref.nested]
            ]
        for source, value, person in values:
            if value is None:
                continue
            n = len(value) if ref.many else 1
            sources += [source] * n
            targets += value if ref.many else [value]
            vias += [person] * n
        return sources, targets, vias

    def edges(self, relation: str, role: str | None = None) -> Edges:
        """Every edge of ``relation`` (structure references and bulk links);
        with ``role``, only the ``held_by`` edges of that post."""
        key = (relation, role)
        if key in self._edges:
            return self._edges[key]
        parts: list[Edges] = []
        structure = self._structure_edges(relation, role)
        if structure is not None:
            parts.append(_distinct(structure))
        parts.extend(self._bulk_edges(relation))
        if not parts:
            edges = _empty_edges()
        elif len(parts) == 1:
            edges = parts[0]
        else:
            vias = [p.via for p in parts]
            edges = Edges(
                np.concatenate([p.src for p in parts]),
                np.concatenate([p.dst for p in parts]),
                np.concatenate([p.role for p in parts]),
                None
                if all(v is None for v in vias)
                else np.concatenate(
                    [
                        np.full(p.src.shape[0], -1) if v is None else v
                        for p, v in zip(parts, vias, strict=True)
                    ]
                ),
            )
        self._edges[key] = edges
        return edges

    def bulk_ref(self, table: str, column: str) -> Array:
        """A bulk table's reference column as node codes (``-1``: none)."""
        col = TABLES[table].column(column)
        assert col.target is not None
        raw = self.model.population[table][column]  # int32, as node codes are
        offset = self._target_offset(col.target)
        return np.where(raw >= 0, raw + np.int32(offset), np.int32(-1)) if offset else raw

    def _target_offset(self, target: str) -> int:
        """The code of the first node of a section or bulk table."""
        if target == "households":
            return self.household_offset
        if target == "persons":
            return self.person_offset
        return _section_start(self.model, target)

    def _bulk_edges(self, relation: str) -> list[Edges]:
        pop = self.model.population
        hh_codes = self._kind_nodes[_KIND["household"]]
        person_codes = self._kind_nodes[_KIND["person"]]

        def make(src: Array, dst: Array) -> Edges:
            keep = (src >= 0) & (dst >= 0)
            if not keep.all():
                src, dst = src[keep], dst[keep]
            # No link has a role: one shared -1 (read-only) instead of 60 MB
            # of them for a province's households.
            return Edges(src, dst, np.broadcast_to(np.int16(-1), src.shape))

        if relation == "contains" and self.n_households:
            group = pop["households"]["residents_group"]
            container = np.where(group >= 0, group, self.household_home)
            return [make(container, hh_codes)]
        table_links = {
            "in_grid": ("households", "grid", hh_codes),
            "in_compound": ("households", "compound", hh_codes),
            "lives_in": ("persons", "household", person_codes),
            "member_of": ("persons", "org", person_codes),
            "works_at": ("persons", "unit", person_codes),
        }
        if relation in table_links:
            table, column, src = table_links[relation]
            if len(pop[table]) == 0:
                return []
            return [make(src, self.bulk_ref(table, column))]
        # A link or a registration written twice is one edge.
        if relation == "linked_to" and len(pop["central_household_links"]):
            t = "central_household_links"
            pair = (self.bulk_ref(t, "central_household"), self.bulk_ref(t, "household"))
            return [_distinct(make(*pair))]
        if relation == "registered_at" and len(pop["registrations"]):
            t = "registrations"
            return [_distinct(make(self.bulk_ref(t, "person"), self.bulk_ref(t, "community")))]
        return []

    # -- attribute columns ---------------------------------------------------
    def forget(self, kinds: Iterable[str]) -> None:
        """Drop the cached attribute columns of nodes of ``kinds`` (built again
        if asked for): a province's household columns weigh 100 MB each."""
        for key in [k for k in self._columns if k[0] in kinds]:
            del self._columns[key]

    def column(self, kind: str, name: str) -> Column:
        """Attribute ``name`` over the nodes of ``kind`` (see :func:`attributes`)."""
        key = (kind, name)
        if key not in self._columns:
            self._columns[key] = self._build_column(kind, name)
        return self._columns[key]

    def _build_column(self, kind: str, name: str) -> Column:
        spec = attributes(kind)[name]
        if kind in BULK_KINDS:
            table = BULK_KINDS[kind]
            if spec.type == "ref" and name in self.model.population[table].columns:
                target = TABLES[table].column(name).target
                assert target is not None
                return Column(spec, self.model.population[table][name], self._target_offset(target))
            return Column(spec, self._bulk_column(kind, name, spec))
        if name == "anchor":
            return Column(spec, self._anchors())
        raw = [vars(e).get(name) for e in self.entities_of(kind)]
        return Column(spec, self._struct_values(spec, raw))

    def _struct_values(self, spec: AttrSpec, raw: list[Any]) -> Array:
        if spec.type == "ref" and not spec.many:
            if spec.target == "persons":
                return np.array(self._person_codes_of(raw), dtype=np.int64)
            codes = self._codes  # households are not looked up by id: they stay -1
            return np.array([codes.get(v, -1) if v else -1 for v in raw], dtype=np.int64)
        convert = _CONVERT.get(spec.type)
        if convert is not None:
            return convert(raw)
        out = np.empty(len(raw), dtype=object)
        out[:] = (
            [tuple(v) if v else () for v in raw]
            if spec.type in ("ref", "list")
            else [None if v is None else str(v) for v in raw]
        )
        return out

    def _anchors(self) -> Array:
        out: list[str | None] = []
        for e in self.entities_of("party_org"):
            found: str | None = None
            for field in ("compound", "unit", "grid"):
                if getattr(e, field, None):
                    found = field
                    break
            division = getattr(e, "division", None)
            if found is None and division in self._codes:
                found = str(getattr(self.entities[self._codes[division]], "level"))  # noqa: B009
            if found is None and getattr(e, "joint_units", None):
                found = "unit"  # a joint branch 联合党支部 is set up in the units it spans
            out.append(found)
        arr = np.empty(len(out), dtype=object)
        arr[:] = out
        return arr

    def _bulk_column(self, kind: str, name: str, spec: AttrSpec) -> Array:
        table = BULK_KINDS[kind]
        if name == "linked":
            links = self.model.population["central_household_links"]["household"]
            counts = np.bincount(links[links >= 0], minlength=self.n_households)
            return np.asarray(counts > 0)
        data = self.model.population[table][name]
        col = TABLES[table].column(name)
        if col.type == "int":
            return np.where(data >= 0, data, np.nan).astype(float)
        if col.type == "enum":
            choices = np.array([*col.choices, None], dtype=object)
            return np.asarray(choices[data])
        if col.type == "str":
            return np.asarray(data, dtype=object)
        return np.asarray(data)
