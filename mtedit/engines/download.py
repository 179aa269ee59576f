"""The one place mtedit touches the network: an explicit download of an engine's model folder."""

from __future__ import annotations

from pathlib import Path

from mtedit.config import EngineConfig
from mtedit.engines.causal import check_causal_folder
from mtedit.engines.seq2seq import check_model_folder
from mtedit.errors import ConfigError, EngineUnavailable

# safetensors weights, configs, tokenizer files, chat templates; never pickled weights (.bin, .pt, .h5, .msgpack)
ALLOW_PATTERNS = [
    "*.safetensors", "*.safetensors.index.json", "*.json", "*.model", "*.spm", "*.txt", "*.tiktoken", "*.jinja"
]


def download_model(cfg: EngineConfig) -> Path:
    """Fetch `cfg.hub_id` into `cfg.model` (safetensors, configs, tokenizer files); return the folder."""
    if cfg.kind not in ("seq2seq", "causal"):
        raise ConfigError(
            f"engine {cfg.name} is {cfg.kind}; only seq2seq engines and causal engines have a model to download"
        )
    if not cfg.hub_id or cfg.model is None:
        raise ConfigError(
            f'engine {cfg.name} needs hub_id = "owner/name" and model = "folder" in the config to download'
        )
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import EntryNotFoundError, RepositoryNotFoundError
    except ImportError:  # pragma: no cover - a dependency of transformers
        raise EngineUnavailable("huggingface_hub is missing; install it with: pip install huggingface_hub") from None
    try:
        snapshot_download(repo_id=cfg.hub_id, local_dir=cfg.model, allow_patterns=ALLOW_PATTERNS)
    except RepositoryNotFoundError:
        raise EngineUnavailable(
            f"no model {cfg.hub_id} on the Hugging Face hub (or it needs a login); check hub_id"
        ) from None
    except (OSError, ConnectionError, EntryNotFoundError) as exc:
        detail = " ".join(str(exc).split()).split(". ")[0][:160] or type(exc).__name__
        raise EngineUnavailable(
            f"could not download {cfg.hub_id} into {cfg.model} ({detail}); run this where there is a network "
            "(HF_HUB_OFFLINE unset) and copy the folder here"
        ) from None
    usable = check_causal_folder(cfg) if cfg.kind == "causal" else check_model_folder(cfg)
    if not usable.ok:
        remedy = "pick a model that ships safetensors weights" if "safetensors" in usable.reason else usable.remedy
        raise EngineUnavailable(f"downloaded {cfg.hub_id} but {usable.reason}; {remedy}")
    return cfg.model
