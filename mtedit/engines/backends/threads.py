"""How many CPU threads model work may use: the cores this process may run on, not the machine's count.

Two model processes on two cores each starting one thread per machine core ran 10-30x slower than alone;
a process pinned (taskset) or limited (cgroup cpu.max) to fewer cores should use only those.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def usable_cores(cpu_max: Path = CGROUP_CPU_MAX) -> int:
    """Cores of this process's CPU affinity, capped by a cgroup v2 CPU quota when one is set; at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity
        cores = os.cpu_count() or 1
    try:
        quota, period = cpu_max.read_text(encoding="ascii").split()[:2]
        if quota != "max":
            cores = min(cores, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        pass
    return max(1, cores)


def thread_count(requested: int) -> int:
    """`requested` when positive, else every usable core."""
    return requested if requested > 0 else usable_cores()


def limit_torch_threads(requested: int) -> None:
    """torch's intra-op threads (process-wide): `requested` when positive, else its default capped at the usable
    cores (torch counts the machine's cores, not the ones a pinned or quota-limited process may use)."""
    import torch

    current = torch.get_num_threads()
    target = requested if requested > 0 else min(current, usable_cores())
    if target != current:
        torch.set_num_threads(target)
