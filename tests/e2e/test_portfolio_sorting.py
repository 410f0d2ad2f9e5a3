"""The portfolio with the keyboard: sorting by product (a click on the active column turns the order round,
and aria-sort and the arrow say which way it is sorted; issue 12, bug 6), and downloading what a filter shows."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from onboarding.portfolio.models import Product
from tests.e2e.helpers import committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to, type_into
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = [pytest.mark.e2e, committed_db]


def column(page, name: str):
    return page.locator("th", has=page.get_by_role("link", name=name, exact=True))


def first_product(page) -> str:
    return page.locator("#portfolio-results tbody tr").first.locator("th, td").first.inner_text()


def test_sorting_by_kommuner_turns_the_order_round(page, consortium, lund, bjuv, forvaltare):
    shared = Product.objects.create(name="Delad produkt", vendor="A")
    single = Product.objects.create(name="Ensam produkt", vendor="B")
    make_system(lund, name="Diariet", product_id=shared.pk)
    make_system(bjuv, name="Diariet", product_id=shared.pk)
    make_system(lund, name="Ekonomi", product_id=single.pk)
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url("/planering/portfolj/produkter/"))

    header = column(page, "Kommuner")
    expect(header).to_have_attribute("aria-sort", "descending")  # most kommuner first, as the default
    assert first_product(page).startswith("Delad produkt")

    tab_to(page, "th[aria-sort] a")
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert first_product(page).startswith("Ensam produkt")
    expect(header).to_contain_text("▲")

    tab_to(page, "th[aria-sort] a")
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    assert first_product(page).startswith("Delad produkt")

    page.get_by_role("link", name="Volym", exact=True).click()
    expect(column(page, "Volym")).to_have_attribute("aria-sort", "descending")
    expect(header).not_to_have_attribute("aria-sort", "descending")


def test_the_download_holds_what_the_filter_typed_shows(page, consortium, lund, bjuv, forvaltare):
    """Typing a search (HTMX swaps the list) and then downloading: the file holds the filtered systems."""
    make_system(lund, name="Lunds diarium")
    make_system(bjuv, name="Bjuvs diarium")
    make_system(lund, name="Ekonomisystemet")
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url("/planering/portfolj/"))

    type_into(page, "#id_q", "diarium")
    expect(page.locator("#portfolio-results tbody tr")).to_have_count(2)
    tab_to(page, "#portfolio-results a[href*='export.csv']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    assert rows[0][:2] == ["Kommun", "System"]
    assert sorted(row[1] for row in rows[1:]) == ["Bjuvs diarium", "Lunds diarium"]
