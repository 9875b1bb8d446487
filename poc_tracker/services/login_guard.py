"""Slowing password guessing down without locking the account's owner out.

Failures are counted per (account, client address): after ``login_failures_before_delay`` of them that
address waits 1, 2, 4… s (up to 15 min) before it may try this account again, whatever password it sends,
so its guesses stay slow. Another address is not held back by them: the owner signs in from home while
someone hammers the account from elsewhere. A guesser spreading over many addresses is caught by the
account's total: past ``login_account_failures_before_delay`` failures, addresses the account has not
signed in from lately wait too, while those it has (remembered for the refresh token's lifetime) do not.
"""

from __future__ import annotations

import contextvars
import time

from poc_tracker.ratelimit import get_limiter
from poc_tracker.settings import get_settings

FAILURE_WINDOW = 15 * 60  # failures are forgotten after this long without a new one
MAX_DELAY = 15 * 60
UNKNOWN = "unknown"

# The address of the request being served, set by the API for its sign-in routes; other callers (the UI's
# sign-in form) should pass ``client_ip`` to ``sessions.login``, else they all share one "unknown" address.
client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_address", default=None)


def _address(ip: str | None) -> str:
    return ip or client_address.get() or UNKNOWN


def _delay(counted: tuple[int, float], free: int) -> float:
    """Seconds still to wait after ``count`` failures, the last at ``last``, when ``free`` cost nothing."""
    count, last = counted
    over = count - free
    if over < 0:
        return 0.0
    return max(0.0, min(MAX_DELAY, 2.0**over) - (time.time() - last))


def wait_before_login(email: str, ip: str | None = None) -> float:
    """Seconds this address must wait before trying this account's password again (0: go ahead)."""
    s, limiter, addr = get_settings(), get_limiter(), _address(ip)
    wait = _delay(limiter.failures(f"login:{email}|{addr}"), s.login_failures_before_delay)
    if addr == UNKNOWN or not limiter.marked(f"login-ok:{email}|{addr}"):
        wait = max(wait, _delay(limiter.failures(f"login:{email}"), s.login_account_failures_before_delay))
    return wait


def record_failure(email: str, ip: str | None = None) -> None:
    """Count a wrong password against this address and the account."""
    limiter, addr = get_limiter(), _address(ip)
    limiter.add_failure(f"login:{email}|{addr}", FAILURE_WINDOW)
    limiter.add_failure(f"login:{email}", FAILURE_WINDOW)


def record_success(email: str, ip: str | None = None) -> None:
    """Forget this address's failures and remember it as one the account signs in from."""
    limiter, addr = get_limiter(), _address(ip)
    limiter.clear(f"login:{email}|{addr}")
    if addr != UNKNOWN:  # callers that do not say where they are never count as a known place
        limiter.mark(f"login-ok:{email}|{addr}", get_settings().refresh_token_ttl)
