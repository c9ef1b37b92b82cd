"""A national model: the entry file, the partitioned check, the merge, Dask.

The equivalence tests check a synthetic nation of three small provinces as one
model (:func:`partygraph.synthetic.provinces.one_model`) and province by
province (serially, and on a Dask ``LocalCluster`` of two worker processes):
the findings and the provinces' coverage rows must be identical, and the
province and nation rows the sums of the cities' rows of the one model,
added up here by hand.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from partygraph.cli import main
from partygraph.errors import ConfigError, PartygraphError
from partygraph.i18n import use_language
from partygraph.io.load import load
from partygraph.model.report import Report
from partygraph.nation import check_nation, is_nation_entry, read_entry
from partygraph.nation.province import Job, check_province
from partygraph.nation.summary import summary_lines, without_nation_rows
from partygraph.rules.check import check
from partygraph.synthetic.provinces import one_model

try:
    import distributed
except ImportError:  # pragma: no cover - the dask extra not installed
    distributed = None

needs_dask = pytest.mark.skipif(
    distributed is None, reason='Dask is an optional extra: pip install "partygraph[dask]"'
)

CODES = ("11", "12", "13")


@pytest.fixture(scope="module")
def whole(nation: Path) -> Report:
    """The nation checked as one model: the three provinces as loaded, joined."""
    models = [load(nation.parent / code / "model.yaml") for code in CODES]
    return check(one_model(models, "全国"))


@pytest.fixture(scope="module")
def serial(nation: Path) -> Report:
    return check_nation(nation)


def _sums(report: Report) -> dict[tuple[str, str], tuple[int, int]]:
    """(rule, province code) -> summed (covered, total) of the cities' rows, and
    (rule, "nation") of all of them."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for c in report.coverage:
        if c.level == "city":
            for key in ((c.rule, c.node.id[:2]), (c.rule, "nation")):
                sums[key][0] += c.covered
                sums[key][1] += c.total
    return {k: (v[0], v[1]) for k, v in sums.items()}


def _assert_same(merged: Report, whole: Report) -> None:
    assert merged.findings == whole.findings
    assert without_nation_rows(merged).coverage == whole.coverage
    sums = _sums(whole)
    tops = {
        (c.rule, "nation" if c.level == "nation" else c.node.id[:2]): (c.covered, c.total)
        for c in merged.coverage
        if c.level in ("nation", "province")
    }
    assert tops == sums
    assert merged.counts() == whole.counts()


def test_synth_provinces_writes_a_nation(nation: Path) -> None:
    entry = read_entry(nation)
    assert (entry.id, entry.name) == ("000000", "全国")
    assert [(p.id, p.name) for p in entry.provinces] == [
        ("110000", "北京市"),
        ("120000", "天津市"),
        ("130000", "河北省"),
    ]
    first = load(nation.parent / "11" / "model.yaml")
    assert {d.id[:3] for d in first.divisions} == {"11-"}
    assert first.population["households"]["id"][0] == "11-h000001"
    # the national sections come from national.yaml, included once per province
    assert "include: [../national.yaml]" in (nation.parent / "12" / "model.yaml").read_text()
    assert [c.id for c in first.issue_categories][:2] == ["ic01", "ic02"]
    assert is_nation_entry(nation) and not is_nation_entry(nation.parent / "11" / "model.yaml")


def test_serial_check_equals_one_model(serial: Report, whole: Report) -> None:
    _assert_same(serial, whole)
    nation_rows = [c for c in serial.coverage if c.rule == "household.grid" and c.level == "nation"]
    # 300 households per province; household.grid leaves some out on purpose
    assert [(r.node.id, r.total) for r in nation_rows] == [("000000", 900)]
    city = next(c for c in serial.coverage if c.level == "city")
    assert city.parent == "110000"


@needs_dask
def test_local_cluster_check_equals_one_model(nation: Path, whole: Report) -> None:
    _assert_same(check_nation(nation, workers=2), whole)


