"""JSON Schemas (draft 2020-12) of a model file and a rules file, for editors.

(Over 400 lines: a quarter of it is data, the Chinese words of a rules file's fields.)

VS Code's YAML extension (and any editor speaking the YAML language server)
reads a JSON Schema to complete keys and values and to underline mistakes as
you type (docs/schema.md).  Both schemas are generated from the pydantic
models (``model_json_schema``) and then made to accept what the loader
accepts, no more and no less where a schema can say it:

- a section, companion section or bulk table is a list of records, a table
  reference ``{table: 文件.csv, ...}``, or a list mixing the two;
- a code field (``level``, ``form``, ``type`` ...) takes its code or its
  Chinese term and the short forms (``党委``, ``县（市、区）``, ``楼栋``), from
  :mod:`partygraph.vocabulary`, and says the choices in Chinese;
- a yes/no field takes ``true`` / ``false`` or ``是`` / ``否``;
- a date takes the forms the loader reads (``2023-04-26``, ``2023/4/26``,
  ``2023.4.26``, ``2023年4月26日``), as text, which is how the YAML language
  server (YAML 1.2) reads an unquoted date;
- in a rules file, ``message_en``, ``finding_en`` and ``title_en`` may be left
  out (English shows the Chinese).

Each field is described by its Chinese column header
(:mod:`partygraph.vocabulary.headers`), each section by its kind's term.  What
a schema cannot check - that an id exists, that a parent is one level up - is
left to ``partygraph validate``.

This module sits above ``rules`` (it describes rules files as well as model
files), so it is a top-level module rather than part of ``io``, which may not
use ``rules``.

Examples
--------
>>> s = model_schema()
>>> s["$schema"], s["title"]
('https://json-schema.org/draft/2020-12/schema', 'partygraph 模型文件')
>>> level = s["$defs"]["Division"]["properties"]["level"]
>>> "community" in level["enum"], "社区" in level["enum"], "县（市、区）" in level["enum"]
(True, True, True)
>>> rules_schema()["$defs"]["Rule"]["required"]
['id', 'severity', 'applies_to', 'require', 'message', 'hint']
>>> r = report_schema()
>>> r["title"], "matching" in r["properties"], "matching" in r["required"]
('partygraph 检查报告', True, False)
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from partygraph.io.columns import FALSE_SPELLINGS, TRUE_SPELLINGS
from partygraph.io.companions import COMPANIONS
from partygraph.model import SECTIONS
from partygraph.model.population import TABLES, Column
from partygraph.model.report import SCHEMA_VERSION, Report
from partygraph.rules.spec import LoadSpec, Rule, RuleFileHead
from partygraph.vocabulary import (
    KIND_LABELS,
    KIND_NAMES,
    RELATION_LABELS,
    RELATIONS,
    ROLE_LABELS,
    ROLES,
    SECTION_KINDS,
)
from partygraph.vocabulary.headers import TABLE_TITLES, header
from partygraph.vocabulary.terms import FALSE_TERMS, TRUE_TERMS, choices_text, terms_of

__all__ = ["DATE_PATTERN", "SCHEMA_DIALECT", "model_schema", "report_schema", "rules_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The date forms :func:`partygraph.model.base.read_date` reads.
DATE_PATTERN = r"^[0-9]{4}(?:([-/.])[0-9]{1,2}\1[0-9]{1,2}|年[0-9]{1,2}月[0-9]{1,2}日)$"

_DATE = {"type": "string", "pattern": DATE_PATTERN, "description": "写法如 2023-06-30、2023/6/30"}
#: How pydantic (lax mode, which the loaders use) reads text as a yes/no, case aside.
_PYDANTIC_BOOL = ("true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0")
#: Text pydantic reads as a whole number (``' 120 '``, ``'+3'``, ``'1_000'``, ``'12.0'``).
_INT_TEXT = r"^\s*[+-]?[0-9](_?[0-9])*(\.0+)?\s*$"
_NATURAL_TEXT = r"^\s*\+?[0-9](_?[0-9])*(\.0+)?\s*$"
#: Text pydantic reads as a finite number.
_NUMBER_TEXT = r"^\s*[+-]?([0-9](_?[0-9])*(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$"
_TABLE_REF = {
    "type": "object",
    "description": "表格：CSV 文件或 Excel 工作簿，路径相对于本文件",
    "required": ["table"],
    "additionalProperties": False,
    "properties": {
        "table": {"type": "string", "minLength": 1, "description": "文件名，例如 households.csv"},
        "encoding": {"type": "string", "description": "编码，默认 UTF-8，例如 gb18030"},
        "delimiter": {"type": "string", "minLength": 1, "maxLength": 1, "description": "分隔符"},
        "sheet": {
            "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 1}],
            "description": "工作表：名称，或从 1 数起的序号",
        },
        "columns": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "string"},
            "description": "表头与字段的对应，例如 {编号: id, 名称: name}",
        },
    },
}


# -- model files --------------------------------------------------------------
def _spellings(code: str, terms: dict[str, str]) -> list[str]:
    """Every way the loader reads ``code``: the code, each term, and each term with
    full-width brackets (the loader reads both, after NFKC)."""
    out = [code]
    for term, c in terms.items():
        if c == code:
            out += [term, term.replace("(", "（").replace(")", "）")]
    return list(dict.fromkeys(out))


def _code_field(node: dict[str, Any], *, terms: bool = True) -> dict[str, Any]:
    """An ``enum`` of codes, said in Chinese, with the Chinese terms the loader
    reads as them (``terms``; a rules file takes codes only)."""
    codes = tuple(node["enum"])
    known = terms_of(codes)
    if not known:
        return node
    out = {k: v for k, v in node.items() if k not in ("enum", "type")}
    out["enum"] = [s for code in codes for s in _spellings(code, known)] if terms else list(codes)
    out["description"] = "可选：" + choices_text(codes)
    return out


def _loosen(node: Any, terms: bool = True) -> Any:
    """Walk a pydantic schema: dates, codes and yes/no as the loader reads them
    (``terms``: the model's loader; a rules file's takes codes and booleans only)."""
    if isinstance(node, list):
        return [_loosen(n, terms) for n in node]
    if not isinstance(node, dict):
        return node
    # pydantic's English titles go; a map of properties keeps its keys (a rule's ``title``).
    node = {
        k: {f: _loosen(x, terms) for f, x in v.items()} if k == "properties" else _loosen(v, terms)
        for k, v in node.items()
        if k != "title"
    }
    if node.get("format") == "date" and terms:
        return {**_DATE, **{k: v for k, v in node.items() if k not in ("type", "format")}}
    if node.get("type") in ("boolean", "integer", "number"):
        return _lax(node, terms)
    if "enum" in node and all(isinstance(v, str) for v in node["enum"]):
        return _code_field(node, terms=terms)
    return node


def _yes_no(terms: bool) -> dict[str, Any]:
    """A yes/no as the loader takes it: a boolean, 0 or 1, pydantic's spellings,
    and (``terms``: a model file, whose loader reads them first) 是/否."""
    words = [*map(_any_case, _PYDANTIC_BOOL), *((*TRUE_TERMS, *FALSE_TERMS) if terms else ())]
    text = {"type": "string", "pattern": "^(" + "|".join(words) + ")$"}
    return {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]}, text]}


def _lax(node: dict[str, Any], terms: bool) -> dict[str, Any]:
    """A boolean, integer or number field widened to the text pydantic's lax mode
    reads as one (a quoted ``'120'``, ``'yes'``); what describes it stays outside."""
    outer = {k: v for k, v in node.items() if k in ("default", "description")}
    inner = {k: v for k, v in node.items() if k not in outer}
    if node["type"] == "boolean":
        return {**_yes_no(terms), **outer}
    if node["type"] == "integer":
        natural = inner.get("minimum", -1) >= 0 or inner.get("exclusiveMinimum", -1) >= 0
        text = {"type": "string", "pattern": _NATURAL_TEXT if natural else _INT_TEXT}
    else:
        text = {"type": "string", "pattern": _NUMBER_TEXT}
    return {"anyOf": [inner, text], **outer}


def _describe(defs: dict[str, Any], cls: Any, table: str) -> None:
    """Each property of ``cls``'s definition described by its Chinese header."""
    props = defs[cls.__name__]["properties"]
    for name, prop in props.items():
        written = header(table, name)
        if written != name:
            prop["description"] = written + (
                "；" + prop["description"] if "description" in prop else ""
            )


