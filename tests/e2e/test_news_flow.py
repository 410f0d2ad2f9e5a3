"""The förvaltning writes a news item in the browser and publishes it to two kommuner (Lund and Bjuv) with the
keyboard; a person in Lund sees it on the start page and opens it; a person in a third kommun (Ystad) sees
nothing of it and gets 404 at its address. axe on every page of the flow."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from onboarding.news import services as news
from onboarding.news.models import Delivery, NewsItem, NewsPreference
from tenants.models import Kommun, Role, User
from tenants.services import kommun_create, membership_set_role
from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to, type_into
from tests.pdfa import assert_archivable
from tests.world import PASSWORD

pytestmark = [pytest.mark.e2e, committed_db]


def _ystad_person() -> tuple[Kommun, User]:
    """A third kommun and its kontakt (the world has two): the schema survives a flush, its row does not."""
    ystad = Kommun.objects.filter(subdomain="ystad").first() or kommun_create(
        kommunkod="1286", name="Ystad", subdomain="ystad", population={2024: 31000}, actor=None
    )
    user = User.objects.create_user("kontakt.ystad@test.example", PASSWORD, full_name="Yvonne Kontakt")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, generate_totp_secret())  # every role has a second factor (issue 15); log_in types its code
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


def test_forvaltning_gathers_a_newsletter_and_gets_its_pdf(page, consortium, forvaltare, settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    tour = news.news_item_create(title="Höstens turné", body="Vi kommer.", to_all=True, kommuner=[], actor=forvaltare)
    news.news_item_create(title="Workshop", body="I Lund.", to_all=True, kommuner=[], actor=forvaltare)
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url("/nyhetsbrev/"))
    assert_accessible(page, "the newsletter list")
    tab_to(page, "a[href='/nyhetsbrev/nytt/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sätt ihop nästa nummer")
    type_into(page, "#id_title", "Hösten 2026")
    type_into(page, "#id_intro", "Förvaltningens första nyhetsbrev.")
    tab_to(page, f"input[name=items][value='{tour.pk}']")
    page.keyboard.press("Space")
    assert_accessible(page, "the newsletter form")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Nyhetsbrev nr 1: Hösten 2026")
    expect(page.locator("main ol")).to_contain_text("Höstens turné")
    expect(page.locator("main ol")).not_to_contain_text("Workshop")
    assert_accessible(page, "a newsletter issue")
    tab_to(page, "form[action='/rapporter/'] button[type=submit]")
    page.keyboard.press("Enter")
    # The PDF is made in the request here (tasks run eagerly in the tests): give it the time a render takes.
    expect(page.locator("#report-status")).to_contain_text("Rapporten är klar", timeout=90_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner PDF").first.click()
    pdf = download.value.path().read_bytes()
    assert_archivable(pdf, title="Nyhetsbrev nr 1: Hösten 2026", tags={"H1", "H2"})


def test_a_person_chooses_email_now_with_the_keyboard_and_finds_the_feed(page, browser, lund, kontakt_lund):
    log_in(page, lund, kontakt_lund)
    page.goto(lund.url("/nyheter/"))
    tab_to(page, "a[href='/nyheter/installningar/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("E-post om nyheter")
    expect(page.get_by_label("En sammanfattning i veckan (måndagar)")).to_be_checked()
    assert_accessible(page, "the news settings")
    tab_to(page, "input[name=delivery]:checked")
    page.keyboard.press("ArrowUp")  # to "E-post direkt när en nyhet publiceras", the first choice
    tab_to(page, "form[action='/nyheter/installningar/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".message--success")).to_contain_text("Ditt val för e-post om nyheter är sparat.")
    expect(page.get_by_label("E-post direkt när en nyhet publiceras")).to_be_checked()
    assert NewsPreference.objects.get(user=kontakt_lund).delivery == Delivery.IMMEDIATE
    feed = page.get_by_label("Flödets adress").input_value()
    assert feed.startswith(lund.url("/nyheter/flode/"))
    reader = browser.new_context()  # a feed reader: no session, only the address
    response = reader.new_page().goto(feed)
    assert response.status == 200 and "<feed" in response.text()
    reader.close()
