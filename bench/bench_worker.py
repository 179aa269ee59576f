"""Two review jobs on one server: through the page's one inference worker vs two threads computing at once.

    python bench/bench_worker.py [--engine ape] [--n 32] [--config configs/mtedit.toml]

Each job is the sample story's sentences repeated to N. Measured in one process, one engine load:
  one job alone          fill_job, for reference
  two jobs, one worker   the page's way: both queued on the InferenceWorker, interleaved batch by batch
  two jobs, two threads  the old way, a run per tab: two fill_job loops at once on the same model
Prints the best wall seconds over --repeat interleaved rounds and the ratio of each two-job run to twice one job.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from mtedit.config import load_config
from mtedit.io import document_from_text
from mtedit.store import ReviewStore
from mtedit.ui import jobs, live

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="ape")
    parser.add_argument("--n", type=int, default=32, help="sentences per job")
    parser.add_argument("--config", type=Path, default=ROOT / "configs" / "mtedit.toml")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best time of each run is kept")
    args = parser.parse_args()
    story = document_from_text((ROOT / "samples" / "story.en.txt").read_text(encoding="utf-8"),
                               source=(ROOT / "samples" / "story.es.txt").read_text(encoding="utf-8"), name="story")
    document = replace(story, segments=(story.segments * (args.n // len(story.segments) + 1))[:args.n])
    store = ReviewStore(Path(tempfile.mkdtemp(prefix="mtedit-bench-")) / "review.sqlite")
    runner = live.load_runner(load_config(args.config), args.engine)
    live.compute_batch(runner, document.segments)  # warm-up at the full batch shape

    def one_job() -> float:
        began, job = time.monotonic(), live.start_job(store, runner, document)
        list(live.fill_job(store, runner, job, document.segments))
        return time.monotonic() - began

    def one_worker() -> float:
        worker = jobs.InferenceWorker(store, lambda name: runner, live.compute_batch)
        ids = [live.start_job(store, runner, document) for _ in range(2)]
        began = time.monotonic()
        for job in ids:
            worker.submit(job, args.engine, document.segments)
        while any(store.job_info(job).status == "running" for job in ids):
            time.sleep(0.05)
        worker.close()
        return time.monotonic() - began

    def two_threads() -> float:
        ids = [live.start_job(store, runner, document) for _ in range(2)]
        threads = [threading.Thread(target=lambda j=j: list(live.fill_job(store, runner, j, document.segments)))
                   for j in ids]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.monotonic() - began

    best: dict[str, float] = {}
    runs = (("one job alone", one_job), ("two jobs, one worker", one_worker), ("two jobs, two threads", two_threads))
    for _ in range(args.repeat):  # interleaved rounds, the best of each kept: the machine may be shared
        for name, run in runs:
            best[name] = min(best.get(name, float("inf")), run())
    single = best["one job alone"]
    print(f"one job alone: {single:.1f} s for {args.n} sentences (best of {args.repeat})")
    for name, _ in runs[1:]:
        print(f"{name}: {best[name]:.1f} s ({best[name] / (2 * single):.2f} x twice one job)")


if __name__ == "__main__":
    main()
