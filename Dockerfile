# syntax=docker/dockerfile:1
# POC Tracker image: one image, three commands (web, worker, beat). Multi-stage: the Python packages and the
# compiled frontend are built in stages of their own; the final stage runs as an unprivileged user.

FROM python:3.11.14-slim-bookworm AS python-deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.txt .
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt

# The frontend: bun and Node 22 come from npm (tools/package.json), Reflex compiles and exports the pages.
FROM python-deps AS frontend
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm=9.2.0~ds1-* \
 && rm -rf /var/lib/apt/lists/*
COPY tools/package.json tools/package-lock.json tools/
RUN cd tools && npm ci --no-audit --no-fund
COPY . .
ENV PATH="/app/tools/node_modules/.bin:/opt/venv/bin:$PATH" PYTHONPATH=/app \
    REFLEX_USE_SYSTEM_BUN=1 REFLEX_TELEMETRY_ENABLED=false REFLEX_CHECK_LATEST_VERSION=false
RUN reflex export --frontend-only --no-zip --env prod

FROM python:3.11.14-slim-bookworm AS runtime
# WeasyPrint's libraries, ffmpeg for videos, fonts with Portuguese accents, curl for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ffmpeg=7:5.1.* libpango-1.0-0=1.50.* libpangoft2-1.0-0=1.50.* libharfbuzz-subset0=6.0.* \
      fonts-dejavu-core=2.37-* fonts-noto-core=20201225-* curl=7.88.* \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=python-deps /opt/venv /opt/venv
COPY --from=frontend --chown=app:app /app/.web /app/.web
COPY --chown=app:app . .
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app \
    POC_TRACKER_ENV=production POC_TRACKER_DATA_DIR=/app/data POC_TRACKER_PORT=3000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus REFLEX_MOUNT_FRONTEND_COMPILED_APP=true \
    REFLEX_TELEMETRY_ENABLED=false REFLEX_CHECK_LATEST_VERSION=false
RUN mkdir -p /app/data /tmp/prometheus && chown app:app /app/data /tmp/prometheus
USER app
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${POC_TRACKER_PORT}/healthz" || exit 1
ENTRYPOINT ["/app/infra/docker/entrypoint.sh"]
CMD ["web"]
