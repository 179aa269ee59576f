"""The editor's workbench without a browser: suggestions, plain words, honest decisions, the server's job worker."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

import pytest

from mtedit.checks import check
from mtedit.export import render_export
from mtedit.review import current_flags
from mtedit.score import word_diff
from mtedit.store import ReviewRow, ReviewStore
from mtedit.types import Document, GateVerdict, Segment, SegmentResult
from mtedit.ui import decisions, jobs, session, suggestions, wording
from test_ui_api import add_job

SOURCE = "El gasto fue de 2.200.112 euros."
DRAFT = "The expense was of 2,200,12 euros."


def result(draft: str = DRAFT, proposal: str = "The expense was 2,200,12 euros.", *, changed: bool = False,
           reason: str = "fix-not-better:+0.251<0.400", source: str | None = SOURCE, index: int = 0) -> SegmentResult:
    """A result as the pipeline makes it: flags from the real checks, the fix the draft unless `changed`."""
    fix = proposal if changed else draft
    flags = check(source, draft, "draft") + (check(source, fix, "fix") if changed else ())
    return SegmentResult(Segment(f"s{index}", draft, source, paragraph=index), proposal, fix, changed,
                         GateVerdict(changed, reason), "sig", flags=flags, risk=0.5, diff=word_diff(draft, fix))


@pytest.fixture
def store(tmp_path):
    return ReviewStore(tmp_path / "review.sqlite")


# ---- suggestions and plain words ---------------------------------------------------------------------
def test_the_proposal_is_a_suggestion_even_when_the_gate_kept_the_draft():
    row = ReviewRow(0, result())
    [s] = suggestions.suggestions(row)
    assert s.text == "The expense was 2,200,12 euros." and s.kind == "model proposal"
    assert "not confident enough" in s.note and "+0.25" in s.note and "0.40 needed" in s.note
    html = suggestions.panel_html(row)
    assert 'id="mt-sugg-1"' in html and '<del class="mt-del">' not in html  # the fix side of the diff only
    assert "1 suggestion" in suggestions.marker_html(row)
    same = ReviewRow(0, result(proposal=DRAFT))  # nothing differs from the draft: nothing to suggest
    assert suggestions.suggestions(same) == [] and suggestions.marker_html(same) == ""
    assert suggestions.taken(row, " The expense  was 2,200,12 euros. ") == 1 and suggestions.taken(row, "x") is None


def test_nbest_alternatives_follow_the_proposal_without_repeats():
    res = replace(result(), alternatives=("The expense was 2,200,12 euros.", DRAFT, "It cost 2,200,112 euros.",
                                          "The expense was 2,200,112 euros.", "A fifth reading."))
    items = suggestions.suggestions(ReviewRow(0, res))
    assert [s.kind for s in items] == ["model proposal", "model alternative", "model alternative"]
    assert [s.text for s in items][1:] == ["It cost 2,200,112 euros.", "The expense was 2,200,112 euros."]
    assert suggestions.taken(ReviewRow(0, res), "It cost 2,200,112 euros.") == 2


def test_suggestion_text_is_escaped():
    row = ReviewRow(0, result(proposal='He said "<b>no</b>" & left.'))
    html = suggestions.panel_html(row)
    assert "<b>no" not in html and "&lt;b&gt;no&lt;/b&gt;" in html and 'data-text="He said &quot;&lt;b&gt;' in html


@pytest.mark.parametrize(("code", "changed", "words"), [
    ("fix-not-better:+0.251<0.400", False, "not confident enough that its version is better (gain +0.25, 0.40 needed)"),
    ("too-different:0.58>0.50", False, "rewrites 58% of the words; more than 50%"),
    ("fix-adds-error:number-changed,name-missing", False, "brings a changed number, a missing name"),
    ("fix-better:+0.612>=0.400", True, "fix taken: the model is clearly more confident"),
    ("unscored", True, "no confidence score"),
    ("identical", False, "proposed no change"),
    ("furniture", False, "page furniture"),
    ("something-new", True, "fix taken (something-new)"),
])
def test_reasons_in_plain_words(code, changed, words):
    assert words in wording.reason(code, changed)


def test_risk_and_engines_and_errors_in_plain_words():
    from mtedit.config import EngineConfig

    assert wording.risk(0.65) == "risk 0.65 (high)" and wording.risk(0.05) == "risk 0.05 (low)"
    assert "error flag" in wording.RISK_HELP
    cfg = EngineConfig(name="apertium", kind="apertium")
    assert wording.engine_label("apertium", cfg) == "apertium: rule-based re-translation of the source"
    assert "paste the source too" in wording.error("has none (first: s1); pass --source, or pick a refine engine")


# ---- decisions -----------------------------------------------------------------------------------------
def opened(store: ReviewStore, results: list[SegmentResult]) -> tuple[int, dict]:
    job = add_job(store, results)
    return job, session.view(store, session.open_job(store, session.new_state(), job)).state


def test_approve_on_an_unchanged_sentence_keeps_the_draft(store):
    job, st = opened(store, [result(source=None, draft="All is fine.", proposal="All is fine.")])
    decisions.act(store, st, "approve")
    assert store.load_job(job).rows[0].status == "kept"


def test_approving_a_known_error_asks_once(store):
    job, st = opened(store, [result(), result(index=1, draft="Fine.", proposal="Fine.", source=None)])
    first = decisions.act(store, st, "keep")
    assert first.warning and "still has an error" in first.message and store.load_job(job).rows[0].status == "pending"
    second = decisions.act(store, first.state, "keep")
    assert second.message == "" and store.load_job(job).rows[0].status == "kept"


def test_a_saved_suggestion_is_recorded_as_taken_and_checked_again(store):
    job, st = opened(store, [result()])
    decisions.act(store, st, "edit", "The expense was 2,200,12 euros.")
    row = store.load_job(job).rows[0]
    assert row.status == "took" and any(f.severity == "error" for f in current_flags(row))
    st = session.view(store, {**st, "cursor": 0}).state
    decisions.act(store, st, "edit", "The expense was 2,200,112 euros.")
    row = store.load_job(job).rows[0]
    assert row.status == "edited" and current_flags(row) == ()  # the editor's number passes the checks


def test_approve_all_leaves_flagged_sentences_pending(store):
    ok = [result(index=i, draft=f"Fine {i}.", proposal=f"Good {i}.", source=None, changed=True, reason="unscored")
          for i in (1, 2)]
    job, st = opened(store, [result(), *ok])
    _, message = decisions.approve_all(store, st)
    assert message == "approved 2 pending sentences; left 1 flagged sentences pending: review them one by one"
    assert [r.status for r in store.load_job(job).rows] == ["pending", "approved", "approved"]


def test_exports_mark_final_only_what_an_editor_decided(store):
    job, _ = opened(store, [result(), result(index=1, draft="Fine.", proposal="Fine.")])
    store.set_aside(job, 1)
    store.decide(job, 0, "keep")
    xliff = render_export(store.load_job(job), "xliff").decode()
    assert xliff.count('approved="yes"') == 1  # the line set aside is not final
    assert render_export(store.load_job(job), "tmx").count(b"<tu>") == 0  # the kept draft has an open error
    assert render_export(store.load_job(job), "tmx", with_flagged=True).count(b"<tu>") == 1


# ---- the inference worker -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Config:
    batch_size: int = 2


@dataclass(frozen=True)
class _Engine:
    config: _Config = _Config()


@dataclass(frozen=True)
class _Runner:
    engine: _Engine = _Engine()


class Recorder:
    """A stand-in model: records which job each batch came from and that no two batches overlap."""

    def __init__(self, delay: float = 0.02) -> None:
        self.batches: list[str] = []
        self.busy = threading.Lock()
        self.overlaps = 0
        self.delay = delay

    def __call__(self, runner, segments, furniture):
        if not self.busy.acquire(blocking=False):
            self.overlaps += 1
            self.busy.acquire()
        try:
            time.sleep(self.delay)
            self.batches.append(segments[0].id.split("-")[0])
            return [result(draft=s.draft, proposal=s.draft, source=None) for s in segments]
        finally:
            self.busy.release()


def job_of(store: ReviewStore, name: str, n: int) -> tuple[int, tuple[Segment, ...]]:
    segments = tuple(Segment(f"{name}-{i}", f"Sentence {i}.") for i in range(n))
    return store.create_job(Document(name, segments), "fake", "sig"), segments


def wait_for(condition, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.01)
    assert condition()


def test_two_jobs_interleave_batch_by_batch_on_one_thread(store):
    model = Recorder()
    worker = jobs.InferenceWorker(store, lambda name: _Runner(), model)
    a, a_segments = job_of(store, "a", 6)
    b, b_segments = job_of(store, "b", 4)
    with worker._cond:  # queue both before the thread takes the first batch
        worker._runs.extend([jobs._Run(a, "fake", a_segments, 0), jobs._Run(b, "fake", b_segments, 0)])
        worker._start()
    wait_for(lambda: store.job_info(a).status == store.job_info(b).status == "done")
    assert model.batches[:4] == ["a", "b", "a", "b"] and model.batches.count("a") == 3 and model.overlaps == 0
    assert store.job_info(a).stored == 6 and worker.queue() == []
    worker.close()


def test_a_job_can_be_cancelled_and_shows_its_time_left(store):
    model = Recorder(delay=0.05)
    worker = jobs.InferenceWorker(store, lambda name: _Runner(), model)
    job, segments = job_of(store, "a", 40)
    worker.submit(job, "fake", segments)
    wait_for(lambda: store.job_info(job).stored >= 4)
    progress = worker.progress(job)
    assert progress is not None and progress.total == 40 and progress.eta_seconds is not None
    assert "of 40" in jobs.queue_html(worker.queue(), job) and "left" in jobs.queue_html(worker.queue(), job)
    assert worker.cancel(job)
    wait_for(lambda: worker.queue() == [])
    info = store.job_info(job)
    assert info.status == "cancelled" and 4 <= info.stored < 40
    assert not worker.cancel(job)
    worker.close()


@pytest.mark.parametrize(("seconds", "words"), [
    (None, "estimating…"), (20, "about 20 s"), (185, "about 3 min"), (7800, "about 2 h 10 min")])
def test_durations(seconds, words):
    assert jobs.duration(seconds) == words


def test_the_page_asks_before_a_job_the_command_line_would_refuse(tmp_path):
    from mtedit.config import EngineConfig
    from mtedit.sizing import estimate

    sentence = "The coalition deployed 8,000 soldiers on Tuesday in the north."  # 62 characters
    ape = EngineConfig(name="ape", kind="seq2seq", model=tmp_path / "none")
    size = estimate([Segment(f"s{i}", sentence) for i in range(50_000)], ape)
    assert size.needs_confirmation  # 3.1 MB at the bundled model's 2,200 characters a second: 23 min
    assert jobs.confirm_words(size) == ("50,000 sentences (3.1 MB), about 23 min with ape. Press Run again to start it"
                                        " (it runs on the server: you can close this tab).")
    assert not estimate([Segment("s", sentence)] * 100, ape).needs_confirmation


class UpperEngine:
    """A stand-in engine that proposes the draft in capitals and remembers what it was given."""

    can_score = False
    signature = "engine:upper"

    def __init__(self) -> None:
        from mtedit.config import EngineConfig

        self.config = EngineConfig(name="upper", kind="apertium", batch_size=8)
        self.seen: list[str] = []

    def propose(self, batch):
        from mtedit.types import Proposal

        self.seen.extend(s.draft for s in batch)
        return [Proposal(s.draft.upper()) for s in batch]


def test_furniture_is_set_aside_and_not_computed(store):
    from mtedit.ui import live

    engine = UpperEngine()
    runner = live.Runner("upper", engine, None, "engine:upper")  # type: ignore[arg-type]
    worker = jobs.InferenceWorker(store, lambda name: runner, live.compute_batch)
    segments = (Segment("s0", "more news"), Segment("s1", "The minister spoke.", paragraph=1),
                Segment("s2", "Share", paragraph=2))
    job = store.create_job(Document("x", segments), "upper", "sig")
    worker.submit(job, "upper", segments, furniture=True)
    wait_for(lambda: store.job_info(job).status == "done")
    rows = store.load_job(job).rows
    assert [r.status for r in rows] == ["furniture", "pending", "furniture"] and engine.seen == ["The minister spoke."]
    assert rows[1].result.proposal == "THE MINISTER SPOKE." and rows[0].result.fix == "more news"
    assert render_export(store.load_job(job), "txt").decode() == "more news\n\nThe minister spoke.\n\nShare\n"
    st = session.view(store, session.open_job(store, session.new_state(), job)).state
    assert st["cursor"] == 1  # the first pending story sentence
    out = decisions.act(store, {**st, "cursor": 0}, "approve")
    assert out.warning and "press x" in out.message
    decisions.act(store, session.view(store, {**st, "cursor": 0}).state, "furniture")  # x: back in
    assert store.load_job(job).rows[0].status == "pending"
    worker.close()


# ---- the page through its API ---------------------------------------------------------------------------
@pytest.mark.skipif(__import__("shutil").which("apertium") is None, reason="apertium not installed")
def test_a_large_job_warns_first_then_runs_on_the_server_with_its_progress(tmp_path):
    from gradio_client import Client

    from mtedit.config import load_config
    from mtedit.ui.app import build_app
    from test_ui_api import CONFIG, STORY_EN, STORY_ES, free_port, wait_done

    (tmp_path / "mtedit.toml").write_text(CONFIG, encoding="utf-8")
    store = ReviewStore(tmp_path / "review.sqlite")
    demo = build_app(load_config(tmp_path / "mtedit.toml"), store, large_job_seconds=0.0)  # every job is "large"
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        tab = Client(demo.local_url, verbose=False)
        tab.predict(STORY_EN, STORY_ES, None, "apertium", api_name="/run")
        assert store.list_jobs() == []  # it said how long first
        view = tab.predict(STORY_EN, STORY_ES, None, "apertium", api_name="/run")
        [job] = [j.id for j in store.list_jobs()]
        assert any(isinstance(v, str) and 'id="mt-eta"' in v and "of 4</b> sentences" in v for v in view)
        wait_done(store, job)
        assert store.job_info(job).stored == 4
    finally:
        demo.close()
