"""`mtedit convert`: a CTranslate2 copy of a seq2seq engine's model, stored beside its weights and keyed to them.

The copy lives in `MODEL/ctranslate2/` with a stamp naming the sha256 of the weights it was made from; a copy
whose weights changed since is stale and never loaded. Marian and M2M100/NLLB models go through loaders that
keep the tokenizer's vocabulary exactly as numbered (see `mtedit.engines.backends.loaders`).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtedit.config import EngineConfig
from mtedit.engines.seq2seq import check_model_folder, sha256_files
from mtedit.errors import ConfigError, EngineUnavailable

CONVERTED_DIR = "ctranslate2"
STAMP_FILE = "mtedit-conversion.json"
QUANTIZATION = "int8"  # int8 weights; a GPU computes in int8_float16 from the same copy
INSTALL_HINT = "install it with: pip install 'mtedit[fast]'"


def ctranslate2_installed() -> bool:
    return importlib.util.find_spec("ctranslate2") is not None


def converted_folder(model: Path) -> Path:
    return model / CONVERTED_DIR


def _weight_files(model: Path) -> list[Path]:
    single = model / "model.safetensors"
    if single.is_file():
        return [single]
    index = model / "model.safetensors.index.json"
    if not index.is_file():
        return []
    try:
        shards = sorted(set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values()))
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
        return [index]
    return [index] + [model / name for name in shards]


def _stats(files: list[Path]) -> dict[str, list[int]]:
    return {f.name: [f.stat().st_size, f.stat().st_mtime_ns] for f in files if f.is_file()}


def weights_digest(model: Path, known: dict[str, Any] | None = None) -> str:
    """sha256 of the weight files; when `known` (a stamp) lists the same sizes and times, its digest is reused."""
    files = _weight_files(model)
    if known and known.get("files") == _stats(files) and known.get("weights"):
        return str(known["weights"])
    return sha256_files(files)


def read_stamp(model: Path) -> dict[str, Any] | None:
    path = converted_folder(model) / STAMP_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class Conversion:
    """The state of a model's CTranslate2 copy: `ready`, or why not (missing, stale)."""

    folder: Path
    ready: bool
    problem: str = ""
    quantization: str = QUANTIZATION


def conversion_of(cfg: EngineConfig) -> Conversion:
    """Is there a usable CTranslate2 copy of `cfg.model`? Reads the stamp; hashes the weights when their files
    changed since."""
    if cfg.model is None:
        raise ConfigError(f"engine {cfg.name} has no model folder to convert")
    folder = converted_folder(cfg.model)
    stamp = read_stamp(cfg.model)
    if stamp is None or not (folder / "model.bin").is_file():
        return Conversion(folder, False,
                          f"no ctranslate2 copy of {cfg.model.name}; make one with: mtedit convert {cfg.name}")
    if stamp.get("weights") != weights_digest(cfg.model, stamp):
        return Conversion(folder, False, f"the ctranslate2 copy in {folder} was made from other weights (stale);"
                                         f" remake it with: mtedit convert {cfg.name}")
    return Conversion(folder, True, quantization=str(stamp.get("quantization", QUANTIZATION)))


def _converter(model_folder: Path) -> Any:
    from ctranslate2.converters.converter import Converter

    from mtedit.engines.backends.loaders import loader_for

    class LocalConverter(Converter):
        """Loads from the local folder only: safetensors, no remote code."""

        def _load(self) -> Any:
            import torch
            import transformers

            config = transformers.AutoConfig.from_pretrained(model_folder, local_files_only=True)
            name = type(config).__name__
            loader = loader_for(name)
            if loader is None:
                raise EngineUnavailable(f"ctranslate2 cannot convert {name} models; keep backend = \"transformers\"")
            model_class = getattr(transformers, loader.architecture_name)
            if hasattr(loader, "get_model_class"):
                model_class = loader.get_model_class(config, model_class)
            extra = loader.get_model_kwargs(config) if hasattr(loader, "get_model_kwargs") else {}
            with torch.no_grad():
                model = model_class.from_pretrained(model_folder, config=config, local_files_only=True,
                                                    use_safetensors=True, **extra)
                tokenizer = transformers.AutoTokenizer.from_pretrained(model_folder, local_files_only=True)
                return loader(model, tokenizer)

    return LocalConverter()


def convert_model(cfg: EngineConfig, quantization: str = QUANTIZATION) -> Path:
    """Write `cfg.model`'s CTranslate2 copy (replacing an old one only once the new one is complete); return it."""
    if cfg.kind != "seq2seq":
        raise ConfigError(f"engine {cfg.name} is {cfg.kind}; only seq2seq engines have a model to convert")
    usable = check_model_folder(cfg)
    if not usable.ok:
        raise EngineUnavailable(usable.message())
    if not ctranslate2_installed():
        raise EngineUnavailable(f"ctranslate2 is not installed; {INSTALL_HINT}")
    assert cfg.model is not None  # checked above
    import ctranslate2

    target = converted_folder(cfg.model)
    digest = weights_digest(cfg.model)
    with tempfile.TemporaryDirectory(dir=cfg.model, prefix=".convert-") as tmp:
        staging = Path(tmp) / CONVERTED_DIR
        try:
            _converter(cfg.model).convert(str(staging), quantization=quantization)
        except (OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise EngineUnavailable(f"cannot convert {cfg.model} for ctranslate2 ({first})") from None
        stamp = {"weights": digest, "files": _stats(_weight_files(cfg.model)), "quantization": quantization,
                 "ctranslate2": ctranslate2.__version__, "vocabulary": "as the tokenizer numbers it"}
        (staging / STAMP_FILE).write_text(json.dumps(stamp, indent=1), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    return target
