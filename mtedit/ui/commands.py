"""`mtedit serve`, `jobs`, `continue` and `export`: the review page and its store from the command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mtedit.errors import InputError

EXPORT_FORMATS = ("txt", "jsonl", "xliff", "tmx")


def _store(args: argparse.Namespace):  # -> ReviewStore (imported lazily)
    from mtedit.config import load_config
    from mtedit.store import ReviewStore

    path = args.store or load_config(getattr(args, "config", None)).store
    return ReviewStore(path)


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """`USER:PASSWORD` -> (user, password); InputError when either side is empty."""
    if value is None:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise InputError("--auth needs USER:PASSWORD, both non-empty")
    return user, password


def run_serve(args: argparse.Namespace) -> int:
    from mtedit.config import load_config
    from mtedit.store import ReviewStore
    from mtedit.ui.app import launch

    auth = parse_auth(args.auth or os.environ.get("MTEDIT_AUTH"))
    if auth is None and args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"mtedit: warning: serving on {args.host} without --auth: anyone who can reach it can edit", file=sys.stderr)
    config = load_config(args.config)
    store = ReviewStore(args.store or config.store)
    print(f"review store: {store.path}; serving on http://{args.host}:{args.port}", file=sys.stderr)
    launch(config, store, host=args.host, port=args.port, auth=auth)
    return 0


def run_jobs(args: argparse.Namespace) -> int:
    from mtedit.ui.render import job_label

    store = _store(args)
    jobs = store.list_jobs()
    if not jobs:
        print(f"no jobs in {store.path}", file=sys.stderr)
    for job in jobs:
        print(job_label(job))
    return 0


def run_continue(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from mtedit.config import load_config
    from mtedit.store import ReviewStore
    from mtedit.ui.live import continue_job

    config = load_config(args.config)
    store = ReviewStore(args.store or config.store)
    info = store.job_info(args.job)
    bar = tqdm(total=info.total, initial=info.stored, desc=f"job {args.job}", unit="sentence", disable=None)

    def progress(done: int, total: int) -> None:
        bar.update(done - bar.n)

    try:
        for _ in continue_job(store, config, args.job, progress):
            pass
    finally:
        bar.close()
    info = store.job_info(args.job)
    print(f"job {args.job}: {info.status}, {info.stored} of {info.total} sentences; review it with `mtedit serve`",
          file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from mtedit.export import export_job

    path = export_job(_store(args), args.job, args.format, args.output, with_flagged=args.with_flagged)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, help="engines config (TOML); default configs/mtedit.toml or $MTEDIT_CONFIG")
    p.add_argument("--store", type=Path, help="review store (SQLite); default: `store` in the config")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="start the review web page (binds 127.0.0.1 unless --host says otherwise)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    p.add_argument("--auth", metavar="USER:PASSWORD", help="require this login on the page (or set MTEDIT_AUTH, which stays out of the process list)")
    _common(p)
    p.set_defaults(handler=run_serve)
    p = subparsers.add_parser("jobs", help="list the review jobs in the store")
    _common(p)
    p.set_defaults(handler=run_jobs)
    p = subparsers.add_parser("continue", help="compute the rest of an interrupted review job (decisions made are kept)")
    p.add_argument("job", type=int, help="job number (see `mtedit jobs`)")
    _common(p)
    p.set_defaults(handler=run_continue)
    p = subparsers.add_parser("export", help="export a reviewed job: final text, JSONL edit log, XLIFF or TMX")
    p.add_argument("job", type=int, help="job number (see `mtedit jobs`)")
    p.add_argument("--format", "-f", choices=EXPORT_FORMATS, default="txt", help="what to write (default txt)")
    p.add_argument("-o", "--output", type=Path, required=True, help="output file, or a folder for the default name")
    p.add_argument("--with-flagged", action="store_true",
                   help="tmx: also pairs whose text still has an error flag (left out by default)")
    _common(p)
    p.set_defaults(handler=run_export)
