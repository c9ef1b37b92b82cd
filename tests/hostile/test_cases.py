"""Run every case of :mod:`hostile.cases` through the console script, as a user would.

Each case is made in a fresh folder, run in a child process from that folder
(so that messages name ``model.yaml:118:18``, not a temporary path) with the
default language (Chinese), and must: end within its time bound with the exit
code it names (never 70, never a traceback); say one sentence (or, for a load
error, located lines) holding its fragments and its location; leave every path
of the folder as it was, byte for byte, but the files it names in ``writes``;
and stay under its memory bound, the peak resident size ``os.wait4`` reports.
A case that points at an existing test (``covered_by``) is not run here; that
the test exists is checked instead.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from hostile._support import RULES_MODEL, command, problem_lines, sentence
from hostile.cases import CASES, GIB, Case, Fragment, Holds

TESTS = Path(__file__).resolve().parents[1]
TINY = "partygraph: 1\nname: 小城\ndivisions:\n  - {id: city, name: 小城市, level: city}\n"
#: C0 and C1 controls but tab and newline: what a terminal or an XML parser chokes on.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: What a spreadsheet reads as a formula at the start of a cell (OWASP).
FORMULA = tuple("=+-@\t\r")


def _params() -> list[Any]:
    out = []
    for case in CASES:
        if not case.argv:
            continue
        marks: list[Any] = []
        if not case.quick:
            marks.append(pytest.mark.slow)
        if case.bug:
            marks.append(pytest.mark.xfail(strict=True, reason=f"bug: {case.bug}"))
        out.append(pytest.param(case, id=case.name, marks=marks))
    return out


def _child_env(case: Case) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PARTYGRAPH_LANG", "LANGUAGE")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PARTYGRAPH_DEBUG", None)
    return {**env, **case.env}


def _setup_run(folder: Path) -> Any:
    def run(*args: str) -> int:
        done = subprocess.run(
            [*command(), *args], cwd=folder, capture_output=True, check=False, timeout=120
        )
        return done.returncode

    return run


def _make(case: Case, folder: Path, stack: ExitStack) -> None:
    if case.base == "rules":
        for name in ("model.yaml", "households.csv", "persons.csv"):
            shutil.copy(RULES_MODEL.parent / name, folder / name)
    elif case.base == "tiny":
        (folder / "model.yaml").write_text(TINY, encoding="utf-8")
    for step in case.make:
        step.apply(folder, stack, _setup_run(folder))


def snapshot(folder: Path) -> dict[str, tuple[Any, ...]]:
    """Every path under ``folder``: its type, and a regular file's bytes (their
    hash), a link's target; never opens anything but regular files, and a
    file over 64 MiB (a sparse one) by its size and time only."""
    out: dict[str, tuple[Any, ...]] = {}
    for top, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(top) / name
            st = path.lstat()
            key = str(path.relative_to(folder))
            if stat.S_ISLNK(st.st_mode):
                out[key] = ("link", str(path.readlink()))
            elif stat.S_ISREG(st.st_mode):
                if st.st_size > 64 * 1024**2:
                    out[key] = ("file", st.st_size, st.st_mtime_ns)
                else:
                    out[key] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                out[key] = (stat.S_IFMT(st.st_mode),)
    return out


def _limit(case: Case) -> Any:
    if not case.address_space:
        return None

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (case.memory, case.memory))

    return limit


def _run(case: Case, folder: Path, logs: Path) -> tuple[int, str, str, float, int]:
    """(exit code, stdout, stderr, seconds, peak resident bytes) of the case's
    command; a child still running after the case's bound is killed, and fails."""
    out_path, err_path = logs / "stdout", logs / "stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [*command(), *case.argv],
            cwd=folder,
            env=_child_env(case),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=_limit(case),  # noqa: PLW1509 - only setrlimit, before exec
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > case.seconds:
                proc.send_signal(signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                pytest.fail(
                    f"partygraph {' '.join(case.argv)} still running after {case.seconds} s"
                )
            time.sleep(0.01)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    text = [p.read_bytes().decode("utf-8", "replace") for p in (out_path, err_path)]
    return proc.returncode, text[0], text[1], seconds, peak


def _holds(fragment: Fragment, line: str) -> bool:
    options = (fragment,) if isinstance(fragment, str) else fragment
    return any(option in line for option in options)


def _check_message(case: Case, err: str) -> None:
    assert "Traceback" not in err, err
    assert "internal error" not in err and "内部错误" not in err, err
    if case.many:
        lines = problem_lines(err)
        assert lines, err
    else:
        lines = [sentence(err)]
    if case.at is not None:
        located = [line for line in lines if case.at in line]
        assert located, f"no line at {case.at!r}:\n{err}"
        lines = located
    for fragment in case.says:
        assert any(_holds(fragment, line) for line in lines), f"{fragment!r} not in:\n{err}"


def _check_output(check: Holds, folder: Path, out: str, err: str) -> None:
    if check.file in ("stdout", "stderr"):
        text = out if check.file == "stdout" else err
    else:
        text = (folder / check.file).read_text(encoding="utf-8")
    match check.what:
        case "no-formula":
            rows = list(csv.reader(text.splitlines()))
            bad = [c for row in rows for c in row if c.startswith(FORMULA) and not _number(c)]
            assert not bad, bad
        case "json":
            json.loads(text, parse_constant=_no_constant)
        case "xml":
            ET.fromstring(text.encode("utf-8"))
        case "no-directive":
            assert "%%" not in text, [line for line in text.splitlines() if "%%" in line]
        case "no-html":
            assert "<script" not in text.lower()
        case "no-control":
            assert not CONTROL.search(text), CONTROL.findall(text)
        case "has":
            assert check.text in text, f"{check.text!r} not in {check.file}"
        case "lacks":
            assert check.text not in text, f"{check.text!r} in {check.file}:\n{text[:2000]}"
        case _:
            raise ValueError(f"unknown check {check.what!r}")


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _needs(case: Case) -> None:
    if "linux" in case.needs and not sys.platform.startswith("linux"):
        pytest.skip("Linux device names")
    if "root" in case.needs and os.geteuid() != 0:
        pytest.skip("as root only")


@pytest.mark.parametrize("case", _params())
def test_case(case: Case, tmp_path: Path) -> None:
    _needs(case)
    folder = tmp_path / "case"
    folder.mkdir()
    with ExitStack() as stack:
        _make(case, folder, stack)
        before = snapshot(folder)
        code, out, err, seconds, peak = _run(case, folder, tmp_path)
        after = snapshot(folder)
        assert code in (0, 1, 2), f"exit {code}:\n{err}"
        assert code == case.exit, f"exit {code}, not {case.exit}:\n{err}"
        if case.exit == 2 or case.says or case.at:
            _check_message(case, err)
        else:
            assert "Traceback" not in err, err
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        assert changed <= set(case.writes), f"changed: {sorted(changed - set(case.writes))}"
        for check in case.holds:
            _check_output(check, folder, out, err)
    assert seconds < case.seconds, seconds
    assert peak < case.memory, f"peak {peak / GIB:.2f} GiB"


# -- the table itself ---------------------------------------------------------------------
def _defined(target: str) -> bool:
    """Whether ``path.py::name`` (or ``path.py::Class::name``) names a test there."""
    path, *names = target.split("::")
    tree = ast.parse((TESTS / path).read_text(encoding="utf-8"))
    scope: list[ast.stmt] = tree.body
    for name in names:
        found = [
            node
            for node in scope
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name
        ]
        if not found:
            return False
        scope = found[0].body
    return bool(names) and names[-1].startswith("test_")


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.name) for c in CASES if c.covered_by], ids=str
)
def test_a_covered_case_names_a_test_that_exists(case: Case) -> None:
    assert case.covered_by is not None
    assert _defined(case.covered_by), case.covered_by


