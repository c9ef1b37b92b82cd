"""The Arrow fast path for bulk tables gives the same model and the same errors.

:mod:`partygraph.io.arrowtables` reads plain UTF-8 bulk tables with ``pyarrow``;
whatever it does not take, or any table with a problem, goes the standard way.
Each test loads a model with the fast path and without it and compares.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.errors import ConfigError, ErrorItem
from partygraph.io import arrowtables
from partygraph.io.idcodes import SortedIds
from partygraph.model.population import TABLES, TEXT

from conftest import FIXTURES, ROOT, write_model

pytest.importorskip("pyarrow")
from partygraph.io import arrowlookups  # after the skip: it imports pyarrow


@pytest.fixture(autouse=True)
def arrow_for_every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tables are small: Arrow reads them all the same, to compare."""
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)


BASE = """\
partygraph: 1
name: 测试市
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: dist, name: 城区, level: county, parent: city}
  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}
  - {id: c1, name: 东风社区, level: community, parent: sd1}
  - {id: c2, name: 西湖社区, level: community, parent: sd1}
  - {id: g1, name: 第一居民小组, level: residents_group, parent: c1}
  - {id: g2, name: 第二居民小组, level: residents_group, parent: c2}
units:
  - {id: u1, name: 东风小学, type: school, division: c1}
central_households:
  - {id: ch1, name: 中心户, community: c1, person: p1, household: h1}
households: {table: households.csv}
persons: {table: persons.csv}
central_household_links: {table: links.csv}
registrations: {table: registrations.csv}
"""

HOUSEHOLDS = "id,community,residents_group,size\nh1,c1,g1,3\nh2,c2,g2,\nh3,c1,,1\n"
PERSONS = (
    "id,name,household,member,unit,in_service\n"
    "p1,李明,h1,full,u1,true\n"
    "p2, 张华 ,h2,,,FALSE\n"
    "p3,王芳,,probationary,u1,Yes\n"
)
LINKS = "central_household,household,last_visit\nch1,h2,2024-05-01\nch1,h3,\n"
REGISTRATIONS = "person,community,basis,date\np1,c1,unit_link,2024-02-29\np3,c2,residence,\n"


@pytest.fixture
def no_arrow(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    yield


def _files(**tables: str | bytes) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "model.yaml": BASE,
        "households.csv": HOUSEHOLDS,
        "persons.csv": PERSONS,
        "links.csv": LINKS,
        "registrations.csv": REGISTRATIONS,
    }
    files.update({f"{k}.csv": v for k, v in tables.items()})
    return files


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[partygraph.Model, ...]:
    fast = partygraph.load(path)
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    slow = partygraph.load(path)
    monkeypatch.setattr(arrowtables, "ENABLED", True)
    return fast, slow


def _assert_same(fast: partygraph.Model, slow: partygraph.Model) -> None:
    assert fast == slow
    for name in TABLES:
        a, b = fast.population[name], slow.population[name]
        assert list(a.columns) == list(b.columns)
        for column, values in a.columns.items():
            assert values.dtype == b.columns[column].dtype, (name, column)
            kind = a.spec.column(column).type
            assert (values.dtype == TEXT) == (kind in ("id", "str")), (name, column)
        assert a.files == b.files
        assert a.source.dtype == b.source.dtype and np.array_equal(a.source, b.source)
        assert a.line.dtype == b.line.dtype and np.array_equal(a.line, b.line)


def _arrow_takes(path: Path, table: str = "households") -> bool:
    spec = TABLES[table]
    return arrowtables.read(path, spec, encoding=None, delimiter=",") is not None


def _errors(path: Path) -> list[ErrorItem]:
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    return info.value.errors


def test_small_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    path = FIXTURES / "small" / "model.yaml"
    assert _arrow_takes(path.parent / "households.csv")
    _assert_same(*_both(path, monkeypatch))


