"""Translation memory: exact and fuzzy lookups, the feed from the review store, TMX in and out, bad files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from mtedit.errors import InputError, StoreError
from mtedit.memory.db import TranslationMemory, Unit
from mtedit.memory.feed import feed
from mtedit.memory.lookup import lookup
from mtedit.memory.normalize import normalize
from mtedit.memory.transfer import export_tmx, import_tmx
from mtedit.store import ReviewStore
from mtedit.types import Document, GateVerdict, Segment, SegmentResult

SOURCE = "El gobierno anunció el plan de ajuste en Madrid el martes."
TARGET = "The government announced the austerity plan in Madrid on Tuesday."


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add([Unit(TARGET, SOURCE, "The government announced the plan of adjustment in Madrid the Tuesday.", "t", 1, 0),
            Unit("Police arrested two men.", "La policía detuvo a dos hombres.", "The police stopped two men.", "t", 1, 1),
            Unit("However, nobody answered.", None, "Now well, nobody answered.", "t", 1, 2)])
    return tm


def _lookup(tm: TranslationMemory, seg: Segment, threshold: float = 75.0):
    with tm.read() as con:
        return lookup(con, seg, threshold)


@pytest.mark.parametrize(("text", "expected"), [
    ("  El  “plan”\tde ajuste ", 'El "plan" de ajuste'),
    ("l’acord", "l'acord"),
    ("«Sí»", '"Sí"'),
])
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_exact_match_ignores_spacing_and_quotes_and_keeps_provenance(memory):
    match = _lookup(memory, Segment("s1", draft="anything", source=" El gobierno  anunció el plan de ajuste en Madrid el martes. "))
    assert match is not None and match.kind == "exact" and match.score == 100.0
    assert (match.target, match.job, match.side, match.origin) == (TARGET, 1, "source", "t")
    assert match.at  # when it was decided


def test_draft_only_segments_match_on_the_draft(memory):
    match = _lookup(memory, Segment("s1", draft="Now well,  nobody answered."))
    assert match is not None and match.kind == "exact" and match.target == "However, nobody answered."
    # a source-less query also finds a unit by its draft when the unit has a source
    match = _lookup(memory, Segment("s2", draft="The police stopped two men."))
    assert match is not None and match.kind == "exact" and match.target == "Police arrested two men."


def test_fuzzy_match_above_the_threshold_only(memory):
    reworded = Segment("s1", draft="x", source="El gobierno anunció el nuevo plan de ajuste en Madrid el miércoles.")
    match = _lookup(memory, reworded)
    assert match is not None and match.kind == "fuzzy" and 75 <= match.score < 100
    assert match.source == SOURCE and match.target == TARGET
    assert _lookup(memory, reworded, threshold=95.0) is None
    assert _lookup(memory, Segment("s2", draft="x", source="La selección ganó su tercer partido en Lima.")) is None


def test_latest_decision_wins_and_a_decision_is_replaced_not_duplicated(memory):
    memory.add([Unit("The government unveiled the austerity plan in Madrid on Tuesday.", SOURCE, None, "t", 2, 0)])
    assert _lookup(memory, Segment("s", draft="x", source=SOURCE)).job == 2
    memory.add([Unit("Police held two men.", "La policía detuvo a dos hombres.", None, "t", 1, 1)])  # same decision
    assert memory.stats().units == 4
    assert _lookup(memory, Segment("s", draft="x", source="La policía detuvo a dos hombres.")).target == "Police held two men."


def _job(store: ReviewStore, pairs: list[tuple[str, str]]) -> int:
    doc = Document("story", tuple(Segment(f"s{i}", draft=d, source=s) for i, (s, d) in enumerate(pairs)))
    job = store.create_job(doc, "tiny", "sig")
    store.add_results(job, [SegmentResult(seg, seg.draft, seg.draft, False, GateVerdict(False, "identical"), "sig")
                            for seg in doc.segments])
    return job


def test_feed_takes_decisions_forgets_reverts_and_skips_carried(tmp_path):
    store = ReviewStore(tmp_path / "review.sqlite")
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    job = _job(store, [("Uno.", "One ."), ("Dos.", "Two ."), ("Tres.", "Three ."), ("Cuatro.", "Four .")])
    store.decide(job, 0, "approve")
    store.decide(job, 1, "edit", "Two.")
    store.decide(job, 2, "keep")
    assert feed(tm, store) == 3
    assert feed(tm, store) == 0  # nothing new
    assert _lookup(tm, Segment("x", draft="?", source="Dos.")).target == "Two."
    store.revert(job, 1)
    store.carry(job, 3, "Four.")
    feed(tm, store)
    assert _lookup(tm, Segment("x", draft="?", source="Dos.")) is None
    assert _lookup(tm, Segment("x", draft="?", source="Cuatro.")) is None  # carried decisions come from the memory
    assert tm.stats().units == 2


def test_tmx_round_trip_keeps_drafts_dates_and_skips_draft_only(memory, tmp_path):
    out = tmp_path / "out.tmx"
    done = export_tmx(memory, out)
    assert (done.units, done.skipped) == (2, 1)
    again = TranslationMemory(tmp_path / "again.sqlite")
    assert import_tmx(again, out).units == 2
    match = _lookup(again, Segment("s", draft="x", source=SOURCE))
    assert match.target == TARGET and match.draft.startswith("The government announced the plan")
    assert match.origin == "tmx:out.tmx" and match.job is None and match.at.startswith("20")


def test_tmx_from_another_tool_with_regional_codes_and_inline_markup(tmp_path):
    tmx = tmp_path / "desk.tmx"
    tmx.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="es-ES" datatype="plaintext"'
                   ' segtype="sentence" adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>'
                   '<tu><tuv xml:lang="es-ES"><seg>Hola <bpt i="1">&lt;b&gt;</bpt>mundo<ept i="1">&lt;/b&gt;</ept>.</seg>'
                   '</tuv><tuv xml:lang="en-GB"><seg>Hello world.</seg></tuv></tu>'
                   '<tu><tuv xml:lang="fr-FR"><seg>Bonjour.</seg></tuv><tuv xml:lang="en-GB"><seg>Hello.</seg></tuv></tu>'
                   '</body></tmx>', encoding="utf-8")
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    assert import_tmx(tm, tmx).units == 1
    assert [(u.source, u.target) for u in tm.units()] == [("Hola <b>mundo</b>.", "Hello world.")]


@pytest.mark.parametrize(("text", "message"), [
    ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e "boom">]><tmx version="1.4"><body><tu><tuv xml:lang="es">'
     '<seg>&e;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>', "DOCTYPE/ENTITY"),
    ('<tmx version="1.4"><body><tu><tuv xml:lang="es"><seg>Hola.</seg></tuv><tuv xml:lang="en"><seg>Hi.</seg>'
     '</tuv></tu><tu><tuv xml:lang="es"><seg>sin cerrar</tuv></tu></body></tmx>', "not well-formed XML"),
    ('<xliff version="1.2"/>', "not <tmx>"),
    ("", "is empty"),
])
def test_bad_tmx_is_one_line_and_adds_nothing(memory, tmp_path, text, message):
    bad = tmp_path / "bad.tmx"
    bad.write_text(text, encoding="utf-8")
    before = memory.stats().units
    with pytest.raises(InputError, match=message) as err:
        import_tmx(memory, bad)
    assert "\n" not in str(err.value)
    assert memory.stats().units == before


def test_a_file_that_is_not_a_memory_is_refused(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(InputError, match="not an mtedit memory \\(not an SQLite file\\)"):
        TranslationMemory(text)
    assert text.read_bytes().startswith(b"these are my notes")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(InputError, match="SQLite file but not an mtedit memory"):
        TranslationMemory(other)


def test_a_read_only_memory_is_looked_up_and_refuses_writes(memory, monkeypatch):
    memory.path.chmod(0o444)
    if os.geteuid() == 0:  # root may write any file: make the memory look read-only as it would to an editor
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == memory.path else real_access(p, mode))
    try:
        tm = TranslationMemory(memory.path)
        assert not tm.writable
        assert _lookup(tm, Segment("s", draft="x", source=SOURCE)).target == TARGET
        with pytest.raises(StoreError, match="read-only.*chmod u\\+w"):
            tm.add([Unit("New.", "Nuevo.")])
        assert tm.stats().units == 3
    finally:
        memory.path.chmod(0o644)
