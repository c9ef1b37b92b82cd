"""One id grammar for YAML and CSV (issue #10): ``p²`` was a valid id in a CSV
table (Python's ``\\w`` takes ``²``) that no YAML reference could name (the
model's pattern did not).  Both now ask :func:`partygraph.model.base.is_id`:
letters of any script, marks, decimal digits and ``_ - . : /``, in NFC."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from hostile._support import RULES_MODEL, run
from partygraph.model.base import all_ids, is_id

SECRETARY = "secretary: p1}"  # o-c1's secretary, line 35 of the rules model


@pytest.fixture
def model(tmp_path: Path) -> Path:
    for source in RULES_MODEL.parent.glob("*"):
        if source.suffix in (".yaml", ".csv"):
            shutil.copy(source, tmp_path / source.name)
    return tmp_path / "model.yaml"


def _rename_p1(model: Path, new: str) -> None:
    """Add a person ``new`` at the end of persons.csv and make it o-c1's secretary."""
    persons = model.parent / "persons.csv"
    rows = persons.read_text(encoding="utf-8")
    persons.write_text(rows + f"{new},新人,h1,full,,,false\n", encoding="utf-8")
    text = model.read_text(encoding="utf-8")
    assert SECRETARY in text
    model.write_text(text.replace(SECRETARY, f"secretary: {new}}}"), encoding="utf-8")


@pytest.mark.parametrize("new", ["党员1", "p-1.a:b/c", "Ünal"])
def test_an_id_valid_in_one_is_valid_in_both(
    model: Path, new: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _rename_p1(model, new)
    code, _, err = run(capsys, "validate", str(model))
    assert code == 0, err


@pytest.mark.parametrize("new", ["p²", "p½", "p\u2003", unicodedata.normalize("NFD", "Ünal")])
def test_an_id_refused_in_one_is_refused_in_both(
    model: Path, new: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _rename_p1(model, new)
    code, _, err = run(capsys, "validate", str(model))
    assert code == 2
    # The table's message is Chinese (io.columns), the YAML one may not be yet.
    said = ("not a valid id", "不是有效的编号")
    lines = [line for line in err.splitlines() if any(s in line for s in said)]
    rows = (model.parent / "persons.csv").read_text(encoding="utf-8").count("\n")
    # Once in the table (its last line), once in the YAML (o-c1's secretary, line 35).
    assert sorted(int(line.split(":")[1]) for line in lines) == sorted([35, rows]), err
    assert all(new in line or repr(new)[1:-1] in line for line in lines), err
    assert any(":35:" in line and "secretary" in line for line in lines), err


def test_the_grammar_by_hand() -> None:
    assert is_id("c-01") and is_id("东风社区") and is_id("é")
    assert not is_id("") and not is_id("a b") and not is_id("p²") and not is_id("x" * 129)
    assert not is_id("e\u0301")  # NFD: write it composed (NFC)
    assert all_ids("a\n户1\n\nb") and not all_ids("a\np²")
