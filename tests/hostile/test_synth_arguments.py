"""``synth`` arguments out of range: a usage error (exit 2) that gives the range,
before any work, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile._support import refused, run, tree


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--gaps", "nan"], ["参数 --gaps：“nan”不是比例", "0 到 1 之间"]),
        (["--gaps", "inf"], ["“inf”不是比例", "0 到 1 之间"]),
        (["--gaps", "2"], ["“2”不是比例，请给出 0 到 1 之间的数，例如 0.05"]),
        (["--gaps", "-0.1"], ["“-0.1”不是比例"]),
        (["--gaps", "many"], ["“many”不是比例"]),
        (["--seed", "-1"], ["参数 --seed：-1 超出范围", "0 或更大"]),
        (["--seed", "1.5"], ["“1.5”不是整数"]),
        (["--communities", "0"], ["--communities：0 超出范围", "1 到 20,000 之间"]),
        (["--communities", "-3"], ["-3 超出范围"]),
        (
            ["--communities", "100000000"],
            ["100,000,000 超出范围", "1 到 20,000 之间", "再多内存放不下"],
        ),
        (["--households", "10000000000"], ["10,000,000,000 超出范围", "30,000,000"]),
        (["--households", "-1"], ["-1 超出范围，请给出 0 到"]),
        (["--members", "10000000000"], ["--members：10,000,000,000 超出范围"]),
        (["--subdistricts", "0"], ["--subdistricts：0 超出范围"]),
        (
            ["--communities", "3", "--subdistricts", "10"],
            ["--subdistricts 10 多于 --communities 3：街道数请给 1 到 3"],
        ),
        (["--preset", "yangjiang", "--communities", "5"], ["请去掉 --communities"]),
        (["--preset", "nowhere"], ["没有预设“nowhere”；可用的预设：yangjiang"]),
        (
            ["--communities", "2", "--members", "1"],
            ["无法生成这个模型：党员数 --members 1 太少", "请至少写", "或不写 --members"],
        ),
    ],
)
def test_out_of_range(
    args: list[str], fragments: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "synth", *args, "-o", str(tmp_path / "m" / "model.yaml"))
    refused(code, err, 2, *fragments)
    assert out == "" and tree(tmp_path) == set()


def test_the_edges_of_the_ranges_are_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--communities", "1", "--subdistricts", "1", "--gaps", "1", "--seed", "0"]
    code, out, err = run(capsys, "synth", *args, "-o", str(tmp_path / "model.yaml"))
    assert (code, err) == (0, "")
    assert out.startswith(f"已写出 {tmp_path / 'model.yaml'}：")
