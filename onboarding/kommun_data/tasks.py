"""Celery task: write a queued export of a kommun's data (progress is visible on the export's page)."""

from celery import shared_task

from jobs.services import job_claim, runs_after_leaving

from .services.jobs import kommun_export_run

# It only reads the kommun's schema: the export kept when a kommun leaves is made after it has left.
TASK = runs_after_leaving("onboarding.kommun_data.tasks.kommun_export_task")


@shared_task(acks_late=True, reject_on_worker_lost=True)
def kommun_export_task(export_id: int) -> str | None:
    """Write the export. The job row is the idempotency key: a second delivery finds it claimed or done; a
    job whose worker vanished is claimed again and written again from the start (a new `.part` file)."""
    with job_claim(task_name=TASK, object_id=export_id) as claim:
        if claim is None:
            return None
        export = kommun_export_run(export_id=export_id, resume=claim.runs > 1)
        return export.state if export is not None else None
