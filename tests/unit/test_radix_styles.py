"""Radix Themes' rules for the breakpoints no page uses are left out of the build (components/radix_styles.py)."""

from __future__ import annotations

import re
from pathlib import Path

from components.radix_styles import BREAKPOINTS_USED, TRIM_MARK, UNUSED_BREAKPOINTS, without_unused_breakpoints

ROOT = Path(__file__).resolve().parents[2]
REFLEX_POSTCSS = """const noVendorPrefix = /^(1|true|y|yes)$/i.test(
  process.env.REFLEX_NO_AUTOPREFIXER ?? "",
);

export default {
  plugins: {
    "postcss-import": {},
    autoprefixer: noVendorPrefix ? false : {},
  },
};
"""
CALL = re.compile(r"breakpoints\(([^)]*)\)", re.S)
KEYWORD = re.compile(r"\b(\w+)\s*=")
QUOTED_KEY = re.compile(r"[\"'](xs|sm|md|lg|xl)[\"']\s*:")


def test_the_postcss_config_gets_the_trim_after_reflex_plugins() -> None:
    edited = without_unused_breakpoints(REFLEX_POSTCSS)
    assert TRIM_MARK in edited
    plugins = edited[edited.index("plugins: [") :]
    assert plugins.index("postcssImport()") < plugins.index("autoprefixer()") < plugins.index("unusedBreakpoints")
    assert "(520px|1280px|1640px)" in edited and "768px" not in edited and "1024px" not in edited
    assert "@radix-ui[\\\\/]themes" in edited  # only Radix's own rules; ours keep every media query
    assert without_unused_breakpoints(edited) == edited  # once


def test_a_config_of_another_shape_is_left_as_reflex_wrote_it() -> None:
    assert without_unused_breakpoints("export default { plugins: [] };") == "export default { plugins: [] };"


def test_no_page_uses_a_breakpoint_the_build_leaves_out() -> None:
    """Every responsive value names only the default, sm (768 px) or md (1024 px): the trimmed ones would not apply."""
    assert UNUSED_BREAKPOINTS == ("520px", "1280px", "1640px")
    used: set[str] = set()
    for folder in ("pages", "components", "state"):
        for path in (ROOT / folder).rglob("*.py"):
            code = path.read_text(encoding="utf-8")
            for call in CALL.findall(code):
                used.update(KEYWORD.findall(call))
            used.update(QUOTED_KEY.findall(code))
    assert {"initial", "sm", "md"} <= used  # the scan sees the code
    assert used <= set(BREAKPOINTS_USED), f"breakpoints the build drops: {sorted(used - set(BREAKPOINTS_USED))}"
