"""`mtedit correct`: post-edit a document, an archive or a batch of them; each result gets a JSONL edit log."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtedit.commands.batch import FORMAT_SUFFIX, FileJob, plan
from mtedit.commands.engines import add_config_argument


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


class _Engine:
    """The run's engine, loaded on first need (a run whose segments are all done never loads it) and reused
    for every file of a batch."""

    def __init__(self, config: Any, name: str | None, **overrides: Any) -> None:
        self._config, self._name, self._engine, self._overrides = config, name, None, overrides

    def get(self) -> Any:
        if self._engine is None:
            from mtedit.pipeline import load_engine_by_name

            self._engine = load_engine_by_name(with_overrides(self._config, self._name, self._overrides), self._name)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()


def with_overrides(config: Any, name: str | None, overrides: dict[str, Any]) -> Any:
    """`config` with engine `name`'s settings replaced by the command-line options given (threads, backend)."""
    from dataclasses import replace

    given = {key: value for key, value in overrides.items() if value}
    if not given:
        return config
    cfg = replace(config.engine(name), **given)
    return replace(config, engines={**config.engines, cfg.name: cfg})


@dataclass(frozen=True)
class _FileResult:
    records: list[dict]
    segments: int
    fresh: int
    elapsed: float
    interrupted: bool


def _correct_file(job: FileJob, args: argparse.Namespace, engine: _Engine, glossary: Any,
                  desc: str) -> _FileResult:
    """Post-edit one file: edit log flushed segment by segment, then the document with every finished fix."""
    from tqdm import tqdm

    from mtedit.editlog import EditLogWriter, result_record, riskiest_first, write_edit_log
    from mtedit.io import read_document, write_document
    from mtedit.pipeline import GateOptions, correct, require_inputs

    document = read_document(job.input, source=job.source, fmt=args.input_format)
    segments = document.segments
    with EditLogWriter(job.log, segments, resume=args.resume) as writer:
        todo = [i for i in range(len(segments)) if i not in writer.finished]
        started = time.perf_counter()
        interrupted = False
        if todo:
            model = engine.get()
            require_inputs([segments[i] for i in todo], model)
            gate = GateOptions(enabled=not args.no_gate, margin=args.margin, max_change=args.max_change,
                               reject_new_warnings=args.reject_new_warnings)
            bar = tqdm(total=len(segments), initial=len(segments) - len(todo), unit="seg",
                       disable=args.quiet, file=sys.stderr, desc=desc)
            try:
                results = correct([segments[i] for i in todo], model, glossary=glossary,
                                  batch_size=args.batch_size or model.config.batch_size, gate=gate)
                for position, result in enumerate(results):
                    writer.write([result_record(result, index=todo[position])])
                    bar.update(1)
            except KeyboardInterrupt:
                interrupted = True
            finally:
                bar.close()
        elapsed = time.perf_counter() - started
        records = [writer.finished[i] for i in sorted(writer.finished)]
    finals = [writer.finished[i]["fix"] if i in writer.finished else seg.draft for i, seg in enumerate(segments)]
    write_document(job.output, document, finals, fmt=args.format or document.format)
    if args.sort_risk and not interrupted:
        write_edit_log(job.log, riskiest_first(records))
    return _FileResult(records, len(segments), len(todo), elapsed, interrupted)


def run_correct(args: argparse.Namespace) -> int:
    from mtedit.checks import load_glossary
    from mtedit.config import load_config
    from mtedit.errors import ConfigError, EngineUnavailable, MteditError

    config = load_config(args.config)
    jobs = plan(args.input, output=args.output, log=args.log, source=args.source, out_dir=args.out_dir,
                source_dir=args.source_dir, fmt=args.format or args.input_format)
    glossary_path = args.glossary or config.glossary
    glossary = load_glossary(glossary_path) if glossary_path else None
    engine = _Engine(config, args.engine, threads=args.threads, backend=args.backend)
    batch = len(jobs) > 1 or args.input[0].is_dir()
    failed: list[str] = []
    totals = Counter()
    try:
        for number, job in enumerate(jobs, 1):
            desc = f"[{number}/{len(jobs)}] {job.input.name}" if batch else "correcting"
            try:
                result = _correct_file(job, args, engine, glossary, desc)
            except (ConfigError, EngineUnavailable):
                raise  # the engine cannot run: no file of the batch can
            except MteditError as exc:
                if not batch:
                    raise
                failed.append(str(job.input))
                print(f"mtedit: error: {exc}", file=sys.stderr)
                continue
            if result.interrupted:
                done = len(result.records)
                print(f"mtedit: interrupted after {done}/{result.segments} segments of {job.input};"
                      f" {job.output} has the drafts of the rest. Continue with the same command plus --resume",
                      file=sys.stderr)
                return 130
            totals.update(files=1, segments=result.segments, changed=sum(r["changed"] for r in result.records))
            if not args.quiet:
                if args.show:
                    _show(result.records)
                if batch:
                    print(f"{job.input}: {_summary(result.records, result.elapsed, result.fresh).splitlines()[0]}"
                          f" -> {job.output}", file=sys.stderr)
                else:
                    print(_summary(result.records, result.elapsed, result.fresh), file=sys.stderr)
                    print(f"output: {job.output}\nedit log: {job.log}", file=sys.stderr)
    finally:
        engine.close()
    if batch and not args.quiet:
        print(f"{totals['files']} of {len(jobs)} files done: {totals['segments']} segments, {totals['changed']} changed"
              + (f"; {len(failed)} failed: {', '.join(failed)}" if failed else ""), file=sys.stderr)
    return 2 if failed else 0  # as for one bad input file


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "correct",
        help="propose, check and gate a fix for every sentence of a draft",
        description="Post-edit INPUT (txt draft, jsonl, tsv or xliff; several files or folders make a batch) and write"
                    " the corrected document and a JSONL edit log for each.",
    )
    p.add_argument("input", type=Path, nargs="+",
                   help="the English draft: .txt, .jsonl, .tsv or .xlf/.xliff/.sdlxliff; several files or folders"
                        " (searched recursively) make a batch")
    p.add_argument("--source", type=Path, help="the Spanish source as .txt, paragraph-aligned with a .txt draft")
    p.add_argument("-o", "--output", type=Path, help="corrected document (default ./INPUT_STEM.fixed.EXT)")
    p.add_argument("--log", type=Path, help="JSONL edit log (default OUTPUT_STEM.log.jsonl beside the output)")
    p.add_argument("--out-dir", type=Path,
                   help="batch: where outputs and edit logs go, keeping the paths below each input folder"
                        " (default: the current folder)")
    p.add_argument("--source-dir", type=Path,
                   help="batch: the Spanish .txt of each .txt draft, at the same relative path (default: NAME.es.txt"
                        " beside NAME.en.txt)")
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
    p.add_argument("--threads", type=int,
                   help="CPU threads for the model (default: every core this process may use; give two runs on"
                        " one machine a share each)")
    p.add_argument("--backend", choices=["auto", "transformers", "ctranslate2"],
                   help="seq2seq inference backend (default: the engine's; auto takes ctranslate2 once converted)")
    p.add_argument("--sort-risk", action="store_true", help="write the finished edit log riskiest segment first")
    p.add_argument("--show", action="store_true", help="print every changed sentence as - draft / + fix")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(handler=run_correct)
