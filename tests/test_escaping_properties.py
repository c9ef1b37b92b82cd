"""For any name, every output parses with its standard parser and gives the name back.

A name drawn from arbitrary Unicode (controls, bidi controls, astral characters,
and the syntax of every format: ``=`` ``%%`` ``"`` ``<`` ``|`` ``\\`` ...) is
given to a community, its city and a unit of a small model, and to the model.
Each export format and each report format is then read back with its standard
parser -- ``networkx.read_graphml`` / ``read_gexf``, ``json.loads`` with
``networkx.node_link_graph`` / ``cytoscape_graph``, ``csv.reader`` -- and the
name must come back, or come back escaped exactly as docs/export.md and
docs/report.md say (U+FFFD in XML, the ``'`` formula guard in CSV).  DOT (no
pydot here), Mermaid (no parser in Python) and Markdown are checked by strict
grammars of what we write and by undoing the documented escapes; the text
outputs by holding no control character.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from partygraph.export import (
    generate_csv,
    generate_dot,
    generate_gexf,
    generate_graphml,
    generate_json,
    generate_mermaid,
)
from partygraph.export._common import xml_safe
from partygraph.model import Division, Model, Unit
from partygraph.report.render import render
from partygraph.report.summary import render_summary, summarize
from partygraph.rules.check import check
from partygraph.safe_text import FORMULA_TRIGGERS, printable, restore_formula

#: Pieces of every syntax we escape, mixed into arbitrary text.
HOSTILE = [
    *"=+-@\t\r\n'\"%#`<>&|;:[](){}\\*_~$!",
    *"\x00\x01\x07\x1b\x7f\x85\x9b\u2028\u2029\u202a\u202e\u2066\u2069\ufb02\xb6\ufffe\uffff",
    "😀",
    "𠀀",
    "东风",
    "\r\n",
    "%%",
    '%%{init: {"themeCSS": "x"}}%%',
    "<br>",
    "#quot;",
    "&lt;",
    "<script>",
    "\\n",
    "style a:b#c;",
]
NAMES = st.lists(
    st.one_of(st.text(max_size=4), st.sampled_from(HOSTILE)), min_size=1, max_size=8
).map("".join)


def _model(name: str, unit: str) -> Model:
    return Model(
        name=name,
        divisions=[
            Division(id="c", name=name, level="city"),
            Division(id="k", name="示例区", level="county", parent="c"),
            Division(id="s", name="示例街道", level="subdistrict", parent="k"),
            Division(id="m", name=name, level="community", parent="s"),
        ],
        units=[Unit(id="u", name=unit, type="enterprise", division="m", members_full=5)],
    )


def _lines(text: str) -> str:
    """``text`` with CR LF and CR as LF, as the line-based formats write a break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _shown(text: str) -> str:
    return printable(_lines(text), keep="\n")


# -- the readers and grammars -----------------------------------------------------------
def _check_xml(model: Model, name: str, unit: str) -> None:
    for generate, read in ((generate_graphml, nx.read_graphml), (generate_gexf, nx.read_gexf)):
        g = read(io.BytesIO("\n".join(generate(model)).encode("utf-8")))
        assert g.nodes["c"]["name"] == xml_safe(name)
        assert g.nodes["u"]["name"] == xml_safe(unit)
    assert g.nodes["c"]["label"] == xml_safe(name)  # GEXF's label


def _check_json(model: Model, name: str, unit: str) -> None:
    data = json.loads("\n".join(generate_json(model)))
    assert {n["id"]: n["name"] for n in data["nodes"]}["c"] == name
    g = nx.node_link_graph(data, edges="links")
    assert (g.nodes["c"]["name"], g.nodes["u"]["name"]) == (name, unit)
    g = nx.cytoscape_graph(json.loads("\n".join(generate_json(model, style="cytoscape"))))
    assert (g.nodes["c"]["name"], g.nodes["u"]["name"]) == (name, unit)


