"""File-store fixtures: the local folder, and S3 through a moto server started once per session."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest

BUCKET = "poc-tracker-test"
S3_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An S3 endpoint (moto in server mode, on a free loopback port) with the test bucket."""
    port = _free_port()
    script = Path(sys.executable).with_name("moto_server")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "moto.server"]
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    proc = subprocess.Popen([*cmd, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(endpoint + "/moto-api/", timeout=1)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"moto_server did not start (see {log.name})")
            time.sleep(0.1)
    saved = {k: os.environ.get(k) for k in S3_ENV}
    os.environ.update(S3_ENV)
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=BUCKET)
    yield endpoint
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _use_backend(env: dict[str, str]) -> Iterator[object]:
    """Switch the app to a storage backend for one test, starting from an empty store."""
    from poc_tracker.settings import get_settings
    from poc_tracker.storage import get_file_store
    from tests.conftest import clear_caches

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    clear_caches()
    store = get_file_store()
    if env["POC_TRACKER_STORAGE_BACKEND"] == "local":
        shutil.rmtree(get_settings().data_dir / "files", ignore_errors=True)
    for key in store.list_keys(""):
        store.delete(key)
    yield store
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    clear_caches()


@pytest.fixture
def local_store(profile: object) -> Iterator[object]:
    """Files in the profile's data folder."""
    yield from _use_backend({"POC_TRACKER_STORAGE_BACKEND": "local"})


def _s3_env(endpoint: str) -> dict[str, str]:
    return {
        "POC_TRACKER_STORAGE_BACKEND": "s3",
        "POC_TRACKER_S3_BUCKET": BUCKET,
        "POC_TRACKER_S3_ENDPOINT_URL": endpoint,
        "POC_TRACKER_S3_REGION": "us-east-1",
    }


@pytest.fixture
def s3_store(profile: object, moto_s3: str) -> Iterator[object]:
    """Files in the moto S3 bucket."""
    yield from _use_backend(_s3_env(moto_s3))


@pytest.fixture(params=["local", "s3"])
def file_store(request: pytest.FixtureRequest, profile: object) -> Iterator[object]:
    """Each file test runs on the local folder and on S3 (moto)."""
    if request.param == "local":
        yield from _use_backend({"POC_TRACKER_STORAGE_BACKEND": "local"})
    else:
        yield from _use_backend(_s3_env(request.getfixturevalue("moto_s3")))
