"""What the browser tests do again and again: log in, pass the MFA step, run axe-core."""

import time
from pathlib import Path

import pytest
import redis
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.apps import apps

from tests.world import PASSWORD, totp_secret_of

# The live server runs in another thread, so its data must be committed (transactional_db). After
# such a test Django empties the public tables; kommun tables point at public ones (users, the
# product catalogue), and only with available_apps set does that TRUNCATE cascade to them.
committed_db = pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()])

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


MFA_STEP = "**/accounts/2fa/authenticate/**"
# The TOTP window each user's last code came from: a code works once, so a second login in the same window
# waits for the next one.
_last_window: dict[tuple[int, str], int] = {}


def forget_allauth_state() -> None:
    """Forget what allauth counted and marked in the cache during this test (its login rate limits, the TOTP
    codes used, each for its window), as the database is rolled back: called after every test, so the next
    test's logins neither wait for a new TOTP window nor meet an earlier test's rate limit. Within a test a
    code still works once and the limits hold."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.cache.backends.redis import RedisCache

    from tenants.cache import GLOBAL_NAMESPACE

    _last_window.clear()
    cache = caches["default"]  # the backend itself (django.core.cache.cache is a proxy of it)
    if isinstance(cache, RedisCache):
        try:
            _forget_in_redis(cache, GLOBAL_NAMESPACE)
        except redis.exceptions.ConnectionError:
            pass  # a fault test's own Redis, stopped: nothing of it is left to forget
    elif isinstance(cache, LocMemCache):
        cache.clear()  # this process's own memory: nothing but this test's entries


def _forget_in_redis(cache, namespace: str) -> None:
    """tenants.cache puts allauth's keys, and only those, in the namespace "*" (escaped in a SCAN pattern)."""
    client = cache._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match=f"\\{namespace}:*", count=1000))
    if keys:
        client.delete(*keys)


def log_in(page, site, user, password: str = PASSWORD, *, mfa: bool = True) -> None:
    """Fill in the real login form on `site`'s host, as a person would; then, since every password login needs
    a second factor, the TOTP step with the user's current code (mfa=False stops at that step)."""
    page.goto(site.url("/accounts/login/"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    if mfa and has_totp(user):
        page.wait_for_url(MFA_STEP)  # the password alone never signs anyone in
        _answer_mfa(page, user)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def current_totp_code(user) -> str:
    """The user's TOTP code now, from a time window with a few seconds left that gave this user no code yet
    (a code works once, ±0 windows)."""
    period = mfa_settings.TOTP_PERIOD
    secret = totp_secret_of(user)
    key = (user.pk, secret)
    if period - time.time() % period < 3 or _last_window.get(key) == int(time.time()) // period:
        time.sleep(period - time.time() % period + 0.1)
    window = int(time.time()) // period
    _last_window[key] = window
    return format_hotp_value(hotp_value(secret, window))


def pass_mfa(page, user) -> None:
    """Answer allauth's MFA step (/accounts/2fa/authenticate/) with the user's current TOTP code, typed.

    log_in answers it already; for a page that has passed it, this is a no-op (older tests call both)."""
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # the password form's answer has arrived
    if "/accounts/2fa/authenticate/" not in page.url:
        return
    _answer_mfa(page, user)


def _answer_mfa(page, user) -> None:
    page.locator("input[name=code]").press_sequentially(current_totp_code(user))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now; return its violations."""
    # Evaluated through the browser's debugging protocol, not added as a <script>: the pages' Content Security
    # Policy refuses inline scripts, and rightly so.
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE_JS.read_text(encoding='utf-8')}\n; window.axe = axe; }}")
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        AXE_TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            lines.append(f"       {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page, what: str) -> None:
    """Fail when axe finds a serious or critical WCAG 2.1 AA violation; print lesser ones for the record."""
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if violations and not blocking:
        print(f"\naxe on {what} ({page.url}), not blocking:\n{format_violations(violations)}")
    assert not blocking, f"axe on {what} ({page.url}) found:\n{format_violations(blocking)}"


# Installed in every page before its own scripts (Playwright's init script is not subject to the page's CSP):
# each violation the browser reports is logged to the console, where the `page` fixture collects it.
CSP_LISTENER_JS = """document.addEventListener('securitypolicyviolation', (e) => console.error(
    `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
    + ` at ${e.sourceFile || e.documentURI}:${e.lineNumber}`));"""


def csp_violations(messages: list[str]) -> list[str]:
    """The console messages that report a Content Security Policy violation."""
    return [m for m in messages if m.startswith("CSP violation") or "Content Security Policy" in m]
