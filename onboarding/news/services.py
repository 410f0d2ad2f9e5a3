"""Every write about news: writing and scheduling an item, the e-mail at publication, the weekly digest of a
kommun, a person's choice and feed address, newsletter issues. Each audited; e-mail only after commit."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from jobs.services import send_or_report
from tenants import access
from tenants.audit import audit_record
from tenants.models import KOMMUN_ROLES, Kommun, Membership, User
from tenants.swedish import ordered

from . import selectors, tasks
from .messages import (
    MSG_ALREADY_PUBLISHED,
    MSG_BODY_REQUIRED,
    MSG_ISSUE_ITEM_NOT_PUBLISHED,
    MSG_ISSUE_ITEM_NOT_TO_ALL,
    MSG_ISSUE_NO_ITEMS,
    MSG_PUBLISH_AT_PAST,
    MSG_TITLE_REQUIRED,
)
from .models import (
    DEFAULT_DELIVERY,
    Delivery,
    DigestSent,
    IssueItem,
    NewsItem,
    NewsletterIssue,
    NewsPreference,
    check_audience,
)

# A time "now" typed in the form is a minute old when it is saved: not "in the past".
PAST_GRACE = timedelta(minutes=2)
ISSUE_NUMBER_LOCK = 0x6E657773  # "news"


def _check_text(title: str, body: str) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = MSG_TITLE_REQUIRED
    if not (body or "").strip():
        errors["body"] = MSG_BODY_REQUIRED
    if errors:
        raise ValidationError(errors)


def _when(publish_at: datetime | None) -> datetime:
    now = timezone.now()
    if publish_at is None:
        return now
    if publish_at < now - PAST_GRACE:
        raise ValidationError({"publish_at": MSG_PUBLISH_AT_PAST})
    return publish_at


def _after_save(item: NewsItem) -> None:
    if item.publish_at <= timezone.now():
        # Beat's notify-due task sends what was missed (a broker that was down), so a failed send only waits.
        transaction.on_commit(lambda: send_or_report(tasks.notify_published_task, item.pk))


@transaction.atomic
def news_item_create(
    *, title: str, body: str, to_all: bool, kommuner, publish_at: datetime | None = None, actor: User
) -> NewsItem:
    """Write a news item to every kommun or to the kommuner chosen; published now (publish_at None) or at
    a later time. People who chose "e-mail now" get it when it is published."""
    access.require_forvaltning(actor)
    kommuner = list(kommuner or [])
    _check_text(title, body)
    check_audience(to_all=to_all, kommuner=kommuner)
    item = NewsItem(title=title.strip(), body=body, to_all=to_all, publish_at=_when(publish_at), created_by=actor)
    item.full_clean()
    item.save()
    item.kommuner.set([] if to_all else kommuner)
    audit_record(actor=actor, action="news.item.create", obj=item, details=_details(item, kommuner, to_all))
    _after_save(item)
    return item


@transaction.atomic
def news_item_update(
    *, item: NewsItem, title: str, body: str, to_all: bool, kommuner, publish_at: datetime | None, actor: User
) -> NewsItem:
    """Change an item that is not published yet (a published item is what people have read)."""
    access.require_forvaltning(actor)
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if item.is_published:
        raise ValidationError(MSG_ALREADY_PUBLISHED)
    kommuner = list(kommuner or [])
    _check_text(title, body)
    check_audience(to_all=to_all, kommuner=kommuner)
    item.title, item.body, item.to_all, item.publish_at = title.strip(), body, to_all, _when(publish_at)
    item.full_clean()
    item.save(update_fields=["title", "body", "to_all", "publish_at", "updated_at"])
    item.kommuner.set([] if to_all else kommuner)
    audit_record(actor=actor, action="news.item.update", obj=item, details=_details(item, kommuner, to_all))
    _after_save(item)
    return item


def _details(item: NewsItem, kommuner: list[Kommun], to_all: bool) -> dict:
    return {
        "title": item.title,
        "to_all": to_all,
        "kommuner": sorted(k.subdomain for k in kommuner) if not to_all else [],
        "publish_at": item.publish_at.isoformat(),
    }


def _receivers(item: NewsItem, delivery_choices: set[str]) -> list[tuple[User, Kommun]]:
    """The kommun people of the item's kommuner whose choice is one of `delivery_choices`, each once, with
    the (first) kommun whose site their link opens."""
    kommuner = Kommun.objects.active() if item.to_all else item.kommuner.all()
    memberships = (
        Membership.objects.filter(kommun__in=kommuner, role__in=KOMMUN_ROLES, user__is_active=True)
        .select_related("user", "kommun", "user__news_preference")
        .order_by("user__email", ordered("kommun__name"))
    )
    seen, receivers = set(), []
    for membership in memberships:
        if membership.user_id in seen or _delivery_of(membership.user) not in delivery_choices:
            continue
        seen.add(membership.user_id)
        receivers.append((membership.user, membership.kommun))
    return receivers


def _delivery_of(user: User) -> str:
    try:
        return user.news_preference.delivery
    except NewsPreference.DoesNotExist:
        return DEFAULT_DELIVERY


def _send(template: str, context: dict, subject: str, email: str) -> None:
    with translation.override("sv"):
        body = render_to_string(template, context)
    send_mail(subject, body, None, [email])


@transaction.atomic
def news_notify_published(*, item_id: int) -> int:
    """The "e-mail now" messages of a published item, once (the worker's job); returns how many went out."""
    item = NewsItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None or item.notified_at is not None or not item.is_published:
        return 0
    receivers = _receivers(item, {Delivery.IMMEDIATE})
    item.notified_at = timezone.now()
    item.save(update_fields=["notified_at"])
    audit_record(actor=None, action="news.item.notify", obj=item, details={"recipients": len(receivers)})
    for user, kommun in receivers:
        context = {"item": item, "link": kommun.url(f"/nyheter/{item.pk}/"), "kommun": kommun}
        transaction.on_commit(
            lambda c=context, e=user.email: _send("news/email/item.txt", c, f"Nyhet från SkånEarkiv: {item.title}", e)
        )
    return len(receivers)


def news_notify_due() -> int:
    """Items whose publication time has come and whose e-mail has not gone out (beat, every few minutes)."""
    due = NewsItem.objects.published().filter(notified_at__isnull=True).values_list("pk", flat=True)
    return sum(news_notify_published(item_id=pk) for pk in list(due))


def iso_week(day) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def news_digest_send(*, kommun: Kommun, now: datetime | None = None) -> int:
    """The weekly digest of one kommun: the items published to it in the last seven days, to each of its
    people who chose the digest, at most once a week (beat fires at least once). Returns how many went out."""
    now = now or timezone.now()
    items = list(selectors.published_to(kommun, since=now - timedelta(days=7), until=now))
    if not items:
        return 0
    week = iso_week(timezone.localtime(now).date())
    memberships = (
        Membership.objects.filter(kommun=kommun, role__in=KOMMUN_ROLES, user__is_active=True)
        .select_related("user", "user__news_preference")
        .order_by("user__email")
    )
    sent = 0
    for membership in memberships:
        user = membership.user
        if _delivery_of(user) != Delivery.WEEKLY:
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, kommun=kommun, week=week, items=len(items))
                audit_record(actor=None, action="news.digest.send", kommun=kommun, details={"to": user.email})
                context = {"items": items, "kommun": kommun, "week": week, "site": kommun.url("/nyheter/")}
                subject = f"Veckans nyheter från SkånEarkiv – {kommun.name}"
                transaction.on_commit(
                    lambda c=context, e=user.email, s=subject: _send("news/email/digest.txt", c, s, e)
                )
        except IntegrityError:
            continue  # this week's digest already went to this person
        sent += 1
    return sent


