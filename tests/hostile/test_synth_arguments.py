"""``synth`` arguments out of range: a usage error (exit 2) that gives the range,
before any work, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile._support import refused, run, tree


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--gaps", "nan"], ["argument --gaps: 'nan' is not a share", "from 0 to 1"]),
        (["--gaps", "inf"], ["'inf' is not a share", "from 0 to 1"]),
        (["--gaps", "2"], ["'2' is not a share: give a number from 0 to 1, e.g. 0.05"]),
        (["--gaps", "-0.1"], ["'-0.1' is not a share"]),
        (["--gaps", "many"], ["'many' is not a share"]),
        (["--seed", "-1"], ["argument --seed: -1 is out of range", "of 0 or more"]),
        (["--seed", "1.5"], ["'1.5' is not a whole number"]),
        (["--communities", "0"], ["--communities: 0 is out of range", "from 1 to 20,000"]),
        (["--communities", "-3"], ["-3 is out of range"]),
        (
            ["--communities", "100000000"],
            ["100,000,000 is out of range", "from 1 to 20,000", "would not fit in memory"],
        ),
        (["--households", "10000000000"], ["10,000,000,000 is out of range", "30,000,000"]),
        (["--households", "-1"], ["-1 is out of range: give a whole number from 0 to"]),
        (["--members", "10000000000"], ["--members: 10,000,000,000 is out of range"]),
        (["--subdistricts", "0"], ["--subdistricts: 0 is out of range"]),
        (
            ["--communities", "3", "--subdistricts", "10"],
            ["--subdistricts 10 is more than --communities 3: give from 1 to 3 subdistricts"],
        ),
        (["--preset", "yangjiang", "--communities", "5"], ["leave out --communities"]),
        (["--preset", "nowhere"], ["no preset 'nowhere'; presets are yangjiang"]),
        (["--communities", "2", "--members", "1"], ["members=1 is too few", "pass at least"]),
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
    assert out.startswith(f"wrote {tmp_path / 'model.yaml'}: ")
