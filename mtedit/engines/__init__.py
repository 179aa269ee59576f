"""Engines propose a fix per segment: seq2seq (transformers, local folders) and apertium."""

from __future__ import annotations

from mtedit.engines.base import Engine, Usability
from mtedit.engines.registry import check_engine, load_engine

__all__ = ["Engine", "Usability", "check_engine", "load_engine"]
