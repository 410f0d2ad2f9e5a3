"""Celery tasks of onboarding: check and import an uploaded inventory. They run in the kommun's schema."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation

from jobs.services import job_claim, on_give_up

from .models import ImportJob
from .services.imports import import_job_check, import_job_commit

logger = logging.getLogger(__name__)


def _job(job_id: int) -> ImportJob | None:
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        logger.warning("import job %s not found in this schema", job_id)
    return job


CHECK = "onboarding.tasks.import_check"
COMMIT = "onboarding.tasks.import_commit"


def _failed(job_id: int) -> None:
    ImportJob.objects.filter(pk=job_id, state__in=[ImportJob.State.CHECKING, ImportJob.State.IMPORTING]).update(
        state=ImportJob.State.FAILED
    )


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_check(job_id: int, language: str | None = None) -> None:
    """Check an uploaded inventory and store the preview, its problems in the uploader's `language`. Sent inside
    the kommun's tenant_context."""
    with job_claim(task_name=CHECK, object_id=job_id) as claim:
        job = _job(job_id)
        if claim is None or job is None or job.state != ImportJob.State.CHECKING:
            return
        try:
            with translation.override(language or settings.LANGUAGE_CODE):
                import_job_check(job=job)
        except Exception:
            _failed(job_id)
            raise


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_commit(job_id: int, language: str | None = None) -> None:
    """Import a checked inventory, all or nothing (problems found at the last moment in `language`). The job row
    is the key: a second delivery imports nothing."""
    with job_claim(task_name=COMMIT, object_id=job_id) as claim:
        job = _job(job_id)
        if claim is None or job is None or job.state != ImportJob.State.IMPORTING:
            return
        try:
            with translation.override(language or settings.LANGUAGE_CODE):
                import_job_commit(job=job)
        except Exception:
            _failed(job_id)
            raise


on_give_up(CHECK)(_failed)
on_give_up(COMMIT)(_failed)
