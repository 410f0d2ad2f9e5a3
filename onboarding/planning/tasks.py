"""Celery tasks of the connection plan. They run in the public schema, where the plan lives."""

from celery import shared_task

from jobs.services import job_claim

from .builds import plan_build_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def plan_build_task(build_id: int) -> int | None:
    """Build the draft a PlanBuild asks for (builds.plan_build_run); returns the version's id. The job row is
    the key: a second delivery builds nothing."""
    with job_claim(task_name="onboarding.planning.tasks.plan_build_task", object_id=build_id) as job:
        if job is None:
            return None
        build = plan_build_run(build_id=build_id)
        return build.plan_id if build is not None else None
