"""The minimal-edit post-editing prompt for instruction-tuned LLMs, rendered with the model's chat template.

ape: the Spanish source and the English draft; refine: the draft alone (also ape's fallback for a
segment without a source). The prompt asks for the corrected sentence only, with as few changes as
possible and the draft repeated when it is already right. A tokenizer without a chat template gets
the same text as a plain prompt ending in a label line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from mtedit.engines.seq2seq import fill
from mtedit.errors import ConfigError
from mtedit.types import Segment

PROMPT_VERSION = "minimal-edit-1"  # part of the engine signature: change it when the wording changes

SYSTEM = (
    "You are a copy editor on an English-language news desk. You correct machine translations of Spanish news "
    "copy with as few changes as possible."
)
_RULES = (
    "Fix only real errors: {what}. Keep every word that is already right, and the punctuation. "
    "If it is already correct, repeat it unchanged.\n"
    "Reply with the corrected English text only: no quotes, no labels, no explanations."
)
APE_REQUEST = (
    "Spanish original:\n{source}\n\nEnglish machine translation:\n{draft}\n\n"
    "Correct the English translation against the Spanish original. "
    + _RULES.format(what="meaning, names, numbers, word order, grammar and unidiomatic wording")
)
REFINE_REQUEST = (
    "English machine translation of a Spanish news sentence:\n{draft}\n\n"
    "Correct it. " + _RULES.format(what="grammar, word order, wrong words and unidiomatic wording")
)
PLAIN_ANSWER_LABEL = "Corrected English:"


@dataclass(frozen=True)
class PromptBuilder:
    """Segment -> the prompt text the model continues (chat template applied when the tokenizer has one).

    A model folder's mtedit.json may replace the wording (a model fine-tuned on its own prompt):
    `system_prompt` ("" for none), `ape_template` ({source} and {draft}), `refine_template` ({draft}).
    """

    mode: str
    tokenizer: Any
    system: str = SYSTEM
    ape_request: str = APE_REQUEST
    refine_request: str = REFINE_REQUEST

    @classmethod
    def for_model(cls, engine: str, mode: str, tokenizer: Any, meta: dict[str, Any]) -> PromptBuilder:
        """The default prompt with whatever the model folder's mtedit.json replaces."""
        system = meta.get("system_prompt", SYSTEM)
        ape, refine = meta.get("ape_template", APE_REQUEST), meta.get("refine_template", REFINE_REQUEST)
        if not isinstance(system, str) or "{draft}" not in refine or "{source}" not in ape or "{draft}" not in ape:
            raise ConfigError(
                f"engine {engine}: the model's mtedit.json needs a string system_prompt, an ape_template with "
                "{source} and {draft} and a refine_template with {draft}"
            )
        return cls(mode, tokenizer, system, ape, refine)

    @property
    def version(self) -> str:
        """PROMPT_VERSION for the built-in wording, else a short hash of the model's own."""
        if (self.system, self.ape_request, self.refine_request) == (SYSTEM, APE_REQUEST, REFINE_REQUEST):
            return PROMPT_VERSION
        text = "\0".join((self.system, self.ape_request, self.refine_request))
        return "model-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]

    def request(self, segment: Segment) -> str:
        """The user turn: source and draft (ape with a source) or the draft alone."""
        if self.mode == "ape" and (segment.source or "").strip():
            return fill(self.ape_request, source=segment.source or "", draft=segment.draft)
        return fill(self.refine_request, draft=segment.draft)

    @property
    def uses_chat_template(self) -> bool:
        return bool(getattr(self.tokenizer, "chat_template", None))

    def __call__(self, segment: Segment) -> str:
        request = self.request(segment)
        if not self.uses_chat_template:
            return "\n\n".join(part for part in (self.system, request, PLAIN_ANSWER_LABEL) if part) + "\n"
        if not self.system:
            return self._render([{"role": "user", "content": request}])
        messages = [{"role": "system", "content": self.system}, {"role": "user", "content": request}]
        from jinja2 import TemplateError

        try:
            return self._render(messages)
        except TemplateError:  # a template without a system role (Gemma, Mistral) raises from inside jinja
            return self._render([{"role": "user", "content": f"{self.system}\n\n{request}"}])

    def after_answer(self) -> str:
        """What the chat template writes right after an assistant answer ("<|im_end|>\\n"), "" without one."""
        if not self.uses_chat_template:
            return ""
        from jinja2 import TemplateError

        marker = "\ue000answer\ue000"
        messages = [{"role": "user", "content": "x"}, {"role": "assistant", "content": marker}]
        try:
            text = str(self.tokenizer.apply_chat_template(messages, tokenize=False))
        except TemplateError:
            return ""
        return text.split(marker, 1)[1] if marker in text else ""

    def _render(self, messages: list[dict[str, str]]) -> str:
        return str(self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))
