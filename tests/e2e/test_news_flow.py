"""The förvaltning writes a news item in the browser and publishes it to two kommuner (Lund and Bjuv) with the
keyboard; a person in Lund sees it on the start page and opens it; a person in a third kommun (Ystad) sees
nothing of it and gets 404 at its address. axe on every page of the flow."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from onboarding.news.models import NewsItem
from tenants.models import Kommun, Role, User
from tenants.services import kommun_create, membership_set_role
from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to, type_into
from tests.world import PASSWORD

pytestmark = [pytest.mark.e2e, committed_db]


def _ystad_person() -> tuple[Kommun, User]:
    """A third kommun and its kontakt (the world has two): the schema survives a flush, its row does not."""
    ystad = Kommun.objects.filter(subdomain="ystad").first() or kommun_create(
        kommunkod="1286", name="Ystad", subdomain="ystad", population={2024: 31000}, actor=None
    )
    user = User.objects.create_user("kontakt.ystad@test.example", PASSWORD, full_name="Yvonne Kontakt")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    membership_set_role(user=user, kommun=ystad, role=Role.KONTAKT, actor=None)
    return ystad, user


def test_forvaltning_publishes_news_to_two_kommuner_and_only_they_see_it(
    page, browser, consortium, lund, bjuv, forvaltare, kontakt_lund
):
    ystad, kontakt_ystad = _ystad_person()
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url("/nyheter/"))
    tab_to(page, "a[href='/nyheter/ny/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv en nyhet")
    assert_accessible(page, "the news form")

    type_into(page, "#id_title", "Workshop för arkivarier")
    tab_to(page, "#id_body")
    page.keyboard.type("## Program\n\n- Erfarenheter från piloterna\n- Informationsklassning\n\nVälkomna!")
    tab_to(page, "#id_audience_0")
    page.keyboard.press("ArrowDown")  # radio group: the arrow moves to and selects "Valda kommuner"
    expect(page.get_by_label("Valda kommuner")).to_be_checked()
    for name in ("Bjuv", "Lund"):
        tab_to(page, f"input[name=kommuner][value='{Kommun.objects.get(name=name).pk}']")
        page.keyboard.press("Space")
    expect(page.get_by_label("Ystad")).not_to_be_checked()
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator(".message--success")).to_contain_text("Nyheten är publicerad.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshop för arkivarier")
    expect(page.get_by_role("heading", level=2, name="Program")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Till Bjuv, Lund")
    assert_accessible(page, "the published news item")
    item = NewsItem.objects.get(title="Workshop för arkivarier")
    assert set(item.kommuner.values_list("subdomain", flat=True)) == {"lund", "bjuv"}

    # A person in Lund: on the start page, and the item opens from there.
    lund_page = browser.new_context(locale="sv-SE").new_page()
    log_in(lund_page, lund, kontakt_lund)
    lund_page.goto(lund.url("/"))
    news = lund_page.get_by_role("region", name="Nyheter från förvaltningen")
    expect(news.get_by_role("link", name="Workshop för arkivarier")).to_be_visible()
    assert_accessible(lund_page, "Lund's start page with the news")
    news.get_by_role("link", name="Workshop för arkivarier").focus()
    lund_page.keyboard.press("Enter")
    expect(lund_page.get_by_role("heading", level=1)).to_have_text("Workshop för arkivarier")
    expect(lund_page.get_by_role("listitem").filter(has_text="Informationsklassning")).to_be_visible()
    lund_page.context.close()

    # A person in Ystad: not on the start page, not in the list, 404 at the item's address.
    ystad_page = browser.new_context(locale="sv-SE").new_page()
    log_in(ystad_page, ystad, kontakt_ystad)
    ystad_page.goto(ystad.url("/"))
    expect(ystad_page.get_by_role("region", name="Nyheter från förvaltningen")).to_contain_text("Inga nyheter ännu.")
    ystad_page.goto(ystad.url("/nyheter/"))
    expect(ystad_page.locator("main")).not_to_contain_text("Workshop för arkivarier")
    assert_accessible(ystad_page, "Ystad's news list")
    response = ystad_page.goto(ystad.url(f"/nyheter/{item.pk}/"))
    assert response.status == 404
    ystad_page.context.close()
