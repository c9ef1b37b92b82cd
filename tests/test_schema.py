"""The JSON Schemas of model and rules files, checked with jsonschema as an editor would.

YAML is read here as the YAML language server reads it (YAML 1.2: an unquoted
date is text), and every file the loader accepts must pass; a broken copy must
fail with the path of what is wrong.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import partygraph
from partygraph.cli import main
from partygraph.rules.loader import load_rules
from partygraph.schema import DATE_PATTERN, model_schema, rules_schema

from conftest import ROOT

PACKS = ROOT / "src" / "partygraph" / "rules" / "packs"


class _Yaml12(yaml.SafeLoader):
    """YAML as the YAML language server reads it: no timestamps (dates are text)."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, r) for tag, r in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read(path: Path | str) -> Any:
    text = path.read_text(encoding="utf-8") if isinstance(path, Path) else path
    return yaml.load(text, Loader=_Yaml12)  # a SafeLoader subclass


@pytest.fixture(scope="module")
def model_validator() -> jsonschema.Draft202012Validator:
    schema = model_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def rules_validator() -> jsonschema.Draft202012Validator:
    schema = rules_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator: jsonschema.Draft202012Validator, data: Any) -> list[tuple[list[Any], str]]:
    return [(list(e.absolute_path), e.message) for e in validator.iter_errors(data)]


# -- model files --------------------------------------------------------------------
@pytest.fixture(scope="module")
def yangjiang() -> Any:
    return read(ROOT / "configs" / "yangjiang.yaml")


def test_the_shipped_example_passes(model_validator: Any, yangjiang: Any) -> None:
    assert errors(model_validator, yangjiang) == []


def test_a_broken_copy_fails_at_its_path(model_validator: Any, yangjiang: Any) -> None:
    broken = copy.deepcopy(yangjiang)
    broken["pairings"][0]["bogus"] = 1  # an unknown field
    broken["pairings"][1]["agreement_signed"] = 20230111  # a date written as a number
    broken["pairings"][2]["resources"] = "义诊服务"  # a list written as one text
    broken["snapshot"] = "2023-13"
    found = errors(model_validator, broken)
    paths = sorted(str(p) for p, _ in found)
    assert paths == sorted(
        str(p)
        for p in (
            ["pairings", 0],
            ["pairings", 1, "agreement_signed"],
            ["pairings", 2, "resources"],
            ["snapshot"],
        )
    )
    assert any("'bogus' was unexpected" in m for _, m in found)
    broken = copy.deepcopy(yangjiang)
    broken["divisionz"] = []  # a misspelt section
    assert [p for p, _ in errors(model_validator, broken)] == [[]]


MODEL = """\
partygraph: 1
name: 示例市
snapshot: 2024/6/30
include: services.yaml
divisions:
  - {id: c, name: 示例市, level: 市}
  - {id: k, name: 示例区, level: 县（市、区）, parent: c, district: 是}
  - {id: k2, name: 示例县, level: 县, parent: c, district: 否}
  - {id: sd, name: 南街道, level: 街道, parent: k}
  - {id: cm, name: 东风社区, level: 社区, parent: sd, valid_from: 2023年4月26日}
party_orgs:
  - {id: o, name: 东风社区党委, form: 党委, division: cm, joint: false}
places:
  - {id: pl, name: 幸福巷, type: 巷, community: cm}
  - {id: pl2, name: 一号楼, type: 楼栋, community: cm}
captains:
  - {id: cap, name: 巷长, scope: lane, place: pl, community: cm, duties: [环境卫生, patrol]}
households:
  - {table: households.csv}
  - {id: h2, community: cm, size: 3}
persons:
  - {id: p1, name: 张三, household: h2, member: 正式党员, in_service: 是}
"""


def write_model(folder: Path) -> Path:
    (folder / "model.yaml").write_text(MODEL, encoding="utf-8")
    (folder / "services.yaml").write_text("grids:\n  - {id: g, name: 一网格, community: cm}\n")
    (folder / "households.csv").write_text("id,community\nh1,cm\n", encoding="utf-8")
    return folder / "model.yaml"


