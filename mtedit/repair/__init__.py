"""Repairs: source-grounded edits of the spans the checks flag, on the draft and on the model's proposal.

One module per kind (numbers, names, style for credits/datelines/hygiene, glossary) turns flags into
edits; `stage.repair_text` applies them and keeps only what the checks confirm.
"""

from mtedit.repair.settings import repair_options, repair_settings
from mtedit.repair.stage import KINDS, RepairOptions, Repaired, better, repair_reason, repair_text

__all__ = ["KINDS", "RepairOptions", "Repaired", "better", "repair_options", "repair_settings", "repair_reason", "repair_text"]
