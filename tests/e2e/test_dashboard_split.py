"""The consortium's start page, kommun by kommun: choose a kommun with the keyboard, press "Visa", and the
months' charts and their tables show it beside all kommuner without the page reloading (issue 12)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to
from tests.onboarding.fixtures_onboarding import make_system
from tests.reports.test_dashboard import _archived

pytestmark = [pytest.mark.e2e, committed_db]


def test_ledning_shows_one_kommun_beside_all_with_the_keyboard(page, consortium, ledning, lund, bjuv):
    _archived(lund, make_system(lund, name="Lunds diarium"), size=3_000_000_000, files=30)
    _archived(bjuv, make_system(bjuv, name="Bjuvs diarium"), size=2_000_000_000, files=20)
    log_in(page, consortium, ledning)
    pass_mfa(page, ledning)
    page.goto(consortium.url("/"))
    volume = page.get_by_role("table", name="Siffrorna i diagrammet: Levererad volym per månad (GB)")
    expect(volume.locator("thead th")).to_have_text(["Månad", "Levererat (GB)"])

    tab_to(page, "#id_kommun")
    page.keyboard.type("Bjuv")  # type-ahead in the closed list, as a keyboard user picks an option
    expect(page.locator("#id_kommun")).to_have_value(str(bjuv.pk))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Visa")).to_be_focused()
    page.evaluate("window.__same_page = true")  # gone if the answer were a whole new page
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text(
        "Diagrammen visar Bjuv bredvid alla kommuner (randigt mönster: Bjuv)."
    )
    expect(volume.locator("thead th")).to_have_text(["Månad", "Alla kommuner", "Bjuv"])
    expect(volume.locator("tbody tr").last.locator("td")).to_have_text(["5", "2"])  # this month: all, Bjuv
    assert page.evaluate("window.__same_page === true")  # htmx swapped the months only
    assert f"kommun={bjuv.pk}" in page.url  # and the address can be shared or reloaded
    expect(page.get_by_role("button", name="Visa")).to_be_focused()
    legend = page.locator("svg[aria-labelledby^='chart-volume-title'] text", has_text="Bjuv")
    expect(legend).to_have_count(1)  # the legend names the patterned series