def test_chinese_codes_and_dates_the_loader_reads_pass(
    model_validator: Any, tmp_path: Path
) -> None:
    path = write_model(tmp_path)
    m = partygraph.load(path)  # the loader takes every one of them ...
    assert m.get("k").level == "county" and m.get("pl2").type == "building"
    assert errors(model_validator, read(path)) == []  # ... and so does the schema
    assert errors(model_validator, read(tmp_path / "services.yaml")) == []


@pytest.mark.parametrize(
    ("line", "path"),
    [
        ("  - {id: c, name: 示例市, level: 镇}", ["divisions", 0, "level"]),
        ("  - {id: c, name: 示例市, level: city, district: 有}", ["divisions", 0, "district"]),
        (
            "  - {id: c, name: 示例市, level: city, valid_from: 4/26/2023}",
            ["divisions", 0, "valid_from"],
        ),
        ("  - {id: c, level: city}", ["divisions", 0]),  # no name
        ("  - {table: d.csv, sheet: 0}", ["divisions", 0, "sheet"]),
        ("  - {table: d.csv, encodng: gbk}", ["divisions", 0]),
    ],
)
def test_what_the_loader_refuses_the_schema_refuses(
    model_validator: Any, tmp_path: Path, line: str, path: list[Any]
) -> None:
    text = f"partygraph: 1\ndivisions:\n{line}\n"
    assert [p for p, _ in errors(model_validator, read(text))] == [path]
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "d.csv").write_text("id,name,level\nc,示例市,city\n", encoding="utf-8")
    with pytest.raises(partygraph.errors.PartygraphError):
        partygraph.load(tmp_path / "m.yaml")


def test_files_partygraph_writes_pass(model_validator: Any, tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "new")]) == 0
    assert errors(model_validator, read(tmp_path / "new" / "model.yaml")) == []
    small = partygraph.load(ROOT / "tests" / "fixtures" / "small" / "model.yaml")
    small.dump(tmp_path / "dumped" / "model.yaml")
    assert errors(model_validator, read(tmp_path / "dumped" / "model.yaml")) == []


def test_descriptions_are_chinese() -> None:
    schema = model_schema()
    assert schema["properties"]["households"]["description"] == "户"
    unit = schema["$defs"]["Unit"]
    assert unit["description"] == "单位（units）"
    assert unit["properties"]["type"]["description"].startswith("单位类型；可选：")
    assert "党委" in schema["$defs"]["PartyOrg"]["properties"]["form"]["enum"]


def test_the_date_pattern_is_the_loaders() -> None:
    import re

    from partygraph.model.base import read_date

    for text in ("2023-04-26", "2023/4/26", "2023.4.26", "2023年4月26日", "2023-4/26", "23/4/26"):
        assert (re.fullmatch(DATE_PATTERN.strip("^$"), text) is not None) == (
            read_date(text) is not None
        ), text


# -- rules files --------------------------------------------------------------------
@pytest.mark.parametrize("pack", ["regulations", "yangjiang"])
def test_the_built_in_packs_pass(rules_validator: Any, pack: str) -> None:
    assert errors(rules_validator, read(PACKS / f"{pack}.yaml")) == []


def test_rule_fixtures_the_loader_takes_pass(rules_validator: Any) -> None:
    path = ROOT / "tests" / "fixtures" / "rules" / "custom_rules.yaml"
    load_rules(path)
    assert errors(rules_validator, read(path)) == []


def test_a_broken_rule_fails_at_its_path(rules_validator: Any) -> None:
    data = read(PACKS / "regulations.yaml")
    data["rules"][0]["severity"] = "错误"  # the rules loader takes codes only
    data["rules"][1]["mesage"] = "错字"
    del data["rules"][2]["hint"]
    del data["rules"][3]["message_en"]  # optional: English shows the Chinese
    data["rules"][4]["applies_to"]["kind"] = "grids"  # kinds are the vocabulary's
    data["rules"][5]["require"] = {"related": {"relation": "covered_by"}}
    found = errors(rules_validator, data)
    assert sorted(str(p) for p, _ in found) == sorted(
        str(p)
        for p in (
            ["rules", 0, "severity"],
            ["rules", 1],
            ["rules", 2],
            ["rules", 4, "applies_to", "kind"],
            ["rules", 5, "require", "related"],  # an optional field: anyOf [Related, null]
        )
    )
    # ... whose best match, as an editor shows it, is the relation itself
    related = jsonschema.exceptions.best_match(
        rules_validator.iter_errors({"rules": [data["rules"][5]]})
    )
    assert related is not None and list(related.absolute_path)[-1] == "relation"
    assert "covered_by" in related.message


