"""Loading valid configurations: includes, CSV tables in their forms, dump and load."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest

import partygraph
from partygraph.errors import ConfigError, PartygraphError
from partygraph.io import companions, dump
from partygraph.io.atomic import write_atomic
from partygraph.model import SECTIONS, Model
from partygraph.model.population import TABLES

from conftest import write_model

HEAD = """\
partygraph: 1
name: 测试市
divisions:
  - {id: city, name: 示例市, level: city}
  - {id: dist, name: 城区, level: county, parent: city}
  - {id: sd1, name: 南街道, level: subdistrict, parent: dist}
  - {id: c1, name: 东风社区, level: community, parent: sd1}
  - {id: c2, name: 西湖社区, level: community, parent: sd1}
"""


# -- includes -----------------------------------------------------------------
def test_includes_are_relative_to_the_including_file_and_nest(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD + "include: [parts/units.yaml]\n",
            "parts/units.yaml": (
                "include: [more/services.yaml]\n"
                "units:\n  - {id: u1, name: 市财政局, type: agency, municipal: true}\n"
            ),
            "parts/more/services.yaml": (
                "service_centres:\n"
                "  - {id: sc1, name: 东风社区党群服务中心, level: community, division: c1}\n"
                "households: {table: ../../tables/households.csv}\n"
            ),
            "tables/households.csv": "id,community\nh1,c1\n",
        },
    )
    model = partygraph.load(path)
    assert [u.id for u in model.units] == ["u1"]
    assert [s.id for s in model.service_centres] == ["sc1"]
    assert model.population["households"]["id"].tolist() == ["h1"]


def test_sections_from_several_files_are_merged_in_order(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "  - {id: c3, name: 南山社区, level: community, parent: sd1}\n"
            + "include: [more.yaml]\n",
            "more.yaml": "divisions:\n"
            + "  - {id: c4, name: 北山社区, level: community, parent: sd1}\n",
        },
    )
    ids = [d.id for d in partygraph.load(path).divisions]
    assert ids == ["city", "dist", "sd1", "c1", "c2", "c3", "c4"]


def test_include_cycle_is_an_error(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {"model.yaml": HEAD + "include: sub/a.yaml\n", "sub/a.yaml": "include: [../model.yaml]\n"},
    )
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    (error,) = info.value.errors
    assert (Path(error.file or "").name, error.line, error.column) == ("a.yaml", 1, 11)
    assert "循环包含：model.yaml -> a.yaml -> model.yaml" in error.message


def test_yaml_merge_keys_work_as_in_safe_load(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "units:\n"
            + "  - &fin {id: u1, name: 市财政局, type: agency, municipal: true}\n"
            + "  - {<<: *fin, id: u2, name: 市教育局}\n",
        },
    )
    second = partygraph.load(path).units[1]
    assert (second.id, second.name, second.type, second.municipal) == (
        "u2",
        "市教育局",
        "agency",
        True,
    )


# -- CSV tables ---------------------------------------------------------------
def test_structure_section_from_a_csv_table_with_list_cells(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "places: {table: places.csv}\n"
            + "captains: {table: captains.csv}\n",
            "places.csv": "id,name,type,community\npl1,人民路,street,c1\npl2,幸福巷,lane,c2\n",
            "captains.csv": (
                "id,name,scope,place,community,duties,valid_from\n"
                "cap1,人民路街长,street,pl1,c1,sanitation; patrol,2024-01-01\n"
                "cap2,幸福巷巷长,lane,pl2,c2,,\n"
            ),
        },
    )
    model = partygraph.load(path)
    assert [(p.id, p.name, p.type) for p in model.places] == [
        ("pl1", "人民路", "street"),
        ("pl2", "幸福巷", "lane"),
    ]
    first, second = model.captains
    assert first.duties == ["sanitation", "patrol"]
    assert first.valid_from is not None and first.valid_from.isoformat() == "2024-01-01"
    assert second.duties == ["sanitation", "publicity", "patrol", "traffic"]  # the default


def test_csv_section_reads_chinese_booleans_and_reports_rows_by_line(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": "partygraph: 1\ndivisions: {table: divisions.csv}\n",
            "divisions.csv": (
                "id,name,level,parent,model_community\n"
                "city,示例市,city,,\n"
                "dist,城区,county,city,\n"
                "sd1,南街道,subdistrict,dist,\n"
                "c1,东风社区,community,sd1,是\n"
                "c2,西湖社区,community,sd1,否\n"
                "c3,南山社区,community,sd1,也许\n"
            ),
        },
    )
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    (error,) = info.value.errors
    assert (Path(error.file or "").name, error.line, error.column) == ("divisions.csv", 7, 5)
    assert error.field == "divisions[5].model_community"
    (tmp_path / "divisions.csv").write_text(
        (tmp_path / "divisions.csv").read_text(encoding="utf-8").replace("也许", ""),
        encoding="utf-8",
    )
    model = partygraph.load(path)
    assert [d.model_community for d in model.divisions] == [False] * 3 + [True, False, False]


def test_inline_yaml_rows_for_a_bulk_table(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "households:\n"
            + "  - {id: h1, community: c1, size: 3}\n"
            + "  - {id: h2, community: c2}\n"
            + "persons:\n"
            + "  - {id: p1, name: 李明, household: h1, member: full, in_service: 是}\n",
        },
    )
    pop = partygraph.load(path).population
    hh = pop["households"]
    assert hh["id"].tolist() == ["h1", "h2"]
    assert hh["community"].tolist() == [3, 4]  # codes: row order of divisions
    assert hh["size"].tolist() == [3, -1]
    assert hh.where(1) == (str(path), 11)
    persons = pop["persons"]
    assert persons["household"].tolist() == [0]
    assert persons["member"].tolist() == [0]
    assert persons["in_service"].tolist() == [True]


def test_one_bulk_table_from_several_sources(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD
            + "households:\n"
            + "  - {table: east.csv}\n"
            + "  - {table: west.csv}\n"
            + "  - {id: h9, community: c2}\n",
            "east.csv": "id,community\nh1,c1\nh2,c1\n",
            "west.csv": "community,id,size\nc2,h3,4\nc2,h4,x\n",
        },
    )
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    (error,) = info.value.errors
    assert (Path(error.file or "").name, error.line, error.column) == ("west.csv", 3, 3)
    (tmp_path / "west.csv").write_text("community,id,size\nc2,h3,4\nc2,h4,1\n", encoding="utf-8")
    hh = partygraph.load(path).population["households"]
    assert hh["id"].tolist() == ["h1", "h2", "h3", "h4", "h9"]
    assert hh["size"].tolist() == [-1, -1, 4, 1, -1]
    assert [Path(f).name for f in hh.files] == ["east.csv", "west.csv", "model.yaml"]
    assert hh.where(3) == (str(tmp_path / "west.csv"), 3)


@pytest.mark.parametrize(("delimiter", "yaml_delimiter"), [(";", "';'"), ("\t", '"\\t"')])
def test_delimiter_option(tmp_path: Path, delimiter: str, yaml_delimiter: str) -> None:
    rows = ["id,name,member", f'p1,"李{delimiter}明",full', "p2,张华,"]
    path = write_model(
        tmp_path,
        {
            "model.yaml": HEAD + f"persons: {{table: p.csv, delimiter: {yaml_delimiter}}}\n",
            "p.csv": "\n".join(r.replace(",", delimiter) for r in rows) + "\n",
        },
    )
    persons = partygraph.load(path).population["persons"]
    assert persons["id"].tolist() == ["p1", "p2"]
    assert persons["name"].tolist() == [f"李{delimiter}明", "张华"]
    assert persons["member"].tolist() == [0, -1]


@pytest.mark.parametrize(
    "csv",
    [
        'id,name,member\n p1 , 李 明 ,full \n"p2","张华",\n',  # quotes: the csv module reads it
        "id,name,member\n p1 , 李 明 ,full \np2,张华,\n",  # no quotes: split as plain text
        "id , name,member\np1, 李 明 ,\tfull\np2,张华,\n",
    ],
)
def test_spaces_around_cells_are_trimmed_except_in_text(tmp_path: Path, csv: str) -> None:
    path = write_model(tmp_path, {"model.yaml": HEAD + "persons: {table: p.csv}\n", "p.csv": csv})
    persons = partygraph.load(path).population["persons"]
    assert persons["id"].tolist() == ["p1", "p2"]
    assert persons["name"].tolist() == [" 李 明 ", "张华"]
    assert persons["member"].tolist() == [0, -1]


# -- dump and load ------------------------------------------------------------
def test_dump_then_load_is_the_identity_on_the_small_model(
    small_model_path: Path, tmp_path: Path
) -> None:
    model = partygraph.load(small_model_path)
    model.dump(tmp_path / "out" / "model.yaml")
    again = partygraph.load(tmp_path / "out" / "model.yaml")
    assert again == model
    assert again.population["persons"]["name"].tolist() == ["李明", "张华", "王芳", "赵强", "陈静"]
    again.dump(tmp_path / "out2.yaml")
    assert partygraph.load(tmp_path / "out2.yaml") == model


def test_dump_writes_long_sections_as_csv_tables(
    small_model_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dump, "TABLE_MIN_ROWS", 2)
    model = partygraph.load(small_model_path)
    model.dump(tmp_path / "m.yaml")
    tables = sorted(p.name for p in (tmp_path / "m_tables").iterdir())
    assert "divisions.csv" in tables and "households.csv" in tables
    assert "expanded_bodies.csv" not in tables  # one entity only, kept in YAML
    assert partygraph.load(tmp_path / "m.yaml") == model


def test_dump_writes_whole_files_with_the_usual_mode(
    small_model_path: Path, tmp_path: Path
) -> None:
    model = partygraph.load(small_model_path)
    model.dump(tmp_path / "m.yaml")
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == [
        "m.yaml",
        "m_tables/central_household_links.csv",
        "m_tables/households.csv",
        "m_tables/persons.csv",
        "m_tables/registrations.csv",
    ]
    umask = os.umask(0o022)
    os.umask(umask)
    assert (tmp_path / "m.yaml").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_failing_dump_leaves_the_previous_files_intact(
    small_model_path: Path, tmp_path: Path
) -> None:
    model = partygraph.load(small_model_path)
    model.dump(tmp_path / "m.yaml")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    broken = model.model_copy(update={"name": "改名后"})
    broken.population["households"].columns["community"] = np.array([0, 0, 99, 0], np.int32)
    with pytest.raises(PartygraphError, match=r"households\.community: a code is out of range"):
        broken.dump(tmp_path / "m.yaml")
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("old: 1\n", encoding="utf-8")

    class DiskFullError(Exception):
        pass

    with pytest.raises(DiskFullError), write_atomic(path) as f:
        f.write("new: ")
        raise DiskFullError
    assert path.read_text(encoding="utf-8") == "old: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.yaml"]


def test_dumped_text_that_yaml_folds_or_escapes_comes_back(tmp_path: Path) -> None:
    for model in (
        Model(name="示例市\x85（测试）", description="第一行\n第二行\u2028续"),
        Model(name="响铃\x07", description="空字符\x00与响铃\x07"),
    ):
        model.dump(tmp_path / "m.yaml")
        assert partygraph.load(tmp_path / "m.yaml") == model


def test_dump_repeats_the_description_as_a_comment_on_top(tmp_path: Path) -> None:
    Model(name="示例", description="示意数据（合成）\nIllustrative").dump(tmp_path / "m.yaml")
    head = (tmp_path / "m.yaml").read_text(encoding="utf-8").splitlines()[:3]
    assert head == ["# 示意数据（合成）", "# Illustrative", "partygraph: 1"]


# -- docs/config.md stays true --------------------------------------------------
DOC = (Path(__file__).resolve().parent.parent / "docs" / "config.md").read_text(encoding="utf-8")


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def test_doc_names_every_section_table_and_column() -> None:
    names = [*SECTIONS, *TABLES] + [c.name for t in TABLES.values() for c in t.columns]
    names += [
        n for c in companions.COMPANIONS.values() for n in (c.name, c.key, *c.row.model_fields)
    ]
    missing = [n for n in names if f"`{n}`" not in DOC]
    assert not missing, f"docs/config.md does not mention {missing}"


#: What the docs' section examples refer to but do not write themselves.
DOC_STUBS = (
    "units:\n"
    "  - {id: u-sch, name: 东风小学, type: school, division: c1}\n"
    "  - {id: u-rc1, name: 东风社区居委会, type: residents_committee, division: c1}\n"
    "  - {id: u-oc1, name: 锦绣小区业委会, type: owners_committee, division: c1}\n"
    "households: [{id: h1, community: c1}]\n"
    "persons: [{id: p1}, {id: p2}, {id: p3}, {id: p4}]\n"
)
DOC_ENTRY = "partygraph: 1\nname: 文档示例\ninclude: [stubs.yaml]\n"


def _doc_sections() -> str:
    return DOC.split("## 4.")[1].split("## 5.")[0]


def test_doc_section_examples_load_together(tmp_path: Path) -> None:
    sections = _doc_sections()
    text = DOC_ENTRY + "".join(_yaml_blocks(sections))
    path = write_model(tmp_path, {"model.yaml": text, "stubs.yaml": DOC_STUBS})
    model = partygraph.load(path)
    assert all(model.count(name) for name in SECTIONS)


def test_doc_companion_examples_load_with_the_section_examples(tmp_path: Path) -> None:
    sections = _doc_sections()
    companions = DOC.split("### 附表")[1].split("## 6.")[0]
    csv_text = re.findall(r"```text\n(.*?)```", companions, flags=re.S)[0]
    text = DOC_ENTRY + "".join(_yaml_blocks(sections)) + "".join(_yaml_blocks(companions))
    files = {"model.yaml": text, "stubs.yaml": DOC_STUBS, "服务项目.csv": csv_text}
    path = write_model(tmp_path, files)
    model = partygraph.load(path)
    centre = next(c for c in model.service_centres if c.id == "sc-c1")
    assert [i.id for i in centre.items] == ["sc-c1-i1", "sc-c1-i2", "sc-c1-i3", "sc-c1-i4"]
    assert [p.person for p in model.expanded_bodies[0].part_time_members] == ["p2", "p3"]
    assert model.teams[0].meetings[-1].kind == "工作例会"
    bad = csv_text.replace("法律咨询,p2", "法律咨询,p9")
    write_model(tmp_path, {"服务项目.csv": bad})
    with pytest.raises(ConfigError) as info:
        partygraph.load(path)
    [e] = info.value.errors
    assert (Path(e.file or "").name, e.line, e.column, e.field) == (
        "服务项目.csv",
        3,
        4,
        "service_items[1].responsible",
    )
    assert e.message.startswith("找不到 ‘p9’：persons 表里没有这个编号")


def test_doc_minimal_example_loads(tmp_path: Path) -> None:
    path = write_model(
        tmp_path,
        {
            "model.yaml": _yaml_blocks(DOC)[0],
            "services.yaml": "",
            "households.csv": "id,community\nh1,c1\n",
            "persons.csv": "id,name,household\np1,李明,h1\n",
        },
    )
    assert partygraph.load(path).party_orgs[0].secretary == "p1"
