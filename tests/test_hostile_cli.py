"""The command line under hostile input: every case one line that says what to do, no traceback, and the
files it names unchanged. Cases fail before any engine loads, so the table runs in seconds."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

import pytest

from mtedit.cli import main
from mtedit.filelock import exclusive
from mtedit.store import ReviewStore
from mtedit.types import Document
from test_store import make_results

ROWS = [("El perro come.", "The dog eats."), ("Francia desplegó 8.000 soldados.", "France deployed 8.000 soldiers.")]
CONFIG = '''default_engine = "apertium"
[engines.apertium]
kind = "apertium"
pair = "spa-eng"
'''


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a JSONL archive, a draft and its source, a glossary, a config and a review store."""
    monkeypatch.chdir(tmp_path)
    lines = [json.dumps({"id": f"n{i}", "source": s, "draft": d}, ensure_ascii=False) for i, (s, d) in enumerate(ROWS)]
    (tmp_path / "g.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "d.en.txt").write_text("The dog eats.\n\nFrance deployed 8.000 soldiers.\n", encoding="utf-8")
    (tmp_path / "d.es.txt").write_text("El perro come.\n\nFrancia desplegó 8.000 soldados.\n", encoding="utf-8")
    (tmp_path / "gloss.tsv").write_text("EIIL\tISIL\n", encoding="utf-8")
    (tmp_path / "empty.tsv").write_text("# no terms yet\n\n", encoding="utf-8")
    (tmp_path / "mtedit.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text('{"draft": "x", "extra": ' + "[" * 5000 + "]" * 5000 + "}\n", encoding="utf-8")
    (tmp_path / "deep.xlf").write_text('<?xml version="1.0"?><xliff version="1.2">' + "<g>" * 5000 + "</g>" * 5000
                                       + "</xliff>\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")  # stands for /dev/null or /dev/stdout: writing "over" it must not replace it
    os.link(tmp_path / "g.jsonl", tmp_path / "hard.jsonl")
    (tmp_path / "soft.jsonl").symlink_to(tmp_path / "g.jsonl")
    store = ReviewStore(tmp_path / "review.sqlite")
    results = make_results()
    job = store.create_job(Document(name="story.txt", segments=tuple(r.segment for r in results)), "apertium", "s")
    store.add_results(job, results)
    store.finish_job(job)
    os.link(tmp_path / "review.sqlite", tmp_path / "store-link")
    return tmp_path


C = ("--config", "mtedit.toml")
EVERY = ("g.jsonl", "d.en.txt", "d.es.txt", "gloss.tsv", "mtedit.toml", "hard.jsonl")

# (case, argv, exit code, message fragment, files that must be unchanged)
CASES: list[tuple[str, tuple[str, ...], int, str, tuple[str, ...]]] = [
    ("output is the input", ("correct", "g.jsonl", "-o", "g.jsonl", *C), 2, "would destroy it", EVERY),
    ("log is the input", ("correct", "g.jsonl", "--log", "g.jsonl", *C), 2, "would destroy it", EVERY),
    ("log is the source", ("correct", "d.en.txt", "--source", "d.es.txt", "--log", "d.es.txt", *C), 2,
     "the source", EVERY),
    ("output is the source", ("correct", "d.en.txt", "--source", "d.es.txt", "-o", "d.es.txt", *C), 2,
     "the source", EVERY),
    ("output and log are one file", ("correct", "g.jsonl", "-o", "o.jsonl", "--log", "o.jsonl", *C), 2,
     "different names", EVERY),
    ("output is a hard link of the input", ("correct", "g.jsonl", "-o", "hard.jsonl", *C), 2, "would destroy it",
     EVERY),
    ("output is a symbolic link to the input", ("correct", "g.jsonl", "-o", "soft.jsonl", *C), 2,
     "would destroy it", EVERY),
    ("log is the glossary", ("correct", "g.jsonl", "--glossary", "gloss.tsv", "--log", "gloss.tsv", *C), 2,
     "read by this run", EVERY),
    ("log is the config", ("correct", "g.jsonl", "--log", "mtedit.toml", *C), 2, "read by this run", EVERY),
    ("output is a folder", ("correct", "g.jsonl", "-o", ".", *C), 2, "is a folder", EVERY),
    ("resume with a folder as log", ("correct", "g.jsonl", "--resume", "--log", "folder", *C), 2, "is a folder",
     EVERY),
    ("output below a file", ("correct", "g.jsonl", "-o", "a-file/out.jsonl", *C), 2, "is a file, not a folder",
     EVERY),
    ("output folder not writable", ("correct", "g.jsonl", "-o", "/proc/out.jsonl", *C), 2, "cannot write", EVERY),
    ("output is a pipe or device", ("correct", "g.jsonl", "-o", "pipe", *C), 2, "device or pipe", EVERY),
    ("log is a pipe or device", ("correct", "g.jsonl", "--log", "pipe", *C), 2, "device or pipe", EVERY),
    ("config is a folder", ("correct", "g.jsonl", "--config", "folder"), 3, "config file folder cannot be read",
     EVERY),
    ("batch size -1", ("correct", "g.jsonl", "--batch-size", "-1", *C), 2, "batch size must be", EVERY),
    ("batch size -2", ("correct", "g.jsonl", "--batch-size", "-2", *C), 2, "batch size must be", EVERY),
    ("batch size 0", ("correct", "g.jsonl", "--batch-size", "0", *C), 2, "batch size must be", EVERY),
    ("batch size 1e400", ("correct", "g.jsonl", "--batch-size", "1e400", *C), 2, "batch size must be", EVERY),
    ("margin nan", ("correct", "g.jsonl", "--margin", "nan", *C), 2, "finite number", EVERY),
    ("margin -inf", ("correct", "g.jsonl", "--margin=-inf", *C), 2, "finite number", EVERY),
    ("margin 1e400", ("correct", "g.jsonl", "--margin", "1e400", *C), 2, "finite number", EVERY),
    ("max-change -1", ("correct", "g.jsonl", "--max-change", "-1", *C), 2, "between 0 and 1", EVERY),
    ("max-change 1.5", ("correct", "g.jsonl", "--max-change", "1.5", *C), 2, "between 0 and 1", EVERY),
    ("max-change nan", ("correct", "g.jsonl", "--max-change", "nan", *C), 2, "finite number", EVERY),
    ("glossary is a folder", ("correct", "g.jsonl", "--glossary", "folder", *C), 2, "give the glossary file",
     EVERY),
    ("empty glossary", ("correct", "g.jsonl", "--glossary", "empty.tsv", *C), 2, "has no terms", EVERY),
    ("JSONL nested 5000 deep", ("correct", "deep.jsonl", "-o", "deep.out.jsonl", *C), 2, "nested more than",
     (*EVERY, "deep.jsonl")),
    ("XLIFF nested 5000 deep", ("correct", "deep.xlf", "-o", "deep.out.xlf", *C), 2, "nested more than",
     (*EVERY, "deep.xlf")),
    ("unknown engine", ("correct", "g.jsonl", "--engine", "nope", *C), 3, "unknown engine", EVERY),
    ("continue a job number too large", ("continue", "99999999999999999999", "--store", "review.sqlite", *C), 2,
     "not a job number", ("review.sqlite",)),
    ("continue job 1e23", ("continue", "1e23", "--store", "review.sqlite", *C), 2, "not a job number",
     ("review.sqlite",)),
    ("export job 0", ("export", "0", "-o", "x.txt", "--store", "review.sqlite", *C), 2, "not a job number",
     ("review.sqlite",)),
    ("export a job that is not there", ("export", "7", "-o", "x.txt", "--store", "review.sqlite", *C), 5,
     "no job 7", ("review.sqlite",)),
    ("export over the review store", ("export", "1", "-o", "review.sqlite", "--store", "review.sqlite", *C), 2,
     "is the review store", ("review.sqlite",)),
    ("export over a hard link of the store", ("export", "1", "-o", "store-link", "--store", "review.sqlite", *C),
     2, "is the review store", ("review.sqlite",)),
    ("a store that is not a database", ("jobs", "--store", "g.jsonl", *C), 5, "pass --store PATH", EVERY),
    ("mistyped store", ("jobs", "--store", "reveiw.sqlite", *C), 5, "--new-store", EVERY),
    ("store is a folder", ("jobs", "--store", "folder", *C), 5, "is a folder", EVERY),
    ("serve a mistyped store", ("serve", "--store", "reveiw.sqlite", *C), 5, "--new-store", EVERY),
    ("serve on a host that does not exist", ("serve", "--host", "999.1.1.1", "--auth", "a:b", "--store",
                                             "review.sqlite", *C), 2, "check --host", EVERY),
    ("serve on port 70000", ("serve", "--port", "70000", "--store", "review.sqlite", *C), 2, "the port must be",
     EVERY),
]


def _snapshot(folder: Path, names: tuple[str, ...]) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in names}


