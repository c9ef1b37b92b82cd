"""An output that cannot be written is said in Chinese by default (the other
hostile output tests read the English sentences, with PARTYGRAPH_LANG=en)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile._support import ROOT, run

SMALL = ROOT / "tests" / "fixtures" / "small" / "model.yaml"


def test_a_folder_given_as_the_output_is_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARTYGRAPH_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    code, _, err = run(capsys, "export", str(SMALL), "-f", "json", "-o", str(tmp_path))
    assert code == 2
    assert err.strip().splitlines()[-1] == (
        f"partygraph: 错误：无法写入 {tmp_path}：它是一个文件夹；"
        f"请写出文件夹里的一个文件，例如 {tmp_path / 'out.txt'}"
    )


def test_the_entry_file_as_the_output_is_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARTYGRAPH_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    code, _, err = run(capsys, "export", str(SMALL), "-f", "json", "-o", str(SMALL))
    assert code == 2
    assert err.strip().splitlines()[-1] == (
        f"partygraph: 错误：无法写入 {SMALL}：它是模型的入口文件，本命令读过它；请写到别处"
    )