@needs_dask
def test_a_running_scheduler(nation: Path, whole: Report) -> None:
    # Threads start in a tenth of a second where processes take about five:
    # the ``--workers`` path above covers the processes.
    with distributed.LocalCluster(
        n_workers=2,
        processes=False,
        threads_per_worker=1,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        _assert_same(check_nation(nation, scheduler=cluster.scheduler_address), whole)


def test_the_serial_path_imports_no_dask(nation: Path) -> None:
    code = (
        "import sys; from partygraph.nation import check_nation; "
        f"check_nation({str(nation)!r}); print('distributed' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_dask_says_what_to_install(nation: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(PartygraphError, match=r'pip install "partygraph\[dask\]"'):
        check_nation(nation, workers=2)


def test_bad_workers_and_scheduler(nation: Path) -> None:
    with pytest.raises(PartygraphError, match="--workers 应是 1 到 256 之间的整数"):
        check_nation(nation, workers=0)
    if distributed is not None:
        with pytest.raises(PartygraphError, match=r"例如 tcp://10\.0\.0\.5:8786，不是 ‘localhost’"):
            check_nation(nation, scheduler="localhost")


@pytest.fixture()
def crossing(nation: Path, tmp_path: Path) -> Path:
    """The nation with one pairing of 天津市 naming a unit of 北京市, and one of
    its grids led by a person of 北京市 (a row of its persons table)."""
    copy = tmp_path / "n"
    shutil.copytree(nation.parent, copy)
    province = copy / "12" / "model.yaml"
    lines = province.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, t in enumerate(lines) if t.startswith("pairings:"))
    unit = next(i for i in range(at, len(lines)) if lines[i].startswith("  unit: 12-"))
    lines[unit] = "  unit: 11-mu001\n"
    leader = next(i for i, t in enumerate(lines) if t.startswith("  leader: 12-p"))
    lines[leader] = "  leader: 11-p000001\n"
    province.write_text("".join(lines), encoding="utf-8")
    return copy / "nation.yaml"


def test_a_reference_across_provinces_names_both_ends(crossing: Path) -> None:
    with pytest.raises(ConfigError) as err:
        check_nation(crossing)
    grid, item = sorted(err.value.errors, key=lambda e: e.field)
    assert grid.field.startswith("grids[") and grid.field.endswith(".leader")
    assert "写了 ‘11-p000001’，它是北京市的人员“" in grid.message
    assert item.file is not None and item.file.endswith("12/model.yaml")
    lines = Path(item.file).read_text(encoding="utf-8").splitlines()
    assert item.line is not None and lines[item.line - 1] == "  unit: 11-mu001"
    assert item.field.endswith(".unit")
    message = item.message
    assert message.startswith("跨省引用：本省（天津市）的 pairings[")
    assert "‘11-mu001’，它是北京市的单位“" in message and "11/model.yaml" in message
    with use_language("en"), pytest.raises(ConfigError, match="a reference crosses provinces"):
        check_nation(crossing)


def test_a_failed_province_sends_its_unresolved_ids(crossing: Path) -> None:
    # The ids come from the loader as data (partygraph.io.unresolved), each
    # with the problems it made; no message is read back for them.
    done = check_province(Job(str(crossing.parent / "12" / "model.yaml"), "120000", "天津市"))
    assert done.report is None and sorted(done.unknown) == ["11-mu001", "11-p000001"]
    [unit] = done.unknown["11-mu001"]
    [leader] = done.unknown["11-p000001"]
    assert done.problems[unit].field.endswith(".unit")
    assert done.problems[leader].field.endswith(".leader")
    with use_language("en"):
        english = check_province(
            Job(str(crossing.parent / "12" / "model.yaml"), "120000", "天津市")
        )
    assert english.unknown == done.unknown


@needs_dask
def test_a_reference_across_provinces_on_a_cluster(crossing: Path) -> None:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=False, dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster,
        pytest.raises(ConfigError, match="跨省引用：本省（天津市）"),
    ):
        check_nation(crossing, scheduler=cluster.scheduler_address)


# -- the entry file ---------------------------------------------------------------


def _entry(folder: Path, text: str) -> Path:
    path = folder / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as err:
        read_entry(path)
    return [str(e) for e in err.value.errors]


