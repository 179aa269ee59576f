"""A compact Marian encoder-decoder sized by `ModelSettings`."""

from __future__ import annotations

from transformers import MarianConfig, MarianMTModel

from mtedit.train.settings import ModelSettings
from mtedit.train.tokenizer import EOS_ID, PAD_ID


def marian_config(cfg: ModelSettings, vocab_size: int) -> MarianConfig:
    """Marian config with shared, tied embeddings; pad starts decoding, as in OPUS-MT models."""
    return MarianConfig(
        vocab_size=vocab_size, decoder_vocab_size=vocab_size, d_model=cfg.d_model,
        encoder_layers=cfg.encoder_layers, decoder_layers=cfg.decoder_layers,
        encoder_attention_heads=cfg.heads, decoder_attention_heads=cfg.heads,
        encoder_ffn_dim=cfg.ffn_dim, decoder_ffn_dim=cfg.ffn_dim, dropout=cfg.dropout,
        attention_dropout=0.0, activation_dropout=0.0, activation_function="swish",
        max_position_embeddings=cfg.max_positions, scale_embedding=True,
        share_encoder_decoder_embeddings=True, tie_word_embeddings=True,
        pad_token_id=PAD_ID, eos_token_id=EOS_ID, decoder_start_token_id=PAD_ID, forced_eos_token_id=EOS_ID,
        num_beams=4, max_length=256, bad_words_ids=[[PAD_ID]],
    )


def build_model(cfg: ModelSettings, vocab_size: int, seed: int = 1) -> MarianMTModel:
    """A freshly initialised model (deterministic for a given seed)."""
    import torch

    torch.manual_seed(seed)
    return MarianMTModel(marian_config(cfg, vocab_size))


def count_parameters(model: MarianMTModel) -> int:
    """Distinct trainable parameters (tied embeddings counted once)."""
    seen = {id(p): p.numel() for p in model.parameters() if p.requires_grad}
    return sum(seen.values())
