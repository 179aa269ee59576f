"""Which process computes a running review job, and whether it still does.

A server (or `mtedit continue`) claims each job it computes with its owner name (host, pid and a token) and
renews a heartbeat every `BEAT_SECONDS`. A running job whose owner stopped beating for `STALE_SECONDS`, or
whose owner process on this host is gone, is an orphan: it counts as interrupted and may be continued. A
live job of another server is left alone.
"""

from __future__ import annotations

import os
import secrets
import socket
import sqlite3
import threading
import time
from collections.abc import Callable

from mtedit.errors import MteditError
from mtedit.store import ReviewStore

BEAT_SECONDS = 10.0
STALE_SECONDS = 60.0
_TOKENS: dict[int, str] = {}


def process_owner() -> str:
    """This process's owner name, `host:pid:token` (the token tells a reused pid apart)."""
    pid = os.getpid()
    token = _TOKENS.setdefault(pid, secrets.token_hex(4))
    return f"{socket.gethostname()}:{pid}:{token}"


def _pid_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


def owner_alive(owner: str | None, heartbeat: float | None, now: float, stale: float = STALE_SECONDS) -> bool:
    """Whether the process `owner` still computes its job: it beat within `stale` seconds and, when it runs on
    this host, its process exists. A job without an owner (an older mtedit's) has no one to ask: False."""
    if owner == process_owner():
        return True  # this process knows it is alive (a job it dropped was marked interrupted then)
    if owner is None or heartbeat is None or now - heartbeat > stale:
        return False
    host, _, rest = owner.partition(":")
    pid = rest.split(":", 1)[0]
    return not (host == socket.gethostname() and pid.isdigit() and _pid_gone(int(pid)))


def interrupt_orphans(store: ReviewStore, *, starting: bool = False, stale: float = STALE_SECONDS,
                      now: Callable[[], float] = time.time) -> list[int]:
    """Mark running jobs whose owner stopped as interrupted; returns their ids. Jobs of a live owner, another
    server's included, stay running. A server `starting` also takes the jobs nobody claimed (an older mtedit's)
    and this process's own (none of them can be computing before its server started)."""
    moment, me = now(), process_owner()
    interrupted = []
    for job_id, owner, beat in store.running_owners():
        if owner is None and not starting:
            continue
        orphan = (starting and owner == me) or not owner_alive(owner, beat, moment, stale)
        if orphan and store.interrupt_if_owned(job_id, owner):
            interrupted.append(job_id)
    return interrupted


def claim(store: ReviewStore, job_id: int) -> None:
    """Record this process as the one computing `job_id`."""
    store.claim_job(job_id, process_owner(), time.time())


def take(store: ReviewStore, job_id: int, old: str = "interrupted") -> bool:
    """Set job `job_id` running under this process if its status is `old`; returns whether it was."""
    return store.take_job(job_id, old, process_owner(), time.time())


class Heartbeat:
    """A daemon thread renewing this process's jobs every `interval` seconds and interrupting orphans of dead
    owners; `stop()` (or leaving the `with` block) ends it."""

    def __init__(self, store: ReviewStore, interval: float = BEAT_SECONDS) -> None:
        self._store, self._interval = store, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mtedit-heartbeat", daemon=True)

    def beat(self) -> None:
        """One beat: renew this process's jobs, then interrupt those whose owner stopped."""
        self._store.beat(process_owner(), time.time())
        interrupt_orphans(self._store)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            if not self._store.path.exists():  # the store was removed: nothing left to keep alive
                return
            try:
                self.beat()
            except (sqlite3.Error, OSError, MteditError):  # a busy or vanished store: try again at the next beat
                continue

    def start(self) -> Heartbeat:
        self.beat()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def __enter__(self) -> Heartbeat:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
