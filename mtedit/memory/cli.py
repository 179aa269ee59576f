"""`mtedit memory import|export|stats` and `mtedit learn`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mtedit.commands.engines import add_config_argument


def _open(args: argparse.Namespace, feed_store: bool = True) -> Any:
    """The memory named by --memory or the config, created when missing, fed from the review store."""
    from mtedit.config import load_config
    from mtedit.memory.db import TranslationMemory
    from mtedit.memory.feed import feed
    from mtedit.memory.settings import memory_settings
    from mtedit.store import ReviewStore

    config = load_config(args.config)
    store = Path(args.store) if args.store else config.store
    memory = TranslationMemory(memory_settings(config, args.memory, store=store).path)
    if feed_store and store.exists() and memory.writable:
        feed(memory, ReviewStore(store))
    return config, memory


def cmd_import(args: argparse.Namespace) -> int:
    from mtedit.memory.transfer import import_tmx

    _, memory = _open(args, feed_store=False)
    done = import_tmx(memory, args.file, args.source_lang, args.target_lang)
    print(f"imported {done.units} units from {args.file} into {memory.path}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from mtedit.memory.transfer import export_tmx

    _, memory = _open(args)
    done = export_tmx(memory, args.output, args.source_lang, args.target_lang)
    left = f"; {done.skipped} draft-only corrections left out (no source)" if done.skipped else ""
    print(f"exported {done.units} units to {args.output}{left}", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    _, memory = _open(args)
    s = memory.stats()
    print(f"{memory.path}: {s.units} units ({s.with_source} with a source, {s.distinct_keys} distinct sentences),"
          f" {s.jobs} reviewed jobs, {s.imported} imported, {s.terms} indexed words, {s.bytes / 1e6:.1f} MB")
    return 0


def cmd_learn(args: argparse.Namespace) -> int:
    from mtedit.memory.learn import LearnOptions, describe, learn

    config, memory = _open(args)
    options = LearnOptions(engine=args.engine, name=args.name, out=args.out, run_dir=args.run_dir,
                           minutes=args.minutes, max_steps=args.max_steps, lr=args.lr, min_pairs=args.min_pairs)
    print(describe(learn(config, memory, options)))
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    add_config_argument(p)
    p.add_argument("--memory", type=Path, metavar="FILE",
                   help="translation memory (default: the config's [memory] path, else beside the review store)")
    p.add_argument("--store", type=Path, help="review store whose decisions feed the memory (default: the config's)")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("memory", help="the translation memory: import, export, stats",
                              description="The translation memory fed by the review store's decisions.")
    sub = p.add_subparsers(dest="memory_command", metavar="ACTION", required=True)
    i = sub.add_parser("import", help="add the units of a TMX 1.4 file")
    i.add_argument("file", type=Path, help="TMX file (DOCTYPE/ENTITY declarations are refused)")
    e = sub.add_parser("export", help="write the memory as TMX 1.4")
    e.add_argument("-o", "--output", type=Path, required=True, help="TMX file to write")
    s = sub.add_parser("stats", help="what the memory holds")
    for q, handler in ((i, cmd_import), (e, cmd_export), (s, cmd_stats)):
        _common(q)
        if q is not s:
            q.add_argument("--source-lang", default="es", help="source language code (default es)")
            q.add_argument("--target-lang", default="en", help="target language code (default en)")
        q.set_defaults(handler=handler)

    learn = subparsers.add_parser(
        "learn", help="fine-tune an engine's model on the memory's decisions",
        description="Fine-tune the model of an ape or refine engine on the translation memory's decisions (bounded"
                    " in time), write a new model folder and add its engine to the config.")
    _common(learn)
    learn.add_argument("--engine", help="engine to start from (default: the config's default)")
    learn.add_argument("--name", help="name of the new engine (default: ENGINE-learned)")
    learn.add_argument("--out", type=Path, help="model folder to write (default: beside the engine's model)")
    learn.add_argument("--run-dir", type=Path, help="training run folder (default: runs/learn-NAME)")
    learn.add_argument("--minutes", type=float, default=20.0, help="training time limit (default 20)")
    learn.add_argument("--max-steps", type=int, default=0, help="also stop after this many steps (default: no limit)")
    learn.add_argument("--lr", type=float, default=1e-4, help="learning rate (default 1e-4)")
    learn.add_argument("--min-pairs", type=int, default=100, help="refuse with fewer decisions than this (default 100)")
    learn.set_defaults(handler=cmd_learn)