def test_the_check_of_covered_by_can_fail() -> None:
    assert not _defined("hostile/test_reading.py::test_no_such_test")
    assert not _defined("hostile/test_reading.py::TestFifo::test_as_a_pipe")
    assert _defined("hostile/test_reading.py::TestFifo::test_as_a_table")


def test_every_case_is_run_or_covered_once() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert bool(case.argv) != bool(case.covered_by), case.name
        assert case.group in (
            "data loss",
            "hangs",
            "injection",
            "crashes",
            "silently accepted",
            "coverage",
            "careless",
        ), case.name


#: Every example issue #10 names, as a few words of its text: each must be the
#: ``issue`` of some case.
EXAMPLES = (
    "neither old nor new",
    "Ctrl-C mid-dump",
    "-o model.yaml",
    "a table",
    "an include",
    "the rules file",
    "device, FIFO or /dev/stdout",
    ".part file",
    "failed draw",
    "include, table, rules or entry file",
    "/dev/zero",
    "/dev/urandom",
    "63 MB YAML list",
    "200k unknown keys",
    "5 GiB CSV",
    "export -f csv",
    "check -o r.csv",
    "%%{init",
    "raw HTML",
    "terminal escape",
    "SVG invalid XML",
    "NaN/inf coordinates",
    "first line of any file",
    "symlink loop in an include",
    "NUL in a path",
    "valid_from: {lt: yesterday}",
    "existing directory",
    "read-only",
    "full filesystem",
    "name too long",
    "-o '')",
    "closed pipe",
    "draw --layer grid",
    "--layer cobuilding --focus",
    "--gaps nan",
    "Ctrl-C during start-up",
    "010 becomes 8",
    "1:30 becomes 90",
    "true becomes 1",
    "10^20",
    "NaN rule parameters",
    "NUL, ESC and 30 MB names",
    "unicode_escape",
    "year-0 dates",
    "wrong type that silently match nothing",
    "today in a date filter",
    "trimmed without a word",
    "!!set",
    "(p²)",
    "joint branch",
)


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_of_the_issue_has_a_case(example: str) -> None:
    assert any(example in case.issue for case in CASES), example


