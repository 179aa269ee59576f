"""Which executor `mtedit correct` uses and how Ray is sized: the config's `executor` key and `[ray]` table,
overridden by `--ray [ADDRESS]`, `--in-process`, `--actors`, `--actor-cpus` and `--actor-gpus`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mtedit.errors import ConfigError, InputError

EXECUTORS = ("in-process", "ray")
_LOCAL = ""  # `--ray` without an address


@dataclass(frozen=True)
class RaySettings:
    """Where the Ray run goes and how its engine actors are sized.

    `address` None starts a local Ray (unless RAY_ADDRESS is set); "auto" joins the cluster this machine
    is part of; "ray://HEAD:10001" connects a client. `actors` 0 means as many as the cluster's CPUs (or
    GPUs, when `num_gpus` > 0) allow.
    """

    address: str | None = None
    actors: int = 0
    num_cpus: float = 1.0
    num_gpus: float = 0.0


@dataclass(frozen=True)
class ExecutorSettings:
    kind: str = "in-process"
    ray: RaySettings = field(default_factory=RaySettings)


def _number(where: str, key: str, value: Any, kind: type, minimum: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise ConfigError(f"{where}: [ray] {key} must be a {kind.__name__}, got {value!r}")
    if value < minimum:
        raise ConfigError(f"{where}: [ray] {key} must be at least {minimum:g}, got {value!r}")
    return kind(value)


def _ray_table(table: Any, where: str) -> RaySettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [ray] must be a table (address, actors, num_cpus, num_gpus)")
    known = [f.name for f in fields(RaySettings)]
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(f"{where}: [ray] has unknown keys {unknown}; valid keys: {known}")
    address = table.get("address")
    if address is not None and not isinstance(address, str):
        raise ConfigError(f"{where}: [ray] address must be a string such as \"auto\" or \"ray://head:10001\"")
    return RaySettings(
        address=address or None,
        actors=_number(where, "actors", table.get("actors", 0), int, 0),
        num_cpus=_number(where, "num_cpus", table.get("num_cpus", 1.0), float, 0),
        num_gpus=_number(where, "num_gpus", table.get("num_gpus", 0.0), float, 0),
    )


def executor_settings(config: Any, args: argparse.Namespace) -> ExecutorSettings:
    """The run's executor: the command line's choice over the config's (`executor`, `[ray]`)."""
    where = str(config.path)
    kind = config.extra.get("executor", "in-process")
    if kind not in EXECUTORS:
        raise ConfigError(f"{where}: executor = {kind!r}; use one of {list(EXECUTORS)}")
    ray = _ray_table(config.extra.get("ray", {}), where)
    if args.ray is not None:
        kind = "ray"
        if args.ray != _LOCAL:
            if Path(args.ray).exists():
                raise InputError(f"--ray took {args.ray!r} as the cluster's address; put --ray after the inputs,"
                                 " or write --ray=ADDRESS")
            ray = replace(ray, address=args.ray)
    elif args.in_process:
        kind = "in-process"
    overrides = {"actors": args.actors, "num_cpus": args.actor_cpus, "num_gpus": args.actor_gpus}
    ray = replace(ray, **{k: v for k, v in overrides.items() if v is not None})
    if ray.num_cpus <= 0 and ray.num_gpus <= 0:
        raise ConfigError("a Ray actor needs num_cpus or num_gpus above 0 (--actor-cpus / --actor-gpus)")
    return ExecutorSettings(kind, ray)


def _at_least(minimum: float, kind: type) -> Any:
    def parse(text: str) -> Any:
        value = kind(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum:g}")
        return value
    parse.__name__ = kind.__name__
    return parse


def add_executor_arguments(parser: argparse.ArgumentParser) -> None:
    """`--ray [ADDRESS]`, `--in-process` and the actor sizes, for `mtedit correct`."""
    group = parser.add_argument_group("executor", "where the segments are computed (default: the config's"
                                                  " `executor`, else this process)")
    choice = group.add_mutually_exclusive_group()
    choice.add_argument("--ray", nargs="?", const=_LOCAL, metavar="ADDRESS",
                        help="compute on Ray: a local Ray without ADDRESS (or the config's [ray] address), else join"
                             " the cluster at ADDRESS (auto, ray://HEAD:10001); needs mtedit[ray]")
    choice.add_argument("--in-process", action="store_true", help="compute in this process even if the config says ray")
    group.add_argument("--actors", type=_at_least(1, int), metavar="N", help="Ray: engine actors (default: as many as the"
                                                                " cluster's CPUs or GPUs allow)")
    group.add_argument("--actor-cpus", type=_at_least(0, float), metavar="CPUS", help="Ray: CPUs (and torch threads) per actor (default 1)")
    group.add_argument("--actor-gpus", type=_at_least(0, float), metavar="GPUS", help="Ray: GPUs per actor, 0.5 shares one (default 0)")
