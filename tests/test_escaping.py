"""Names are user data: every output escapes them as docs/export.md and docs/report.md say.

One test per format and per hostile shape, with the expected text written out by
hand: a spreadsheet formula in CSV, a Mermaid directive, raw HTML in Markdown,
terminal escapes in text, control characters in XML and SVG, NaN in JSON.  The
property test over arbitrary names is ``test_escaping_properties.py``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import warnings
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx
import pytest

from partygraph.errors import ConfigError, ErrorItem, PartygraphError
from partygraph.export import (
    generate_csv,
    generate_dot,
    generate_gexf,
    generate_graphml,
    generate_json,
    generate_mermaid,
    restore_formula,
    split_list,
    write_csv,
)
from partygraph.model import Compound, Division, Model, Unit
from partygraph.model.report import Finding, LoadStat, NodeRef, Report
from partygraph.report.render import render, write_report
from partygraph.report.summary import render_summary, summarize
from partygraph.safe_text import neutralise_formula, printable

ESC_NAME = "东风\x1b[2J\x1b]0;pwned\x07社区\u202etxt.exe"
DIRECTIVE = '%%{init: {"themeCSS": "x{background:url(https://e.example/a)}"}}%%'


def _rows(lines: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO("\n".join(lines) + "\n", newline="")))


def _model(name: str, unit: str = "东风小学") -> Model:
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


# -- safe_text ----------------------------------------------------------------------
def test_printable_shows_every_control_and_bidi_character() -> None:
    assert printable(ESC_NAME) == "东风␛[2J␛]0;pwned␇社区\\u202etxt.exe"
    assert printable("\x00\t\n\r\x1f\x7f") == "␀␉␊␍␟␡"
    assert printable("\x80\x9b\u2028\u2029\u202a\u2066\u2069\ufffe\uffff") == (
        "\\u0080\\u009b\\u2028\\u2029\\u202a\\u2066\\u2069\\ufffe\\uffff"
    )
    assert printable("a\nb\tc", keep="\n") == "a\nb␉c"
    # what is not a control stays: Chinese, astral characters, zero-width joiners
    assert printable("𠀀😀\u200d\u00a0社区") == "𠀀😀\u200d\u00a0社区"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-社区", "'-社区"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # one more quote, so that restore_formula gives "'=x" back
        ("'x", "'x"),
        ("x=1", "x=1"),
        ("", ""),
        ("东风社区", "东风社区"),
    ],
)
def test_formula_guard_and_its_inverse(cell: str, written: str) -> None:
    assert neutralise_formula(cell) == written
    assert restore_formula(written) == cell


def test_error_text_is_one_line_without_escapes() -> None:
    item = ErrorItem("a.yaml", 3, 1, "name", f"unknown id {ESC_NAME}\nforged: line")
    assert (
        str(item)
        == "a.yaml:3:1: name: unknown id 东风␛[2J␛]0;pwned␇社区\\u202etxt.exe␊forged: line"
    )
    assert str(ConfigError([item, item])).count("\n") == 1
    assert str(PartygraphError("line 1 \x1b[31m\nline 2")) == "line 1 ␛[31m\nline 2"


# -- CSV ------------------------------------------------------------------------------
def test_export_csv_guards_text_cells_not_numbers() -> None:
    m = Model(
        divisions=[
            Division(id="c", name='=HYPERLINK("http://e.example")', level="city"),
            Division(id="m", name="-3", level="community", parent="c"),
        ],
        compounds=[Compound(id="-p", name="@小区", community="m", x=-3.5, y=2.0, members_full=0)],
    )
    nodes = _rows(generate_csv(m))
    assert nodes[0] == [
        "id", "kind", "kind_zh", "name", "section", "level", "district", "model_community",
        "members_full", "x", "y",
    ]  # fmt: skip
    assert nodes[1][:4] == ["c", "city", "市", '\'=HYPERLINK("http://e.example")']
    assert nodes[2][:4] == ["m", "community", "社区", "'-3"]  # a name "-3" is text
    assert nodes[3] == [
        "'-p", "compound", "小区", "'@小区", "compounds", "", "", "", "0", "-3.5", "2.0"
    ]  # fmt: skip
    edges = _rows(generate_csv(m, table="edges", header="neo4j"))
    # the id is guarded alike wherever it appears, so the edge still finds its node
    assert edges[1:] == [
        ["c", "m", "contains", "包含", "contains"],
        ["m", "'-p", "contains", "包含", "contains"],
    ]


def test_export_csv_mixed_and_list_columns() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", kind="unit", name="甲", mixed=-3, tags=("=x", "y"), count=-2)
    g.add_node("b", kind="unit", name="乙", mixed="+big", tags=("z",), count=4)
    g.add_edge("a", "b", key="@k", relation="=r", weight=-1.5)
    nodes = _rows(generate_csv(g, header="neo4j"))
    head = ["id:ID", ":LABEL", "kind_zh", "name", "mixed", "tags:string[]", "count:long"]
    assert nodes[0] == head
    # the number in a column of mixed types is still a number: left as it is
    assert nodes[1] == ["a", "unit", "单位", "甲", "-3", "'=x;y", "-2"]
    assert nodes[2] == ["b", "unit", "单位", "乙", "'+big", "z", "4"]
    assert split_list(restore_formula(nodes[1][5])) == ("=x", "y")
    edges = _rows(generate_csv(g, table="edges"))
    assert edges[1] == ["a", "b", "'=r", "", "'@k", "-1.5"]  # "=r" has no Chinese term


def test_write_csv_with_bom_reads_back_with_the_documented_rule(tmp_path: Path) -> None:
    write_csv(_model("=cmd|' /C calc'!A0"), tmp_path / "m.csv", bom=True, header="neo4j")
    raw = (tmp_path / "m.nodes.csv").read_bytes()
    assert raw.startswith("\ufeffid:ID,:LABEL,kind_zh,name".encode())
    with (tmp_path / "m.nodes.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["name"] == "'=cmd|' /C calc'!A0"
    assert restore_formula(rows[0]["name"]) == "=cmd|' /C calc'!A0"


def _report(
    name: str,
    value: float | str | None = 0,
    message: str = "网格未配备党员网格长",
    expected: str = "leader ≥ 1",
) -> Report:
    node = NodeRef(id="g1", kind="grid", name=name)
    city = NodeRef(id="c", kind="city", name=name)
    return Report(
        model=name,
        findings=[
            Finding(
                rule="grid.leader",
                severity="error",
                node=node,
                chain=[city],
                value=value,
                expected=expected,
                message=message,
                message_en="grid has no leader",
                hint="-选配网格长",
            )
        ],
    )


def test_report_csv_guards_text_and_keeps_numbers(tmp_path: Path) -> None:
    text = render(_report("=1+1", value=-2), "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == [
        "error", "grid.leader", "g1", "grid", "'=1+1", "'=1+1", "", "", "", "-2",
        "leader ≥ 1", "网格未配备党员网格长", "grid has no leader", "'-选配网格长",
        "网格未配备党员网格长（实际为 -2）",
    ]  # fmt: skip
    said = list(csv.reader(io.StringIO(render(_report("x", message="=m"), "csv"), newline="")))
    assert said[1][-1] == "'=m（实际为 0）"  # the finding's sentence is text, guarded too
    rows = list(csv.reader(io.StringIO(render(_report("x", value="=v"), "csv"), newline="")))
    assert rows[1][9] == "'=v"  # a value a rule made text is text
    write_report(_report("@x"), tmp_path / "r.csv")
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfseverity,")


def test_report_csv_quotes_a_lone_carriage_return() -> None:
    text = render(_report("甲\r乙"), "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2
    assert rows[1][4] == "甲\r乙"
    assert text.endswith("\n") and "\r\n" not in text  # records still end in LF


# -- Mermaid --------------------------------------------------------------------------
def test_mermaid_directive_in_a_name_is_inert() -> None:
    g = nx.MultiDiGraph()
    g.add_node("c", name=DIRECTIVE)
    g.add_node("d", name='a"]\n%% comment\n  n_c --> n_d;|`<script>`|#x;ﬂ°lt¶ß\u2028z')
    g.add_edge("c", "d", key="k", relation="%%{init}%%")
    lines = list(generate_mermaid(g))
    assert lines == [
        "flowchart TD",
        '    n_c["#37;#37;{init#58; {#quot;themeCSS#quot;#58; '
        '#quot;x{background#58;url(https#58;//e.example/a)}#quot;}}#37;#37;"]',
        '    n_d["a#quot;]<br>#37;#37; comment<br>  n_c --#gt; n_d;#124;#96;#lt;script#gt;#96;'
        '#124;#35;x;#64258;°lt#182;ß\\u2028z"]',
        '    n_c -->|"#37;#37;{init}#37;#37;"| n_d',
    ]


def test_mermaid_controls_are_visible() -> None:
    g = nx.MultiDiGraph()
    g.add_node("c", name="甲\x1b[1m\r\n乙\r丙\u202e")
    assert list(generate_mermaid(g))[1] == '    n_c["甲␛[1m<br>乙<br>丙\\u202e"]'


# -- DOT ---------------------------------------------------------------------------------
def test_dot_labels_keep_entities_and_controls_as_text() -> None:
    g = nx.MultiDiGraph(name="图\x1b")
    g.add_node("c", name='&lt;b&gt; &#27; "x" \\N\x01', kind="city")
    lines = list(generate_dot(g, fontname=None))
    assert lines[0] == 'digraph "图␛" {'
    assert lines[3] == r'    "c" [label="&amp;lt;b&amp;gt; &amp;#27; \"x\" \\N␁", class="city"];'


# -- XML ----------------------------------------------------------------------------------
def test_xml_formats_parse_with_control_characters_in_names_and_keys() -> None:
    g = nx.MultiDiGraph()
    g.add_node("c", name="甲\x01\x1b乙\ufffe")
    g.add_edge("c", "c", key="k\x02", relation="r\x03")
    for generate in (generate_graphml, generate_gexf):
        root = ElementTree.fromstring("\n".join(generate(g)).encode())
        texts = [t for e in root.iter() for t in [e.text or "", *e.attrib.values()]]
        assert any("甲\ufffd\ufffd乙\ufffd" in t for t in texts)
        assert not any(ch in t for t in texts for ch in "\x01\x02\x03\x1b")


def test_svg_of_a_name_with_control_characters_and_dollars_is_valid_xml(tmp_path: Path) -> None:
    from partygraph.draw import draw_linkage

    m = Model(divisions=[Division(id="c", name="示例\x01市 $\\frac$ -- \x1b[31m", level="city")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the missing-glyph warning for ␁ in some fonts
        _, ax = draw_linkage(m, filepath=tmp_path / "c.svg")
    ElementTree.parse(tmp_path / "c.svg")  # raises on invalid XML
    assert "示例␁市 $\\frac$ -- ␛[31m" in [t.get_text() for t in ax.texts]


# -- NaN ------------------------------------------------------------------------------------
def _nan_graph() -> Any:
    g = nx.MultiDiGraph()
    g.add_node("a", name="甲", x=float("nan"), y=1.5)
    g.add_node("b", name="乙", x=float("inf"), y=-math.inf)
    return g


def test_json_writes_null_for_nan_and_says_so() -> None:
    with pytest.warns(
        UserWarning, match=r"^3 JSON values are NaN or infinite \(x, y\); written as null$"
    ):
        text = "\n".join(generate_json(_nan_graph()))
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text)
    assert [(n["x"], n["y"]) for n in data["nodes"]] == [(None, 1.5), (None, None)]
    with pytest.warns(UserWarning, match="written as null"):
        cyto = json.loads("\n".join(generate_json(_nan_graph(), style="cytoscape")))
    assert cyto["elements"]["nodes"][0]["data"]["x"] is None


@pytest.mark.parametrize("generate", [generate_graphml, generate_gexf])
def test_xml_formats_leave_nan_out_and_say_so(generate: Any) -> None:
    with pytest.warns(UserWarning, match=r"^3 node attribute values are NaN or infinite \(x, y\)"):
        text = "\n".join(generate(_nan_graph()))
    read = nx.read_graphml if generate is generate_graphml else nx.read_gexf
    back = read(io.BytesIO(text.encode()))
    assert {k: v for k, v in back.nodes["a"].items() if k in "xy"} == {"y": 1.5}
    assert not {"x", "y"} & set(back.nodes["b"])


def test_csv_leaves_nan_empty_and_says_so() -> None:
    with pytest.warns(UserWarning, match="NaN or infinite"):
        rows = _rows(generate_csv(_nan_graph()))
    # x is NaN or infinite everywhere: no value, so no column
    assert rows == [
        ["id", "kind", "kind_zh", "name", "y"],
        ["a", "", "", "甲", "1.5"],
        ["b", "", "", "乙", ""],
    ]


def test_report_json_writes_null_for_nan_and_says_so() -> None:
    report = _report("甲", value=float("nan"))
    report.load.append(
        LoadStat(measure="m", label="负荷", count=1, min=0.0, median=math.inf, p90=1.0, max=1.0)
    )
    with pytest.warns(UserWarning, match="^报告中有 2 个数值不是有限数"):
        data = json.loads(render(report, "json"))
    assert data["findings"][0]["value"] is None
    assert data["load"][0]["median"] is None


# -- Markdown and text reports -------------------------------------------------------------
def test_markdown_report_escapes_html_and_table_breakers() -> None:
    name = "<img src=x onerror=alert(1)>|*粗*_斜_ [链](http://e.example) `c` 3#楼\n# 伪标题"
    text = render(_report(name, message="规则 **说明** ~~删~~ $x$"), "markdown")
    escaped = (
        "&lt;img src=x onerror=alert(1)>\\|\\*粗\\*\\_斜\\_ \\[链\\](http://e.example) "
        "\\`c\\` 3#楼<br>\\# 伪标题"
    )
    lines = text.splitlines()
    assert lines[0] == f"# {escaped}：检查报告"
    assert "### `grid.leader` 规则 \\*\\*说明\\*\\* \\~\\~删\\~\\~ \\$x\\$" in lines
    said = "规则 \\*\\*说明\\*\\* \\~\\~删\\~\\~ \\$x\\$（实际为 0）"
    assert f"| {escaped}（g1） | {escaped} | {said} |" in lines
    assert "共 1 处。建议：-选配网格长" in lines
    assert "<img" not in text and "\n# 伪标题" not in text


def test_markdown_keeps_ordinary_names_as_they_are() -> None:
    text = render(_report("东风社区（一）a_b 1#楼 A & B"), "markdown")
    assert text.splitlines()[0] == "# 东风社区（一）a_b 1#楼 A & B：检查报告"
    # what the rules write stays as written too
    assert "| 党员 < 50（实际为 0） |" in render(_report("x", message="党员 < 50"), "markdown")
    entity = render(_report("&lt;x&#60;"), "markdown").splitlines()[0]
    assert entity == "# &amp;lt;x&amp;#60;：检查报告"


def test_text_report_and_summary_pass_no_control_character() -> None:
    text = render(_report(ESC_NAME), "text")
    shown = "东风␛[2J␛]0;pwned␇社区\\u202etxt.exe"
    assert text.splitlines()[0] == f"{shown} — 检查报告"
    assert f"    {shown}（g1）  {shown}  网格未配备党员网格长（实际为 0）" in text.splitlines()
    assert not any(ch in text for ch in "\x1b\x07\u202e")
    assert render(_report("甲\n伪造 forged"), "text").count("\n") == text.count("\n")
    summary = render_summary(summarize(_model(ESC_NAME)))
    assert summary.splitlines()[0] == shown
