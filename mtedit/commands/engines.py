"""`mtedit engines` and `mtedit download`: what is configured, what runs here, and fetching a model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mtedit.config import load_config


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="engines config (TOML); default configs/mtedit.toml or $MTEDIT_CONFIG")


def run_engines(args: argparse.Namespace) -> int:
    from mtedit.engines.registry import check_engine

    config = load_config(args.config)
    print(f"engines in {config.path} (default: {config.default_engine})")
    for name, cfg in config.engines.items():
        usable = check_engine(cfg)
        where = f" model={cfg.model}" if cfg.model else f" pair={cfg.pair}"
        state = "usable" if usable.ok else f"NOT usable: {usable.reason}"
        print(f"  {name:<18} {cfg.kind}/{cfg.mode}{where}\n      {state}")
        if not usable.ok and usable.remedy:
            print(f"      fix: {usable.remedy}")
        if cfg.description:
            print(f"      {cfg.description}")
    return 0


def run_download(args: argparse.Namespace) -> int:
    from mtedit.engines.download import download_model

    cfg = load_config(args.config).engine(args.engine)
    folder = download_model(cfg)
    print(f"downloaded {cfg.hub_id} into {folder}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("engines", help="list configured engines and whether each is usable here")
    add_config_argument(p)
    p.set_defaults(handler=run_engines)
    p = subparsers.add_parser(
        "download", help="fetch an engine's model from the Hugging Face hub (needs a network; the only command that does)"
    )
    p.add_argument("engine", help="engine name from the config, e.g. opus-mt-es-en")
    add_config_argument(p)
    p.set_defaults(handler=run_download)