@transaction.atomic
def news_preference_set(*, user: User, delivery: str) -> NewsPreference:
    """A person's choice of e-mail about news: now, weekly, or none."""
    preference, _created = NewsPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"delivery": delivery}
    )
    old = preference.delivery
    preference.delivery = delivery
    preference.full_clean()
    preference.save()
    audit_record(actor=user, action="news.preference.set", obj=preference, details={"from": old, "to": delivery})
    return preference


@transaction.atomic
def news_feed_renew(*, user: User) -> NewsPreference:
    """A new address for the person's news feed; the old one stops working (it was shared, or leaked)."""
    preference, _created = NewsPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"delivery": DEFAULT_DELIVERY}
    )
    preference.feed_version += 1
    preference.save(update_fields=["feed_version", "updated_at"])
    audit_record(actor=user, action="news.feed.renew", obj=preference, details={"version": preference.feed_version})
    return preference


def _check_issue_items(item_ids: list[int]) -> list[NewsItem]:
    if not item_ids:
        raise ValidationError({"items": MSG_ISSUE_NO_ITEMS})
    found = {item.pk: item for item in NewsItem.objects.filter(pk__in=item_ids)}
    items = [found[pk] for pk in item_ids if pk in found]
    if len(items) != len(set(item_ids)) or any(not item.is_published for item in items):
        raise ValidationError({"items": MSG_ISSUE_ITEM_NOT_PUBLISHED})
    if any(not item.to_all for item in items):
        raise ValidationError({"items": MSG_ISSUE_ITEM_NOT_TO_ALL})
    return items


def _set_entries(issue: NewsletterIssue, items: list[NewsItem]) -> None:
    issue.entries.all().delete()
    IssueItem.objects.bulk_create(IssueItem(issue=issue, item=item, position=i) for i, item in enumerate(items, 1))


@transaction.atomic
def newsletter_issue_create(*, title: str, intro: str, item_ids: list[int], actor: User) -> NewsletterIssue:
    """Gather published news to every kommun into the next numbered issue (numbers never repeat)."""
    access.require_forvaltning(actor)
    items = _check_issue_items(item_ids)
    if not (title or "").strip():
        raise ValidationError({"title": MSG_TITLE_REQUIRED})
    # One issue number at a time: a transaction-scoped advisory lock serialises two förvaltare saving at once.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ISSUE_NUMBER_LOCK])
    number = (NewsletterIssue.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    issue = NewsletterIssue(number=number, title=title.strip(), intro=intro or "", created_by=actor)
    issue.full_clean()
    issue.save()
    _set_entries(issue, items)
    audit_record(
        actor=actor, action="news.issue.create", obj=issue, details={"number": number, "items": [i.pk for i in items]}
    )
    return issue
