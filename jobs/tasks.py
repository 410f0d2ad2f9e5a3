"""Beat's sweep over the job rows (runs in public, where they live)."""

from celery import shared_task

from .services import jobs_sweep


@shared_task
def sweep_jobs() -> int:
    """Send again the jobs that were saved but never started, or whose worker vanished."""
    return jobs_sweep()
