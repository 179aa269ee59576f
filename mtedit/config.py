"""TOML config -> typed config. Relative paths in a config file are resolved against its folder."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from mtedit.errors import ConfigError, InputError
from mtedit.types import Mode
from mtedit.validate import check_engine_numbers

ENGINE_KINDS = ("seq2seq", "apertium", "causal")
MODES: tuple[Mode, ...] = ("translate", "refine", "ape")
CONFIG_ENV = "MTEDIT_CONFIG"


def default_config_path() -> Path:
    """`$MTEDIT_CONFIG`, else `configs/mtedit.toml` beside the package (a source checkout)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "configs" / "mtedit.toml"


@dataclass(frozen=True)
class EngineConfig:
    """One named engine: what runs, on which model, in which mode, with which options."""

    name: str
    kind: str
    mode: Mode = "translate"
    model: Path | None = None
    hub_id: str | None = None
    pair: str = "spa-eng"
    device: str = "auto"
    beam: int = 4
    nbest: int = 1
    max_length: int = 256
    batch_size: int = 16
    margin: float = 0.0
    max_change: float | None = None
    reject_new_warnings: bool = False
    prefix: str = ""
    ape_template: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    description: str = ""
    backend: str = "auto"  # seq2seq: transformers | ctranslate2 | auto (ctranslate2 when converted and installed)
    threads: int = 0  # CPU threads for model work; 0: every core this process may use


@dataclass(frozen=True)
class Config:
    """The whole config file."""

    path: Path
    default_engine: str
    engines: dict[str, EngineConfig]
    store: Path
    glossary: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def engine(self, name: str | None = None) -> EngineConfig:
        """The engine called `name` (the default when None); unknown names list the valid ones."""
        key = name or self.default_engine
        if key not in self.engines:
            valid = ", ".join(sorted(self.engines)) or "none"
            raise ConfigError(f"unknown engine {key!r}; configured engines: {valid} (see {self.path})")
        return self.engines[key]


def _resolve(base: Path, value: str | None) -> Path | None:
    if not value:
        return None
    path = Path(os.path.expanduser(value))
    return path if path.is_absolute() else (base / path).resolve()


def _engine(name: str, table: dict[str, Any], base: Path, where: Path) -> EngineConfig:
    known = {f.name for f in fields(EngineConfig)} - {"name"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: engine {name!r} has unknown keys {unknown}; valid keys: {sorted(known)}")
    kind = table.get("kind")
    if kind not in ENGINE_KINDS:
        raise ConfigError(f"{where}: engine {name!r} needs kind = one of {list(ENGINE_KINDS)}, got {kind!r}")
    mode = table.get("mode", "translate")
    if mode not in MODES:
        raise ConfigError(f"{where}: engine {name!r} has mode {mode!r}; use one of {list(MODES)}")
    if kind in ("seq2seq", "causal") and not table.get("model"):
        raise ConfigError(f"{where}: {kind} engine {name!r} needs model = \"path/to/local/folder\"")
    values = dict(table)
    if kind == "causal":
        values.setdefault("beam", 1)  # LLM post-editing is greedy unless the config asks for beams
    try:
        check_engine_numbers(values)
    except InputError as exc:
        raise ConfigError(f"{where}: engine {name!r}: {exc}") from None
    values["model"] = _resolve(base, table.get("model"))
    try:
        return EngineConfig(name=name, **values)
    except TypeError as exc:  # pragma: no cover - guarded by the key check above
        raise ConfigError(f"{where}: engine {name!r}: {exc}") from exc


def parse_config(data: dict[str, Any], path: Path) -> Config:
    """Build a Config from an already-parsed TOML table."""
    base = path.parent
    engines_table = data.get("engines", {})
    if not isinstance(engines_table, dict) or not engines_table:
        raise ConfigError(f"{path}: no [engines.NAME] tables; add at least one engine")
    engines = {name: _engine(name, table, base, path) for name, table in engines_table.items()}
    default = data.get("default_engine") or next(iter(engines))
    if default not in engines:
        raise ConfigError(f"{path}: default_engine {default!r} is not among the engines {sorted(engines)}")
    store = _resolve(base, data.get("store")) or Path("mtedit-review.sqlite").resolve()
    known = {"engines", "default_engine", "store", "glossary"}
    return Config(
        path=path,
        default_engine=default,
        engines=engines,
        store=store,
        glossary=_resolve(base, data.get("glossary")),
        extra={k: v for k, v in data.items() if k not in known},
    )


def load_config(path: Path | str | None = None) -> Config:
    """Read and validate a TOML config; `None` reads the default config."""
    path = Path(path) if path else default_config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found; pass --config FILE or set {CONFIG_ENV}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except OSError as exc:  # a folder, no permission
        raise ConfigError(f"config file {path} cannot be read ({exc.strerror}); pass --config FILE") from None
    return parse_config(data, path)
