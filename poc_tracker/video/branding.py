"""A tenant's brand for its videos: logo (PNG or SVG, rasterised offline), two colours that contrast, a font."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

from poc_tracker.errors import Invalid
from poc_tracker.i18n import N_, format_number
from poc_tracker.video import fonts
from poc_tracker.video.colors import MIN_CONTRAST, RGB, contrast, parse_hex

LOGO_MAX_BYTES = 1 << 20
LOGO_SIZE = 512  # longest side of the stored PNG
Image.MAX_IMAGE_PIXELS = 40_000_000  # a decompression bomb fails instead of eating the worker


@dataclass(frozen=True)
class Brand:
    """Colours as RGB; ``primary`` is a surface, ``secondary`` the text drawn on it."""

    primary: RGB = (91, 33, 182)
    secondary: RGB = (255, 255, 255)
    font: str = fonts.DEFAULT_FAMILY
    logo: bytes | None = None  # PNG, already rasterised and bounded

    @classmethod
    def from_settings(cls, data: dict[str, Any] | None, logo: bytes | None = None) -> Brand:
        """The brand stored in a tenant's settings (defaults for anything missing or broken)."""
        data = data or {}
        base = cls()
        return cls(
            primary=parse_hex(str(data.get("primary", ""))) or base.primary,
            secondary=parse_hex(str(data.get("secondary", ""))) or base.secondary,
            font=data.get("font") if data.get("font") in fonts.FAMILIES else base.font,
            logo=logo,
        )


def check_colours(primary: str, secondary: str, locale: str = "pt_BR") -> tuple[RGB, RGB]:
    """Both colours parsed, refused when their contrast is below WCAG AA (4.5:1); the ratio is in ``locale``."""
    a, b = parse_hex(primary), parse_hex(secondary)
    if a is None or b is None:
        raise Invalid(N_("Use cores no formato #RRGGBB."), code="invalid_colour", details={"field": "colors"})
    ratio = contrast(a, b)
    if ratio < MIN_CONTRAST:
        raise Invalid(
            N_(
                "As duas cores têm contraste de {ratio}:1, abaixo do mínimo de 4,5:1: o texto ficaria difícil de ler. "
                "Escolha uma cor mais clara ou mais escura."
            ),
            code="low_contrast",
            details={"field": "colors", "ratio": round(ratio, 2)},
            ratio=format_number(round(ratio, 2), locale),
        )
    return a, b


def check_font(family: str) -> str:
    """A font family the project ships."""
    if family not in fonts.available():
        raise Invalid(N_("Fonte desconhecida."), code="invalid_font", details={"allowed": fonts.available()})
    return family


_EMPTY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'


def _no_fetch(url: str, resource_type: str) -> bytes:
    """Every reference outside the file (http, file, another SVG) becomes an empty picture: no network, no disk."""
    if url.startswith("data:"):  # decoded in memory by urllib: embedded images are part of the file
        from urllib.request import urlopen

        with urlopen(url) as fh:  # noqa: S310 - only data: URLs reach here
            return fh.read(LOGO_MAX_BYTES)
    return _EMPTY_SVG


def _svg_to_png(data: bytes) -> bytes:
    """Rasterise an SVG offline: entities are not expanded (defusedxml) and no URL is fetched."""
    from cairosvg.surface import PNGSurface

    return PNGSurface.convert(bytestring=data, url_fetcher=_no_fetch, unsafe=False, output_width=LOGO_SIZE)


def rasterise_logo(data: bytes, filename: str) -> bytes:
    """A bounded RGBA PNG from an uploaded PNG or SVG; anything else is refused."""
    if not data or len(data) > LOGO_MAX_BYTES:
        raise Invalid(N_("O logotipo deve ter até 1 MB."), code="logo_too_large")
    bad = Invalid(N_("Envie o logotipo em PNG ou SVG."), code="invalid_logo")
    is_svg = filename.lower().endswith(".svg") or data.lstrip()[:5] in (b"<?xml", b"<svg ")
    try:
        png = _svg_to_png(data) if is_svg else data
        image = Image.open(io.BytesIO(png))
        if image.format != "PNG":
            raise bad
        image = image.convert("RGBA")
    except Invalid:
        raise
    except Exception as exc:  # a broken or hostile file: cairosvg, defusedxml and Pillow raise many kinds
        raise bad from exc
    image.thumbnail((LOGO_SIZE, LOGO_SIZE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
