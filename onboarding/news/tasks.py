"""Celery tasks: the e-mail when an item is published, the check for items whose time has come, and the
weekly digest (beat, public) fanned out as one task per kommun, each in its own schema."""

import logging

from celery import shared_task
from django.db import connection

from tenants.models import Kommun
from tenants.tasks import fan_out_per_kommun

# `services` imports this module back: both bind the module object only, so either may be imported first.
from . import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=3)
def notify_published_task(self, item_id: int) -> int:
    """The "e-mail now" messages of one item (sent once: the item records when)."""
    try:
        return services.news_notify_published(item_id=item_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task
def notify_due_items() -> int:
    """Beat, every few minutes (public schema): items published at a set time get their e-mail."""
    return services.news_notify_due()


@shared_task
def weekly_digest_kommun() -> int:
    """One kommun's weekly digest; runs in that kommun's schema (sent by the fan-out)."""
    kommun = getattr(connection, "tenant", None)
    if not isinstance(kommun, Kommun) or kommun.is_consortium:
        return 0
    return services.news_digest_send(kommun=kommun)


@shared_task
def weekly_digests() -> int:
    """Beat, Monday mornings (public schema): one digest task per active kommun."""
    return len(fan_out_per_kommun(weekly_digest_kommun))
