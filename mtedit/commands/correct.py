"""`mtedit correct`: post-edit a document or archive file, writing the result and a JSONL edit log."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from mtedit.commands.engines import add_config_argument

FORMAT_SUFFIX = {"txt": ".txt", "jsonl": ".jsonl", "tsv": ".tsv", "xliff": ".xlf"}


def default_output(input_path: Path, fmt: str) -> Path:
    """`story.en.txt` -> `./story.en.fixed.txt` (in the current folder, never beside a read-only archive); an
    XLIFF written in its own format keeps its suffix (`.sdlxliff` stays `.sdlxliff` for the tool that made it)."""
    suffix = FORMAT_SUFFIX[fmt]
    if fmt == "xliff" and input_path.suffix.lower() in (".xliff", ".sdlxliff"):
        suffix = input_path.suffix
    return Path.cwd() / f"{input_path.stem}.fixed{suffix}"


def log_path_for(output: Path) -> Path:
    return output.with_name(output.stem + ".log.jsonl")


def _summary(records: list[dict], elapsed: float, fresh: int) -> str:
    changed = sum(1 for r in records if r["changed"])
    reasons = Counter(r["reason"].split(":")[0] for r in records if not r["changed"])
    kept = ", ".join(f"{k} {v}" for k, v in reasons.most_common())
    flags = Counter(f"{f['severity']}:{f['kind']}" for r in records for f in r["flags"] if f["side"] == "draft" or r["changed"])
    rate = f"{fresh / elapsed:.1f} segments/s" if elapsed > 0 and fresh else "nothing new to compute"
    risky = [r for r in sorted(records, key=lambda r: -r["risk"])[:3] if r["risk"] >= 0.5]
    lines = [f"{len(records)} segments: {changed} changed, {len(records) - changed} kept ({kept or 'none'}); {rate}"]
    if flags:
        lines.append("flags: " + ", ".join(f"{k} {v}" for k, v in sorted(flags.items())))
    lines += [f"check first (risk {r['risk']:.2f}) [{r['id']}] {r['fix'][:80]}" for r in risky]
    return "\n".join(lines)


def _show(records: list[dict]) -> None:
    for r in records:
        if r["changed"]:
            print(f"[{r['id']}] - {r['draft']}\n{' ' * (len(r['id']) + 3)}+ {r['fix']}", file=sys.stderr)


def run_correct(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from mtedit.checks import load_glossary
    from mtedit.config import load_config
    from mtedit.editlog import EditLogWriter, result_record, riskiest_first, write_edit_log
    from mtedit.io import read_document, write_document
    from mtedit.pipeline import GateOptions, correct, load_engine_by_name, require_inputs

    config = load_config(args.config)
    document = read_document(args.input, source=args.source, fmt=args.input_format)
    fmt = args.format or document.format
    output = args.output or default_output(args.input, fmt)
    log = args.log or log_path_for(output)
    glossary_path = args.glossary or config.glossary
    glossary = load_glossary(glossary_path) if glossary_path else None
    segments = document.segments

    with EditLogWriter(log, segments, resume=args.resume) as writer:
        todo = [i for i in range(len(segments)) if i not in writer.finished]
        started = time.perf_counter()
        interrupted = False
        if todo:
            engine = load_engine_by_name(config, args.engine)
            require_inputs([segments[i] for i in todo], engine)
            batch_size = args.batch_size or engine.config.batch_size
            gate = GateOptions(enabled=not args.no_gate, margin=args.margin, max_change=args.max_change,
                               reject_new_warnings=args.reject_new_warnings)
            bar = tqdm(total=len(segments), initial=len(segments) - len(todo), unit="seg",
                       disable=args.quiet, file=sys.stderr, desc="correcting")
            try:
                results = correct([segments[i] for i in todo], engine, glossary=glossary,
                                  batch_size=batch_size, gate=gate)
                for position, result in enumerate(results):
                    writer.write([result_record(result, index=todo[position])])
                    bar.update(1)
            except KeyboardInterrupt:
                interrupted = True
            finally:
                bar.close()
                engine.close()
        elapsed = time.perf_counter() - started
        records = [writer.finished[i] for i in sorted(writer.finished)]

    finals = [writer.finished[i]["fix"] if i in writer.finished else seg.draft for i, seg in enumerate(segments)]
    write_document(output, document, finals, fmt=fmt)
    if interrupted:
        print(f"mtedit: interrupted after {len(records)}/{len(segments)} segments; {output} has the drafts of the rest."
              f" Continue with the same command plus --resume", file=sys.stderr)
        return 130
    if args.sort_risk:
        write_edit_log(log, riskiest_first(records))
    if not args.quiet:
        if args.show:
            _show(records)
        print(_summary(records, elapsed, len(todo)), file=sys.stderr)
        print(f"output: {output}\nedit log: {log}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "correct",
        help="propose, check and gate a fix for every sentence of a draft",
        description="Post-edit INPUT (txt draft, jsonl, tsv or xliff) and write the corrected document and a JSONL edit log.",
    )
    p.add_argument("input", type=Path, help="the English draft: .txt, .jsonl, .tsv or .xlf/.xliff/.sdlxliff")
    p.add_argument("--source", type=Path, help="the Spanish source as .txt, paragraph-aligned with a .txt draft")
    p.add_argument("-o", "--output", type=Path, help="corrected document (default ./INPUT_STEM.fixed.EXT)")
    p.add_argument("--log", type=Path, help="JSONL edit log (default OUTPUT_STEM.log.jsonl beside the output)")
    p.add_argument("--engine", help="engine name from the config (see `mtedit engines`)")
    add_config_argument(p)
    p.add_argument("--input-format", choices=sorted(FORMAT_SUFFIX), help="override the format guessed from INPUT's suffix")
    p.add_argument("--format", choices=sorted(FORMAT_SUFFIX), help="output format (default: the input's)")
    p.add_argument("--glossary", type=Path, help="desk glossary (TSV or TOML); default: the config's")
    p.add_argument("--resume", action="store_true", help="keep finished segments of an interrupted run's edit log")
    p.add_argument("--margin", type=float, help="gate margin in mean log-prob (default: the engine's)")
    p.add_argument("--max-change", type=float,
                   help="gate: keep the draft when a fix rewrites more than this share of it (TER draft->fix)")
    p.add_argument("--reject-new-warnings", action=argparse.BooleanOptionalAction, default=None,
                   help="gate: keep the draft when a fix brings a warning kind the draft lacks (default: the engine's)")
    p.add_argument("--no-gate", action="store_true", help="take every fix (to measure what the gate saves)")
    p.add_argument("--batch-size", type=int, help="segments per model batch (default: the engine's)")
    p.add_argument("--sort-risk", action="store_true", help="write the finished edit log riskiest segment first")
    p.add_argument("--show", action="store_true", help="print every changed sentence as - draft / + fix")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(handler=run_correct)
