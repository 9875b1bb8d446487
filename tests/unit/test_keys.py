"""The embedded profile's JWT key: made once, even when several processes start together."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path


def _load(data_dir: str) -> tuple[str, str]:
    os.environ["POC_TRACKER_DATA_DIR"] = data_dir
    from poc_tracker.auth import keys
    from poc_tracker.settings import get_settings

    get_settings.cache_clear()
    keys.load_keys.cache_clear()
    pair = keys.load_keys()
    return pair.private_pem, pair.public_pem


def test_processes_starting_together_share_one_key_pair(tmp_path: Path):
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pairs = pool.map(_load, [str(tmp_path)] * 8)
    assert len(set(pairs)) == 1
    private, public = pairs[0]
    assert "PRIVATE KEY" in private and "PUBLIC KEY" in public
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == ["jwt-private.pem"]
    assert (tmp_path / "keys" / "jwt-private.pem").stat().st_mode & 0o777 == 0o600
