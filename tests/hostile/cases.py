"""Every example of issue #10 as one row of data: how to make it, what must hold.

Each :class:`Case` names the example of the issue it stands for, how its input
is made at test time (:class:`Make` steps: a FIFO, a symbolic link loop, a
device, a sparse or streamed big file, bad bytes, a text edit of a model, a
full tmpfs -- never a committed file) and the command line to run through the
console script.  What must hold: the exit code, the fragments of the one
sentence (a tuple is "any of these": Chinese or English, as messages are being
translated), the location ``file[:line[:col]]``, that nothing new is in the
folder (every file, byte for byte, and the type of every path) unless named in
``writes``, checks of what was written (:class:`Holds`), and the bounds: 20 s
and a peak resident size of 1 GiB (``ru_maxrss`` from ``os.wait4``).

Where an existing hostile module already tests an example fully (in-process
fault injection, signals at chosen moments, closed pipes), the case points at
that test (``covered_by="hostile/test_x.py::test_y"``, relative to tests/)
and ``test_cases.py`` checks that the named test exists.  A case a known bug
still fails carries ``bug="..."``: it runs as a strict xfail, so the fix turns
it into a failure that asks for the mark to go.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest

__all__ = [
    "CASES",
    "GIB",
    "Case",
    "Fragment",
    "Holds",
    "Make",
]

GIB = 1024**3
#: Where the hand-checked rules model and its tables are.
RULES_TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
#: Either of these texts (Chinese, English, or a form that survives translation).
Fragment = str | tuple[str, ...]


# -- how an input is made ------------------------------------------------------------
@dataclass(frozen=True)
class Make:
    """One step that makes the input in the case's folder, at test time.

    ``kind`` is one of ``fifo``, ``link`` (a symbolic link ``name`` -> ``to``),
    ``hardlink``, ``sparse`` (``size`` bytes, a hole), ``stream`` (``text``
    then ``line`` ``count`` times, written in chunks), ``bytes``, ``text``,
    ``edit`` (replace ``old`` by ``new`` once in ``name``; ``old`` must be
    there), ``append``, ``remove``, ``mkdir``, ``tmpfs`` (mount one at
    ``name`` with options ``text``, or skip saying why), ``fill`` (fill the
    file system of ``name`` to the last byte), ``run`` (run the console
    script with ``args``, which must exit 0).
    """

    kind: str
    name: str = ""
    to: str = ""
    text: str = ""
    old: str = ""
    new: str = ""
    data: bytes = b""
    size: int = 0
    line: str = ""
    count: int = 0
    args: tuple[str, ...] = ()

    def apply(self, folder: Path, stack: ExitStack, run: Callable[..., int]) -> None:
        """Take this step in ``folder`` (``run`` runs the console script there)."""
        path = folder / self.name
        if self.kind in _NEW_FILES:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink() or path.is_file():
                path.unlink()
            self._new_file(path, folder)
        elif self.kind == "tmpfs":
            _mount(path, self.text or "size=1m", stack)
        elif self.kind == "fill":
            _fill(path)
        elif self.kind == "run":
            code = run(*self.args)
            assert code == 0, f"setting up: partygraph {' '.join(self.args)} exited {code}"
        else:
            self._change(path)

    def _new_file(self, path: Path, folder: Path) -> None:
        match self.kind:
            case "fifo":
                if not hasattr(os, "mkfifo"):
                    pytest.skip("no FIFOs on this system")
                os.mkfifo(path)
            case "link":
                path.symlink_to(self.to)
            case "hardlink":
                os.link(folder / self.to, path)
            case "sparse":
                with path.open("wb") as f:
                    f.truncate(self.size)
            case "stream":
                with path.open("w", encoding="utf-8") as f:
                    f.write(self.text)
                    for _ in range(self.count // 100_000):
                        f.write(self.line * 100_000)
                    f.write(self.line * (self.count % 100_000))
            case "bytes":
                path.write_bytes(self.data)
            case "text":
                path.write_text(self.text, encoding="utf-8")

    def _change(self, path: Path) -> None:
        match self.kind:
            case "edit":
                text = path.read_text(encoding="utf-8")
                assert self.old in text, f"{self.old!r} not in {self.name}"
                path.write_text(text.replace(self.old, self.new, 1), encoding="utf-8")
            case "append":
                with path.open("a", encoding="utf-8") as f:
                    f.write(self.text)
            case "remove":
                path.unlink()
            case "mkdir":
                path.mkdir(parents=True)
            case _:
                raise ValueError(f"unknown step {self.kind!r}")


#: The steps that put a new file (of some kind) at ``name``.
_NEW_FILES = ("fifo", "link", "hardlink", "sparse", "stream", "bytes", "text")


def _mount(where: Path, options: str, stack: ExitStack) -> None:
    """A tmpfs at ``where``, unmounted when the case ends; a skip saying why if
    this process may not mount one (not root, no ``mount``, a container)."""
    if shutil.which("mount") is None:
        pytest.skip("tmpfs case: no mount command here")
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        reason = done.stderr.strip() or "not permitted"
        print(f"tmpfs case skipped: cannot mount a tmpfs here ({reason})")
        pytest.skip(f"tmpfs case: cannot mount a tmpfs here ({reason})")
    stack.callback(subprocess.run, ["umount", "-l", str(where)], check=False)


def _fill(where: Path) -> None:
    """Fill the file system of ``where`` to the last byte (a real ENOSPC)."""
    fd = os.open(where / "filler", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        for size in (1 << 16, 1 << 12, 1 << 9, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(fd)


# -- what must hold of what was written ----------------------------------------------
@dataclass(frozen=True)
class Holds:
    """A check of an output: ``what`` is one of

    ``no-formula`` (no CSV cell of ``file`` starts with ``= + - @``, tab or CR
    unless it is a number), ``json`` (``file`` parses as strict JSON: no NaN,
    no Infinity), ``xml`` (``file`` parses as XML), ``no-directive`` (no
    ``%%`` in ``file``, so no Mermaid directive or comment from a name),
    ``no-html`` (``file`` holds no raw ``<script``), ``no-control`` (``file``,
    or ``stdout``/``stderr``, holds no C0/C1 control but tab and newline),
    ``has`` (``file`` holds ``text``), ``lacks`` (it does not).
    """

    what: str
    file: str = "stdout"
    text: str = ""


# -- a case -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """One example of issue #10 and what must hold when it is run."""

    name: str
    #: The example of issue #10 this case stands for, as the issue words it.
    issue: str
    #: data loss | hangs | injection | crashes | silently accepted | coverage (the
    #: issue's classes) | careless (what a careless user saves, beyond the issue)
    group: str
    #: The command line after ``partygraph``, run in the case's folder (paths
    #: relative to it).  Empty: see ``covered_by``.
    argv: tuple[str, ...] = ()
    #: What the folder starts with: ``rules`` (the hand-checked rules model and
    #: its two tables), ``tiny`` (one city), ``none``.
    base: str = "rules"
    make: tuple[Make, ...] = ()
    exit: int = 2
    says: tuple[Fragment, ...] = ()
    #: ``file[:line[:col]]``: the location a line of the message must hold.
    at: str | None = None
    #: Paths (relative to the folder) the command may write; nothing else may change.
    writes: tuple[str, ...] = ()
    holds: tuple[Holds, ...] = ()
    #: More than one problem may be listed (a load error lists them all).
    many: bool = False
    seconds: float = 20.0
    memory: int = GIB
    #: Run the child with RLIMIT_AS at ``memory``: reserved, not only touched, memory.
    address_space: bool = False
    #: Run in the quick set (``-m "not slow"``) too.  Each case is a child process
    #: (0.1-1.3 s: an interpreter and partygraph's imports), so the quick set keeps
    #: one or two of each kind; every other case is marked ``slow`` (CI runs all).
    quick: bool = False
    #: ``linux`` (device names), ``root`` (as root only).
    needs: tuple[str, ...] = ()
    #: ``hostile/test_x.py::test`` (or ``::Class::test``), relative to tests/: the
    #: test that tests this example fully.
    covered_by: str | None = None
    #: A known bug: the case is a strict xfail with this reason.
    bug: str | None = None
    env: dict[str, str] = field(default_factory=dict)