def test_yangjiang_example(monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_same(*_both(ROOT / "configs" / "yangjiang.yaml", monkeypatch))


def test_synth_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = partygraph.synth(communities=20, households=5000, seed=3)
    model.dump(tmp_path / "model.yaml")
    fast, slow = _both(tmp_path / "model.yaml", monkeypatch)
    _assert_same(fast, slow)
    assert fast == model
    assert len(fast.population["households"]) == 5000


def test_every_column_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_model(tmp_path, _files())
    for table, name in (
        ("households", "households.csv"),
        ("persons", "persons.csv"),
        ("central_household_links", "links.csv"),
        ("registrations", "registrations.csv"),
    ):
        assert _arrow_takes(tmp_path / name, table), table
    fast, slow = _both(path, monkeypatch)
    _assert_same(fast, slow)
    assert fast.population["persons"]["name"][1] == " 张华 "  # text keeps its spaces


def test_read_in_many_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table is read block by block; each block has its own distinct
    references, and a Chinese name may be cut in two between blocks."""
    monkeypatch.setattr(arrowtables, "BLOCK_BYTES", 4096)
    model = partygraph.synth(communities=12, households=3000, seed=5)
    model.dump(tmp_path / "model.yaml")
    tables = tmp_path / "model_tables"
    for table in TABLES:
        assert _arrow_takes(tables / f"{table}.csv", table), table
        assert (tables / f"{table}.csv").stat().st_size > 3 * 4096
    fast, slow = _both(tmp_path / "model.yaml", monkeypatch)
    _assert_same(fast, slow)
    assert fast == model


def test_a_bad_byte_far_down_goes_the_standard_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arrowtables, "BLOCK_BYTES", 64)
    rows = "".join(f"p{i},李明{i},,,,\n" for i in range(40))
    data = ("id,name,household,member,unit,in_service\n" + rows).encode() + b"p99,\xff,,,,\n"
    (tmp_path / "p.csv").write_bytes(data)
    assert not _arrow_takes(tmp_path / "p.csv", "persons")
    (tmp_path / "p.csv").write_bytes(data[: -len(b"p99,\xff,,,,\n")])
    assert _arrow_takes(tmp_path / "p.csv", "persons")


@pytest.mark.parametrize(
    "households",
    [
        "\ufeff" + HOUSEHOLDS,  # BOM
        HOUSEHOLDS.rstrip("\n"),  # no final line break
        "id,community\nh1,c1\nh2,c2\nh3,c1\n",  # optional columns left out
        "id,community,size\nh1,c1,1\nh2,c2,2\nh3,c1,0003\n户4,c1,\n",  # ids in other scripts
    ],
)
def test_plain_variants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, households: str) -> None:
    path = write_model(tmp_path, _files(households=households))
    assert _arrow_takes(tmp_path / "households.csv")
    _assert_same(*_both(path, monkeypatch))


@pytest.mark.parametrize(
    "households",
    [
        "id,community\nh1,c1\n\nh2,c2\nh3,c1\n",  # a blank line
        "id,community\r\nh1,c1\r\n\r\nh2,c2\r\nh3,c1\r\n",  # a blank line, CRLF
        "id,community\nh1,c1\nh2,c2\nh3,c1\n\n",  # a blank last line
        "id,community\r\nh1,c1\r\nh2,c2\r\nh3,c1\r\n\r\n",  # a blank last line, CRLF
        'id,community\n"",""\nh1,c1\nh2,c2\nh3,c1\n',  # a row of empty quoted cells
        'id,community\nh1," c1"\nh2,c2\nh3,c1\n',  # a padded reference in quotes
        "id,community\nh1, c1\nh2,c2\nh3,c1\n",  # a padded reference
        "id , community\nh1,c1\nh2,c2\nh3,c1\n",  # a padded header
    ],
)
def test_unusual_files_go_the_standard_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, households: str
) -> None:
    path = write_model(tmp_path, _files(households=households))
    assert not _arrow_takes(tmp_path / "households.csv")
    _assert_same(*_both(path, monkeypatch))


@pytest.mark.parametrize(
    ("table", "text"),
    [
        ("households", "id,community,size\nh1,c1,3\nh2,c1,-2\nh3,c1,x\n"),  # bad ints
        ("households", "id,community,colour\nh1,c1,red\nh2,c2,\nh3,c1,\n"),  # unknown column
        ("households", "id,community\nh1,c1\nh2,c9\nh3,c1\n"),  # unknown reference
        ("households", "id,community\nh1,c1\nh2,sd1\nh3,c1\n"),  # wrong level
        ("households", "id,community\nh1,c1\nh2,c2\nh1,c1\nh3,c1\n"),  # duplicate id
        ("households", "id,community\nh1,c1\nh2,c2\nh3,c1\nc1,c1\n"),  # an entity's id
        ("households", "id,community,residents_group\nh1,c1,g2\nh2,c2,\nh3,c1,\n"),  # placement
        ("households", "id,community\nh1,c1\nh 2,c2\nh3,c1\n"),  # malformed id
        ("households", "id,community\nh1,c1\u3000\nh2,c2\nh3,c1\n"),  # odd white space
        ("households", "id,community\nh1,c1\nh2,c2,c1\nh3,c1\n"),  # ragged row
        ("persons", "id,name,household\np1,李明,h1\np2,张华,h9\np3,王芳,\n"),  # unknown household
        ("persons", "id,name,household\np1,李明,h1\nh2,张华,h2\np3,王芳,\n"),  # a household's id
        ("persons", "id,name,member\np1,李明,member\np2,张华,\np3,王芳,\n"),  # bad enum
        ("persons", "id,name,in_service\np1,李明,maybe\np2,张华,\np3,王芳,\n"),  # bad bool
        ("links", "central_household,household,last_visit\nch1,h1,2024-02-30\nch1,h2,\n"),
        ("links", "central_household,household,last_visit\nch1,h1,2024-5-1\nch1,,\n"),
        ("registrations", "person,community,basis\np1,c1,unit_link\np2,c1,\n"),  # required
    ],
)
def test_a_problem_is_reported_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, text: str
) -> None:
    path = write_model(tmp_path, _files(**{table: text}))
    fast = _errors(path)
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    slow = _errors(path)
    assert fast == slow
    assert any(e.file and e.file.endswith(f"{table}.csv") for e in fast)


@pytest.mark.parametrize(
    "date",
    [
        "0000-01-01",
        "0001-01-01",
        "1900-02-29",
        "2000-02-29",
        "2023-02-29",
        "2024-00-10",
        "2024-04-31",
        "9999-12-31",
    ],
)
def test_dates_at_the_edges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, date: str) -> None:
    """Arrow takes exactly the dates the standard path takes."""
    links = f"central_household,household,last_visit\nch1,h1,{date}\nch1,h2,\n"
    path = write_model(tmp_path, _files(links=links))
    try:
        fast: object = partygraph.load(path)
    except ConfigError as exc:
        fast = exc.errors
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    try:
        slow: object = partygraph.load(path)
    except ConfigError as exc:
        slow = exc.errors
    assert fast == slow
    valid = date in ("0001-01-01", "2000-02-29", "9999-12-31")  # no year 0 (issue #10)
    assert isinstance(fast, partygraph.Model) == valid


def test_errors_elsewhere_do_not_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files()
    files["model.yaml"] = BASE.replace("person: p1,", "person: p9,")
    path = write_model(tmp_path, files)
    fast = _errors(path)
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    assert fast == _errors(path)
    assert "找不到 ‘p9’" in fast[0].message


def test_other_encodings_go_the_standard_way(tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_bytes("id,community\n户1,c1\n".encode("gb18030"))
    spec = TABLES["households"]
    assert arrowtables.read(tmp_path / "h.csv", spec, encoding=None, delimiter=",") is None
    assert arrowtables.read(tmp_path / "h.csv", spec, encoding="gb18030", delimiter=",") is None


def test_switched_off(tmp_path: Path, no_arrow: None) -> None:
    path = write_model(tmp_path, _files())
    assert not _arrow_takes(tmp_path / "households.csv")
    assert len(partygraph.load(path).population["persons"]) == 3


def test_lookups_mix_string_widths() -> None:
    """Past 2 GB of text a column is a large string: lookups still match."""
    pa = pytest.importorskip("pyarrow")
    keys = pa.array(["h1", "h2", "h3"], type=pa.large_string())
    values = pa.array(["h3", "", "h1", "h9"])
    assert arrowlookups.positions(values, keys).tolist() == [2, -1, 0, -1]
    assert arrowlookups.shares(values, keys)
    assert not arrowlookups.shares(pa.array(["x"]), keys)


# -- tables as Excel saves them (issue #11): CRLF, BOM, quoted cells ------------
def _excel(text: str, *, bom: bool = True) -> bytes:
    """``text`` with CRLF line ends (and a BOM), as Excel on Windows saves it."""
    return ("\ufeff" if bom else "").encode() + text.replace("\n", "\r\n").encode()


PERSONS_QUOTED = (
    "id,name,household,member,unit,in_service\n"
    'p1,"李明, 组长",h1,full,u1,TRUE\n'  # the delimiter in a quoted cell
    'p2,"张""华""",h2,,,FALSE\n'  # doubled quotes
    'p3,"王\n芳",,"probationary",u1,"Yes"\n'  # a line break, and quoted codes
)


