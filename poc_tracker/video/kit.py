"""Drawing helpers: sprites of text (fitted, wrapped, drawn as plain text), panels, backgrounds, the QR code."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from poc_tracker.video import fonts
from poc_tracker.video.colors import RGB, mix
from poc_tracker.video.templates import Palette, Template

ELLIPSIS = "…"


@dataclass
class Sprite:
    """An RGBA picture placed at (x, y); ``order`` staggers its entrance."""

    image: Image.Image
    x: int
    y: int
    order: int = 0


@dataclass(frozen=True)
class Box:
    """The frame's geometry: size, the unit (1 px at 1080 on the short side) and margins."""

    w: int
    h: int

    @property
    def u(self) -> float:
        """Pixels per design unit."""
        return min(self.w, self.h) / 1080

    @property
    def wide(self) -> bool:
        """Horizontal (1920×1080) rather than vertical."""
        return self.w > self.h

    @property
    def margin(self) -> int:
        """Side margin."""
        return round((150 if self.wide else 90) * self.u)

    def px(self, value: float) -> int:
        """Design units to pixels."""
        return max(1, round(value * self.u))


def _clean(text: str, *, keep_indent: bool = False) -> str:
    """User text as one drawable line: control characters out, tabs as spaces (indentation kept for code)."""
    text = text.expandtabs(4)
    line = "".join(" " if c in "\n\r" else c for c in text if c.isprintable() or c in "\n\r")
    return line.rstrip() if keep_indent else line.strip()


def _wrap(text: str, face: ImageFont.FreeTypeFont, max_w: int, max_lines: int) -> list[str]:
    words, lines, line = _clean(text).split(" "), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if face.getlength(trial) <= max_w or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_ellipsize(ln, face, max_w) for ln in lines]


