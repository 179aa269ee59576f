"""An editor's typing is never lost: a story typed as the page opens, a decision made as a job opens, repeatedly.

The page marks itself ready (`html[data-mt-ready]`) once its load event has filled in its fields; typing starts
there. A script that wrote over a field the editor had typed into would be caught by the spy on textarea values.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from test_ui_browser import CHROMIUM, open_page
from test_ui_workbench_browser import browser, served  # noqa: F401  (fixtures: one server, one browser)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"),
]
ROUNDS = int(os.environ.get("MTEDIT_TYPING_ROUNDS", "3"))  # 20 or more to measure; 3 keep the suite quick

#: Records every script write that replaces text the user typed into a textarea (typing itself is not a write).
SPY_JS = """(() => {
  const native = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value');
  window.mtOverwrites = [];
  Object.defineProperty(HTMLTextAreaElement.prototype, 'value', {
    configurable: true,
    get() { return native.get.call(this); },
    set(v) {
      const old = native.get.call(this);
      if (this.dataset.mtTyped && old !== String(v)) window.mtOverwrites.push([old.length, String(v).length]);
      native.set.call(this, v);
    }
  });
  document.addEventListener('input', (e) => {
    if (e.isTrusted && e.target.tagName === 'TEXTAREA') e.target.dataset.mtTyped = '1';
  }, true);
})();"""


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(SPY_JS)
    yield ctx
    ctx.close()


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium not installed")
def test_a_story_typed_as_the_page_opens_reaches_the_server_every_time(served, context):
    url, store = served
    start, rounds = time.monotonic(), []
    for n in range(ROUNDS):
        draft = f"Round {n}: the minister arrived to Madrid the Monday.\n\nThe coalition has {n + 60} countries."
        source = f"Ronda {n}: el ministro llegó a Madrid el lunes.\n\nLa coalición tiene {n + 60} países."
        page = context.new_page()
        t0 = time.monotonic()
        open_page(page, url)
        page.get_by_label("English draft").fill(draft)
        page.get_by_label("Source (optional").fill(source)
        page.click("#mt-run")
        page.wait_for_function("new URL(location.href).searchParams.get('job') !== null"
                               " || document.querySelector('.toast-body.error') !== null", timeout=30_000)
        assert page.locator(".toast-body.error").count() == 0, f"round {n}: {page.inner_text('.toast-body.error')}"
        assert page.evaluate("window.mtOverwrites") == [], f"round {n}: a script replaced the typed text"
        job = int(page.evaluate("new URL(location.href).searchParams.get('job')"))
        segments = store.kept_inputs(job)
        assert segments is not None, f"round {n}: job {job} kept no inputs"
        assert [(s.draft, s.source) for s in segments] == [
            (f"Round {n}: the minister arrived to Madrid the Monday.", f"Ronda {n}: el ministro llegó a Madrid el lunes."),
            (f"The coalition has {n + 60} countries.", f"La coalición tiene {n + 60} países.")]
        rounds.append(time.monotonic() - t0)
        page.close()
    print(f"\n{ROUNDS} stories typed as the page opened, none lost: {time.monotonic() - start:.1f} s "
          f"(slowest round {max(rounds):.2f} s)")


def test_an_edit_or_a_decision_made_as_a_job_opens_is_kept_every_time(served, context):
    from test_ui_api import add_job
    from test_ui_workbench import result

    url, store = served
    job = add_job(store, [result(index=i, draft=f"Fine {i}.", proposal=f"Good {i}.", source=None, changed=True,
                                 reason="unscored") for i in range(ROUNDS)])
    start, expected = time.monotonic(), []
    for n in range(ROUNDS):
        page = context.new_page()
        open_page(page, f"{url}?job={job}")
        page.wait_for_selector(f"#mt-current[data-index='{n}']", timeout=30_000)  # the first pending sentence
        if n % 3 == 0:  # approve
            page.keyboard.press("a")
            expected.append(("approved", f"Good {n}."))
            page.wait_for_selector(f"#mt-row-{n} .mt-status-approved")
        elif n % 3 == 1:  # keep the draft
            page.keyboard.press("d")
            expected.append(("kept", f"Fine {n}."))
            page.wait_for_selector(f"#mt-row-{n} .mt-status-kept")
        else:  # the editor's own text, typed at once and saved with Enter
            page.keyboard.press("e")
            page.keyboard.press("Control+A")
            page.keyboard.type(f"Edited {n} by hand.")
            page.keyboard.press("Enter")
            expected.append(("edited", f"Edited {n} by hand."))
            page.wait_for_selector(f"#mt-row-{n} .mt-status-edited")
        page.close()
    rows = store.load_job(job).rows
    assert [(r.status, r.final) for r in rows] == expected
    print(f"\n{ROUNDS} decisions made as the job opened, none lost: {time.monotonic() - start:.1f} s")
