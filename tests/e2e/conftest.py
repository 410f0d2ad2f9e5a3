"""Browser fixtures: Debian's chromium, driven by Playwright, against pytest-django's live server.

The browser uses the real host names (http://lund.skanearkiv.localhost:<port>/): Chromium
resolves *.localhost to the loopback address itself, so tenant routing, the cookies on the
parent domain and the CSRF origin checks work as they do in production.
"""

import os
from pathlib import Path

import pytest

from tests.e2e.helpers import AXE_JS, CSP_LISTENER_JS, csp_violations
from tests.needs import need

CHROMIUM = Path("/usr/bin/chromium")
# `playwright install` cannot download browsers here: always Debian's chromium (ARCHITECTURE.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def browser():
    """One chromium for the browser tests (starting it costs ~0.5 s); each test gets its own context."""
    if not CHROMIUM.exists():
        need("browser", f"Debian's chromium is not at {CHROMIUM}", "apt-get install chromium, or `make test` as root")
    if not AXE_JS.exists():
        need("browser", f"axe-core is not at {AXE_JS}", "npm install, or `make test`")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread, which makes Django refuse ORM
    # calls from the test body ("async context"). The test body is plain synchronous code; the
    # package scope limits the switch to the browser tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A live-server test empties public, so the world's users are re-created (hashed) for each test:
    a cheap hasher saves ~1.5 s a test. PBKDF2 stays listed for users made before the flush."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def live_site(live_server, settings):
    """The live server, with the platform's absolute links and trusted origins on its port.

    `kommun.url(path)` then gives the address the browser should open.
    """
    port = live_server.url.rsplit(":", 1)[1]
    settings.PLATFORM_PORT = port
    # CSRF_TRUSTED_ORIGINS is computed from PLATFORM_PORT when the settings are imported.
    scheme, domain = settings.PLATFORM_SCHEME, settings.PLATFORM_DOMAIN
    settings.CSRF_TRUSTED_ORIGINS = [f"{scheme}://{domain}:{port}", f"{scheme}://*.{domain}:{port}"]
    return live_server


@pytest.fixture
def page(browser, live_site):
    """A fresh page in a fresh browser context (no cookies shared between tests).

    Every browser test also checks the Content Security Policy: a violation anywhere in it fails the test.
    """
    context = browser.new_context(locale="sv-SE")
    context.set_default_timeout(15_000)
    context.add_init_script(CSP_LISTENER_JS)
    page = context.new_page()
    page.console_messages_seen = []
    page.on("console", lambda message: page.console_messages_seen.append(message.text))
    yield page
    context.close()
    violations = csp_violations(page.console_messages_seen)
    assert not violations, "the Content Security Policy refused something:\n" + "\n".join(violations)
