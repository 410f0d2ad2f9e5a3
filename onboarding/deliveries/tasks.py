"""Celery tasks: validate a delivery, hand it over to the archive, pick up the ingest folders.

Each task is sent from inside the kommun's schema (tenant-schemas-celery), takes ids, re-fetches
and calls a service.
"""

from celery import shared_task
from django.db import connection
from django.utils import translation

from jobs.services import RetryLater, job_claim, job_refusal, on_give_up
from tenants.tasks import fan_out_per_kommun

from . import services
from .messages import MSG_VALIDATION_NOT_STARTED
from .models import Delivery

HANDOVER_MAX_RETRIES = 6
VALIDATE = "onboarding.deliveries.tasks.validate_delivery"
HAND_OVER = "onboarding.deliveries.tasks.hand_over_delivery"


@shared_task(acks_late=True, reject_on_worker_lost=True)
def validate_delivery(delivery_id: int) -> str | None:
    """Validate a received package and store its report (progress is visible on the page meanwhile).
    The job row is the key: a second delivery of the message does nothing."""
    with job_claim(task_name=VALIDATE, object_id=delivery_id) as job:
        delivery = Delivery.objects.filter(pk=delivery_id).first()
        if job is None or delivery is None:
            return None
        if delivery.state not in (Delivery.State.RECEIVED, Delivery.State.VALIDATING):
            return None
        return services.delivery_validate(delivery=delivery).state


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=HANDOVER_MAX_RETRIES)
def hand_over_delivery(self, delivery_id: int) -> str | None:
    """Write an accepted delivery into the archive's ingest area; retries with backoff (30 s, 60 s, ... 16 min)."""
    try:
        with job_claim(task_name=HAND_OVER, object_id=delivery_id) as job:
            return None if job is None else _hand_over(self, delivery_id)
    except RetryLater as later:
        raise self.retry(exc=later.__cause__, countdown=later.countdown) from later.__cause__


@on_give_up(VALIDATE)
def _validation_gave_up(delivery_id: int) -> None:
    with translation.override("sv"):
        label = str(MSG_VALIDATION_NOT_STARTED)
    services.delivery_set_progress(delivery_id=delivery_id, fraction=0, label=label)


@on_give_up(HAND_OVER)
def _hand_over_gave_up(delivery_id: int) -> None:
    services.delivery_hand_over_failed(delivery_id=delivery_id)


def _hand_over(self, delivery_id: int) -> str | None:
    try:
        return services.delivery_hand_over(delivery_id=delivery_id).state
    except OSError as exc:
        if self.request.retries >= self.max_retries:
            services.delivery_hand_over_failed(delivery_id=delivery_id)
            return Delivery.State.HANDOVER_FAILED
        raise RetryLater(30 * 2**self.request.retries) from exc


@shared_task
def ingest_pickup() -> int:
    """Pick up complete packages in this kommun's ingest folder (runs in the kommun's schema); none for a kommun
    that has left (a pick-up sent just before it left): its schema is read-only."""
    if job_refusal(schema_name=connection.schema_name, task_name=ingest_pickup.name) is not None:
        return 0
    return len(services.ingest_pickup())


@shared_task
def ingest_pickup_all() -> int:
    """Beat's entry (runs in public): one ingest_pickup per kommun, each in its own schema."""
    return len(fan_out_per_kommun(ingest_pickup))
