"""The SQLite review store: results, decisions with versions, conflicts, approve-all, the event log."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from mtedit.errors import ConflictError, InputError, StoreError
from mtedit.score import word_diff
from mtedit.store import ReviewStore
from mtedit.types import Document, Flag, GateVerdict, Segment, SegmentResult, Span

DRAFTS = ["The coalition to which belong USA.", "Efe he reported it.", "Now well, it rains.", "All is fine."]
FIXES = ["The coalition that the USA belongs to.", "Efe reported it.", "However, it rains.", "All is fine."]


def make_results() -> list[SegmentResult]:
    out = []
    for i, (draft, fix) in enumerate(zip(DRAFTS, FIXES)):
        seg = Segment(id=f"s{i}", draft=draft, source=f"fuente {i}", paragraph=i // 2,
                      reference="ref" if i == 0 else None)
        flags = (Flag("number", "warning", "2.200 missing", "fix", Span(0, 3)),) if i == 1 else ()
        out.append(SegmentResult(
            segment=seg, proposal=fix, fix=fix, changed=fix != draft,
            verdict=GateVerdict(fix != draft, "better" if fix != draft else "same", -1.5, -0.5),
            signature="engine:test", flags=flags, risk=0.1 * i, diff=word_diff(draft, fix),
            scores={"fix_chrf": 50.0} if i == 0 else {}))
    return out


@pytest.fixture
def store(tmp_path):
    return ReviewStore(tmp_path / "sub" / "review.sqlite")


@pytest.fixture
def job(store):
    doc = Document(name="story.txt", segments=tuple(r.segment for r in make_results()))
    job_id = store.create_job(doc, "apertium", "engine:test")
    results = make_results()
    store.add_results(job_id, results[:2])  # batch by batch
    store.add_results(job_id, results[2:])
    store.finish_job(job_id)
    return job_id


def test_results_round_trip(store, job):
    loaded = store.load_job(job)
    assert [r.result for r in loaded.rows] == make_results()
    assert [r.index for r in loaded.rows] == [0, 1, 2, 3]
    assert all(r.status == "pending" and r.final is None and r.version == 0 for r in loaded.rows)
    assert loaded.info.status == "done" and loaded.info.stored == loaded.info.total == 4


def test_partial_job_is_listed_while_running(store):
    doc = Document(name="big.txt", segments=tuple(r.segment for r in make_results()))
    job_id = store.create_job(doc, "apertium", "sig")
    store.add_results(job_id, make_results()[:1])
    (info,) = store.list_jobs()
    assert (info.id, info.status, info.stored, info.total, info.pending) == (job_id, "running", 1, 4, 1)


@pytest.mark.parametrize(("action", "text", "status", "final"), [
    ("approve", None, "approved", FIXES[0]),
    ("keep", None, "kept", DRAFTS[0]),
    ("edit", "  The coalition  the USA belongs to. ", "edited", "The coalition the USA belongs to."),
])
def test_decisions_persist_across_reopen(tmp_path, store, job, action, text, status, final):
    version = store.decide(job, 0, action, text, expected_version=0, seconds=4.5)
    assert version == 1
    row = ReviewStore(store.path).load_job(job).rows[0]  # a fresh store object: as after a restart
    assert (row.status, row.final, row.version, row.seconds) == (status, final, 1, 4.5)
    assert row.updated_at is not None


def test_conflicting_version_raises_and_keeps_first_decision(store, job):
    store.decide(job, 1, "approve", expected_version=0)  # tab A
    with pytest.raises(ConflictError, match="changed elsewhere"):
        store.decide(job, 1, "keep", expected_version=0)  # tab B, still on version 0
    row = store.load_job(job).rows[1]
    assert (row.status, row.final, row.version) == ("approved", FIXES[1], 1)
    assert store.decide(job, 1, "keep", expected_version=1) == 2


def test_concurrent_writers_one_wins(store, job):
    errors: list[Exception] = []

    def write(action: str) -> None:
        try:
            store.decide(job, 2, action, expected_version=0)
        except ConflictError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(a,)) for a in ("approve", "keep", "approve", "keep")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 3
    assert store.load_job(job).rows[2].version == 1


def test_revert_approve_all_and_finals(store, job):
    store.decide(job, 0, "edit", "Mine.", expected_version=0, seconds=2)
    store.decide(job, 1, "keep", expected_version=0, seconds=3)
    store.revert(job, 1, expected_version=1, seconds=1)
    assert store.finals(job) == ["Mine.", DRAFTS[1], DRAFTS[2], DRAFTS[3]]  # pending: the draft
    assert store.approve_all_pending(job) == 3
    assert store.finals(job) == ["Mine.", FIXES[1], FIXES[2], FIXES[3]]
    assert store.approve_all_pending(job) == 0
    assert store.load_job(job).rows[1].seconds == 4


def test_events_are_an_append_only_log(store, job):
    store.decide(job, 0, "approve", expected_version=0, seconds=1.25)
    store.revert(job, 0, expected_version=1)
    store.decide(job, 0, "edit", "Own text.", expected_version=2)
    events = store.events(job)
    assert [(e.index, e.action, e.status, e.final, e.version) for e in events] == [
        (0, "approve", "approved", FIXES[0], 1),
        (0, "revert", "pending", None, 2),
        (0, "edit", "edited", "Own text.", 3),
    ]
    assert events[0].seconds == 1.25 and events[0].at <= events[-1].at


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda s, j: s.decide(j, 0, "publish"), InputError, "unknown action"),
    (lambda s, j: s.decide(j, 0, "edit", "   "), InputError, "needs the editor's text"),
    (lambda s, j: s.decide(j, 99, "approve"), StoreError, "no sentence 99"),
    (lambda s, j: s.load_job(j + 1), StoreError, "mtedit jobs"),
    (lambda s, j: s.add_results(j + 1, []), StoreError, "no job"),
])
def test_bad_calls_fail_with_one_line_errors(store, job, call, error, match):
    with pytest.raises(error, match=match) as info:
        call(store, job)
    assert "\n" not in str(info.value)


def test_empty_document_and_unwritable_path(store, tmp_path):
    with pytest.raises(InputError, match="no sentences"):
        store.create_job(Document(name="empty", segments=()), "apertium", "sig")
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="--store"):
        ReviewStore(tmp_path / "file" / "review.sqlite")


def test_wal_mode(store):
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_nbest_alternatives_round_trip(store):
    from dataclasses import replace

    results = make_results()
    results[1] = replace(results[1], alternatives=("Efe reported it, too.", "EFE reported it."))
    job_id = store.create_job(Document(name="s.txt", segments=tuple(r.segment for r in results)), "e", "s")
    store.add_results(job_id, results)
    assert [r.result for r in store.load_job(job_id).rows] == results
