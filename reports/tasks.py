"""Celery tasks: render a report, and the monthly schedules (the kommun one fans out per kommun)."""

import logging

from celery import shared_task
from django.db import connection
from django.utils import timezone

from jobs.services import RetryLater, job_claim, on_give_up
from tenants.models import Kommun
from tenants.tasks import fan_out_per_kommun

from . import services
from .models import IssuedReport, ReportKind

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


TASK = "reports.tasks.render_report_task"


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def render_report_task(self, report_id: int) -> None:
    """Render and store one report. A worker that dies mid-render stops beating on the job row, and the
    sweep sends the job again; the row is the key, so a second delivery renders nothing. An error is
    retried; after the last retry the report is marked failed (the page stops waiting)."""
    try:
        with job_claim(task_name=TASK, object_id=report_id) as job:
            if job is not None:
                _render(self, report_id)
    except RetryLater as later:
        raise self.retry(exc=later.__cause__, countdown=later.countdown) from later.__cause__


@on_give_up(TASK)
def _gave_up(report_id: int) -> None:
    services.report_mark_failed(report_id=report_id, error="gave up: the job never started")


def _render(self, report_id: int) -> None:
    try:
        services.report_render(report_id=report_id)
    except IssuedReport.DoesNotExist:
        logger.warning("report %s vanished before rendering", report_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            services.report_mark_failed(report_id=report_id, error=f"{exc.__class__.__name__}: {exc}")
            raise
        raise RetryLater(10 * 2**self.request.retries) from exc


def _already_this_month(kind: str, kommun: Kommun | None) -> bool:
    """Beat may fire twice (at-least-once): one scheduled report a month is enough."""
    now = timezone.localtime()
    return IssuedReport.objects.filter(
        kind=kind, kommun=kommun, scheduled=True, requested_at__year=now.year, requested_at__month=now.month
    ).exists()


@shared_task
def scheduled_consortium_reports() -> int | None:
    """The monthly consortium report (beat, public schema)."""
    if _already_this_month(ReportKind.CONSORTIUM, None):
        return None
    return services.report_request(kind=ReportKind.CONSORTIUM, actor=None, scheduled=True).pk


@shared_task
def scheduled_kommun_report() -> int | None:
    """One kommun's monthly report; runs in that kommun's schema (sent by the fan-out)."""
    kommun = getattr(connection, "tenant", None)
    if not isinstance(kommun, Kommun) or kommun.is_consortium or _already_this_month(ReportKind.KOMMUN, kommun):
        return None
    return services.report_request(kind=ReportKind.KOMMUN, kommun=kommun, actor=None, scheduled=True).pk


@shared_task
def scheduled_kommun_reports() -> int:
    """The monthly kommun reports (beat, public): one task per active kommun, each in its own schema."""
    return len(fan_out_per_kommun(scheduled_kommun_report))