def _run(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse refusals
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def _assert_one_line(err: str, fragment: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("mtedit: error:"), err
    assert fragment in lines[0], err


@pytest.mark.parametrize(("case", "argv", "code", "fragment", "unchanged"), CASES, ids=[c[0] for c in CASES])
def test_hostile_command_line(desk: Path, capsys, case, argv, code, fragment, unchanged):
    before = _snapshot(desk, unchanged)
    listing = sorted(p.name for p in desk.iterdir())
    got, err = _run(argv, capsys)
    assert got == code, err
    _assert_one_line(err, fragment)
    assert _snapshot(desk, unchanged) == before
    assert sorted(p.name for p in desk.iterdir()) == listing  # nothing created: no output, log, lock or store


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_output_folder_is_refused_before_any_work(desk: Path, capsys):
    locked = desk / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, err = _run(("correct", "g.jsonl", "-o", "locked/out.jsonl", *C), capsys)
    finally:
        locked.chmod(0o755)
    assert code == 2
    _assert_one_line(err, "cannot write")


def test_a_second_run_on_a_locked_output_names_the_holder(desk: Path, capsys):
    with exclusive(desk / "out.jsonl"):
        code, err = _run(("correct", "g.jsonl", "-o", "out.jsonl", *C), capsys)
    assert code == 2
    _assert_one_line(err, f"another mtedit run (pid {os.getpid()})")
    assert not (desk / "out.jsonl").exists() and not (desk / ".out.jsonl.lock").exists()


def test_serve_on_a_busy_port_is_one_line(desk: Path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err = _run(("serve", "--port", str(port), "--store", "review.sqlite", *C), capsys)
    assert code == 2
    _assert_one_line(err, "pass another --port")


def test_a_huge_story_needs_yes(desk: Path, capsys, monkeypatch: pytest.MonkeyPatch):
    import mtedit.sizing

    monkeypatch.setattr(mtedit.sizing, "CONFIRM_SECONDS", 0.0)
    code, err = _run(("correct", "g.jsonl", "-o", "out.jsonl", *C), capsys)
    assert code == 2
    _assert_one_line(err, "pass --yes to go on")
    assert "2 sentences" in err and not (desk / "out.jsonl").exists()


def test_show_escapes_terminal_control_sequences(capsys):
    from mtedit.commands.correct import _show

    _show([{"id": "x\x1b]0;owned\x07", "changed": True, "draft": "red \x1b[31mtext", "fix": "clear\x1b[2J"}])
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b[31m" in err and "\\x1b[2J" in err


needs_apertium = pytest.mark.skipif(__import__("shutil").which("apertium") is None, reason="needs apertium")


@needs_apertium
@pytest.mark.parametrize(("change", "difference"), [
    (("--margin", "0.25"), "margin: 0.5 -> 0.25"),
    (("--no-gate",), "gate: on -> off"),
])
def test_resume_refuses_other_settings_and_keeps_the_log(desk: Path, capsys, change, difference):
    assert _run(("correct", "g.jsonl", "-o", "out.jsonl", "--margin", "0.5", "-q", *C), capsys)[0] == 0
    log = desk / "out.log.jsonl"
    log.write_text(log.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")  # an interrupted run
    before = log.read_bytes()
    code, err = _run(("correct", "g.jsonl", "-o", "out.jsonl", "--resume", "-q", *change, *C), capsys)
    assert code == 2
    _assert_one_line(err, difference)
    assert "drop --resume" in err and log.read_bytes() == before
    code, err = _run(("correct", "g.jsonl", "-o", "out.jsonl", "--resume", "--margin", "0.5", "-q", *C), capsys)
    assert code == 0, err
    assert len(log.read_text(encoding="utf-8").splitlines()) == len(ROWS)


@needs_apertium
def test_a_batch_never_gives_two_files_one_edit_log(desk: Path, capsys):
    batch = desk / "batch"
    batch.mkdir()
    (batch / "a.jsonl").write_bytes((desk / "g.jsonl").read_bytes())
    (batch / "a.tsv").write_text("El perro come.\tThe dog eats.\n", encoding="utf-8")
    code, err = _run(("correct", str(batch), "--out-dir", "out", *C), capsys)
    assert code == 2
    _assert_one_line(err, "different names")


def test_no_traceback_from_a_subprocess(desk: Path):
    """The same refusal through the installed entry point: exit code and stderr as a user sees them."""
    import subprocess

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run([sys.executable, "-m", "mtedit.cli", "correct", "g.jsonl", "-o", "g.jsonl", *C],
                          capture_output=True, text=True, cwd=desk, env=env, timeout=120)
    assert proc.returncode == 2
    _assert_one_line(proc.stderr, "would destroy it")


