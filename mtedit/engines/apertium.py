"""Debian's apertium: whole batches through one process, never a process per sentence."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence

from mtedit.config import EngineConfig
from mtedit.engines.base import make_signature
from mtedit.errors import EngineUnavailable, InputError
from mtedit.types import Proposal, Segment

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


def installed_pairs(timeout: float = 30.0) -> list[str]:
    """Language pairs `apertium -l` lists (EngineUnavailable when apertium is missing or broken)."""
    try:
        done = subprocess.run([apertium_binary(), "-l"], capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineUnavailable(f"apertium -l failed ({type(exc).__name__}); {INSTALL_HINT}") from None
    return done.stdout.split()


class ApertiumEngine:
    """Re-translates each segment's source with one apertium process per batch; cannot score."""

    kind = "apertium"

    def __init__(self, config: EngineConfig) -> None:
        if config.mode != "translate":
            raise EngineUnavailable(
                f'engine {config.name}: apertium only translates the source; set mode = "translate" in the config'
            )
        self.config = config

    @property
    def signature(self) -> str:
        cfg = self.config
        return make_signature([("engine", cfg.name), ("kind", self.kind), ("pair", cfg.pair), ("mode", cfg.mode)])

    @property
    def can_score(self) -> bool:
        return False

    def propose(self, segments: Sequence[Segment]) -> list[Proposal]:
        missing = [seg.id for seg in segments if not seg.source]
        if missing:
            raise InputError(
                f"apertium engine {self.config.name} re-translates the source, but segment(s) {', '.join(missing[:5])} "
                "have none; pass --source or pick a refine engine"
            )
        lines = translate_lines([seg.source or "" for seg in segments], self.config.pair)
        return [Proposal(text=line) for line in lines]

    def score(self, segments: Sequence[Segment], hypotheses: Sequence[str]) -> list[float]:
        raise EngineUnavailable(f"engine {self.config.name} (apertium) cannot score texts; check can_score first")

    def close(self) -> None:
        """Nothing to release: each batch runs its own process."""
