"""Engine names -> usability answers and loaded engines."""

from __future__ import annotations

from mtedit.config import EngineConfig
from mtedit.engines.apertium import INSTALL_HINT, ApertiumEngine, apertium_binary, installed_pairs
from mtedit.engines.base import Engine, Usability
from mtedit.engines.causal import check_causal_folder
from mtedit.engines.seq2seq import check_model_folder
from mtedit.errors import ConfigError, EngineUnavailable
from mtedit.types import Mode

KIND_MODES: dict[str, tuple[Mode, ...]] = {
    "seq2seq": ("translate", "refine", "ape"),
    "apertium": ("translate",),
    "causal": ("refine", "ape"),
}


def check_engine(cfg: EngineConfig) -> Usability:
    """Can `cfg` run here? Cheap: looks at files and `apertium -l`, loads no model."""
    if cfg.kind not in KIND_MODES:
        return Usability(
            False, f"engine {cfg.name} has unknown kind {cfg.kind!r}", f"use kind = one of {sorted(KIND_MODES)}"
        )
    if cfg.mode not in KIND_MODES[cfg.kind]:
        return Usability(
            False,
            f"engine {cfg.name}: kind {cfg.kind} cannot run mode {cfg.mode!r}",
            f"set mode = one of {list(KIND_MODES[cfg.kind])} in the config",
        )
    if cfg.kind == "seq2seq":
        if cfg.nbest > cfg.beam:
            return Usability(
                False, f"engine {cfg.name}: nbest ({cfg.nbest}) exceeds beam ({cfg.beam})", "raise beam or lower nbest"
            )
        usable = check_model_folder(cfg)
        return usable if not usable.ok else _check_backend(cfg)
    if cfg.kind == "causal":
        return check_causal_folder(cfg)
    return _check_apertium(cfg)


def _check_backend(cfg: EngineConfig) -> Usability:
    """An explicit backend = "ctranslate2" needs the package and a fresh converted copy; auto falls back."""
    from mtedit.engines.backends.choose import choose_backend

    try:
        choose_backend(cfg)
    except (ConfigError, EngineUnavailable) as exc:
        reason, _, remedy = str(exc).partition("; ")
        return Usability(False, reason, remedy)
    return Usability(True)


def _check_apertium(cfg: EngineConfig) -> Usability:
    try:
        apertium_binary()
        pairs = installed_pairs()
    except EngineUnavailable:
        return Usability(False, "apertium is not installed", INSTALL_HINT)
    if cfg.pair not in pairs:
        listed = ", ".join(pairs) or "none"
        return Usability(False, f"apertium pair {cfg.pair} is not installed (installed: {listed})", INSTALL_HINT)
    return Usability(True)


def load_engine(cfg: EngineConfig) -> Engine:
    """Build the engine `cfg` describes, from local files only; EngineUnavailable says what is missing and the fix."""
    usable = check_engine(cfg)
    if not usable.ok:
        raise EngineUnavailable(usable.message())
    if cfg.kind == "apertium":
        return ApertiumEngine(cfg)
    if cfg.kind == "seq2seq":
        from mtedit.engines.seq2seq import Seq2SeqEngine

        return Seq2SeqEngine(cfg)
    if cfg.kind == "causal":
        from mtedit.engines.causal import CausalEngine

        return CausalEngine(cfg)
    raise ConfigError(f"engine {cfg.name} has unknown kind {cfg.kind!r}")  # pragma: no cover - check_engine refuses it
