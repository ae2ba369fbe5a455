"""AWS Signature Version 4 for requests to an S3-compatible object store (no SDK needed): the canonical
request, the string to sign, the signing key and the `Authorization` header, as specified in
https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html. Checked against AWS's
published examples (tests/media/engine/test_sigv4.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from urllib.parse import quote

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
ALGORITHM = "AWS4-HMAC-SHA256"


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret_key: str, date: str, region: str, service: str) -> bytes:
    key = _hmac(("AWS4" + secret_key).encode("utf-8"), date)
    key = _hmac(key, region)
    key = _hmac(key, service)
    return _hmac(key, "aws4_request")


def canonical_uri(path: str, *, s3: bool = True) -> str:
    """The path, URI-encoded once per segment (S3 does not normalise or double-encode)."""
    encoded = "/".join(quote(segment, safe="-_.~") for segment in (path or "/").split("/"))
    return encoded if s3 else encoded.replace("%", "%25")


def canonical_query(params: list[tuple[str, str]]) -> str:
    pairs = sorted((quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in params)
    return "&".join(f"{k}={v}" for k, v in pairs)


def sign(*, method: str, host: str, path: str, query: list[tuple[str, str]] | None = None,
         headers: dict[str, str] | None = None, payload_sha256: str = EMPTY_SHA256, access_key: str,
         secret_key: str, region: str, service: str = "s3", now: dt.datetime,
         s3: bool = True) -> dict[str, str]:
    """The headers to send (the given ones, `host`, `x-amz-date`, and `Authorization`). For S3 add the
    `x-amz-content-sha256` header (the payload's hash) to `headers` yourself; it is signed like the others."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    date = stamp[:8]
    all_headers = {"host": host, "x-amz-date": stamp}
    all_headers.update({k.lower(): v for k, v in (headers or {}).items()})
    names = sorted(all_headers)
    canonical_headers = "".join(f"{name}:{' '.join(all_headers[name].strip().split())}\n" for name in names)
    signed_headers = ";".join(names)
    request = "\n".join([method.upper(), canonical_uri(path, s3=s3), canonical_query(query or []),
                         canonical_headers, signed_headers, payload_sha256])
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join([ALGORITHM, stamp, scope, hashlib.sha256(request.encode("utf-8")).hexdigest()])
    signature = hmac.new(signing_key(secret_key, date, region, service), to_sign.encode("utf-8"),
                         hashlib.sha256).hexdigest()
    all_headers["authorization"] = (f"{ALGORITHM} Credential={access_key}/{scope}, "
                                    f"SignedHeaders={signed_headers}, Signature={signature}")
    return all_headers