def _records(item: dict[str, Any], what: str) -> dict[str, Any]:
    """A section's value: records, a table reference, or a list of both (or nothing).

    Written with ``if`` / ``then`` rather than ``anyOf``, so that an error is
    reported at its field (``divisions/0/bogus``), not as "valid under none"."""
    table = {"required": ["table"]}
    return {
        "description": what,
        "type": ["array", "object", "null"],
        "if": {"type": "object"},
        "then": {"$ref": "#/$defs/table"},
        "else": {
            "items": {
                "if": {"type": "object", **table},
                "then": {"$ref": "#/$defs/table"},
                "else": item,
            }
        },
    }


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


#: A yes/no cell of a bulk table as the cell reader takes it, case aside
#: (:data:`~partygraph.io.columns.TRUE_SPELLINGS`, ``FALSE_SPELLINGS``, 是/否).
_SPELLINGS = sorted(s for s in TRUE_SPELLINGS | FALSE_SPELLINGS if s)
_CELL_YES_NO = (
    r"^\s*(" + "|".join([*map(_any_case, _SPELLINGS), *TRUE_TERMS, *FALSE_TERMS]) + r")?\s*$"
)


def _cell(col: Column) -> dict[str, Any]:
    """A bulk table's cell written in YAML: read as the text of a CSV cell is, so
    a number is taken for text and text for a number where the column says."""
    if col.type == "int":
        digits = {"type": "string", "pattern": r"^\s*[0-9]+\s*$"}
        return {"anyOf": [{"type": "integer", "minimum": 0}, digits]}
    if col.type == "bool":
        yes_no = {"type": "string", "pattern": _CELL_YES_NO}
        return {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]}, yes_no]}
    if col.type == "date":
        return dict(_DATE)
    if col.type == "enum":
        return _code_field({"type": "string", "enum": list(col.choices)})
    return {"type": ["string", "integer"], "minLength": 1}  # ids: `id: 101` is read as "101"


