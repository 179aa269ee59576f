"""`mtedit correct`: post-edit a document, an archive or a batch of them; each result gets a JSONL edit log."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any

from mtedit.commands.batch import FORMAT_SUFFIX, plan
from mtedit.commands.engines import add_config_argument
from mtedit.executors.settings import add_executor_arguments
from mtedit.terminal import terminal_safe
from mtedit.validate import arg_batch_size, arg_margin, arg_max_change


def _summary(records: list[dict], elapsed: float, fresh: int) -> str:
    changed = sum(1 for r in records if r["changed"])
    reasons = Counter(r["reason"].split(":")[0] for r in records if not r["changed"])
    kept = ", ".join(f"{k} {v}" for k, v in reasons.most_common())
    flags = Counter(f"{f['severity']}:{f['kind']}" for r in records for f in r["flags"] if f["side"] == "draft" or r["changed"])
    rate = f"{fresh / elapsed:.1f} segments/s" if elapsed > 0 and fresh else "nothing new to compute"
    risky = [r for r in sorted(records, key=lambda r: -r["risk"])[:3] if r["risk"] >= 0.5]
    repaired = sum(1 for r in records if r["changed"] and r["reason"].startswith("repair:"))
    by_repair = f" ({repaired} by repairs alone)" if repaired else ""
    lines = [f"{len(records)} segments: {changed} changed{by_repair}, {len(records) - changed} kept ({kept or 'none'}); {rate}"]
    if flags:
        lines.append("flags: " + ", ".join(f"{k} {v}" for k, v in sorted(flags.items())))
    lines += [f"check first (risk {r['risk']:.2f}) [{r['id']}] {r['fix'][:80]}" for r in risky]
    memory = Counter(r["memory"]["kind"] for r in records if r.get("memory"))
    if memory:
        lines.append(f"memory: {memory['exact']} exact (taken), {memory['fuzzy']} fuzzy (suggested in the edit log)")
    return terminal_safe("\n".join(lines))


def _show(records: list[dict]) -> None:
    for r in records:
        if r["changed"]:
            line = f"[{r['id']}] - {r['draft']}\n{' ' * (len(r['id']) + 3)}+ {r['fix']}"
            print(terminal_safe(line), file=sys.stderr)
            for repair in r.get("repairs", ()):
                line = (f"{' ' * (len(r['id']) + 5)}repair {repair['kind']}: {repair['before']!r} -> {repair['after']!r}"
                        f" ({repair['message']})")
                print(terminal_safe(line), file=sys.stderr)


def _stage(segments: Any, engine: Any, *, glossary: Any, gate: Any, batch_size: int | None, repair: Any) -> Any:
    """What `mtedit correct` computes for a list of segments, whichever executor runs it (module level, so a
    Ray actor can unpickle it)."""
    from mtedit.pipeline import correct

    return correct(segments, engine, glossary=glossary, batch_size=batch_size or engine.config.batch_size, gate=gate,
                   repair=repair)


def with_overrides(config: Any, name: str | None, overrides: dict[str, Any]) -> Any:
    """`config` with engine `name`'s settings replaced by the command-line options given (threads, backend)."""
    from dataclasses import replace

    given = {key: value for key, value in overrides.items() if value}
    if not given:
        return config
    cfg = replace(config.engine(name), **given)
    return replace(config, engines={**config.engines, cfg.name: cfg})


def _open_memory(args: argparse.Namespace, config: Any) -> Any:
    """The translation memory for this run (fed from the config's review store), or None."""
    from mtedit.memory.settings import memory_settings
    from mtedit.memory.stage import open_lookup

    settings = memory_settings(config, args.memory, enabled=not args.no_memory, threshold=args.memory_threshold)
    memory, warning = open_lookup(settings, config.store)
    if warning and not args.quiet:
        print(f"mtedit: warning: {warning}", file=sys.stderr)
    return memory