@pytest.mark.parametrize(
    ("table", "data"),
    [
        ("households", _excel(HOUSEHOLDS)),  # CRLF and a BOM
        ("households", _excel(HOUSEHOLDS, bom=False)),
        ("households", _excel(HOUSEHOLDS).removesuffix(b"\r\n")),  # no last line end
        ("households", HOUSEHOLDS.replace("\nh2", "\r\nh2").encode()),  # LF and CRLF mixed
        ("households", b'"id","community","residents_group"\nh1,"c1","g1"\nh2,c2,\nh3,c1,""\n'),
        ("households", _excel('id,community,size\n"h1","c1",""\n"h2","c2","2"\nh3,c1,\n')),
        ("persons", PERSONS_QUOTED.encode()),
        ("persons", _excel(PERSONS_QUOTED)),
        ("persons", _excel(PERSONS_QUOTED).replace(b"\xe7\x8e\x8b\r\n", b"\xe7\x8e\x8b\n")),
        ("links", _excel('central_household,household,last_visit\n"ch1","h2","2024-05-01"\n')),
    ],
)
def test_excel_variants_take_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, data: bytes
) -> None:
    path = write_model(tmp_path, _files(**{table: data}))
    name = {"links": "central_household_links"}.get(table, table)
    assert _arrow_takes(tmp_path / f"{table}.csv", name)
    _assert_same(*_both(path, monkeypatch))


