"""The PWA's static files: a complete manifest, a shell the service worker can precache, both languages in JS."""

from __future__ import annotations

import json
import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def english_messages() -> set[str]:
    source = (ASSETS / "pwa.js").read_text()
    block = source.split("const MESSAGES_EN = {", 1)[1].split("\n  };", 1)[0]
    return set(re.findall(r'^\s*"([^"]+)":', block, flags=re.MULTILINE))


def portuguese_ids() -> set[str]:
    """Every message id the JS shows: tr("…"), section("…", …), the status maps, data-i18n in the page."""
    ids: set[str] = set()
    for name in ("pwa.js", "offline.js"):
        source = (ASSETS / name).read_text()
        ids |= set(re.findall(r'tr\(\s*"([^"]+)"', source))
        for pair in re.findall(r'tr\(count === 1 \? "([^"]+)" : "([^"]+)"', source):
            ids |= set(pair)
        ids |= set(re.findall(r'const [A-Z_]+_HINT = "([^"]+)";', source))
        ids |= set(re.findall(r'section\("([^"]+)"', source))
        for table in re.findall(r"const (?:STATUS|DECISION) = \{([^}]*)\}", source):
            ids |= set(re.findall(r':\s*"([^"]+)"', table))
    ids |= set(re.findall(r'data-i18n="([^"]+)"', (ASSETS / "offline.html").read_text()))
    return ids


def test_every_js_message_has_english():
    ids = portuguese_ids()
    assert len(ids) > 20
    assert not ids - english_messages()


def test_the_service_worker_precaches_files_that_exist():
    source = (ASSETS / "sw.js").read_text()
    shell = source.split("const SHELL_FILES = [", 1)[1].split("];", 1)[0]
    files = [*re.findall(r'"(/[^"]+)"', shell), "/offline.html"]
    assert files
    for path in files:
        assert (ASSETS / path.lstrip("/")).is_file(), path


def test_manifest_icons_and_shortcut_icons_exist():
    manifest = json.loads((ASSETS / "manifest.webmanifest").read_text())
    icons = manifest["icons"] + [i for s in manifest["shortcuts"] for i in s["icons"]]
    for icon in icons:
        assert (ASSETS / icon["src"].lstrip("/")).is_file(), icon["src"]
    assert {"any", "maskable"} <= {i.get("purpose", "any") for i in manifest["icons"]}
