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

The loader then runs each shared chunk in a task of its own, the chunks a chunk imports first, before React
Router's own imports (which find them run). Run as one module graph they made one task of ~150 ms on
Lighthouse's slowed phone CPU, which all counted as blocking time; each chunk alone stays near or under 50 ms.
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
# A built chunk's static imports (``import{a as b}from"./x.js"``, ``import"./x.js"``, ``export*from"./x.js"``);
# a dynamic ``import("./x.js")`` has a parenthesis and is not one.
CHUNK_IMPORT = re.compile(r'\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["\']\./([^"\'/]+\.js)["\']')
BREATHE = "globalThis.scheduler?.yield ? scheduler.yield() : new Promise((go) => setTimeout(go, 0))"
MARK = "data-paint-first"
# A control painted before the page's scripts run does nothing when pressed until they do: disabled until then,
# so a press is not silently lost (and browser tests wait for it).
WAITS_FOR_SCRIPTS = ~rx.State.is_hydrated


def chunk_order(assets: Path | None, roots: list[str]) -> list[str]:
    """The chunks ``roots`` import statically, transitively, each after the chunks it imports (roots included).

    Without the built assets (``assets`` None) nothing is known and nothing is run early.
    """
    if assets is None:
        return []
    seen: set[str] = set()
    order: list[str] = []

    def visit(href: str) -> None:
        if href in seen:
            return
        seen.add(href)
        path = assets / href.removeprefix("/assets/")
        code = path.read_text(encoding="utf-8") if path.is_file() else ""
        for dep in CHUNK_IMPORT.findall(code):
            visit(f"/assets/{dep}")
        order.append(href)

    for root in roots:
        visit(root)
    return order


def loader_after_paint(body: str, preloads: list[str], assets: Path | None = None) -> str | None:
    """React Router's module loader rewritten to start after the first frame; None when it is not the usual one.

    With the build's ``assets`` folder, the chunks the page runs are run one task each first (entry excepted).
    """
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
    early = [src for src in chunk_order(assets, [*side, *(src for _, src in named), entry]) if src != entry]
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
        + (
            f"for (const chunk of {json.dumps(early)}) {{\n  await import(chunk);\n  await ({BREATHE});\n}}\n"
            if early
            else ""
        )
        + "".join(f"await import({json.dumps(src)});\n" for src in side)
        + f"const [{names}] = await Promise.all([{imports}]);\n"
        f"window.__reactRouterRouteModules = {modules};\n"
        f"import({json.dumps(entry)});"
    )


def paint_first(html: str, assets: Path | None = None) -> str:
    """The page with its scripts fetched after its first paint (unchanged when it does not have the usual shape)."""
    found = LOADER.search(html)
    if found is None or MARK in html:
        return html
    preloads = PRELOAD.findall(html)
    body = loader_after_paint(found.group(1), preloads, assets)
    if body is None:
        return html
    page = html[: found.start()] + f'<script type="module" {MARK}="">{body}</script>' + html[found.end() :]
    return PRELOAD.sub("", page)


def rewrite_all(static_dir: Path) -> int:
    """Rewrite every prerendered page under ``static_dir``; how many were changed."""
    changed = 0
    for page in sorted(static_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        new = paint_first(html, static_dir / "assets")
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
