"""Build (source, draft, target) post-editing triples from the shared data with apertium.

Synthetic triples: English -> Spanish -> English round trips of monolingual news (source = the Spanish,
draft = the round trip, target = the original). Real triples: Spanish news, its apertium draft, the
human English. Dev: newstest2012 with the shipped apertium drafts, never trained on.
Apertium output is cached per chunk, so a re-run only translates what is missing.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from mtedit.engines.apertium import translate_lines
from mtedit.errors import InputError
from mtedit.train.settings import DataSettings, Settings

Triple = tuple[str, str, str]
Translator = Callable[[Sequence[str], str], list[str]]


@dataclass(frozen=True)
class DataStats:
    """What `build_data` wrote: counts per origin and the filter's rejections."""

    synthetic: int
    real: int
    extra: int
    real_upsampled: int
    identical_kept: int
    identical_dropped: int
    rejected: int
    train: int
    dev: int
    variants: int = 0
    round_trips_real: int = 0


def clean(text: str) -> str:
    """One line, single spaces, no tabs."""
    return " ".join(text.split())


def reject_reason(triple: Triple, cfg: DataSettings) -> str | None:
    """Why a triple is unfit for training (None when it is fine): empty, too long, garbage, bad length ratio."""
    source, draft, target = triple
    if not source or not draft or not target:
        return "empty"
    if max(len(source), len(draft), len(target)) > cfg.max_chars:
        return "too long"
    words = [len(x.split()) for x in triple]
    if max(words) > cfg.max_words:
        return "too long"
    letters = sum(ch.isalpha() for ch in target)
    if letters < 0.5 * len(target.replace(" ", "")) or letters == 0:
        return "garbage"
    if any(ord(ch) < 32 or 0xFFF0 <= ord(ch) for x in triple for ch in x):
        return "garbage"
    if max(words[1], words[2]) >= 5:
        for a, b in ((words[1], words[2]), (words[0], words[2])):
            ratio = a / max(b, 1)
            if not cfg.min_ratio <= ratio <= cfg.max_ratio:
                return "length ratio"
    return None


def _read_lines(path: Path) -> list[str]:
    try:
        return [clean(line) for line in path.read_text(encoding="utf-8").splitlines()]
    except FileNotFoundError:
        raise InputError(f"data file {path} not found; pass --data pointing at the shared data folder") from None


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_tsv(path: Path, triples: Iterable[Triple]) -> None:
    """Write triples as a three-column TSV, atomically."""
    _write_atomic(path, "".join(f"{s}\t{d}\t{t}\n" for s, d, t in triples))


def read_tsv(path: Path) -> list[Triple]:
    """Read a triple TSV written by `write_tsv`."""
    rows: list[Triple] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 3:
            raise InputError(f"{path}:{n} has {len(parts)} columns, expected 3; rebuild with `mtedit train data`")
        rows.append((parts[0], parts[1], parts[2]))
    return rows


def cached_translate(
    lines: Sequence[str],
    pairs: Sequence[str],
    cache_dir: Path,
    tag: str,
    chunk_lines: int,
    translate: Translator = translate_lines,
) -> list[list[str]]:
    """Chain `lines` through apertium `pairs` in chunks; each finished chunk is cached as JSON.

    Returns one list per step (the input, then each translation), line-aligned. A cached chunk is
    reused only when its input lines are identical, so changed data is never served stale.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    columns: list[list[str]] = [[] for _ in range(len(pairs) + 1)]
    starts = range(0, len(lines), chunk_lines)
    for start in tqdm(starts, desc=f"apertium {tag}", unit="chunk", disable=len(starts) < 2):
        chunk = list(lines[start : start + chunk_lines])
        path = cache_dir / f"{tag}-{'+'.join(pairs)}-{start:07d}-{chunk_lines}.json"
        steps: list[list[str]] | None = None
        if path.exists():
            steps = json.loads(path.read_text(encoding="utf-8"))
            if not steps or steps[0] != chunk:
                steps = None
        if steps is None:
            steps = [chunk]
            for pair in pairs:
                steps.append([clean(x) for x in translate(steps[-1], pair)])
            _write_atomic(path, json.dumps(steps, ensure_ascii=False))
        for column, step in zip(columns, steps):
            column.extend(step)
    return columns


def synthetic_triples(cfg: DataSettings, root: Path, cache: Path, translate: Translator = translate_lines) -> list[Triple]:
    """Round-trip triples (Spanish, round-trip English, original English) from monolingual news."""
    lines = [x for x in _read_lines(root / cfg.mono) if x and len(x) <= cfg.max_chars]
    if cfg.mono_limit:
        lines = lines[: cfg.mono_limit]
    en, es, rt = cached_translate(lines, ("eng-spa", "spa-eng"), cache, "mono", cfg.chunk_lines, translate)
    return list(zip(es, rt, en))


def real_triples(cfg: DataSettings, root: Path, cache: Path, sets: Sequence[str], folder: str,
                 translate: Translator = translate_lines) -> list[Triple]:
    """(Spanish, apertium English, human English) triples from line-aligned `X.es`/`X.en` sets."""
    out: list[Triple] = []
    for name in sets:
        es = _read_lines(root / folder / f"{name}.es")
        en = _read_lines(root / folder / f"{name}.en")
        if len(es) != len(en):
            raise InputError(f"{name}.es has {len(es)} lines but {name}.en {len(en)}; the data folder is damaged")
        src, draft = cached_translate(es, ("spa-eng",), cache, name, cfg.chunk_lines, translate)
        out.extend(zip(src, draft, en))
    return out


def variant_triples(triples: Sequence[Triple], cfg: DataSettings, cache: Path, tag: str,
                    translate: Translator = translate_lines) -> list[Triple]:
    """Each triple's source translated again by every `cfg.variant_pairs` pair, where the draft is a new one."""
    seen = [{draft} for _, draft, _ in triples]
    sources = [source for source, _, _ in triples]
    out: list[Triple] = []
    for pair in cfg.variant_pairs:
        _, drafts = cached_translate(sources, (pair,), cache, f"{tag}-source", cfg.chunk_lines, translate)
        for (source, _, target), drafts_so_far, draft in zip(triples, seen, drafts):
            if draft not in drafts_so_far:
                drafts_so_far.add(draft)
                out.append((source, draft, target))
    return out


