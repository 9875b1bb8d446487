"""TOTP (RFC 6238) with pyotp: new secrets, provisioning URIs, QR codes as SVG, codes checked within ±1 step."""

from __future__ import annotations

import time

import pyotp
import segno
from pyotp.exceptions import OTPVerificationError

WINDOW = 1  # one 30-second step either side: clocks drift and people type slowly
DIGITS = 6
INTERVAL = 30


def new_secret() -> str:
    """A random 160-bit base32 secret."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg_data_uri(uri: str) -> str:
    """The URI as a QR code: an SVG data URI drawn here, nothing fetched from anywhere."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2, dark="#111", light="#fff")


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def matching_step(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The time step a code belongs to within the window, or None; the caller refuses steps already used."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != DIGITS:
        return None
    try:
        return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).verify_and_get_timecode(
            code, for_time=time.time() if now is None else now, valid_window=WINDOW
        )
    except OTPVerificationError:
        return None
