"""`mtedit correct` over several files or a folder: planning, pairing, per-file errors and resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtedit.commands.batch import plan
from mtedit.errors import InputError
from test_cli import read_log, run, write_config


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A folder of wire copy as a desk keeps it: stories with their Spanish beside them, an archive, old outputs."""
    root = tmp_path / "desk"
    _write(root / "monday" / "fire.en.txt", "The fire destroyed 20 houses.\n\nThe firemen arrived late.\n")
    _write(root / "monday" / "fire.es.txt", "El fuego destruyó 20 casas.\n\nLos bomberos llegaron tarde.\n")
    _write(root / "tuesday" / "vote.en.txt", "The parliament voted the law.\n")
    rows = [{"id": "a1", "source": "El perro come.", "draft": "The dog eats."}]
    _write(root / "tuesday" / "archive.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    _write(root / "tuesday" / "old.fixed.txt", "An output of an earlier run.\n")
    _write(root / "tuesday" / "old.fixed.log.jsonl", "")
    return root


def test_a_folder_plans_every_draft_with_its_source_and_an_output_below_out_dir(desk: Path, tmp_path: Path):
    jobs = plan([desk], output=None, log=None, source=None, out_dir=tmp_path / "out", source_dir=None, fmt=None)
    assert [(j.input.relative_to(desk).as_posix(), j.source and j.source.name, j.output.relative_to(tmp_path).as_posix())
            for j in jobs] == [
        ("monday/fire.en.txt", "fire.es.txt", "out/monday/fire.en.fixed.txt"),
        ("tuesday/archive.jsonl", None, "out/tuesday/archive.fixed.jsonl"),
        ("tuesday/vote.en.txt", None, "out/tuesday/vote.en.fixed.txt"),
    ]
    assert jobs[0].log.name == "fire.en.fixed.log.jsonl"


def test_source_dir_gives_the_spanish_at_the_same_relative_path(desk: Path, tmp_path: Path):
    sources = tmp_path / "es"
    _write(sources / "monday" / "fire.en.txt", "El fuego destruyó 20 casas.\n\nLos bomberos llegaron tarde.\n")
    with pytest.raises(InputError, match="vote.en.txt in --source-dir"):
        plan([desk], output=None, log=None, source=None, out_dir=None, source_dir=sources, fmt=None)
    _write(sources / "tuesday" / "vote.en.txt", "El parlamento votó la ley.\n")
    jobs = plan([desk], output=None, log=None, source=None, out_dir=None, source_dir=sources, fmt=None)
    assert [j.source.relative_to(sources).as_posix() if j.source else None for j in jobs] == [
        "monday/fire.en.txt", None, "tuesday/vote.en.txt"]


@pytest.mark.parametrize(("extra", "message"), [
    ({"output": Path("x.txt")}, "-o is for one input file"),
    ({"source": Path("x.es.txt")}, "--source is for one input file"),
])
def test_one_file_options_are_refused_in_a_batch(desk: Path, extra, message):
    options = {"output": None, "log": None, "source": None, "out_dir": None, "source_dir": None, "fmt": None, **extra}
    with pytest.raises(InputError, match=message):
        plan([desk], **options)


def test_two_inputs_writing_the_same_output_are_refused(tmp_path: Path):
    a = _write(tmp_path / "a" / "story.txt", "One.\n")
    b = _write(tmp_path / "b" / "story.txt", "Two.\n")
    with pytest.raises(InputError, match="would both write"):
        plan([a, b], output=None, log=None, source=None, out_dir=tmp_path / "out", source_dir=None, fmt=None)


def test_a_batch_runs_every_file_reports_a_bad_one_and_resumes(desk: Path, tmp_path: Path, capsys, tiny_marian_dir):
    config = write_config(tmp_path, tiny_marian_dir)
    bad = _write(desk / "tuesday" / "broken.jsonl", '{"draft": "ok"}\n{"draft": oops}\n')
    out = tmp_path / "out"
    code, _, err = run(capsys, "correct", desk, "--config", config, "--engine", "tiny-ape", "--out-dir", out)
    assert code == 2
    assert f"{bad}" in err and "line 2" in err and "3 of 4 files done" in err and "1 failed" in err
    fire = read_log(out / "monday" / "fire.en.fixed.log.jsonl")
    assert [r["source"] for r in fire] == ["El fuego destruyó 20 casas.", "Los bomberos llegaron tarde."]
    assert (out / "monday" / "fire.en.fixed.txt").read_text(encoding="utf-8").count("\n\n") == 1  # paragraphs kept
    assert len(read_log(out / "tuesday" / "archive.fixed.log.jsonl")) == 1
    assert not (out / "tuesday" / "old.fixed.fixed.txt").exists()

    bad.unlink()
    before = (out / "monday" / "fire.en.fixed.log.jsonl").read_text(encoding="utf-8")
    code, _, err = run(capsys, "correct", desk, "--config", config, "--engine", "tiny-ape", "--out-dir", out,
                       "--resume")
    assert code == 0 and "3 of 3 files done" in err and "nothing new to compute" in err
    assert (out / "monday" / "fire.en.fixed.log.jsonl").read_text(encoding="utf-8") == before


def test_a_batch_with_an_unknown_engine_stops_at_once(desk: Path, tmp_path: Path, capsys):
    code, _, err = run(capsys, "correct", desk, "--config", write_config(tmp_path), "--engine", "nope",
                       "--out-dir", tmp_path / "out")
    assert code == 3 and err.count("error") == 1 and not (tmp_path / "out").exists()