def _check_csv(model: Model, name: str, unit: str) -> None:
    for header in ("plain", "neo4j"):
        text = "\n".join(generate_csv(model, header=header)) + "\n"
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) == 1 + len(model.divisions) + len(model.units)
        cells = {row[0]: row[3] for row in rows[1:]}  # id, kind, kind_zh, name
        for node, expected in (("c", name), ("m", name), ("u", unit)):
            assert cells[node][:1] not in FORMULA_TRIGGERS
            assert restore_formula(cells[node]) == expected
        edges = list(csv.reader(io.StringIO("\n".join(generate_csv(model, table="edges")))))
        assert ["m", "u", "contains", "包含", "contains"] in edges


_DOT_STR = r'"(?:[^"\\\n]|\\.)*"'
_DOT_LINE = re.compile(
    rf"(?:(?:di)?graph (?:{_DOT_STR} )?\{{"
    rf"|    (?:graph|node|edge) \[\w+={_DOT_STR}(?:, \w+={_DOT_STR})*\];"
    rf"|    {_DOT_STR} \[\w+={_DOT_STR}(?:, \w+={_DOT_STR})*\];"
    rf"|    {_DOT_STR} -> {_DOT_STR}(?: \[label={_DOT_STR}\])?;"
    r"|\})"
)


def _undot(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], quoted[1:-1])


def _check_dot(model: Model, name: str, unit: str) -> None:
    lines = list(generate_dot(model))
    for line in lines:
        assert _DOT_LINE.fullmatch(line), line
    text = "\n".join(lines)
    assert printable(text, keep="\n") == text  # no control character at all
    assert _undot(re.match(rf"digraph ({_DOT_STR})", lines[0])[1]) == _shown(name)  # type: ignore[index]
    labels = dict(re.findall(rf'^    "(\w)" \[label=({_DOT_STR})', text, re.M))
    assert _undot(labels["c"]) == _shown(name).replace("&", "&amp;")
    assert _undot(labels["u"]) == _shown(unit).replace("&", "&amp;")


#: What a Mermaid label may hold: no quote, no %, no backtick, no < > | : # except
#: in our entity codes and <br>, no control character, no JavaScript line end.
_MM_LABEL = (
    r'"(?:[^"%`<>|:#\ufb02\xb6\u2028\u2029\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]'
    r'|#(?:\d+|quot|lt|gt|amp);|<br>)*"'
)
_MM_NODE = re.compile(rf"    (n_\w+)\[({_MM_LABEL})\]")
_MM_EDGE = re.compile(rf"    n_\w+ -->(?:\|{_MM_LABEL}\|)? n_\w+")
_MM_NAMED = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}


def _unmermaid(label: str) -> str:
    text = label[1:-1].replace("<br>", "\n")
    return re.sub(r"#(\w+);", lambda m: _MM_NAMED.get(m[1]) or chr(int(m[1])), text)


def _check_mermaid(model: Model, name: str, unit: str) -> None:
    lines = list(generate_mermaid(model, fence=True))
    assert lines[0] == "```mermaid" and lines[1] == "flowchart TD" and lines[-1] == "```"
    labels = {}
    for line in lines[2:-1]:
        if node := _MM_NODE.fullmatch(line):
            labels[node[1]] = node[2]
        else:
            assert _MM_EDGE.fullmatch(line), line
    text = "\n".join(lines)
    assert "%%" not in text and "```" not in text[3:-3]
    assert _unmermaid(labels["n_c"]) == _shown(name)
    assert _unmermaid(labels["n_u"]) == _shown(unit)


