"""Saving, sending, claiming and finishing jobs; the sweep that sends again what waits too long.

Every long task of the platform goes through here: validation, report render, inventory check and
import, hand-over to the archive, package build, plan build. The row is the idempotency key: the task
claims it before it works, and a claim only succeeds on a waiting job or on a running one whose worker
stopped beating. So a task delivered twice (a redelivered message, a sweep's second send) works once.

A kommun that has left is read-only for the tasks as for the web: a job in its schema is refused (its row says
why, in Swedish) instead of claimed, and the sweep refuses it instead of sending it again. Only a task that
merely reads the schema (`runs_after_leaving`: the kommun's export) still runs there, until its data is deleted.
"""

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context, tenant_context

from .messages import MSG_JOB_KOMMUN_DELETED, MSG_JOB_KOMMUN_LEFT
from .models import Job

log = logging.getLogger(__name__)

# Set when a send failed during this request: the middleware tells the person the work starts shortly.
send_failed: ContextVar[bool] = ContextVar("jobs_send_failed", default=False)
# Called after the last try: the job's own row is marked failed there (the page stops waiting).
_give_up_hooks: dict[str, Callable[[int], None]] = {}
# Tasks that only read a kommun's schema: they still run for a kommun that has left (not once its data is deleted).
_after_leaving: set[str] = set()
# The broker is asked briefly: a person waits for the answer, and the sweep sends again anyway.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class RetryLater(Exception):
    """Raised inside a claim for the task's own retry: the claim is released first (the job waits again), so
    the retry's message finds the job free. Catch it outside the claim and call `task.retry` there."""

    def __init__(self, countdown: float):
        super().__init__(countdown)
        self.countdown = countdown


def on_give_up(task_name: str):
    """Register what to do with a job's own row when the sweep gives up on it (runs in the job's schema)."""

    def register(func: Callable[[int], None]):
        _give_up_hooks[task_name] = func
        return func

    return register


def runs_after_leaving(task_name: str) -> str:
    """Mark a task that only reads its kommun's schema (the export): it runs for a kommun that has left too."""
    _after_leaving.add(task_name)
    return task_name


def job_refusal(*, schema_name: str, task_name: str) -> str | None:
    """Why a job of `task_name` may not run in `schema_name` now (Swedish), or None when it may.

    The status is read afresh, not from a tenant cached by the worker: a kommun may leave while its job waits.
    """
    if schema_name == get_public_schema_name():
        return None
    model = get_tenant_model()  # tenants.Kommun (tenants imports this app, so not imported here)
    kommun = model.objects.filter(schema_name=schema_name).only("pk", "status").first()
    if kommun is None:  # `objects` has no kommun whose data was deleted
        message = MSG_JOB_KOMMUN_DELETED
    elif kommun.status == model.Status.LEFT and task_name not in _after_leaving:
        message = MSG_JOB_KOMMUN_LEFT
    else:
        return None
    with translation.override("sv"):
        return str(message)


def _refuse(*, job_filter: Q, reason: str) -> int:
    """End a waiting job (or one whose worker vanished) as refused; a job a live worker runs is left to it."""
    stale = timezone.now() - _seconds("JOBS_STALE_AFTER_SECONDS")
    open_ = Q(state=Job.State.PENDING) | Q(state=Job.State.RUNNING, heartbeat_at__lt=stale)
    refused = Job.objects.filter(job_filter & open_).update(
        state=Job.State.REFUSED, reason=reason[:300], token="", finished_at=timezone.now()
    )
    if refused:
        log.warning("%s job(s) refused: %s", refused, reason)
    return refused


def send_or_report(task, *args, tell: bool = True) -> bool:
    """Send a short task that has no job row (an e-mail; a notice that beat sends anyway when it was missed).
    A broker that does not answer is logged, never raised; with `tell`, the person is told that the work
    starts shortly. False when it was not sent."""
    try:
        task.apply_async(args=list(args), retry_policy=PUBLISH_RETRY)
    except Exception as exc:  # noqa: BLE001 - kombu, redis and socket errors alike
        log.warning("task %s%s could not be sent (%s)", task.name, args, exc)
        if tell:
            send_failed.set(True)
        return False
    return True


def job_enqueue(*, task, object_id: int, language: str = "") -> Job:
    """Save the job in this transaction and send `task(object_id)` after it commits, in this schema
    (`task(object_id, language=...)` for a job whose messages are written in the asker's `language`).

    A job asked for again (a hand-over tried again) waits again with its tries counted afresh; one that
    runs now is left to its worker.
    """
    job, created = Job.objects.select_for_update().get_or_create(
        schema_name=connection.schema_name, task=task.name, object_id=object_id
    )
    if not created and job.state != Job.State.RUNNING:
        job.state, job.sends, job.sent_at, job.send_error = Job.State.PENDING, 0, None, ""
        job.save(update_fields=["state", "sends", "sent_at", "send_error"])
    if job.language != language and job.state != Job.State.RUNNING:
        Job.objects.filter(pk=job.pk).update(language=language)
    transaction.on_commit(lambda: job_send(job_id=job.pk))
    return job


def job_send(*, job_id: int) -> bool:
    """Hand the job's task to the broker. A broker that does not answer is logged, never raised: the row
    waits and the sweep sends it later."""
    from config.celery import app  # the app imports every app's tasks: looked up when sent

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return False
    Job.objects.filter(pk=job.pk).update(sends=F("sends") + 1)
    try:
        with _in_schema(job.schema_name):
            kwargs = {"language": job.language} if job.language else {}
            app.tasks[job.task].apply_async(args=[job.object_id], kwargs=kwargs, retry_policy=PUBLISH_RETRY)
    except Exception as exc:  # noqa: BLE001 - kombu, redis and socket errors alike: the sweep sends again
        log.warning("job %s could not be sent (%s): it waits for the sweep", job, exc)
        send_failed.set(True)
        Job.objects.filter(pk=job.pk).update(send_error=f"{exc.__class__.__name__}: {exc}"[:300])
        return False
    Job.objects.filter(pk=job.pk).update(sent_at=timezone.now(), send_error="")
    return True