@pytest.mark.parametrize(
    ("check", "text"),
    [
        (Holds("no-formula"), 'id,name\nu1,"=HYPERLINK(""http://x"")"\n'),
        (Holds("no-formula"), "id,name\nu1,@SUM(A1)\n"),
        (Holds("json"), '{"x": NaN}'),
        (Holds("xml"), "<a>\x01</a>"),
        (Holds("no-directive"), "flowchart TD\n%%{init: {}}%%\n"),
        (Holds("no-html"), "| <SCRIPT>x</script> |"),
        (Holds("no-control"), "东风\x1b[2J小学"),
        (Holds("has", text="needle"), "hay"),
        (Holds("lacks", text="needle"), "a needle"),
    ],
)
def test_the_output_checks_can_fail(check: Holds, text: str) -> None:
    with pytest.raises((AssertionError, ValueError, ET.ParseError)):
        _check_output(check, Path(), text, "")


def test_the_output_checks_pass_what_is_safe() -> None:
    _check_output(Holds("no-formula"), Path(), "id,n\nu1,'=A1\nu2,-3.5\n", "")
    _check_output(Holds("json"), Path(), '{"x": null}', "")
    _check_output(Holds("no-control"), Path(), "a\tb\n", "")


def test_the_snapshot_sees_bytes_types_and_links(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    (tmp_path / "l").symlink_to("a.csv")
    before = snapshot(tmp_path)
    (tmp_path / "a.csv").write_text("y", encoding="utf-8")
    (tmp_path / "l").unlink()
    (tmp_path / "l").symlink_to("b.csv")
    (tmp_path / ".m_tables.0123456789ab").mkdir()
    after = snapshot(tmp_path)
    assert {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)} == {
        "a.csv",
        "l",
        ".m_tables.0123456789ab",
    }
