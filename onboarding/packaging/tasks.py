"""Celery task: build a queued package. Sent from inside the kommun's schema (tenant-schemas-celery)."""

from celery import shared_task

from jobs.services import job_claim, on_give_up

from .services.builds import package_build_gave_up, package_build_run

TASK = "onboarding.packaging.tasks.build_package_task"


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_package_task(build_id: int) -> str | None:
    """Build the package of a queued PackageBuild (progress is visible on its page meanwhile). The job row is
    the key: a second delivery does nothing, and a build whose worker vanished is built again."""
    with job_claim(task_name=TASK, object_id=build_id) as job:
        if job is None:
            return None
        build = package_build_run(build_id=build_id)
        return build.state if build is not None else None


on_give_up(TASK)(lambda build_id: package_build_gave_up(build_id=build_id))
