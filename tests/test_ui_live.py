"""Live follow and recovery: ticks show what other writers and tabs did; interrupted jobs are continued."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from mtedit.config import load_config
from mtedit.errors import ConfigError, InputError
from mtedit.store import ReviewStore
from mtedit.types import Document
from mtedit.ui import live, session
from test_store import DRAFTS, FIXES, make_results
from test_ui_api import CONFIG, STORY_EN, STORY_ES, free_port, serve, wait_done

# client outputs of the view (State and the Continue button are not sent): title, counters, table, current, edit,
# page, job, notice
TITLE, COUNTERS, TABLE, CURRENT, EDIT, NOTICE = 0, 1, 2, 3, 4, 7
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium not installed")


@pytest.fixture
def store(tmp_path):
    return ReviewStore(tmp_path / "review.sqlite")


def running_job(store: ReviewStore, stored: int = 2) -> int:
    """A job whose first `stored` results are in, as a run in progress leaves it."""
    results = make_results()
    job = store.create_job(Document(name="story.txt", segments=tuple(r.segment for r in results)), "apertium", "sig")
    store.add_results(job, results[:stored])
    return job


def untouched(value) -> bool:
    """Whether a client output is gr.skip(): an update that sets no value."""
    return isinstance(value, dict) and value.get("__type__") == "update" and "value" not in value.get("props", value)


def cursor_of(html: str) -> int:
    return int(re.search(r'id="mt-current" data-index="(\d+)"', html)[1])


# ---- store: the stamp and the job status ----------------------------------------------------------
@pytest.mark.parametrize(("change", "moves"), [
    (lambda s, j: s.add_results(j, make_results()[2:3]), True),
    (lambda s, j: s.decide(j, 0, "approve"), True),
    (lambda s, j: s.decide(j, 1, "edit", "Another text."), True),
    (lambda s, j: s.approve_all_pending(j), True),
    (lambda s, j: s.finish_job(j), True),
    (lambda s, j: (s.load_job(j), s.list_jobs(), s.events(j), s.finals(j)), False),
    (lambda s, j: s.create_job(Document("other.txt", tuple(r.segment for r in make_results())), "x", "y"), False),
])
def test_stamp_moves_with_everything_a_viewer_shows(store, change, moves):
    job = running_job(store)
    before = store.job_stamp(job)
    change(store, job)
    assert (store.job_stamp(job) != before) is moves


def test_a_revert_after_a_decision_still_moves_the_stamp(store):
    job = running_job(store)
    store.decide(job, 0, "keep")
    seen = store.job_stamp(job)
    store.revert(job, 0)  # the row is back to what it was, but the page must still re-render
    assert store.job_stamp(job) != seen


def test_only_running_jobs_are_interrupted_and_claimed_once(store):
    done, running, other = running_job(store), running_job(store), running_job(store)
    store.finish_job(done)
    assert live.recover(store) == [running, other]
    assert [store.job_info(j).status for j in (done, running, other)] == ["done", "interrupted", "interrupted"]
    assert live.recover(store) == []
    assert store.move_job_status(running, "interrupted", "running") is True
    assert store.move_job_status(running, "interrupted", "running") is False  # a second Continue loses


def test_kept_inputs_round_trip(store):
    segments = tuple(r.segment for r in make_results())
    job = running_job(store)
    assert store.kept_inputs(job) is None
    store.keep_inputs(job, segments)
    assert store.kept_inputs(job) == segments


# ---- follow(): what a tick shows -------------------------------------------------------------------
def test_follow_is_none_until_the_job_changes(store):
    job = running_job(store)
    st = live.view(store, session.open_job(store, session.new_state(), job)).view.state
    assert live.follow(store, st) is None
    store.add_results(job, make_results()[2:])
    f = live.follow(store, st)
    assert f is not None
    assert f.page.view.table.count('class="mt-row') == 4 and f.edit_text is None
    assert live.follow(store, f.page.view.state) is None  # seen now: the next tick is a no-op


def test_follow_keeps_the_cursor_when_its_sentence_leaves_the_filter(store):
    job = running_job(store, stored=4)
    st = session.set_filter(session.open_job(store, session.new_state(), job), "pending")
    st = live.view(store, st).view.state
    assert st["cursor"] == 0
    store.decide(job, 0, "approve")  # another tab: sentence 1 is no longer pending
    f = live.follow(store, st)
    v = f.page.view
    assert v.state["cursor"] == 0 and cursor_of(v.current) == 0 and "approved fix" in v.current
    assert "mt-current" not in v.table and 'data-index="0"' not in v.table  # not shown, not outlined
    assert 'id="mt-notice-changed" data-index="0"' in f.notice and f.edit_text is None
    assert v.state["versions"][0] == 0  # still the version this tab saw: its next decision is refused once
    assert v.state["shown_at"] == st["shown_at"]


def test_follow_fills_the_edit_box_only_when_nothing_was_selected(store):
    job = running_job(store, stored=0)
    st = live.view(store, session.new_state(job)).view.state
    assert st["cursor"] is None
    store.add_results(job, make_results()[:2])
    f = live.follow(store, st)
    assert f.edit_text == FIXES[0] and f.page.view.state["cursor"] == 0 and f.notice == ""


# ---- the page: ticks through the API ---------------------------------------------------------------
@pytest.fixture(scope="module")
def served(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("live"))


def client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False)


def test_a_tab_follows_a_job_another_writer_is_filling(served):
    url, store = served
    job = running_job(store)
    tab = client(url)
    view = tab.predict(job, api_name="/open_job")
    assert view[TABLE].count('class="mt-row') == 2 and "running: 2 of 4" in view[TITLE]
    assert all(untouched(v) for v in tab.predict(api_name="/tick"))  # nothing new: nothing re-sent
    store.add_results(job, make_results()[2:])
    store.finish_job(job)
    view = tab.predict(api_name="/tick")
    assert view[TABLE].count('class="mt-row') == 4 and "running" not in view[TITLE] and DRAFTS[3] in view[TABLE]
    assert untouched(view[EDIT]) and cursor_of(view[CURRENT]) == 0
    assert all(untouched(v) for v in tab.predict(api_name="/tick"))


def test_another_tabs_decision_appears_and_the_edit_box_is_left_alone(served):
    url, store = served
    job = running_job(store, stored=4)
    tab = client(url)
    assert tab.predict(job, api_name="/open_job")[EDIT] == FIXES[0]
    store.decide(job, 2, "keep")  # another tab, on another sentence
    view = tab.predict(api_name="/tick")
    assert "kept draft" in view[TABLE] and "<b>1</b> kept draft" in view[COUNTERS]
    assert untouched(view[EDIT]) and untouched(view[NOTICE])
    store.decide(job, 0, "edit", "Their text.")  # another tab, on the sentence this one is editing
    view = tab.predict(api_name="/tick")
    assert untouched(view[EDIT]) and "Changed in another window: sentence 1" in view[NOTICE]
    assert "Their text." in view[CURRENT]
    for _ in range(2):  # refused every time, re-selecting the row included, until the editor says "seen"
        view = tab.predict("My text.", api_name="/edit")
        assert untouched(view[EDIT]) and store.load_job(job).rows[0].final == "Their text."
        tab.predict("0", api_name="/goto")
    tab.predict(api_name="/seen")
    tab.predict("My text.", api_name="/edit")  # now deliberate
    assert store.load_job(job).rows[0].final == "My text."
    assert [e.final for e in store.events(job) if e.index == 0] == ["Their text.", "My text."]


# ---- interrupted jobs -------------------------------------------------------------------------------
@pytest.fixture
def config(tmp_path):
    (tmp_path / "mtedit.toml").write_text(CONFIG.replace('kind = "apertium"', 'kind = "apertium"\nbatch_size = 1'),
                                          encoding="utf-8")
    return load_config(tmp_path / "mtedit.toml")


def stopped_run(store: ReviewStore, config, computed: int) -> tuple[int, Document, Iterator[int]]:
    """A run of the test story stopped after `computed` sentences, as a killed server leaves it (status running).

    Keep the returned run referenced: closing it (or losing it) marks the job interrupted at once.
    """
    from mtedit.io import document_from_text

    document = document_from_text(STORY_EN, source=STORY_ES, name="story")
    runner = live.load_runner(config, "apertium")
    job = live.start_job(store, runner, document)
    run = live.fill_job(store, runner, job, document.segments)
    for _ in range(computed):
        next(run)
    return job, document, run


@needs_apertium
def test_a_stopped_run_is_interrupted_and_continue_finishes_it(store, config):
    from mtedit.pipeline import correct

    job, document, _run = stopped_run(store, config, 1)
    assert store.job_info(job).status == "running"
    store.decide(job, 0, "edit", "Edited before the stop.")
    live.recover(store)
    assert (store.job_info(job).status, store.job_info(job).stored) == ("interrupted", 1)
    assert list(live.continue_job(store, config, job))
    rows = store.load_job(job).rows
    assert store.job_info(job).status == "done" and len(rows) == 4
    assert (rows[0].status, rows[0].final, rows[0].version) == ("edited", "Edited before the stop.", 1)
    whole = list(correct(document.segments, live.load_runner(config, "apertium").engine))
    assert [r.result.fix for r in rows] == [r.fix for r in whole]  # same as computing it in one go
    assert [r.result.segment for r in rows] == list(document.segments)


@needs_apertium
def test_a_closed_run_marks_its_job_interrupted(store, config):
    from mtedit.io import document_from_text

    document = document_from_text(STORY_EN, source=STORY_ES, name="story")
    runner = live.load_runner(config, "apertium")
    job = live.start_job(store, runner, document)
    run = live.fill_job(store, runner, job, document.segments)
    next(run)
    run.close()  # the page that ran it went away
    assert (store.job_info(job).status, store.job_info(job).stored) == ("interrupted", 1)


@needs_apertium
def test_the_continue_command_finishes_an_interrupted_job(store, config, tmp_path, capsys):
    from mtedit.cli import main

    job, _, _run = stopped_run(store, config, 1)
    store.decide(job, 0, "approve")
    live.recover(store)
    argv = ["continue", str(job), "--config", str(tmp_path / "mtedit.toml"), "--store", str(store.path)]
    assert main(argv) == 0
    assert f"job {job}: done, 4 of 4 sentences" in capsys.readouterr().err
    rows = store.load_job(job).rows
    assert len(rows) == 4 and rows[0].status in ("approved", "kept") and rows[0].version == 1
    assert main(argv) != 0  # a second time: nothing left to continue, one clear line
    err = capsys.readouterr().err.strip()
    assert "is done, not interrupted" in err and "\n" not in err


@pytest.mark.parametrize(("setup", "error", "match"), [
    (lambda s, j: s.finish_job(j), InputError, "is done, not interrupted"),
    (lambda s, j: s.move_job_status(j, "interrupted", "running"), InputError, "is running, not interrupted"),
    (lambda s, j: s.keep_inputs(j, []), InputError, "no kept input"),
])
def test_continue_refuses_what_it_cannot_finish(store, config, setup, error, match):
    job = running_job(store)
    store.keep_inputs(job, [r.segment for r in make_results()])
    live.recover(store)
    setup(store, job)
    with pytest.raises(error, match=match):
        list(live.continue_job(store, config, job))


@needs_apertium
def test_continue_refuses_an_engine_that_changed(store, config):
    job, _, _run = stopped_run(store, config, 1)
    live.recover(store)
    changed = replace(config, engines={"apertium": replace(config.engines["apertium"], pair="eng-spa")})
    with pytest.raises(ConfigError, match="has changed since job"):
        list(live.continue_job(store, changed, job))
    assert store.job_info(job).status == "interrupted"  # nothing claimed


@needs_apertium
def test_a_new_server_shows_the_job_interrupted_and_continue_completes_it(store, config):
    from gradio_client.exceptions import AppError

    from mtedit.ui.app import build_app

    job, _, _run = stopped_run(store, config, 2)
    store.decide(job, 1, "keep")
    assert store.job_info(job).status == "running"
    demo = build_app(config, store)  # a new server process over the same store
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        tab = client(demo.local_url)
        assert any(f"#{job} story" in label and "interrupted 2/4" in label
                   for label, _ in session.job_choices(store))
        view = tab.predict(job, api_name="/open_job")
        assert "interrupted at 2 of 4" in view[TITLE] and view[TABLE].count('class="mt-row') == 2
        with pytest.raises(AppError, match="2 of 4 sentences"):
            tab.predict("txt", api_name="/export")
        tab.predict(api_name="/continue")  # queued on the server's worker
        wait_done(store, job)
        view = tab.predict(api_name="/tick")
        assert view[TABLE].count('class="mt-row') == 4 and "interrupted" not in view[TITLE]
        assert "<b>1</b> kept draft" in view[COUNTERS]
        text = Path(tab.predict("txt", api_name="/export")).read_text(encoding="utf-8")
        with pytest.raises(AppError, match="not interrupted"):
            tab.predict(api_name="/continue")
    finally:
        demo.close()
    assert store.job_info(job).status == "done" and store.load_job(job).rows[1].status == "kept"
    assert text.count("\n\n") == 1 and store.finals(job)[1] in text
