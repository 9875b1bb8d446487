"""Render the PWA's PNG icons from the SVGs in assets/icons with Debian's Chromium (no image library needed).

Run after changing an SVG: ``python scripts/make_icons.py``; the PNGs are committed.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parents[1] / "assets" / "icons"
# (source SVG, size in px, output PNG, opaque background: iOS home screens show transparency as black)
RENDERS = [
    ("icon.svg", 192, "icon-192.png", False),
    ("icon.svg", 512, "icon-512.png", False),
    ("maskable.svg", 192, "maskable-192.png", True),
    ("maskable.svg", 512, "maskable-512.png", True),
    ("maskable.svg", 180, "apple-touch-icon.png", True),
    ("shortcut-new.svg", 96, "shortcut-new.png", False),
    ("shortcut-search.svg", 96, "shortcut-search.png", False),
]


def render_all() -> list[Path]:
    """Write every PNG and return their paths."""
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for source, size, target, opaque in RENDERS:
            page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
            svg = (ICONS / source).read_text()
            page.set_content(
                f"<html><body style='margin:0'><div style='width:{size}px;height:{size}px'>"
                f"{svg.replace('<svg ', f'<svg width={size!s} height={size!s} ', 1)}</div></body></html>"
            )
            out = ICONS / target
            page.screenshot(
                path=str(out), omit_background=not opaque, clip={"x": 0, "y": 0, "width": size, "height": size}
            )
            page.close()
            written.append(out)
        browser.close()
    return written


if __name__ == "__main__":
    for path in render_all():
        print(path.relative_to(ICONS.parents[1]))
