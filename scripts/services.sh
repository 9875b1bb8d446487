#!/usr/bin/env bash
# Install (apt, when missing) and start PostgreSQL and Redis for the tests; create the test role and database.
set -euo pipefail

PG_ROLE=${PG_ROLE:-poc_tracker}
PG_DB=${PG_DB:-poc_tracker_test}
REDIS_PORT=${REDIS_PORT:-6379}

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "services: installing ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# PostgreSQL
PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$PG_VERSION main"; then
  pg_createcluster "$PG_VERSION" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$PG_VERSION main .* online"; then
  pg_ctlcluster "$PG_VERSION" main start
fi
for _ in $(seq 1 30); do pg_isready -q && break; sleep 0.5; done
psql_su() { if [ "$(id -u)" = 0 ]; then su postgres -c "psql -qtAX $*"; else sudo -u postgres psql -qtAX "$@"; fi; }
# Usual tuning: a quarter of the RAM for shared buffers (at most 4 GB), SSD page costs.
mem_mb=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
buffers_mb=$(( mem_mb / 4 > 4096 ? 4096 : mem_mb / 4 ))
current_mb=$(psql_su "-c \"SELECT setting::bigint / 128 FROM pg_settings WHERE name = 'shared_buffers'\"")
if [ "$current_mb" != "$buffers_mb" ] && [ "$buffers_mb" -ge 128 ]; then
  psql_su "-c \"ALTER SYSTEM SET shared_buffers = '${buffers_mb}MB'\"" >/dev/null
  psql_su "-c \"ALTER SYSTEM SET effective_cache_size = '$(( mem_mb / 2 ))MB'\"" >/dev/null
  psql_su "-c \"ALTER SYSTEM SET random_page_cost = 1.1\"" >/dev/null
  pg_ctlcluster "$PG_VERSION" main restart
  for _ in $(seq 1 30); do pg_isready -q && break; sleep 0.5; done
fi
if [ "$(psql_su "-c \"SELECT 1 FROM pg_roles WHERE rolname='$PG_ROLE'\"")" != "1" ]; then
  psql_su "-c \"CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_ROLE' NOSUPERUSER CREATEDB\""
fi
for db in "$PG_DB" poc_tracker; do
  if [ "$(psql_su "-c \"SELECT 1 FROM pg_database WHERE datname='$db'\"")" != "1" ]; then
    psql_su "-c \"CREATE DATABASE $db OWNER $PG_ROLE\""
  fi
done

# Redis
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
  for _ in $(seq 1 20); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.25; done
fi
echo "services: PostgreSQL $PG_VERSION and Redis on :$REDIS_PORT are up"
