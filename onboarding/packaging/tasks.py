"""Celery task: build a queued package. Sent from inside the kommun's schema (tenant-schemas-celery)."""

from celery import shared_task

from .services.builds import package_build_run


@shared_task(acks_late=True)
def build_package_task(build_id: int) -> str | None:
    """Build the package of a queued PackageBuild (progress is visible on its page meanwhile)."""
    build = package_build_run(build_id=build_id)
    return build.state if build is not None else None
