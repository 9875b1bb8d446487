"""Log lines are JSON with request id, tenant, user and event."""

from __future__ import annotations

import io
import json
import logging

from poc_tracker.logs import bind_context, clear_context, setup_logging


def test_a_log_line_carries_the_request_context():
    root = logging.getLogger()
    saved = list(root.handlers)
    for h in saved:
        root.removeHandler(h)
    stream = io.StringIO()
    try:
        setup_logging("INFO", stream=stream, service="web")
        clear_context()
        bind_context(service="web", request_id="req-1", tenant_id="t-1", user_id="u-1")
        logging.getLogger("poc_tracker.test").info("x", extra={"event": "poc_created", "details": {"pocId": "p"}})
    finally:
        for h in list(root.handlers):
            root.removeHandler(h)
        for h in saved:
            root.addHandler(h)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["traceId"] == "req-1" and line["tenantId"] == "t-1" and line["userId"] == "u-1"
    assert line["event"] == "poc_created" and line["details"] == {"pocId": "p"}
    assert line["level"] == "INFO" and line["service"] == "web" and "T" in line["timestamp"]
