"""The command line end to end: real engines, real files, exit codes and one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mtedit.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")


def write_config(tmp_path: Path, model_dir: Path | None = None, margin: float = 0.0) -> Path:
    engines = ['[engines.apertium]\nkind = "apertium"\npair = "spa-eng"\n']
    if model_dir is not None:
        for mode in ("translate", "refine", "ape"):
            engines.append(
                f'[engines.tiny-{mode}]\nkind = "seq2seq"\nmode = "{mode}"\nmodel = "{model_dir.as_posix()}"\n'
                f"device = \"cpu\"\nbeam = 2\nmax_length = 32\nbatch_size = 3\nmargin = {margin}\n"
            )
    engines.append('[engines.missing]\nkind = "seq2seq"\nmodel = "no-such-model"\nhub_id = "Helsinki-NLP/opus-mt-es-en"\n')
    path = tmp_path / "mtedit.toml"
    path.write_text('default_engine = "apertium"\n' + "\n".join(engines), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    rows = [
        {"id": f"n{i}", "source": src, "draft": draft}
        for i, (src, draft) in enumerate(
            [
                ("El perro come.", "The dog eats."),
                ("Ahora bien, la coalición lucha contra el EIIL.", "Now well, the coalition struggles against the EIIL."),
                ("Francia desplegó 8.000 soldados.", "France deployed 8.000 soldiers."),
                ("La reunión es el martes.", "The meeting is the Tuesday."),
                ("Rusia y Estados Unidos firmaron.", "Russia and United States signed."),
            ]
        )
    ]
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


@needs_apertium
def test_correct_story_with_apertium_keeps_paragraphs(tmp_path, capsys):
    config = write_config(tmp_path)
    out = tmp_path / "story.fixed.txt"
    code, _, err = run(capsys, "correct", SAMPLES / "story.en.txt", "--source", SAMPLES / "story.es.txt",
                       "--config", config, "-o", out, "-q")
    assert code == 0, err
    draft_paragraphs = (SAMPLES / "story.en.txt").read_text(encoding="utf-8").strip().split("\n\n")
    assert len(out.read_text(encoding="utf-8").strip().split("\n\n")) == len(draft_paragraphs)
    records = read_log(tmp_path / "story.fixed.log.jsonl")
    assert [r["index"] for r in records] == list(range(len(records)))
    assert all(r["signature"].startswith("engine:apertium") and "mtedit:" in r["signature"] for r in records)
    assert all(r["source"] and r["draft"] for r in records)


def test_every_seq2seq_mode_runs_end_to_end(tmp_path, capsys, archive, tiny_marian_dir):
    config = write_config(tmp_path, tiny_marian_dir)
    for mode in ("translate", "refine", "ape"):
        out = tmp_path / f"{mode}.jsonl"
        code, _, err = run(capsys, "correct", archive, "--config", config, "--engine", f"tiny-{mode}", "-o", out)
        assert code == 0, err
        assert "5 segments:" in err
        records = read_log(tmp_path / f"{mode}.log.jsonl")
        assert len(records) == 5
        assert all(f"mode:{mode}" in r["signature"] and "gate:on" in r["signature"] for r in records)
        fixed = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [row["final"] for row in fixed] == [r["fix"] for r in records]
        for r in records:
            if not r["reason"].startswith("repair:"):  # else the repaired draft
                assert r["fix"] == (r["proposal"] if r["changed"] else r["draft"])


def test_gate_off_takes_every_fix(tmp_path, capsys, archive, tiny_marian_dir):
    config = write_config(tmp_path, tiny_marian_dir, margin=100.0)
    run(capsys, "correct", archive, "--config", config, "--engine", "tiny-refine", "-o", tmp_path / "on.jsonl", "-q",
        "--no-repair")
    run(capsys, "correct", archive, "--config", config, "--engine", "tiny-refine", "-o", tmp_path / "off.jsonl",
        "-q", "--no-gate", "--no-repair")
    on, off = read_log(tmp_path / "on.log.jsonl"), read_log(tmp_path / "off.log.jsonl")
    differs = [r for r in off if r["proposal"].split() != r["draft"].split() and r["proposal"].strip()]
    assert differs, "the tiny model should propose at least one change"
    assert all(r["changed"] for r in differs)
    assert not any(r["changed"] for r in on), "a margin of 100 nats must keep every draft"


def test_resume_does_not_recompute_finished_segments(tmp_path, capsys, archive, tiny_marian_dir, monkeypatch):
    config = write_config(tmp_path, tiny_marian_dir)
    out = tmp_path / "fixed.jsonl"
    log = tmp_path / "fixed.log.jsonl"
    assert run(capsys, "correct", archive, "--config", config, "--engine", "tiny-ape", "-o", out, "-q")[0] == 0
    first = log.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join(first[:2]) + "\n" + first[2][:20], encoding="utf-8")  # two done, one torn

    from mtedit.engines import seq2seq

    seen: list[str] = []
    original = seq2seq.Seq2SeqEngine.propose

    def counting(self, segments):
        seen.extend(s.id for s in segments)
        return original(self, segments)

    monkeypatch.setattr(seq2seq.Seq2SeqEngine, "propose", counting)
    assert run(capsys, "correct", archive, "--config", config, "--engine", "tiny-ape", "-o", out, "-q", "--resume")[0] == 0
    assert seen == ["n2", "n3", "n4"]
    again = log.read_text(encoding="utf-8").splitlines()
    assert again[:2] == first[:2] and len(again) == 5


def test_interrupt_leaves_valid_partial_output(tmp_path, capsys, archive, tiny_marian_dir, monkeypatch):
    config = write_config(tmp_path, tiny_marian_dir)
    from mtedit.engines import seq2seq

    calls = {"n": 0}
    original = seq2seq.Seq2SeqEngine.propose

    def interrupted(self, segments):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(self, segments)

    monkeypatch.setattr(seq2seq.Seq2SeqEngine, "propose", interrupted)
    out = tmp_path / "fixed.jsonl"
    code, _, err = run(capsys, "correct", archive, "--config", config, "--engine", "tiny-ape", "-o", out, "-q")
    assert code == 130 and "--resume" in err
    assert len(read_log(tmp_path / "fixed.log.jsonl")) == 3  # the first batch of 3
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5 and [r["final"] for r in rows[3:]] == [r["draft"] for r in rows[3:]]


@pytest.mark.parametrize(
    ("content", "args", "code", "message"),
    [
        (b"", (), 2, "empty"),
        (b"\x00\x01\x02binary\x00", (), 2, "binary"),
        ("Caf\u00e9 con leche".encode("latin-1"), (), 2, "UTF-8"),
        (b'{"draft": "ok"}\n{"draft": oops}\n', ("--input-format", "jsonl"), 2, "line 2"),
        (b"The dog eats.", ("--engine", "nope"), 3, "apertium, missing"),
        (b"The dog eats.", ("--engine", "missing"), 4, "no-such-model"),
    ],
)
def test_bad_input_gets_one_line_and_an_exit_code(tmp_path, capsys, content, args, code, message):
    config = write_config(tmp_path)
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    got, out, err = run(capsys, "correct", path, "--config", config, "-o", tmp_path / "o.txt", *args)
    assert got == code
    assert message in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("mtedit: error:")
    assert "Traceback" not in err
    assert not (tmp_path / "o.txt").exists() and not (tmp_path / "o.log.jsonl").exists()


def test_a_failed_rerun_keeps_the_previous_edit_log(tmp_path, capsys):
    config = write_config(tmp_path)
    path = tmp_path / "input.txt"
    path.write_text("The dog eats.\n", encoding="utf-8")
    log = tmp_path / "o.log.jsonl"
    log.write_text('{"index": 0, "draft": "The dog eats.", "fix": "The dog is eating."}\n', encoding="utf-8")
    before = log.read_bytes()
    code, _, err = run(capsys, "correct", path, "--config", config, "-o", tmp_path / "o.txt", "--engine", "missing")
    assert code == 4 and "no-such-model" in err
    assert log.read_bytes() == before


def test_mismatched_source_and_draft_is_an_error(tmp_path, capsys):
    config = write_config(tmp_path)
    draft, source = tmp_path / "d.txt", tmp_path / "s.txt"
    draft.write_text("One.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    source.write_text("Uno.\n\nDos.\n", encoding="utf-8")
    code, _, err = run(capsys, "correct", draft, "--source", source, "--config", config, "-o", tmp_path / "o.txt")
    assert code == 2 and "paragraph" in err and len(err.strip().splitlines()) == 1


@needs_apertium
def test_engines_lists_usability_and_the_fix(tmp_path, capsys):
    code, out, _ = run(capsys, "engines", "--config", write_config(tmp_path))
    assert code == 0
    block = out.split("missing", 1)[1]
    assert "NOT usable" in block and "mtedit download missing" in block
    assert "usable" in out.split("apertium", 1)[1].split("missing", 1)[0]


def test_eval_reports_draft_fix_and_change(tmp_path, capsys):
    ref = tmp_path / "ref.txt"
    draft = tmp_path / "draft.txt"
    fix = tmp_path / "fix.txt"
    ref.write_text("The US and France belong to the coalition.\nIt rained on Tuesday.\n", encoding="utf-8")
    draft.write_text("To the coalition belong USA and France.\nIt rained the Tuesday.\n", encoding="utf-8")
    fix.write_text("The US and France belong to the coalition.\nIt rained the Tuesday.\n", encoding="utf-8")
    code, out, _ = run(capsys, "eval", "--draft", draft, "--fix", fix, "--ref", ref, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["changed"] == 1 and result["improved"] == 1 and result["worsened"] == 0
    assert result["fix"]["ter"] < result["draft"]["ter"] and result["fix"]["bleu"] > result["draft"]["bleu"]
    code, _, err = run(capsys, "eval", "--draft", draft, "--fix", tmp_path / "ref.txt", "--ref", tmp_path / "nope.txt")
    assert code == 2 and "nope.txt" in err


@needs_apertium
def test_checks_flag_the_facts_end_to_end_and_sort_by_risk(tmp_path, capsys):
    rows = [
        {"id": "ok", "source": "El perro come.", "draft": "The dog eats."},
        {"id": "num", "source": "Francia desplegó 8.000 soldados el martes.", "draft": "France deployed 800 soldiers on Tuesday."},
        {"id": "name", "source": "El presidente francés, François Hollande, dijo que no.", "draft": "The French president, Jacques Chirac, said no."},
    ]
    path = tmp_path / "facts.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    glossary = tmp_path / "desk.tsv"
    glossary.write_text("EIIL\tISIL\n", encoding="utf-8")
    code, _, err = run(capsys, "correct", path, "--config", write_config(tmp_path), "-o", tmp_path / "f.jsonl",
                       "--sort-risk", "--glossary", glossary)
    assert code == 0, err
    records = read_log(tmp_path / "f.log.jsonl")
    by_id = {r["id"]: r for r in records}
    assert {f["kind"] for f in by_id["num"]["flags"] if f["side"] == "draft"} >= {"number-changed"}
    assert {f["kind"] for f in by_id["name"]["flags"] if f["side"] == "draft"} >= {"name-unexpected"}
    assert not [f for f in by_id["ok"]["flags"] if f["severity"] == "error"]
    risks = [r["risk"] for r in records]
    assert risks == sorted(risks, reverse=True) and records[-1]["id"] == "ok"
    assert "error:number-changed 1" in err
