"""The plan page leads with the plan (issue 12): the dates it cannot meet are counted at the top and folded
below the quarters; a keyboard user opens them."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to
from tests.planning.conftest import entry, plan_inputs, plan_without_room_early, portfolio  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, committed_db]


def test_forvaltare_reads_the_plan_first_and_opens_the_misses(page, portfolio, consortium, forvaltare):  # noqa: F811
    plan = plan_without_room_early(forvaltare)
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url(f"/planering/plan/{plan.pk}/"))

    expect(page.get_by_role("link", name="1 system hinner inte före sitt avvecklingsdatum")).to_be_visible()
    misses = page.locator("details.misses table")
    expect(misses).to_be_hidden()
    tab_to(page, "details.misses summary")
    page.keyboard.press("Enter")
    expect(misses).to_be_visible()
    expect(misses).to_contain_text("Ecos miljö")
    assert_accessible(page, "the plan with its misses open")
