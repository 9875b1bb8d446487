"""Serving the frontend: cache lifetimes per kind of file, page URLs without a redirect, asset links."""

from __future__ import annotations

import pytest

from poc_tracker.api.frontend import IMMUTABLE, REVALIDATE, cache_control, page_path
from poc_tracker.api.wellknown import asset_links

HTML = "text/html; charset=utf-8"


@pytest.mark.parametrize(
    ("path", "content_type", "expected"),
    [
        ("/assets/react-DlmbjZJV.js", "text/javascript", IMMUTABLE),
        ("/assets/__reflex_global_styles-NccINl-w.css", "text/css", IMMUTABLE),
        ("/login/", HTML, REVALIDATE),
        ("/pocs/3f2a/", HTML, REVALIDATE),
        ("/sw.js", "text/javascript", REVALIDATE),
        ("/pwa.js", "text/javascript", REVALIDATE),
        ("/offline.html", HTML, REVALIDATE),
        ("/manifest.webmanifest", "application/manifest+json", "public, max-age=86400"),
        ("/icons/icon-192.png", "image/png", "public, max-age=86400"),
        ("/api/v1/pocs", "application/json", None),
        ("/api/v1/docs", HTML, None),
        ("/healthz", "application/json", None),
        ("/_upload/x.png", "image/png", None),
        ("/.well-known/assetlinks.json", "application/json", None),
    ],
)
def test_cache_lifetimes(path, content_type, expected):
    assert cache_control(path, content_type) == expected


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        ("/login", "text/html,application/xhtml+xml,*/*;q=0.8", "/login/"),
        ("/pocs/3f2a/edit", "text/html", "/pocs/3f2a/edit/"),
        ("/login/", "text/html", None),
        ("/login", "*/*", None),  # not a page load (curl, fetch)
        ("/sw.js", "text/html", None),
        ("/api/v1/docs", "text/html", None),
        ("/healthz", "text/html", None),
        ("/_event", "text/html", None),
    ],
)
def test_page_loads_skip_the_trailing_slash_redirect(path, accept, expected):
    assert page_path(path, accept) == expected


def test_asset_links_name_the_android_app_and_its_certificates():
    links = asset_links("br.com.poctracker.app", ["ab:cd:ef"])
    assert links == [
        {
            "relation": ["delegate_permission/common.handle_all_urls"],
            "target": {
                "namespace": "android_app",
                "package_name": "br.com.poctracker.app",
                "sha256_cert_fingerprints": ["AB:CD:EF"],
            },
        }
    ]
    assert asset_links("br.com.poctracker.app", []) == []  # no signing key configured: trust nothing
