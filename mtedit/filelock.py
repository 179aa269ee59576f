"""Exclusive locks on the files a run writes, so two runs never write one output or edit log at once.

The lock is an advisory `flock` on `.NAME.lock` beside the file (the file itself is replaced atomically,
so its own inode cannot carry a lock); the lock file holds the owner's pid for the refusal message and
is removed on release. The kernel drops the lock when a process dies, so a killed run blocks nothing.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from mtedit.errors import BusyError, OutputError


def lock_path(path: Path) -> Path:
    """Where the lock of `path` lives: `.NAME.lock` in the same folder."""
    return path.with_name(f".{path.name}.lock")


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
    except OSError:
        return "unknown"


def _open_locked(path: Path) -> int:
    lock = lock_path(path)
    while True:
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"{path}: cannot create its lock file {lock} ({exc.strerror}); "
                              "check the folder's permissions") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise BusyError(f"{path} is being written by another mtedit run (pid {holder}); wait for it to finish "
                            "or write to another file") from None
        try:
            current = os.stat(lock).st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(fd).st_ino:  # else the holder released and removed it meanwhile: lock the new one
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            return fd
        os.close(fd)


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the lock of `path` (BusyError naming the holder's pid when another process has it)."""
    path = Path(path)
    fd = _open_locked(path)
    try:
        yield
    finally:
        lock_path(path).unlink(missing_ok=True)
        os.close(fd)


@contextmanager
def exclusive_all(paths: Sequence[Path]) -> Iterator[None]:
    """Hold the locks of every path (in the order given), or none of them."""
    with ExitStack() as stack:
        for path in paths:
            stack.enter_context(exclusive(path))
        yield
