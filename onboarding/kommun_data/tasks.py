"""Celery task: write a queued export of a kommun's data (progress is visible on the export's page)."""

from celery import shared_task

from .services.jobs import kommun_export_run


@shared_task(acks_late=True)
def kommun_export_task(export_id: int) -> str | None:
    """Write the export; the job row is the idempotency key (a second delivery finds it claimed)."""
    export = kommun_export_run(export_id=export_id)
    return export.state if export is not None else None
