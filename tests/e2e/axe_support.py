"""axe-core (npm, tests/axe) injected into a page Playwright shows: the serious and critical WCAG 2.2 AA violations."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from playwright.sync_api import Page

AXE_DIR = Path(__file__).resolve().parents[1] / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NODE_BIN = Path(__file__).resolve().parents[2] / "tools" / "node_modules" / ".bin"


def ensure_axe() -> Path:
    """``npm ci`` tests/axe once (scripts/test.sh does it too); the path of axe.min.js."""
    if not AXE_JS.is_file():
        env = {**os.environ, "PATH": f"{NODE_BIN}:{os.environ.get('PATH', '')}"}
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, env=env, check=True)
    return AXE_JS


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """What axe finds on the page as it is now, one line per rule: id, impact, and the first elements it names."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol: the app's Content-Security-Policy rightly refuses inline scripts
        page.evaluate(ensure_axe().read_text() + "\n;void 0")
    found = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '')
                    .split('\\n').slice(1, 2).join(''))}));
        }""",
        TAGS,
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {v['nodes']}" for v in found if v["impact"] in impacts]
