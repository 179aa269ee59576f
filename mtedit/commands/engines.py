"""`mtedit engines`, `mtedit download` and `mtedit convert`: what is configured, what runs here, fetching a model
and making its CTranslate2 copy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mtedit.config import EngineConfig, load_config


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
        if usable.ok and cfg.kind == "seq2seq":
            print(f"      {_backend_line(cfg)}")
        if cfg.description:
            print(f"      {cfg.description}")
    return 0


def _backend_line(cfg: EngineConfig) -> str:
    """One line: the backend this seq2seq engine runs on here and, when ctranslate2 was passed over, why."""
    from mtedit.engines.backends.choose import choose_backend

    choice = choose_backend(cfg)
    if choice.name == "ctranslate2" and choice.conversion is not None:
        return f"backend: ctranslate2 ({choice.conversion.quantization} copy in {choice.conversion.folder})"
    return "backend: transformers" + (f"; {choice.note}" if choice.note else "")


def run_download(args: argparse.Namespace) -> int:
    from mtedit.engines.backends.convert import INSTALL_HINT, ctranslate2_installed
    from mtedit.engines.download import download_model

    cfg = load_config(args.config).engine(args.engine)
    folder = download_model(cfg)
    print(f"downloaded {cfg.hub_id} into {folder}", file=sys.stderr)
    if cfg.backend == "transformers":
        return 0
    if not ctranslate2_installed():
        print(f"not converted for ctranslate2 (not installed; {INSTALL_HINT}, then: mtedit convert {cfg.name})",
              file=sys.stderr)
        return 0
    return run_convert(args)


def run_convert(args: argparse.Namespace) -> int:
    import time

    from mtedit.engines.backends.convert import convert_model

    cfg = load_config(args.config).engine(args.engine)
    started = time.perf_counter()
    folder = convert_model(cfg, quantization=getattr(args, "quantization", None) or "int8")
    print(f"converted {cfg.model} for ctranslate2 into {folder} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
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
    p = subparsers.add_parser(
        "convert", help="make the CTranslate2 copy of an engine's model (int8; several times faster on a CPU)",
        description="Convert an engine's model folder for the ctranslate2 backend; the copy goes to MODEL/ctranslate2"
                    " and is used automatically while the model's weights stay the same.",
    )
    p.add_argument("engine", help="engine name from the config, e.g. ape")
    p.add_argument("--quantization", choices=["int8", "int8_float16", "float16", "float32"], default="int8",
                   help="weight type of the copy (default int8; a GPU computes int8 weights in int8_float16)")
    add_config_argument(p)
    p.set_defaults(handler=run_convert)
