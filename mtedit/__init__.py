"""mtedit: machine-translation post-editing for news desks.

The whole library API is two calls::

    import mtedit
    engine = mtedit.load_engine("apertium")              # a configured name, or a local model folder
    results = mtedit.correct_text(draft, source=spanish, engine=engine)

Nothing is loaded or created at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mtedit.engines.base import Engine
    from mtedit.types import SegmentResult

__all__ = ["__version__", "correct_text", "load_engine"]


def load_engine(name: str | None = None, *, config: str | Path | None = None, mode: str | None = None) -> Engine:
    """A configured engine by name (None: the default), or a seq2seq model or an LLM in a local folder.

    An unknown name fails with the list of configured ones; a folder runs in `mode` (default: `ape`
    for an LLM or when the folder's mtedit.json has an ape template, else `refine`).
    """
    from mtedit.config import EngineConfig, load_config
    from mtedit.engines.causal import is_causal_folder
    from mtedit.engines.registry import load_engine as load_configured
    from mtedit.engines.seq2seq import read_model_meta
    from mtedit.pipeline import load_engine_by_name

    if name and Path(name).is_dir():
        folder = Path(name).resolve()
        if is_causal_folder(folder):  # an LLM: ape reads the source where a segment has one, else the draft
            chosen = mode or "ape"
            return load_configured(EngineConfig(name=folder.name, kind="causal", mode=chosen, model=folder, beam=1))  # type: ignore[arg-type]
        chosen = mode or ("ape" if "ape_template" in read_model_meta(folder) else "refine")
        return load_configured(EngineConfig(name=folder.name, kind="seq2seq", mode=chosen, model=folder))  # type: ignore[arg-type]
    return load_engine_by_name(load_config(config), name)


def correct_text(draft: str, source: str | None = None, *, engine: Engine | str | None = None,
                 glossary_path: str | Path | None = None) -> list[SegmentResult]:
    """Post-edit a story given as text (paragraphs separated by blank lines), with its source if any."""
    from mtedit.checks import load_glossary
    from mtedit.io import document_from_text
    from mtedit.pipeline import correct

    document = document_from_text(draft, source)
    loaded = load_engine(engine) if engine is None or isinstance(engine, str) else engine
    glossary = load_glossary(Path(glossary_path)) if glossary_path else None
    return list(correct(document.segments, loaded, glossary=glossary))
