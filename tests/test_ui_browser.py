"""The review page in headless chromium: run a story, approve one sentence, edit another, reload, export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"),
    pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium not installed"),
]

from test_ui_api import CONFIG, STORY_EN, STORY_ES, free_port  # noqa: E402

OWN = "Efe reported on the meeting <b>today</b>."


def open_page(page, url: str) -> None:
    """Go to the page and wait until it says it is ready (its load event has filled in its fields)."""
    from mtedit.ui.assets import READY_ATTRIBUTE

    page.goto(url)
    page.wait_for_selector(f"html[{READY_ATTRIBUTE}]", state="attached", timeout=30_000)


@pytest.fixture
def page_url(tmp_path):
    from mtedit.config import load_config
    from mtedit.store import ReviewStore
    from mtedit.ui.app import launch

    (tmp_path / "mtedit.toml").write_text(CONFIG, encoding="utf-8")
    store = ReviewStore(tmp_path / "review.sqlite")
    demo = launch(load_config(tmp_path / "mtedit.toml"), store, port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield demo.local_url, store
    finally:
        demo.close()


def test_review_in_a_browser(page_url, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    url, store = page_url
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        open_page(page, url)
        page.get_by_label("English draft").fill(STORY_EN)
        page.get_by_label("Source (optional").fill(STORY_ES)
        page.click("#mt-run")
        page.wait_for_selector("#mt-row-3", timeout=60_000)
        page.wait_for_function("new URL(location.href).searchParams.get('job') !== null")
        job = int(page.evaluate("new URL(location.href).searchParams.get('job')"))

        page.keyboard.press("a")  # approve sentence 1: the engine left it unchanged, so its draft is kept
        page.wait_for_selector("#mt-row-0 .mt-status-kept")
        page.click("#mt-row-3 td.mt-src")  # select sentence 4, then edit it from the keyboard
        page.wait_for_selector("#mt-current[data-index='3']")
        page.keyboard.press("e")
        page.keyboard.press("Control+A")
        page.keyboard.type(OWN)
        page.keyboard.press("Enter")
        page.wait_for_selector("#mt-row-3 .mt-status-edited")

        page.reload()  # everything comes back from the store
        page.wait_for_selector("#mt-row-3 .mt-status-edited", timeout=30_000)
        page.wait_for_selector("#mt-current[data-index='1']")  # back at the first pending sentence
        assert page.locator("#mt-row-0 .mt-status-kept").count() == 1
        assert OWN in page.inner_text("#mt-row-3")  # shown as text, not as bold markup
        assert page.locator("#mt-row-3 b:has-text('today')").count() == 0
        page.screenshot(path=str(tmp_path / "review.png"), full_page=True)

        with page.expect_download() as download:
            page.click("#mt-export")
            page.locator("#mt-download a").first.click(timeout=30_000)
        text = Path(download.value.path()).read_text(encoding="utf-8")
        browser.close()

    rows = store.load_job(job).rows
    assert [r.status for r in rows] == ["kept", "pending", "pending", "edited"]
    assert rows[0].seconds > 0 and rows[3].seconds > 0  # time spent on each decided sentence
    assert text == store.finals(job)[0] + " " + rows[1].text + "\n\n" + rows[2].text + " " + OWN + "\n"
