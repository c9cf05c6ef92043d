"""Browser journeys: Playwright driving Debian's Chromium, never a downloaded browser."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an event loop in this thread; Django would otherwise refuse the
# test's own ORM calls (factories, assertions) as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required on CI at {CHROMIUM} (apt-get install chromium).")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshots(request) -> Path:
    """Where journeys leave their screenshots (gitignored ``test-artifacts/``)."""
    directory = request.config.rootpath / "test-artifacts" / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture
def e2e_cache():
    # The live server shares this process's cache; pages cached by other tests share pks.
    cache.clear()
    yield
    cache.clear()
