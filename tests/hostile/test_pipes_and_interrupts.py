"""A reader that leaves early (``| head -1``) and Ctrl-C, from the first import on.

The subprocess tests run the console script as a user does; the in-process ones
check the guard itself on a pipe whose reader has gone.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile._support import RULES_MODEL, YANGJIANG, command, popen, run, tree
from partygraph.cli import _Quiet

INTERRUPTED = "partygraph: 已中断 (interrupted)"


def _closed_pipe() -> io.TextIOWrapper:
    """A text stream over a pipe whose reading end is already closed."""
    r, w = os.pipe()
    os.close(r)
    return os.fdopen(w, "w", encoding="utf-8")


def test_a_write_to_a_closed_pipe_is_dropped_not_raised() -> None:
    stream = _closed_pipe()
    with pytest.raises(BrokenPipeError):  # what every print met before the guard
        stream.write("x" * 100_000)
        stream.flush()
    quiet = _Quiet(stream)
    assert quiet.write("第一行\n" * 30_000) == 4 * 30_000
    quiet.flush()
    assert quiet.write("more") == 4  # dropped from now on, still no error
    stream.close()  # the descriptor now points at the null device: closing cannot fail


def test_the_command_line_keeps_its_exit_code_when_stdout_is_gone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = _closed_pipe()
    monkeypatch.setattr("sys.stdout", stream)
    code = run(capsys, "check", str(RULES_MODEL), "--pack", "regulations", "--format", "json")[0]
    assert code == 1  # the fixture has 3 error findings: the work earned 1
    stream.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "earned"),
    [
        (("summary", str(YANGJIANG), "--format", "json"), 0),
        (("check", str(YANGJIANG)), 1),  # the example has error-severity gaps
        (("validate", str(YANGJIANG)), 0),
    ],
)
def test_a_reader_gone_before_the_first_line(args: tuple[str, ...], earned: int) -> None:
    p = popen(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # every write the command makes meets a closed pipe
    err = p.stderr.read().decode()
    p.stderr.close()
    assert p.wait(timeout=120) == earned, err
    assert (
        "Traceback" not in err
        and "internal error" not in err
        and "内部错误" not in err
        and "Broken" not in err
    )


@pytest.mark.slow
def test_a_reader_that_takes_one_line_like_head() -> None:
    p = popen(
        "check", str(YANGJIANG), "--format", "json", stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.readline() == b"{\n"  # 5 MB follow: far more than a pipe holds
    p.stdout.close()
    err = p.stderr.read().decode()
    p.stderr.close()
    assert p.wait(timeout=120) == 1, err
    assert (
        "Traceback" not in err
        and "internal error" not in err
        and "内部错误" not in err
        and "Broken" not in err
    )


@pytest.mark.slow
def test_ctrl_c_during_start_up_is_one_line_and_exit_130() -> None:
    """SIGINT while the library is being imported (the first second of a run)."""
    codes = []
    for delay in (0.05, 0.1, 0.15, 0.2, 0.3):
        p = popen("validate", str(YANGJIANG), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        p.send_signal(signal.SIGINT)
        out, err = (s.decode() for s in p.communicate(timeout=60))
        if p.returncode == -signal.SIGINT and not err:
            continue  # the signal came before the interpreter set up its handler: nothing ran
        codes.append(p.returncode)
        assert p.returncode == 130, err
        assert err.strip().splitlines() == [INTERRUPTED]
        assert out == ""
    assert len(codes) >= 3, "too few runs reached the interpreter"


@pytest.mark.slow
def test_ctrl_c_while_checking_and_writing_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    for delay in (0.5, 1.5, 3.0):
        p = popen(
            "check", str(YANGJIANG), "-o", str(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        time.sleep(delay)
        p.send_signal(signal.SIGINT)
        _, err = (s.decode() for s in p.communicate(timeout=120))
        assert "Traceback" not in err
        if p.returncode == 130:
            assert err.strip().splitlines()[-1] == INTERRUPTED
            assert tree(tmp_path) == set()  # no report, no hidden temporary file
        else:  # it finished first: the whole report, nothing else
            assert p.returncode == 1, err
            assert tree(tmp_path) == {"report.json"}
            out.unlink()


def test_ctrl_c_after_the_report_is_written_costs_only_the_cache_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window CI once hit: the report renamed into place, the result cache
    still being stored.  The report is whole, so the run keeps its exit code."""
    from partygraph.io import resultcache

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(resultcache, "store", interrupted)
    out = tmp_path / "report.json"
    code, said, err = run(
        capsys, "check", str(RULES_MODEL), "--pack", "regulations", "-o", str(out)
    )
    assert code == 1  # the fixture's 3 errors, as without the Ctrl-C
    assert tree(tmp_path) == {"report.json"}
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert "已写出" in said
    assert err.strip().splitlines()[-1].startswith("已中断：报告已完整写出")


@pytest.mark.slow
@pytest.mark.parametrize("closed", [">&-", "2>&-", ">&- 2>&-"])
def test_a_standard_stream_closed_before_the_start(closed: str) -> None:
    """``partygraph check FILE >&-``: Python starts with ``sys.stdout`` set to None."""
    shell = f'exec "$@" {closed}'
    done = subprocess.run(
        ["sh", "-c", shell, "sh", *command(), "check", str(RULES_MODEL), "--pack", "regulations"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # the fixture's 3 error findings
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "内部错误" not in done.stderr


@pytest.mark.parametrize("args", [("validate", "no/such.yaml"), ("--version",)])
def test_the_console_script_leaves_signals_ignored_once_its_code_is_earned(
    args: tuple[str, ...],
) -> None:
    # A SIGTERM while the interpreter frees a large model on its way out must not
    # turn the earned exit code into a run killed by the signal (CI once saw -15).
    probe = (
        "import signal, sys\n"
        "from partygraph.cli import entry\n"
        f"sys.argv = ['partygraph', *{list(args)!r}]\n"
        "try:\n"
        "    entry()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(signal.getsignal(signal.SIGTERM) == signal.SIG_IGN,"
        " signal.getsignal(signal.SIGINT) == signal.SIG_IGN, file=sys.__stderr__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, timeout=60
    )
    assert done.stderr.strip().splitlines()[-1] == "True True", done.stderr
