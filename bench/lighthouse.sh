#!/usr/bin/env bash
# Lighthouse (mobile) on /login, home, /pocs and a POC page, then sign-in → dashboard and page-open times
# (Playwright, median of N), against the production build served as `make prod` serves it (HAProxy, one web
# process, workers; bench/prodserver.py) — or against an app already running:
#   bench/lighthouse.sh [BASE_URL] [--runs N]
# Lighthouse is installed from npm under bench/lighthouse/ (pinned, package-lock.json) and drives Debian's
# /usr/bin/chromium: no browser is downloaded. Without BASE_URL the database at $POC_TRACKER_BENCH_DATABASE_URL
# (else $POC_TRACKER_TEST_POSTGRES_URL) is WIPED and the frontend is built (a few minutes).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
if [ ! -x bench/lighthouse/node_modules/.bin/lighthouse ]; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
fi
BASE=""
if [ $# -gt 0 ] && [[ "$1" != --* ]]; then BASE="$1"; shift; fi
if [ -z "$BASE" ]; then
  # One app for both measurements: start it here, stop it on exit.
  exec python - "$@" <<'PY'
import subprocess, sys
sys.path.insert(0, "bench")
from prodserver import prod_app
with prod_app() as app:
    print(f"app: {app.base} (production build, 1 web process behind HAProxy)", flush=True)
    failed = subprocess.run([sys.executable, "bench/lighthouse.py", app.base, *sys.argv[1:]]).returncode
    failed |= subprocess.run([sys.executable, "bench/interactive.py", app.base, *sys.argv[1:]]).returncode
sys.exit(failed)
PY
fi
python bench/lighthouse.py "$BASE" "$@"
python bench/interactive.py "$BASE" "$@"
