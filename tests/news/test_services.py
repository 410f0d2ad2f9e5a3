"""Writing news and who is told: to every kommun or to chosen ones, now or at a time; e-mail now once, the
weekly digest once a week per kommun, nothing for those who chose none; each change audited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from onboarding.news import selectors, services, tasks
from onboarding.news.messages import (
    MSG_ALREADY_PUBLISHED,
    MSG_BODY_REQUIRED,
    MSG_ISSUE_ITEM_NOT_PUBLISHED,
    MSG_ISSUE_ITEM_NOT_TO_ALL,
    MSG_NO_KOMMUNER,
    MSG_PUBLISH_AT_PAST,
)
from onboarding.news.models import Delivery, DigestSent, NewsItem
from tenants.models import AuditEvent

from .fixtures_news import backdate, make_item

pytestmark = pytest.mark.django_db


def _choose(user, delivery):
    services.news_preference_set(user=user, delivery=delivery)


def test_item_to_one_kommun_is_seen_there_and_nowhere_else(forvaltare, lund, bjuv, arkivarie_lund, arkivarie_bjuv):
    item = make_item(forvaltare, to=[lund])

    assert list(selectors.items_for_site(user=arkivarie_lund, site=lund)) == [item]
    assert list(selectors.items_for_site(user=arkivarie_bjuv, site=bjuv)) == []
    with pytest.raises(Http404):
        selectors.item_get_for_user(user=arkivarie_bjuv, site=bjuv, pk=item.pk)
    assert selectors.start_items(user=arkivarie_bjuv, site=bjuv) == []
    assert selectors.start_items(user=arkivarie_lund, site=lund) == [item]
    event = AuditEvent.objects.get(action="news.item.create", object_id=str(item.pk))
    assert event.actor == forvaltare and event.details["kommuner"] == ["lund"] and event.details["to_all"] is False


def test_item_to_every_kommun_is_seen_by_every_kommun(forvaltare, lund, bjuv, kontakt_lund, kontakt_bjuv):
    item = make_item(forvaltare)
    assert selectors.item_get_for_user(user=kontakt_lund, site=lund, pk=item.pk) == item
    assert selectors.item_get_for_user(user=kontakt_bjuv, site=bjuv, pk=item.pk) == item


def test_scheduled_item_waits_for_its_time(forvaltare, lund, arkivarie_lund):
    item = make_item(forvaltare, later=timedelta(days=2))

    assert not item.is_published
    with pytest.raises(Http404):
        selectors.item_get_for_user(user=arkivarie_lund, site=lund, pk=item.pk)
    # The förvaltning sees what waits on the consortium's list.
    assert item in selectors.items_for_site(user=forvaltare, site=lund.__class__.objects.consortium())


def test_only_the_forvaltning_writes_news(arkivarie_lund, ledning, lund):
    for actor in (arkivarie_lund, ledning):
        with pytest.raises(Http404):
            make_item(actor)
    assert not NewsItem.objects.exists()


def test_bad_input_is_refused_with_a_swedish_message_and_nothing_saved(forvaltare):
    with pytest.raises(ValidationError) as exc:
        services.news_item_create(title="Rubrik", body=" ", to_all=False, kommuner=[], actor=forvaltare)
    assert MSG_BODY_REQUIRED in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        services.news_item_create(title="Rubrik", body="Text", to_all=False, kommuner=[], actor=forvaltare)
    assert MSG_NO_KOMMUNER in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        make_item(forvaltare, later=-timedelta(days=1))
    assert MSG_PUBLISH_AT_PAST in exc.value.messages
    assert not NewsItem.objects.exists() and not AuditEvent.objects.filter(action__startswith="news.").exists()


def test_a_published_item_cannot_be_changed(forvaltare, lund):
    item = make_item(forvaltare)
    with pytest.raises(ValidationError) as exc:
        services.news_item_update(
            item=item, title="Nytt", body="x", to_all=True, kommuner=[], publish_at=None, actor=forvaltare
        )
    assert MSG_ALREADY_PUBLISHED in exc.value.messages
    item.refresh_from_db()
    assert item.title == "Höstens turné"


def test_email_now_goes_once_to_those_who_chose_it_in_the_kommuner_addressed(
    forvaltare, lund, bjuv, kontakt_lund, arkivarie_lund, kontakt_bjuv, django_capture_on_commit_callbacks
):
    _choose(kontakt_lund, Delivery.IMMEDIATE)
    _choose(kontakt_bjuv, Delivery.IMMEDIATE)
    _choose(arkivarie_lund, Delivery.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        item = make_item(forvaltare, title="Bara till Lund", to=[lund])

    assert [m.to for m in mail.outbox] == [[kontakt_lund.email]]
    assert "Bara till Lund" in mail.outbox[0].subject
    assert lund.url(f"/nyheter/{item.pk}/") in mail.outbox[0].body
    # Sent once: the beat's check for due items does not send it again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.news_notify_due() == 0
    assert len(mail.outbox) == 1


def test_a_scheduled_item_is_emailed_when_its_time_comes(
    forvaltare, lund, kontakt_lund, django_capture_on_commit_callbacks
):
    _choose(kontakt_lund, Delivery.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        item = make_item(forvaltare, later=timedelta(hours=1))
        tasks.notify_due_items.delay()
    assert mail.outbox == []

    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.notify_due_items.delay()
    assert [m.to for m in mail.outbox] == [[kontakt_lund.email]]


def test_weekly_digest_per_kommun_once_a_week_with_the_weeks_items(
    forvaltare,
    lund,
    bjuv,
    kontakt_lund,
    arkivarie_lund,
    kontakt_bjuv,
    arkivarie_bjuv,
    django_capture_on_commit_callbacks,
):
    _choose(arkivarie_lund, Delivery.NONE)  # kontakt_lund keeps the default: the digest
    backdate(make_item(forvaltare, title="Förra månaden", to=[lund]), days=30)
    make_item(forvaltare, title="Veckans nyhet till Lund", to=[lund])
    make_item(forvaltare, title="Veckans nyhet till alla")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.news_digest_send(kommun=lund) == 1
        assert services.news_digest_send(kommun=lund) == 0  # beat fired twice

    assert [m.to for m in mail.outbox] == [[kontakt_lund.email]]
    body = mail.outbox[0].body
    assert "Veckans nyhet till Lund" in body and "Veckans nyhet till alla" in body
    assert "Förra månaden" not in body
    assert DigestSent.objects.filter(kommun=lund).count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.news_digest_send(kommun=bjuv) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([kontakt_bjuv.email, arkivarie_bjuv.email])
    assert all("Veckans nyhet till alla" in m.body and "till Lund" not in m.body for m in mail.outbox)


def test_weekly_digest_task_fans_out_one_task_per_kommun(
    forvaltare, lund, bjuv, kontakt_lund, kontakt_bjuv, django_capture_on_commit_callbacks
):
    make_item(forvaltare)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.weekly_digests.delay().get() >= 2
    assert {m.to[0] for m in mail.outbox} >= {kontakt_lund.email, kontakt_bjuv.email}


def test_feed_token_names_the_person_and_stops_working_when_renewed(forvaltare, lund, bjuv, arkivarie_lund):
    token = selectors.feed_token(arkivarie_lund)
    assert selectors.feed_reader(token=token, site=lund) == arkivarie_lund
    with pytest.raises(Http404):
        selectors.feed_reader(token=token, site=bjuv)  # not their kommun
    with pytest.raises(Http404):
        selectors.feed_reader(token=token[:-2] + "xx", site=lund)
    services.news_feed_renew(user=arkivarie_lund)
    with pytest.raises(Http404):
        selectors.feed_reader(token=token, site=lund)
    assert selectors.feed_reader(token=selectors.feed_token(arkivarie_lund), site=lund) == arkivarie_lund


def test_issue_numbers_follow_each_other_and_hold_only_published_items_to_all(forvaltare, lund):
    first = make_item(forvaltare, title="Ett")
    second = make_item(forvaltare, title="Två")
    only_lund = make_item(forvaltare, title="Bara Lund", to=[lund])
    waiting = make_item(forvaltare, title="Sen", later=timedelta(days=1))

    one = services.newsletter_issue_create(title="Nr ett", intro="", item_ids=[first.pk], actor=forvaltare)
    two = services.newsletter_issue_create(title="Nr två", intro="", item_ids=[second.pk, first.pk], actor=forvaltare)
    assert (one.number, two.number) == (1, 2)
    assert [e.item.title for e in selectors.issue_with_items(two.pk).entries.all()] == ["Två", "Ett"]
    with pytest.raises(ValidationError) as exc:
        services.newsletter_issue_create(title="x", intro="", item_ids=[only_lund.pk], actor=forvaltare)
    assert MSG_ISSUE_ITEM_NOT_TO_ALL in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        services.newsletter_issue_create(title="x", intro="", item_ids=[waiting.pk], actor=forvaltare)
    assert MSG_ISSUE_ITEM_NOT_PUBLISHED in exc.value.messages
    assert AuditEvent.objects.filter(action="news.issue.create").count() == 2
