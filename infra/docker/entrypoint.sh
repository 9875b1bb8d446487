#!/bin/sh
# Container entry: `web` (UI + API), `worker QUEUES` (Celery on the given queues), `beat`, `migrate`, or any command.
# The Prometheus multiprocess folder is emptied first: files of processes of an earlier run would count twice.
set -eu
rm -rf "${PROMETHEUS_MULTIPROC_DIR:?}"/* 2>/dev/null || true
case "${1:-web}" in
  web)
    exec reflex run --env prod --backend-only --backend-port "${POC_TRACKER_PORT:-3000}" ;;
  worker)
    exec celery -A tasks.celery_app:celery worker -Q "${2:-default}" --loglevel INFO \
      --concurrency "${WORKER_CONCURRENCY:-2}" --max-tasks-per-child "${WORKER_MAX_TASKS_PER_CHILD:-200}" ;;
  beat)
    exec celery -A tasks.celery_app:celery beat --loglevel INFO --schedule /tmp/celerybeat-schedule ;;
  migrate)
    exec python -m poc_tracker.cli migrate ;;
  *)
    exec "$@" ;;
esac
