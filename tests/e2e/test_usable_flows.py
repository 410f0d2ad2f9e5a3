"""The most important flow as a person really does it: the wizard with the keyboard only, the wizard with
JavaScript off (plain posts), and the HTMX invitation form on the kommun's start page."""

import re

import pytest
from playwright.sync_api import expect

from onboarding.messages import MSG_PERIOD_ORDER
from tenants.messages import MSG_INVITATION_SENT
from tests.e2e.helpers import assert_accessible, committed_db, log_in

pytestmark = [pytest.mark.e2e, committed_db]

NEXT = "Spara och fortsätt"
INVALID_EMAIL = "Fyll i en giltig e-postadress."  # Django's own message, in Swedish


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab (only Tab) until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab within {limit} presses")


def type_into(page, selector: str, text: str) -> None:
    """Tab to a field, empty it and type, like a person correcting what is there."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def expect_step(page, number: int, label: str) -> None:
    expect(page.get_by_role("heading", level=2).first).to_have_text(f"Steg {number} av 6: {label}")


def field_of(page, field_id: str):
    """The labelled field block of an input: where its label, its message and the input itself stand."""
    return page.locator(f"div.field:has(#{field_id})")


def test_kontakt_registers_a_system_with_the_keyboard_only(page, lund, kontakt_lund):
    log_in(page, lund, kontakt_lund)
    page.goto(lund.url("/system/nytt/"))
    expect_step(page, 1, "Grunduppgifter")
    expect(page.locator("#id_name")).to_have_accessible_description(re.compile("Det namn verksamheten använder"))

    type_into(page, "#id_name", "Ärendesystemet")  # the fields in the order Tab reaches them
    type_into(page, "#id_version", "3.1")
    type_into(page, "#id_product_name", "Ärendia Nova")
    type_into(page, "#id_vendor", "Leverantören AB")
    page.keyboard.press("Enter")  # Enter in a field means "go on", not "save and stay" nor "go back"
    expect_step(page, 2, "Kontaktpersoner")

    type_into(page, "#id_owner_name", "Olle Ägare")
    type_into(page, "#id_owner_email", "olle(at)lund")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Rätta de markerade fälten")
    expect(field_of(page, "id_owner_email")).to_contain_text(INVALID_EMAIL)
    expect(page.locator("#id_owner_email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_owner_email")).to_have_accessible_description(re.compile(INVALID_EMAIL))
    expect_step(page, 2, "Kontaktpersoner")
    type_into(page, "#id_owner_email", "olle@lund.example")
    page.keyboard.press("Enter")
    expect_step(page, 3, "Information")

    type_into(page, "#id_info-0-name", "Ärenden")
    type_into(page, "#id_info-0-period_from", "2010")
    type_into(page, "#id_info-0-period_to", "2005")
    page.keyboard.press("Enter")
    expect(field_of(page, "id_info-0-period_to")).to_contain_text(str(MSG_PERIOD_ORDER))
    type_into(page, "#id_info-0-period_to", "2024")
    page.keyboard.press("Enter")
    expect_step(page, 4, "Personuppgifter och klassning")

    tab_to(page, "#id_confidentiality")
    page.keyboard.type("2")  # a closed select takes the typed option
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    expect_step(page, 5, "Avveckling och export")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    expect_step(page, 6, "Granska och skicka in")
    expect(page.locator("main")).to_contain_text("Ärendesystemet")
    assert_accessible(page, "the review step")


def test_wizard_works_without_javascript(browser, live_site, lund, kontakt_lund):
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, lund, kontakt_lund)
        page.goto(lund.url("/system/nytt/"))
        page.fill("#id_name", "Elevregistret")
        page.fill("#id_product_name", "Elevia")
        page.get_by_role("button", name=NEXT).click()
        expect_step(page, 2, "Kontaktpersoner")
        page.fill("#id_manager_email", "inte en adress")
        page.get_by_role("button", name=NEXT).click()
        expect(field_of(page, "id_manager_email")).to_contain_text(INVALID_EMAIL)
        page.fill("#id_manager_email", "maja@lund.example")
        page.get_by_role("button", name=NEXT).click()
        expect_step(page, 3, "Information")
        for _ in range(3):
            page.get_by_role("button", name=NEXT).click()
        expect_step(page, 6, "Granska och skicka in")
        expect(page.locator("main")).to_contain_text("Elevregistret")
        # Back works as a plain post as well.
        page.goto(page.url.replace("/granska/", "/avveckling/"))
        page.get_by_role("button", name="Spara och gå tillbaka").click()
        expect_step(page, 4, "Personuppgifter och klassning")
    finally:
        context.close()


def test_invitation_errors_and_list_update_in_place(page, lund, arkivarie_lund):
    log_in(page, lund, arkivarie_lund)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lund")
    page.evaluate("window.__samePage = true")  # gone if the browser loads a new page
    invitations = page.locator("#invitations")

    invitations.get_by_label("E-postadress").fill("inte-en-adress")
    invitations.get_by_role("button", name="Skicka inbjudan").click()
    expect(invitations.locator(".field:has(#id_email)")).to_contain_text(INVALID_EMAIL)
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_email")).to_have_accessible_description(re.compile(INVALID_EMAIL))
    assert page.evaluate("window.__samePage === true"), "the error must be shown in place"

    invitations.get_by_label("E-postadress").fill("ny.kollega@lund.example")
    invitations.get_by_role("button", name="Skicka inbjudan").click()
    expect(invitations.get_by_role("table")).to_contain_text("ny.kollega@lund.example")
    expect(invitations.get_by_role("status")).to_contain_text(
        str(MSG_INVITATION_SENT % {"email": "ny.kollega@lund.example"})
    )
    assert page.evaluate("window.__samePage === true"), "the list must update without a page load"
    expect(page.locator("#id_email")).to_have_value("")
    assert_accessible(page, "the start page after an invitation")
