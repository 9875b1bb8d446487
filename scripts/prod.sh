#!/usr/bin/env bash
# `make prod`: the production profile on one machine (PostgreSQL, Redis, OpenSearch, N web processes behind
# HAProxy, a Celery worker per queue family, beat). Options: python -m poc_tracker.cluster.prod --help.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash scripts/services.sh
if ! command -v haproxy >/dev/null; then
  echo "prod: installing Debian's haproxy"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq haproxy >/dev/null
fi
# shellcheck source=scripts/env.sh
source scripts/env.sh
exec python -m poc_tracker.cluster.prod "$@"