def _bulk_row(table: str) -> dict[str, Any]:
    spec = TABLES[table]
    props = {}
    for col in spec.columns:
        cell = _cell(col)
        written = header(table, col.name)
        cell["description"] = (
            written + ("；" + cell["description"] if "description" in cell else "")
            if written != col.name
            else cell.get("description", col.doc or col.name)
        )
        props[col.name] = cell
    required = [c.name for c in spec.columns if c.required]
    return {
        "type": "object",
        "description": f"{TABLE_TITLES.get(table, table)}（{table}）的一行",
        "additionalProperties": False,
        "required": required,
        "properties": props,
    }


def model_schema() -> dict[str, Any]:
    """The JSON Schema of a model file: the entry file or a file it includes.

    One schema for both: the keys only an entry file may hold (``partygraph``,
    ``name``, ``description``, ``snapshot``) are allowed by it, and
    ``partygraph validate`` says when an included file has them.

    Returns
    -------
    dict
        A draft 2020-12 schema, ready for :func:`json.dumps`.
    """
    defs: dict[str, Any] = {}
    classes: list[tuple[str, type[BaseModel]]] = list(SECTIONS.items())
    classes += [(name, c.row) for name, c in COMPANIONS.items()]
    for _, cls in classes:
        schema = cls.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[cls.__name__] = schema
    defs = {name: _loosen(d) for name, d in defs.items()}
    nested = [(name, c.record) for name, c in COMPANIONS.items()]
    lists = {
        c.field: f"{TABLE_TITLES.get(name, name)}（也可写在附表 {name} 里）"
        for name, c in COMPANIONS.items()
    }
    for table, cls in [*classes, *nested]:
        _describe(defs, cls, table)
        for field, prop in defs[cls.__name__]["properties"].items():
            if field in lists and "description" not in prop:
                prop["description"] = lists[field]
        # The class's English docstring gives way to the section's Chinese title.
        defs[cls.__name__]["description"] = f"{TABLE_TITLES.get(table, table)}（{table}）"
    defs["date"] = _DATE
    defs["table"] = _TABLE_REF
    props: dict[str, Any] = {
        "partygraph": {"const": 1, "description": "格式版本，写 1（只写在入口文件里）"},
        "name": {"type": "string", "minLength": 1, "maxLength": 200, "description": "模型名称"},
        "description": {"type": "string", "description": "说明，可多行"},
        "snapshot": {**_DATE, "description": "数据截至日期，例如 2023-06-30"},
        "vocabulary": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "synonyms": {
                    "type": "array",
                    "items": {
                        "type": "array",
                        "minItems": 2,
                        "items": {"type": "string", "minLength": 1},
                    },
                    "description": "同义词组，每组一行，例如 [助餐, 老年助餐]（docs/matching.md）",
                }
            },
        },
        "include": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "引入的 YAML 文件，路径相对于本文件",
        },
    }
    for section, cls in classes:
        kind = SECTION_KINDS.get(section)
        what = TABLE_TITLES.get(section) or KIND_LABELS.get(kind or "", section)
        props[section] = _records({"$ref": f"#/$defs/{cls.__name__}"}, what)
    for table in TABLES:
        defs[f"{table}_row"] = _bulk_row(table)
        props[table] = _records({"$ref": f"#/$defs/{table}_row"}, TABLE_TITLES.get(table, table))
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "partygraph 模型文件",
        "description": "partygraph 的模型 YAML：入口文件或被引入的文件（docs/config.md）",
        "type": "object",
        "additionalProperties": False,
        "properties": props,
        "$defs": defs,
    }


