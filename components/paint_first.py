"""Each prerendered page paints before its scripts are fetched.

A built page names every script it will run in ``<link rel="modulepreload">`` tags and imports them from an
inline module script. The browser fetched them all alongside the stylesheet, so on a slow connection a page whose
HTML is complete (the sign-in form) waited for ~250 kB of JavaScript sharing the bandwidth with the stylesheet
it needed. After the production build each page gets, instead, one inline module script that waits for the first
frame, then adds the same preloads and runs the same imports in the same order: the page paints with only its
HTML and CSS, and the scripts follow at once (bench/lighthouse.sh, sign-in page on Lighthouse's slow-4G phone:
first paint 2.9 → 0.9 s, largest paint 3.0 → 1.4 s). The scripts shared that bandwidth with the stylesheet
anyway: they now finish about one round trip later. The CSP allows the new script by its hash, computed from the
page as served (``poc_tracker/api/security.py``).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from pathlib import Path
from typing import Any

import reflex as rx

log = logging.getLogger(__name__)

PRELOAD = re.compile(r'<link rel="modulepreload" href="(/assets/[^"]+\.js)"/>')
LOADER = re.compile(r'<script type="module" async="">(.*?)</script>', re.S)
STATIC_IMPORT = re.compile(r'^import "(/assets/[^"]+\.js)";$')
NAMED_IMPORT = re.compile(r'^import \* as (route\d+) from "(/assets/[^"]+\.js)";$')
ROUTE_MODULES = re.compile(r"^window\.__reactRouterRouteModules = (\{.*\});$")
ENTRY = re.compile(r'^import\("(/assets/[^"]+\.js)"\);$')
MARK = "data-paint-first"


def loader_after_paint(body: str, preloads: list[str]) -> str | None:
    """React Router's module loader rewritten to start after the first frame; None when it is not the usual one."""
    side, named, modules, entry = [], [], "", ""
    for line in (part.strip() for part in body.splitlines()):
        if not line:
            continue
        if found := STATIC_IMPORT.match(line):
            side.append(found.group(1))
        elif found := NAMED_IMPORT.match(line):
            named.append((found.group(1), found.group(2)))
        elif found := ROUTE_MODULES.match(line):
            modules = found.group(1)
        elif found := ENTRY.match(line):
            entry = found.group(1)
        else:
            return None  # not the shape this rewrite knows: leave the page as built
    if not (named and modules and entry):
        return None
    names = ", ".join(name for name, _ in named)
    imports = ", ".join(f"import({json.dumps(src)})" for _, src in named)
    return (
        f"const preloads = {json.dumps(preloads)};\n"
        "await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));\n"
        "for (const href of preloads) {\n"
        '  const link = document.createElement("link");\n'
        '  link.rel = "modulepreload";\n'
        "  link.href = href;\n"
        "  document.head.append(link);\n"
        "}\n"
        + "".join(f"await import({json.dumps(src)});\n" for src in side)
        + f"const [{names}] = await Promise.all([{imports}]);\n"
        f"window.__reactRouterRouteModules = {modules};\n"
        f"import({json.dumps(entry)});"
    )


def paint_first(html: str) -> str:
    """The page with its scripts fetched after its first paint (unchanged when it does not have the usual shape)."""
    found = LOADER.search(html)
    if found is None or MARK in html:
        return html
    preloads = PRELOAD.findall(html)
    body = loader_after_paint(found.group(1), preloads)
    if body is None:
        return html
    page = html[: found.start()] + f'<script type="module" {MARK}="">{body}</script>' + html[found.end() :]
    return PRELOAD.sub("", page)


def rewrite_all(static_dir: Path) -> int:
    """Rewrite every prerendered page under ``static_dir``; how many were changed."""
    changed = 0
    for page in sorted(static_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        new = paint_first(html)
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


@dataclasses.dataclass
class PaintFirstPlugin(rx.plugins.Plugin):
    """After `reflex export` (before its compression), have each page paint before fetching its scripts."""

    def post_build(self, **context: Any) -> None:
        """Rewrite the pages of the build; a failure leaves them as they were (slower, never broken)."""
        static_dir = Path(context["static_dir"])
        try:
            log.info("paint first: %d pages", rewrite_all(static_dir))
        except Exception:  # an optimisation must never fail the build
            log.exception("paint first: pages left as built")
