"""`mtedit serve`, `jobs`, `continue` and `export`: the review page and its store from the command line."""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from pathlib import Path

from mtedit.errors import BusyError, InputError, StoreError
from mtedit.validate import arg_job, arg_port

EXPORT_FORMATS = ("txt", "jsonl", "xliff", "tmx")


def _store(args: argparse.Namespace, config=None):  # -> ReviewStore (imported lazily)
    from mtedit.config import load_config
    from mtedit.store import ReviewStore

    if args.store is not None:
        check_store_path(args.store, create=getattr(args, "new_store", False))
    path = args.store or (config or load_config(getattr(args, "config", None))).store
    return ReviewStore(path)


def check_store_path(path: Path, *, create: bool) -> None:
    """StoreError for a --store that is a folder, or that does not exist and is not to be created: a mistyped
    path would otherwise start an empty store and hide every job."""
    if path.is_dir():
        raise StoreError(f"review store {path} is a folder; give the store's file (e.g. {path / 'review.sqlite'})")
    if not path.exists() and not create:
        raise StoreError(f"review store {path} does not exist; check the path, or create it with "
                         f"`mtedit serve --store {path} --new-store`")


def check_port_free(host: str, port: int) -> None:
    """BusyError when `host:port` cannot be bound (another server on it), before the page is built."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise InputError(f"cannot serve on {host}:{port} ({exc.strerror}); check --host") from None
            raise BusyError(f"cannot serve on {host}:{port} ({exc.strerror}; is another `mtedit serve` running?);"
                            " stop it or pass another --port") from None


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

    auth = parse_auth(args.auth or os.environ.get("MTEDIT_AUTH"))
    if auth is None and args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"mtedit: warning: serving on {args.host} without --auth: anyone who can reach it can edit", file=sys.stderr)
    config = load_config(args.config)
    store = _store(args, config)
    check_port_free(args.host, args.port)
    from mtedit.ui.app import launch  # gradio loads in seconds: only once the refusals above are passed
    print(f"review store: {store.path}; serving on http://{args.host}:{args.port}", file=sys.stderr)
    try:
        launch(config, store, host=args.host, port=args.port, auth=auth)
    except OSError as exc:  # the port was taken between the check and the start
        raise BusyError(f"cannot serve on {args.host}:{args.port} ({exc}); pass another --port") from None
    return 0


def run_jobs(args: argparse.Namespace) -> int:
    from mtedit.heartbeat import interrupt_orphans
    from mtedit.terminal import terminal_safe
    from mtedit.ui.render import job_label

    store = _store(args)
    interrupt_orphans(store)  # a job whose server stopped is listed as interrupted, ready for `mtedit continue`
    jobs = store.list_jobs()
    if not jobs:
        print(f"no jobs in {store.path}", file=sys.stderr)
    for job in jobs:
        print(terminal_safe(job_label(job), one_line=True))
    return 0


def run_continue(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from mtedit.config import load_config
    from mtedit.heartbeat import Heartbeat
    from mtedit.ui.live import continue_job

    config = load_config(args.config)
    store = _store(args, config)
    info = store.job_info(args.job)
    bar = tqdm(total=info.total, initial=info.stored, desc=f"job {args.job}", unit="sentence", disable=None)

    def progress(done: int, total: int) -> None:
        bar.update(done - bar.n)

    try:
        with Heartbeat(store):  # a server on the same store leaves the job alone while this runs
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
    p.add_argument("--port", type=arg_port, default=7860, help="port (default 7860)")
    p.add_argument("--new-store", action="store_true", help="create the --store file when it does not exist yet")
    p.add_argument("--auth", metavar="USER:PASSWORD", help="require this login on the page (or set MTEDIT_AUTH, which stays out of the process list)")
    _common(p)
    p.set_defaults(handler=run_serve)
    p = subparsers.add_parser("jobs", help="list the review jobs in the store")
    _common(p)
    p.set_defaults(handler=run_jobs)
    p = subparsers.add_parser("continue", help="compute the rest of an interrupted review job (decisions made are kept)")
    p.add_argument("job", type=arg_job, help="job number (see `mtedit jobs`)")
    _common(p)
    p.set_defaults(handler=run_continue)
    p = subparsers.add_parser("export", help="export a reviewed job: final text, JSONL edit log, XLIFF or TMX")
    p.add_argument("job", type=arg_job, help="job number (see `mtedit jobs`)")
    p.add_argument("--format", "-f", choices=EXPORT_FORMATS, default="txt", help="what to write (default txt)")
    p.add_argument("-o", "--output", type=Path, required=True, help="output file, or a folder for the default name")
    p.add_argument("--with-flagged", action="store_true",
                   help="tmx: also pairs whose text still has an error flag (left out by default)")
    _common(p)
    p.set_defaults(handler=run_export)
