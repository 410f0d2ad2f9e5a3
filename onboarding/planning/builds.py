"""Building a draft in Celery: the request (a PlanBuild, queued), the run with progress, and its progress.

The solver may take the whole time limit (PlanSettings.solver_time_limit, 30 s by default), so a draft
asked for on the plan pages is built by a worker while the page shows how far it has come. The draft
itself is saved by services.plan_build, as from the command line.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jobs.services import job_enqueue
from tenants.audit import audit_record
from tenants.models import User

from . import inputs as plan_inputs
from . import services, solver
from .models import PlanBuild
from .solver_report import STAGE_LABELS, Progress

logger = logging.getLogger(__name__)

PROGRESS_SECONDS = 3600
ABANDONED_AFTER_SECONDS = 120


def progress_key(build: PlanBuild | int) -> str:
    return f"planning:build:{getattr(build, 'pk', build)}:progress"


@transaction.atomic
def plan_build_request(*, title: str = "", actor: User | None) -> PlanBuild:
    """Ask for a new draft: it is built in Celery (plan_build_task) with the current inputs."""
    services.require_forvaltning_actor(actor)
    build = PlanBuild(
        title=(title or "").strip(), time_limit=plan_inputs.current_settings().solver_time_limit, requested_by=actor
    )
    build.full_clean()
    build.save()
    audit_record(actor=actor, action="planning.plan.build_request", obj=build, details={"title": build.title})
    # Imported here: the task module imports this one (the worker's entry point runs plan_build_run).
    from .tasks import plan_build_task

    job_enqueue(task=plan_build_task, object_id=build.pk)
    return build


def plan_build_run(*, build_id: int) -> PlanBuild | None:
    """Build the draft of a queued PlanBuild, reporting progress; marks it done (with its version) or failed.

    Not one transaction: the solve runs outside any (it may take the whole time limit), and the draft
    is saved at the end by services.plan_build in its own.
    """
    now = timezone.now()
    row = PlanBuild.objects.filter(pk=build_id).first()
    if row is None:
        return None
    # A message is delivered again when its worker died (acks_late): a build left running long past its
    # time limit is taken over; one that is running or finished is left alone.
    abandoned = now - timedelta(
        seconds=row.time_limit * solver.WALL_FACTOR + solver.WALL_MARGIN + ABANDONED_AFTER_SECONDS
    )
    claimed = (
        PlanBuild.objects.filter(pk=build_id)
        .filter(Q(state=PlanBuild.State.QUEUED) | Q(state=PlanBuild.State.RUNNING, started_at__lt=abandoned))
        .update(state=PlanBuild.State.RUNNING, started_at=now)
    )
    if not claimed:
        return row
    build = PlanBuild.objects.select_related("requested_by").get(pk=build_id)

    def progress(p: Progress) -> None:
        # Called from the solver's threads: the cache, not the database (no connection per thread).
        cache.set(progress_key(build_id), _progress_dict(p), PROGRESS_SECONDS)

    try:
        current = plan_inputs.load()
        result = current.build(time_limit=build.time_limit, progress=progress)
        plan = services.plan_build(title=build.title, actor=build.requested_by, current=current, result=result)
    except Exception as exc:
        logger.exception("plan build %s failed", build_id)
        PlanBuild.objects.filter(pk=build_id).update(
            state=PlanBuild.State.FAILED, finished_at=timezone.now(), error=f"{exc.__class__.__name__}: {exc}"[:300]
        )
        raise
    PlanBuild.objects.filter(pk=build_id).update(state=PlanBuild.State.DONE, plan=plan, finished_at=timezone.now())
    cache.delete(progress_key(build_id))
    build.refresh_from_db()
    return build


def plan_build_progress(build: PlanBuild) -> dict | None:
    """The latest progress of a running build: stage, best found, bound, share of the time used."""
    progress = cache.get(progress_key(build)) if build.state == PlanBuild.State.RUNNING else None
    if progress:
        progress["label"] = str(STAGE_LABELS.get(progress["name"], progress["name"]))
    return progress


def _progress_dict(p: Progress) -> dict:
    return {
        "stage": p.stage,
        "stages": p.stages,
        "name": p.name,
        "found": p.found,
        "bound": p.bound,
        "percent": int(100 * p.fraction),
    }
