"""The system list's filters as a person uses them with the keyboard: each change is in the address once,
unticking a box removes its filter, and a reload shows what the list shows (issue 12, bug 2)."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import committed_db, log_in
from tests.e2e.test_usable_flows import tab_to
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = [pytest.mark.e2e, committed_db]


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_filters_change_the_address_once_and_unticking_removes_the_filter(page, lund, kontakt_lund):
    soon = datetime.date.today() + datetime.timedelta(days=90)
    make_system(lund, name="Gamla ekonomisystemet", decommission_date=soon)
    make_system(lund, name="Diariet")
    log_in(page, lund, kontakt_lund)
    page.goto(lund.url("/system/"))
    results = page.locator("#system-results")
    expect(results).to_contain_text("Diariet")

    tab_to(page, "#id_avveckling")
    page.keyboard.press("Space")
    expect(results).not_to_contain_text("Diariet")
    expect(results).to_contain_text("Gamla ekonomisystemet")
    expect(page).to_have_url(re.compile(r"[?&]avveckling=on"))

    tab_to(page, "#id_k")
    page.keyboard.type("1")  # a closed select takes the typed option
    expect(page).to_have_url(re.compile(r"[?&]k=1"))
    page.keyboard.press("ArrowUp")  # the option above: 0
    expect(page).to_have_url(re.compile(r"[?&]k=0"))
    query = query_of(page)
    assert query["avveckling"] == ["on"] and query["k"] == ["0"], page.url  # each filter once, never piled up

    tab_to(page, "#id_avveckling")
    page.keyboard.press("Space")
    expect(results).to_contain_text("Diariet")
    expect(page).not_to_have_url(re.compile("avveckling"))

    page.reload()
    expect(page.locator("#id_avveckling")).not_to_be_checked()
    expect(page.locator("#system-results")).to_contain_text("Diariet")
    assert query_of(page)["k"] == ["0"]
