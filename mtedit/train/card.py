"""A model card (README.md) for an exported post-editing model, from what the checkpoint records."""

from __future__ import annotations

from typing import Any

METRIC_ROWS = (("draft", "Apertium draft"), ("ape", "fix, `ape` (source + draft)"), ("refine", "fix, `refine` (draft only)"))


def model_card(meta: dict[str, Any], params: int, model_settings: dict[str, Any], vocab_size: int,
               data_stats: dict[str, Any] | None) -> str:
    """Markdown model card; the lead adds full `mtedit eval` results below the training-time numbers."""
    m = model_settings
    hours = (meta.get("train_seconds") or 0) / 3600
    lines = [
        f"# {meta.get('name') or 'mtedit post-editing model'}",
        "",
        "Compact Marian encoder-decoder that post-edits Spanish->English machine translation of news.",
        f"Input `ape`: `{meta['ape_template']}`; input `refine` (no source): `{meta['refine_template']}`.",
        "Output: the corrected English sentence. Templates are also in `mtedit.json`.",
        "",
        "## Model",
        "",
        f"- Marian, d_model {m['d_model']}, {m['encoder_layers']} encoder / {m['decoder_layers']} decoder layers, "
        f"{m['heads']} heads, FFN {m['ffn_dim']}, shared and tied embeddings; {params / 1e6:.1f}M parameters, "
        f"{meta.get('weights', 'fp32')} safetensors.",
        f"- Joint sentencepiece vocabulary of {vocab_size} pieces over Spanish and English, separator `{meta['sep']}`.",
        "",
        "## Data",
        "",
        "- Synthetic triples: English news (en-news-mono, WMT test sets 2008-2021 without any es-en test sentence)"
        " round-tripped English->Spanish->English with Apertium; source = the Spanish, draft = the round trip,"
        " target = the original.",
        "- Real triples: WMT news-test2008, newssyscomb2009, newstest2009-2011 (Spanish, Apertium draft, human English),"
        " upsampled; Tatoeba es-en (short everyday sentences) once.",
        "- Filtered by length, length ratio and garbage; drafts already equal to the target kept so the model learns"
        " to leave good text alone. 30% of examples have the source left out (`refine` form).",
        "- Dev: newstest2012 with the shipped Apertium drafts, never trained on.",
    ]
    if (data_stats or {}).get("variants"):
        lines.append("- Draft variants: the source translated again by another Apertium mode, kept where the draft differs.")
    if (data_stats or {}).get("round_trips_real"):
        lines.append("- Round trips of the real sets' English, paired with their human Spanish.")
    if data_stats:
        lines.append("- Counts: " + ", ".join(f"{k} {v:,}" for k, v in data_stats.items()) + ".")
    averaged = meta.get("averaged_steps") or []
    weights = (f"; weights averaged over the checkpoints of steps {', '.join(f'{s:,}' for s in averaged)}"
               if averaged else "")
    run = meta.get("name") or "ape-small"
    export = (" ".join(f"--checkpoint runs/{run}/checkpoints/step-{s:08d}.pt" for s in averaged)
              if averaged else f"--checkpoint runs/{run}/checkpoints/best.pt")
    cooldown = meta.get("cooldown_steps")
    schedule = (f", then linear cooldown to zero over steps {cooldown[0]:,}-{cooldown[1]:,}" if cooldown else "")
    lines += [
        "",
        "## Training",
        "",
        f"- Step {meta.get('step') or 0:,}, {_hardware(meta, hours)} with bf16 autocast; AdamW, warmup +"
        f" inverse square root{schedule}, label smoothing 0.1, batches by token count{weights}.",
    ]
    lines += _warm_start_lines(meta.get("init_from"), hours)
    lines += [
        f"- Reproduce: `mtedit train data --config configs/train/{run}.toml`, then"
        f" `mtedit train --config configs/train/{run}.toml [--resume]`, then"
        f" `mtedit train export {export} --out models/<name>`.",
    ]
    metrics = meta.get("dev_metrics") or {}
    if metrics:
        lines += ["", "## Dev scores at export (greedy, fixed 300-sentence sample of newstest2012, no gate)", "",
                  "| output | chrF | TER |", "|---|---|---|"]
        for key, label in METRIC_ROWS:
            if f"{key}_chrf" in metrics:
                lines.append(f"| {label} | {metrics[f'{key}_chrf']:.1f} | {metrics[f'{key}_ter']:.1f} |")
    lines += [
        "",
        "## Limits",
        "",
        "- Trained on Apertium output: it corrects Apertium-style errors best; other MT systems' errors less so.",
        "- Small model, short training on CPU: it may drop or invent content; use with the do-no-harm gate and checks.",
        "- News domain, sentence level; no document context.",
        "- Training data: WMT test sets (research use) and Tatoeba (CC-BY 2.0 FR); see the data README.",
        "",
    ]
    return "\n".join(lines)


def _warm_start_lines(init: dict[str, Any] | None, hours: float) -> list[str]:
    """What a warm-started run started from, back to the first run of the chain, and the hours in all."""
    lines, total = [], hours
    while init:
        before = (init.get("train_seconds") or 0) / 3600
        total += before
        lines.append(f"- Started from the weights of `{init.get('path')}` ({init.get('name') or 'a model'},"
                     f" step {init.get('step') or 0:,}, {before:.1f} h of training).")
        init = init.get("previous")
    if lines:
        lines.append(f"- Training time in all: {total:.1f} h.")
    return lines


def _hardware(meta: dict[str, Any], hours: float) -> str:
    """How long on what: hours on the CPU, minutes on a GPU."""
    if meta.get("device"):
        return f"{hours * 60:.1f} min on one {meta['device']}"
    return f"{hours:.1f} h on 2 shared CPU cores"
