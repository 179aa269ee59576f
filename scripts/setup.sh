#!/usr/bin/env bash
# Installs mtedit into ./.venv with what it needs. `scripts/setup.sh --dev` adds the test tools and chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
debs="apertium apertium-eng-spa"
[ "$dev" = 1 ] && debs="$debs chromium"
missing=""
for deb in $debs; do
  dpkg -s "$deb" >/dev/null 2>&1 || missing="$missing $deb"
done
if [ -n "$missing" ]; then
  echo "== installing Debian packages:$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
# torch first and pinned: the CPU build; a bare `torch` requirement could pull a multi-GB CUDA build.
.venv/bin/python -m pip install -q --disable-pip-version-check torch==2.13.0
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[fast]"
fi
echo "== mtedit installed in .venv ($(.venv/bin/mtedit --version))"
