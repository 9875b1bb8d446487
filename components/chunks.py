"""The libraries every page shares, built as a few chunks of their own instead of one.

Left to itself the build put the shared libraries (Radix, the router, socket.io, emotion, Reflex's state) in
one ~500 kB chunk, run as one long task on every page. Split by library, each chunk runs in a task of its own
(``components/paint_first.py`` runs them one by one), which is what Lighthouse's blocking time counts. Modules
one page alone uses stay with that page (``minShareCount``).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import reflex as rx

log = logging.getLogger(__name__)

VITE_CONFIG = "vite.config.js"
ANCHOR = "groups: ["
# (chunk name, what it holds): a regular expression on the module's path, higher priorities first.
GROUPS = (
    ("react-dom", r"node_modules[\\/]react-dom[\\/]"),
    ("radix-themes", r"node_modules[\\/]@radix-ui[\\/]themes[\\/]"),
    ("radix", r"node_modules[\\/]@radix-ui[\\/]"),
    ("router", r"node_modules[\\/]react-router[\\/]"),
    ("socket", r"node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser)[\\/]"),
    ("emotion", r"node_modules[\\/](@emotion|stylis)[\\/]"),
)


def with_groups(config: str) -> str:
    """Reflex's vite.config.js with the library groups added (unchanged when its shape is not the known one)."""
    if ANCHOR not in config or "radix-themes" in config:
        return config
    rules = "".join(
        f'\n            {{ name: "{name}", test: /{test}/, priority: {len(GROUPS) - i}, minShareCount: 2 }},'
        for i, (name, test) in enumerate(GROUPS)
    )
    return config.replace(ANCHOR, ANCHOR + rules, 1)


@dataclasses.dataclass
class ChunkGroupsPlugin(rx.plugins.Plugin):
    """Before the build, split the shared libraries into a chunk per library."""

    def pre_compile(self, **context: Any) -> None:
        """Edit the generated vite.config.js."""
        context["add_modify_task"](VITE_CONFIG, with_groups)