# -- rules files --------------------------------------------------------------
#: Fields a rules file may leave out although the pydantic model requires them
#: (a ``mode="before"`` validator fills them in).
_FILLED_IN = {"Rule": ("message_en",)}

#: What each part of a rules file is, in Chinese (docs/rules.md says more).
_RULE_WORDS: dict[str, dict[str, str]] = {
    "top": {
        "pack": "规则包名称",
        "description": "说明",
        "params": "参数：名称和数值，规则里写 $名称 引用",
        "disable": "停用的规则编号",
        "rules": "规则列表",
        "loads": "负荷分布列表",
    },
    "Rule": {
        "id": "规则编号，例如 grid.leader",
        "severity": "严重程度",
        "applies_to": "检查哪些节点：kind 类型、where 条件、scope 范围",
        "require": "每个节点须满足的条件：related、attribute、measure、all、any",
        "message": "问题说明（中文），可用 {参数名}",
        "message_en": "英文说明；不写时英文输出用中文说明",
        "hint": "整改提示",
        "finding": "一条问题的简短说法",
        "finding_en": "英文的简短说法；可不写",
        "title": "覆盖率的标题，用正面说法，例如“网格配备党员网格长”",
        "title_en": "英文标题；可不写",
        "headline": "是否列为概览里的首要指标",
        "basis": "依据（法规、文件）",
        "candidate": "不满足的节点列为整改建议：action 做法",
        "coverage": "覆盖率怎样计：true 按节点，{parts: 度量} 按部分",
    },
    "AppliesTo": {
        "kind": "节点类型",
        "where": "条件：属性名和取值，例如 {municipal: false, full_members: {ge: 3}}",
        "scope": "只看这个区划及其下级（区划编号）",
    },
    "Related": {
        "relation": "关系",
        "direction": "方向：out 从本节点出发（默认），in 指向本节点",
        "role": "职务（只用于 held_by）",
        "kind": "相关节点的类型",
        "where": "相关节点须满足的条件",
        "min": "至少几个（含）",
        "max": "至多几个（含）",
        "lt": "少于",
        "gt": "多于",
    },
    "MeasureRequirement": {
        "name": "度量名称（见 docs/rules.md）",
        "min": "不小于",
        "max": "不大于",
        "lt": "小于",
        "gt": "大于",
    },
    "Requirement": {
        "related": "相关节点的个数",
        "attribute": "本节点的属性条件",
        "measure": "度量的范围",
        "all": "全部满足",
        "any": "满足其一",
    },
    "CandidateSpec": {
        "action": "整改做法",
        "proposed_form": "建议的组织形式",
        "members": "报告里作为党员人数的度量",
    },
    "CoverageSpec": {"parts": "每个节点有几个部分的度量", "of": "部分的类型（报告里的名称）"},
    "LoadValue": {"related": "按关系计数", "measure": "度量名称"},
    "LoadSpec": {
        "id": "负荷编号",
        "label": "名称（中文）",
        "label_en": "英文名称；可不写",
        "applies_to": "统计哪些节点",
        "value": "每个节点的数值：related 关系计数，或 measure 度量",
        "threshold": "超过这个值的节点列为偏高",
        "nonzero": "是否不计 0",
    },
}


