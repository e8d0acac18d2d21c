import os
import shutil

import pytest

from tests.conftest import need_service

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    need_service(shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_service(False, "Playwright for Python is not installed")
    # Playwright keeps an event loop running in this thread while it is open, and Django refuses
    # database calls under a running loop; allow them only while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _watched_page(browser, live_server, **context_options):
    """A page that records what the browser refused under the content policy, and any script error."""
    context = browser.new_context(base_url=live_server.url, **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.refusals = []
    page.on("console", lambda m: page.refusals.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: page.refusals.append(f"script error: {error}"))
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _watched_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    context.close()
    assert page.refusals == [], "the browser refused something under the content policy or a script failed"


@pytest.fixture
def phone(browser, live_server):
    context, page = _watched_page(browser, live_server, viewport={"width": 390, "height": 844}, is_mobile=True)
    yield page
    context.close()
    assert page.refusals == [], "the browser refused something under the content policy or a script failed"
