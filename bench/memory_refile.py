"""Translation memory: the refile simulation on newstest2012 and lookup time with a large memory.

    python bench/memory_refile.py [--data ../shared/data] [--work runs/memory-bench] [--size 1000000]

Refile: the dev set cut into stories of --story consecutive sentences; version 1 is each story's first 70%,
version 2 all of it with every --reword-th sentence of version 1 reworded (a word dropped, or two swapped).
The references stand for the editor's decisions on version 1: they go into a review store as edits and
feed the memory, then every sentence of version 2 is looked up. Speed: a synthetic memory of --size
sentences (words drawn from the news corpus's own word frequencies and sentence lengths) is built once in
--work, then exact, fuzzy and missing sentences are looked up; the file size and the process's resident
memory before and after are reported.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from mtedit.memory.db import TranslationMemory, Unit
from mtedit.memory.feed import feed
from mtedit.memory.lookup import Query, exact, fuzzy
from mtedit.memory.normalize import normalize
from mtedit.memory.stage import MemoryLookup
from mtedit.store import ReviewStore
from mtedit.types import Document, GateVerdict, Segment, SegmentResult


def reword(text: str, rng: random.Random) -> str:
    """A small rewording: drop a word, or swap two neighbours (never the identical sentence)."""
    words = text.split()
    if len(words) < 4:
        return text + " también"
    i = rng.randrange(1, len(words) - 1)
    if rng.random() < 0.5:
        return " ".join(words[:i] + words[i + 1:])
    words[i], words[i + 1] = words[i + 1], words[i]
    changed = " ".join(words)
    return changed if changed != text else " ".join(words[:i] + words[i + 1:])


def refile(data: Path, work: Path, story: int, every: int) -> dict:
    read = lambda rel: (data / rel).read_text(encoding="utf-8").splitlines()  # noqa: E731
    triples = list(zip(read("es-en-news/newstest2012.es"), read("apertium-drafts/newstest2012.apertium.en"),
                       read("es-en-news/newstest2012.en")))
    for name in ("review.sqlite", "refile-memory.sqlite"):
        (work / name).unlink(missing_ok=True)
    store, rng = ReviewStore(work / "review.sqlite"), random.Random(1)
    versions = []
    for start in range(0, len(triples), story):
        sentences = triples[start:start + story]
        cut = max(1, round(len(sentences) * 0.7))
        first = sentences[:cut]
        segs = tuple(Segment(f"s{i}", d, s, paragraph=i) for i, (s, d, _) in enumerate(first))
        job = store.create_job(Document("story", segs), "bench", "bench")
        store.add_results(job, [SegmentResult(seg, seg.draft, seg.draft, False, GateVerdict(False, "identical"), "b")
                                for seg in segs])
        for i, (_, _, ref) in enumerate(first):
            store.decide(job, i, "edit", ref)
        second = []
        for i, (s, d, r) in enumerate(sentences):
            kind = "new" if i >= cut else ("reworded" if i % every == every - 1 else "unchanged")
            second.append((kind, reword(s, rng) if kind == "reworded" else s, d, r))
        versions.append(second)
    memory = TranslationMemory(work / "refile-memory.sqlite")
    t0 = time.perf_counter()
    fed = feed(memory, store)
    feed_s = time.perf_counter() - t0
    lookup = MemoryLookup(memory)
    counts: Counter[str] = Counter()
    t0 = time.perf_counter()
    total = 0
    for second in versions:
        matches = lookup.matches([Segment("x", d, s) for _, s, d, _ in second])
        total += len(second)
        for (kind, _, _, ref), m in zip(second, matches):
            counts[kind] += 1
            if m is not None:
                counts[f"{kind}_{m.kind}"] += 1
                counts[f"{kind}_{m.kind}_right"] += m.target == ref
    lookup_s = time.perf_counter() - t0
    return {"stories": len(versions), "fed_units": fed, "feed_seconds": round(feed_s, 2),
            "lookups": total, "ms_per_lookup": round(1000 * lookup_s / total, 3), **dict(sorted(counts.items()))}


def corpus_model(data: Path) -> tuple[list[str], list[int], list[int]]:
    """The Spanish corpus's words, their cumulative counts (for random.choices) and its sentence lengths."""
    words: Counter[str] = Counter()
    lengths = []
    for path in sorted((data / "es-en-news").glob("*.es")):
        for line in path.read_text(encoding="utf-8").splitlines():
            tokens = line.split()
            if tokens:
                words.update(tokens)
                lengths.append(len(tokens))
    vocab = list(words)
    return vocab, list(itertools.accumulate(words[w] for w in vocab)), lengths


