"""Switching the language to English in the footer with the keyboard: the plan's reasons are then English
(issue 12, bug 8), quarters read "2027 Q1"."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to
from tests.planning.conftest import entry, plan_inputs, plan_without_room_early, portfolio  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, committed_db]


def test_forvaltare_switches_to_english_and_reads_why_a_date_is_missed(page, portfolio, consortium, forvaltare):  # noqa: F811
    plan = plan_without_room_early(forvaltare)
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url(f"/planering/plan/{plan.pk}/"))
    misses = page.locator("details.misses table")
    tab_to(page, "details.misses summary")
    page.keyboard.press("Enter")
    expect(misses).to_contain_text("Ryms inte ens ensamt före avvecklingsdatum")

    tab_to(page, "#language-select")
    page.keyboard.type("E")  # the option that begins with E: Engelska
    tab_to(page, "form:has(#language-select) button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/planering/plan/{plan.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    tab_to(page, "details.misses summary")
    page.keyboard.press("Enter")
    expect(misses).to_contain_text("Does not fit before the decommission date even alone")
    expect(misses).to_contain_text("2027 Q1–2027 Q2")
    expect(misses).not_to_contain_text("Ryms inte")
    expect(page.locator("main")).not_to_contain_text("2027 K")
