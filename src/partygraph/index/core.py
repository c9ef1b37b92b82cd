"""A columnar structural index of a model, for vectorised rules and rollups.

(About 445 lines: the one class :class:`Index`, its edges, columns and homes
already in modules of their own.)

Every node gets an integer *code*: the divisions first (so a division's code is
its position in ``model.divisions``), then the other structure entities section
by section, then the nested service items, then the households and the persons
(the bulk tables keep their row order).  Node kinds are small integers
(:data:`KIND_NAMES`); every node has a *home* division and, through it, one
ancestor code per administrative level (:data:`LEVELS`), so a rollup over a
million households is one ``np.bincount`` over community codes followed by a
few small bincounts up the levels (homes: :mod:`partygraph.index.homes`).

Edges are the model's references (``RefTo`` metadata, as in
:func:`partygraph.graph.build_graph`) plus the bulk-table links, held per
relation as ``(src, dst, role)`` arrays (:mod:`partygraph.index.edges`); the
bulk parts are built only when a rule asks for that relation.  Attribute
columns (:mod:`partygraph.index.columns`) are built on first use.

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

import bisect
from collections.abc import Iterable, Sequence
from functools import cached_property

import numpy as np

from partygraph.index.columns import Column, build_column
from partygraph.index.edges import Edges, build_edges
from partygraph.index.homes import struct_homes
from partygraph.model import SECTIONS, Entity, Model
from partygraph.model.population import TABLES, Array, text_array
from partygraph.model.report import NodeRef, row
from partygraph.vocabulary import (
    BULK_KINDS,
    BY_LEVEL,
    KIND_NAMES,
    LEVELS,
    NESTED,
    RELATIONS,
    ROLES,
    SECTION_KINDS,
    section_kind,
)

__all__ = [
    "BULK_KINDS",
    "KIND_NAMES",
    "LEVELS",
    "RELATIONS",
    "ROLES",
    "Index",
]

_KIND = {name: i for i, name in enumerate(KIND_NAMES)}


#: Person ids looked up one by one (about 2 µs each) rather than with one
#: ``searchsorted``, which
#: costs a pass over every person id on StringDType (4 ms at 100,000 persons).
_BISECT_MAX = 2048


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
        kinds: list[int] = []
        for section in SECTIONS:
            items = model.section(section)
            self.entities += items
            sections += [section] * len(items)
            if SECTION_KINDS[section] == BY_LEVEL:  # a division's kind is its level
                kinds += [_KIND[section_kind(section, vars(e).get("level"))] for e in items]
            else:
                kinds += [_KIND[section_kind(section)]] * len(items)
        self.n_divisions = len(model.divisions)
        #: Relation -> {code of a nested record: code of the entity holding it}.
        self._nested: dict[str, dict[int, int]] = {}
        for nested in NESTED:
            start = self.section_start(nested.section)
            held = self._nested.setdefault(nested.relation, {})
            for i, holder in enumerate(model.section(nested.section)):
                items = vars(holder)[nested.field]
                held.update(
                    dict.fromkeys(
                        range(len(self.entities), len(self.entities) + len(items)), start + i
                    )
                )
                self.entities += items
                sections += [nested.field] * len(items)
                kinds += [_KIND[nested.kind]] * len(items)
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
        self._person_sorted: tuple[Array, Array] | None = None
        self._person_memo: dict[str, int] = {}
        self._build_divisions()
        self._build_homes()
        self._refs: dict[int, NodeRef] = {}
        self._homes: dict[str, Array] = {}
        self._chains: dict[tuple[int, bool], list[NodeRef]] = {}
        self._edges: dict[tuple[str, str | None], Edges] = {}
        #: (section, field, nested list) -> references coded (see ``edges._coded_refs``).
        self._coded_refs: dict[
            tuple[str, str, str | None], tuple[list[int], list[int], list[int]]
        ] = {}
        self._columns: dict[tuple[str, str], Column] = {}

    # -- divisions and homes -----------------------------------------------
    def _build_divisions(self) -> None:
        divs = self.model.divisions
        n = len(divs)
        parent = np.array([self._codes.get(d.parent or "", -1) for d in divs], dtype=np.int64)
        level = np.array([_KIND[d.level] for d in divs], dtype=np.int8)
        anc = np.full((len(LEVELS), n), -1, dtype=np.int64)
        # Up the parents one step at a time for every division at once (a
        # handful of steps; the 5M model's 6,060 divisions walked one by one
        # took about 0.05 s): a higher ancestor of a level already set wins, as
        # walking up one division at a time would leave it.
        below = np.arange(n)  # the division whose ancestors these are
        cur = below.copy()
        while cur.shape[0]:
            lvl = level[cur].astype(np.int64)
            ok = lvl < len(LEVELS)
            anc[lvl[ok], below[ok]] = cur[ok]
            up = parent[cur]
            more = up != -1
            cur, below = up[more], below[more]
        self.div_parent = parent
        self.div_level = level
        #: ``div_anc[L, d]``: the ancestor of division ``d`` at level ``LEVELS[L]`` (or itself).
        self.div_anc = anc

    def _build_homes(self) -> None:
        cities = np.flatnonzero(self.div_level == _KIND["city"])
        #: The only city, where nodes with no home of their own are counted.
        self.root = int(cities[0]) if cities.shape[0] == 1 else -1
        #: Home division of every structure node (:mod:`partygraph.index.homes`).
        self.struct_home = struct_homes(self, self.root)

    @cached_property
    def household_home(self) -> Array:
        """Home division (the community) of every household."""
        return self.model.population["households"]["community"].astype(np.int32, copy=False)

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

    def codes_of(self, node_ids: Sequence[str]) -> list[int]:
        """The codes of structure entities or persons (``-1``: none), as
        :meth:`code` gives them, the persons looked up together.

        >>> from partygraph.model import Model, Division
        >>> Index(Model(divisions=[Division(id="c", name="示例市", level="city")])).codes_of(
        ...     ["c", "nobody"])
        [0, -1]
        """
        found = [self._codes.get(i, -1) for i in node_ids]
        rest = [i for i, c in zip(node_ids, found, strict=True) if c < 0]
        if not rest:
            return found
        persons = iter(self._person_codes_of(rest))
        return [c if c >= 0 else next(persons) for c in found]

    def _person_codes_of(self, person_ids: Sequence[str | None]) -> list[int]:
        """Node codes of the persons named (``-1``: none, or no such person),
        looked up together in the sorted person ids: a dict of a province's
        5.4 million person ids weighed 600 MB, the sorted ids 130 MB.

        Each id is looked up once per index: the structure names the same
        persons again and again (a million-household check asked 29,000
        times for 5,400 persons), so the codes found are kept (a dict of the
        persons the structure names, not of every person)."""
        ids, order = self._persons_sorted()
        if not person_ids or ids.shape[0] == 0:
            return [-1] * len(person_ids)
        known = self._person_memo
        wanted = sorted({p for p in person_ids if p is not None and p not in known})
        if len(wanted) <= _BISECT_MAX:  # see _person_code
            known.update(zip(wanted, map(self._person_code, wanted), strict=True))
        else:
            keys = text_array(wanted)
            at = np.minimum(np.searchsorted(ids, keys), ids.shape[0] - 1)
            rows = np.where(ids[at] == keys, order[at] + self.person_offset, -1)
            known.update(zip(wanted, rows.tolist(), strict=True))
        return [-1 if p is None else known[p] for p in person_ids]

    def _persons_sorted(self) -> tuple[Array, Array]:
        if self._person_sorted is None:
            ids = self.model.population["persons"]["id"]
            if ids.shape[0] < 2 or bool(np.all(ids[1:] >= ids[:-1])):
                # Already in order, as generated and exported tables mostly are:
                # one comparison pass instead of a sort and a copy (20 ms at 100,000).
                self._person_sorted = (ids, np.arange(ids.shape[0]))
            else:
                order = np.argsort(ids, kind="stable")
                self._person_sorted = (ids[order], order)
        return self._person_sorted

    def _person_code(self, person_id: str) -> int:
        # An id by bisection (17 reads at 100,000 persons): numpy's searchsorted
        # on StringDType passes over the whole array, 2-4 ms a call, and one rule
        # asking for 1,300 ids one by one took 3 s of a million-household check.
        ids, order = self._persons_sorted()
        at = bisect.bisect_left(ids, person_id)  # UTF-8 order is code point order
        if at < ids.shape[0] and ids[at] == person_id:
            return int(order[at]) + self.person_offset
        return -1

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
        if codes.shape[0]:  # codes of one kind (as most are): one pass, not three
            low, high = int(codes.min()), int(codes.max())
            if high < self.n_struct:
                return np.asarray(self.struct_kind[codes])
            if low >= self.person_offset:
                return np.full(codes.shape[0], _KIND["person"], dtype=np.int8)
            if low >= self.household_offset and high < self.person_offset:
                return np.full(codes.shape[0], _KIND["household"], dtype=np.int8)
        out = np.full(codes.shape[0], _KIND["person"], dtype=np.int8)
        s = codes < self.n_struct
        out[s] = self.struct_kind[codes[s]]
        out[(codes >= self.household_offset) & (codes < self.person_offset)] = _KIND["household"]
        return out

    def local(self, codes: Array) -> Array:
        """Position of each node within its kind's :meth:`nodes`."""
        codes = np.asarray(codes, dtype=np.int64)
        if codes.shape[0]:  # codes of one kind (as most are): one pass, not four
            low, high = int(codes.min()), int(codes.max())
            if high < self.n_struct:
                return np.asarray(self.struct_local[codes])
            if low >= self.person_offset:
                return codes - self.person_offset
            if low >= self.household_offset and high < self.person_offset:
                return codes - self.household_offset
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
        # Kept for households and persons too: a person who would break a
        # dozen rules is named a dozen times (single points, their examples),
        # and the report holds every reference made anyway.
        if code < self.n_struct:
            e = self.entities[code]
            ref = row(NodeRef, id=e.id, kind=KIND_NAMES[int(self.struct_kind[code])], name=e.name)
        elif code < self.person_offset:
            hid = str(self.model.population["households"]["id"][code - self.household_offset])
            ref = row(NodeRef, id=hid, kind="household", name=hid)
        else:
            persons = self.model.population["persons"]
            at = code - self.person_offset
            pid = str(persons["id"][at])
            name = persons["name"][at]
            ref = row(NodeRef, id=pid, kind="person", name=str(name) if name else pid)
        self._refs[code] = ref
        return ref

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
    def edges(self, relation: str, role: str | None = None) -> Edges:
        """Every edge of ``relation`` (structure references and bulk links);
        with ``role``, only the ``held_by`` edges of that post."""
        key = (relation, role)
        if key not in self._edges:
            self._edges[key] = build_edges(self, relation, role)
        return self._edges[key]

    def bulk_ref(self, table: str, column: str) -> Array:
        """A bulk table's reference column as node codes (``-1``: none)."""
        col = TABLES[table].column(column)
        assert col.target is not None
        raw = self.model.population[table][column]  # int32, as node codes are
        offset = self.target_offset(col.target)
        return np.where(raw >= 0, raw + np.int32(offset), np.int32(-1)) if offset else raw

    def target_offset(self, target: str) -> int:
        """The code of the first node of a section or bulk table."""
        if target == "households":
            return self.household_offset
        if target == "persons":
            return self.person_offset
        return self.section_start(target)

    def section_start(self, section: str) -> int:
        """Code of the first entity of ``section``."""
        offset = 0
        for name in SECTIONS:
            if name == section:
                return offset
            offset += len(self.model.section(name))
        raise KeyError(section)

    # -- attribute columns ---------------------------------------------------
    def forget(self, kinds: Iterable[str]) -> None:
        """Drop the cached attribute columns of nodes of ``kinds`` (built again
        if asked for): a province's household columns weigh 100 MB each."""
        for key in [k for k in self._columns if k[0] in kinds]:
            del self._columns[key]

    def column(self, kind: str, name: str) -> Column:
        """Attribute ``name`` over the nodes of ``kind`` (:func:`~.attributes`)."""
        key = (kind, name)
        if key not in self._columns:
            self._columns[key] = build_column(self, kind, name)
        return self._columns[key]
