"""A live server on a free port with the small demo loaded, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from chuhai.config import Settings
from chuhai.database import session_scope
from chuhai.media.demo import seed_demo_photos
from chuhai.media.service import config_from_settings
from chuhai.migrate import upgrade

CHROMIUM = os.environ.get("CHUHAI_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("CHUHAI_SCREENSHOTS", "test-artifacts/screenshots"))
DEMO_PASSWORD = "chuhai-demo"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    from chuhai.accounts import audit
    from chuhai.app import create_app
    from chuhai.demo.events import seed_demo_event, seed_past_demo_event
    from chuhai.demo.generator import DEMO_BUYER_KEY, DEMO_ENTERPRISE_CREDIT_CODE, generate
    from chuhai.demo.loader import load
    from chuhai.demo.logins import seed_demo_logins
    from chuhai.demo.trade import seed_demo_trade
    from chuhai.markets.service import sync_reference_data

    audit.install()
    directory = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{directory / 'chuhai.db'}"
    upgrade(url)
    with session_scope(url) as session:
        session.info["audit_disabled"] = True
        sync_reference_data(session)
        load(session, generate("small", 7))
        seed_demo_logins(session, DEMO_ENTERPRISE_CREDIT_CODE, DEMO_BUYER_KEY)
        # What `chuhai demo` adds (as `make run` shows it): the events and the trade between match and deal.
        seed_demo_event(session)
        seed_demo_trade(session, scale="small", seed=7)
        seed_past_demo_event(session)
        seed_demo_photos(session, config_from_settings(Settings(database_url=url, data_dir=directory)))  # drawn, CC0
    with serve(create_app(Settings(database_url=url, secret_key="browser-tests", data_dir=directory))) as base_url:
        yield base_url


@contextmanager
def serve(app) -> Iterator[str]:
    """The app on a free loopback port, in a thread, for as long as the block runs; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (Debian's chromium package)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, email: str) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def image_loaded(locator, timeout_ms: int = 15000) -> bool:
    """Whether the image `locator` points at has loaded, waiting for it up to `timeout_ms`: the element can be
    in the page before its picture arrives (a server busy with background work answers the picture later)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    locator.wait_for(timeout=timeout_ms)
    try:
        locator.page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                       arg=locator.element_handle(), timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True
