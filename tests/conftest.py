"""Shared fixtures. Tests run offline on CPU."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


# --- tiny model fixtures (engines) -------------------------------------------------------------
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory):
    """A tiny trained Marian model folder (model.safetensors, tokenizer, mtedit.json), built once per session.

    Its mtedit.json has ape_template "{source} <sep> {draft}" and refine_template "<sep> {draft}"; it was
    trained to copy the draft, so refine/ape proposals come out close to the draft.
    """
    import torch
    from tiny_models import build_tiny_marian

    torch.set_num_threads(1)  # tiny models run much faster on one thread of a shared machine
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))
