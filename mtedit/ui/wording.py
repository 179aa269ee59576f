"""Plain words for the page: why the gate kept the draft or took the fix, what risk means, what an engine does."""

from __future__ import annotations

import re
from typing import Any

FURNITURE = "furniture"  # the reason given to a line set aside as not story text

_KINDS = {
    "number-changed": "a changed number", "number-missing": "a missing number", "number-added": "an added number",
    "number-format": "a Spanish-style number", "number-malformed": "a malformed number",
    "name-missing": "a missing name", "name-unexpected": "a name not in the source", "credit": "an agency credit",
    "glossary": "a glossary term", "untranslated": "an untranslated word", "repeated-word": "a repeated word",
    "double-space": "a double space", "final-punct": "missing end punctuation", "unbalanced": "an unbalanced quote",
}


def _kinds(text: str) -> str:
    return ", ".join(_KINDS.get(k, k.replace("-", " ")) for k in text.split(",") if k)


def _number(text: str) -> float:
    return float(text.strip())


def reason(code: str, changed: bool) -> str:
    """The gate's reason code (`fix-not-better:+0.251<0.400`) in plain words."""
    word, _, detail = code.partition(":")
    if word == FURNITURE:
        return "page furniture (a banner, a prompt, a byline): left out of the work and exported as it was"
    if word == "identical":
        return "the model proposed no change"
    if word == "empty-fix":
        return "the model proposed nothing; the draft stays"
    if word == "fix-adds-error":
        return f"draft kept: the model's version brings {_kinds(detail)}, an error the draft does not have"
    if word == "fix-adds-warning":
        return f"draft kept: the model's version brings {_kinds(detail)}, a problem the draft does not have"
    m = re.fullmatch(r"([\d.]+)>([\d.]+)", detail)
    if word == "too-different" and m:
        return (f"draft kept: the model's version rewrites {_number(m[1]):.0%} of the words; more than "
                f"{_number(m[2]):.0%} is too risky to take without an editor")
    m = re.fullmatch(r"([+-]?[\d.]+)(>=|<)([\d.]+)", detail)
    if word == "fix-better" and m:
        return (f"fix taken: the model is clearly more confident in its version than in the draft "
                f"(gain {_number(m[1]):+.2f}, {_number(m[3]):.2f} needed)")
    if word == "fix-not-better" and m:
        return (f"draft kept: the model is not confident enough that its version is better "
                f"(gain {_number(m[1]):+.2f}, {_number(m[3]):.2f} needed)")
    if word == "unscored":
        return "fix taken: this engine gives no confidence score, so its version is shown as the fix"
    if word in ("missing-draft-score", "missing-fix-score", "score-nan"):
        return "draft kept: the model could not score one of the two versions"
    return ("fix taken" if changed else "draft kept") + (f" ({code})" if code else "")


def risk(value: float) -> str:
    """'risk 0.65 (high)' with what it means on hover."""
    level = "high" if value >= 0.5 else "medium" if value >= 0.2 else "low"
    return f"risk {value:.2f} ({level})"


RISK_HELP = ("Risk (0 to 1) is how likely the sentence still needs an editor: each error flag raises it a lot, each "
             "warning a little, and so do a draft the model finds unlikely and a model version far from the draft.")


def engine_label(name: str, cfg: Any) -> str:
    """'ape: the bundled post-editing model …' for the engine picker."""
    description = getattr(cfg, "description", "") or {
        "apertium": "rule-based re-translation of the source", "seq2seq": "a neural model"}.get(cfg.kind, cfg.kind)
    return f"{name}: {description}"


def error(message: str) -> str:
    """A library message reworded for the page where it names a command-line option."""
    return message.replace("pass --source", "paste the source too")
