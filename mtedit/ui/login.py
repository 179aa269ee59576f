"""The page's login check, slowed after a wrong password so guessing takes hours instead of seconds.

Gradio awaits an async check on its event loop: a wrong guess sleeps there (never blocking the loop) while
holding one lock, so wrong guesses from all clients together pass at most one per `delay` seconds; a right
password never waits on that lock.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable

FAILED_LOGIN_DELAY = 1.0  # seconds each wrong guess costs


def slow_login(user: str, password: str, delay: float | None = None) -> Callable[[str, str], Awaitable[bool]]:
    """An async `auth(username, password)` for Gradio: constant-time comparison, a wrong guess waits `delay`
    seconds (default `FAILED_LOGIN_DELAY`)."""
    wait = FAILED_LOGIN_DELAY if delay is None else delay
    expected = (user.encode("utf-8"), password.encode("utf-8"))
    lock: asyncio.Lock | None = None

    async def check(username: str, given: str) -> bool:
        nonlocal lock
        ok_user = hmac.compare_digest(str(username).encode("utf-8"), expected[0])
        ok_password = hmac.compare_digest(str(given).encode("utf-8"), expected[1])
        if ok_user and ok_password:
            return True
        if lock is None:
            lock = asyncio.Lock()
        async with lock:
            await asyncio.sleep(wait)
        return False

    return check
