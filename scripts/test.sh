#!/usr/bin/env bash
# Start PostgreSQL and Redis (installing them when missing), make sure Chromium is there, run lint and tests.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash scripts/services.sh
dev_stamp=".venv/.installed-dev-$(sha256sum requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)"
if [ ! -f "$dev_stamp" ]; then
  echo "test: installing the test-only Python packages (requirements-dev.txt)"
  .venv/bin/pip install -q -r requirements-dev.txt
  touch "$dev_stamp"
fi
# Debian packages the tests drive for real: Chromium (browser tests), promtool (alert rules), HAProxy (drills),
# pdftoppm (reports).
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium fonts-noto-core)
command -v promtool >/dev/null || need_apt+=(prometheus)
command -v haproxy >/dev/null || need_apt+=(haproxy)
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)  # the report tests turn a PDF page into a PNG
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test: installing Debian's ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# checkov's pins clash with the app's: it lives in a venv of its own (scripts/checkov.sh builds it)
bash scripts/checkov.sh --install-only
# shellcheck source=scripts/env.sh
source scripts/env.sh
export POC_TRACKER_TEST_POSTGRES_URL="${POC_TRACKER_TEST_POSTGRES_URL:-postgresql://poc_tracker:poc_tracker@127.0.0.1:5432/poc_tracker_test}"
export POC_TRACKER_TEST_REDIS_URL="${POC_TRACKER_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
# The OpenID provider the SSO tests sign in through (npm's oidc-provider, run by Node from tools/).
oidc_stamp="tests/oidc_provider/node_modules/.installed-$(sha256sum tests/oidc_provider/package-lock.json | cut -c1-16)"
if [ ! -f "$oidc_stamp" ]; then
  echo "test: installing the test OpenID provider (tests/oidc_provider)"
  (cd tests/oidc_provider && npm ci --no-audit --no-fund --silent)
  touch "$oidc_stamp"
fi
# axe-core for the accessibility checks the browser tests inject into each page (tests/e2e/axe_support.py).
axe_stamp="tests/axe/node_modules/.installed-$(sha256sum tests/axe/package-lock.json | cut -c1-16)"
if [ ! -f "$axe_stamp" ]; then
  echo "test: installing axe-core (tests/axe)"
  (cd tests/axe && npm ci --no-audit --no-fund --silent)
  touch "$axe_stamp"
fi
ruff check .
ruff format --check .
python -m pytest "$@"
