"""X-Forwarded-For is believed only from a peer in CHUHAI_TRUSTED_PROXIES (default: none)."""

from __future__ import annotations

import itertools

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from chuhai.config import Settings, get_settings

FORM = {"role": "buyer", "display_name": "Someone", "password": "a-long-password", "company": "S GmbH",
        "country": "DE"}
_numbers = itertools.count()


def limit() -> int:
    return get_settings().signup_max_per_address  # what accounts.service.limit_sign_ups reads


def _signups(settings: Settings, peer: str, forwarded: list[str]) -> list[int]:
    """One API sign-up per entry of `forwarded` (its X-Forwarded-For), from `peer`; the status codes."""
    from chuhai.app import create_app

    app = create_app(settings)
    codes = []
    with TestClient(app, client=(peer, 40000)) as client:
        for header in forwarded:
            response = client.post("/api/v1/signup", json={**FORM, "email": f"someone{next(_numbers)}@example.com"},
                                   headers={"X-Forwarded-For": header} if header else {})
            codes.append(response.status_code)
    return codes


def test_by_default_the_header_is_ignored_and_the_peer_is_the_client(settings):
    # Two clients "behind" an untrusted peer claim different addresses: one address, one sign-up.
    claimed = [f"198.51.100.{n}" for n in range(limit() + 1)]
    assert _signups(settings, "203.0.113.9", claimed) == [201] * limit() + [429]


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_on_its_own(settings):
    trusted = settings.model_copy(update={"trusted_proxies": "127.0.0.1, 10.0.0.0/8"})
    clients = [f"198.51.100.{n}" for n in range(limit() + 1)]
    assert _signups(trusted, "10.1.2.3", clients) == [201] * (limit() + 1)
    assert _signups(trusted, "10.1.2.3", ["198.51.100.200"] * (limit() + 1)) == [201] * limit() + [429]


def test_a_client_cannot_choose_its_address_by_writing_the_header_itself(settings):
    # The proxy appends the real client (198.51.100.7) after what the client sent: the spoofed first entries
    # change from request to request, the limit still holds on the real address.
    trusted = settings.model_copy(update={"trusted_proxies": "10.0.0.1"})
    codes = _signups(trusted, "10.0.0.1", [f"1.1.1.{n}, 198.51.100.7" for n in range(limit() + 1)])
    assert codes == [201] * limit() + [429]


def test_a_peer_outside_the_trusted_list_is_the_client_whatever_it_forwards(settings):
    trusted = settings.model_copy(update={"trusted_proxies": "10.0.0.1"})
    claimed = [f"198.51.100.{n}" for n in range(limit() + 1)]
    assert _signups(trusted, "10.0.0.2", claimed) == [201] * limit() + [429]


def test_chained_trusted_proxies_are_skipped_and_garbage_falls_back_to_the_peer(settings):
    trusted = settings.model_copy(update={"trusted_proxies": "10.0.0.0/8"})
    # client → 10.9.9.9 (inner proxy) → 10.0.0.1 (peer): the client is the nearest untrusted entry.
    chained = [f"198.51.100.{n}, 10.9.9.9" for n in range(limit() + 1)]
    assert _signups(trusted, "10.0.0.1", chained) == [201] * (limit() + 1)
    # Not an address: counted as the proxy itself (so garbage headers share one limit).
    garbage = [f"not-an-address-{n}" for n in range(limit() + 1)]
    assert _signups(trusted, "10.0.0.3", garbage) == [201] * limit() + [429]


def test_a_bad_entry_is_refused_at_start_up():
    with pytest.raises(ValidationError):
        Settings(trusted_proxies="10.0.0.0/8, proxy.example.com")