def test_entry_problems_are_located(nation: Path) -> None:
    folder = nation.parent
    text = (
        'nation: {id: "000000", name: 全国}\n'
        "provinces:\n"
        "  - 11/model.yaml\n"
        "  - 14/model.yaml\n"
        '  - {id: "11", model: 12/model.yaml}\n'
        "  - ./11/model.yaml\n"
        "  - {id: 130000}\n"
        "colour: red\n"
    )
    found = _problems(_entry(folder, text))
    assert found == [
        f"{folder}/bad.yaml:8:1: colour: 全国入口文件不认识 ‘colour’；"
        "只能写 nation:、provinces: 和 description:",
        f"{folder}/bad.yaml:4:5: provinces[1]: 找不到省模型文件 ‘14/model.yaml’"
        "（相对于本入口文件所在的文件夹）；请改正路径，或先生成该省模型",
        f"{folder}/bad.yaml:5:5: provinces[2]: 省 ‘11’ 重复：第 3 行已列过它"
        f"（{folder}/bad.yaml）；每个省只能列一次",
        f"{folder}/bad.yaml:6:5: provinces[3]: 文件 ‘./11/model.yaml’ 重复：第 3 行已列过它；"
        "每个省的模型只能列一次",
        f"{folder}/bad.yaml:7:5: provinces[4]: "
        "provinces 的每一项应是文件路径（例如 44/model.yaml），"
        '或写 id、name、model 三项的映射（id 写 "440000"，name 写 广东省，model 写 44/model.yaml）',
    ]


def test_entry_without_nation_or_provinces(tmp_path: Path) -> None:
    found = _problems(_entry(tmp_path, "provinces: []\n"))
    assert [f.split(": ", 2)[1] for f in found] == ["nation", "provinces"]
    assert "缺少 nation:" in found[0] and "至少一个" in found[1]
    found = _problems(_entry(tmp_path, "nation: 全国\nprovinces: [a.yaml]\n"))
    assert found[0].startswith(f"{tmp_path}/bad.yaml:1:9: nation: nation: 应写 id 和 name")


def test_a_province_whose_top_is_not_a_city(nation: Path, tmp_path: Path) -> None:
    county = tmp_path / "county.yaml"
    county.write_text("divisions:\n  - {id: k1, name: 某区, level: county}\n", encoding="utf-8")
    city = tmp_path / "city.yaml"
    city.write_text("divisions:\n  - {id: '4417', name: 阳江市, level: city}\n", encoding="utf-8")
    entry = _entry(
        tmp_path,
        'nation: {id: "000000", name: 全国}\nprovinces:\n'
        "  - {id: '110000', name: 北京市, model: county.yaml}\n"
        "  - {id: '430000', name: 湖南省, model: city.yaml}\n",
    )
    with pytest.raises(ConfigError) as err:
        check_nation(entry)
    messages = [e.message for e in err.value.errors]
    # a county at the top does not load: its parent, a city, is required
    assert (
        messages[0]
        == f"北京市（{tmp_path}/county.yaml）读取失败：县(市、区)需要写上级 parent（一个市）"
    )
    assert messages[1].startswith(
        f"湖南省（{tmp_path}/city.yaml）里的市 ‘4417’（阳江市）的区划代码不以本省代码 43 开头"
    )


# -- the command ------------------------------------------------------------------


def test_check_command_on_a_nation(nation: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(nation)]) == 1  # the synthetic provinces have errors
    out = capsys.readouterr().out
    assert out.startswith("全国（000000）：3 个省，错误 ")
    assert "  北京市（110000）：错误 " in out and "全国 — 检查报告" in out
    json_out = nation.parent / "report.json"
    assert main(["check", str(nation), "-o", str(json_out)]) == 1
    report = Report.model_validate_json(json_out.read_text(encoding="utf-8"))
    assert {c.level for c in report.coverage} >= {"nation", "province", "city"}
    assert summary_lines(report)[0] == out.splitlines()[0]
    markdown = nation.parent / "report.md"
    assert main(["check", str(nation), "-o", str(markdown)]) == 1
    lines = markdown.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# 全国：检查报告" and lines[2].startswith("## 全国（000000）：3 个省")
    assert any(line.startswith("- 北京市（110000）：错误 ") for line in lines)


def test_check_options_only_for_a_nation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "tests/fixtures/rules/model.yaml", "--workers", "2"]) == 2
    assert "--workers 只用于全国模型" in capsys.readouterr().err
