"""A portfolio row leads to the system's full record in its kommun (issue 12), followed with the keyboard."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = [pytest.mark.e2e, committed_db]


def test_forvaltare_goes_from_a_portfolio_row_to_the_kommuns_record(page, consortium, lund, bjuv, forvaltare):
    system = make_system(lund, name="Diariet")
    make_system(bjuv, name="Diariet")
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url("/planering/portfolj/"))
    link = page.get_by_role("link", name="Hela posten i Lund: Diariet")
    expect(link).to_have_attribute("href", lund.url(f"/system/{system.pk}/"))
    assert_accessible(page, "the portfolio with its record links")

    tab_to(page, f"a[href='{lund.url(f'/system/{system.pk}/')}']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(lund.url(f"/system/{system.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Diariet")
    expect(page.locator("main")).to_contain_text("Informationstyper")
