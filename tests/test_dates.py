"""Dates as Excel writes them (issue #11, item 3): ``2023/4/26``, ``2023-4-26``,
``2023.4.26`` and ``2023年4月26日`` read as the day, each noted where it stands;
``dump`` writes ``2023-04-26``; anything else refused in plain words."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest

import partygraph
from partygraph.errors import ConfigError
from partygraph.io import arrowtables
from partygraph.io.scalars import excel_serial_date, read_date
from partygraph.normalised import Record

from conftest import ROOT

SMALL = ROOT / "tests" / "fixtures" / "small"
PAIRING = "agreement_signed: 2023-03-01}"
LINK = "last_visit: 2024-05-01}"
REGISTRATION = "  - {person: p4, community: c1, basis: unit_link, unit: u-fin, date: 2023-04-01}\n"


def small(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of the small fixture with ``(old, new)`` text replacements in model.yaml."""
    for source in SMALL.iterdir():
        shutil.copy(source, tmp_path / source.name)
    model = tmp_path / "model.yaml"
    text = model.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    model.write_text(text, encoding="utf-8")
    return model


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        partygraph.load(path)
    return [str(e).replace(str(path.parent) + "/", "") for e in caught.value.errors]


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2023-04-26", dt.date(2023, 4, 26)),
        ("2023/4/26", dt.date(2023, 4, 26)),
        ("2023-4-26", dt.date(2023, 4, 26)),
        ("2023.4.26", dt.date(2023, 4, 26)),
        ("2023/04/06", dt.date(2023, 4, 6)),
        ("2023年4月26日", dt.date(2023, 4, 26)),
        ("2024/2/29", dt.date(2024, 2, 29)),
    ],
)
def test_the_forms_read(written: str, day: dt.date) -> None:
    assert read_date(written) == day


@pytest.mark.parametrize(
    "written",
    ["2023/13/40", "2023/2/29", "2023/4-26", "4/26/2023", "23/4/26", "2023年4月", "0000/1/1", ""],
)
def test_what_is_not_a_day_is_none(written: str) -> None:
    assert read_date(written) is None


def test_a_yaml_date_as_excel_writes_it_is_read_and_noted(tmp_path: Path) -> None:
    path = small(
        tmp_path,
        (PAIRING, "agreement_signed: 2023/3/1}"),
        ("snapshot: 2024-06-30", "snapshot: 2024年6月30日"),
    )
    record = Record()
    model = partygraph.load(path, normalised=record)
    assert model.snapshot == dt.date(2024, 6, 30)
    assert model.pairings[0].agreement_signed == dt.date(2023, 3, 1)
    notes = [str(n).replace(str(tmp_path) + "/", "") for n in record.notes]
    line = path.read_text(encoding="utf-8").splitlines()[51]
    column = line.index("2023/3/1") + 1
    assert notes == [
        "model.yaml:4:11: snapshot: “2024年6月30日” 读作 “2024-06-30”（日期写法）",
        f"model.yaml:52:{column}: pairings[0].agreement_signed: "
        "“2023/3/1” 读作 “2023-03-01”（日期写法）",
    ]
    assert record.counts["日期写法"] == 2


