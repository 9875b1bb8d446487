"""Files under /.well-known: the Digital Asset Links that let the Android shell (a TWA) open the app full screen."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from poc_tracker.settings import get_settings

router = APIRouter(tags=["native shells"])


def asset_links(package: str, fingerprints: list[str]) -> list[dict]:
    """The statements: this site trusts the Android app signed with these certificates (none: no statement)."""
    if not (package and fingerprints):
        return []
    return [
        {
            "relation": ["delegate_permission/common.handle_all_urls"],
            "target": {
                "namespace": "android_app",
                "package_name": package,
                "sha256_cert_fingerprints": [f.strip().upper() for f in fingerprints],
            },
        }
    ]


@router.get("/.well-known/assetlinks.json", include_in_schema=False)
def assetlinks() -> JSONResponse:
    """Digital Asset Links for the Trusted Web Activity (package and fingerprints from settings)."""
    s = get_settings()
    return JSONResponse(
        asset_links(s.android_package, s.android_cert_fingerprints), headers={"Cache-Control": "public, max-age=3600"}
    )
