"""The three templates: palette, layout alignment, motion and music, coloured by the tenant's brand."""

from __future__ import annotations

from dataclasses import dataclass

from poc_tracker.i18n import N_
from poc_tracker.video.branding import Brand
from poc_tracker.video.colors import RGB, contrast, mix, readable_on


@dataclass(frozen=True)
class Template:
    """How a video looks, moves and sounds."""

    key: str
    label: str
    bg_top: RGB
    bg_bottom: RGB
    fg: RGB
    muted: RGB
    accent: RGB
    align: str  # "center" or "left"
    motion: str  # "rise", "wipe" or "drop"
    decor: str  # "orbs", "paper" or "grid"
    tempo: int  # beats per minute of the soundtrack
    root: int  # MIDI note of the soundtrack's key


TEMPLATES: dict[str, Template] = {
    t.key: t
    for t in (
        Template(
            key="aurora",
            label=N_("Aurora"),
            bg_top=(20, 16, 48),
            bg_bottom=(58, 22, 92),
            fg=(255, 255, 255),
            muted=(200, 196, 230),
            accent=(255, 196, 87),
            align="center",
            motion="rise",
            decor="orbs",
            tempo=96,
            root=57,
        ),
        Template(
            key="papel",
            label=N_("Papel"),
            bg_top=(250, 245, 235),
            bg_bottom=(240, 232, 216),
            fg=(28, 28, 36),
            muted=(92, 88, 84),
            accent=(200, 62, 40),
            align="left",
            motion="wipe",
            decor="paper",
            tempo=84,
            root=60,
        ),
        Template(
            key="neon",
            label=N_("Neon"),
            bg_top=(6, 6, 10),
            bg_bottom=(14, 10, 24),
            fg=(245, 245, 250),
            muted=(170, 170, 190),
            accent=(0, 240, 200),
            align="center",
            motion="drop",
            decor="grid",
            tempo=120,
            root=55,
        ),
    )
}
DEFAULT_TEMPLATE = "aurora"


@dataclass(frozen=True)
class Palette:
    """The colours a frame is drawn with: the template's, with the brand's panel colours."""

    bg_top: RGB
    bg_bottom: RGB
    fg: RGB
    muted: RGB
    accent: RGB
    panel: RGB
    panel_text: RGB
    panel_muted: RGB


def palette(template: Template, brand: Brand) -> Palette:
    """Brand colours for the panels; the template's accent unless it disappears on the background."""
    mid = mix(template.bg_top, template.bg_bottom, 0.5)
    accent = template.accent if contrast(template.accent, mid) >= 3 else readable_on(mid, template.fg)
    return Palette(
        bg_top=template.bg_top,
        bg_bottom=template.bg_bottom,
        fg=template.fg,
        muted=template.muted,
        accent=accent,
        panel=brand.primary,
        panel_text=brand.secondary,
        panel_muted=mix(brand.secondary, brand.primary, 0.25),
    )
