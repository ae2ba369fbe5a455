"""Where media files live, behind one small interface: `put`, `get`, `exists`, `delete`, and `local_path`
(a file on this machine to stream, or None). Keys are relative names such as `ab/abcdef….jpg`.

- `LocalStorage(root)`: files under a directory (default `var/media`); writes go to a temporary file renamed
  into place, so a reader never sees half a file.
- `S3Storage(...)`: an S3-compatible object store (AWS S3, MinIO, Ceph…), path-style requests signed with
  AWS Signature V4 (`engine.sigv4`) over httpx. Configuration only: `storage_from_settings`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import httpx

from chuhai.config import Settings
from chuhai.media.engine import sigv4

_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}\.(jpg|png|webp|pdf)$")


def key_for(digest: str, extension: str) -> str:
    return f"{digest[:2]}/{digest}.{extension}"


def valid_key(key: str) -> bool:
    return bool(_KEY.match(key))


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def local_path(self, key: str) -> Path | None: ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not valid_key(key):
            raise ValueError(f"not a media key: {key!r}")
        return self.root / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path | None:
        path = self._path(key)
        return path if path.is_file() else None


class S3Storage:
    """Path-style requests (`{endpoint}/{bucket}/{key}`), which every S3-compatible store accepts."""

    def __init__(self, endpoint: str, bucket: str, region: str, access_key: str, secret_key: str,
                 client: httpx.Client | None = None) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.bucket = bucket
        self.region = region
        self.access_key = access_key
        self.secret_key = secret_key
        self.client = client or httpx.Client(timeout=30)

    def _request(self, method: str, key: str, data: bytes = b"", content_type: str | None = None) -> httpx.Response:
        if not valid_key(key):
            raise ValueError(f"not a media key: {key!r}")
        url = f"{self.endpoint}/{self.bucket}/{key}"
        parts = urlsplit(url)
        payload = hashlib.sha256(data).hexdigest()
        headers = {"x-amz-content-sha256": payload}
        if content_type:
            headers["content-type"] = content_type
        signed = sigv4.sign(method=method, host=parts.netloc, path=parts.path, headers=headers,
                            payload_sha256=payload, access_key=self.access_key, secret_key=self.secret_key,
                            region=self.region, now=dt.datetime.now(dt.UTC))
        signed.pop("host")
        return self.client.request(method, url, content=data or None, headers=signed)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self._request("PUT", key, data, content_type).raise_for_status()

    def get(self, key: str) -> bytes | None:
        response = self._request("GET", key)
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return response.content

    def exists(self, key: str) -> bool:
        response = self._request("HEAD", key)
        if response.status_code == 404:
            return False
        response.raise_for_status()
        return True

    def delete(self, key: str) -> None:
        response = self._request("DELETE", key)
        if response.status_code not in (200, 204, 404):
            response.raise_for_status()

    def local_path(self, key: str) -> Path | None:
        return None


def media_root(settings: Settings) -> Path:
    return settings.media_dir or settings.data_dir / "media"


def storage_from_settings(settings: Settings) -> Storage:
    if settings.media_storage == "s3":
        missing = [name for name in ("media_s3_endpoint", "media_s3_bucket", "media_s3_access_key",
                                     "media_s3_secret_key") if not getattr(settings, name)]
        if missing:
            raise ValueError("CHUHAI_MEDIA_STORAGE=s3 needs " + ", ".join(f"CHUHAI_{m.upper()}" for m in missing))
        return S3Storage(settings.media_s3_endpoint, settings.media_s3_bucket, settings.media_s3_region,
                         settings.media_s3_access_key, settings.media_s3_secret_key)
    return LocalStorage(media_root(settings))
