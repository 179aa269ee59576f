"""CTranslate2 model loaders that keep every token id exactly as the model's transformers tokenizer numbers it.

The ctranslate2 backend hands texts over as the tokenizer's token strings, so the converted vocabulary must
list, at each id, the token the tokenizer gives that id. Two stock loaders get this wrong:

- Marian: assumes `<pad>` is the last entry and drops it (the bundled model has it at id 0, and its `<pad>`
  row is not zero), which would shift every id or change every first step.
- M2M100 (and NLLB, which shares its architecture): looks for the language tokens in the tokenizer's
  `additional_special_tokens`, which transformers 5 no longer lists for M2M100, so `__en__` and friends went
  missing and the vocabulary came out shorter than the model's embeddings.
"""

from __future__ import annotations

from typing import Any


def vocabulary_by_id(tokenizer: Any, size: int) -> list[str]:
    """The token at each of the model's `size` ids, as the tokenizer converts ids; an id the tokenizer has no
    token of its own for (a padding row such as M2M100's `madeupword`s) gets a placeholder no text produces."""
    tokens: list[str] = []
    seen: set[str] = set()
    for index, token in enumerate(tokenizer.convert_ids_to_tokens(list(range(size)))):
        if token is None or token in seen:  # e.g. an unused row that the tokenizer reads as <unk>
            token = f"<unused-id-{index}>"
        seen.add(token)
        tokens.append(token)
    return tokens


def marian_loader() -> Any:
    """CTranslate2's Marian loader, keeping the vocabulary as numbered and a real decoder start token."""
    from ctranslate2.converters.transformers import BartLoader, MarianMTLoader

    class KeepVocabularyMarianLoader(MarianMTLoader):
        def get_model_spec(self, model: Any) -> Any:
            model.config.normalize_before = False
            model.config.normalize_embedding = False
            return BartLoader.get_model_spec(self, model)  # all rows, <pad> included

        def set_config(self, config: Any, model: Any, tokenizer: Any) -> None:
            config.eos_token = tokenizer.eos_token
            config.unk_token = tokenizer.unk_token
            config.decoder_start_token = tokenizer.convert_ids_to_tokens(model.config.decoder_start_token_id)
            config.layer_norm_epsilon = 1e-5  # torch's LayerNorm default, which Marian uses

        def set_decoder(self, spec: Any, decoder: Any) -> None:
            BartLoader.set_decoder(self, spec, decoder)  # start from the <pad> embedding, not zeros

        def get_vocabulary(self, model: Any, tokenizer: Any) -> list[str]:
            return BartLoader.get_vocabulary(self, model, tokenizer)

    return KeepVocabularyMarianLoader()


def m2m100_loader() -> Any:
    """CTranslate2's M2M100 loader (M2M100 and NLLB checkpoints), with every embedding row's token by id."""
    from ctranslate2.converters.transformers import M2M100Loader

    class KeepVocabularyM2M100Loader(M2M100Loader):
        def get_vocabulary(self, model: Any, tokenizer: Any) -> list[str]:
            return vocabulary_by_id(tokenizer, model.get_input_embeddings().weight.shape[0])

    return KeepVocabularyM2M100Loader()


def loader_for(config_class: str) -> Any | None:
    """The loader for a transformers config class name (`MarianConfig`, ...), or None when ctranslate2 has none."""
    from ctranslate2.converters.transformers import _MODEL_LOADERS

    own = {"MarianConfig": marian_loader, "M2M100Config": m2m100_loader}
    return own[config_class]() if config_class in own else _MODEL_LOADERS.get(config_class)
