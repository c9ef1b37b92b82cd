"""The message catalogues: both languages of every message, every key in use.

The catalogues are data (partygraph.i18n); these tests read the source with
:mod:`ast` to find every ``tr("key", ...)`` and check it against them.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from partygraph.i18n import LANGUAGES, language, message_keys, parse_language, tr, use_language

SRC = Path(__file__).resolve().parent.parent / "src" / "partygraph"


def _fields(text: str) -> set[str]:
    return {
        name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name
    }


def _used() -> dict[str, list[tuple[str, set[str] | None]]]:
    """Each literal key passed to ``tr``: where, and the keyword names given
    (``None`` when ``**params`` is passed on)."""
    used: dict[str, list[tuple[str, set[str] | None]]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr"):
                continue
            if not (node.args and isinstance(node.args[0], ast.Constant)):
                continue
            names = {k.arg for k in node.keywords if k.arg is not None}
            spread = any(k.arg is None for k in node.keywords)
            where = f"{path.relative_to(SRC.parent)}:{node.lineno}"
            used.setdefault(str(node.args[0].value), []).append((where, None if spread else names))
    return used


def test_every_message_has_both_languages_with_the_same_parameters() -> None:
    assert message_keys()
    for key, texts in message_keys().items():
        assert len(texts) == len(LANGUAGES), key
        assert all(t.strip() for t in texts), key
        assert _fields(texts[0]) == _fields(texts[1]), key


def test_every_key_used_in_the_source_exists_with_the_parameters_given() -> None:
    used = _used()
    assert "common.problems_found" in used  # the scan finds calls
    for key, calls in used.items():
        assert key in message_keys(), f"{calls[0][0]}: no message {key!r}"
        for where, names in calls:
            if names is not None:
                assert _fields(message_keys()[key][0]) <= names, f"{where}: {key}"


def _english_words(text: str, allowed: set[str]) -> list[str]:
    """The English words of a Chinese sentence, code aside: an option with its value
    (``--layer linkage``), an identifier, setting or example id (``max_nodes=None``,
    ``maxTextSize``, ``h001``)."""
    text = re.sub(r"--[\w-]+(?:[ =][\w.-]+)?", " ", text)
    # a token written like code: a file or path, NAME=VALUE, a CSV header (code,name)
    text = re.sub(r"(?=[\x21-\x7e]*[A-Za-z])[\x21-\x7e]*[-./=_,][\x21-\x7e]*", " ", text)
    words = re.findall(r"[A-Za-z][\w.=/-]*", text)
    return [
        w
        for w in words
        # an identifier, a setting or an example id (``h001``) is code, not English
        if not re.search(r"[_=./\d-]|[a-z][A-Z]", w) and w not in allowed and len(w) > 1
    ]


#: Names of formats, standards and programs, which Chinese text writes as they are.
ALLOWED_WORDS = {
    "CSV",
    "YAML",
    "JSON",
    "Excel",
    "ID",
    "id",
    "PNG",
    "SVG",
    "PDF",
    "GraphML",
    "GEXF",
    "DOT",
    "Mermaid",
    "UTF",
    "GBK",
    "GB18030",
    "partygraph",
    "xlsx",
    "Tab",
    "BOM",
    # the table options a user types next to `table:`, a workbook's old suffix, and
    # Excel's “Unicode 文本” (UTF-16) save format
    "table",
    "encoding",
    "sheet",
    "columns",
    "delimiter",
    "xls",
    "Unicode",
    "OK",  # the first word of validate's line, which scripts look for
    "dpi",
    "NaN",
    "null",
    "Cytoscape",
    "Gephi",  # programs, like Excel
    "yEd",
    "Graphviz",
    "Markdown",
    "Word",  # the analysis report's formats, named as users know them
    "HTML",
    "include",  # the key a user types in YAML
    "NUL",  # the names systems give a character and a file type
    "FIFO",
    "pandas",  # the library, named as its users know it
    "DataFrame",  # pandas' table, the word its users know
    "Parquet",  # formats and tools the export and schema messages name
    "Schema",
    "VS",
    "Code",
    "nation",  # the keys of a nation entry (docs/nation.md), typed by users
    "provinces",
    "model",
    "name",
    "description",
    "Dask",  # the cluster software, named as its users know it, and its command
    "dask",
    "scheduler",
    # the service circle: the map format and program, osmnx's network file, its unit
    "GeoJSON",
    "QGIS",
    "OpenStreetMap",
    "osmnx",
    "EPSG",
    "RFC",
    "WGS",
    "GCJ",
    "km",
    "length",  # the edge attribute of an osmnx network, as the file names it
}


def test_chinese_messages_use_no_english_words() -> None:
    allowed = ALLOWED_WORDS | _typed_words()
    assert (
        _english_words("请用 --layer linkage，或 max_nodes=None；调大 maxTextSize", allowed) == []
    )
    assert _english_words("写成 code,name,parent 的 CSV", allowed) == []
    assert _english_words("the graph is too large", allowed) == [
        "the",
        "graph",
        "is",
        "too",
        "large",
    ]
    for key, (zh, _) in message_keys().items():
        words = "".join(lit for lit, *_ in string.Formatter().parse(zh))
        assert _english_words(words, allowed) == [], f"{key}: English in {zh!r}"


def _typed_words() -> set[str]:
    from partygraph.analysis.metrics import NETWORKS
    from partygraph.cli.app import COMMANDS
    from partygraph.cli.report import FORMATS as DOCUMENT_FORMATS
    from partygraph.rules import spec
    from partygraph.rules.engine import OPS
    from partygraph.rules.loader import PACKS
    from partygraph.vocabulary import EXPORT_FORMATS, KIND_NAMES, LAYER_NAMES, REPORT_FORMATS
    from partygraph.vocabulary.space import COORDINATE_UNITS, CRS

    draw_formats = ("png", "svg", "pdf")
    schemas = ("model", "rules")  # partygraph schema model|rules
    metavars = ("OUT", "NAME", "FILE", "PLACE", "DIR")  # the names --help gives values
    return {
        *COMMANDS,
        *PACKS,
        *NETWORKS,
        *COORDINATE_UNITS,
        *CRS,
        "coordinates",  # the keys of a model's coordinates block, as typed
        "unit",
        "crs",
        "vocabulary",  # the keys of a model's vocabulary block, as typed
        "synonyms",
        *LAYER_NAMES,
        *REPORT_FORMATS,
        *DOCUMENT_FORMATS,
        *EXPORT_FORMATS,
        *LANGUAGES,
        *draw_formats,
        *schemas,
        *metavars,
        # the keys, operators and values of a rules file (docs/rules.md), as typed
        *(f for name in spec.__all__ for f in getattr(getattr(spec, name), "model_fields", ())),
        *OPS,
        *KIND_NAMES,
        "true",
        "false",
    }


def test_the_language_comes_from_the_option_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PARTYGRAPH_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # a server's default: not read
    assert language() == "zh"
    monkeypatch.setenv("LANGUAGE", "en_GB:en")
    assert language() == "en"
    monkeypatch.setenv("PARTYGRAPH_LANG", "zh")
    assert language() == "zh"
    with use_language("en"):
        assert tr("common.problems_found", count=2) == "2 problems found"
        assert tr("common.problems_found", count=1) == "1 problem found"
    assert tr("common.problems_found", count=1) == "发现 1 个问题"


def test_an_unknown_language_is_refused_in_both_languages() -> None:
    assert parse_language("fr_FR") is None
    with pytest.raises(ValueError, match="未知语言"), use_language("fr"):
        pass
