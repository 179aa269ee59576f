"""Speed of the causal (LLM) engine's model work for the shipped LLMs' shapes, without downloading them.

    python bench/bench_causal.py --shape qwen2.5-0.5b --shape smollm2-360m [--batch 8] [--device cpu]

Builds each model from its published architecture (layers, widths, vocabulary) with random weights, so
the arithmetic is the real model's while the text is not: prompts are random token ids of the length of
mtedit's ape prompt, and generation is forced to a fixed answer length (random weights never stop). Per
batch it times, in one run:
  generate         greedy generation of the answers (left-padded batch)
  score:separate   forced decoding of fix and draft, one pass over prompt + answer each (the baseline)
  score:shared     the engine's way: one pass over each prompt, both answers on top of its cache
and prints sentences/s of the engine's whole model work (generate + shared scoring) and the ratio of
shared to separate scoring. Real answers end when the model says so, usually before the forced length.
"""

from __future__ import annotations

import argparse
import random
import time

# Published configs (config.json of Qwen/Qwen2.5-0.5B-Instruct and HuggingFaceTB/SmolLM2-360M-Instruct).
SHAPES = {
    "qwen2.5-0.5b": dict(
        model_type="qwen2", vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
        num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=32768, tie_word_embeddings=True,
        rope_theta=1000000.0, rms_norm_eps=1e-6,
    ),
    "smollm2-360m": dict(
        model_type="llama", vocab_size=49152, hidden_size=960, intermediate_size=2560, num_hidden_layers=32,
        num_attention_heads=15, num_key_value_heads=5, max_position_embeddings=8192, tie_word_embeddings=True,
        rope_theta=100000.0, rms_norm_eps=1e-5,
    ),
}  # fmt: skip


def build(shape: str, device: str, dtype_name: str):
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    values = dict(SHAPES[shape])
    config = AutoConfig.for_model(values.pop("model_type"), **values)
    torch.manual_seed(0)
    dtype = getattr(torch, dtype_name)
    return AutoModelForCausalLM.from_config(config, dtype=dtype).to(device).eval()


def timed(function):
    import torch

    if torch.cuda.is_available():
        torch.cuda.synchronize()
    start = time.perf_counter()
    result = function()
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return time.perf_counter() - start, result


def run(shape: str, args: argparse.Namespace) -> dict[str, float]:
    import torch
    from transformers import GenerationConfig

    from mtedit.engines.causal import cache_argument, score_answers

    model = build(shape, args.device, args.dtype)
    vocab = model.config.vocab_size
    rng = random.Random(0)
    pad = 0
    cache_arg = cache_argument(model)

    def batch_of(size: int) -> tuple[list[list[int]], list[list[int]], list[list[int]]]:
        prompts = [[rng.randrange(1, vocab) for _ in range(int(args.prompt_tokens * rng.uniform(0.85, 1.15)))]
                   for _ in range(size)]  # fmt: skip
        answers = [[rng.randrange(1, vocab) for _ in range(args.answer_tokens)] for _ in range(2 * size)]
        return prompts, answers[:size], answers[size:]

    def generate(prompts: list[list[int]]):
        width = max(len(p) for p in prompts)
        ids = torch.tensor([[pad] * (width - len(p)) + p for p in prompts], device=args.device)
        mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts], device=args.device)
        settings = GenerationConfig(
            do_sample=False, max_new_tokens=args.answer_tokens, min_new_tokens=args.answer_tokens,
            pad_token_id=pad, eos_token_id=vocab - 1,
        )  # fmt: skip
        with torch.inference_mode():
            return model.generate(input_ids=ids, attention_mask=mask, generation_config=settings)

    def separate(prompts, fixes, drafts):
        return (score_answers(model, prompts, list(enumerate(fixes)), pad, cache_arg)
                + score_answers(model, prompts, list(enumerate(drafts)), pad, cache_arg))  # fmt: skip

    def shared(prompts, fixes, drafts):
        pairs = [(b, f) for b, f in enumerate(fixes)] + [(b, d) for b, d in enumerate(drafts)]
        return score_answers(model, prompts, pairs, pad, cache_arg)

    warm = batch_of(2)
    generate(warm[0]), shared(*warm), separate(*warm)
    totals = {"generate": 0.0, "score:separate": 0.0, "score:shared": 0.0}
    for _ in range(args.batches):
        prompts, fixes, drafts = batch_of(args.batch)
        totals["generate"] += timed(lambda: generate(prompts))[0]
        seconds_a, a = timed(lambda: separate(prompts, fixes, drafts))
        seconds_b, b = timed(lambda: shared(prompts, fixes, drafts))
        totals["score:separate"] += seconds_a
        totals["score:shared"] += seconds_b
        worst = max(abs(x - y) for x, y in zip(a, b))
        assert worst < (1e-3 if args.dtype == "float32" else 5e-2), f"shared scoring differs by {worst}"
    n = args.batch * args.batches
    return {key: value / n for key, value in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="repeatable; default: all")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--batches", type=int, default=1)
    parser.add_argument("--prompt-tokens", type=int, default=170, help="about mtedit's ape prompt with one sentence")
    parser.add_argument("--answer-tokens", type=int, default=36, help="about one news sentence")
    args = parser.parse_args()
    import torch

    print(f"device {args.device} dtype {args.dtype} threads {torch.get_num_threads()} batch {args.batch} "
          f"x{args.batches} prompt ~{args.prompt_tokens} answer {args.answer_tokens} tokens")  # fmt: skip
    for shape in args.shape or sorted(SHAPES):
        per = run(shape, args)
        engine = per["generate"] + per["score:shared"]
        print(
            f"{shape:<14} s/sentence: generate {per['generate']:.3f}  score:separate {per['score:separate']:.3f}  "
            f"score:shared {per['score:shared']:.3f} (x{per['score:separate'] / per['score:shared']:.2f} faster)  "
            f"engine {1 / engine:.2f} sentences/s (x{(per['generate'] + per['score:separate']) / engine:.2f} "
            "vs separate scoring)"
        )


if __name__ == "__main__":
    main()
