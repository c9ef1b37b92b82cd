"""partygraph diff on the shipped snapshots: Chinese tables, formats, --fail-on-new, --scope."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from partygraph.cli import main

OLD, NEW = "configs/yangjiang-2022.yaml", "configs/yangjiang.yaml"
SMALL = "tests/fixtures/rules/model.yaml"


def test_a_grid_leader_leaving_is_a_new_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import partygraph
    from partygraph.change.edit import remove

    m = partygraph.load(SMALL)
    leader = next(g.leader for g in m.grids if g.leader)
    remove(m, [leader]).dump(tmp_path / "later.yaml")
    assert main(["diff", SMALL, str(tmp_path / "later.yaml"), "--fail-on-new", "error"]) == 1
    out = capsys.readouterr().out
    assert "新出现的错误" in out and "（grid.leader）" in out
    assert main(["diff", SMALL, SMALL, "--fail-on-new", "error"]) == 0


@pytest.mark.slow  # loads and checks both shipped snapshots (about 10 s)
def test_diff_with_check_leads_with_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "--check", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith("阳江市城市基层党建（2022 年，示意数据）（2022-06-30） → ")
    assert out.index("主要覆盖率") < out.index("结构实体（按类）") < out.index("问题（按严重程度）")
    # the compound branches set up during the year, in the headline
    line = next(x for x in out.splitlines() if x.strip().startswith("小区党的组织覆盖"))
    assert line.split()[1:] == ["4.6%（30/651）", "6.1%（40/651）", "+1.5", "个百分点"]
    assert "新增的党组织（46 个）" in out and "……另有 43 个" in out


@pytest.mark.slow  # loads and checks both shipped snapshots (about 10 s)
def test_fail_on_new_error(capsys: pytest.CaptureFixture[str]) -> None:
    # 石湾南社区, split off during the year, has households in no grid: one new error
    assert main(["diff", OLD, NEW, "--fail-on-new", "error"]) == 1
    assert "石湾南社区（441702001017）：住户未纳入网格（household.grid）" in capsys.readouterr().out


@pytest.mark.slow  # loads and checks both shipped snapshots (about 10 s)
def test_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "--check", "-o", str(tmp_path / "d.json")]) == 0
    data = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert data["diff"]["new"]["snapshot"] == "2023-06-30"
    assert data["report"]["counts_before"]["error"] > 0
    assert main(["diff", OLD, NEW, "-o", str(tmp_path / "d.csv")]) == 0
    text = (tmp_path / "d.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff类别,项目,编号,名称,字段,基期,本期,变化")
    rows = list(csv.reader(text.lstrip("\ufeff").splitlines()))
    assert ["结构实体", "党组织", "", "", "", "1216", "1262", "46"] in rows
    assert main(["diff", OLD, NEW, "-o", str(tmp_path / "d.md")]) == 0
    md = (tmp_path / "d.md").read_text(encoding="utf-8")
    assert md.startswith("# ") and "|项目|基期|本期|变化|" in md
    assert main(["diff", OLD, NEW, "--check", "-o", str(tmp_path / "d.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "d.xlsx")
    assert book.sheetnames == ["总体", "明细"]
    assert book["总体"]["A3"].value == "主要覆盖率"
    assert "已写出" in capsys.readouterr().out


def test_xlsx_guards_formulas(tmp_path: Path) -> None:
    from partygraph.change.data import ModelDiff, Snapshot
    from partygraph.change.xlsx import write_xlsx

    write_xlsx(
        ModelDiff(old=Snapshot(name="=HYPERLINK(1)"), new=Snapshot(name="b")),
        None,
        tmp_path / "x.xlsx",
    )
    cell = openpyxl.load_workbook(tmp_path / "x.xlsx")["总体"]["A1"]
    # a string cell: shown as the text it is, never run as a formula
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK(1) → b")


@pytest.mark.slow  # loads and checks both shipped snapshots (about 10 s)
def test_scope_by_name_and_a_community_only_the_new_year_has(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["diff", OLD, NEW, "--scope", "石湾南社区", "--check"]) == 0
    out = capsys.readouterr().out
    assert "范围：441702001017" in out
    assert main(["diff", OLD, NEW, "--scope", "没有这个地方"]) == 2
    assert "--scope" in capsys.readouterr().err


def test_english() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "partygraph", "diff", SMALL, SMALL, "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path("src").resolve())},
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()[1] == "the two snapshots are the same."


def test_an_output_suffix_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", OLD, NEW, "-o", str(tmp_path / "d.docx")]) == 2
    assert ".docx" in capsys.readouterr().err
