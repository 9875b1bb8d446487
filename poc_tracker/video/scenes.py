"""The layout of every kind of scene, as sprites over a still background; texts come only from the scene."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from PIL import Image, ImageDraw

from poc_tracker.video.branding import Brand
from poc_tracker.video.colors import mix
from poc_tracker.video.kit import Box, Sprite, figure_tiles, logo_image, panel, paste, qr_image, text_sprite
from poc_tracker.video.story import Scene
from poc_tracker.video.templates import Palette, Template


@dataclass(frozen=True)
class Ctx:
    """What a layout needs."""

    box: Box
    template: Template
    pal: Palette
    brand: Brand
    scene: Scene

    def text(self, key: str, size: float, *, fill=None, bold=False, lines=1, width=None, mono=False) -> Image.Image:  # noqa: ANN001
        """A text of the scene as a sprite image."""
        box = self.box
        return text_sprite(
            self.scene.text[key],
            family=self.brand.font,
            size=box.px(size),
            min_size=box.px(size * 0.55),
            fill=fill or self.pal.fg,
            max_w=width or box.w - 2 * box.margin,
            bold=bold,
            max_lines=lines,
            align="left" if self.template.align == "left" else "center",
            mono=mono,
        )


def stack(ctx: Ctx, items: list[tuple[Image.Image, float]], *, top: float = 0.0, bottom: float = 0.0) -> list[Sprite]:
    """Images one under the other (each with the gap after it), centred in the free height."""
    box = ctx.box
    gaps = [box.px(g) for _, g in items]
    height = sum(img.height for img, _ in items) + sum(gaps[:-1])
    free_top = box.px(160 if box.wide else 220) + top
    free_bottom = box.h - box.px(110 if box.wide else 200) - bottom
    y = round(free_top + max(0, (free_bottom - free_top - height) / 2))
    out = []
    for order, ((img, _), gap) in enumerate(zip(items, gaps, strict=True)):
        x = box.margin + box.px(30) if ctx.template.align == "left" else (box.w - img.width) // 2
        out.append(Sprite(img, x, y, order))
        y += img.height + gap
    return out


def columns(
    ctx: Ctx, title: Image.Image, left: list[tuple[Image.Image, float]], right: list[tuple[Image.Image, float]]
) -> list[Sprite]:
    """A wide frame: the title on top, then two columns, each centred in its half."""
    box = ctx.box
    top = box.px(170)
    x = box.margin if ctx.template.align == "left" else (box.w - title.width) // 2
    out = [Sprite(title, x, top, 0)]
    body_top, body_bottom = top + title.height + box.px(50), box.h - box.px(110)
    half = (box.w - 2 * box.margin) // 2
    for col, items in enumerate((left, right)):
        height = sum(img.height for img, _ in items) + sum(box.px(g) for _, g in items[:-1])
        y = body_top + max(0, (body_bottom - body_top - height) // 2)
        for img, gap in items:
            x0 = box.margin + col * half
            x = x0 + box.px(20) if ctx.template.align == "left" else x0 + (half - img.width) // 2
            out.append(Sprite(img, x, y, len(out)))
            y += img.height + box.px(gap)
    return out


def half(ctx: Ctx) -> int:
    """The width of one column on a wide frame."""
    return (ctx.box.w - 2 * ctx.box.margin) // 2 - ctx.box.px(40)


def opening(ctx: Ctx) -> list[Sprite]:
    """The person or the team, with the tenant's logo."""
    items: list[tuple[Image.Image, float]] = []
    if ctx.brand.logo:
        items.append((logo_image(ctx.brand.logo, ctx.box.px(420), ctx.box.px(200)), 70))
    items += [
        (ctx.text("kicker", 64, fill=ctx.pal.accent, bold=True), 40),
        (ctx.text("lead", 60, fill=ctx.pal.muted), 10),
        (ctx.text("name", 128, bold=True, lines=2), 40),
        (ctx.text("tenant", 48, fill=ctx.pal.muted), 0),
    ]
    return stack(ctx, items)


