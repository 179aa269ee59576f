"""Which backend a seq2seq engine runs on here, decided from files alone (nothing is loaded)."""

from __future__ import annotations

from dataclasses import dataclass

from mtedit.config import EngineConfig
from mtedit.engines.backends import BACKENDS
from mtedit.engines.backends.convert import INSTALL_HINT, Conversion, conversion_of, ctranslate2_installed
from mtedit.errors import ConfigError, EngineUnavailable


@dataclass(frozen=True)
class BackendChoice:
    """`name` is transformers or ctranslate2; `note` says in one line why ctranslate2 was passed over."""

    name: str
    note: str = ""
    conversion: Conversion | None = None


def choose_backend(cfg: EngineConfig) -> BackendChoice:
    """`auto`: ctranslate2 when it is installed and the model has a fresh copy, else transformers (with a note);
    an explicit `ctranslate2` that cannot run raises EngineUnavailable with the fix."""
    if cfg.backend not in BACKENDS:
        raise ConfigError(f"engine {cfg.name}: backend {cfg.backend!r} is not one of {list(BACKENDS)}")
    if cfg.backend == "transformers":
        return BackendChoice("transformers")
    if not ctranslate2_installed():
        problem = f"ctranslate2 is not installed; {INSTALL_HINT}"
        conversion = None
    else:
        conversion = conversion_of(cfg)
        if conversion.ready:
            return BackendChoice("ctranslate2", conversion=conversion)
        problem = conversion.problem
    if cfg.backend == "ctranslate2":
        raise EngineUnavailable(f"backend = \"ctranslate2\": {problem}")
    return BackendChoice("transformers", f"{problem} (runs on transformers meanwhile)", conversion)
