"""Routes the installed app and its native shells rely on."""

from __future__ import annotations

import json

from tests.conftest import clear_caches


def test_assetlinks_come_from_settings(client, monkeypatch):
    assert client.get("/.well-known/assetlinks.json").json() == []
    monkeypatch.setenv("POC_TRACKER_ANDROID_CERT_FINGERPRINTS", json.dumps(["AA:BB"]))
    monkeypatch.setenv("POC_TRACKER_ANDROID_PACKAGE", "br.com.acme.pocs")
    clear_caches()
    try:
        res = client.get("/.well-known/assetlinks.json")
        assert res.status_code == 200 and res.headers["content-type"] == "application/json"
        assert res.json()[0]["target"] == {
            "namespace": "android_app",
            "package_name": "br.com.acme.pocs",
            "sha256_cert_fingerprints": ["AA:BB"],
        }
    finally:
        monkeypatch.delenv("POC_TRACKER_ANDROID_CERT_FINGERPRINTS")
        monkeypatch.delenv("POC_TRACKER_ANDROID_PACKAGE")
        clear_caches()


def test_api_responses_get_no_cache_lifetime_from_the_frontend_rules(client, owner_a):
    res = client.get("/api/v1/pocs", headers=owner_a.headers)
    assert res.status_code == 200
    assert "immutable" not in res.headers.get("cache-control", "")