def _edit(old: str, new: str, name: str = "model.yaml") -> Make:
    return Make("edit", name, old=old, new=new)


#: ``persons: {table: persons.csv}`` in the rules model: line 118 (the value at column 18).
PERSONS_AT = "model.yaml:118:"
#: ``members_full: 5`` of u-sch, line 22 of the rules model.
SCHOOL = "name: 东风小学, type: school, division: c1, members_full: 5}"
SCHOOL_COUNT_AT = "model.yaml:22:71"
#: A name in the rules model to replace by a hostile one (u-sch, line 22).
NAME = "name: 东风小学,"
PERSON_NAME = "p1,李明,"  # the first row of persons.csv (line 2)
FIFO: Fragment = ("FIFO", "管道")
NO_SPACE: Fragment = ("no space", "空间")
ENTRY: Fragment = ("entry file", "入口文件")

CASES: tuple[Case, ...] = (
    # == data loss ===================================================================
    Case(
        "dump over a model on a full disk",
        "a full disk can leave a model that is neither old nor new and still validates",
        "data loss",
        base="none",
        make=(
            Make("tmpfs", "disk", text="size=1m"),
            Make(
                "run",
                args=("synth", "--communities", "1", "--households", "20", "-o", "disk/m.yaml"),
            ),
            Make("fill", "disk"),
        ),
        argv=(
            "synth",
            "--communities",
            "2",
            "--households",
            "40",
            "--seed",
            "2",
            "-o",
            "disk/m.yaml",
        ),
        says=(NO_SPACE,),
        at="disk/m.yaml",
        quick=True,
    ),
    Case(
        "dump failing after each table",
        "model.dump(path) over an existing model writes the tables one by one ... no rollback",
        "data loss",
        covered_by="hostile/test_dump_transaction.py::test_the_old_model_survives_a_failure_after_each_table",
    ),
    Case(
        "any failing step of a dump",
        "a full disk can leave a model that is neither old nor new",
        "data loss",
        covered_by="hostile/test_dump_transaction.py::test_any_failing_step_leaves_one_whole_model",
    ),
    Case(
        "ctrl-c mid-dump",
        "Ctrl-C mid-dump leaves one that does not load",
        "data loss",
        covered_by="hostile/test_dump_transaction.py::test_a_full_disk_or_an_interrupt_mid_table_leaves_the_old_model",
    ),
    Case(
        "sigterm mid-dump",
        "Ctrl-C mid-dump leaves one that does not load",
        "data loss",
        covered_by="hostile/test_sigterm.py::test_sigterm_during_synth_leaves_the_previous_model",
    ),
    Case(
        "-o the entry file",
        "partygraph export model.yaml -f json -o model.yaml",
        "data loss",
        argv=("export", "model.yaml", "-f", "json", "-o", "model.yaml"),
        says=(ENTRY,),
        at="model.yaml",
        quick=True,
    ),
    Case(
        "-o a table",
        "-o naming one of the model's own files (... a table ...) overwrites it and exits 0",
        "data loss",
        argv=("export", "model.yaml", "-f", "graphml", "-o", "persons.csv"),
        at="persons.csv",
    ),
    Case(
        "-o an include",
        "-o naming one of the model's own files (... an include ...) overwrites it",
        "data loss",
        make=(
            Make("append", "model.yaml", text="include: more.yaml\n"),
            Make("text", "more.yaml", text="volunteer_teams: []\n"),
        ),
        argv=("check", "model.yaml", "-o", "more.yaml"),
        at="more.yaml",
    ),
    Case(
        "-o the rules file",
        "-o naming one of the model's own files (... the rules file) overwrites it",
        "data loss",
        make=(Make("text", "r.yaml", text="pack: mine\nrules: []\n"),),
        argv=("check", "model.yaml", "--rules", "r.yaml", "--format", "json", "-o", "r.yaml"),
        at="r.yaml",
    ),
    Case(
        "-o a hard link of the entry file",
        "-o naming one of the model's own files overwrites it (compare ... inode)",
        "data loss",
        make=(Make("hardlink", "same.yaml", to="model.yaml"),),
        argv=("export", "model.yaml", "-f", "json", "-o", "same.yaml"),
        says=(ENTRY,),
        at="same.yaml",
    ),
    Case(
        "-o a symbolic link to a table",
        "-o naming one of the model's own files overwrites it (compare resolved paths)",
        "data loss",
        make=(Make("link", "out.csv", to="households.csv"),),
        argv=("check", "model.yaml", "-o", "out.csv"),
        at="out.csv",
    ),
    Case(
        "-o a FIFO",
        "-o naming a device, FIFO or /dev/stdout replaces it with a regular file",
        "data loss",
        make=(Make("fifo", "out.json"),),
        argv=("export", "model.yaml", "-f", "json", "-o", "out.json"),
        says=(FIFO,),
        at="out.json",
        quick=True,
    ),
    Case(
        "-o /dev/stdout",
        "-o naming a device, FIFO or /dev/stdout replaces it with a regular file (as root)",
        "data loss",
        argv=("export", "model.yaml", "-f", "json", "-o", "/dev/stdout"),
        says=("/dev",),
        at="/dev/stdout",
        needs=("linux",),
        quick=True,
    ),
    Case(
        "-o /dev/null",
        "-o naming a device ... replaces it with a regular file (as root)",
        "data loss",
        argv=("synth", "--communities", "1", "-o", "/dev/null"),
        says=("/dev",),
        at="/dev/null",
        needs=("linux",),
    ),
    Case(
        "sigterm leaves a .part file",
        "SIGTERM leaves a hidden .part file of the full size",
        "data loss",
        covered_by="hostile/test_sigterm.py::test_sigterm_during_a_single_file_write_leaves_no_part_file",
    ),
    Case(
        "a draw to a name too long in new folders",
        "a failed draw leaves the folders it created",
        "data loss",
        argv=("draw", "model.yaml", "--layer", "linkage", "-o", "new/deeper/" + "长" * 90 + ".svg"),
        says=("274",),
        quick=True,
    ),
    Case(
        "a draw on a full disk leaves its folders",
        "a failed draw leaves the folders it created",
        "data loss",
        make=(Make("tmpfs", "disk", text="size=256k"), Make("fill", "disk")),
        argv=("draw", "model.yaml", "--layer", "linkage", "-o", "disk/a/b/out.svg"),
        says=(NO_SPACE,),
        at="disk/a/b/out.svg",
    ),
    # == hangs and unbounded work =====================================================
    Case(
        "a FIFO as a table",
        "A FIFO as include, table, rules or entry file blocks forever",
        "hangs",
        make=(Make("remove", "persons.csv"), Make("fifo", "persons.csv")),
        argv=("validate", "model.yaml"),
        says=("persons.csv", FIFO),
        at=PERSONS_AT,
        quick=True,
    ),
    Case(
        "a FIFO as the entry file",
        "A FIFO as ... entry file blocks forever",
        "hangs",
        base="none",
        make=(Make("fifo", "m.yaml"),),
        argv=("validate", "m.yaml"),
        says=(FIFO,),
        at="m.yaml",
    ),
    Case(
        "a FIFO as an include",
        "A FIFO as include ... blocks forever",
        "hangs",
        make=(Make("append", "model.yaml", text="include: more.yaml\n"), Make("fifo", "more.yaml")),
        argv=("validate", "model.yaml"),
        says=("more.yaml", FIFO),
        at="model.yaml:124:10",
    ),
    Case(
        "a FIFO as a rules file",
        "A FIFO as ... rules ... file blocks forever",
        "hangs",
        make=(Make("fifo", "r.yaml"),),
        argv=("check", "model.yaml", "--rules", "r.yaml"),
        says=(FIFO,),
        at="r.yaml",
    ),
    Case(
        "a FIFO as the table of export's fast path",
        "A FIFO as ... table ... blocks forever",
        "hangs",
        make=(Make("remove", "households.csv"), Make("fifo", "households.csv")),
        argv=("export", "model.yaml", "-f", "json", "-o", "out.json"),
        says=("households.csv", FIFO),
        at="model.yaml:117:",
        quick=True,
    ),
    Case(
        "/dev/zero as a table",
        "{table: /dev/zero} spins at 100% CPU forever",
        "hangs",
        make=(_edit("{table: persons.csv}", "{table: /dev/zero}"),),
        argv=("validate", "model.yaml"),
        says=("/dev/zero",),
        at=PERSONS_AT,
        needs=("linux",),
        quick=True,
    ),
    Case(
        "/dev/urandom as a table",
        "/dev/urandom reads gigabytes",
        "hangs",
        make=(Make("remove", "persons.csv"), Make("link", "persons.csv", to="/dev/urandom")),
        argv=("validate", "model.yaml"),
        at=PERSONS_AT,
        needs=("linux",),
    ),
    Case(
        "a 5 GiB CSV",
        "a 5 GiB CSV is read 4 GiB into memory before its size is checked",
        "hangs",
        make=(Make("sparse", "persons.csv", size=5 * GIB),),
        argv=("validate", "model.yaml"),
        says=("4,294,967,296",),
        at=PERSONS_AT,
        quick=True,
    ),
    Case(
        "a YAML file over 64 MiB",
        "Size limits do not bound time or memory (the 64 MiB file limit)",
        "hangs",
        base="none",
        make=(Make("sparse", "m.yaml", size=64 * 1024**2 + 1),),
        argv=("validate", "m.yaml"),
        says=("67,108,864",),
        at="m.yaml",
    ),
    Case(
        "a 63 MB YAML list",
        "a 63 MB YAML list (under the 64 MiB file limit) takes 186 s and 7.6 GB, then crashes",
        "hangs",
        base="none",
        make=(Make("stream", "m.yaml", text="units:\n", line="- a\n", count=63 * 1024**2 // 4),),
        argv=("validate", "m.yaml"),
        says=("1,000,000",),
        at="m.yaml:",
        many=True,
    ),
    Case(
        "a 63 MB YAML list, measured",
        "a 63 MB YAML list ... takes 186 s and 7.6 GB, then crashes",
        "hangs",
        covered_by="hostile/test_yaml_limits.py::test_a_63_mb_list_ends_in_time_and_memory",
    ),
    Case(
        "200k unknown keys",
        "200k unknown keys print 85 MB of errors in 31 s",
        "hangs",
        covered_by="hostile/test_yaml_limits.py::test_200k_unknown_keys_end_in_time_with_a_short_report",
    ),
    Case(
        "a table read under a 1 GiB address space",
        "a 5 GiB CSV is read 4 GiB into memory (every read bounded in bytes before it is buffered)",
        "hangs",
        argv=("validate", "model.yaml"),
        exit=0,
        address_space=True,
        quick=True,
    ),
    # == injection through names ======================================================
    Case(
        "formula in export -f csv",
        "CSV cells starting with =, +, -, @ are written as-is in export -f csv",
        "injection",
        make=(
            _edit(NAME, 'name: "=HYPERLINK(\\"http://x\\",\\"y\\")",'),
            _edit(PERSON_NAME, "p1,@SUM(1+1),", "persons.csv"),
        ),
        argv=("export", "model.yaml", "-f", "csv", "--population", "-o", "out/"),
        exit=0,
        writes=("out", "out/nodes.csv", "out/edges.csv"),
        holds=(Holds("no-formula", "out/nodes.csv"), Holds("has", "out/nodes.csv", "'=HYPERLINK")),
        quick=True,
    ),
    Case(
        "formula in check -o r.csv",
        "CSV cells starting with =, +, -, @ are written as-is in ... check -o r.csv",
        "injection",
        make=(_edit(NAME, 'name: "+cmd|calc",'),),
        argv=("check", "model.yaml", "-o", "r.csv"),
        exit=1,
        writes=("r.csv",),
        holds=(Holds("no-formula", "r.csv"), Holds("has", "r.csv", "'+cmd|calc")),
    ),
    Case(
        "mermaid directive in a name",
        "A name containing %%{init: ...}%% injects a Mermaid directive (themeCSS, a remote URL)",
        "injection",
        make=(
            _edit(NAME, 'name: "%%{init: {\\"themeCSS\\": \\"@import url(http://evil)\\"}}%%",'),
        ),
        argv=("export", "model.yaml", "-f", "mermaid", "-o", "m.mmd"),
        exit=0,
        writes=("m.mmd",),
        holds=(Holds("no-directive", "m.mmd"),),
    ),
    Case(
        "raw HTML in the Markdown report",
        "the Markdown report passes raw HTML",
        "injection",
        make=(_edit(NAME, 'name: "<script>alert(1)</script>",'),),
        argv=("check", "model.yaml", "--format", "markdown", "-o", "r.md"),
        exit=1,
        writes=("r.md",),
        holds=(Holds("no-html", "r.md"), Holds("has", "r.md", "u-sch")),
    ),
    Case(
        "terminal escapes in text output",
        "text output passes terminal escape sequences",
        "injection",
        make=(_edit(NAME, 'name: "东风\\e]0;owned\\a\\e[2J小学",'),),
        argv=("check", "model.yaml"),
        exit=1,
        holds=(Holds("no-control", "stdout"), Holds("no-control", "stderr")),
    ),
    Case(
        "terminal escapes in summary",
        "text output passes terminal escape sequences",
        "injection",
        make=(_edit("name: 示例市（规则测试）", 'name: "示例\\e[31m市"'),),
        argv=("summary", "model.yaml"),
        exit=0,
        holds=(Holds("no-control", "stdout"),),
    ),
    Case(
        "a control character in an SVG",
        "a control character makes the SVG invalid XML",
        "injection",
        make=(_edit(NAME, 'name: "东风\\x01\\x0b小学",'),),
        argv=("draw", "model.yaml", "--layer", "linkage", "-o", "d.svg"),
        exit=0,
        writes=("d.svg",),
        holds=(Holds("xml", "d.svg"),),
    ),
    Case(
        "control characters in GraphML",
        "a control character makes the SVG invalid XML (every XML output)",
        "injection",
        make=(_edit(NAME, 'name: "东风\\x01\\x1f小学",'),),
        argv=("export", "model.yaml", "-f", "graphml", "-o", "g.graphml"),
        exit=0,
        writes=("g.graphml",),
        holds=(Holds("xml", "g.graphml"),),
    ),
    Case(
        "a NaN coordinate",
        "NaN/inf coordinates make the JSON export write NaN (not JSON)",
        "injection",
        make=(
            _edit(
                "community: c3, members_full: 4}",
                "community: c3, members_full: 4, x: .nan, y: .inf}",
            ),
        ),
        argv=("export", "model.yaml", "-f", "json", "-o", "g.json"),
        says=("compounds[2].x",),
        at="model.yaml:29:",
        many=True,
    ),
    Case(
        "JSON of a NaN value",
        "NaN/inf ... make the JSON export write NaN (not JSON)",
        "injection",
        covered_by="test_escaping.py::test_json_writes_null_for_nan_and_says_so",
    ),
    Case(
        "a table path pointed at another file",
        "an error about a table path prints the first line of any file it was pointed at",
        "injection",
        make=(
            Make("text", "secret.txt", text="TOKEN=s3cr3t-4f9a\nline two, more\n"),
            _edit("{table: persons.csv}", "{table: secret.txt}"),
        ),
        argv=("validate", "model.yaml"),
        says=("persons",),
        at="secret.txt:1",
        holds=(Holds("lacks", "stderr", "s3cr3t-4f9a"),),
        quick=True,
    ),
    Case(
        "any name through every format",
        "a name is user data; every output must stay what it claims to be",
        "injection",
        covered_by="test_escaping_properties.py::test_every_format_gives_any_name_back",
    ),
    # == crashes ======================================================================
    Case(
        "a symlink loop as an include",
        "a symlink loop in an include",
        "crashes",
        make=(
            Make("append", "model.yaml", text="include: more.yaml\n"),
            Make("link", "more.yaml", to="more.yaml"),
        ),
        argv=("validate", "model.yaml"),
        says=("more.yaml",),
        at="model.yaml:124:10",
        quick=True,
    ),
    Case(
        "a symlink loop as a table",
        "a symlink loop in an include (and as a table)",
        "crashes",
        make=(
            Make("link", "persons.csv", to="loop.csv"),
            Make("link", "loop.csv", to="persons.csv"),
        ),
        argv=("validate", "model.yaml"),
        says=("persons.csv",),
        at=PERSONS_AT,
    ),
    Case(
        "a NUL in a table path",
        "a NUL in a path",
        "crashes",
        make=(_edit("{table: persons.csv}", '{table: "p\\0.csv"}'),),
        argv=("validate", "model.yaml"),
        says=(("NUL", "空字符"),),
        at=PERSONS_AT,
    ),
    Case(
        "a NUL in an include path",
        "a NUL in a path",
        "crashes",
        make=(Make("append", "model.yaml", text='include: "a\\0.yaml"\n'),),
        argv=("validate", "model.yaml"),
        says=(("NUL", "空字符"),),
        at="model.yaml:124:",
    ),
    Case(
        "valid_from: {lt: yesterday}",
        "wrongly typed rule filters (valid_from: {lt: yesterday} and six more shapes)",
        "crashes",
        make=(
            Make(
                "text",
                "r.yaml",
                text=(
                    "pack: hostile\nrules:\n  - id: h.value\n    severity: warning\n"
                    "    applies_to:\n      kind: community\n"
                    "      where: {valid_from: {lt: yesterday}}\n"
                    "    require: {attribute: {note: {present: true}}}\n"
                    "    message: 测试\n    message_en: test\n    hint: 修正\n"
                ),
            ),
        ),
        argv=("check", "model.yaml", "--rules", "r.yaml"),
        says=("yesterday", "valid_from"),
        at="r.yaml:7:",
    ),
    Case(
        "the other wrongly typed filters",
        "wrongly typed rule filters (... and six more shapes)",
        "crashes",
        covered_by="hostile/test_rule_values.py::test_a_wrongly_typed_value_is_an_error_at_its_place",
    ),
    Case(
        "-o an existing folder",
        "every output I/O error (existing directory ...)",
        "crashes",
        make=(Make("mkdir", "out.json"),),
        argv=("export", "model.yaml", "-f", "json", "-o", "out.json"),
        at="out.json",
        quick=True,
    ),
    Case(
        "-o a name too long",
        "every output I/O error (... name too long ...)",
        "crashes",
        argv=("check", "model.yaml", "-o", "长" * 90 + ".csv"),
        says=("274",),
        quick=True,
    ),
    Case(
        "-o ''",
        "every output I/O error (... -o '')",
        "crashes",
        argv=("export", "model.yaml", "-f", "json", "-o", ""),
        says=("-o",),
        quick=True,
    ),
    Case(
        "-o on a read-only file system",
        "every output I/O error (... read-only ... filesystem ...)",
        "crashes",
        make=(Make("tmpfs", "ro", text="ro,size=64k"),),
        argv=("export", "model.yaml", "-f", "json", "-o", "ro/g.json"),
        says=(("read-only", "只读"),),
        at="ro/g.json",
    ),
    Case(
        "-o on a full file system",
        "every output I/O error (... full filesystem ...)",
        "crashes",
        make=(Make("tmpfs", "disk", text="size=64k"), Make("fill", "disk")),
        argv=("export", "model.yaml", "-f", "json", "-o", "disk/sub/g.json"),
        says=(NO_SPACE,),
        at="disk/sub/g.json",
    ),
    Case(
        "-o with no permission",
        "every output I/O error (... read-only ...)",
        "crashes",
        covered_by="hostile/test_output_errors.py::test_no_permission",
    ),
    Case(
        "a closed pipe",
        "a closed pipe (summary --format json | head -1 crashes 8 times in 10)",
        "crashes",
        covered_by="hostile/test_pipes_and_interrupts.py::test_a_reader_that_takes_one_line_like_head",
    ),
    Case(
        "draw --layer grid of an empty community",
        "draw --layer grid of a community with nothing in it",
        "crashes",
        make=(
            _edit(
                "  - {id: c1-g1,",
                "  - {id: c9, name: 空社区, level: community, parent: s2}\n  - {id: c1-g1,",
            ),
        ),
        argv=("draw", "model.yaml", "--layer", "grid", "--focus", "c9", "-o", "g.svg"),
        exit=0,
        writes=("g.svg",),
        holds=(Holds("xml", "g.svg"),),
    ),
    Case(
        "draw --layer cobuilding --focus without part-time members",
        "draw --layer cobuilding --focus a community whose 大党委 has no part-time member",
        "crashes",
        covered_by="hostile/test_draw_empty.py::test_cobuilding_of_a_body_without_part_time_members",
    ),
    Case(
        "synth --gaps nan",
        "bad synth arguments (--gaps nan, --seed -1, --gaps 2)",
        "crashes",
        base="none",
        argv=("synth", "--gaps", "nan", "-o", "m.yaml"),
        says=("--gaps", "nan"),
        quick=True,
    ),
    Case(
        "synth --seed -1",
        "bad synth arguments (--gaps nan, --seed -1, --gaps 2)",
        "crashes",
        base="none",
        argv=("synth", "--seed", "-1", "-o", "m.yaml"),
        says=("--seed", "-1"),
        quick=True,
    ),
    Case(
        "synth --gaps 2",
        "bad synth arguments (--gaps nan, --seed -1, --gaps 2)",
        "crashes",
        base="none",
        argv=("synth", "--gaps", "2", "-o", "m.yaml"),
        says=("--gaps", ("“2”", "'2'")),
        quick=True,
    ),
    Case(
        "ctrl-c during start-up",
        "Ctrl-C during start-up prints a traceback",
        "crashes",
        covered_by="hostile/test_pipes_and_interrupts.py::test_ctrl_c_during_start_up_is_one_line_and_exit_130",
    ),
    # == silently accepted ============================================================
    Case(
        "members_full: 010",
        "members_full: 010 becomes 8 (YAML 1.1 octal)",
        "silently accepted",
        make=(_edit(SCHOOL, SCHOOL.replace("members_full: 5", "members_full: 010")),),
        argv=("validate", "model.yaml"),
        says=("010",),
        at=SCHOOL_COUNT_AT,
        quick=True,
    ),
    Case(
        "members_full: 1:30",
        "1:30 becomes 90 (sexagesimal)",
        "silently accepted",
        make=(_edit(SCHOOL, SCHOOL.replace("members_full: 5", "members_full: 1:30")),),
        argv=("validate", "model.yaml"),
        says=("1:30",),
        at=SCHOOL_COUNT_AT,
    ),
    Case(
        "members_full: true",
        "true becomes 1",
        "silently accepted",
        make=(_edit(SCHOOL, SCHOOL.replace("members_full: 5", "members_full: true")),),
        argv=("validate", "model.yaml"),
        says=("members_full",),
        at=SCHOOL_COUNT_AT,
    ),
    Case(
        "a count of 10^20",
        "counts of 10^20 that GraphML long and Neo4j :long cannot hold",
        "silently accepted",
        make=(_edit(SCHOOL, SCHOOL.replace("members_full: 5", "members_full: " + "1" + "0" * 20)),),
        argv=("export", "model.yaml", "-f", "graphml", "-o", "g.graphml"),
        says=("9,223,372,036,854,775,807",),
        at=SCHOOL_COUNT_AT,
    ),
    Case(
        "a NaN rule parameter on the command line",
        "NaN rule parameters that flag every node",
        "silently accepted",
        argv=("check", "model.yaml", "--param", "visit_days=nan"),
        says=("visit_days",),
    ),
    Case(
        "a NaN rule parameter in a rules file",
        "NaN rule parameters that flag every node",
        "silently accepted",
        make=(
            Make(
                "text",
                "r.yaml",
                text=(
                    "pack: hostile\nparams: {big: .nan}\nrules:\n  - id: h.value\n"
                    "    severity: warning\n    applies_to:\n      kind: unit\n"
                    "      where: {members_full: {ge: $big}}\n"
                    "    require: {attribute: {note: {present: true}}}\n"
                    "    message: 测试\n    message_en: test\n    hint: 修正\n"
                ),
            ),
        ),
        argv=("check", "model.yaml", "--rules", "r.yaml"),
        says=(("nan", "NaN"),),
        at="r.yaml:",
    ),
    Case(
        "a NUL in a CSV cell",
        "NUL, ESC and 30 MB names in CSV cells",
        "silently accepted",
        make=(_edit(PERSON_NAME, "p1,李\0明,", "persons.csv"),),
        argv=("validate", "model.yaml"),
        at="persons.csv:2:",
    ),
    Case(
        "an ESC in a CSV cell",
        "NUL, ESC and 30 MB names in CSV cells",
        "silently accepted",
        make=(_edit(PERSON_NAME, "p1,李\x1b[31m明,", "persons.csv"),),
        argv=("validate", "model.yaml"),
        at="persons.csv:2:",
    ),
    Case(
        "a 30 MB name in a CSV cell",
        "NUL, ESC and 30 MB names in CSV cells",
        "silently accepted",
        make=(_edit(PERSON_NAME, "p1," + "长" * 10_000_000 + ",", "persons.csv"),),
        argv=("validate", "model.yaml"),
        at="persons.csv:2:",
    ),
    Case(
        "encoding: unicode_escape",
        "encoding: unicode_escape",
        "silently accepted",
        make=(_edit("{table: persons.csv}", "{table: persons.csv, encoding: unicode_escape}"),),
        argv=("validate", "model.yaml"),
        says=("unicode_escape",),
        at=PERSONS_AT,
    ),
    Case(
        "a year-0 date in YAML",
        "year-0 dates",
        "silently accepted",
        make=(_edit("snapshot: 2024-06-30", "snapshot: 0000-06-30"),),
        argv=("validate", "model.yaml"),
        says=(("year 0", "0 年", "0000"),),
        at="model.yaml:6:11",
    ),
    Case(
        "a year-0 date in a CSV cell",
        "year-0 dates",
        "silently accepted",
        covered_by="test_arrow_tables.py::test_dates_at_the_edges",
    ),
    Case(
        "rule values of the wrong type",
        "rule values of the wrong type that silently match nothing",
        "silently accepted",
        covered_by="hostile/test_rule_values.py::test_a_wrongly_typed_value_is_an_error_at_its_place",
    ),
    Case(
        "today in a date filter",
        "today in a date filter",
        "silently accepted",
        make=(
            Make(
                "text",
                "r.yaml",
                text=(
                    "pack: hostile\nrules:\n  - id: h.value\n    severity: warning\n"
                    "    applies_to:\n      kind: community\n"
                    "      where: {valid_from: {lt: today}}\n"
                    "    require: {attribute: {note: {present: true}}}\n"
                    "    message: 测试\n    message_en: test\n    hint: 修正\n"
                ),
            ),
        ),
        argv=("check", "model.yaml", "--rules", "r.yaml"),
        says=("today",),
        at="r.yaml:7:",
    ),
    Case(
        "a name trimmed without a word",
        "names trimmed without a word",
        "silently accepted",
        make=(_edit(NAME, 'name: " 东风小学 ",'),),
        argv=("validate", "--verbose", "model.yaml"),
        exit=0,
        holds=(Holds("has", "stdout", "去掉首尾空格"), Holds("has", "stdout", "model.yaml:22:")),
    ),
    Case(
        "!!set members",
        "!!set members giving a different export on each run",
        "silently accepted",
        make=(_edit("categories: [ic-safety]", "categories: !!set {ic-safety}"),),
        argv=("export", "model.yaml", "-f", "json", "-o", "g.json"),
        says=("!!set",),
        at="model.yaml:114:",
    ),
    Case(
        "an id valid in a CSV only",
        "an id valid in a CSV (p²) that cannot be referenced from YAML",
        "silently accepted",
        make=(Make("append", "persons.csv", text="p²,新人,h1,full,,,false\n"),),
        argv=("validate", "model.yaml"),
        says=("p²",),
        at="persons.csv:14",
    ),
    # == a careless user's bytes (beyond the issue's examples) ========================
    Case(
        "an entry file that is not UTF-8",
        "(beyond the issue) bad bytes: a YAML file saved in another encoding",
        "careless",
        base="none",
        make=(Make("bytes", "m.yaml", data="partygraph: 1\nname: 示例".encode() + b"\xff\n"),),
        argv=("validate", "m.yaml"),
        says=("UTF-8",),
        at="m.yaml:2",
    ),
    Case(
        "a GBK table without encoding:",
        "(beyond the issue) bad bytes: a spreadsheet export in GBK",
        "careless",
        make=(
            Make(
                "bytes",
                "persons.csv",
                data=(RULES_TABLES / "persons.csv").read_text(encoding="utf-8").encode("gbk"),
            ),
        ),
        argv=("validate", "model.yaml"),
        says=("gb18030",),
        at="persons.csv:2",
    ),
    # == the coverage defect ==========================================================
    Case(
        "a joint branch counted only at the city",
        "A joint branch ... is counted only at the city: the city and county rows disagree",
        "coverage",
        covered_by="test_joint_home.py::test_city_and_county_rows_agree_in_a_one_county_model",
    ),
)
