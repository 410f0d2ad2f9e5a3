"""The message after logging in is shown once, not again inside the invitations panel (issue 12, bug 7);
a message from an HTMX answer still appears in the panel it belongs to."""

import pytest
from playwright.sync_api import expect

from tenants.messages import MSG_INVITATION_SENT
from tests.e2e.helpers import committed_db, log_in
from tests.e2e.test_usable_flows import type_into

pytestmark = [pytest.mark.e2e, committed_db]


def test_the_login_message_appears_once(page, lund, arkivarie_lund):
    log_in(page, lund, arkivarie_lund)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lund")
    expect(page.locator("#invitations")).to_be_visible()  # the panel that repeated it
    login_message = page.locator("main .message, header .message, .messages .message")
    expect(login_message).to_have_count(1)
    expect(page.locator("#invitations .message")).to_have_count(0)

    type_into(page, "#id_email", "ny.kollega@lund.example")
    page.keyboard.press("Enter")
    expect(page.locator("#invitations .message")).to_have_text(
        str(MSG_INVITATION_SENT) % {"email": "ny.kollega@lund.example"}
    )
    expect(page.locator(".message")).to_have_count(2)  # the login message (not repeated) and the new one
