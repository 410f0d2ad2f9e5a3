"""The förvaltning points Bjuv at its OpenID Connect provider in a real browser, typing as a person does."""

import pytest
from playwright.sync_api import expect

from tenants.sso.models import IdentityProvider
from tenants.sso.sealing import unseal
from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa

pytestmark = [pytest.mark.e2e, committed_db]

SECRET = "secret-from-bjuvs-entra-id"  # noqa: S105


def test_forvaltning_configures_bjuvs_idp_and_bjuvs_login_page_shows_it(page, consortium, bjuv, forvaltare):
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.get_by_role("link", name="Inloggning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggning per kommun")
    assert_accessible(page, "the list of sites' identity providers")
    page.get_by_role("link", name="Bjuv").click()
    expect(page.locator("main")).to_contain_text("/accounts/oidc/bjuv-oidc/login/callback/")

    page.get_by_label("OpenID Connect").check()
    page.get_by_label("OIDC: utfärdarens adress (issuer)").press_sequentially("https://login.bjuv.example/v2.0")
    page.keyboard.press("Tab")
    page.keyboard.type("skanearkiv")  # the client id, next in the tab order
    page.get_by_label("OIDC: klienthemlighet").press_sequentially(SECRET)
    page.get_by_label("Inloggning med lösenord är också tillåten").uncheck()
    assert_accessible(page, "the identity provider form")
    page.get_by_role("button", name="Spara inloggningen").press("Enter")

    expect(page.locator(".messages")).to_contain_text("Inloggningen för Bjuv är sparad.")
    expect(page.get_by_role("row", name="Bjuv")).to_contain_text("OpenID Connect")
    expect(page.get_by_role("row", name="Bjuv")).to_contain_text("Avstängt")
    idp = IdentityProvider.objects.get(kommun=bjuv)
    assert (idp.oidc_client_id, unseal(idp.oidc_client_secret), idp.password_login_allowed) == (
        "skanearkiv",
        SECRET,
        False,
    )

    page.get_by_role("link", name="Bjuv").click()
    expect(page.get_by_label("OIDC: klienthemlighet")).to_have_value("")  # never shown again
    expect(page.locator("main")).to_contain_text("sparad – lämna tomt för att behålla")
    assert SECRET not in page.content()

    page.get_by_role("button", name="Logga ut").click()
    page.goto(bjuv.url("/accounts/login/"))
    expect(page.get_by_role("button", name="Logga in med Bjuvs inloggning")).to_be_visible()
    expect(page.get_by_label("Lösenord")).to_have_count(0)
