"""Time the review page: a story with its source, checked and gated, from Run until its last row is on screen.

    python bench/bench_page.py --data ../shared/data [--engine ape] [--n 30] [--backend auto]

Serves the page on 127.0.0.1 with the project's config and a throwaway review store, drives Debian's
chromium with Playwright, runs a one-sentence story first (so imports and the model's first load are
behind it, as on a page that has served before), then times `--n` sentences of newstest2012 (Spanish
source and Apertium draft, one paragraph each) from the click on Run to the last row in the table.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def story(data: Path, n: int) -> tuple[str, str]:
    """(draft, source): n dev sentences, one paragraph each."""
    read = lambda rel: (data / rel).read_text(encoding="utf-8").splitlines()[:n]  # noqa: E731
    return ("\n\n".join(read("apertium-drafts/newstest2012.apertium.en")),
            "\n\n".join(read("es-en-news/newstest2012.es")))


def run_story(page, engine: str, draft: str, source: str, rows: int, timeout_s: float) -> float:
    """Seconds from the click on Run until the job is done with at least `rows` sentences (the table shows a page)."""
    page.goto(page.url.split("?")[0])
    page.get_by_label("English draft").fill(draft)
    page.get_by_label("Source (optional").fill(source)
    page.get_by_label(engine, exact=True).check()
    started = time.perf_counter()
    page.click("#mt-run")
    done = """rows => {
        const title = document.querySelector('#mt-title')?.innerText || '';
        const pending = (document.querySelector('#mt-counters')?.innerText || '').match(/(\\d+) pending/);
        return title.includes('Job #') && !title.includes('running') && pending && Number(pending[1]) >= rows;
    }"""
    page.wait_for_function(done, arg=rows, timeout=timeout_s * 1000)
    page.wait_for_selector("#mt-row-0")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--engine", default="ape")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--backend", choices=["auto", "transformers", "ctranslate2"], default="auto")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the story")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from playwright.sync_api import sync_playwright

    from mtedit.commands.correct import with_overrides
    from mtedit.config import load_config
    from mtedit.store import ReviewStore
    from mtedit.ui.app import launch

    config = with_overrides(load_config(), args.engine, {"backend": args.backend})
    draft, source = story(args.data, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        store = ReviewStore(Path(tmp) / "review.sqlite")
        demo = launch(config, store, port=free_port(), prevent_thread_lock=True, quiet=True)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(demo.local_url)
                warm = run_story(page, args.engine, *story(args.data, 1), 1, args.timeout)
                seconds = run_story(page, args.engine, draft, source, args.n, args.timeout)
                browser.close()
        finally:
            demo.close()
    from mtedit.engines.backends.choose import choose_backend

    backend = choose_backend(config.engine(args.engine)).name
    print(f"page, engine {args.engine} (backend {backend}): first one-sentence story {warm:.1f} s (imports, model"
          f" load); {args.n} sentences with their source, checked and gated: {seconds:.1f} s from Run until the job"
          " was done")


if __name__ == "__main__":
    main()
