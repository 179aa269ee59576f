"""`mtedit correct --ray` on a local Ray started here (2 CPUs): the same files as the in-process run, a
worker killed mid-run loses nothing, an interrupted run resumes without recomputing finished segments."""

from __future__ import annotations

import _thread
import json
import logging
import os
import re
import signal
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import mtedit
from test_cli import run
from tiny_models import sentence_pairs

ENGINE = "tiny-ape"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _xliff(pairs: list[tuple[str, str]]) -> str:
    units = "".join(f'<trans-unit id="u{i}"><source>{escape(es)}</source><target state="translated">{escape(en)}'
                    f"</target></trans-unit>" for i, (es, en) in enumerate(pairs))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            f'<file original="wire.html" source-language="es" target-language="en" datatype="html"><body>{units}'
            "</body></file></xliff>\n")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """96 segments in four files and formats: a story with its Spanish (paragraphs), JSONL, TSV and XLIFF."""
    pairs = sentence_pairs()[::3]  # 100 varied pairs
    garble = [(es, en.replace("the ", "the the ", 1).replace(" in ", " en ")) for es, en in pairs]
    root = tmp_path_factory.mktemp("desk")
    story = [garble[k:k + 4] for k in range(0, 24, 4)]
    _write(root / "monday" / "fire.en.txt", "\n\n".join(" ".join(en for _, en in p) for p in story) + "\n")
    _write(root / "monday" / "fire.es.txt", "\n\n".join(" ".join(es for es, _ in p) for p in story) + "\n")
    rows = [{"id": f"a{i}", "source": es, "draft": en} for i, (es, en) in enumerate(garble[24:54])]
    _write(root / "monday" / "archive.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    _write(root / "tuesday" / "feed.tsv", "".join(f"{es}\t{en}\n" for es, en in garble[54:78]))
    _write(root / "tuesday" / "job.xlf", _xliff(garble[78:96]))
    return root


@pytest.fixture(scope="module")
def config(desk: Path, tiny_marian_dir: Path) -> Path:
    path = desk.parent / "ray-test.toml"
    path.write_text(f'[engines.{ENGINE}]\nkind = "seq2seq"\nmode = "ape"\nmodel = "{tiny_marian_dir.as_posix()}"\n'
                    'device = "cpu"\nbeam = 2\nmax_length = 32\nbatch_size = 3\nmargin = 0.0\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    package_root = str(Path(mtedit.__file__).resolve().parents[1])
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": package_root, "HF_HUB_OFFLINE": "1",
                                       "TRANSFORMERS_OFFLINE": "1"}})
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def reference(desk: Path, config: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every output and edit log of the in-process run, by path below the output folder."""
    out = tmp_path_factory.mktemp("in-process")
    from mtedit.cli import main

    assert main(["correct", str(desk), "--config", str(config), "--engine", ENGINE, "--out-dir", str(out), "-q"]) == 0
    return _files(out)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _log_lines(folder: Path) -> int:
    return sum(p.read_text(encoding="utf-8").count("\n") for p in folder.rglob("*.log.jsonl"))


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = [int(c) for c in (task / "children").read_text().split()] if (task / "children").exists() else []
            found += children
            todo += children
    return found


def _actor_pids() -> list[int]:
    pids = []
    for pid in _descendants(os.getpid()):
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "StageActor" in title:
            pids.append(pid)
    return pids


def _when(condition, action) -> threading.Thread:
    """Run `action()` in a thread once `condition()` holds (polled); the thread records the time it acted."""
    def watch() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if condition():
                thread.acted = action()
                return
            time.sleep(0.02)
    thread = threading.Thread(target=watch, daemon=True)
    thread.acted = None
    thread.start()
    return thread


def _ray_run(capsys, desk: Path, config: Path, out: Path, *extra: str) -> tuple[int, str]:
    code, _, err = run(capsys, "correct", desk, "--config", config, "--engine", ENGINE, "--out-dir", out,
                       "--ray", "--actors", "2", *extra)
    return code, err


def test_a_worker_killed_mid_run_gives_the_same_files_and_resume_recomputes_nothing(
        local_ray, desk, config, reference, tmp_path, capsys):
    out = tmp_path / "ray"
    total = sum(1 for name, data in reference.items() if name.endswith(".log.jsonl") for _ in data.splitlines())

    def kill_one() -> int:
        finished = _log_lines(out)
        os.kill(_actor_pids()[0], signal.SIGKILL)
        return finished

    killer = _when(lambda: _log_lines(out) > 0 and len(_actor_pids()) == 2, kill_one)
    code, err = _ray_run(capsys, desk, config, out)
    killer.join(timeout=1)
    assert code == 0, err
    assert killer.acted is not None and killer.acted < total, "the worker was not killed mid-run"
    assert f"ray: {total} segments of 4 files" in err
    assert _files(out) == reference

    code, err = _ray_run(capsys, desk, config, out, "--resume")
    assert code == 0, err
    assert "ray:" not in err and err.count("nothing new to compute") == 4
    assert _files(out) == reference


def test_an_interrupted_ray_run_resumes_with_only_the_unfinished_segments(
        local_ray, desk, config, reference, tmp_path, capsys):
    out = tmp_path / "ray"
    interrupter = _when(lambda: _log_lines(out) >= 6, _thread.interrupt_main)
    code, err = _ray_run(capsys, desk, config, out)
    interrupter.join(timeout=1)
    assert code == 130, err
    assert "--resume" in err
    finished = _log_lines(out)
    total = sum(data.count(b"\n") for name, data in reference.items() if name.endswith(".log.jsonl"))
    assert 6 <= finished < total
    before = {name: data for name, data in _files(out).items() if name.endswith(".log.jsonl")}
    documents = {name for name in _files(out) if not name.endswith(".log.jsonl")}
    assert documents == {name for name in reference if not name.endswith(".log.jsonl")}  # drafts where unfinished

    code, err = _ray_run(capsys, desk, config, out, "--resume")
    assert code == 0, err
    assert re.search(rf"ray: {total - finished} segments of \d files", err), err
    after = _files(out)
    assert after == reference
    assert all(after[name].startswith(data) for name, data in before.items())  # finished lines kept as they were


def test_an_engine_missing_on_the_workers_stops_the_run_in_one_line(local_ray, desk, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("mtedit.executors.raydata.require_usable", lambda engine: None)  # here it looks fine
    config = tmp_path / "elsewhere.toml"
    config.write_text(f'[engines.{ENGINE}]\nkind = "seq2seq"\nmode = "ape"\nmodel = "{tmp_path.as_posix()}/gone"\n',
                      encoding="utf-8")
    out = tmp_path / "ray"
    code, err = _ray_run(capsys, desk, config, out)
    assert code == 6, err
    assert err.strip().splitlines()[-1] == (
        f"mtedit: error: the Ray run stopped: engine '{ENGINE}' is not usable here: model folder {tmp_path}/gone not"
        f" found; put a transformers model folder (config.json, model.safetensors, tokenizer files) at {tmp_path}/gone;"
        " finished segments are in the edit logs: fix this, then rerun with --resume")
    assert (out / "tuesday" / "feed.fixed.tsv").read_bytes() == (desk / "tuesday" / "feed.tsv").read_bytes()


def test_the_translation_memory_is_used_on_ray_as_in_process(local_ray, desk, config, tmp_path, capsys):
    """Exact matches are taken where the files are read (never sent to an actor); the files equal the in-process
    run with the same memory."""
    from mtedit.cli import main

    rows = [json.loads(line) for line in (desk / "monday" / "archive.jsonl").read_text(encoding="utf-8").splitlines()]
    units = "".join(f'<tu><tuv xml:lang="es"><seg>{escape(r["source"])}</seg></tuv><tuv xml:lang="en"><seg>'
                    f"Approved {i}.</seg></tuv></tu>" for i, r in enumerate(rows[:10]))
    tmx = tmp_path / "desk.tmx"
    tmx.write_text(f'<tmx version="1.4"><header srclang="es" datatype="plaintext" segtype="sentence" adminlang="en"'
                   f' o-tmf="x" creationtool="x" creationtoolversion="1"/><body>{units}</body></tmx>', encoding="utf-8")
    memory = tmp_path / "memory.sqlite"
    assert main(["memory", "import", str(tmx), "--memory", str(memory), "--config", str(config)]) == 0
    both = ("--memory", str(memory))
    assert main(["correct", str(desk), "--config", str(config), "--engine", ENGINE, "--out-dir",
                 str(tmp_path / "in-process"), "-q", *both]) == 0
    code, err = _ray_run(capsys, desk, config, tmp_path / "ray", "-q", *both)
    assert code == 0, err
    assert _files(tmp_path / "ray") == _files(tmp_path / "in-process")
    log = (tmp_path / "ray" / "monday" / "archive.fixed.log.jsonl").read_text(encoding="utf-8").splitlines()
    taken = [json.loads(line) for line in log if json.loads(line)["reason"] == "memory:exact"]
    assert [r["fix"] for r in taken] == [f"Approved {i}." for i in range(10)]


def test_a_ray_resume_with_other_settings_is_refused(local_ray, desk, config, reference, tmp_path, capsys):
    out = tmp_path / "ray"
    for name, data in reference.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    log = out / "monday" / "archive.fixed.log.jsonl"
    half = b"".join(log.read_bytes().splitlines(keepends=True)[:10])
    log.write_bytes(half)  # as an interrupted run leaves it
    code, err = _ray_run(capsys, desk, config, out, "--resume", "--margin", "0.5")
    assert code == 2, err
    assert "made with other settings" in err and "margin: 0 -> 0.5" in err
    assert log.read_bytes() == half  # nothing of the other run mixed in
