"""Real-browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium comes from Debian (`apt-get install chromium`), never from Playwright's own download
(the machines have no route to it). Every test here is marked ``browser`` and skipped, with
the reason, when /usr/bin/chromium or the ``playwright`` package is missing.

Fixtures a journey module uses: ``demo`` (Lào Cai's 2020 assessment, one user per role),
``page`` (a fresh browser context per test, Vietnamese by default), ``login(page, username)``,
``persona(username)`` (a logged-in page of its own, for journeys that pass work between
roles) and ``shot(page_or_element, name)`` (a screenshot in test-artifacts/screenshots/).
Each journey is one ``test_*_journey.py`` module using them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.config.settings")
os.environ.setdefault("DEBUG", "1")
# Playwright's sync API keeps an event loop running in the test thread; the ORM calls the
# fixtures make there are still synchronous, so Django's async guard is a false alarm here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

import pytest  # noqa: E402

from parindex.web.assessments.demo import DEMO_PASSWORD, demo_load  # noqa: E402
from parindex.web.assessments.models import Assessment  # noqa: E402

CHROMIUM = Path(os.environ.get("PARINDEX_CHROMIUM", "/usr/bin/chromium"))
# The machine's network is closed: without these Chromium keeps dialling Google's services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
HTMX = REPO / "src" / "parindex" / "web" / "site" / "static" / "vendor" / "htmx" / "htmx.min.js"

try:
    from playwright.sync_api import Browser, Locator, Page, sync_playwright
except ImportError:  # pragma: no cover - the skip below says why
    sync_playwright = None  # type: ignore[assignment]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here ``browser``; skip them all, saying why, without Chromium."""
    here = Path(__file__).parent
    reason = None
    if sync_playwright is None:
        reason = "the playwright package is not installed (pip install -e '.[dev]')"
    elif not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium"
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def htmx_installed() -> None:
    """The live score needs htmx.min.js, which is git-ignored and fetched once from npm."""
    if not HTMX.exists():
        if shutil.which("npm") is None:
            pytest.skip("htmx.min.js is missing and npm is not installed to fetch it")
        from parindex.web.site.vendor import install

        install()


@pytest.fixture(scope="session")
def browser(htmx_installed: None) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    """Hashing strength is Django's concern; the live server shares these settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(transactional_db: None, fast_passwords: None) -> Assessment:
    """Lào Cai's 2020 self-assessment and one user per role (password ``parindex-demo``)."""
    return demo_load().assessment


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh context (cookies, language) per test, pointed at the live server."""
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    yield browser_page
    context.close()


@pytest.fixture
def login() -> Callable[..., None]:
    """Log a demo user in through the real form: ``login(page, "focal")``."""

    def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    return log_in


@pytest.fixture
def persona(browser: Browser, live_server, login) -> Iterator[Callable[[str], Page]]:
    """A logged-in page per demo user, each in its own context: ``persona("appraiser")``."""
    contexts = []

    def open_as(username: str) -> Page:
        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
        context.set_default_timeout(10_000)
        contexts.append(context)
        user_page = context.new_page()
        login(user_page, username)
        return user_page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def shot() -> Callable[[Page | Locator, str], Path]:
    """Save a screenshot (a whole page, or one element) as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(target: Page | Locator, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        if isinstance(target, Locator):
            target.screenshot(path=str(path))
        else:
            target.screenshot(path=str(path), full_page=True)
        return path

    return take
