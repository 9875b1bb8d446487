"""Colours: hex parsing, mixing and the WCAG contrast ratio."""

from __future__ import annotations

import re

RGB = tuple[int, int, int]
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
MIN_CONTRAST = 4.5  # WCAG 2.x AA for normal text


def parse_hex(value: str) -> RGB | None:
    """``#1a2b3c`` (or ``#abc``) as an RGB triple; None when it is not a colour."""
    match = _HEX.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(rgb: RGB) -> str:
    """An RGB triple as ``#rrggbb``."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance."""
    r, g, b = (_channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """``a`` moved a fraction ``t`` towards ``b``."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def readable_on(bg: RGB, *candidates: RGB) -> RGB:
    """The candidate with the best contrast on ``bg`` (white or near-black when none is given)."""
    options = candidates or ((255, 255, 255), (17, 17, 17))
    return max(options, key=lambda c: contrast(bg, c))