def synthetic(rng: random.Random, vocab: list[str], cumulative: list[int], lengths: list[int]) -> str:
    return " ".join(rng.choices(vocab, cum_weights=cumulative, k=rng.choice(lengths))).capitalize()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build(data: Path, path: Path, size: int) -> None:
    """A synthetic memory of `size` units (source, draft and target of the sentence's length) at `path`."""
    vocab, cumulative, lengths = corpus_model(data)
    rng = random.Random(7)

    def units():
        for i in range(size):
            source = synthetic(rng, vocab, cumulative, lengths)
            yield Unit(source.lower(), source, source, "bench", i // 20, i % 20, "2026-12-01T00:00:00+00:00")

    TranslationMemory(path).add(units(), batch=20000)


def speed(data: Path, work: Path, size: int, queries: int) -> dict:
    path = work / f"memory-{size}.sqlite"
    build_s = None
    if not path.exists():  # built in a child process, so this one's resident memory is the lookups' alone
        t0 = time.perf_counter()
        child = multiprocessing.get_context("fork").Process(target=build, args=(data, path, size))
        child.start()
        child.join()
        if child.exitcode:
            sys.exit(f"building {path} failed")
        build_s = round(time.perf_counter() - t0, 1)
    rss0 = rss_mb()
    memory = TranslationMemory(path)
    rng = random.Random(11)
    with memory.read() as con:
        ids = rng.sample(range(1, size + 1), queries)
        stored = [con.execute("SELECT source FROM units WHERE id = ?", (i,)).fetchone()[0] for i in ids]
    real = (data / "es-en-news/newstest2012.es").read_text(encoding="utf-8").splitlines()
    sets = {
        "exact_hit": [Query("source", normalize(s)) for s in stored],
        "fuzzy_near": [Query("source", normalize(reword(s, rng))) for s in stored],
        "fuzzy_miss": [Query("source", normalize(s)) for s in rng.sample(real, queries)],
    }
    out: dict = {"units": size, "build_seconds": build_s, "file_mb": round(path.stat().st_size / 1e6, 1),
                 "bytes_per_unit": round(path.stat().st_size / size)}
    with memory.read() as con:
        exact(con, sets["exact_hit"][0])  # open the file's pages once
        for name, qs in sets.items():
            find = exact if name == "exact_hit" else fuzzy
            times, cpu, found = [], [], 0
            for q in qs:
                t0, c0 = time.perf_counter(), time.process_time()
                found += find(con, q) is not None
                times.append(1000 * (time.perf_counter() - t0))
                cpu.append(1000 * (time.process_time() - c0))
            times.sort()
            cpu.sort()
            out[name] = {"found": found, "of": len(qs), "median_ms": round(statistics.median(times), 2),
                         "p95_ms": round(times[int(0.95 * len(times))], 2), "max_ms": round(times[-1], 2),
                         "cpu_median_ms": round(statistics.median(cpu), 2), "cpu_p95_ms": round(cpu[int(0.95 * len(cpu))], 2),
                         "cpu_mean_ms": round(statistics.mean(cpu), 2)}
    out["rss_mb_before_open"] = round(rss0, 1)
    out["rss_mb_after_lookups"] = round(rss_mb(), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--work", type=Path, default=Path("runs/memory-bench"))
    parser.add_argument("--story", type=int, default=20, help="sentences per story")
    parser.add_argument("--reword", type=int, default=7, help="reword every Nth sentence of version 1")
    parser.add_argument("--size", type=int, default=1_000_000, help="sentences in the synthetic memory (0: skip)")
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    result = {"refile": refile(args.data, args.work, args.story, args.reword)}
    print(json.dumps(result, indent=1), flush=True)
    if args.size:
        result["speed"] = speed(args.data, args.work, args.size, args.queries)
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