# -- the command ---------------------------------------------------------------------
def test_cli_writes_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "model", "-o", str(tmp_path / "m.json")]) == 0
    assert "已写出" in capsys.readouterr().out
    written = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(model_schema()))
    assert main(["schema", "rules", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "partygraph 规则文件"
    with pytest.raises(SystemExit) as exit_:
        main(["schema", "nonsense"])
    assert exit_.value.code == 2


_FOUR_LEVELS = """\
partygraph: 1
divisions:
  - {id: c, name: 市, level: city}
  - {id: k, name: 区, level: county, parent: c}
  - {id: s, name: 街, level: subdistrict, parent: k}
  - {id: cm, name: 社区, level: community, parent: s}
"""


@pytest.mark.parametrize(
    ("rows", "taken"),
    [
        ("persons:\n  - {id: p1, in_service: 'yes'}", True),  # read as a CSV cell is
        ("persons:\n  - {id: p1, in_service: 1}", True),
        ("persons:\n  - {id: p1, in_service: TRUE}", True),
        ("persons:\n  - {id: p1, in_service: 否}", True),
        ("persons:\n  - {id: p1, in_service: maybe}", False),
        ("households:\n  - {id: 101, community: cm, size: ' 3 '}", True),
        ("households:\n  - {id: h1, community: cm, colour: red}", False),
        ("persons:\n  - {id: p1, member: 预备党员}", True),
        # structure fields go to pydantic, which reads quoted numbers and yes/no words too
        ("units:\n  - {id: u, name: 单位, type: agency, members_full: '1_000'}", True),
        ("units:\n  - {id: u, name: 单位, type: agency, members_full: ' 120 '}", True),
        ("units:\n  - {id: u, name: 单位, type: agency, members_full: '-3'}", False),
        ("units:\n  - {id: u, name: 单位, type: agency, municipal: 'On'}", True),
        ("units:\n  - {id: u, name: 单位, type: agency, municipal: 是}", True),
        ("units:\n  - {id: u, name: 单位, type: agency, municipal: ' yes '}", False),
        ("units:\n  - {id: u, name: 单位, type: agency, municipal: 2}", False),
        ("compounds:\n  - {id: x, name: 小区, community: cm, x: '1e3', y: '.5'}", True),
        ("compounds:\n  - {id: x, name: 小区, community: cm, x: 'nan'}", False),
        ("units:\n  - {id: 7, name: 单位, type: agency}", False),
        ("units:\n  - {id: u, name: 单位, type: ' agency '}", False),
    ],
)
def test_bulk_rows_as_the_loader_reads_them(
    model_validator: Any, tmp_path: Path, rows: str, taken: bool
) -> None:
    text = _FOUR_LEVELS + rows + "\n"
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    try:
        partygraph.load(tmp_path / "m.yaml")
        loaded = True
    except partygraph.errors.PartygraphError:
        loaded = False
    assert loaded is taken  # the loader, by hand
    assert (errors(model_validator, read(text)) == []) is taken  # and the schema agree


def test_what_json_cannot_tell_apart(model_validator: Any, tmp_path: Path) -> None:
    """``size: 3.0``: the loader refuses a decimal point, but 3.0 and 3 are one JSON
    number, so the schema takes it (docs/schema.md says so); validate tells."""
    text = _FOUR_LEVELS + "households:\n  - {id: h1, community: cm, size: 3.0}\n"
    assert errors(model_validator, read(text)) == []
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(partygraph.errors.PartygraphError, match="不是整数"):
        partygraph.load(tmp_path / "m.yaml")