def _names_of_the_vocabulary(defs: dict[str, Any]) -> None:
    """Kinds, relations and roles as the checker takes them: codes of the vocabulary,
    listed with their Chinese terms."""
    kind = {"enum": list(KIND_NAMES), "description": "可选：" + _listed(KIND_LABELS)}
    relation = {"enum": list(RELATIONS), "description": "可选：" + _listed(RELATION_LABELS)}
    role = {"enum": list(ROLES), "description": "可选：" + _listed(ROLE_LABELS)}
    defs["AppliesTo"]["properties"]["kind"] = kind
    related = defs["Related"]["properties"]
    related["relation"] = relation
    related["kind"] = {"anyOf": [kind, {"type": "null"}], "default": None}
    related["role"] = {"anyOf": [role, {"type": "null"}], "default": None}


def _listed(terms: dict[str, str]) -> str:
    return "、".join(f"{code} {term}" for code, term in terms.items())


def _say(schema: dict[str, Any], words: dict[str, str]) -> None:
    for name, prop in schema["properties"].items():
        if name in words:
            prop["description"] = words[name] + (
                "；" + prop["description"] if "description" in prop else ""
            )


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of a rules file (a built-in pack or one of your own).

    Returns
    -------
    dict
        A draft 2020-12 schema, ready for :func:`json.dumps`.
    """
    defs: dict[str, Any] = {}
    top = RuleFileHead.model_json_schema(ref_template="#/$defs/{model}")
    defs.update(top.pop("$defs", {}))
    for cls in (Rule, LoadSpec):
        schema = cls.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[cls.__name__] = schema
    for name, fields in _FILLED_IN.items():
        defs[name]["required"] = [f for f in defs[name]["required"] if f not in fields]
    top["properties"]["rules"]["items"] = {"$ref": "#/$defs/Rule"}
    top["properties"]["loads"]["items"] = {"$ref": "#/$defs/LoadSpec"}
    schema = _loosen(top, terms=False)
    defs = {name: _loosen(d, terms=False) for name, d in defs.items()}
    _say(schema, _RULE_WORDS["top"])
    _names_of_the_vocabulary(defs)
    for name, definition in defs.items():
        definition.pop("description", None)  # the class's English docstring
        _say(definition, _RULE_WORDS.get(name, {}))
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "partygraph 规则文件",
        **{k: v for k, v in schema.items() if k != "description"},
        "description": "partygraph 的规则 YAML：规则包或自己的规则文件（docs/rules.md）",
        "$defs": defs,
    }


# -- check reports --------------------------------------------------------------
#: What each optional section of a report is, in Chinese (docs/report.md says more).
_REPORT_WORDS = {
    "schema_version": (
        f"报告格式版本：{SCHEMA_VERSION}（版本 1 的报告没有 matching、metrics 两节，仍可读入）"
    ),
    "matching": (
        "需求对接（可选，check --with matching）：汇总、每个挂点社区一行、优化挂点安排的前后对比"
    ),
    "metrics": (
        "关键人物（可选，check --with metrics）：人员网络、单位网络各列出岗位最多的和跨社区的联系人"
    ),
}


def report_schema() -> dict[str, Any]:
    """The JSON Schema of a check report (``partygraph check --format json``).

    The optional sections ``matching`` and ``metrics`` may be absent or null
    (a report of schema version 1 has neither).

    Returns
    -------
    dict
        A draft 2020-12 schema, ready for :func:`json.dumps`.
    """
    schema = Report.model_json_schema(ref_template="#/$defs/{model}")
    _say(schema, _REPORT_WORDS)
    schema.pop("title", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "partygraph 检查报告",
        **schema,
        "description": "partygraph check 的 JSON 报告（docs/report.md）",
    }
