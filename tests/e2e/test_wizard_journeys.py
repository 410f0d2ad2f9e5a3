"""The wizard's journeys as a person does them with the keyboard (issue 12): the similar-product prompt is a
question, the error summary takes the focus and its links take it on to the field, a second information type
comes without saving, K/R/T are chosen by meaning, and the review step shows what will be submitted."""

import pytest
from playwright.sync_api import expect

from onboarding.portfolio.models import Product
from tests.e2e.helpers import assert_accessible, committed_db, log_in
from tests.e2e.test_usable_flows import expect_step, tab_to, type_into

pytestmark = [pytest.mark.e2e, committed_db]


def go_on(page, number: int, label: str) -> None:
    """Tab to "Spara och fortsätt", press Enter, and land on the next step."""
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    expect_step(page, number, label)


def test_kontakt_registers_a_system_through_the_easier_wizard(page, lund, kontakt_lund):
    existing = Product.objects.create(name="Procapita VoO", vendor="Tieto")
    log_in(page, lund, kontakt_lund)
    page.goto(lund.url("/system/nytt/"))
    type_into(page, "#id_name", "Omsorgen")
    type_into(page, "#id_product_name", "Procapita")
    page.keyboard.press("Enter")

    question = page.locator("#similar-products")
    expect(question).to_be_focused()  # a question, read first; not an error
    expect(question).to_contain_text("Menade du en av de här produkterna?")
    expect(page.get_by_role("alert")).to_have_count(0)
    tab_to(page, f"#use-product-{existing.pk}")
    page.keyboard.press("Space")
    go_on(page, 2, "Kontaktpersoner")

    type_into(page, "#id_owner_email", "olle(at)lund")
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Systemägare, e-post")
    expect(link).to_be_visible()
    assert_accessible(page, "the error summary")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_owner_email")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("olle@lund.example")
    page.keyboard.press("Enter")
    expect_step(page, 3, "Information")

    type_into(page, "#id_info-0-name", "Beslut")
    tab_to(page, "#wizard-add-row")
    page.keyboard.press("Enter")
    expect(page.locator("#id_info-1-name")).to_be_focused()  # the new row, nothing saved or refused
    expect(page.locator("#id_info-0-name")).to_have_value("Beslut")
    page.keyboard.type("Journaler")
    page.keyboard.press("Enter")
    expect_step(page, 4, "Personuppgifter och klassning")

    select = page.locator("#id_confidentiality")
    expect(select.locator("option").first).to_have_text("Inte bedömd ännu")
    tab_to(page, "#id_confidentiality")
    page.keyboard.type("2")  # a closed select takes the typed option
    expect(select.locator("option:checked")).to_have_text("2 – Betydande")
    go_on(page, 5, "Avveckling och export")
    go_on(page, 6, "Granska och skicka in")
    main = page.locator("main")
    for text in ("Procapita VoO", "olle@lund.example", "Beslut", "Journaler", "K2 R– T–"):
        expect(main).to_contain_text(text)
    assert_accessible(page, "the review step")
