"""Sorting the portfolio by product with the keyboard: a click on the active column turns the order round,
and aria-sort and the arrow say which way it is sorted (issue 12, bug 6)."""

import pytest
from playwright.sync_api import expect

from onboarding.portfolio.models import Product
from tests.e2e.helpers import committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to
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
