"""Typing a product name in the wizard as a person does (a key at a time, pausing while the suggestions
come): the form stays, what was typed stays, and the catalogue's products are offered (issue 12, bug 1)."""

import pytest
from playwright.sync_api import expect

from onboarding.portfolio.models import Product
from tests.e2e.helpers import committed_db, log_in
from tests.e2e.test_usable_flows import expect_step, tab_to, type_into
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = [pytest.mark.e2e, committed_db]


def type_product_and_wait_for_suggestions(page, text: str) -> None:
    tab_to(page, "#id_product_name")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text, delay=60)
    expect(page.locator("#product-suggestions option[value='Ärendia Nova']")).to_have_count(1)
    page.wait_for_timeout(400)  # a person reads the suggestions; any late answer has been swapped by now


def test_typing_a_product_name_keeps_the_new_system_form(page, lund, kontakt_lund):
    Product.objects.create(name="Ärendia Nova", vendor="Leverantören AB")
    log_in(page, lund, kontakt_lund)
    page.goto(lund.url("/system/nytt/"))
    type_into(page, "#id_name", "Ärendesystemet")

    type_product_and_wait_for_suggestions(page, "Ärendia")

    expect_step(page, 1, "Grunduppgifter")
    expect(page.locator("#id_name")).to_have_value("Ärendesystemet")
    expect(page.locator("#id_product_name")).to_have_value("Ärendia")
    expect(page.locator("#id_product_name")).to_be_focused()  # the person can go on typing
    page.keyboard.type(" Nova")
    page.keyboard.press("Enter")
    expect_step(page, 2, "Kontaktpersoner")


def test_typing_a_product_name_keeps_the_edit_form(page, lund, kontakt_lund):
    Product.objects.create(name="Ärendia Nova", vendor="Leverantören AB")
    system = make_system(lund, name="Diariet")
    log_in(page, lund, kontakt_lund)
    page.goto(lund.url(f"/system/{system.pk}/steg/grund/"))
    expect_step(page, 1, "Grunduppgifter")

    type_product_and_wait_for_suggestions(page, "Ärend")

    expect(page.locator("#id_name")).to_have_value("Diariet")
    expect(page.locator("#id_product_name")).to_have_value("Ärend")
    expect(page.get_by_role("button", name="Spara och fortsätt")).to_be_visible()