def round_trip_real_triples(cfg: DataSettings, root: Path, cache: Path, translate: Translator = translate_lines
                            ) -> list[Triple]:
    """(human Spanish, apertium round trip of the human English, human English) for the real and extra sets."""
    sets = [(cfg.real_dir, name) for name in cfg.real_sets] + [spec.partition("/")[::2] for spec in cfg.extra_sets]
    out: list[Triple] = []
    for folder, name in sets:
        es = _read_lines(root / folder / f"{name}.es")
        en = _read_lines(root / folder / f"{name}.en")
        if len(es) != len(en):
            raise InputError(f"{name}.es has {len(es)} lines but {name}.en {len(en)}; the data folder is damaged")
        _, _, round_trip = cached_translate(en, ("eng-spa", "spa-eng"), cache, f"{name}-en", cfg.chunk_lines,
                                            translate)
        out.extend(zip(es, round_trip, en))
    return out


def dev_triples(cfg: DataSettings, root: Path) -> list[Triple]:
    """newstest2012 source, shipped apertium draft and reference, all lines kept."""
    es = _read_lines(root / cfg.real_dir / f"{cfg.dev_set}.es")
    en = _read_lines(root / cfg.real_dir / f"{cfg.dev_set}.en")
    draft = _read_lines(root / cfg.dev_draft)
    if not len(es) == len(en) == len(draft):
        raise InputError(f"dev files differ in length ({len(es)}, {len(draft)}, {len(en)}); the data folder is damaged")
    return list(zip(es, draft, en))


def select(triples: Iterable[Triple], cfg: DataSettings, rng: random.Random, counts: dict[str, int]) -> list[Triple]:
    """Filter triples; keep only a `keep_identical` share of drafts that already equal the target."""
    kept: list[Triple] = []
    for triple in triples:
        if reject_reason(triple, cfg):
            counts["rejected"] += 1
        elif triple[1] == triple[2]:
            if rng.random() < cfg.keep_identical:
                counts["identical_kept"] += 1
                kept.append(triple)
            else:
                counts["identical_dropped"] += 1
        else:
            kept.append(triple)
    return kept


def _counted(variants: list[Triple], counts: dict[str, int]) -> list[Triple]:
    counts["variants"] += len(variants)
    return variants


def build_data(settings: Settings, root: Path, translate: Translator = translate_lines) -> DataStats:
    """Write `train.tsv`, `dev.tsv` and `stats.json` under the run's data folder; return the counts."""
    cfg = settings.data
    if not (root / cfg.real_dir).is_dir():
        raise InputError(f"no {cfg.real_dir}/ under {root}; pass --data pointing at the shared data folder")
    out = settings.data_dir
    cache = out / "cache"
    rng = random.Random(cfg.seed)
    counts = {"rejected": 0, "identical_kept": 0, "identical_dropped": 0, "variants": 0}
    dev = dev_triples(cfg, root)
    dev_targets = {t for _, _, t in dev}
    synth = [t for t in synthetic_triples(cfg, root, cache, translate) if t[2] not in dev_targets]
    synth = select(synth + _counted(variant_triples(synth, cfg, cache, "mono", translate), counts), cfg, rng, counts)
    real_raw = real_triples(cfg, root, cache, cfg.real_sets, cfg.real_dir, translate)
    real_raw = [t for t in real_raw if t[2] not in dev_targets]
    real = select(real_raw + _counted(variant_triples(real_raw, cfg, cache, "real", translate), counts), cfg, rng, counts)
    extra: list[Triple] = []
    for spec in cfg.extra_sets:  # "folder/stem", used once (not upsampled)
        folder, _, stem = spec.partition("/")
        extra += real_triples(cfg, root, cache, [stem], folder, translate)
    extra = [t for t in extra if t[2] not in dev_targets]
    extra = select(extra + _counted(variant_triples(extra, cfg, cache, "extra", translate), counts), cfg, rng, counts)
    round_trips: list[Triple] = []
    if cfg.round_trip_real:
        round_trips = [t for t in round_trip_real_triples(cfg, root, cache, translate) if t[2] not in dev_targets]
        round_trips = select(round_trips, cfg, rng, counts)
    train = synth + real * max(1, cfg.real_upsample) + extra + round_trips
    rng.shuffle(train)
    out.mkdir(parents=True, exist_ok=True)
    write_tsv(out / "train.tsv", train)
    write_tsv(out / "dev.tsv", dev)
    stats = DataStats(synthetic=len(synth), real=len(real), extra=len(extra), real_upsampled=len(real) * max(1, cfg.real_upsample),
                      train=len(train), dev=len(dev), round_trips_real=len(round_trips), **counts)
    _write_atomic(out / "stats.json", json.dumps(asdict(stats), indent=2) + "\n")
    return stats
