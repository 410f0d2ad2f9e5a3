"""The Content Security Policy in a real browser: every main page of every role, with JavaScript on, and the
HTMX interactions on them, run without the browser refusing anything.

(Every browser test checks this too, in the `page` fixture; here each role walks its pages on purpose.)
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import committed_db, csp_violations, log_in, pass_mfa
from tests.e2e.test_a11y_pages import _consortium_pages, _kommun_pages
from tests.e2e.test_a11y_pages import demo as demo  # the fixture: the same demo as the axe walk

pytestmark = [pytest.mark.e2e, committed_db]


def _walk(page, site, pages, who: str) -> list[str]:
    problems = []
    for path, what in pages:
        before = len(page.console_messages_seen)
        response = page.goto(site.url(path))
        if response is None or response.status != 200:
            problems.append(f"{who}: {what} ({path}) answered {response and response.status}")
            continue
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.wait_for_load_state("networkidle")
        problems += [f"{who}: {what} ({path}): {v}" for v in csp_violations(page.console_messages_seen[before:])]
    return problems


def test_the_policy_is_sent_and_a_refused_inline_script_is_noticed(page, lund):
    response = page.goto(lund.url("/accounts/login/"))
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert "camera=()" in response.headers["permissions-policy"]

    # The check itself: the same page (same headers) with an inline script added is refused by the browser,
    # and the refusal is seen.
    original = page.goto(lund.url("/tillganglighet/"))
    headers, body = original.headers, original.text()
    tampered = body.replace("</body>", "<script>document.title = 'injected';</script></body>")
    page.route("**/tillganglighet/", lambda route: route.fulfill(status=200, headers=headers, body=tampered))
    page.goto(lund.url("/tillganglighet/"))
    page.wait_for_load_state("networkidle")
    assert page.title() != "injected"
    seen = csp_violations(page.console_messages_seen)
    assert seen and "script-src" in seen[0]
    page.console_messages_seen.clear()  # seen on purpose: the fixture must not fail the test for it


def test_every_role_walks_its_main_pages_and_htmx_without_a_csp_violation(
    page, demo, lund, consortium, kontakt_lund, arkivarie_lund, forvaltare, ledning
):
    problems = []
    kommun_pages = _kommun_pages(lund)
    consortium_pages = _consortium_pages(lund)
    for user in (kontakt_lund, arkivarie_lund):
        page.context.clear_cookies()
        log_in(page, lund, user)
        problems += _walk(page, lund, kommun_pages, user.email)

    # HTMX on a kommun's page: the system list filters as one types (a swap of the result list).
    page.goto(lund.url("/system/"))
    page.get_by_label("Sök").first.click()
    page.keyboard.type("Utkast")
    expect(page.locator("#system-results")).to_contain_text("Utkast för granskning")

    page.context.clear_cookies()
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    problems += _walk(page, consortium, consortium_pages, forvaltare.email)
    problems += _walk(page, consortium, [("/accounts/2fa/", "the MFA page")], forvaltare.email)

    page.context.clear_cookies()
    log_in(page, consortium, ledning)
    ledning_paths = {"/", "/planering/portfolj/", "/planering/", "/anslutningar/", "/rapporter/", "/kostnader/"}
    problems += _walk(page, consortium, [p for p in consortium_pages if p[0] in ledning_paths], ledning.email)

    assert not problems, "\n".join(problems)
