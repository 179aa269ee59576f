"""The editor's workbench in headless chromium: one server and one browser for the module, a fresh job per test."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from test_ui_browser import ARGS, CHROMIUM, open_page
from test_ui_workbench import result

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"),
]
playwright_api = pytest.importorskip("playwright.sync_api")

CONFIG = """
default_engine = "apertium"
[engines.apertium]
kind = "apertium"
batch_size = 1
"""
FIXED = "The expense was 2,200,112 euros."


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from mtedit.config import load_config
    from mtedit.store import ReviewStore
    from mtedit.ui.app import launch
    from test_ui_api import free_port

    folder = tmp_path_factory.mktemp("workbench")
    (folder / "mtedit.toml").write_text(CONFIG, encoding="utf-8")
    store = ReviewStore(folder / "review.sqlite")
    demo = launch(load_config(folder / "mtedit.toml"), store, port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield demo.local_url, store
    finally:
        demo.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    yield ctx
    ctx.close()


def open_job(context, url: str, job: int, cursor: int = 0):
    page = context.new_page()
    open_page(page, f"{url}?job={job}")
    page.wait_for_selector(f"#mt-current[data-index='{cursor}']", timeout=30_000)
    return page


def toast(page, text: str) -> None:
    page.locator(".toast-body", has_text=text).first.wait_for(timeout=15_000)


def close_toasts(page) -> None:
    for button in page.locator(".toast-close").all():
        button.click()


def status_of(store, job: int) -> list[str]:
    return [r.status for r in store.load_job(job).rows]


def test_a_suggestion_taken_by_key_then_the_checks_of_the_editors_own_text(served, context):
    from test_ui_api import add_job

    url, store = served
    job = add_job(store, [result(), result(index=1)])
    page = open_job(context, url, job)
    # layout: the table starts near the top, draft and fix columns are equally wide
    assert page.locator("#mt-table").bounding_box()["y"] < 260
    widths = [page.locator(f"#mt-table th:nth-child({i})").bounding_box()["width"] for i in (3, 4)]
    assert abs(widths[0] - widths[1]) < 2
    assert "draft kept: the model is not confident enough" in page.inner_text("#mt-sugg-1")
    assert page.locator("#mt-row-0 .mt-sugg-mark").count() == 1

    page.keyboard.press("1")  # the model's proposal into the edit box, the box focused for editing
    box = page.locator("#mt-edit textarea")
    assert box.input_value() == "The expense was 2,200,12 euros." and box.evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_selector("#mt-row-0 .mt-status-took")
    page.wait_for_selector("#mt-current[data-index='1']")
    assert not box.evaluate("b => b === document.activeElement")  # the next a / d is a key, not typing
    assert "⚑ your version" in page.inner_text("#mt-row-0 .mt-flags")  # the taken text still has the wrong number

    page.keyboard.press("e")
    page.keyboard.press("Control+A")
    page.keyboard.type("The expense was 2,200,12")
    page.wait_for_selector("#mt-typed .mt-flag-error")  # checked as typed, against the source
    page.keyboard.press("Control+A")
    page.keyboard.type(FIXED)
    page.wait_for_selector("text=the text in the box passes the checks")
    page.keyboard.press("Enter")
    page.wait_for_selector("#mt-row-1 .mt-status-edited")
    assert "your version passes the checks" in page.inner_text("#mt-row-1 .mt-flags")
    assert page.locator("#mt-row-1 .mt-flag-error").count() == 0
    assert status_of(store, job) == ["took", "edited"]


def test_a_flagged_sentence_asks_once_and_approve_all_leaves_it(served, context):
    from test_ui_api import add_job

    url, store = served
    clean = [result(index=i, draft=f"All is fine {i}.", proposal=f"All is well {i}.", source=None, changed=True,
                    reason="unscored") for i in (1, 2)]
    job = add_job(store, [result(), *clean, result(index=3)])
    page = open_job(context, url, job)
    page.keyboard.press("d")
    toast(page, "still has an error")
    assert status_of(store, job)[0] == "pending"
    close_toasts(page)
    page.keyboard.press("d")  # the second press decides
    page.wait_for_selector("#mt-row-0 .mt-status-kept")
    page.click("#mt-approve-all")
    toast(page, "left 1 flagged sentences pending")
    assert status_of(store, job) == ["kept", "approved", "approved", "pending"]


def test_a_decision_on_a_stale_view_is_refused_until_seen(served, context):
    from test_ui_api import add_job

    url, store = served
    job = add_job(store, [result(index=i, draft=f"Fine {i}.", proposal=f"Good {i}.", source=None, changed=True,
                                 reason="unscored") for i in range(2)])
    a, b = open_job(context, url, job), open_job(context, url, job)
    a.bring_to_front()
    a.keyboard.press("e")
    a.keyboard.press("Control+A")
    a.keyboard.type("Fine <b>0</b>.")
    a.keyboard.press("Enter")
    a.wait_for_selector("#mt-row-0 .mt-status-edited")
    b.bring_to_front()
    for _ in range(2):  # refused every time, with the row re-selected in between
        b.keyboard.press("a")
        toast(b, "Changed in another window: sentence 1 is now edited: “Fine <b>0</b>.”")
        assert b.locator(".toast-body b").count() == 0  # the other window's text is shown as text
        close_toasts(b)
        b.click("#mt-row-0 td.mt-src")
        b.wait_for_selector("#mt-current[data-index='0']")
    assert [(r.status, r.version) for r in store.load_job(job).rows][0] == ("edited", 1)
    b.click("#mt-seen")
    b.wait_for_timeout(300)
    b.keyboard.press("a")
    b.wait_for_selector("#mt-row-0 .mt-status-approved")
    assert status_of(store, job)[0] == "approved"


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium not installed")
def test_a_run_outlives_its_tab_and_sets_page_furniture_aside(served, context):
    url, store = served
    story = [("News Daily Spot:", "Noticias Diarias:")] + [
        (f"The minister arrived to Madrid the Monday number {i}.", f"El ministro llegó a Madrid el lunes número {i}.")
        for i in range(1, 7)] + [("more news", "más noticias")]
    page = context.new_page()
    open_page(page, url)
    page.get_by_label("English draft").fill("\n\n".join(en for en, _ in story))
    page.get_by_label("Source (optional").fill("\n\n".join(es for _, es in story))
    page.click("#mt-run")
    page.wait_for_function("new URL(location.href).searchParams.get('job') !== null", timeout=30_000)
    job = int(page.evaluate("new URL(location.href).searchParams.get('job')"))
    page.close()  # the tab that pressed Run goes away at once
    assert store.job_info(job).stored < len(story)
    end = time.monotonic() + 60
    while store.job_info(job).status == "running" and time.monotonic() < end:
        time.sleep(0.1)
    info = store.job_info(job)
    assert (info.status, info.stored) == ("done", len(story))  # computed to the end by the server

    page = open_job(context, url, job, cursor=1)  # the first story sentence, not the banner
    assert page.locator("tr.mt-furniture").count() == 2 and "not story text" in page.inner_text("#mt-row-0")
    assert "2 lines set aside as not story text" in page.inner_text("#mt-counters")
    assert "6 pending" in page.inner_text("#mt-counters").replace("</b>", "")
    page.click("#mt-row-7 td.mt-src")
    page.wait_for_selector("#mt-current[data-index='7']")
    page.keyboard.press("x")  # an editor's call: back in as a sentence to review
    page.wait_for_selector("#mt-row-7:not(.mt-furniture) .mt-status-pending")
    assert status_of(store, job)[0] == "furniture" and status_of(store, job)[7] == "pending"
