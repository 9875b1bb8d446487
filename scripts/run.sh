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
# Background jobs of a script ignore SIGINT, so the children are stopped with SIGTERM (then SIGKILL).
stop() {
  trap - INT TERM EXIT
  echo "Parando…"
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 40); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.25
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}
trap stop INT TERM EXIT

# POC_TRACKER_SEARCH_BACKEND=opensearch: start the embedded node (infra/opensearch) unless one answers.
if [ "${POC_TRACKER_SEARCH_BACKEND:-}" = "opensearch" ]; then
  export POC_TRACKER_OPENSEARCH_URL="${POC_TRACKER_OPENSEARCH_URL:-http://127.0.0.1:9200}"
  os_port="${POC_TRACKER_OPENSEARCH_URL##*:}"; os_port="${os_port%%/*}"
  if ! curl -fs "http://127.0.0.1:$os_port/_cluster/health" >/dev/null 2>&1; then
    setsid bash infra/opensearch/run.sh "$os_port" "${POC_TRACKER_DATA_DIR:-data}/opensearch" &
    pids+=($!)
    for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$os_port/_cluster/health" >/dev/null 2>&1 && break; sleep 1; done
  fi
fi

setsid celery -A tasks.celery_app:celery worker -B -Q default,index,reports,videos \
  --concurrency 1 --loglevel INFO --schedule "${POC_TRACKER_DATA_DIR:-data}/celerybeat-schedule" &
pids+=($!)
setsid reflex run --env prod --frontend-port "$PORT" --backend-port "$PORT" &
pids+=($!)
echo "POC Tracker: http://localhost:$PORT  (API: http://localhost:$PORT/api/v1/docs). Ctrl-C para parar."
wait -n "${pids[@]}"
