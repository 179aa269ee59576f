"""Sentence splitting of one long paragraph: pysbd over the whole paragraph (the baseline, measured in the same
run) against mtedit's split at hard boundaries first.

    python bench/bench_split.py --kb 50 100 200 --chunked-only 1000 5000

Prints seconds per size and whether both give the same sentences.
"""

from __future__ import annotations

import argparse
import time

import mtedit.segment as segment

SENTENCES = ("The minister said on Tuesday that the coalition had deployed 8,000 soldiers. "
             "Sr. Blanco disagreed strongly with the plan! ")


def _timed(text: str, whole: bool) -> tuple[float, list[str]]:
    chunked = segment._chunks
    if whole:
        segment._chunks = lambda t: [t]
    try:
        started = time.perf_counter()
        sentences = segment.split_sentences(text, "en")
        return time.perf_counter() - started, sentences
    finally:
        segment._chunks = chunked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, nargs="*", default=[50, 100, 200], help="sizes timed both ways (KB)")
    parser.add_argument("--chunked-only", type=int, nargs="*", default=[1000], help="sizes timed chunked only (KB)")
    args = parser.parse_args()
    for kb in sorted(set(args.kb) | set(args.chunked_only)):
        text = SENTENCES * (kb * 1000 // len(SENTENCES) + 1)
        fast, sentences = _timed(text, whole=False)
        row = f"{kb:>6} KB, {len(sentences):>6} sentences: split first {fast:7.2f} s"
        if kb in args.kb:
            slow, baseline = _timed(text, whole=True)
            row += f", whole paragraph {slow:7.2f} s ({slow / fast:5.1f}x), same sentences: {baseline == sentences}"
        print(row, flush=True)


if __name__ == "__main__":
    main()
