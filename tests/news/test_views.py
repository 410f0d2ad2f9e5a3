"""News pages: the förvaltning writes an item to chosen kommuner; those kommuner see it on their start page,
list and item page; other kommuner get 404. People choose their e-mail, read the feed at a personal
address, and the förvaltning gathers an issue and orders its PDF."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.news import selectors
from onboarding.news.messages import MSG_ALREADY_PUBLISHED, MSG_NO_KOMMUNER, MSG_PUBLISH_AT_REQUIRED
from onboarding.news.models import Delivery, NewsItem, NewsletterIssue, NewsPreference
from reports.models import IssuedReport, ReportKind, ReportStatus
from reports.services import report_path
from tests.pdfa import assert_archivable

from .fixtures_news import make_item

pytestmark = pytest.mark.django_db


def test_forvaltning_writes_an_item_to_two_kommuner(forvaltare, consortium, lund, bjuv, client_for):
    client = client_for(forvaltare, consortium)
    assert client.get("/nyheter/ny/").status_code == 200
    response = client.post(
        "/nyheter/ny/",
        {"title": "Workshop i januari", "body": "## Program\n\n- Förmiddag", "audience": "chosen",
         "kommuner": [lund.pk, bjuv.pk], "when": "now"},
    )  # fmt: skip
    item = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/nyheter/{item.pk}/"
    assert set(item.kommuner.all()) == {lund, bjuv} and item.is_published
    page = client.get(response["Location"]).content.decode()
    assert "Workshop i januari" in page and "<h2>Program</h2>" in page and "Till Bjuv, Lund" in page


def test_bad_input_shows_swedish_messages_and_saves_nothing(forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)
    response = client.post(
        "/nyheter/ny/", {"title": "x", "body": "y", "audience": "chosen", "when": "later", "publish_at": ""}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert str(MSG_NO_KOMMUNER) in page and str(MSG_PUBLISH_AT_REQUIRED) in page
    assert not NewsItem.objects.exists()


def test_an_item_to_lund_is_on_lunds_start_page_and_hidden_from_bjuv(
    forvaltare, lund, bjuv, arkivarie_lund, kontakt_bjuv, client_for, cross_kommun
):
    item = make_item(forvaltare, title="Bara för Lund", to=[lund])
    start = client_for(arkivarie_lund, lund).get("/").content.decode()
    assert "Nyheter från förvaltningen" in start and "Bara för Lund" in start
    assert "Vi besöker alla kommuner i höst." in start  # the excerpt
    assert "Bara för Lund" in client_for(arkivarie_lund, lund).get("/nyheter/").content.decode()

    assert "Bara för Lund" not in client_for(kontakt_bjuv, bjuv).get("/").content.decode()
    assert "Bara för Lund" not in client_for(kontakt_bjuv, bjuv).get("/nyheter/").content.decode()
    cross_kommun.assert_found(lund, f"/nyheter/{item.pk}/")
    cross_kommun.assert_hidden(lund, f"/nyheter/{item.pk}/", methods=["get"], also_on_their_sites=True)


def test_writing_pages_are_the_forvaltnings_only(forvaltare, consortium, lund, ledning, client_for, cross_kommun):
    waiting = make_item(forvaltare, later=timedelta(days=3))
    pages = ["/nyheter/ny/", f"/nyheter/{waiting.pk}/andra/", "/nyhetsbrev/", "/nyhetsbrev/nytt/"]
    cross_kommun.assert_found(consortium, *pages)
    cross_kommun.assert_hidden(consortium, *pages, users=["ledning", "kontakt_lund", "arkivarie_bjuv"])
    # Ledning reads the published news on the consortium's site, but not what waits.
    assert client_for(ledning, consortium).get(f"/nyheter/{waiting.pk}/").status_code == 404


def test_forvaltning_changes_a_scheduled_item_until_it_is_out(forvaltare, consortium, lund, client_for):
    item = make_item(forvaltare, later=timedelta(days=3))
    later = timezone.localtime(timezone.now() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(forvaltare, consortium).post(
        f"/nyheter/{item.pk}/andra/",
        {"title": "Flyttad", "body": "Ny tid.", "audience": "chosen", "kommuner": [lund.pk], "when": "later",
         "publish_at": later},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Flyttad" and list(item.kommuner.all()) == [lund] and not item.is_published


def test_a_person_chooses_email_now(kontakt_lund, lund, client_for):
    client = client_for(kontakt_lund, lund)
    page = client.get("/nyheter/installningar/").content.decode()
    # Without a choice of their own, the weekly digest is marked.
    assert re.search(r'value="weekly"[^>]*checked', page) and not re.search(r'value="immediate"[^>]*checked', page)
    response = client.post("/nyheter/installningar/", {"delivery": "immediate"})
    assert response.status_code == 302
    assert NewsPreference.objects.get(user=kontakt_lund).delivery == Delivery.IMMEDIATE
    assert client.post("/nyheter/installningar/", {"delivery": "sometimes"}).status_code == 422
    assert NewsPreference.objects.get(user=kontakt_lund).delivery == Delivery.IMMEDIATE


def test_feed_at_the_personal_address_holds_only_the_sites_items(forvaltare, lund, bjuv, arkivarie_lund, client_for):
    make_item(forvaltare, title="Till Lund", to=[lund])
    make_item(forvaltare, title="Till Bjuv", to=[bjuv])
    make_item(forvaltare, title="Till alla")
    page = client_for(arkivarie_lund, lund).get("/nyheter/installningar/").content.decode()
    token = selectors.feed_token(arkivarie_lund)
    assert f"/nyheter/flode/{token}/" in page

    reader = client_for(None, lund)  # a feed reader: no session
    feed = reader.get(f"/nyheter/flode/{token}/")
    body = feed.content.decode()
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert "Till Lund" in body and "Till alla" in body and "Till Bjuv" not in body
    assert "<h2>Vad händer nu</h2>" in body.replace("&lt;", "<").replace("&gt;", ">")
    # The same address on another kommun's site, or a forged one: 404.
    assert client_for(None, bjuv).get(f"/nyheter/flode/{token}/").status_code == 404
    assert reader.get("/nyheter/flode/eyJ1IjoxfQ:x:y/").status_code == 404
    client_for(arkivarie_lund, lund).post("/nyheter/installningar/nytt-flode/")
    assert reader.get(f"/nyheter/flode/{token}/").status_code == 404


def test_forvaltning_gathers_an_issue_and_orders_its_pdf(
    forvaltare, consortium, client_for, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.REPORTS_ROOT = tmp_path / "reports"
    first, second = make_item(forvaltare, title="Ett"), make_item(forvaltare, title="Två")
    client = client_for(forvaltare, consortium)
    response = client.post("/nyhetsbrev/nytt/", {"title": "Vinter", "intro": "", "items": [first.pk, second.pk]})
    issue = NewsletterIssue.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/nyhetsbrev/{issue.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Nyhetsbrev nr 1: Vinter" in page and 'name="kind" value="newsletter"' in page

    with django_capture_on_commit_callbacks(execute=True):
        ordered = client.post("/rapporter/", {"kind": "newsletter", "issue_id": issue.pk})
    report = IssuedReport.objects.get(kind=ReportKind.NEWSLETTER)
    assert ordered.status_code == 302 and report.status == ReportStatus.DONE
    assert_archivable(report_path(report).read_bytes(), title="Nyhetsbrev nr 1: Vinter", tags={"H1", "H2"})
    assert client.get(f"/rapporter/{report.pk}/pdf/").status_code == 200


def test_the_edit_page_of_a_published_item_says_it_cannot_be_changed(forvaltare, consortium, client_for):
    item = make_item(forvaltare)
    client = client_for(forvaltare, consortium)
    response = client.get(f"/nyheter/{item.pk}/andra/")
    assert response.status_code == 302 and response["Location"] == f"/nyheter/{item.pk}/"
    assert str(MSG_ALREADY_PUBLISHED) in client.get(response["Location"]).content.decode()


def test_news_lists_cost_the_same_few_queries_however_many_items(
    forvaltare, consortium, lund, bjuv, arkivarie_lund, client_for, django_assert_max_num_queries
):
    for n in range(6):
        make_item(forvaltare, title=f"Nyhet {n}", to=[lund, bjuv] if n % 2 else None)
    forvaltning, lund_client = client_for(forvaltare, consortium), client_for(arkivarie_lund, lund)
    forvaltning.get("/nyheter/"), lund_client.get("/")  # sessions and memberships read once
    with django_assert_max_num_queries(12):
        page = forvaltning.get("/nyheter/").content.decode()
    assert page.count("Till Bjuv, Lund") == 3 and "Nyhet 5" in page
    with django_assert_max_num_queries(12):
        assert "Nyhet 5" in lund_client.get("/nyheter/").content.decode()
