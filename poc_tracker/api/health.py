"""Liveness and readiness: is the process up, are the database and the broker reachable."""

from __future__ import annotations

import time

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from poc_tracker.db import get_engine
from poc_tracker.services.broker import broker_reachable
from poc_tracker.settings import get_settings

router = APIRouter(tags=["health"])
# The balancer asks every second; opening a broker connection each time cost a web process ~2 % of its CPU
# (py-spy, bench/cpu_per_action.py). The broker's answer only tells "ok" from "degraded", so it may be seconds old.
BROKER_CHECK_EVERY_S = 5.0
_broker_seen: dict[str, tuple[float, bool]] = {}  # broker URL -> (when asked, answered)


def _broker_ok() -> bool:
    """Whether the broker answered, asked again at most every few seconds."""
    url, now = get_settings().celery_broker, time.monotonic()
    at, ok = _broker_seen.get(url, (float("-inf"), False))
    if now - at >= BROKER_CHECK_EVERY_S:
        ok = broker_reachable()
        _broker_seen[url] = (now, ok)
    return ok


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz() -> JSONResponse:
    """Ready to serve when the database answers; a broker that does not answer makes it "degraded", not unready.

    Writes keep their side effects in the database's outbox while the broker is away (the sweep delivers them
    later), so a balancer keeps sending users to a process that still has its database.
    """
    checks: dict[str, str] = {}
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready
        checks["database"] = f"error: {type(exc).__name__}"
    checks["broker"] = "ok" if _broker_ok() else "error"
    ready = checks["database"] == "ok"
    status = "unavailable" if not ready else "ok" if checks["broker"] == "ok" else "degraded"
    return JSONResponse({"status": status, "checks": checks}, status_code=200 if ready else 503)
