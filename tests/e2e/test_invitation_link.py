"""An invitation link opened on a real server: no test transaction wraps the request, so a row lock taken
outside the service's own transaction fails there (TransactionManagementError) and only here."""

import pytest
from playwright.sync_api import expect

from tenants.models import Membership, Role, User
from tenants.services import invitation_create
from tests.e2e.helpers import committed_db

pytestmark = [pytest.mark.e2e, committed_db]

NEW_PASSWORD = "ett-bra-losenord-2026"


def test_invited_person_opens_the_link_types_name_and_password_and_lands_in_the_kommun(page, lund, arkivarie_lund):
    _invitation, token = invitation_create(
        kommun=lund, email="nora.ny@lund.example", role=Role.KONTAKT, actor=arkivarie_lund
    )

    response = page.goto(lund.url(f"/inbjudan/{token}/"))
    assert response is not None and response.status == 200, f"the invitation link answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("nora.ny@lund.example")

    page.get_by_label("Ditt namn").click()
    page.keyboard.type("Nora Ny")
    page.get_by_label("Lösenord", exact=True).click()
    page.keyboard.type(NEW_PASSWORD)
    page.get_by_label("Lösenord igen").click()
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    # Signed in, and (every password login needing a second factor, issue 15) led to set one up first.
    expect(page).to_have_url(lund.url("/tvastegsverifiering/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Skydda ditt konto med tvåstegsverifiering")
    user = User.objects.get(email="nora.ny@lund.example")
    assert Membership.objects.filter(user=user, kommun=lund, role=Role.KONTAKT).exists()

    page.get_by_role("button", name="Logga ut i stället").click()
    page.wait_for_url("**/accounts/login/**")
    # Single-use: the same link, opened again, is refused with the clear message (404), not a 500.
    again = page.goto(lund.url(f"/inbjudan/{token}/"))
    assert again is not None and again.status == 404
    expect(page.locator("main")).to_contain_text("har redan använts")
