#!/usr/bin/env bash
# Serve POC Tracker on the embedded profile: the web process (UI + API on one port) and a Celery worker
# with its beat. A worker that dies is started again (after 1 s, doubling up to 30 s while it keeps
# dying young); the web process keeps serving meanwhile. Ctrl-C (or SIGTERM) stops everything; so does
# the web process stopping.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
PORT="${POC_TRACKER_PORT:-3000}"
# Request logs are for operators (`make prod`, or set POC_TRACKER_LOG_LEVEL=INFO); a newcomer sees progress.
export POC_TRACKER_LOG_LEVEL="${POC_TRACKER_LOG_LEVEL:-WARNING}"

say() { echo "[run.sh $(date -u +%H:%M:%S)] $*" >&2; }

# Each child leads its own process group (setsid), so a group takes its children (Celery's pool and beat).
os_pid="" worker_pid="" web_pid="" ready_pid=""
# Background jobs of a script ignore SIGINT, so the children are stopped with SIGTERM (then SIGKILL).
stop() {
  trap - INT TERM EXIT
  say "Parando…"
  if [ -n "$ready_pid" ]; then kill "$ready_pid" 2>/dev/null || true; fi
  local pids=($os_pid $worker_pid $web_pid)
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 40); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.25
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# POC_TRACKER_SEARCH_BACKEND=opensearch: start the embedded node (infra/opensearch) unless one answers.
if [ "${POC_TRACKER_SEARCH_BACKEND:-}" = "opensearch" ]; then
  export POC_TRACKER_OPENSEARCH_URL="${POC_TRACKER_OPENSEARCH_URL:-http://127.0.0.1:9200}"
  os_port="${POC_TRACKER_OPENSEARCH_URL##*:}"; os_port="${os_port%%/*}"
  if ! curl -fs "http://127.0.0.1:$os_port/_cluster/health" >/dev/null 2>&1; then
    setsid bash infra/opensearch/run.sh "$os_port" "${POC_TRACKER_DATA_DIR:-data}/opensearch" &
    os_pid=$!
    for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$os_port/_cluster/health" >/dev/null 2>&1 && break; sleep 1; done
  fi
fi

start_worker() {
  setsid celery --quiet -A tasks.celery_app:celery worker -B -Q default,index,reports,videos \
    --concurrency 1 --loglevel WARNING --schedule "${POC_TRACKER_DATA_DIR:-data}/celerybeat-schedule" &
  worker_pid=$! worker_started=$SECONDS
  say "worker iniciado (pid $worker_pid)"
}

# Say once, when the app answers, where it is (the build takes minutes the first time).
announce_ready() {
  for _ in $(seq 1 900); do
    if curl -fs -o /dev/null "http://localhost:$PORT/healthz" && curl -fs -o /dev/null "http://localhost:$PORT/login"; then
      echo "POC Tracker pronto em http://localhost:$PORT  (API: http://localhost:$PORT/api/v1/docs). Ctrl-C para parar."
      return 0
    fi
    sleep 1
  done
}

echo "Preparando o POC Tracker (a primeira vez leva alguns minutos)…"
start_worker
# Reflex's console goes through a filter (scripts/run_output.py): its progress and errors show, its advice for
# Reflex's own projects and its harmless "page redefined" warnings do not. COLUMNS keeps its lines unwrapped.
COLUMNS=200 setsid reflex run --env prod --frontend-port "$PORT" --backend-port "$PORT" \
  > >(python scripts/run_output.py) 2>&1 &
web_pid=$!
announce_ready &
ready_pid=$!

backoff=1
while true; do
  status=0
  wait -n -p ended || status=$?  # the first child to end (a trapped signal interrupts the wait)
  if [ "${ended:-}" = "$web_pid" ]; then
    say "o processo web terminou (código $status); parando o resto"
    exit "$status"
  elif [ "${ended:-}" = "$worker_pid" ]; then
    kill -KILL -- "-$worker_pid" 2>/dev/null || true  # what is left of its group: pool, beat
    if [ $((SECONDS - worker_started)) -ge 60 ]; then backoff=1; fi  # it had been running: no crash loop
    say "o worker (pid $worker_pid) terminou (código $status); reiniciando em ${backoff}s"
    sleep "$backoff"
    backoff=$((backoff * 2 > 30 ? 30 : backoff * 2))
    start_worker
  elif [ -n "${ended:-}" ] && [ "$ended" = "$os_pid" ]; then
    say "o nó OpenSearch terminou (código $status); a busca falhará até ele voltar"
    os_pid=""
  fi
  ended=""
done
