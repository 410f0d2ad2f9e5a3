"""The demo's news: the autumn's items and two numbered newsletters, made once however often seed_demo runs."""

import pytest

from onboarding.news import selectors
from onboarding.news.demo import seed_demo
from onboarding.news.models import NewsItem, NewsletterIssue

pytestmark = pytest.mark.django_db


def test_demo_news_and_two_newsletters_once(forvaltare, lund, bjuv, arkivarie_lund):
    result = {"users": [forvaltare], "kommuner": [lund, bjuv]}
    seed_demo(result)
    seed_demo(result)

    assert NewsItem.objects.count() == 4
    issues = list(NewsletterIssue.objects.order_by("number"))
    assert [(i.number, i.title) for i in issues] == [(1, "Hösten 2026"), (2, "Inför anslutningarna")]
    assert [e.item.title for e in issues[1].entries.all()] == [
        "Workshop för arkivarier i november",
        "Höstens turné till alla kommuner",
    ]
    pilots = NewsItem.objects.get(title__startswith="Till pilotkommunerna")
    assert set(pilots.kommuner.all()) == {lund, bjuv} and not pilots.to_all
    # On Lund's start page, the newest first.
    assert selectors.start_items(user=arkivarie_lund, site=lund)[0] == pilots
