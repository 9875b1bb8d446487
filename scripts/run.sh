#!/usr/bin/env bash
# Serve POC Tracker on the embedded profile: the web process (UI + API on one port) and a Celery worker
# with its beat. Ctrl-C stops both.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
PORT="${POC_TRACKER_PORT:-3000}"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -INT -- "-$pid" 2>/dev/null || kill -INT "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

setsid celery -A tasks.celery_app:celery worker -B -Q default,index,reports,videos \
  --concurrency 1 --loglevel INFO --schedule "${POC_TRACKER_DATA_DIR:-data}/celerybeat-schedule" &
pids+=($!)
setsid reflex run --env prod --frontend-port "$PORT" --backend-port "$PORT" &
pids+=($!)
echo "POC Tracker: http://localhost:$PORT  (API: http://localhost:$PORT/api/v1/docs). Ctrl-C para parar."
wait -n "${pids[@]}"
