"""Frames of a story: each scene's still drawn once, only the entrance and the exit drawn per frame."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from PIL import Image, ImageDraw

from poc_tracker.video.branding import Brand
from poc_tracker.video.colors import mix
from poc_tracker.video.kit import Box, Sprite, background, logo_image, panel, paste
from poc_tracker.video.scenes import LAYOUTS, Ctx
from poc_tracker.video.story import Story
from poc_tracker.video.templates import Template, palette

ENTER, STAGGER, EXIT = 0.6, 0.09, 0.25  # seconds: an element's entrance, the delay between two, the scene's fade out


def _ease(kind: str, p: float) -> float:
    if kind == "drop":  # back-out: overshoots a little, then settles
        c = 1.70158
        return 1 + (c + 1) * (p - 1) ** 3 + c * (p - 1) ** 2
    if kind == "wipe":
        return 1 - (1 - p) ** 4
    return 1 - (1 - p) ** 3


def _fade(img: Image.Image, alpha: float) -> Image.Image:
    if alpha >= 1:
        return img
    out = img.copy()
    out.putalpha(img.getchannel("A").point(lambda v: int(v * alpha)))
    return out


@dataclass
class _Built:
    background: Image.Image
    sprites: list[Sprite]
    still: Image.Image


class Renderer:
    """Draws the frames of one story in one template, brand and size."""

    def __init__(self, story: Story, template: Template, brand: Brand, size: tuple[int, int]) -> None:
        self.story, self.template, self.brand = story, template, brand
        self.box = Box(*size)
        self.pal = palette(template, brand)
        self._built: dict[int, _Built] = {}

    @cached_property
    def starts(self) -> list[int]:
        """First frame of each scene."""
        return self.story.starts()

    def scene_at(self, frame: int) -> tuple[int, int]:
        """(scene index, frame within the scene)."""
        for i in range(len(self.starts) - 1, -1, -1):
            if frame >= self.starts[i]:
                return i, frame - self.starts[i]
        raise IndexError(frame)

    def _chrome(self, img: Image.Image, index: int) -> None:
        """Story-style progress segments on top, and the logo in a corner after the opening."""
        box, n = self.box, len(self.story.scenes)
        gap, top, h = box.px(12), box.px(60), box.px(10)
        seg = (box.w - 2 * box.margin - gap * (n - 1)) / n
        draw = ImageDraw.Draw(img)
        for i in range(n):
            x = box.margin + i * (seg + gap)
            colour = self.pal.fg if i <= index else mix(self.pal.bg_top, self.pal.muted, 0.35)
            draw.rounded_rectangle((x, top, x + seg, top + h), radius=h // 2, fill=(*colour, 255))
        if self.brand.logo and index > 0:
            logo = logo_image(self.brand.logo, box.px(180), box.px(80))
            pad = box.px(16)
            tile = panel(logo.width + 2 * pad, logo.height + 2 * pad, (255, 255, 255), box.px(18), alpha=235)
            paste(tile, logo, pad, pad)
            paste(img, tile, box.w - box.margin - tile.width, top + box.px(40))

    def build(self, index: int) -> _Built:
        """A scene's background, sprites and finished still (drawn once)."""
        if index not in self._built:
            scene = self.story.scenes[index]
            bg = background(self.box, self.template, self.pal, seed=index)
            self._chrome(bg, index)
            ctx = Ctx(box=self.box, template=self.template, pal=self.pal, brand=self.brand, scene=scene)
            sprites = LAYOUTS[scene.kind](ctx)
            still = bg.copy()
            for s in sprites:
                paste(still, s.image, s.x, s.y)
            self._built = {k: v for k, v in self._built.items() if k >= index - 1}  # keep memory flat
            self._built[index] = _Built(bg, sprites, still)
        return self._built[index]

    def _timing(self, index: int) -> tuple[float, float, float]:
        seconds = self.story.scenes[index].frames / self.story.fps
        scale = min(1.0, seconds / 3.0)  # short (test) scenes move faster, in proportion
        return ENTER * scale, STAGGER * scale, EXIT * scale

    def is_still(self, frame: int) -> bool:
        """Whether a frame is the scene's finished still (nothing moves)."""
        index, local = self.scene_at(frame)
        enter, stagger, leave = self._timing(index)
        built = self.build(index)
        t, fps = local / self.story.fps, self.story.fps
        last = max((s.order for s in built.sprites), default=0)
        return t >= enter + stagger * last and (self.story.scenes[index].frames - local) / fps > leave

    def frame(self, frame: int) -> Image.Image:
        """One frame, as RGB."""
        index, local = self.scene_at(frame)
        built = self.build(index)
        if self.is_still(frame):
            return built.still.convert("RGB")
        enter, stagger, leave = self._timing(index)
        fps, total = self.story.fps, self.story.scenes[index].frames
        img = built.background.copy()
        for s in built.sprites:
            p = min(1.0, max(0.0, (local / fps - s.order * stagger) / enter))
            self._place(img, s, p)
        left = (total - local) / fps
        if left <= leave:
            img = Image.blend(img, built.background, 1 - left / leave)
        return img.convert("RGB")

    def _place(self, img: Image.Image, s: Sprite, p: float) -> None:
        if p <= 0:
            return
        e, u = _ease(self.template.motion, p), self.box.u
        if self.template.motion == "wipe":
            width = max(1, round(s.image.width * min(1.0, e)))
            paste(img, s.image.crop((0, 0, width, s.image.height)), s.x, s.y)
        elif self.template.motion == "drop":
            paste(img, _fade(s.image, min(1.0, p * 2)), s.x, s.y - round((1 - e) * 110 * u))
        else:
            paste(img, _fade(s.image, p), s.x, s.y + round((1 - e) * 70 * u))

    def stills(self) -> list[Image.Image]:
        """The finished still of every scene (the preview)."""
        return [self.build(i).still.convert("RGB") for i in range(len(self.story.scenes))]

    def yuv_frames(self) -> Iterator[bytes]:
        """Every frame as raw yuv420p (BT.709, limited range); a still is converted once and repeated."""
        cached: tuple[int, bytes] | None = None
        for f in range(self.story.frames):
            index, _ = self.scene_at(f)
            if self.is_still(f):
                if cached is None or cached[0] != index:
                    cached = (index, to_yuv420(self.build(index).still.convert("RGB")))
                yield cached[1]
            else:
                yield to_yuv420(self.frame(f))


# RGB → Y'CbCr, BT.709 limited range; Pillow applies the matrix in C (numpy took ~0.7 s a 1080×1920 frame)
_BT709 = (
    0.1826, 0.6142, 0.0620, 16.5,
    -0.1006, -0.3386, 0.4392, 128.5,
    0.4392, -0.3989, -0.0403, 128.5,
)  # fmt: skip


def to_yuv420(img: Image.Image) -> bytes:
    """RGB to planar yuv420p (what the encoder is told); chroma is the mean of each 2×2 block; even sizes only."""
    y, cb, cr = img.convert("RGB", _BT709).split()
    return y.tobytes() + cb.reduce(2).tobytes() + cr.reduce(2).tobytes()
