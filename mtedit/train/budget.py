"""Where training runs (CPU or GPU) and a cooldown timed to end inside a wall-clock budget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mtedit.errors import ConfigError
from mtedit.train.settings import TrainSettings

# the cooldown is planned to end this share of the remaining time early (evaluations and a slower step or two)
SAFETY = 0.95


def resolve_device(name: str) -> Any:
    """`cpu`, `cuda`, `cuda:N` or `auto` (the GPU when one is visible) as a torch.device."""
    import torch

    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError(f"[train] device = {name!r} but no GPU is visible; set device = \"auto\" or \"cpu\"")
    if name != "cpu" and not name.startswith("cuda"):
        raise ConfigError(f"[train] device = {name!r} is not known; use \"cpu\", \"cuda\" or \"auto\"")
    device = torch.device(name)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    return device


@dataclass
class Cooldown:
    """The linear cooldown in force: fixed by `decay_start_step`/`decay_steps`, or, with `decay_start_minutes`,
    started once that much time has passed and sized by the step rate so far to end within `max_minutes`."""

    start: int = 0
    steps: int = 0

    @classmethod
    def of(cls, cfg: TrainSettings, saved: list[int] | None = None) -> "Cooldown":
        """From the settings, or as a resumed run's state saved it."""
        if saved:
            return cls(saved[0], saved[1])
        return cls(cfg.decay_start_step, cfg.decay_steps)

    def last_step(self, cfg: TrainSettings) -> int:
        """The step training ends at: the cooldown's end or max_steps, the earlier one; 0 for none."""
        ends = [end for end in (self.start + self.steps if self.steps else 0, cfg.max_steps) if end]
        return min(ends, default=0)

    def start_if_due(self, cfg: TrainSettings, step: int, steps_done: int, elapsed: float) -> bool:
        """Start the timed cooldown at `step` when its minute has come; True when it started now."""
        if self.steps or not cfg.decay_start_minutes or elapsed < cfg.decay_start_minutes * 60:
            return False
        remaining = max(0.0, cfg.max_minutes * 60 - elapsed)
        self.start, self.steps = step, max(1, int(steps_done / max(elapsed, 1e-9) * remaining * SAFETY))
        return True

