#!/usr/bin/env bash
# Lighthouse scores (mobile, throttled) of the sign-in page and of the home page of a signed-in user, then
# cold and warm page loads measured with Playwright (bench/page_load.py). Needs a running app:
#   bench/lighthouse.sh [BASE_URL]        # default http://localhost:3116
# Lighthouse 12 comes from npm (npx lighthouse@12.2.3, fine on Node 20) and drives Debian's Chromium.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE="${1:-http://localhost:3116}"
BASE="${BASE%/}"
OUT="${OUT:-$(mktemp -d /tmp/poc-tracker-lighthouse.XXXX)}"
PROFILE="$OUT/profile"
PORT="${CDP_PORT:-9339}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
lighthouse() {  # URL first: yargs would take it for one more --only-categories value
  local url="$1"; shift
  npx --yes lighthouse@12.2.3 "$url" --quiet --output=json \
    --only-categories=performance,accessibility,best-practices,seo "$@"
}
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh

# Sign-in page: a fresh profile (Lighthouse's default: storage cleared, cold cache).
lighthouse "$BASE/login" --chrome-flags="$CHROME_FLAGS" --output-path="$OUT/login.json"

# Home page: a profile signed in through the UI, HTTP cache and service worker removed, then Lighthouse
# attached to that Chromium without clearing storage (the sign-in lives in localStorage).
python bench/page_load.py "$BASE" --profile "$PROFILE" --prepare-only
# shellcheck disable=SC2086
"$CHROME_PATH" $CHROME_FLAGS --remote-debugging-port="$PORT" --user-data-dir="$PROFILE" about:blank \
  >"$OUT/chromium.log" 2>&1 &
CHROME_PID=$!
trap 'kill "$CHROME_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/json/version" >/dev/null && break; sleep 0.2; done
lighthouse "$BASE/" --port="$PORT" --disable-storage-reset --output-path="$OUT/home.json"
kill "$CHROME_PID" 2>/dev/null || true

python - "$OUT/login.json" "$OUT/home.json" <<'PY'
import json, sys
print(f"{'page':24} {'perf':>4} {'a11y':>4} {'best':>4} {'seo':>4} {'transfer':>9} {'FCP':>6} {'LCP':>6} {'TBT':>5} {'CLS':>5}")
for path in sys.argv[1:]:
    r = json.load(open(path))
    c, a = r["categories"], r["audits"]
    score = lambda k: round(c[k]["score"] * 100) if c[k]["score"] is not None else "-"
    print(f"{r['finalDisplayedUrl'][:24]:24} {score('performance'):>4} {score('accessibility'):>4} "
          f"{score('best-practices'):>4} {score('seo'):>4} {a['total-byte-weight']['numericValue'] / 1024:7.0f} kB "
          f"{a['first-contentful-paint']['displayValue']:>6} {a['largest-contentful-paint']['displayValue']:>6} "
          f"{a['total-blocking-time']['displayValue']:>5} {a['cumulative-layout-shift']['displayValue']:>5}")
PY
echo "reports: $OUT/login.json $OUT/home.json"
echo
python bench/page_load.py "$BASE" --profile "$OUT/profile-load" --runs "${RUNS:-3}"
