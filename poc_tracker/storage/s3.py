"""A FileStore on S3 (or an S3-compatible server) through boto3, with presigned download URLs."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from poc_tracker.storage.base import FileStore
from poc_tracker.storage.disposition import content_disposition

_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3FileStore(FileStore):
    """Objects in one bucket; downloads go straight to S3 through presigned GET URLs."""

    def __init__(self, *, bucket: str, endpoint_url: str | None, region: str, presign_ttl: int) -> None:
        if not bucket:
            raise ValueError("POC_TRACKER_S3_BUCKET is required with storage_backend=s3")
        self.bucket = bucket
        self.presign_ttl = presign_ttl
        # Path-style addressing when an endpoint is given: S3-compatible servers rarely have bucket DNS.
        config = Config(
            signature_version="s3v4",
            retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": "path" if endpoint_url else "auto"},
        )
        self.client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region, config=config)

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data)

    def put_file(self, key: str, path: Path) -> None:
        self.client.upload_file(str(path), self.bucket, key)  # multipart above 8 MB: never whole in memory

    def size_of(self, key: str) -> int:
        try:
            return int(self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"])
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                raise FileNotFoundError(key) from exc
            raise

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                raise FileNotFoundError(key) from exc
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                return False
            raise
        return True

    def list_keys(self, prefix: str) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))

    def url_for(self, key: str, filename: str, content_type: str = "application/octet-stream") -> str | None:
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition(filename),
        }
        return self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=self.presign_ttl)
