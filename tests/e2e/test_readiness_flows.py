"""Readiness in the browser, with the keyboard (issue 19): a kommun's arkivarie marks the most important action done
from the start page; the förvaltning records a workshop with an action for every kommun. axe on every page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from onboarding.readiness.checklist import readiness_of
from onboarding.readiness.models import Meeting
from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to
from tests.readiness.conftest import publish_checklist

pytestmark = [pytest.mark.e2e, committed_db]


def test_arkivarie_marks_the_most_important_action_done_from_the_start_page(page, lund, bjuv, arkivarie_lund):
    publish_checklist()
    log_in(page, lund, arkivarie_lund)
    page.goto(lund.url("/"))
    block = page.locator("section.readiness")
    expect(block).to_contain_text("1 av 8 åtgärder klara")
    assert_accessible(page, "the kommun's start page with its checklist")

    tab_to(page, "section.readiness a[href='/beredskap/#mallstyrning']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/beredskap/#mallstyrning")
    assert_accessible(page, "the kommun's checklist")
    tab_to(page, "#comment-mallstyrning")
    page.keyboard.type("Beslut i kommunstyrelsen 2026-10-14.")
    page.keyboard.press("Tab")  # the action's own button comes next
    assert page.evaluate("() => document.activeElement.textContent").startswith("Markera som klar")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".message--success")).to_contain_text("Åtgärden är markerad som klar.")
    done = page.locator("#mallstyrning")
    expect(done).to_contain_text("Markerad klar av Arvid Arkivarie")
    expect(done).to_contain_text("Beslut i kommunstyrelsen 2026-10-14.")
    assert_accessible(page, "the checklist after marking an action done")

    page.goto(lund.url("/"))
    expect(page.locator("section.readiness")).to_contain_text("2 av 8 åtgärder klara")
    assert readiness_of(bjuv, today=date.today()).done_count == 1  # Lund's mark is not Bjuv's


def test_forvaltning_records_a_workshop_with_an_action_for_every_kommun(page, consortium, lund, bjuv, forvaltare):
    publish_checklist()
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url("/moten/"))
    assert_accessible(page, "the meetings and who was last met")
    tab_to(page, "a[href='/moten/nytt/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/moten/nytt/")
    assert_accessible(page, "the new meeting form")

    tab_to(page, "#id_date")
    page.keyboard.type("2026-08-27")
    tab_to(page, "#id_kind")
    page.keyboard.type("Workshop")
    tab_to(page, "#id_title")
    page.keyboard.type("Workshop med arkivarierna")
    for kommun in (lund, bjuv):
        tab_to(page, f"input[name=kommuner][value='{kommun.pk}']")
        page.keyboard.press("Space")
    tab_to(page, "#id_participants")
    page.keyboard.type("Kommunernas arkivarier")
    tab_to(page, "#id_action_title")
    page.keyboard.type("Boka möte med systemägarna")
    tab_to(page, "#id_action_for")
    expect(page.locator("#id_action_for")).to_have_value("alla")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".field--error").all_inner_texts()
    assert not errors, errors
    page.wait_for_url(re.compile(r".*/moten/\d+/$"))
    expect(page.locator(".message--success")).to_contain_text("Mötet är sparat.")
    expect(page.locator("main")).to_contain_text("Boka möte med systemägarna – alla kommuner")
    assert_accessible(page, "the meeting with its action")

    meeting = Meeting.objects.get()
    assert meeting.kind == "workshop" and str(meeting.date) == "2026-08-27"
    assert set(meeting.kommuner.values_list("name", flat=True)) == {"Lund", "Bjuv"}
    for kommun in (lund, bjuv):
        titles = [a.title for a in readiness_of(kommun, today=meeting.date).actions]
        assert "Boka möte med systemägarna" in titles