def numbers(ctx: Ctx) -> list[Sprite]:
    """Up to four figures on brand-coloured tiles."""
    box, n = ctx.box, ctx.scene.data["count"]
    cols = min(n, 4) if box.wide else min(n, 2)
    rows = -(-n // cols)
    gap = box.px(36)
    inner = box.w - 2 * box.margin
    w = (inner - gap * (cols - 1)) // cols
    figures = [(ctx.scene.text[f"value{i}"], ctx.scene.text[f"label{i}"]) for i in range(n)]
    tiles = figure_tiles(figures, w=w, box=box, pal=ctx.pal, family=ctx.brand.font, min_h=box.px(300))
    h = tiles[0].height
    title = ctx.text("title", 84, bold=True)
    grid_h = rows * h + (rows - 1) * gap
    top = (box.h - (title.height + box.px(70) + grid_h)) // 2
    tx = box.margin + box.px(30) if ctx.template.align == "left" else (box.w - title.width) // 2
    out = [Sprite(title, tx, top, 0)]
    for i, tile in enumerate(tiles):
        r, c = divmod(i, cols)
        out.append(Sprite(tile, box.margin + c * (w + gap), top + title.height + box.px(70) + r * (h + gap), 1 + i))
    return out


def languages(ctx: Ctx) -> list[Sprite]:
    """Bars of the top languages, then the year's tags."""
    box, pal, data = ctx.box, ctx.pal, ctx.scene.data
    inner = half(ctx) if box.wide else box.w - 2 * box.margin
    items: list[tuple[Image.Image, float]] = [(ctx.text("title", 84, bold=True), 60)]
    top = max(data["shares"])
    for i in range(data["count"]):
        row = Image.new("RGBA", (inner, box.px(150)), (0, 0, 0, 0))
        name = text_sprite(ctx.scene.text[f"lang{i}"], family=ctx.brand.font, size=box.px(54), fill=pal.fg,
                           max_w=inner // 2, bold=True)  # fmt: skip
        count = text_sprite(ctx.scene.text[f"langn{i}"], family=ctx.brand.font, size=box.px(42), fill=pal.muted,
                            max_w=inner // 2)  # fmt: skip
        paste(row, name, 0, 0)
        paste(row, count, inner - count.width, box.px(8))
        bar_w = max(box.px(24), round(inner * data["shares"][i] / top))
        colour = pal.accent if i == 0 else mix(pal.accent, pal.muted, 0.45)
        paste(row, panel(bar_w, box.px(40), colour, box.px(20)), 0, box.px(92))
        items.append((row, 26))
    if "tags" in ctx.scene.text:
        tags = [
            (ctx.text("tagtitle", 44, fill=ctx.pal.muted, width=inner), 12),
            (ctx.text("tags", 52, fill=ctx.pal.accent, bold=True, lines=3 if box.wide else 2, width=inner), 0),
        ]
        if box.wide:
            return columns(ctx, items[0][0], items[1:], tags)
        items[-1] = (items[-1][0], 60)
        items += tags
    return columns(ctx, items[0][0], items[1:], []) if box.wide else stack(ctx, items)


def _code_box(ctx: Ctx, w: int) -> Image.Image:
    box, n = ctx.box, ctx.scene.data["code"]
    pad, line_h = box.px(36), box.px(52)
    img = panel(w, pad * 2 + box.px(60) + n * line_h, (22, 24, 34), box.px(28))
    head = text_sprite(ctx.scene.text["path"], family="", size=box.px(32), fill=(150, 160, 190),
                       max_w=w - 2 * pad, mono=True)  # fmt: skip
    paste(img, head, pad, pad)
    for i in range(n):
        colour = (235, 238, 245) if i % 3 else (130, 220, 255)
        line = text_sprite(ctx.scene.text[f"code{i}"] or " ", family="", size=box.px(36), fill=colour,
                           max_w=w - 2 * pad, mono=True)  # fmt: skip
        paste(img, line, pad, pad + box.px(60) + i * line_h)
    return img


def highlight(ctx: Ctx) -> list[Sprite]:
    """The POC of the year with a glimpse of its code (beside it on a wide frame)."""
    box = ctx.box
    width = (box.w - 2 * box.margin) // 2 - box.px(30) if box.wide else None
    items = [
        (ctx.text("title", 56, fill=ctx.pal.accent, bold=True, width=width), 30),
        (ctx.text("name", 104, bold=True, lines=3, width=width), 30),
        (ctx.text("language", 50, fill=ctx.pal.muted, width=width), 12),
        (ctx.text("facts", 50, fill=ctx.pal.muted, width=width), 50),
    ]
    if ctx.scene.data["code"] and not box.wide:
        items.append((_code_box(ctx, box.w - 2 * box.margin), 0))
    sprites = stack(ctx, items)
    if box.wide:
        for s in sprites:
            s.x = box.margin if ctx.template.align == "left" else box.margin + (width - s.image.width) // 2
        if ctx.scene.data["code"]:
            code = _code_box(ctx, width)
            sprites.append(Sprite(code, box.w // 2 + box.px(30), (box.h - code.height) // 2, len(sprites)))
    return sprites


def decisions(ctx: Ctx) -> list[Sprite]:
    """A ring of go against no-go."""
    box, pal, data = ctx.box, ctx.pal, ctx.scene.data
    d = box.px(420)
    ring = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(ring)
    share = data["go"] / (data["go"] + data["no_go"])
    draw.ellipse((0, 0, d - 1, d - 1), fill=(*mix(pal.muted, pal.bg_top, 0.4), 255))
    draw.pieslice((0, 0, d - 1, d - 1), -90, -90 + 360 * share, fill=(*pal.accent, 255))
    hole = box.px(110)
    draw.ellipse((hole, hole, d - hole, d - hole), fill=(*pal.panel, 255))
    width = half(ctx) if box.wide else None
    texts = [
        (ctx.text("go", 60, fill=pal.accent, bold=True, width=width), 16),
        (ctx.text("nogo", 60, fill=pal.muted, bold=True, width=width), 40),
        (ctx.text("note", 46, fill=pal.fg, lines=2, width=width), 0),
    ]
    title = ctx.text("title", 84, bold=True)
    if box.wide:
        return columns(ctx, title, [(ring, 0)], texts)
    return stack(ctx, [(title, 60), (ring, 60), *texts])


def _heatmap(ctx: Ctx) -> Image.Image:
    """Months in rows, days in columns; darker cells had more activity."""
    box, pal, data = ctx.box, ctx.pal, ctx.scene.data
    inner = box.w - 2 * box.margin
    cell = min(inner // 31, box.px(44), box.px(480) // 12 if box.wide else box.px(44))
    gap = max(1, cell // 7)
    img = Image.new("RGBA", (cell * 31, cell * 12), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    peak = max(data["daily"]) or 1
    day = 0
    for m in range(12):
        for d in range(calendar.monthrange(data["year"], m + 1)[1]):
            value = data["daily"][day] if day < len(data["daily"]) else 0
            colour = mix(mix(pal.bg_top, pal.muted, 0.25), pal.accent, value / peak) if value else mix(
                pal.bg_top, pal.muted, 0.18
            )  # fmt: skip
            x, y = d * cell, m * cell
            draw.rounded_rectangle(
                (x, y, x + cell - gap, y + cell - gap), radius=max(1, cell // 5), fill=(*colour, 255)
            )
            day += 1
        if m == data["busiest"]:
            draw.rectangle((0, m * cell, box.px(6), m * cell + cell - gap), fill=(*pal.panel_text, 255))
    return img


def rhythm(ctx: Ctx) -> list[Sprite]:
    """The busiest month and a heat map of the year."""
    wide = ctx.box.wide
    items = [
        (ctx.text("title", 84 if not wide else 72, bold=True), 40 if wide else 50),
        (_heatmap(ctx), 40 if wide else 60),
        (ctx.text("busiest", 60 if not wide else 52, fill=ctx.pal.accent, bold=True, lines=1 if wide else 2), 12),
        (ctx.text("days", 50 if not wide else 44, fill=ctx.pal.muted), 0),
    ]
    return stack(ctx, items)


def _chips(ctx: Ctx) -> Image.Image:
    box, pal = ctx.box, ctx.pal
    inner = box.w - 2 * box.margin
    chips = []
    for i in range(ctx.scene.data["people"]):
        label = text_sprite(ctx.scene.text[f"person{i}"], family=ctx.brand.font, size=box.px(46), fill=pal.panel_text,
                            max_w=inner // 2 - box.px(60))  # fmt: skip
        chip = panel(label.width + box.px(64), label.height + box.px(34), pal.panel, box.px(40))
        paste(chip, label, box.px(32), box.px(17))
        chips.append(chip)
    rows: list[list[Image.Image]] = [[]]
    for chip in chips:
        if rows[-1] and sum(c.width + box.px(20) for c in rows[-1]) + chip.width > inner:
            rows.append([])
        rows[-1].append(chip)
    row_h = max(c.height for c in chips) + box.px(20)
    img = Image.new("RGBA", (inner, row_h * len(rows)), (0, 0, 0, 0))
    for r, row in enumerate(rows):
        width = sum(c.width for c in row) + box.px(20) * (len(row) - 1)
        x = 0 if ctx.template.align == "left" else (inner - width) // 2
        for chip in row:
            paste(img, chip, x, r * row_h)
            x += chip.width + box.px(20)
    return img


def collaboration(ctx: Ctx) -> list[Sprite]:
    """Dojos and the people coded with."""
    items = [
        (ctx.text("title", 84, bold=True), 50),
        (ctx.text("dojos", 130, fill=ctx.pal.accent, bold=True), 24),
    ]
    if ctx.scene.data["people"]:
        items += [(ctx.text("with", 56, fill=ctx.pal.muted), 40), (_chips(ctx), 0)]
    return stack(ctx, items)


def persona(ctx: Ctx) -> list[Sprite]:
    """The playful persona on a badge."""
    box, pal = ctx.box, ctx.pal
    d = box.px(260)
    badge = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(badge)
    draw.ellipse((0, 0, d - 1, d - 1), fill=(*pal.panel, 255))
    draw.ellipse((box.px(40), box.px(40), d - box.px(40), d - box.px(40)), outline=(*pal.panel_text, 255),
                 width=box.px(14))  # fmt: skip
    draw.ellipse((d // 2 - box.px(28), d // 2 - box.px(28), d // 2 + box.px(28), d // 2 + box.px(28)),
                 fill=(*pal.accent, 255))  # fmt: skip
    items = [
        (badge, 60),
        (ctx.text("kicker", 56, fill=pal.muted), 24),
        (ctx.text("persona", 120 if not box.wide else 110, fill=pal.accent, bold=True, lines=2), 40),
        (ctx.text("line", 54, lines=2), 0),
    ]
    return stack(ctx, items)


def closing(ctx: Ctx) -> list[Sprite]:
    """A QR code to the POC Tracker page."""
    box = ctx.box
    width = half(ctx) if box.wide else None
    qr = qr_image(ctx.scene.text["url"], box.px(500 if box.wide else 440))
    texts = [
        (ctx.text("cta", 52, fill=ctx.pal.accent, bold=True, lines=2, width=width), 16),
        (ctx.text("url", 36, fill=ctx.pal.muted, width=width), 0),
    ]
    title = ctx.text("title", 96, bold=True, lines=2)
    if box.wide:
        return columns(ctx, title, [(qr, 0)], texts)
    return stack(ctx, [(title, 60), (qr, 50), *texts])


LAYOUTS = {
    "opening": opening,
    "numbers": numbers,
    "languages": languages,
    "highlight": highlight,
    "decisions": decisions,
    "rhythm": rhythm,
    "collaboration": collaboration,
    "persona": persona,
    "closing": closing,
}
