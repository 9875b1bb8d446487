"""Every Radix colour the pages name is in the trimmed stylesheet (components/radix_styles.py)."""

from __future__ import annotations

import re
from pathlib import Path

from components.radix_styles import COLORS

ROOT = Path(__file__).resolve().parents[2]
RADIX = [
    *("tomato", "red", "ruby", "crimson", "pink", "plum", "purple", "violet", "iris", "indigo", "blue", "cyan"),
    *("teal", "jade", "green", "grass", "brown", "orange", "sky", "mint", "lime", "yellow", "amber", "gold"),
    *("bronze", "gray", "mauve", "slate", "sage", "olive", "sand"),
]
QUOTED = re.compile("[\"'](" + "|".join(RADIX) + ")[\"']")


def test_every_colour_named_in_the_ui_is_imported() -> None:
    named = set()
    for folder in ("pages", "components", "state", "rxconfig.py"):
        for path in [ROOT / folder] if folder.endswith(".py") else (ROOT / folder).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if "color" in line.lower():
                    named.update(QUOTED.findall(line))
    assert "indigo" in named and "red" in named  # the scan sees the code
    assert named <= set(COLORS), f"add to components/radix_styles.COLORS: {sorted(named - set(COLORS))}"
