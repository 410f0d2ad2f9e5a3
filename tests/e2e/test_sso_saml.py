"""Signing in through a kommun's SAML 2.0 IdP in a real browser: the IdP (pysaml2, its own process) posts its
signed assertion across sites to the platform's ACS, where the session cookie (SameSite=Lax) is not sent; the
sign-in must still land, serve the person's other sites, and end everywhere at logout."""

import pytest
import requests
from playwright.sync_api import expect

from tenants.models import Role
from tenants.services import membership_set_role
from tests.e2e.helpers import assert_accessible, committed_db
from tests.sso import saml
from tests.sso.idps import start_saml_idp

pytestmark = [pytest.mark.e2e, committed_db]


@pytest.fixture(scope="module")
def saml_idp():
    idp = start_saml_idp()
    idp.extra["metadata_xml"] = requests.get(f"{idp.base_url}/metadata", timeout=10).text
    yield idp
    idp.stop()


def test_member_signs_in_through_lunds_saml_idp_and_the_session_serves_every_site_until_logout(
    page, saml_idp, lund, bjuv, forvaltare, arkivarie_lund
):
    saml.configure(lund, saml_idp, forvaltare, password_login_allowed=False)
    membership_set_role(user=arkivarie_lund, kommun=bjuv, role=Role.KONTAKT, actor=forvaltare)

    page.goto(lund.url("/system/"))
    expect(page.get_by_label("Lösenord")).to_have_count(0)  # Lund signs in through its IdP only
    assert_accessible(page, "the login page with SSO only")
    page.get_by_role("button", name="Logga in med Lunds inloggning").press("Enter")
    page.wait_for_url(f"{saml_idp.base_url}/sso/redirect?**")
    page.get_by_label("E-mail").press_sequentially(arkivarie_lund.email)
    page.keyboard.press("Enter")

    expect(page).to_have_url(lund.url("/system/"))  # back where she was going
    expect(page.locator("header")).to_contain_text("Arvid Arkivarie")

    page.goto(bjuv.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bjuv")

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    for site in (lund, bjuv):
        page.goto(site.url("/"))
        expect(page).to_have_url(site.url("/accounts/login/?next=/"))