def _ellipsize(line: str, face: ImageFont.FreeTypeFont, max_w: int) -> str:
    if face.getlength(line) <= max_w:
        return line
    while line and face.getlength(line + ELLIPSIS) > max_w:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def text_sprite(
    text: str,
    *,
    family: str,
    size: int,
    fill: RGB,
    max_w: int,
    bold: bool = False,
    max_lines: int = 1,
    min_size: int | None = None,
    align: str = "left",
    mono: bool = False,
) -> Image.Image:
    """Text as an RGBA picture: the largest size down to ``min_size`` that fits, then wrapped and cut with "…"."""
    size = max(size, 1)
    floor = max(min_size or size, 1)
    face = fonts.mono(size) if mono else fonts.font(family, size, bold=bold)
    while size > floor and face.getlength(_clean(text)) > max_w * max_lines * 0.92:
        size = max(floor, int(size * 0.92))
        face = fonts.mono(size) if mono else fonts.font(family, size, bold=bold)
    lines = (
        _wrap(text, face, max_w, max_lines) if not mono else [_ellipsize(_clean(text, keep_indent=True), face, max_w)]
    )
    ascent, descent = face.getmetrics()
    line_h = round((ascent + descent) * 1.08)
    width = max(1, max(round(face.getlength(ln)) for ln in lines))
    img = Image.new("RGBA", (width + 4, line_h * len(lines) + 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for i, ln in enumerate(lines):
        dx = {"left": 0, "center": (width - face.getlength(ln)) / 2, "right": width - face.getlength(ln)}[align]
        draw.text((2 + dx, 2 + i * line_h), ln, font=face, fill=(*fill, 255))
    return img


def panel(w: int, h: int, fill: RGB, radius: int, alpha: int = 255) -> Image.Image:
    """A rounded rectangle."""
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    ImageDraw.Draw(img).rounded_rectangle((0, 0, w - 1, h - 1), radius=radius, fill=(*fill, alpha))
    return img


def figure_tiles(
    figures: list[tuple[str, str]], *, w: int, box: Box, pal: Palette, family: str, min_h: int
) -> list[Image.Image]:
    """Brand-coloured tiles of a big value over its label, all as tall as the tallest."""
    pad = box.px(36)
    drawn = [
        (
            text_sprite(
                value,
                family=family,
                size=box.px(120),
                min_size=box.px(60),
                fill=pal.panel_text,
                max_w=w - 2 * pad,
                bold=True,
            ),
            text_sprite(
                label,
                family=family,
                size=box.px(46),
                min_size=box.px(28),
                fill=pal.panel_text,
                max_w=w - 2 * pad,
                max_lines=2,
            ),
        )
        for value, label in figures
    ]
    h = max([min_h] + [2 * pad + num.height + box.px(8) + lab.height for num, lab in drawn])
    tiles = []
    for num, lab in drawn:
        tile = panel(w, h, pal.panel, box.px(36))
        paste(tile, num, pad, pad)
        paste(tile, lab, pad, pad + num.height + box.px(8))
        tiles.append(tile)
    return tiles


def paste(base: Image.Image, sprite: Image.Image, x: int, y: int) -> None:
    """Alpha-composite a sprite onto a picture."""
    base.alpha_composite(sprite, (max(0, x), max(0, y)))


@lru_cache(maxsize=8)
def _gradient(w: int, h: int, top: RGB, bottom: RGB) -> Image.Image:
    grad = Image.linear_gradient("L").resize((w, h))
    return Image.composite(Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), grad).convert("RGBA")


def background(box: Box, template: Template, pal: Palette, seed: int) -> Image.Image:
    """The still background of a scene: a gradient and the template's decor (varies with the scene, not the time)."""
    img = _gradient(box.w, box.h, pal.bg_top, pal.bg_bottom).copy()
    if template.decor == "orbs":  # soft light drawn and blurred at an eighth of the size, then scaled up
        small = Image.new("RGBA", (max(1, box.w // 8), max(1, box.h // 8)), (0, 0, 0, 0))
        draw = ImageDraw.Draw(small)
        for i, colour in enumerate((pal.panel, pal.accent)):
            r = box.px(420 - 120 * i) / 8
            cx = small.width * (0.15 + 0.7 * ((seed * 37 + i * 53) % 100) / 100)
            cy = small.height * (0.12 + 0.76 * ((seed * 61 + i * 29) % 100) / 100)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*colour, 90))
        img.alpha_composite(small.filter(ImageFilter.GaussianBlur(max(1, box.px(90) / 8))).resize((box.w, box.h)))
        return img
    layer = Image.new("RGBA", (box.w, box.h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    if template.decor == "paper":
        step = box.px(54)
        for y in range(step * 3, box.h, step):
            draw.line((0, y, box.w, y), fill=(*mix(pal.bg_top, pal.muted, 0.12), 255), width=max(1, box.px(2)))
        draw.rectangle((0, 0, box.px(28), box.h), fill=(*pal.panel, 255))
    else:
        step = box.px(90)
        for x in range(0, box.w, step):
            draw.line((x, 0, x, box.h), fill=(*pal.accent, 28), width=max(1, box.px(2)))
        for y in range(0, box.h, step):
            draw.line((0, y, box.w, y), fill=(*pal.accent, 28), width=max(1, box.px(2)))
        draw.rectangle((0, box.h - box.px(16), box.w, box.h), fill=(*pal.panel, 255))
    img.alpha_composite(layer)
    return img


@lru_cache(maxsize=16)
def qr_image(url: str, size: int) -> Image.Image:
    """A QR code of ``url`` on a white tile (dark on light, as scanners expect)."""
    qr = segno.make(url, error="m")
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=1, border=2, dark="#000000", light="#ffffff")
    buf.seek(0)
    return Image.open(buf).convert("RGBA").resize((size, size), Image.Resampling.NEAREST)


@lru_cache(maxsize=8)
def logo_image(png: bytes, max_w: int, max_h: int) -> Image.Image:
    """The brand logo fitted in a box."""
    img = Image.open(io.BytesIO(png)).convert("RGBA")
    img.thumbnail((max_w, max_h), Image.Resampling.LANCZOS)
    return img
