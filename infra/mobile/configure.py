"""Point the native shells at the deployed app: writes the app URL and Android package into their configs.

Run with the deployment's settings, e.g.
``POC_TRACKER_APP_URL=https://pocs.acme.com.br POC_TRACKER_ANDROID_PACKAGE=br.com.acme.pocs python
infra/mobile/configure.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from poc_tracker.settings import get_settings  # noqa: E402  (after the path is set)


def configure(app_url: str, package: str) -> list[Path]:
    """Rewrite capacitor.config.json and twa-manifest.json for this deployment."""
    url = app_url.rstrip("/")
    host = urlsplit(url).netloc
    cap_path, twa_path = HERE / "capacitor" / "capacitor.config.json", HERE / "twa" / "twa-manifest.json"
    cap = json.loads(cap_path.read_text())
    cap["appId"] = package
    cap["server"].update(url=url, cleartext=url.startswith("http://"))
    twa = json.loads(twa_path.read_text())
    old = f"https://{twa['host']}"
    twa.update(packageId=package, host=host)
    for key in ("iconUrl", "maskableIconUrl", "webManifestUrl"):
        twa[key] = twa[key].replace(old, url)
    for shortcut in twa["shortcuts"]:
        shortcut["chosenIconUrl"] = shortcut["chosenIconUrl"].replace(old, url)
    for path, data in ((cap_path, cap), (twa_path, twa)):
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return [cap_path, twa_path]


if __name__ == "__main__":
    settings = get_settings()
    for written in configure(settings.app_url, settings.android_package):
        print(written.relative_to(HERE.parents[1]))
