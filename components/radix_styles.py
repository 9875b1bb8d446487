"""Radix Themes' stylesheet without the colour scales and the breakpoints no page uses.

styles.css carries all 31 colour scales, and every responsive rule at six breakpoints (xs 520 px, sm 768, md 1024,
lg 1280, xl 1640): 353 of its 634 kB. The pages use only the default and sm/md (``rx.breakpoints(initial=...,
sm=..., md=...)``; ``tests/unit/test_radix_styles.py`` fails when one names another), so the build drops Radix's
xs, lg and xl rules: 40 kB → 35 kB of Brotli on every page, a third less CSS to parse before the first paint.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import reflex as rx

log = logging.getLogger(__name__)

# Every Radix colour a page may name (accent, gray, color_scheme values). A colour missing here renders
# without its colours: tests/unit/test_radix_colors.py fails when the code names one not listed.
COLORS = ("indigo", "slate", "gray", "red", "green", "amber", "blue", "brown", "violet", "orange", "cyan")


# Radix's breakpoints no page uses, as its stylesheets write them.
UNUSED_BREAKPOINTS = ("520px", "1280px", "1640px")
BREAKPOINTS_USED = ("initial", "sm", "md")
POSTCSS_CONFIG = "postcss.config.js"
POSTCSS_PLUGINS = """  plugins: {
    "postcss-import": {},
    autoprefixer: noVendorPrefix ? false : {},
  },"""
TRIM_MARK = "poc-tracker-unused-breakpoints"
TRIM = (
    "// POC Tracker: Radix Themes' rules for breakpoints no page uses (components/radix_styles.py).\n"
    "const unusedBreakpoints = {\n"
    f'  postcssPlugin: "{TRIM_MARK}",\n'
    "  AtRule: {\n"
    "    media(rule) {\n"
    '      const from = rule.source?.input?.file ?? "";\n'
    "      const unused = /\\(min-width: (" + "|".join(UNUSED_BREAKPOINTS) + ")\\)/;\n"
    "      if (/@radix-ui[\\\\/]themes/.test(from) && unused.test(rule.params)) rule.remove();\n"
    "    },\n"
    "  },\n"
    "};\n\n"
)


def without_unused_breakpoints(config: str) -> str:
    """Reflex's postcss.config.js with the trim after its plugins (unchanged when of another shape)."""
    if TRIM_MARK in config:
        return config
    if config.count(POSTCSS_PLUGINS) != 1:
        log.warning("radix styles: %s changed shape; all breakpoints kept", POSTCSS_CONFIG)
        return config
    plugins = (
        "  plugins: [\n"
        "    postcssImport(),\n"
        "    ...(noVendorPrefix ? [] : [autoprefixer()]),\n"
        "    unusedBreakpoints,\n"
        "  ],"
    )
    imports = 'import postcssImport from "postcss-import";\nimport autoprefixer from "autoprefixer";\n'
    return imports + TRIM + config.replace(POSTCSS_PLUGINS, plugins)


@dataclasses.dataclass
class LeanRadixThemesPlugin(rx.plugins.RadixThemesPlugin):
    """The Radix Themes plugin importing the base tokens, the listed colours, components and utilities.

    The split is Radix's documented way to import "only the colours you need"; it takes ~100 kB off the
    stylesheet every page waits for before it can paint.
    """

    def pre_compile(self, **context: Any) -> None:
        """Radix's own pre-compile work, then the breakpoint trim in the generated PostCSS config."""
        super().pre_compile(**context)
        context["add_modify_task"](POSTCSS_CONFIG, without_unused_breakpoints)

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
