"""Parquet export: two typed tables, read back with pyarrow and rebuilt into networkx."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from partygraph.cli import main
from partygraph.export import parquet_paths, write_parquet
from partygraph.model import Model
from test_export_zh import small

from conftest import ROOT


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Model:
    return small(tmp_path_factory.mktemp("parquet"))


def test_tables_are_typed(model: Model, tmp_path: Path) -> None:
    write_parquet(model, tmp_path / "m.parquet")
    nodes = pq.read_table(tmp_path / "m.nodes.parquet")
    edges = pq.read_table(tmp_path / "m.edges.parquet")
    assert nodes.column_names[:4] == ["id", "kind", "kind_zh", "name"]
    assert edges.column_names[:5] == ["source", "target", "relation", "relation_zh", "key"]
    types = {f.name: f.type for f in nodes.schema}
    assert types["id"] == pa.string() and types["name"] == pa.string()
    assert types["valid_from"] == pa.date32() and types["valid_until"] == pa.date32()
    assert types["municipal"] == pa.bool_()
    row = {r["id"]: r for r in nodes.to_pylist()}
    assert row["pr"]["valid_from"] == dt.date(2023, 1, 11)
    assert row["pr"]["valid_until"] == dt.date(2026, 1, 10)
    assert row["c"]["valid_from"] is None  # missing is null, not ""
    assert row["cm"]["kind_zh"] == "社区" and row["u"]["municipal"] is True
    links = {(e["source"], e["target"]): e for e in edges.to_pylist()}
    assert links["pr", "cm"]["relation_zh"] == "挂点社区"
    assert links["o", "p1"]["role_zh"] == "书记"
    assert links["c", "k"]["role"] is None


def test_counts_and_lists_are_typed(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node(1, kind="unit", members_full=12, duties=("sanitation", "patrol"), x=1.5)
    g.add_node(2, kind="unit", members_full=3, x=2)  # an int among floats: double
    write_parquet(g, tmp_path / "t")
    nodes = pq.read_table(tmp_path / "t" / "nodes.parquet")
    types = {f.name: f.type for f in nodes.schema}
    assert types["id"] == pa.string()  # ids are text, as in every other format
    assert types["members_full"] == pa.int64()
    assert types["x"] == pa.float64()
    assert types["duties"] == pa.list_(pa.string())
    assert nodes.column("duties").to_pylist() == [["sanitation", "patrol"], None]
    assert nodes.column("id").to_pylist() == ["1", "2"]


def test_a_date_column_with_other_text_stays_text(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", valid_from="2023-01-01")
    g.add_node("b", valid_from="soon")
    write_parquet(g, tmp_path / "t.parquet")
    nodes = pq.read_table(tmp_path / "t.nodes.parquet")
    assert nodes.schema.field("valid_from").type == pa.string()
    assert nodes.column("valid_from").to_pylist() == ["2023-01-01", "soon"]


def test_networkx_rebuilt_from_the_tables(model: Model, tmp_path: Path) -> None:
    write_parquet(model, tmp_path / "out")
    nodes_path, edges_path = parquet_paths(tmp_path / "out")
    back = nx.MultiDiGraph()
    for row in pq.read_table(nodes_path).to_pylist():
        node = row.pop("id")
        back.add_node(node, **{k: v for k, v in row.items() if v is not None})
    for row in pq.read_table(edges_path).to_pylist():
        u, v, key = row.pop("source"), row.pop("target"), row.pop("key")
        back.add_edge(u, v, key=key, **{k: x for k, x in row.items() if x is not None})
    g = model.to_networkx()
    assert set(back.nodes) == set(g.nodes)
    assert set(back.edges(keys=True)) == set(g.edges(keys=True))
    assert back.nodes["cm"]["name"] == "东风社区"
    assert back.edges["o", "p1", "held_by:secretary"]["role"] == "secretary"


def test_a_failed_write_leaves_nothing(
    model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyarrow import parquet

    calls = []

    def failing(table: object, where: object) -> None:
        calls.append(where)
        if len(calls) == 2:
            raise OSError("disk full")
        parquet_write(table, where)

    parquet_write = parquet.write_table
    monkeypatch.setattr(parquet, "write_table", failing)
    with pytest.raises(OSError, match="disk full"):
        write_parquet(model, tmp_path / "new" / "m.parquet")
    assert not (tmp_path / "new").exists()


def test_cli_takes_the_format_from_the_suffix(
    model: Model, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yaml = tmp_path / "model.yaml"
    small(tmp_path)
    assert main(["export", str(yaml), "-o", str(tmp_path / "g.parquet")]) == 0
    out = capsys.readouterr().out
    assert "g.nodes.parquet" in out and "g.edges.parquet" in out
    assert pq.read_table(tmp_path / "g.nodes.parquet").num_rows == 8
    assert main(["export", str(yaml), "-f", "parquet", "-o", str(tmp_path / "folder")]) == 0
    assert (tmp_path / "folder" / "edges.parquet").exists()
    assert main(["export", str(yaml), "-f", "parquet", "-o", "-"]) == 2
    assert "parquet 要写两张表" in capsys.readouterr().err
    assert main(["export", str(yaml), "-o", str(tmp_path / "g.txt")]) == 2
    assert "看不出导出格式" in capsys.readouterr().err


@pytest.mark.slow
def test_the_example_as_parquet(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "partygraph",
            "export",
            str(ROOT / "configs" / "yangjiang.yaml"),
            "--scope",
            "江城区",
            "-o",
            str(tmp_path / "jc.parquet"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    nodes = pq.read_table(tmp_path / "jc.nodes.parquet")
    assert "社区" in nodes.column("kind_zh").to_pylist()
    assert nodes.schema.field("agreement_signed").type == pa.date32()
