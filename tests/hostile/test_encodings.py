"""``encoding:`` names a character set; Python's other codecs are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from partygraph.cli import main

MODEL = """partygraph: 1
name: 示例
divisions:
  - {id: c, name: 示例市, level: city}
  - {id: k, name: 城区, level: county, parent: c}
  - {id: s, name: 南街道, level: subdistrict, parent: k}
  - {id: m, name: 东风社区, level: community, parent: s}
households: {table: h.csv, encoding: ENC}
"""


@pytest.mark.parametrize("encoding", ["unicode_escape", "rot13", "base64", "raw_unicode_escape"])
def test_a_codec_that_is_not_a_character_set_is_refused(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "m.yaml").write_text(MODEL.replace("ENC", encoding), encoding="utf-8")
    (tmp_path / "h.csv").write_text("id,community\nh\\u0041,m\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "m.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"“{encoding}” 不是表格可用的字符编码" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("encoding", ["gb18030", "GBK", "utf-8", "utf-16"])
def test_character_sets_are_read(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "m.yaml").write_text(MODEL.replace("ENC", encoding), encoding="utf-8")
    (tmp_path / "h.csv").write_bytes("id,community\n户1,m\n".encode(encoding))
    assert main(["validate", str(tmp_path / "m.yaml")]) == 0
    assert "住户 1 户" in capsys.readouterr().out
