"""The memory from the command line: `mtedit correct` looks sentences up first; `mtedit memory` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtedit.cli import main
from mtedit.memory.db import TranslationMemory, Unit

ROWS = [
    ("El gobierno anunció el plan de ajuste en Madrid el martes.", "The government announced the plan of adjustment in Madrid the Tuesday."),
    ("El gobierno anunció el nuevo plan de ajuste en Madrid el miércoles.", "The government announced the new plan of adjustment in Madrid the Wednesday."),
    ("La policía criticó la ley en Lima.", "The police criticised the law in Lima."),
]
TARGET = "The government announced the austerity plan in Madrid on Tuesday."


def _config(tmp_path: Path, model_dir: Path) -> Path:
    path = tmp_path / "mtedit.toml"
    path.write_text(
        f'default_engine = "tiny-refine"\nstore = "review.sqlite"\n[memory]\npath = "tm.sqlite"\nfuzzy_threshold = 75\n'
        f'[engines.tiny-refine]\nkind = "seq2seq"\nmode = "refine"\nmodel = "{model_dir.as_posix()}"\ndevice = "cpu"\n'
        'beam = 1\nmax_length = 32\nbatch_size = 4\n'
        '[engines.missing]\nkind = "seq2seq"\nmode = "refine"\nmodel = "no-such-model"\n', encoding="utf-8")
    TranslationMemory(tmp_path / "tm.sqlite").add([Unit(TARGET, ROWS[0][0], ROWS[0][1], "store:review.sqlite", 7, 0)])
    return path


def _archive(tmp_path: Path, rows) -> Path:
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(json.dumps({"id": f"n{i}", "source": s, "draft": d}) + "\n" for i, (s, d) in enumerate(rows)),
                    encoding="utf-8")
    return path


def _log(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_correct_takes_exact_matches_suggests_fuzzy_ones_and_no_memory_turns_it_off(tmp_path, tiny_marian_dir, capsys):
    config = _config(tmp_path, tiny_marian_dir)
    out = tmp_path / "fixed.jsonl"
    assert main(["correct", str(_archive(tmp_path, ROWS)), "--config", str(config), "-o", str(out), "-q"]) == 0
    exact, fuzzy, none = _log(tmp_path / "fixed.log.jsonl")
    assert exact["reason"] == "memory:exact" and exact["fix"] == TARGET and exact["changed"]
    assert exact["memory"]["kind"] == "exact" and exact["memory"]["job"] == 7
    assert exact["signature"].startswith("memory:exact|origin:store:review.sqlite|job:7")
    assert any(f["kind"] for f in exact["flags"]) or exact["flags"] == []  # checked like any fix
    assert fuzzy["memory"]["kind"] == "fuzzy" and 75 <= fuzzy["memory"]["score"] < 100
    assert fuzzy["memory"]["target"] == TARGET and fuzzy["fix"] != TARGET  # offered, never taken
    assert fuzzy["reason"] != "memory:exact" and "memory" not in none
    assert json.loads(out.read_text().splitlines()[0])["final"] == TARGET  # the document has the memory's text

    assert main(["correct", str(_archive(tmp_path, ROWS)), "--config", str(config), "-o", str(out), "-q",
                 "--no-memory"]) == 0
    assert all("memory" not in r for r in _log(tmp_path / "fixed.log.jsonl"))


def test_exact_matches_need_no_engine(tmp_path, tiny_marian_dir, capsys):
    config = _config(tmp_path, tiny_marian_dir)
    out = tmp_path / "fixed.jsonl"
    code = main(["correct", str(_archive(tmp_path, ROWS[:1])), "--config", str(config), "--engine", "missing",
                 "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "memory: 1 exact (taken), 0 fuzzy" in capsys.readouterr().err
    assert main(["correct", str(_archive(tmp_path, ROWS)), "--config", str(config), "--engine", "missing",
                 "-o", str(out), "-q"]) == 4  # the other sentences need it


def test_memory_commands_import_stats_export_and_bad_files(tmp_path, tiny_marian_dir, capsys):
    config = _config(tmp_path, tiny_marian_dir)
    tmx = tmp_path / "desk.tmx"
    tmx.write_text('<?xml version="1.0" encoding="utf-8"?><tmx version="1.4"><header srclang="es"/><body>'
                   '<tu><tuv xml:lang="es"><seg>Hola.</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu>'
                   '</body></tmx>', encoding="utf-8")
    assert main(["memory", "import", str(tmx), "--config", str(config)]) == 0
    assert main(["memory", "stats", "--config", str(config)]) == 0
    assert "2 units (2 with a source, 2 distinct sentences), 1 reviewed jobs, 1 imported" in capsys.readouterr().out
    out = tmp_path / "all.tmx"
    assert main(["memory", "export", "-o", str(out), "--config", str(config)]) == 0
    assert out.read_text(encoding="utf-8").count("</tu>") == 2

    evil = tmp_path / "evil.tmx"
    evil.write_text('<!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx version="1.4"><body/></tmx>', encoding="utf-8")
    capsys.readouterr()
    assert main(["memory", "import", str(evil), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DOCTYPE/ENTITY declaration is refused" in err

    not_memory = tmp_path / "notes.txt"
    not_memory.write_text("not a database " * 200, encoding="utf-8")
    assert main(["memory", "stats", "--memory", str(not_memory), "--config", str(config)]) == 2
    assert "is not an mtedit memory" in capsys.readouterr().err
    assert main(["correct", str(_archive(tmp_path, ROWS)), "--config", str(config), "--memory", str(not_memory),
                 "-o", str(tmp_path / "x.jsonl"), "-q"]) == 2
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.parametrize(("table", "message"), [
    ("[memory]\nfuzzy_threshold = 120\n", "percentage"),
    ("[memory]\nsize = 3\n", "unknown keys"),
])
def test_bad_memory_config_is_one_line(tmp_path, table, message, capsys):
    config = tmp_path / "mtedit.toml"
    config.write_text(table + '[engines.a]\nkind = "apertium"\n', encoding="utf-8")
    archive = _archive(tmp_path, ROWS[:1])
    assert main(["correct", str(archive), "--config", str(config), "-q"]) == 3
    assert message in capsys.readouterr().err


def test_a_read_only_memory_still_gives_its_matches(tmp_path, tiny_marian_dir, capsys, monkeypatch):
    import os

    from mtedit.store import ReviewStore

    config = _config(tmp_path, tiny_marian_dir)
    ReviewStore(tmp_path / "review.sqlite")  # a store with decisions to feed, which the memory cannot take
    memory = tmp_path / "tm.sqlite"
    memory.chmod(0o444)
    real_access = os.access  # root writes any file: make it read-only as it is to an editor
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == memory else real_access(p, mode))
    out = tmp_path / "fixed.jsonl"
    try:
        assert main(["correct", str(_archive(tmp_path, ROWS[:1])), "--config", str(config), "--engine", "missing",
                     "-o", str(out)]) == 0
    finally:
        memory.chmod(0o644)
    err = capsys.readouterr().err
    assert "warning: memory" in err and "is read-only: used as it is" in err
    assert _log(tmp_path / "fixed.log.jsonl")[0]["reason"] == "memory:exact"
