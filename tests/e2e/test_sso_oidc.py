"""Signing in through a kommun's OpenID Connect provider, in a real browser against the live server.

The provider is real: django-oauth-toolkit with OIDC, its own process on loopback, an RS256 key made by this
run (tests/sso/idps.py). The browser clicks through the platform's button, the IdP's login and consent pages
and the callback; the platform fetches discovery, token, JWKS and userinfo from the IdP over HTTP.
"""

import pytest
from playwright.sync_api import expect

from tenants.models import AuditEvent, Invitation, Membership, Role, User
from tenants.services import invitation_create, membership_set_role
from tests.e2e.helpers import assert_accessible, committed_db
from tests.sso import oidc
from tests.sso.idps import start_oidc_provider

pytestmark = [pytest.mark.e2e, committed_db]


@pytest.fixture(scope="module")
def oidc_idp(live_server):
    port = live_server.url.rsplit(":", 1)[1]
    idp = start_oidc_provider(
        users=[{**person, "password": oidc.IDP_PASSWORD} for person in oidc.IDP_USERS],
        client={"client_id": oidc.CLIENT_ID, "client_secret": oidc.CLIENT_SECRET,
                "redirect_uris": oidc.redirect_uris(port, ["lund", "bjuv", ""])},
    )  # fmt: skip
    yield idp
    idp.stop()


def _sign_in_at_the_idp(page, site, username: str) -> None:
    """From the platform's login page through the IdP's login and consent pages, typing as a person does."""
    page.goto(site.url("/accounts/login/"))
    page.get_by_role("button", name=f"Logga in med {site.name}s inloggning").click()
    page.wait_for_url("http://127.0.0.1:*/**")
    if "/login/" in page.url:  # not yet signed in at the IdP (a second round in the same browser is)
        page.get_by_label("Username").press_sequentially(username)
        page.get_by_label("Password").press_sequentially(oidc.IDP_PASSWORD)
        page.keyboard.press("Enter")
    page.wait_for_url("http://127.0.0.1:*/o/authorize/**")  # the consent page
    expect(page.locator("body")).to_contain_text("Authorize")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


def test_member_signs_in_through_lunds_idp_and_the_session_serves_every_site_until_logout(
    page, oidc_idp, lund, bjuv, forvaltare, kontakt_lund
):
    oidc.configure(lund, oidc_idp.extra["issuer"], forvaltare)
    membership_set_role(user=kontakt_lund, kommun=bjuv, role=Role.KONTAKT, actor=forvaltare)  # she works for both

    page.goto(lund.url("/"))
    button = page.get_by_role("button", name="Logga in med Lunds inloggning")
    expect(button).to_be_visible()
    expect(page.get_by_label("Lösenord")).to_be_visible()  # the förvaltning still allows passwords here
    assert_accessible(page, "the login page with single sign-on")

    _sign_in_at_the_idp(page, lund, "karin")
    expect(page).to_have_url(lund.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lund")
    expect(page.locator("header")).to_contain_text("Karin Kontakt")
    assert AuditEvent.objects.filter(action="sso.login", actor=kontakt_lund, kommun=lund).count() == 1

    # The SSO session is the platform's one session: Bjuv's site knows her too.
    page.goto(bjuv.url("/"))
    expect(page).to_have_url(bjuv.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bjuv")

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    for site in (lund, bjuv):
        page.goto(site.url("/"))
        expect(page).to_have_url(site.url("/accounts/login/?next=/"))


def test_invited_person_signs_in_through_the_idp_and_the_invitation_is_accepted(
    page, oidc_idp, lund, forvaltare, arkivarie_lund
):
    oidc.configure(lund, oidc_idp.extra["issuer"], forvaltare)
    invitation, _token = invitation_create(kommun=lund, email="nora.ny@test.example", role=Role.KONTAKT,
                                           actor=arkivarie_lund)  # fmt: skip

    _sign_in_at_the_idp(page, lund, "nora")

    expect(page).to_have_url(lund.url("/"))
    expect(page.locator("header")).to_contain_text("Nora Ny")
    nora = User.objects.get(email="nora.ny@test.example")
    assert not nora.has_usable_password()
    assert Membership.objects.get(user=nora, kommun=lund).role == Role.KONTAKT
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED
    assert AuditEvent.objects.filter(action="invitation.accept", actor=nora, details__via="sso").exists()


def test_unknown_person_gets_a_clear_page_and_no_account(page, oidc_idp, lund, forvaltare):
    oidc.configure(lund, oidc_idp.extra["issuer"], forvaltare)

    _sign_in_at_the_idp(page, lund, "okand")

    expect(page.get_by_role("heading", level=1)).to_have_text("Du kan inte logga in här")
    expect(page.locator("main")).to_contain_text("okand.person@test.example")
    expect(page.locator("main")).to_contain_text("Inget konto har skapats")
    assert_accessible(page, "the refusal page")
    assert not User.objects.filter(email="okand.person@test.example").exists()
    assert AuditEvent.objects.filter(action="sso.refused", kommun=lund, details__reason="unknown").exists()
    page.goto(lund.url("/"))
    expect(page).to_have_url(lund.url("/accounts/login/?next=/"))


def test_lunds_idp_never_signs_anyone_into_bjuv(page, oidc_idp, lund, bjuv, forvaltare, arkivarie_bjuv):
    """Both kommuner use the same IdP here (as in a shared federation): still, Lund's IdP admits only Lund's
    people, and a callback meant for Lund's site is refused on Bjuv's."""
    oidc.configure(lund, oidc_idp.extra["issuer"], forvaltare)
    oidc.configure(bjuv, oidc_idp.extra["issuer"], forvaltare)

    # Alva works for Bjuv: Lund's IdP knows her, but that does not let her into Lund, nor into Bjuv through Lund.
    _sign_in_at_the_idp(page, lund, "alva")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du kan inte logga in här")
    page.goto(bjuv.url("/"))
    expect(page).to_have_url(bjuv.url("/accounts/login/?next=/"))

    # Lund's callback (code and state), taken to Bjuv's site: Bjuv has no such provider, and its own refuses it.
    callbacks = []  # a route cannot stop a redirect's target, so the request is noted (and Lund refuses it)
    page.on("request", lambda request: "/accounts/oidc/lund-oidc/login/callback/?" in request.url
            and callbacks.append(request.url))  # fmt: skip
    _sign_in_at_the_idp(page, lund, "alva")
    assert callbacks, "the IdP did not send the browser back to Lund's callback"
    query = callbacks[0].split("?", 1)[1]
    response = page.goto(bjuv.url(f"/accounts/oidc/lund-oidc/login/callback/?{query}"))
    assert response.status == 404
    page.goto(bjuv.url(f"/accounts/oidc/bjuv-oidc/login/callback/?{query}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningen misslyckades")
    page.goto(bjuv.url("/"))
    expect(page).to_have_url(bjuv.url("/accounts/login/?next=/"))
    assert not AuditEvent.objects.filter(action="sso.login").exists()
