"""Reads with rules: which news a person sees on a site (404 for an item not addressed to it), the start
page's latest items, the person's feed, and the förvaltning's newsletter issues."""

from datetime import datetime

from django.core import signing
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from tenants import access
from tenants.models import Kommun, User

from .models import DEFAULT_DELIVERY, IssueItem, NewsItem, NewsletterIssue, NewsPreference

START_MAX = 3
FEED_MAX = 30
FEED_SALT = "news.feed"


def items_for_site(*, user: User, site: Kommun) -> QuerySet[NewsItem]:
    """On a kommun's site: the published items addressed to it (every kommun, or this one by name). On the
    consortium's site: every item; the förvaltning also sees those waiting for their time."""
    queryset = NewsItem.objects.prefetch_related("kommuner")
    if site.is_consortium:
        access.require_consortium_reader(user)
        return queryset if access.is_forvaltning(user) else queryset.published()
    access.require_read_kommun(user, site)
    return queryset.published().addressed_to(site)


def item_get_for_user(*, user: User, site: Kommun, pk: int) -> NewsItem:
    """One item as above; 404 when it does not exist, is not addressed to the site, or is not out yet."""
    item = items_for_site(user=user, site=site).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def item_for_editing(*, user: User, pk: int) -> NewsItem:
    access.require_forvaltning(user)
    item = NewsItem.objects.prefetch_related("kommuner").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


# The start page's items in SQL: every start page reads them, and composing the queryset (an OR over the
# kommuner relation, made distinct) cost more than the query. On a kommun's site, the items to every kommun or to
# this one by name (EXISTS, so no DISTINCT is needed).
_KOMMUNER = NewsItem._meta.get_field("kommuner")
_START_ITEMS = (
    f"SELECT * FROM {NewsItem._meta.db_table} n WHERE n.publish_at <= %(now)s {{addressed}} "
    "ORDER BY n.publish_at DESC, n.id DESC LIMIT %(max)s"
)
_ADDRESSED = (
    f"AND (n.to_all OR EXISTS (SELECT 1 FROM {_KOMMUNER.m2m_db_table()} k "
    f"WHERE k.{_KOMMUNER.m2m_column_name()} = n.id AND k.{_KOMMUNER.m2m_reverse_name()} = %(kommun)s))"
)


def start_items(*, user: User, site: Kommun) -> list[NewsItem]:
    """The latest few items of the site, for its start page (one query)."""
    if not access.can_read_kommun(user, site):
        return []
    sql = _START_ITEMS.format(addressed="" if site.is_consortium else _ADDRESSED)
    return list(NewsItem.objects.raw(sql, {"now": timezone.now(), "kommun": site.pk, "max": START_MAX}))


def published_to(kommun: Kommun, *, since: datetime, until: datetime) -> QuerySet[NewsItem]:
    """Items published to the kommun in (since, until], oldest first (the weekly digest)."""
    return (
        NewsItem.objects.filter(publish_at__gt=since, publish_at__lte=until)
        .addressed_to(kommun)
        .order_by("publish_at", "id")
    )


def preference_of(user: User) -> NewsPreference:
    """The person's choice (an unsaved default when they never chose)."""
    found = NewsPreference.objects.filter(user=user).first()
    return found or NewsPreference(user=user, delivery=DEFAULT_DELIVERY)


# ---------------------------------------------------------------------------------------------
# The feed: a personal address, since feed readers cannot sign in


def feed_token(user: User) -> str:
    """The secret part of the person's feed address: signed with the server's key, naming the person and
    the feed version (renewing the address raises the version, and the old token stops working)."""
    return signing.dumps({"u": user.pk, "v": preference_of(user).feed_version}, salt=FEED_SALT)


def feed_reader(*, token: str, site: Kommun) -> User:
    """The person a feed token belongs to, if it is current and they may read the site; else 404."""
    try:
        data = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or preference_of(user).feed_version != data.get("v"):
        raise Http404
    if not access.can_read_kommun(user, site) or (site.is_consortium and access.consortium_role(user) is None):
        raise Http404
    return user


def feed_items(*, user: User, site: Kommun) -> list[NewsItem]:
    """What the feed of a site shows its reader: the published items of that site, as on its news list."""
    queryset = NewsItem.objects.published()
    if not site.is_consortium:
        queryset = queryset.addressed_to(site)
    return list(queryset.order_by("-publish_at", "-id")[:FEED_MAX])


# ---------------------------------------------------------------------------------------------
# Newsletter issues (the förvaltning's)


def issues_for_user(*, user: User) -> QuerySet[NewsletterIssue]:
    access.require_forvaltning(user)
    return NewsletterIssue.objects.all()


def issue_get_for_user(*, user: User, pk: int) -> NewsletterIssue:
    issue = issues_for_user(user=user).filter(pk=pk).first()
    if issue is None:
        raise Http404
    return issue


def items_for_issue() -> list[NewsItem]:
    """The items an issue may gather: published, to every kommun, newest first."""
    return list(NewsItem.objects.published().filter(to_all=True).order_by("-publish_at")[:100])


def issue_with_items(issue_id) -> NewsletterIssue | None:
    """An issue with its items in order (two queries), else None: what the reports app lays out as PDF."""
    if not str(issue_id or "").isdigit():
        return None
    entries = IssueItem.objects.select_related("item").order_by("position")
    return (
        NewsletterIssue.objects.prefetch_related(Prefetch("entries", queryset=entries)).filter(pk=int(issue_id)).first()
    )


def issue_choices() -> list[tuple[str, str]]:
    """Every issue, newest first, for the report order form."""
    return [(str(i.pk), str(i)) for i in NewsletterIssue.objects.order_by("-number")[:100]]