def _in_schema(schema_name: str):
    """The schema's own tenant (a kommun, or the consortium's public one): the task runs there."""
    tenant = get_tenant_model().objects.filter(schema_name=schema_name).first()
    return tenant_context(tenant) if tenant is not None else schema_context(schema_name)


def _seconds(name: str) -> timedelta:
    return timedelta(seconds=float(getattr(settings, name)))


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class _Heartbeat(threading.Thread):
    """Beats for the claimed job while the task runs; a worker killed stops beating, and the sweep sees it."""

    def __init__(self, job_id: int, token: str):
        super().__init__(name=f"job-heartbeat-{job_id}", daemon=True)
        self.job_id, self.token, self.stopped = job_id, token, threading.Event()

    def run(self) -> None:
        interval = float(settings.JOBS_HEARTBEAT_SECONDS)
        try:
            while not self.stopped.wait(interval):
                Job.objects.filter(pk=self.job_id, token=self.token).update(heartbeat_at=timezone.now())
        except Exception:  # noqa: BLE001 - a lost beat makes the job look stale at worst; the claim still holds
            log.exception("heartbeat of job %s failed", self.job_id)
        finally:
            connections.close_all()  # this thread's own connection


@contextmanager
def job_claim(*, task_name: str, object_id: int) -> Iterator[Job | None]:
    """Claim the job before working on it; yields None when it is not this worker's to do (already done,
    or another worker that still beats has it). Done when the block ends; waiting again if it raises (the
    task's own retry, or the sweep, sends it again)."""
    now, token = timezone.now(), uuid.uuid4().hex
    stale = now - _seconds("JOBS_STALE_AFTER_SECONDS")
    key = {"schema_name": connection.schema_name, "task": task_name, "object_id": object_id}
    Job.objects.get_or_create(**key)  # a task sent by hand (a command, an old message) has a key too
    reason = job_refusal(schema_name=key["schema_name"], task_name=task_name)
    if reason is not None:  # nothing is written to a departed kommun's schema: its job ends here, saying why
        _refuse(job_filter=Q(**key), reason=reason)
        yield None
        return
    claimable = Q(state=Job.State.PENDING) | Q(state=Job.State.RUNNING, heartbeat_at__lt=stale)
    claimed = Job.objects.filter(claimable, **key).update(
        state=Job.State.RUNNING, token=token, worker=_worker_name(), started_at=now, heartbeat_at=now,
        runs=F("runs") + 1,
    )  # fmt: skip
    if not claimed:
        log.info("job %s(%s) in %s is done or has a worker: nothing to do", task_name, object_id, key["schema_name"])
        yield None
        return
    job = Job.objects.get(**key)
    beat = _Heartbeat(job.pk, token)
    beat.start()
    try:
        yield job
    except BaseException:
        Job.objects.filter(pk=job.pk, token=token).update(
            state=Job.State.PENDING, token="", heartbeat_at=None, sent_at=timezone.now()
        )
        raise
    else:
        Job.objects.filter(pk=job.pk, token=token).update(state=Job.State.DONE, finished_at=timezone.now())
    finally:
        beat.stopped.set()
        beat.join()


def job_give_up(*, job: Job) -> None:
    """After the last try: the job ends, and its own row says it failed (where it has a way to say so)."""
    Job.objects.filter(pk=job.pk).update(state=Job.State.GAVE_UP, finished_at=timezone.now())
    log.error("job %s gave up after %s sends", job, job.sends)
    hook = _give_up_hooks.get(job.task)
    if hook is not None:
        with _in_schema(job.schema_name):
            hook(job.object_id)


def jobs_due(now=None) -> list[Job]:
    """Jobs to send again: saved but not sent (after JOBS_SEND_DELAY_SECONDS), sent but never started
    (after JOBS_RESEND_AFTER_SECONDS), or running with a worker that stopped beating."""
    now = now or timezone.now()
    never_sent = Q(
        state=Job.State.PENDING, sent_at__isnull=True, created_at__lte=now - _seconds("JOBS_SEND_DELAY_SECONDS")
    )
    not_started = Q(state=Job.State.PENDING, sent_at__lte=now - _seconds("JOBS_RESEND_AFTER_SECONDS"))
    vanished = Q(state=Job.State.RUNNING, heartbeat_at__lt=now - _seconds("JOBS_STALE_AFTER_SECONDS"))
    return list(Job.objects.filter(never_sent | not_started | vanished).order_by("created_at")[:500])


def jobs_sweep() -> int:
    """Send again every job that waits too long, within JOBS_MAX_SENDS tries; returns how many were sent."""
    from config.celery import app

    app.loader.import_default_modules()  # every app's tasks module, so their give-up hooks are registered
    sent = 0
    for job in jobs_due():
        reason = job_refusal(schema_name=job.schema_name, task_name=job.task)
        if reason is not None:  # never sent again into a departed kommun's schema, nor given up there (hooks write)
            _refuse(job_filter=Q(pk=job.pk), reason=reason)
            continue
        if job.sends >= int(settings.JOBS_MAX_SENDS):
            job_give_up(job=job)
            continue
        sent += job_send(job_id=job.pk)
    return sent
