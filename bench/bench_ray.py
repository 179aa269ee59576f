"""Throughput of `mtedit correct --ray` with 1 and 2 actors against the in-process run, and the Ray path's
overhead per segment, measured in one run (each configuration as its own process).

    python bench/bench_ray.py --engine ape --n 200 [--config configs/mtedit.toml] [--data ../shared/data]

Runs (wall time of the whole command: model loads, Ray start and actor start included):
  in-process        `mtedit correct` (torch's default threads)
  ray 1x2cpu        `--ray --actors 1 --actor-cpus 2` (one actor with as many threads as in-process)
  ray 2x1cpu        `--ray --actors 2 --actor-cpus 1` (two actors, one thread each)
The in-process and 1-actor runs also run on the first half of the segments; a line through the two sizes
splits each into a fixed cost (start, model load) and a cost per segment, so the Ray path's overhead per
segment is the difference of the two slopes. Outputs are compared: the Ray runs must equal in-process.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_correct import HERE, make_input, measure  # noqa: E402

RUNS = {"in-process": [], "ray 1x2cpu": ["--ray", "--actors", "1", "--actor-cpus", "2"],
        "ray 2x1cpu": ["--ray", "--actors", "2", "--actor-cpus", "1"]}


def _half(path: Path, folder: Path) -> Path:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    half = folder / "half.jsonl"
    half.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    return half


def _slope(small: tuple[int, float], large: tuple[int, float]) -> tuple[float, float]:
    """(fixed seconds, seconds per segment) of the line through two (segments, seconds) points."""
    per_segment = (large[1] - small[1]) / (large[0] - small[0])
    return small[1] - per_segment * small[0], per_segment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True, help="an engine from the config")
    parser.add_argument("--config", default="", help="engines config (default: the project's)")
    parser.add_argument("--n", type=int, default=200, help="segments")
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--input", type=Path, help="a JSONL file instead of the dev set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        full = args.input or make_input(args.data, args.n, folder)
        half = _half(full, folder)
        sizes = {path: sum(1 for _ in path.open(encoding="utf-8")) for path in (half, full)}
        config = ["--config", args.config] if args.config else []
        times: dict[tuple[str, Path], float] = {}
        for path in (half, full):
            for name, extra in RUNS.items():
                if path is half and name == "ray 2x1cpu":
                    continue
                out = folder / f"{name.replace(' ', '-')}-{path.stem}.jsonl"
                command = [sys.executable, "-m", "mtedit.cli", "correct", str(path), "--engine", args.engine, "-q",
                           "-o", str(out), *config, *extra]
                times[(name, path)] = measure(command)[0]
                if name != "in-process":
                    reference = folder / f"in-process-{path.stem}.jsonl"
                    same = filecmp.cmp(out, reference, shallow=False) and filecmp.cmp(
                        out.with_name(out.stem + ".log.jsonl"), reference.with_name(reference.stem + ".log.jsonl"),
                        shallow=False)
                    print(f"{name} on {sizes[path]} segments: output {'identical' if same else 'DIFFERENT'}")
    n = sizes[full]
    base = times[("in-process", full)]
    print(f"\n{n} segments, engine {args.engine}, {os.cpu_count()} CPUs (shared machine: compare ratios, not seconds)")
    print(f"{'run':12} {'seconds':>8} {'seg/s':>7} {'speed x':>8}")
    for name in RUNS:
        wall = times[(name, full)]
        print(f"{name:12} {wall:8.1f} {n / wall:7.2f} {base / wall:8.2f}")
    fits = {name: _slope((sizes[half], times[(name, half)]), (n, times[(name, full)]))
            for name in ("in-process", "ray 1x2cpu")}
    for name, (fixed, per) in fits.items():
        print(f"{name:12} fixed {fixed:6.1f} s, {per * 1000:7.1f} ms/segment")
    print(f"Ray path: {fits['ray 1x2cpu'][0] - fits['in-process'][0]:+.1f} s fixed (Ray and actor start),"
          f" {(fits['ray 1x2cpu'][1] - fits['in-process'][1]) * 1000:+.1f} ms per segment")


if __name__ == "__main__":
    main()
