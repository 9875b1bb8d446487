"""From a story to files: the MP4 of each format, the social card, the poster and the captions."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from poc_tracker.video.audio import synthesize, wav_bytes
from poc_tracker.video.branding import Brand
from poc_tracker.video.captions import webvtt
from poc_tracker.video.ffmpeg import Encoder, EncodeSpec
from poc_tracker.video.frames import Renderer
from poc_tracker.video.kit import Box, Sprite, background, figure_tiles, logo_image, paste, text_sprite
from poc_tracker.video.story import Story
from poc_tracker.video.templates import Template, palette

FORMATS = {"vertical": (1080, 1920), "horizontal": (1920, 1080)}
CARD = (1200, 630)
Progress = Callable[[float], None]


def frame_size(fmt: str, scale: float = 1.0) -> tuple[int, int]:
    """Pixel size of a format; ``scale`` < 1 gives the small renders tests use (same code, fewer pixels)."""
    w, h = FORMATS[fmt]
    return (round(w * scale / 2) * 2, round(h * scale / 2) * 2)


def render_video(
    story: Story,
    template: Template,
    brand: Brand,
    fmt: str,
    output: Path,
    *,
    scale: float = 1.0,
    progress: Progress | None = None,
    threads: int = 0,
) -> Path:
    """Encode one format; ``progress`` gets the fraction of frames done (a few dozen calls)."""
    size = frame_size(fmt, scale)
    renderer = Renderer(story, template, brand, size)
    with tempfile.TemporaryDirectory(prefix="poc-video-") as tmp:
        audio = Path(tmp) / "soundtrack.wav"
        audio.write_bytes(wav_bytes(synthesize(template, story.seconds)))
        spec = EncodeSpec(width=size[0], height=size[1], fps=story.fps, audio=audio, output=output, threads=threads)
        step = max(1, story.frames // 50)
        with Encoder(spec) as enc:
            for i, frame in enumerate(renderer.yuv_frames()):
                enc.write(frame)
                if progress and i % step == 0:
                    progress(i / story.frames)
    if progress:
        progress(1.0)
    return output


def captions(story: Story) -> bytes:
    """The WebVTT file."""
    return webvtt(story).encode("utf-8")


def poster(story: Story, template: Template, brand: Brand, *, scale: float = 1.0) -> bytes:
    """A JPEG still of the numbers scene (the opening when there are none), vertical."""
    kinds = [s.kind for s in story.scenes]
    index = kinds.index("numbers") if "numbers" in kinds else 0
    still = Renderer(story, template, brand, frame_size("vertical", scale)).build(index).still.convert("RGB")
    buf = io.BytesIO()
    still.save(buf, "JPEG", quality=88)
    return buf.getvalue()


def card(story: Story, template: Template, brand: Brand) -> bytes:
    """The 1200×630 social card (Open Graph): the opening's texts and the year's figures."""
    box, pal = Box(*CARD), palette(template, brand)
    img = background(box, template, pal, seed=3)
    opening = story.scenes[0].text
    numbers = next((s for s in story.scenes if s.kind == "numbers"), None)
    x, y = box.px(110), box.px(110)
    items: list[Sprite] = []
    if brand.logo:
        logo = logo_image(brand.logo, box.px(300), box.px(120))
        items.append(Sprite(logo, box.w - box.px(110) - logo.width, y, 0))
    width = box.w - 2 * box.px(110)
    for key, size, fill, bold in (("kicker", 70, pal.accent, True), ("name", 130, pal.fg, True)):
        sprite = text_sprite(opening[key], family=brand.font, size=box.px(size), min_size=box.px(size * 0.6),
                             fill=fill, max_w=width - box.px(340), bold=bold)  # fmt: skip
        items.append(Sprite(sprite, x, y, 0))
        y += sprite.height + box.px(20)
    if numbers:
        count = min(3, numbers.data["count"])
        gap, tw = box.px(30), (width - box.px(30) * 2) // 3
        figures = [(numbers.text[f"value{i}"], numbers.text[f"label{i}"]) for i in range(count)]
        for i, tile in enumerate(figure_tiles(figures, w=tw, box=box, pal=pal, family=brand.font, min_h=box.px(280))):
            items.append(Sprite(tile, x + i * (tw + gap), box.h - box.px(110) - tile.height, 0))
    for s in items:
        paste(img, s.image, s.x, s.y)
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "PNG", optimize=True)
    return buf.getvalue()


def stills_png(story: Story, template: Template, brand: Brand, fmt: str, *, scale: float = 0.25) -> list[bytes]:
    """The preview: a small still of every scene."""
    out = []
    for still in Renderer(story, template, brand, frame_size(fmt, scale)).stills():
        buf = io.BytesIO()
        still.save(buf, "PNG")
        out.append(buf.getvalue())
    return out


def same_image(a: bytes, b: Image.Image) -> bool:
    """Whether raw RGB bytes equal a picture (tests, debugging)."""
    return a == b.convert("RGB").tobytes()
