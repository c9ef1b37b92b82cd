"""The YAML limits bound time and memory, not only bytes (issue #10).

A 63 MB list under the 64 MiB file limit took 186 s and 7.6 GB; 200,000
unknown keys printed 85 MB of errors in 31 s.  Values are now counted while
the document is composed, and a load reports at most
:data:`~partygraph.errors.MAX_REPORTED` problems and counts the rest.  The fast
tests lower the limits; the slow ones run the real sizes in a subprocess and
measure its time and peak memory.
"""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import pytest

from hostile._support import popen, refused, run
from partygraph.errors import MAX_REPORTED, ConfigError, ErrorItem, RulesError
from partygraph.io import yamlsrc
from partygraph.rules.loader import load_rules

BOUND = 20.0  # seconds
MEMORY = 1024**3  # bytes of peak resident memory


def test_values_past_the_limit_stop_the_parse_at_that_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(yamlsrc, "MAX_VALUES", 10)
    # The document mapping, the key, the list: 3 values; the 8th item (line 9) is the 11th.
    (tmp_path / "m.yaml").write_text("units:\n" + "- a\n" * 50, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(tmp_path / "m.yaml"))
    refused(code, err, 2, "m.yaml:9:3: 一个 YAML 文件里的值超过 10 个", "CSV")


def test_the_limit_holds_in_a_rules_file_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsrc, "MAX_VALUES", 10)
    (tmp_path / "r.yaml").write_text("rules:\n" + "- a\n" * 50, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(tmp_path / "r.yaml")
    assert str(caught.value).startswith(
        f"{tmp_path / 'r.yaml'}:9:3: 一个 YAML 文件里的值超过 10 个"
    )


def test_text_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(yamlsrc, "MAX_SCALAR_CHARS", 100)
    # 'name' (4) + 60 + 'note' (4) = 68 characters; the 40 of line 3 pass 100.
    text = f"name: {'x' * 60}\nnote: y\nsnapshot: {'z' * 40}\n"
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(tmp_path / "m.yaml"))
    refused(code, err, 2, "m.yaml:3:11: 一个 YAML 文件里的文字超过 100 个字符")


def test_problems_past_the_cap_are_counted_not_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = "".join(f"k{i}: 1\n" for i in range(MAX_REPORTED + 50))
    (tmp_path / "m.yaml").write_text(keys, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(tmp_path / "m.yaml"))
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'm.yaml'}:1:1: k0: 未知的部分‘k0’")
    assert len(lines) == MAX_REPORTED + 2, err[-500:]
    assert lines[-2] == "……另有 50 个问题未列出"
    assert lines[-1] == f"partygraph: 发现 {MAX_REPORTED + 50} 个问题"


def test_the_cap_keeps_the_first_problems_in_order() -> None:
    items = [ErrorItem("a.yaml", n, 1, "k", "unknown") for n in range(1, 1001)]
    exc = ConfigError(items)
    assert [e.line for e in exc.errors] == list(range(1, MAX_REPORTED + 1))
    assert (exc.more, exc.total) == (1000 - MAX_REPORTED, 1000)
    assert ConfigError(items[:3]).more == 0


def _peak_kib(pid: int) -> int:
    """The child's own high-water mark so far (``VmHWM``, KiB); 0 once it has exited.

    ``ru_maxrss`` of the children would be the largest child this test run has
    started, not this one.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _measured(*args: str) -> tuple[int, str, float, int]:
    """(exit code, stderr, seconds, peak bytes) of ``partygraph ARGS`` in a child."""
    start = time.monotonic()
    proc = popen(*args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _peak_kib(proc.pid))
        if time.monotonic() - start > BOUND * 3:
            proc.kill()
            proc.wait()
            reader.join()
            proc.stderr.close()  # type: ignore[union-attr]
            pytest.fail(f"partygraph {' '.join(args)} still running after {BOUND * 3} s")
        time.sleep(0.02)
    seconds = time.monotonic() - start
    reader.join()
    proc.stderr.close()  # type: ignore[union-attr]
    return proc.returncode, err[0].decode(), seconds, peak * 1024


@pytest.mark.slow
def test_a_63_mb_list_ends_in_time_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("units:\n" + "- a\n" * (63 * 1024 * 1024 // 4), encoding="utf-8")
    code, err, seconds, peak = _measured("validate", str(path))
    assert code == 2, err
    assert "一个 YAML 文件里的值超过 1,000,000 个" in err
    assert seconds < BOUND, seconds
    assert peak < MEMORY, peak


@pytest.mark.slow
def test_200k_unknown_keys_end_in_time_with_a_short_report(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("".join(f"k{i}: 1\n" for i in range(200_000)), encoding="utf-8")
    code, err, seconds, peak = _measured("validate", str(path))
    assert code == 2
    assert "……另有 199,800 个问题未列出" in err
    assert err.count("\n") < MAX_REPORTED + 10
    assert seconds < BOUND, seconds
    assert peak < MEMORY, peak
