"""In a real browser with Chromium's virtual authenticator: a person without a second factor is led to add a
passkey, and that one passkey then signs them in on another kommun's site and on the consortium's (the relying
party is the parent domain). Keyboard only; axe on the new pages."""

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tenants.models import AuditEvent
from tests.e2e.helpers import assert_accessible, committed_db, log_in
from tests.world import PASSWORD

pytestmark = [pytest.mark.e2e, committed_db]

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


def virtual_authenticator(page) -> tuple[object, str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    return cdp, cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})["authenticatorId"]


def press(page, locator) -> None:
    locator.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def log_out(page) -> None:
    press(page, page.get_by_role("button", name="Logga ut"))
    page.wait_for_url("**/accounts/login/**")  # signed out: the start page sends to the login page


def test_a_passkey_added_on_one_site_signs_in_on_every_site(page, lund, bjuv, consortium, forvaltare):
    cdp, authenticator_id = virtual_authenticator(page)
    Authenticator.objects.filter(user=forvaltare).delete()  # a person who has no second factor yet

    log_in(page, lund, forvaltare)
    expect(page).to_have_url(lund.url("/tvastegsverifiering/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Skydda ditt konto med tvåstegsverifiering")
    assert_accessible(page, "the page that asks for a second factor")
    page.goto(lund.url("/system/"))  # nothing else opens before a factor is set up
    expect(page).to_have_url(lund.url("/tvastegsverifiering/"))

    press(page, page.get_by_role("link", name="Använd en passkey eller säkerhetsnyckel"))
    # allauth asks for the password again before a factor is added.
    page.get_by_label("Lösenord").press_sequentially(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/2fa/webauthn/add/**")
    assert_accessible(page, "adding a passkey")
    name = page.locator("input[name=name]")
    name.fill("")
    name.press_sequentially("Jobbdatorn")
    page.get_by_label("Utan lösenord").focus()
    page.keyboard.press("Space")  # a passkey: it may sign in alone
    expect(page.get_by_label("Utan lösenord")).to_be_checked()
    press(page, page.locator("#mfa_webauthn_add"))
    page.wait_for_url("**/accounts/2fa/recovery-codes/**")
    expect(page.locator("main")).to_contain_text("Återställningskoder")
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1
    added = AuditEvent.objects.get(action="mfa.added", actor=forvaltare, details__type="webauthn")
    assert added.kommun == lund

    page.goto(lund.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lund")
    log_out(page)

    # Bjuv's site: the password, then the same passkey as the second factor.
    log_in(page, bjuv, forvaltare)
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    assert_accessible(page, "the second-factor step with a security key")
    press(page, page.get_by_role("button", name="Använd en säkerhetsnyckel"))
    expect(page).to_have_url(bjuv.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bjuv")
    log_out(page)

    # The consortium's site: the passkey alone (it is two factors: the key and the fingerprint or PIN).
    page.goto(consortium.url("/accounts/login/"))
    press(page, page.get_by_role("button", name="Logga in med passkey"))
    expect(page).to_have_url(consortium.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("SkånEarkiv – samverkan")
    used = (
        AuditEvent.objects.filter(action="mfa.used", actor=forvaltare).order_by("id").values_list("details", flat=True)
    )
    assert [d["passwordless"] for d in used] == [False, True]
