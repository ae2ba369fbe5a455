"""Password hashing with Argon2id, at OWASP's recommended cost (m = 19 MiB, t = 2, p = 1).

argon2-cffi's default (RFC 9106's low-memory profile: 64 MiB, t = 3, four lanes) cost about 0.1 s of CPU per
check; on the small servers a programme runs on, a wave of sign-ins then queued every other request behind it
(1.3 s per sign-in under the load benchmark). OWASP's Password Storage Cheat Sheet lists this configuration among
the equivalent minimums for Argon2id; hashes made with other parameters still verify and are re-hashed at the
next successful sign-in (`needs_rehash`)."""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_nobody(password: str) -> bool:
    """The cost of a password check without an account to check against (always False): a sign-in with an
    unknown e-mail takes as long as one with a wrong password, so timing does not tell which e-mails exist."""
    verify_password(_dummy_hash(), password)
    return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
