"""Radix Themes' stylesheet without the colour scales no page uses (styles.css carries all 31 of them)."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

# Every Radix colour a page may name (accent, gray, color_scheme values). A colour missing here renders
# without its colours: tests/unit/test_radix_colors.py fails when the code names one not listed.
COLORS = ("indigo", "slate", "gray", "red", "green", "amber", "blue", "brown", "violet", "orange", "cyan")


@dataclasses.dataclass
class LeanRadixThemesPlugin(rx.plugins.RadixThemesPlugin):
    """The Radix Themes plugin importing the base tokens, the listed colours, components and utilities.

    The split is Radix's documented way to import "only the colours you need"; it takes ~100 kB off the
    stylesheet every page waits for before it can paint.
    """

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        """The stylesheets, in styles.css's order."""
        if not self.enabled:
            return ()
        colors = tuple(f"@radix-ui/themes/tokens/colors/{c}.css" for c in COLORS)
        return (
            "@radix-ui/themes/tokens/base.css",
            *colors,
            "@radix-ui/themes/components.css",
            "@radix-ui/themes/utilities.css",
        )
