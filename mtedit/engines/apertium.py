"""Debian's apertium: whole batches through one process, never a process per sentence."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence

from mtedit.errors import EngineUnavailable

INSTALL_HINT = "install it with: sudo apt-get install -y apertium apertium-eng-spa"


def apertium_binary() -> str:
    """Path of the `apertium` executable, or EngineUnavailable saying how to install it."""
    path = shutil.which("apertium")
    if not path:
        raise EngineUnavailable(f"apertium is not installed; {INSTALL_HINT}")
    return path


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _run(lines: Sequence[str], pair: str, timeout: float) -> list[str]:
    payload = "\n".join(_one_line(line) for line in lines) + "\n"
    try:
        done = subprocess.run(
            [apertium_binary(), "-u", pair],
            input=payload,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise EngineUnavailable(f"apertium {pair} did not answer within {timeout:.0f} s; try a smaller batch") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise EngineUnavailable(f"apertium {pair} failed ({detail[0]}); check that the pair is installed: {INSTALL_HINT}")
    out = done.stdout.split("\n")
    if out and out[-1] == "":
        out.pop()
    return out


def translate_lines(lines: Sequence[str], pair: str = "spa-eng", timeout: float = 600.0) -> list[str]:
    """Translate `lines` with one apertium process; output is line-aligned with input.

    Newlines inside an item are folded to spaces. If apertium ever returns a different number of
    lines, the batch is split in halves until each half aligns, so a mismatch is never silent.
    """
    if not lines:
        return []
    out = _run(lines, pair, timeout)
    if len(out) == len(lines):
        return [line.strip() for line in out]
    if len(lines) == 1:
        return [" ".join(line.strip() for line in out).strip()]
    half = len(lines) // 2
    return translate_lines(lines[:half], pair, timeout) + translate_lines(lines[half:], pair, timeout)