def test_quoted_cells_read_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hand-read: the cells, and the line each row starts on (p3's name spans
    lines 4 and 5, so a row after it would start on line 6)."""
    rows = PERSONS_QUOTED + "p4,赵六,h3,,,\n"
    for data, newline in ((rows.encode(), "\n"), (_excel(rows), "\r\n")):
        path = write_model(tmp_path, _files(persons=data))
        assert _arrow_takes(tmp_path / "persons.csv", "persons")
        fast, slow = _both(path, monkeypatch)
        _assert_same(fast, slow)
        persons = fast.population["persons"]
        assert persons["name"].tolist() == ["李明, 组长", '张"华"', f"王{newline}芳", "赵六"]
        assert persons.line.tolist() == [2, 3, 4, 6]
        assert persons["member"].tolist() == [0, -1, 1, -1]  # full, -, probationary, -


@pytest.mark.parametrize(
    "households",
    [
        'id,community\nh1,"c1"x\nh2,c2\nh3,c1\n',  # a character after the closing quote
        'id,community\nh1,"c1" \nh2,c2\nh3,c1\n',  # a space after the closing quote
        'id,community\nh1,c"1\nh2,c2\nh3,c1\n',  # a quote inside a cell not quoted
        'id,community\nh1,c1""\nh2,c2\nh3,c1\n',  # doubled quotes in a cell not quoted
        'id,community\nh1, "c1"\nh2,c2\nh3,c1\n',  # a space before the opening quote
        'id,community\nh1,"c1\nh2,c2\nh3,c1\n',  # a quote never closed
        'id,community\nh1,""c1\nh2,c2\nh3,c1\n',  # an empty quoted cell, then more
        "id,community\nh1,c1\rh2,c2\nh3,c1\n",  # a lone carriage return
        "id,community\r\nh1,c1\r\nh2,c2\r\nh3,c1\r",  # a last lone carriage return
        'id,"commu\nnity"\nh1,c1\nh2,c2\nh3,c1\n',  # a line break in the header
        'id,community\n"h\n1",c1\nh2,c2\nh3,c1\n',  # a line break in an id
    ],
)
def test_quotes_arrow_would_read_otherwise_go_the_standard_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, households: str
) -> None:
    """Arrow reads ``"c1"x`` as ``c1x``; the ``csv`` module refuses it: such a
    table is the standard path's, which reports it at its line."""
    path = write_model(tmp_path, _files(households=households))
    assert not _arrow_takes(tmp_path / "households.csv")
    assert _outcome(path) == _outcome(path, arrow=False, monkeypatch=monkeypatch)


