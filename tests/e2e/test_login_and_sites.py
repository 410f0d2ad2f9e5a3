"""In a real browser: logging in, landing in one's kommun, one login for every site, accessibility."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa

pytestmark = [pytest.mark.e2e, committed_db]


def test_kontakt_logs_in_and_lands_in_their_kommun(page, lund, bjuv, kontakt_lund, kontakt_bjuv):
    page.goto(lund.url("/"))
    expect(page).to_have_url(lund.url("/accounts/login/?next=/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    assert_accessible(page, "the login page")

    log_in(page, lund, kontakt_lund)

    expect(page).to_have_url(lund.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lund")
    expect(page.locator("header")).to_contain_text("Karin Kontakt")
    assert_accessible(page, "Lund's start page")

    # The same login does not open another kommun's site.
    response = page.goto(bjuv.url("/"))
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Kim Kontakt")  # Bjuv's people stay hidden


def test_one_login_serves_every_site_and_logout_ends_it_everywhere(page, lund, consortium, forvaltare):
    log_in(page, lund, forvaltare, mfa=False)
    expect(page).to_have_url(lund.url("/accounts/2fa/authenticate/"))
    assert_accessible(page, "the MFA step")
    pass_mfa(page, forvaltare)
    expect(page).to_have_url(lund.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lund")

    # The session cookie lives on the parent domain: the consortium site knows her already.
    page.goto(consortium.url("/"))
    expect(page).to_have_url(consortium.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("SkånEarkiv – samverkan")
    # The kommun list, below the state of the archive (whose tables come first since issue 12).
    expect(page.get_by_role("table", name="2 kommuner")).to_contain_text("Lund")
    assert_accessible(page, "the consortium's start page")

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    for site in (consortium, lund):
        page.goto(site.url("/"))
        expect(page).to_have_url(site.url("/accounts/login/?next=/"))


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, lund, arkivarie_lund):
    log_in(page, lund, arkivarie_lund)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lund")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
