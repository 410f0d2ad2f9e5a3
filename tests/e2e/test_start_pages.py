"""The förvaltning and a kommun person read their start pages with the keyboard (issue 12): the state of
the archive in figures the Swedish way, the chart's numbers in a table, the page per kommun, the to-do
list; axe finds nothing serious on any of them."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, committed_db, pass_mfa
from tests.e2e.test_usable_flows import tab_to, type_into
from tests.onboarding.fixtures_onboarding import make_system
from tests.reports.test_dashboard import _archived
from tests.world import PASSWORD

pytestmark = [pytest.mark.e2e, committed_db]

NBSP = "\u00a0"


def _log_in_by_keyboard(page, site, user) -> None:
    page.goto(site.url("/accounts/login/"))
    type_into(page, "input[name=login]", user.email)
    type_into(page, "input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_the_forvaltning_reads_the_state_of_the_archive_and_a_kommuns_page(page, consortium, lund, bjuv, forvaltare):
    diarium = make_system(lund, name="Lunds diarium")
    make_system(bjuv, name="Bjuvs skolsystem")
    _archived(lund, diarium, size=2_500_000_000, files=1200)

    _log_in_by_keyboard(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)

    expect(page.get_by_role("heading", name="Läget i e-arkivet")).to_be_visible()
    tiles = page.locator(".tiles")
    expect(tiles).to_contain_text(f"2,5{NBSP}GB")
    expect(tiles).to_contain_text("2 registrerade system")
    expect(page.locator("table.chart-table").first).to_contain_text("2,5")
    expect(page.locator(".pipeline")).to_contain_text("1 Arkiverad")
    assert_accessible(page, "the consortium's start page")

    tab_to(page, f"a[href$='/oversikt/kommuner/{bjuv.pk}/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bjuv")
    expect(page.locator(".tiles")).to_contain_text("1 registrerade system")
    expect(page.locator(".tiles")).to_contain_text(f"0,0{NBSP}GB")
    expect(page.locator("main")).not_to_contain_text("Lunds diarium")
    assert_accessible(page, "the consortium's page about Bjuv")


def test_a_kommun_person_reads_the_to_do_list_and_opens_a_draft(page, lund, arkivarie_lund):
    draft = make_system(lund, complete=False, name="Halvfärdigt system")

    _log_in_by_keyboard(page, lund, arkivarie_lund)
    pass_mfa(page, arkivarie_lund)  # every role has a second factor (issue 15)

    expect(page.get_by_role("heading", level=1)).to_have_text("Lund")
    todo = page.locator("section.todo")
    expect(todo.get_by_role("heading", name="Utkast att slutföra")).to_be_visible()
    expect(page.locator(".tiles")).to_contain_text("1 registrerade system")
    assert_accessible(page, "Lund's start page")

    tab_to(page, f"section.todo a[href='/system/{draft.pk}/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Halvfärdigt system")
