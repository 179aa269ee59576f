#!/usr/bin/env bash
# Installs mtedit and post-edits the sample story with the default engine, printing every change.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
.venv/bin/mtedit convert refine   # the bundled model's int8 ctranslate2 copy (both engines share it): several times faster
.venv/bin/mtedit engines
echo "== the English draft alone (bundled model, default engine: refine)"
.venv/bin/mtedit correct samples/story.en.txt --show -o out/story.draft-only.fixed.txt
echo "== with the Spanish source (bundled model, ape mode; the checks use the source, and flagged figures, names and credits are repaired from it)"
.venv/bin/mtedit correct samples/story.en.txt --source samples/story.es.txt --engine ape --show -o out/story.fixed.txt
echo "== corrected story: out/story.fixed.txt"
cat out/story.fixed.txt
