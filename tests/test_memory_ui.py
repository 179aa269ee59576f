"""A refile on the review page: the earlier job's decisions carried over, only new or changed sentences pending."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mtedit.config import load_config
from mtedit.io import document_from_text
from mtedit.store import ReviewStore
from mtedit.ui import live, memory, render

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium not installed")

FIRST_ES = ("El ministro llegó a Madrid el lunes. Dijo que la economía crece.\n\n"
            "La coalición tiene 63 países.")
FIRST_EN = ("The minister arrived to Madrid the Monday. He said that the economy grows.\n\n"
            "The coalition has 63 countries.")
# the refile: sentence 2 reworded, a new sentence at the end
REFILE_ES = ("El ministro llegó a Madrid el lunes. Dijo que la economía todavía crece.\n\n"
             "La coalición tiene 63 países. Efe informó de la reunión.")
REFILE_EN = ("The minister arrived to Madrid the Monday. He said that the economy still grows.\n\n"
             "The coalition has 63 countries. Efe he reported of the meeting.")
CONFIG = 'default_engine = "apertium"\n[engines.apertium]\nkind = "apertium"\n'


@pytest.fixture
def setup(tmp_path: Path):
    (tmp_path / "mtedit.toml").write_text(CONFIG, encoding="utf-8")
    return load_config(tmp_path / "mtedit.toml"), ReviewStore(tmp_path / "review.sqlite")


def run_story(config, store, draft: str, source: str) -> int:
    runner, warning = memory.with_memory(live.load_runner(config, "apertium"), config, store)
    assert warning == ""
    document = document_from_text(draft, source=source, name="story")
    job = live.start_job(store, runner, document)
    list(live.fill_job(store, runner, job, document.segments))
    return job


@needs_apertium
def test_a_refile_opens_with_the_earlier_decisions_carried_over(setup, tmp_path):
    config, store = setup
    first = run_story(config, store, FIRST_EN, FIRST_ES)
    store.decide(first, 0, "edit", "The minister arrived in Madrid on Monday.")
    store.decide(first, 1, "edit", "He said the economy is growing.")
    store.decide(first, 2, "keep")
    assert (tmp_path / "mtedit-memory.sqlite").exists() is True  # beside the page's store

    refile = run_story(config, store, REFILE_EN, REFILE_ES)
    rows = store.load_job(refile).rows
    assert [r.status for r in rows] == ["approved", "pending", "approved", "pending"]
    assert rows[0].final == "The minister arrived in Madrid on Monday." and rows[2].final == "The coalition has 63 countries."
    assert rows[0].result.verdict.reason == "memory:exact" and rows[0].result.memory.job == first
    assert [e.action for e in store.events(refile)] == ["carry", "carry"]
    fuzzy = rows[1].result.memory
    assert fuzzy is not None and fuzzy.kind == "fuzzy" and fuzzy.target == "He said the economy is growing."
    assert rows[1].result.fix != fuzzy.target  # a suggestion, not taken
    assert rows[3].result.memory is None

    html = render.row_html(rows[0])
    assert f"carried from job {first}" in html
    current = render.current_html(rows[1], len(rows))
    assert "memory" in current and "He said the economy is growing." in current
    assert '<ins class="mt-ins">todavía</ins>' in current  # the source difference highlighted
    from mtedit.ui.suggestions import suggestions

    offered = [(s.kind, s.text) for s in suggestions(rows[1])]
    assert ("translation memory %.0f%%" % fuzzy.score, fuzzy.target) in offered  # takeable with 1-3 like the others


def test_memory_html_escapes_everything():
    from mtedit.store import ReviewRow
    from mtedit.types import GateVerdict, MemoryMatch, Segment, SegmentResult

    match = MemoryMatch("fuzzy", 80.0, "source", "<script>x</script>", source="<b>viejo</b> texto", job=2,
                        at="2026-12-01T10:00:00+00:00")
    seg = Segment("s", "draft", source="<b>nuevo</b> texto")
    row = ReviewRow(0, SegmentResult(seg, "draft", "draft", False, GateVerdict(False, "identical"), "sig", memory=match))
    html = memory.memory_html(row)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>viejo" not in html and "<b>nuevo" not in html
    assert "job 2, 2026-12-01" in html and "80%" in html


CHROMIUM = "/usr/bin/chromium"


@needs_apertium
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")
def test_a_refile_carried_over_in_a_browser(setup):
    playwright = pytest.importorskip("playwright.sync_api")
    from test_ui_api import free_port
    from test_ui_browser import ARGS, open_page

    from mtedit.ui.app import launch

    config, store = setup
    demo = launch(config, store, port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            open_page(page, demo.local_url)
            for job, (draft, source) in enumerate(((FIRST_EN, FIRST_ES), (REFILE_EN, REFILE_ES)), start=1):
                if job > 1:  # a fresh page opens on Load
                    page.get_by_role("tab", name="Load").click()
                rows = len(document_from_text(draft, source=source).segments)
                page.get_by_label("English draft").fill(draft)
                page.get_by_label("Source (optional").fill(source)
                page.click("#mt-run")
                page.wait_for_function("new URL(location.href).searchParams.get('job') === '%d'"
                                       " && document.querySelectorAll('tr.mt-row').length === %d" % (job, rows),
                                       timeout=60_000)
                if draft == FIRST_EN:
                    page.click("#mt-approve-all")
                    page.wait_for_selector("#mt-row-2 .mt-status-approved, #mt-row-2 .mt-status-kept")
            page.wait_for_selector("#mt-row-2 .mt-carried", timeout=30_000)
            assert "carried from job 1" in page.inner_text("#mt-row-0")
            assert "carried from job 1" in page.inner_text("#mt-row-2")
            assert page.locator("#mt-row-1 .mt-status-pending").count() == 1  # the reworded sentence
            assert "memory" in page.inner_text("#mt-row-1")  # its fuzzy match, offered
            assert "2 pending" in page.inner_text("#mt-counters").replace("\n", " ")
            browser.close()
    finally:
        demo.close()
    rows = store.load_job(2).rows
    assert [r.status for r in rows] == ["approved", "pending", "approved", "pending"]
