"""`mtedit train ...` commands: build data, train (or resume), pack a run for a GPU machine, export a model folder."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from mtedit.errors import InputError
from mtedit.train.settings import Settings, load_settings


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def _data_root(args: argparse.Namespace, settings: Settings) -> Path:
    root = Path(args.data) if getattr(args, "data", None) else Path(settings.data.root)
    if not root.is_dir():
        raise InputError(f"data folder {root} not found; pass --data DIR (the shared data folder)")
    return root


def cmd_data(args: argparse.Namespace) -> int:
    """Build the training and dev triples."""
    from mtedit.train.data import build_data

    settings = _settings(args)
    stats = build_data(settings, _data_root(args, settings))
    print(" ".join(f"{k}={v}" for k, v in asdict(stats).items()))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    """Train the tokenizer if missing, then the model; --resume continues from the last checkpoint."""
    from mtedit.train.loop import train

    settings = _settings(args)
    result = train(settings, resume=args.resume)
    best = f"best dev objective {result.best_metric:.2f} in {result.best_path}" if result.best_path else "no dev evaluation yet"
    print(f"stopped at step {result.step}; last checkpoint {result.last_path}; {best}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a loadable model folder (safetensors + tokenizer + mtedit.json) from a checkpoint."""
    from mtedit.train.export import export_checkpoint

    paths = [Path(c) for c in args.checkpoint]
    out = export_checkpoint(paths, Path(args.out), fp16_weights=args.fp16)
    what = str(paths[0]) if len(paths) == 1 else f"the average of {len(paths)} checkpoints"
    print(f"exported {what} -> {out}")
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    """Write the built data, tokenizer and recipe into one folder for `scripts/train-gpu.sh`."""
    from mtedit.train.pack import pack_run

    pack = pack_run(_settings(args), Path(args.config), Path(args.out))
    print(f"packed {pack.train_lines:,} training lines, {pack.size_bytes / 2**20:.1f} MiB -> {pack.folder}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `train`, `train data` and `train export` to an argparse subparsers object."""
    p = subparsers.add_parser("train", help="build data for and train the bundled post-editing model")
    p.add_argument("--config", help="training config, e.g. configs/train/ape-small.toml")
    p.add_argument("--resume", action="store_true", help="continue from the last checkpoint of this run")
    p.set_defaults(handler=_dispatch_train)
    sub = p.add_subparsers(dest="train_command")
    d = sub.add_parser("data", help="build (source, draft, target) triples with apertium")
    d.add_argument("--config", required=True, help="training config TOML")
    d.add_argument("--data", help="shared data folder (default: [data] root of the config)")
    d.set_defaults(handler=cmd_data)
    k = sub.add_parser("pack", help="one folder with the built data, tokenizer and recipe for scripts/train-gpu.sh")
    k.add_argument("--config", required=True, help="training config TOML (its data must be built)")
    k.add_argument("--out", required=True, help="folder to write, e.g. runs/ape-base/pack")
    k.set_defaults(handler=cmd_pack)
    e = sub.add_parser("export", help="export a checkpoint as a model folder")
    e.add_argument("--checkpoint", required=True, action="append",
                   help="checkpoint file, e.g. runs/ape-small/checkpoints/best.pt; repeat it to average several "
                        "(e.g. the step-*.pt snapshots of one run)")
    e.add_argument("--out", required=True, help="model folder to write, e.g. models/mtedit-ape-es-en")
    e.add_argument("--fp16", action="store_true", help="store the weights in half precision (they load as float32)")
    e.set_defaults(handler=cmd_export)


def _dispatch_train(args: argparse.Namespace) -> int:
    if not args.config:
        raise InputError("`mtedit train` needs --config configs/train/<name>.toml")
    return cmd_train(args)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (`python -m mtedit.train.cli`)."""
    from mtedit.errors import MteditError

    parser = argparse.ArgumentParser(prog="mtedit")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except MteditError as exc:
        parser.exit(exc.exit_code, f"error: {exc}\n")


if __name__ == "__main__":
    raise SystemExit(main())
