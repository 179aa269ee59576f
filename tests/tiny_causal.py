"""A tiny instruction-following causal LM for tests: a byte-level BPE tokenizer with a ChatML chat template
and a 2-layer Qwen2 model, both built here and trained for a few seconds on CPU.

The model answers mtedit's own post-editing prompt (refine and ape) for the made-up news sentences of
`tiny_models.sentence_pairs`, with habits of real chat models planted by place name:

- Madrid: the corrected sentence alone; a draft missing "the" before its object gets it back;
- Lima: the same answer behind a label and in quotes (`Corrected: "..."`), which the engine cleans off;
- Bogota: the answer followed by a second sentence, which the engine refuses (the draft is kept).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tiny_models import sentence_pairs

from mtedit.types import Segment

CHATML = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
EXTRA_SENTENCE = " The police rejected the law."
# The model's own short prompt (mtedit.json), so that a model this small learns to follow it in seconds.
PROMPT = {"system_prompt": "", "refine_template": "{draft}", "ape_template": "{source}\n{draft}"}


def defective(english: str) -> str:
    """The draft with its object's article dropped: "announced the plan" -> "announced plan"."""
    words = english.split(" ")
    return " ".join(words[:3] + words[4:]) if words[3] == "the" else english


def answer(draft_fixed: str) -> str:
    """What the tiny model is trained to reply for a segment whose corrected text is `draft_fixed`."""
    if draft_fixed.endswith("Lima."):
        return f'Corrected: "{draft_fixed}"'
    if draft_fixed.endswith("Bogota."):
        return draft_fixed + EXTRA_SENTENCE
    return draft_fixed


def _train_tokenizer(folder: Path, texts: list[str]):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=700,
        special_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    core.train_from_iterator(texts, trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, eos_token="<|im_end|>", pad_token="<|endoftext|>", chat_template=CHATML
    )
    tokenizer.save_pretrained(folder)
    return tokenizer


def training_segments() -> list[tuple[Segment, str]]:
    """(segment, corrected English) the model was trained on: 30 sentence pairs, each with its draft clean and
    with the article dropped; 10 of each place."""
    found = []
    for k, (spanish, english) in enumerate(sentence_pairs()[::10]):
        found.append((Segment(f"c{k}", english, spanish), english))
        if defective(english) != english:
            found.append((Segment(f"d{k}", defective(english), spanish), english))
    return found


def _examples(tokenizer) -> list[tuple[list[int], int]]:
    """(token ids of prompt + answer + end of turn, prompt length) of every training segment, refine and ape."""
    from mtedit.engines.llm_prompt import PromptBuilder

    end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    out = []
    for mode in ("refine", "ape"):
        build = PromptBuilder.for_model("tiny", mode, tokenizer, PROMPT)
        for segment, english in training_segments():
            prompt = tokenizer(build(segment), add_special_tokens=False)["input_ids"]
            reply = tokenizer(answer(english), add_special_tokens=False)["input_ids"]
            out.append((prompt + reply + [end], len(prompt)))
    return out


def _train(model, examples: list[tuple[list[int], int]], pad: int, steps: int, seed: int) -> None:
    import torch

    rng = random.Random(seed)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a model this small trains far faster on one thread of a busy machine
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.0)
    model.train()
    for _ in range(steps):
        batch = rng.sample(examples, 16)
        width = max(len(ids) for ids, _ in batch)
        ids = torch.tensor([row + [pad] * (width - len(row)) for row, _ in batch])
        labels = torch.tensor(
            [[-100] * start + row[start:] + [-100] * (width - len(row)) for row, start in batch]
        )
        loss = model(input_ids=ids, labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    torch.set_num_threads(threads)


def build_tiny_causal(folder: Path | str, *, steps: int = 300, seed: int = 0) -> Path:
    """Write a tiny trained Qwen2 chat model (model.safetensors, tokenizer with a chat template) into `folder`."""
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    from mtedit.engines import llm_prompt

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    corpus = [llm_prompt.SYSTEM, llm_prompt.APE_REQUEST, llm_prompt.REFINE_REQUEST]  # the default prompt too
    corpus += [text for pair in sentence_pairs() for text in pair] + [answer("x Lima."), EXTRA_SENTENCE]
    tokenizer = _train_tokenizer(folder, corpus * 3)
    torch.manual_seed(seed)
    config = Qwen2Config(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        tie_word_embeddings=True,
        bos_token_id=None,
        eos_token_id=tokenizer.convert_tokens_to_ids("<|im_end|>"),
        pad_token_id=tokenizer.pad_token_id,
    )
    model = Qwen2ForCausalLM(config)
    _train(model, _examples(tokenizer), tokenizer.pad_token_id, steps, seed)
    # sampling and a repetition penalty, as chat models ship them: the engine must not follow these
    model.generation_config.update(do_sample=True, temperature=0.7, top_p=0.8, top_k=20, repetition_penalty=1.05)
    model.save_pretrained(folder)
    (folder / "mtedit.json").write_text(json.dumps(PROMPT, indent=1), encoding="utf-8")
    return folder
