"""The fonts the project ships (Debian's fonts-noto-core and fonts-dejavu-core): all carry Portuguese accents."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_ROOT = Path("/usr/share/fonts/truetype")
# family key → (label, regular file, bold file)
FAMILIES: dict[str, tuple[str, str, str]] = {
    "noto-sans": ("Noto Sans", "noto/NotoSans-Regular.ttf", "noto/NotoSans-Bold.ttf"),
    "noto-display": ("Noto Sans Display", "noto/NotoSansDisplay-Regular.ttf", "noto/NotoSansDisplay-Bold.ttf"),
    "noto-serif": ("Noto Serif", "noto/NotoSerif-Regular.ttf", "noto/NotoSerif-Bold.ttf"),
    "dejavu-sans": ("DejaVu Sans", "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "dejavu-serif": ("DejaVu Serif", "dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
}
DEFAULT_FAMILY = "noto-sans"
MONO = "dejavu/DejaVuSansMono.ttf"


def available() -> list[str]:
    """Family keys whose files are installed."""
    return [k for k, (_, reg, bold) in FAMILIES.items() if (FONT_ROOT / reg).exists() and (FONT_ROOT / bold).exists()]


@lru_cache(maxsize=256)
def font(family: str, size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """A family at a pixel size; the default family when the key is unknown."""
    _, regular, heavy = FAMILIES.get(family, FAMILIES[DEFAULT_FAMILY])
    return ImageFont.truetype(str(FONT_ROOT / (heavy if bold else regular)), size)


@lru_cache(maxsize=32)
def mono(size: int) -> ImageFont.FreeTypeFont:
    """The monospaced face for code."""
    return ImageFont.truetype(str(FONT_ROOT / MONO), size)
