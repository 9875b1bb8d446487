#!/usr/bin/env bash
# Scan the Dockerfile, the compose file, Terraform and Kubernetes files with checkov (in its own venv: its pins
# clash with the app's). --install-only builds the venv; otherwise prints checkov's JSON report on stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv-checkov"
stamp="$VENV/.installed-$(sha256sum infra/checkov/requirements.txt | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "checkov: installing its pinned packages into .venv-checkov" >&2
  PY="$(command -v python3.11 || command -v python3)"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q -r infra/checkov/requirements.txt >&2
  touch "$stamp"
fi
[ "${1:-}" = "--install-only" ] && exit 0
exec "$VENV/bin/checkov" --output json --skip-download \
  --config-file infra/checkov/config.yml "$@"