def run_correct(args: argparse.Namespace) -> int:
    from mtedit.checks import load_glossary
    from mtedit.commands.outputs import check_run_paths
    from mtedit.config import load_config
    from mtedit.executors import MemoryStep
    from mtedit.executors.inprocess import FileChecks, run_in_process
    from mtedit.executors.settings import executor_settings
    from mtedit.filelock import exclusive_all
    from mtedit.pipeline import GateOptions, load_engine_by_name
    from mtedit.repair import repair_settings

    config = load_config(args.config)
    jobs = plan(args.input, output=args.output, log=args.log, source=args.source, out_dir=args.out_dir,
                source_dir=args.source_dir, fmt=args.format or args.input_format)
    glossary_path = args.glossary or config.glossary
    glossary = load_glossary(glossary_path) if glossary_path else None
    check_run_paths(jobs, also_read=(glossary_path, config.path))
    config.engine(args.engine)  # an unknown engine name stops the run before anything is written
    config = with_overrides(config, args.engine, {"threads": args.threads, "backend": args.backend})
    gate = GateOptions(enabled=not args.no_gate, margin=args.margin, max_change=args.max_change,
                       reject_new_warnings=args.reject_new_warnings)
    stage = partial(_stage, glossary=glossary, gate=gate, batch_size=args.batch_size,
                    repair=repair_settings(config, args.no_repair))
    load = partial(load_engine_by_name, config, args.engine)
    batch = len(jobs) > 1 or args.input[0].is_dir()
    settings = executor_settings(config, args)
    memory = _open_memory(args, config)
    locks = ExitStack()  # Ray: every output and log of the run locked in this process (in-process: file by file)
    if settings.kind == "ray":
        from mtedit.executors.raydata import run_on_ray

        locks.enter_context(exclusive_all([path for job in jobs for path in (job.output, job.log)]))
        outcomes = run_on_ray(jobs, args, config.engine(args.engine), load, stage, settings.ray,
                              memory=MemoryStep(memory, glossary) if memory is not None else None)
    else:
        checks = FileChecks(signature=partial(_signature, gate=gate),
                            refuse_if_huge=None if args.yes else partial(_refuse_if_huge, config.engine(args.engine)))
        outcomes = run_in_process(jobs, args, load, stage, batch, checks=checks,
                                  memory=MemoryStep(memory, glossary) if memory is not None else None)
    failed: list[str] = []
    totals = Counter()
    try:
        for outcome in outcomes:
            job, result = outcome.job, outcome.result
            if outcome.error is not None:
                if not batch:
                    raise outcome.error
                failed.append(str(job.input))
                print(terminal_safe(f"mtedit: error: {outcome.error}", one_line=True), file=sys.stderr)
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
        outcomes.close()
        locks.close()
    if batch and not args.quiet:
        print(f"{totals['files']} of {len(jobs)} files done: {totals['segments']} segments, {totals['changed']} changed"
              + (f"; {len(failed)} failed: {', '.join(failed)}" if failed else ""), file=sys.stderr)
    return 2 if failed else 0  # as for one bad input file


def _refuse_if_huge(engine_config: Any, job: Any, segments: list[Any]) -> None:
    from mtedit.errors import InputError
    from mtedit.sizing import estimate

    size = estimate(segments, engine_config)
    if size.needs_confirmation:
        raise InputError(f"{job.input}: {size.describe()}; pass --yes to go on (Ctrl-C and --resume lose nothing),"
                         " or split it")


def _signature(engine: Any, *, gate: Any) -> str:
    from mtedit.pipeline import run_signature

    return run_signature(engine, gate)


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
    p.add_argument("--margin", type=arg_margin, help="gate margin in mean log-prob (default: the engine's)")
    p.add_argument("--max-change", type=arg_max_change,
                   help="gate: keep the draft when a fix rewrites more than this share of it (TER draft->fix)")
    p.add_argument("--reject-new-warnings", action=argparse.BooleanOptionalAction, default=None,
                   help="gate: keep the draft when a fix brings a warning kind the draft lacks (default: the engine's)")
    p.add_argument("--no-gate", action="store_true", help="take every fix (to measure what the gate saves)")
    p.add_argument("--batch-size", type=arg_batch_size, help="segments per model batch (default: the engine's)")
    p.add_argument("-y", "--yes", action="store_true",
                   help="compute a very large story without asking (by default one estimated over 15 min is refused)")
    p.add_argument("--memory", type=Path, metavar="FILE",
                   help="translation memory (default: the config's [memory] path, else mtedit-memory.sqlite beside"
                        " the review store)")
    p.add_argument("--no-memory", action="store_true", help="do not look sentences up in the translation memory")
    p.add_argument("--memory-threshold", type=float, metavar="PCT",
                   help="fuzzy-match similarity in percent (default: the config's, else 75)")
    p.add_argument("--no-repair", action="store_true",
                   help="no repairs of flagged spans from the source (to measure them); default: the config's [repair]")
    p.add_argument("--threads", type=int,
                   help="CPU threads for the model (default: every core this process may use; give two runs on"
                        " one machine a share each)")
    p.add_argument("--backend", choices=["auto", "transformers", "ctranslate2"],
                   help="seq2seq inference backend (default: the engine's; auto takes ctranslate2 once converted)")
    p.add_argument("--sort-risk", action="store_true", help="write the finished edit log riskiest segment first")
    p.add_argument("--show", action="store_true", help="print every changed sentence as - draft / + fix")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    add_executor_arguments(p)
    p.set_defaults(handler=run_correct)
