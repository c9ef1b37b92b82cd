"""Synthetic provinces for a national model, and several provinces as one model.

:func:`synth_provinces` makes ``n`` small province models, each from
:func:`~partygraph.synthetic.synth` with a seed of its own, its ids prefixed
with its two-digit code (``44-sd01-c03``, ``44-h000123``) so that no id is in
two provinces — but those of the national sections (:data:`SHARED`: the issue
categories every province's whistle departments answer for), which are the
same in every province and written once for the nation — and its
coordinates moved east by :data:`SPACING` metres per province (the synthetic
plane puts every model around the same centre; real provinces do not overlap).
The codes and names are those of the first provinces in the national
statistical order; everything in them is synthetic.

:func:`one_model` joins province models into one (sections concatenated, the
bulk tables' codes shifted, a national section once): the same nation checked whole, which the tests
compare with the nation checked province by province.

Examples
--------
>>> provinces = synth_provinces(2, communities=2, households=60)
>>> [(p.code, p.name, p.model.divisions[0].id) for p in provinces]
[('11', '北京市', '11-ct01'), ('12', '天津市', '12-ct01')]
>>> whole = one_model([p.model for p in provinces], "全国")
>>> whole.count("households"), whole.count("divisions") == sum(
...     p.model.count("divisions") for p in provinces)
(120, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from partygraph.i18n import tr
from partygraph.model import SECTIONS, Entity, Model, ref_fields
from partygraph.model.population import TABLES, Population, TableData
from partygraph.synthetic.generator import synth

__all__ = ["PROVINCES", "SHARED", "SPACING", "Province", "one_model", "prefixed", "synth_provinces"]

#: Province codes and names, in the national statistical order (the first 31).
PROVINCES: tuple[tuple[str, str], ...] = (
    ("11", "北京市"), ("12", "天津市"), ("13", "河北省"), ("14", "山西省"),
    ("15", "内蒙古自治区"), ("21", "辽宁省"), ("22", "吉林省"), ("23", "黑龙江省"),
    ("31", "上海市"), ("32", "江苏省"), ("33", "浙江省"), ("34", "安徽省"),
    ("35", "福建省"), ("36", "江西省"), ("37", "山东省"), ("41", "河南省"),
    ("42", "湖北省"), ("43", "湖南省"), ("44", "广东省"), ("45", "广西壮族自治区"),
    ("46", "海南省"), ("50", "重庆市"), ("51", "四川省"), ("52", "贵州省"),
    ("53", "云南省"), ("54", "西藏自治区"), ("61", "陕西省"), ("62", "甘肃省"),
    ("63", "青海省"), ("64", "宁夏回族自治区"), ("65", "新疆维吾尔自治区"),
)  # fmt: skip
#: Sections shared by the nation: the same entities, with the same ids, in every province.
SHARED: frozenset[str] = frozenset({"issue_categories"})
#: How far east each province's plane is moved from the one before, in metres.
SPACING = 1_000_000.0


@dataclass(frozen=True)
class Province:
    """A synthetic province: its two-digit code, its name and its model."""

    code: str
    name: str
    model: Model

    @property
    def id(self) -> str:
        """The six-digit code of the province (``440000``)."""
        return f"{self.code}0000"


def synth_provinces(
    n: int,
    *,
    communities: int = 3,
    households: int = 300,
    seed: int = 0,
    gaps: float = 0.05,
) -> list[Province]:
    """``n`` synthetic provinces (see the module): province ``i`` is
    ``synth(communities=..., households=..., seed=seed + i, gaps=...)``."""
    if not 1 <= n <= len(PROVINCES):
        raise ValueError(tr("synth.provinces", most=len(PROVINCES), n=n))
    out = []
    for i, (code, name) in enumerate(PROVINCES[:n]):
        model = synth(communities=communities, households=households, seed=seed + i, gaps=gaps)
        model = prefixed(model, f"{code}-", east=i * SPACING)
        title = f"{name}城市基层党建（合成数据）"
        out.append(Province(code, name, model.model_copy(update={"name": title})))
    return out


def prefixed(model: Model, prefix: str, *, east: float = 0.0) -> Model:
    """``model`` with ``prefix`` before every id and every reference, its
    points moved ``east`` metres (the bulk tables' references are codes, and
    stay)."""
    update: dict[str, Any] = {
        name: [_entity(e, prefix, east) for e in model.section(name)]
        for name in SECTIONS
        if name not in SHARED
    }
    tables = {}
    for name, t in model.population.tables.items():
        cols = dict(t.columns)
        if t.spec.has_ids:
            cols["id"] = np.array([prefix + str(v) for v in t["id"].tolist()], dtype=object)
        tables[name] = TableData(t.spec, cols)
    update["population"] = Population(tables)
    return model.model_copy(update=update)


def _entity(e: Entity, prefix: str, east: float) -> Entity:
    update: dict[str, Any] = {"id": prefix + e.id}
    for f in ref_fields(type(e)):
        value = getattr(e, f.name) if f.nested is None else None
        if value is not None and f.ref.target not in SHARED:
            update[f.name] = [prefix + v for v in value] if f.many else prefix + value
    nested = {f.nested for f in ref_fields(type(e)) if f.nested is not None}
    for name in type(e).model_fields:
        value = getattr(e, name)
        records = isinstance(value, list) and value and hasattr(value[0], "model_copy")
        if records and (name in nested or isinstance(value[0], Entity)):
            update[name] = [_record(r, type(e), name, prefix) for r in value]
    if getattr(e, "x", None) is not None:
        update["x"] = e.x + east  # type: ignore[attr-defined]
    return e.model_copy(update=update)


def _record(record: Any, cls: type[Entity], field: str, prefix: str) -> Any:
    update: dict[str, Any] = {}
    if isinstance(record, Entity):
        update["id"] = prefix + record.id
    for f in ref_fields(cls):
        if f.nested == field:
            value = getattr(record, f.name)
            if value is not None and f.ref.target not in SHARED:
                update[f.name] = [prefix + v for v in value] if f.many else prefix + value
    return record.model_copy(update=update)


def one_model(models: Sequence[Model], name: str) -> Model:
    """Province models joined into one: every section concatenated in order,
    each bulk table's rows too, with its references shifted past the rows of
    the provinces before."""
    first = models[0]
    sections = {s: [e for m in models for e in m.section(s)] for s in SECTIONS}
    for s in SHARED:  # once for the nation: ids, and codes into them, are the first's
        sections[s] = list(first.section(s))
    tables = {}
    for tname, spec in TABLES.items():
        offsets: dict[str, int] = dict.fromkeys([*SECTIONS, *TABLES], 0)
        parts: dict[str, list[Any]] = {c.name: [] for c in spec.columns}
        for m in models:
            t = m.population[tname]
            for c in spec.columns:
                a = np.asarray(t[c.name])
                if c.type == "ref" and c.target is not None and c.target not in SHARED:
                    a = np.where(a >= 0, a + offsets[c.target], a).astype(a.dtype)
                parts[c.name].append(a if c.type not in ("id", "str") else a.astype(object))
            for s in SECTIONS:
                offsets[s] += len(m.section(s))
            for other in TABLES:
                offsets[other] += len(m.population[other])
        cols = {c: np.concatenate(v) for c, v in parts.items()}
        tables[tname] = TableData(spec, cols)
    return first.model_copy(update={"name": name, **sections, "population": Population(tables)})
