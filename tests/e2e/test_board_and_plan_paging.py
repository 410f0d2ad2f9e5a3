"""The board and the plan a page at a time (issue 20): a keyboard user filters the board, goes to the next page
with the filter kept and downloads what the filter shows; on the plan page she jumps to a later quarter's page
from the overview and back."""

import pytest
from playwright.sync_api import expect

from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.deliveries_index.phases import Phase
from onboarding.planning import services
from onboarding.planning.selectors import PLAN_PAGE_SIZE
from tests.deliveries.test_board_paging import _entries
from tests.deliveries.test_board_paging import _kommuner as board_kommuner
from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to
from tests.planning.conftest import entry, plan_inputs, portfolio  # noqa: F401 (fixtures)
from tests.planning.test_plan_paging import _kommuner as plan_kommuner
from tests.planning.test_plan_paging import _more_items

pytestmark = [pytest.mark.e2e, committed_db]


def test_forvaltare_pages_through_the_filtered_board_by_keyboard(page, lund, consortium, forvaltare):
    from onboarding.portfolio.models import Product

    procapita = Product.objects.get_or_create(name="Procapita", vendor="CGI")[0]
    _entries(board_kommuner(60), procapita, quarter="2020Q1")  # late unless archived or cancelled
    late = ConnectionEntry.objects.exclude(phase__in=[Phase.ARCHIVED, Phase.CANCELLED]).count()
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url("/anslutningar/"))
    expect(page.get_by_text("Sida 1 av 4").first).to_be_visible()

    tab_to(page, "#id_sena")
    page.keyboard.press("Space")
    tab_to(page, "form[role=search] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(f"{late} anslutningar")
    expect(page.get_by_text("Sida 1 av 3").first).to_be_visible()

    tab_to(page, "nav.pager a")
    expect(page.locator(":focus")).to_have_text("Nästa sida")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Sida 2 av 3").first).to_be_visible()
    assert "sena=on" in page.url and "sida=2" in page.url
    expect(page.locator("#id_sena")).to_be_checked()
    expect(page.locator("td", has_text="Enligt plan")).to_have_count(0)  # still only the late ones
    csv_link = page.get_by_role("link", name="CSV")
    assert "sena=on" in csv_link.get_attribute("href") and "sida" not in csv_link.get_attribute("href")
    assert_accessible(page, "the board's second page")


def test_forvaltare_jumps_to_a_quarter_of_a_long_plan_by_keyboard(page, portfolio, consortium, forvaltare):  # noqa: F811
    plan = services.plan_build(actor=forvaltare)
    _more_items(plan, plan_kommuner(60))
    first_q4 = plan.items.filter(quarter="2027-Q4").order_by("position").first()
    q4_page = plan.items.exclude(quarter="").filter(quarter__lt="2027-Q4").count() // PLAN_PAGE_SIZE + 1
    assert q4_page > 1
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url(f"/planering/plan/{plan.pk}/"))
    expect(page.get_by_text("Sida 1 av 4").first).to_be_visible()

    tab_to(page, 'table.quarters a[href$="#kvartal-2027-Q4"]')
    page.keyboard.press("Enter")
    expect(page.locator("#kvartal-2027-Q4")).to_be_visible()
    expect(page.locator("#kvartal-2027-Q4")).to_contain_text(first_q4.system_name)
    expect(page.get_by_text(f"Sida {q4_page} av 4").first).to_be_visible()

    tab_to(page, "nav.pager a")
    expect(page.locator(":focus")).to_have_text("Föregående sida")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Sida {q4_page - 1} av 4").first).to_be_visible()

    # The systems the plan leaves out are many: folded, and read when she opens them.
    last_left_out = plan.items.filter(quarter="").order_by("position").last()
    tab_to(page, "details.unplanned summary", limit=200)
    page.keyboard.press("Enter")
    expect(page.locator("details.unplanned table")).to_contain_text(last_left_out.system_name)
    assert_accessible(page, "a later page of the plan")
