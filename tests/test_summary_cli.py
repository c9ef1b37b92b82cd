"""Summary counts and the validate/summary commands, on the hand-checked small model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import partygraph
from partygraph.cli import main
from partygraph.report.summary import summarize


def test_summary_counts_the_small_model(small_model_path: Path) -> None:
    s = summarize(partygraph.load(small_model_path))
    assert s["figures"] == {
        "communities": 2,
        "subdistricts": 1,
        "expanded_working_committees": 0,
        "expanded_committees": 1,
        "community_committees": 1,  # o-c1 covers c1 with form committee
        "compound_branches": 1,
        "captains": 1,
        "paired_units": 1,
        "registered_members": 1,
        "central_households": 1,
        "volunteer_teams": 1,
        "reserve_cadres": 1,
        "model_communities": 1,
        "households": 4,
        "persons": 5,
    }
    assert s["forms"]["community"] == {"branch": 1, "committee": 1, "expanded_committee": 1}
    assert s["forms"]["compound"] == {"branch": 1}
    assert s["kinds"]["service_item"] == 2
    assert s["kinds"]["residents_group"] == 2


def test_graph_has_one_node_per_entity_and_post_holder(small_model_path: Path) -> None:
    model = partygraph.load(small_model_path)
    g = model.to_networkx()
    entities = len(model.entities()) + sum(len(c.items) for c in model.service_centres)
    post_holders = {"p1", "p2", "p3", "p4"}  # secretary/leader/captain/reserve cadre ...
    assert g.number_of_nodes() == entities + len(post_holders)
    full = model.to_networkx(population=True)
    assert full.number_of_nodes() == entities + 4 + 5  # + households + persons
    assert all(u in full and v in full for u, v in full.edges())


def test_validate_ok(small_model_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(small_model_path)]) == 0
    assert capsys.readouterr().out.startswith("OK ")


def test_summary_json(small_model_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(small_model_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["figures"]["captains"] == 1
    assert data["tables"]["households"] == 4


def test_bad_input_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("divisions:\n  - {id: c, name: 市, level: metropolis}\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err
    assert "divisions[0].level" in err
    assert "Traceback" not in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["summary"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：partygraph summary")
    assert "partygraph: 错误：缺少必需的参数：file" in err
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "en", "summary"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: partygraph summary")
    assert "partygraph: error: the following arguments are required: file" in err


def test_impossible_yaml_date_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "date.yaml"
    bad.write_text(
        "divisions:\n  - {id: c, name: 市, level: city, valid_from: 2024-13-01}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err
    assert "divisions[0].valid_from" in err


def test_an_internal_error_is_one_line_not_a_traceback(
    small_model_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(path: object, **options: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(partygraph, "load", broken)
    monkeypatch.delenv("PARTYGRAPH_DEBUG", raising=False)
    assert main(["validate", str(small_model_path)]) == 70
    err = capsys.readouterr().err
    assert "partygraph: 内部错误（RuntimeError：boom）" in err
    assert "Traceback" not in err
    monkeypatch.setenv("PARTYGRAPH_LANG", "en")
    assert main(["validate", str(small_model_path)]) == 70
    assert "partygraph: internal error (RuntimeError: boom)" in capsys.readouterr().err
