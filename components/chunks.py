"""The libraries every page shares, built as a few chunks of their own instead of one.

Left to itself the build put the shared libraries (Radix, the router, socket.io, emotion, Reflex's state) in
one ~500 kB chunk, run as one long task on every page. Split by library, each chunk runs in a task of its own
(``components/paint_first.py`` runs them one by one), which is what Lighthouse's blocking time counts. Modules
one page alone uses stay with that page (``minShareCount``).

Reflex's root imported all of Radix Themes for components built at run time, which no page has, so that every
component landed in the chunk every page loads; that import is removed (``without_whole_radix``), and the Radix
chunk holds what two pages share. (Splitting Radix further by the pages using each part, Rolldown's
``entriesAware``, made chunks that import each other in a cycle: one build ran a chunk before the one it
reads, and no page started.)

The Lucide icons two pages share are one chunk (~10 kB of Brotli for all of them): each icon was a chunk of its
own, so that home fetched a dozen requests of ~1.3 kB, mostly headers, each a round trip on a phone.
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
    ("icons", r"node_modules[\\/]lucide-react[\\/]"),
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


ROOT_JSX = "app/root.jsx"
# Reflex's loader of whole libraries for components built at run time, which no page has (rxconfig.py): it
# imported all of Radix Themes, so that every component landed in the chunk every page loads.
WHOLE_RADIX = '    "@radix-ui/themes": () => import("@radix-ui/themes"),\n'


def without_whole_radix(root: str) -> str:
    """Reflex's root.jsx without the run-time loader of all of Radix Themes."""
    return root.replace(WHOLE_RADIX, "")


@dataclasses.dataclass
class ChunkGroupsPlugin(rx.plugins.Plugin):
    """Before the build, split the shared libraries into a chunk per library."""

    def pre_compile(self, **context: Any) -> None:
        """Edit the generated vite.config.js."""
        context["add_modify_task"](VITE_CONFIG, with_groups)
        context["add_modify_task"](ROOT_JSX, without_whole_radix)
