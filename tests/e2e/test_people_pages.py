"""In a real browser, keyboard only: Lund's arkivarie changes a person's role, the förvaltning resets a lost
factor, and the person's own browser is signed out at once; the audit trail shows it all."""

import pytest
from playwright.sync_api import expect

from tenants.models import Membership, Role
from tests.e2e.helpers import assert_accessible, committed_db, log_in

pytestmark = [pytest.mark.e2e, committed_db]


def press(page, locator) -> None:
    locator.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_the_arkivarie_manages_people_and_reads_the_trail(page, browser, lund, arkivarie_lund, kontakt_lund):
    theirs = browser.new_context(locale="sv-SE").new_page()
    log_in(theirs, lund, kontakt_lund)
    expect(theirs.get_by_role("heading", level=1)).to_have_text("Lund")

    log_in(page, lund, arkivarie_lund)
    press(page, page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Personer"))
    table = page.get_by_role("table", name="2 personer")
    expect(table).to_contain_text("Karin Kontakt")
    assert_accessible(page, "the people page")
    press(page, table.get_by_role("link", name="Karin Kontakt"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Karin Kontakt")
    assert_accessible(page, "a person's page")

    page.get_by_label("Roll", exact=True).focus()
    page.keyboard.press("ArrowDown")  # Kontakt -> Arkivarie
    press(page, page.get_by_role("button", name="Spara rollen"))
    expect(page.locator(".messages")).to_contain_text("Karin Kontakt har nu rollen Arkivarie.")
    assert Membership.objects.get(user=kontakt_lund, kommun=lund).role == Role.ARKIVARIE

    press(page, page.get_by_role("button", name="Ta bort rollen"))
    expect(page.locator(".messages")).to_contain_text("Personens inloggningar har avslutats")
    theirs.reload()
    expect(theirs).to_have_url(lund.url("/accounts/login/?next=/"))  # her own browser is signed out

    press(page, page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Händelselogg"))
    trail = page.get_by_role("table")
    expect(trail).to_contain_text("Roll borttagen")
    expect(trail).to_contain_text("Roll ändrad")
    expect(trail).to_contain_text("Inloggning")
    assert_accessible(page, "the audit trail")
    with page.expect_download() as download:
        press(page, page.get_by_role("link", name="Ladda ner hela loggen (CSV)"))
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.startswith("Tidpunkt;Vem;Händelse;Gäller;Detaljer") and "Roll borttagen" in text
    theirs.context.close()
