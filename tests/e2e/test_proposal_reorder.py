"""The kommun's ranking reordered with the keyboard only: Tab to a system's "Upp", Enter, and the focus stays on
that system's buttons so the next Enter moves it again; "Spara förslaget" keeps the order (issue 12)."""

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from onboarding.models import System
from tests.e2e.helpers import committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = [pytest.mark.e2e, committed_db]


def names_in_order(page) -> list[str]:
    return page.locator("table tbody th[scope=row]").all_inner_texts()


def test_the_arkivarie_moves_a_system_to_the_top_with_the_keyboard(page, lund, arkivarie_lund):
    systems = [make_system(lund, name=name, status="klar") for name in ("Ett", "Två", "Tre")]
    make_system(lund, name="Fyra", status="inskickad")  # not approved for prioritisation: not in the list
    with tenant_context(lund):
        for rank, system in enumerate(systems, start=1):
            System.objects.filter(pk=system.pk).update(proposal_rank=rank, first_choice=rank == 1)
    log_in(page, lund, arkivarie_lund)
    pass_mfa(page, arkivarie_lund)
    page.goto(lund.url("/system/forslag/"))
    assert names_in_order(page) == ["Ett", "Två", "Tre"]
    expect(
        page.get_by_role("heading", name="1 system saknas i listan eftersom det inte kan rangordnas än")
    ).to_be_visible()

    tab_to(page, "button[aria-label='Flytta Tre upp']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Tre har nu plats 2.")
    assert names_in_order(page) == ["Ett", "Tre", "Två"]
    expect(page.get_by_role("button", name="Flytta Tre upp")).to_be_focused()
    page.keyboard.press("Enter")  # the focus stayed: the same key moves it once more
    expect(page.get_by_role("status")).to_contain_text("Tre har nu plats 1.")
    assert names_in_order(page) == ["Tre", "Ett", "Två"]
    expect(page.get_by_role("button", name="Flytta Tre ned")).to_be_focused()

    tab_to(page, f"#first-{systems[2].pk}")
    page.keyboard.press("Space")
    expect(page.get_by_label("Tre är förstahandsval")).to_be_checked()
    page.keyboard.press("Shift+Tab")  # back from the check box to the rank field, where Enter saves the form
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kommunens förslag är sparat.")).to_be_visible()
    with tenant_context(lund):
        ranks = dict(System.objects.values_list("name", "proposal_rank"))
    assert (ranks["Tre"], ranks["Ett"], ranks["Två"], ranks["Fyra"]) == (1, 2, 3, None)

    # The note's link leads, by keyboard, to the systems that wait for approval.
    tab_to(page, "a[href='/system/?status=inskickad']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Fyra")).to_be_visible()
