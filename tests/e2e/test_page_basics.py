"""Small things a person notices on every page (issue 12, bug 9): no missing icon, a wide table that
scrolls inside its own region instead of widening the page, an accessibility statement that names its
contact and what is known not to work."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.e2e.helpers import committed_db, log_in
from tests.e2e.test_usable_flows import tab_to
from tests.isolation import host_of
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = [pytest.mark.e2e, committed_db]


def test_no_page_asks_for_something_that_is_not_there(page, lund, kontakt_lund):
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    log_in(page, lund, kontakt_lund)
    page.goto(lund.url("/system/"))
    page.wait_for_load_state("networkidle")
    assert missing == []
    icon = page.locator("link[rel=icon]").get_attribute("href")
    fetch_ok = "async (url) => (await fetch(url)).ok"
    assert page.evaluate(fetch_ok, icon)
    assert page.evaluate(fetch_ok, "/favicon.ico")  # for tools that ask without reading the page


def test_a_wide_system_table_scrolls_in_its_own_region(page, lund, kontakt_lund):
    make_system(lund, name="Ett system med ett mycket långt namn som inte får plats på en smal skärm " * 2)
    page.set_viewport_size({"width": 420, "height": 800})
    log_in(page, lund, kontakt_lund)
    page.goto(lund.url("/system/"))
    region = page.get_by_role("region", name="Kommunens system")
    expect(region).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways"
    assert page.evaluate("(r => r.scrollWidth > r.clientWidth)(document.querySelector('.table-scroll'))")
    tab_to(page, ".table-scroll")
    page.keyboard.press("ArrowRight")
    scrolled = "() => document.querySelector('.table-scroll').scrollLeft"
    for _ in range(30):  # it scrolls smoothly
        if page.evaluate(scrolled) > 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(scrolled) > 0, "the arrow key does not scroll the table"


def test_the_accessibility_statement_names_its_contact_and_known_problems(lund, settings):
    settings.PLATFORM_ACCESSIBILITY_CONTACT = "tillganglighet@lund.example"
    html = Client(HTTP_HOST=host_of(lund)).get("/tillganglighet/").content.decode()
    assert 'href="mailto:tillganglighet@lund.example"' in html
    assert "Vi känner inte till några brister" not in html
    assert "PDF-rapporterna" in html