def test_errors_after_a_cell_spanning_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Line numbers count the lines of the quoted cells above (hand-counted):
    the unknown household h9 is on line 7, after the two lines of p1's name
    and the three of p2's."""
    persons = (
        "id,name,household\r\n"
        'p1,"李\r\n明",h1\r\n'  # lines 2-3
        'p2,"张\n\n华",h2\r\n'  # lines 4-6
        "p3,王芳,h9\r\n"  # line 7
    )
    path = write_model(tmp_path, _files(persons=persons.encode()))
    assert _arrow_takes(tmp_path / "persons.csv", "persons")
    fast = _errors(path)
    monkeypatch.setattr(arrowtables, "ENABLED", False)
    assert fast == _errors(path)
    assert [(e.line, e.column, e.field) for e in fast] == [(7, 3, "persons.household")]


def test_quoted_cells_across_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks cut inside quoted cells, between CR and LF, and inside a
    Chinese name: the same cells and lines as the standard path."""
    monkeypatch.setattr(arrowtables, "BLOCK_BYTES", 97)
    names = ["李明", '张"华', "王\r\n芳", "赵,六", "钱\n\n七"]
    rows = "".join(
        f'p{i},"{names[i % 5].replace(chr(34), chr(34) * 2)}",h{i % 3 + 1},,,\r\n'
        for i in range(60)
    )
    data = _excel("id,name,household,member,unit,in_service\n") + rows.encode()
    path = write_model(tmp_path, _files(persons=data))
    assert _arrow_takes(tmp_path / "persons.csv", "persons")
    fast, slow = _both(path, monkeypatch)
    _assert_same(fast, slow)
    assert fast.population["persons"]["name"].tolist() == [names[i % 5] for i in range(60)]
    # Above the last row: 12 names with one line break, 11 with two.
    assert fast.population["persons"].line[-1] == 2 + 59 + 12 * 1 + 11 * 2


def _outcome(
    path: Path, *, arrow: bool = True, monkeypatch: pytest.MonkeyPatch | None = None
) -> object:
    """The model (with each table's row lines) or the errors a load gives."""
    if not arrow:
        assert monkeypatch is not None
        monkeypatch.setattr(arrowtables, "ENABLED", False)
    try:
        model = partygraph.load(path)
    except ConfigError as exc:
        return exc.errors
    finally:
        if not arrow:
            assert monkeypatch is not None
            monkeypatch.setattr(arrowtables, "ENABLED", True)
    return model, {t: model.population[t].line.tolist() for t in TABLES}


NAMES = st.lists(
    st.sampled_from(["李", "明", "a", " ", ",", '"', "\n", "\r\n", "\t", ";"]), max_size=6
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(names=st.lists(NAMES, min_size=3, max_size=6), form=st.sampled_from(["lf", "crlf", "all"]))
def test_any_names_read_the_same_both_ways(
    tmp_path_factory: pytest.TempPathFactory, names: list[str], form: str
) -> None:
    """Names with delimiters, quotes and line breaks, written by the ``csv``
    module LF, CRLF, or every cell quoted with a BOM: both paths read the
    names as written, on the lines counted by hand."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        lineterminator="\n" if form == "lf" else "\r\n",
        quoting=csv.QUOTE_ALL if form == "all" else csv.QUOTE_MINIMAL,
    )
    writer.writerow(["id", "name", "household"])
    writer.writerows([f"p{i}", name, "h1"] for i, name in enumerate(names, 1))
    data = ("\ufeff" if form == "all" else "") + buffer.getvalue()
    folder = tmp_path_factory.mktemp("names")
    path = write_model(folder, _files(persons=data.encode()))
    assert _arrow_takes(folder / "persons.csv", "persons")
    fast = _outcome(path)
    with pytest.MonkeyPatch.context() as mp:
        assert fast == _outcome(path, arrow=False, monkeypatch=mp)
    assert isinstance(fast, tuple)
    persons = fast[0].population["persons"]
    assert persons["name"].tolist() == names
    spans = [name.count("\n") for name in names]
    assert fast[1]["persons"] == [2 + i + sum(spans[:i]) for i in range(len(names))]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    place=st.integers(min_value=0, max_value=10_000),
    insert=st.sampled_from(['"', '""', "\r", "\n", ",", '"x', ' "', '\n"']),
)
def test_a_quoted_table_damaged_anywhere_reads_the_same(
    tmp_path_factory: pytest.TempPathFactory, place: int, insert: str
) -> None:
    """A stray quote, carriage return, line break or comma anywhere in an
    Excel table: the fast path gives the standard path's model, or its errors
    with the same lines and columns (it hands the table over when unsure)."""
    text = _excel(PERSONS_QUOTED + 'p4,"赵,六",h3,"full",,"no"\n').decode()
    at = place % (len(text) + 1)
    folder = tmp_path_factory.mktemp("damaged")
    path = write_model(folder, _files(persons=(text[:at] + insert + text[at:]).encode()))
    fast = _outcome(path)
    with pytest.MonkeyPatch.context() as mp:
        assert fast == _outcome(path, arrow=False, monkeypatch=mp)


@pytest.mark.parametrize(
    ("ids", "width"),
    [
        ([f"h{i:04d}" for i in range(300)], 5),  # one width in every block: packed
        ([f"h{i}" for i in range(300)], 0),  # widths differ between blocks
        (["户1", *(f"h{i}" for i in range(1, 300))], 0),  # another script
    ],
)
def test_ids_handed_to_the_lookups_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ids: list[str], width: int
) -> None:
    """The ids the resolver hashes are the ids written, whether packed at one
    width without Python strings or converted one by one."""
    from partygraph.io import arrowcsv

    monkeypatch.setattr(arrowtables, "BLOCK_BYTES", 256)
    path = tmp_path / "households.csv"
    path.write_text("id,community\n" + "".join(f"{h},c1\n" for h in ids), encoding="utf-8")
    raw = arrowcsv.read(path, TABLES["households"], None, ",")
    assert raw.fast is not None
    assert raw.fast.id_width == width
    assert raw.fast.ids.to_pylist() == ids
    assert raw.fast.columns["id"].tolist() == ids


@settings(max_examples=60, deadline=None)
@given(
    keys=st.sets(st.text("ab户1", min_size=1, max_size=3), min_size=1, max_size=30),
    values=st.lists(st.text("ab户1", max_size=4), max_size=40),
)
def test_binary_search_finds_what_hashing_finds(keys: set[str], values: list[str]) -> None:
    """Ids of one width in order are looked up by binary search; where both
    apply it agrees with Arrow's hash lookup, every value of another width,
    empty or absent included."""
    width = max(len(k.encode()) for k in keys)
    ids = sorted(k for k in keys if len(k.encode()) == width)
    ordered = SortedIds.of_strings(arrowlookups.strings(ids))
    assert ordered is not None
    wanted = arrowlookups.strings(values)
    expected = [ids.index(v) if v in ids else -1 for v in values]
    assert ordered.find(wanted).tolist() == expected
    assert arrowlookups.positions(wanted, arrowlookups.strings(ids)).tolist() == expected
    assert bool(np.any(ordered.find(wanted) >= 0)) == any(v in ids for v in values)
    # A slice of a larger array: its offsets start inside the buffer.
    assert ordered.find(arrowlookups.strings(["x", *values])[1:]).tolist() == expected
    small = type("Small", (SortedIds,), {"CHUNK": 3}).of_strings(arrowlookups.strings(ids))
    assert small.find(wanted).tolist() == expected  # compared a few at a time


def test_the_fast_path_does_not_import_pyarrow_compute() -> None:
    """Importing ``pyarrow.compute`` costs 0.12 to 0.17 s of a cold load: the
    fast path calls Arrow's functions by name instead (a new process, so that
    no other test has imported it)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from partygraph.io import arrowtables\n"
        "arrowtables.MIN_BYTES = 0\n"
        "import partygraph\n"
        f"partygraph.load({str(FIXTURES / 'small' / 'model.yaml')!r})\n"
        "print(sorted(m for m in sys.modules if m.startswith('pyarrow')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert "'pyarrow.csv'" in out  # the fast path ran
    assert "'pyarrow.compute'" not in out