def _unmd(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m[0] == "<br>":
            return "\n"
        if m[1] is not None:
            return m[1]
        return {"lt": "<", "amp": "&"}[m[2]]

    return re.sub(r"\\(.)|&(lt|amp);|<br>", one, text)


def _check_reports(model: Model, name: str, plain: dict[str, str]) -> None:
    report = check(model)
    # Markdown: the same lines as for a plain name, cells intact, the name given back
    md = render(report, "markdown")
    lines = md.splitlines()
    assert len(lines) == len(plain["markdown"].splitlines())
    assert _unmd(lines[0].removeprefix("# ").removesuffix("：检查报告")) == _shown(name)
    for line, ours in zip(lines, plain["markdown"].splitlines(), strict=True):
        if ours.startswith("|"):  # as many cell boundaries as in the plain report
            assert re.findall(r"\\.|\|", line).count("|") == ours.count("|")
        assert line[:1] == ours[:1]
    # no tag, comment, autolink or character reference but our <br> and entities
    bare = re.sub(r"<br>|&(?:lt|amp);", " ", md)  # (a space: "&<br>0" is no "&0")
    assert re.search(r"<[A-Za-z/!?]|&[A-Za-z0-9#]", bare) is None
    assert printable(md, keep="\n") == md
    # text: no control character, the same lines
    text = render(report, "text")
    assert printable(text, keep="\n") == text
    assert text.count("\n") == plain["text"].count("\n")
    assert text.splitlines()[0] == f"{printable(name)} — 检查报告"
    # CSV and JSON: the name exactly (CSV after undoing the formula guard)
    rows = list(csv.reader(io.StringIO(render(report, "csv"), newline="")))
    assert len(rows) == 1 + len(report.findings)
    for row, finding in zip(rows[1:], report.findings, strict=True):
        assert restore_formula(row[4]) == finding.node.name
        assert all(cell[:1] not in FORMULA_TRIGGERS for cell in row if cell)
    assert json.loads(render(report, "json"))["model"] == name
    summary = render_summary(summarize(model))
    assert printable(summary, keep="\n") == summary


_PLAIN: dict[str, str] = {}


def _plain() -> dict[str, str]:
    if not _PLAIN:
        report = check(_model("甲", "乙"))
        _PLAIN.update(markdown=render(report, "markdown"), text=render(report, "text"))
    return _PLAIN


@pytest.mark.slow
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(NAMES, NAMES)
def test_every_format_gives_any_name_back(raw_name: str, raw_unit: str) -> None:
    try:
        model = _model(raw_name, raw_unit)
    except ValidationError:
        reject()  # empty once trimmed, or too long: not a name
    name, unit = model.divisions[0].name, model.units[0].name
    _check_xml(model, name, unit)
    _check_json(model, name, unit)
    _check_csv(model, name, unit)
    _check_dot(model, name, unit)
    _check_mermaid(model, name, unit)
    _check_reports(model, name, _plain())


@pytest.mark.parametrize(
    "name",
    [
        '%%{init: {"themeCSS": "x"}}%%',
        "=1+1\r\n<b>|`x`",
        "\x1b[2J\u202e\x00 东风 \ufffe 😀",
        "a\\\\n#quot;",
    ],
)
def test_the_hostile_examples_of_the_issue(name: str) -> None:
    """The same checks, fast, on the names the issue names (not marked slow)."""
    model = _model(name, name)
    stored = model.divisions[0].name
    _check_xml(model, stored, stored)
    _check_json(model, stored, stored)
    _check_csv(model, stored, stored)
    _check_dot(model, stored, stored)
    _check_mermaid(model, stored, stored)
    _check_reports(model, stored, _plain())


def test_the_checks_can_fail() -> None:
    """A writer that forgot an escape is caught: the grammars are not vacuous."""
    bad: Any = ['    n_c["%%{init}%%"]', '    "c" [label="a\x1b"];']
    assert _MM_NODE.fullmatch(bad[0]) is None
    assert printable(bad[1], keep="\n") != bad[1]
    assert _DOT_LINE.fullmatch('    "c" [label="a"b"];') is None
    assert _unmd("\\*x\\* &lt;b><br>y &amp;lt;") == "*x* <b>\ny &lt;"
