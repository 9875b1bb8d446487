#!/usr/bin/env bash
# Create the virtual environment, install pinned dependencies, bun and Node 22 (npm), apply migrations.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "bootstrap: installing Python dependencies"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -r requirements.txt
  .venv/bin/pip install -q --no-deps -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# WeasyPrint (report PDFs) draws text with Pango and HarfBuzz, in fonts with Portuguese accents.
need_apt=()
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg -s "$lib" >/dev/null 2>&1 || need_apt+=("$lib")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need_apt[*]} for the report PDFs"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

tools_stamp="tools/node_modules/.installed-$(sha256sum tools/package.json | cut -c1-16)"
if [ ! -f "$tools_stamp" ]; then
  echo "bootstrap: installing bun and Node 22 from npm"
  (cd tools && npm install --no-audit --no-fund --loglevel=error)
  touch "$tools_stamp"
fi

# The Retrospectiva (issue 15) encodes with Debian's ffmpeg, rasterises SVG logos with cairo and draws with
# fonts that carry Portuguese accents.
need_apt=()
command -v ffmpeg >/dev/null || need_apt+=(ffmpeg)
ldconfig -p 2>/dev/null | grep -q "libcairo.so.2" || need_apt+=(libcairo2)
[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || need_apt+=(fonts-noto-core)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need_apt[*]} (Debian)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# shellcheck source=scripts/env.sh
source scripts/env.sh
poc-tracker migrate
