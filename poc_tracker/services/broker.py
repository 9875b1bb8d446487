"""Can we reach the message broker (Redis, or the SQLite file of the embedded profile)?"""

from __future__ import annotations

from kombu import Connection

from poc_tracker.db import private_sqlite_file
from poc_tracker.settings import get_settings


def broker_reachable(timeout: float = 2.0) -> bool:
    """Whether a connection to the Celery broker opens."""
    url = get_settings().celery_broker
    private_sqlite_file(url)
    try:
        with Connection(url, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:  # any failure means unreachable
        return False
