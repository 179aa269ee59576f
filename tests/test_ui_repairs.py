"""Repairs on the review page: marked inside the fix, with what was repaired and why on hover."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mtedit.pipeline import GateOptions, correct
from mtedit.types import Segment
from mtedit.ui.render import texts_html
from test_pipeline import RuleEngine

SOURCE = "Según la ONU, 2.200.112 personas han regresado."
DRAFT = "According to the UN, 2,200,12 people <b>have</b> returned."


def test_a_repair_is_marked_in_the_fix_with_its_reason():
    [result] = correct([Segment("s0", DRAFT, SOURCE)], RuleEngine({}), gate=GateOptions(margin=5.0))
    draft_html, fix_html = texts_html(result)
    assert '<mark class="mt-repair" title="repair: number: &#x27;2,200,12&#x27; -&gt; &#x27;2,200,112&#x27;' in fix_html
    assert ">2,200,112</mark>" in fix_html and "mt-repair" not in draft_html
    assert "&lt;b&gt;have&lt;/b&gt;" in fix_html  # still escaped


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium not installed")
@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium not installed")
def test_the_page_shows_repairs_on_hover(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    from test_ui_api import CONFIG, free_port
    from test_ui_browser import ARGS, CHROMIUM, open_page

    from mtedit.config import load_config
    from mtedit.store import ReviewStore
    from mtedit.ui.app import launch

    (tmp_path / "mtedit.toml").write_text(CONFIG, encoding="utf-8")
    store = ReviewStore(tmp_path / "review.sqlite")
    demo = launch(load_config(tmp_path / "mtedit.toml"), store, port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            open_page(page, demo.local_url)
            page.get_by_label("English draft").fill(DRAFT)
            page.get_by_label("Source (optional").fill(SOURCE)
            page.click("#mt-run")
            mark = page.locator("#mt-row-0 mark.mt-repair").first
            mark.wait_for(timeout=60_000)
            assert mark.inner_text() == "2,200,112"
            title = mark.get_attribute("title") or ""
            assert title.startswith("repair: number:") and "2,200,112" in title
            mark.hover()
            colour = mark.evaluate("m => getComputedStyle(m).borderBottomColor")
            assert colour == "rgb(0, 102, 204)"
            browser.close()
    finally:
        demo.close()
