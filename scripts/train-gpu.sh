#!/usr/bin/env bash
# Trains a post-editing model from a packed folder in one call on a GPU machine (PyTorch, transformers,
# sentencepiece and sacrebleu installed; no network, no apertium, no shared data folder needed):
#
#   scripts/train-gpu.sh DATA_DIR OUT_DIR
#
# DATA_DIR: what `mtedit train pack` wrote (train.tsv.xz, dev.tsv, joint.spm, recipe.toml, stats.json).
# OUT_DIR gets model/ (the exported model folder), metrics.json (dev scores of the whole dev set, greedy, no
# gate; steps, tokens/s, data counts) and train-log.jsonl.
# Training stops at the recipe's max_minutes; a backstop sends SIGTERM a minute later (the loop checkpoints and
# stops) and SIGKILL 30 s after that. Checkpoints are written every checkpoint_minutes, so export and evaluation
# always find one. Environment: PYTHON (default python3), TRAIN_MINUTES (overrides max_minutes), DEVICE
# (overrides the recipe's device), WORK_DIR (checkpoints; default a fresh temporary folder), SPLIT_MIB (also
# pack model/ as model.tar.partNN files of at most that many MiB, and remove model/).
set -euo pipefail
if [ $# != 2 ]; then
  echo "usage: scripts/train-gpu.sh DATA_DIR OUT_DIR" >&2
  exit 2
fi
data=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
py=${PYTHON:-python3}
work=${WORK_DIR:-$(mktemp -d)}
started=$SECONDS
budget=$("$py" -m mtedit.train.oneshot prepare "$data" "$work" \
  ${TRAIN_MINUTES:+--minutes "$TRAIN_MINUTES"} ${DEVICE:+--device "$DEVICE"})
echo "== training for at most ${budget} s in $work"
status=0
timeout -s TERM -k 30 $((budget + 60)) "$py" -m mtedit.train.oneshot train "$work" || status=$?
if [ "$status" != 0 ]; then
  echo "== training ended with status $status; exporting what its checkpoints hold" >&2
fi
echo "== export and dev evaluation"
"$py" -m mtedit.train.oneshot finish "$work" "$out"
if [ -n "${SPLIT_MIB:-}" ]; then
  tar -C "$out" -cf - model | split -b "${SPLIT_MIB}M" -d - "$out/model.tar.part"
  rm -r "$out/model"
  echo "== model packed as $(cd "$out" && echo model.tar.part*); unpack with: cat model.tar.part* | tar -xf -"
fi
echo "== done in $((SECONDS - started)) s"