def test_dump_writes_the_canonical_date_and_reads_it_back(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    path = small(
        tmp_path / "in", (PAIRING, "agreement_signed: 2023.3.1}"), (LINK, "last_visit: 2024/5/1}")
    )
    model = partygraph.load(path)
    model.dump(tmp_path / "out" / "model.yaml")
    written = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.*"))
    assert "2023-03-01" in written and "2024-05-01" in written
    assert "2023.3.1" not in written and "2024/5/1" not in written
    record = Record()
    again = partygraph.load(tmp_path / "out" / "model.yaml", normalised=record)
    assert again.pairings[0].agreement_signed == dt.date(2023, 3, 1)
    assert record.total == 0  # written canonical: nothing left to normalise


def test_a_date_cell_of_a_bulk_table_written_inline(tmp_path: Path) -> None:
    path = small(tmp_path, (LINK, "last_visit: 2024/5/1}"))
    record = Record()
    model = partygraph.load(path, normalised=record)
    visits = model.population["central_household_links"].columns["last_visit"]
    assert visits[0] == np.datetime64("2024-05-01")
    (note,) = record.notes
    assert (note.line, note.field, note.written, note.read_as) == (
        60,
        "central_household_links.last_visit",
        "2024/5/1",
        "2024-05-01",
    )


def _registrations_table(tmp_path: Path, dates: list[str]) -> Path:
    rows = "".join(f"p4,c1,unit_link,u-fin,{d}\n" for d in dates)
    (tmp_path / "registrations.csv").write_text("person,community,basis,unit,date\n" + rows)
    return small(
        tmp_path, (f"registrations:\n{REGISTRATION}", "registrations: {table: registrations.csv}\n")
    )


EXCEL_FORMS = ["2023/4/1", "2023-4-1", "2023.4.1", "2023年4月1日", "2023/04/01", "2023-04-01"]


def test_a_csv_date_column_as_excel_writes_it_matches_the_iso_one(tmp_path: Path) -> None:
    (tmp_path / "excel").mkdir()
    (tmp_path / "iso").mkdir()
    record = Record()
    excel = partygraph.load(
        _registrations_table(tmp_path / "excel", EXCEL_FORMS), normalised=record
    )
    iso = partygraph.load(_registrations_table(tmp_path / "iso", ["2023-04-01"] * 6))
    got = excel.population["registrations"].columns["date"]
    assert got.tolist() == iso.population["registrations"].columns["date"].tolist()
    assert set(got.tolist()) == {dt.date(2023, 4, 1)}
    # Each form but the canonical one is noted, at its line and column (5th).
    assert [(n.line, n.column, n.written) for n in record.notes] == [
        (i + 2, 5, form) for i, form in enumerate(EXCEL_FORMS[:-1])
    ]


def test_the_fast_path_reads_excel_dates_as_the_standard_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    path = _registrations_table(tmp_path, EXCEL_FORMS * 50)
    standard_record, fast_record = Record(), Record()
    standard = partygraph.load(path, normalised=standard_record)
    monkeypatch.setattr(arrowtables, "MIN_BYTES", 0)
    fast = partygraph.load(path, normalised=fast_record)
    for name in ("date", "person", "community"):
        a = standard.population["registrations"].columns[name]
        b = fast.population["registrations"].columns[name]
        assert a.tolist() == b.tolist(), name
    assert fast_record.notes == standard_record.notes
    assert fast_record.counts == standard_record.counts == {"日期写法": 250}


def test_a_date_cell_that_is_no_day_is_refused_with_a_form_to_write(tmp_path: Path) -> None:
    path = _registrations_table(tmp_path, ["2023/13/40", "0000-04-01", "20230401"])
    assert errors_of(path) == [
        "registrations.csv:2:5: registrations.date: "
        "日期‘2023/13/40’无法识别，请写成 2023-04-26 或 2023/4/26",
        "registrations.csv:3:5: registrations.date: "
        "日期‘0000-04-01’无法识别：没有公元 0 年，请写成 2023-04-26 这样的日期（从 0001 年起）",
        "registrations.csv:4:5: registrations.date: "
        "日期写成了数字 20230401，请写成 2023-04-01（年-月-日）",
    ]


def test_a_number_for_a_date_is_refused_plainly(tmp_path: Path) -> None:
    path = small(tmp_path, ("snapshot: 2024-06-30", "snapshot: 20240630"))
    (error,) = errors_of(path)
    assert (
        error == "model.yaml:4:11: snapshot: 日期写成了数字 20240630，请写成 2024-06-30（年-月-日）"
    )
    assert "zero time" not in error


def test_an_entry_date_that_is_no_day_is_refused_at_its_place(tmp_path: Path) -> None:
    path = small(tmp_path, (PAIRING, "agreement_signed: 2023/13/40}"))
    (error,) = errors_of(path)
    assert error.startswith("model.yaml:52:")
    assert (
        "pairings[0].agreement_signed: 日期‘2023/13/40’无法识别，请写成 2023-04-26 或 2023/4/26"
        in error
    )


def test_a_time_of_day_is_refused(tmp_path: Path) -> None:
    path = small(tmp_path, (PAIRING, "agreement_signed: 2023-03-01 10:30:00}"))
    (error,) = errors_of(path)
    assert "日期‘2023-03-01 10:30:00’带有时刻，这里只要日期，请写成 2023-03-01" in error


@pytest.mark.parametrize(
    ("serial", "day"),
    [
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (45042, dt.date(2023, 4, 26)),
        (45107.0, dt.date(2023, 6, 30)),
        (2958465, dt.date(9999, 12, 31)),
    ],
)
def test_excel_serial_numbers(serial: float, day: dt.date) -> None:
    assert excel_serial_date(serial) == day


@pytest.mark.parametrize("serial", [0, 60, -1, 45042.5, 2958466])
def test_excel_serial_numbers_that_are_no_day(serial: float) -> None:
    # 60 is 1900-02-29, which Excel counts and no calendar has.
    with pytest.raises(ValueError, match="日期写成了数字"):
        excel_serial_date(serial)
