"""Every write about reports: asking for one, rendering and storing it, marking it failed. Audited.

Storing is crash-safe: the PDF is written to a temporary name and fsynced, then renamed to its final
name and the row marked done in one transaction. A worker that dies before that leaves the row
unfinished (the task is retried) and no file at the final name.
"""

import hashlib
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from jobs.faults import checkpoint
from jobs.services import job_enqueue
from tenants import access, stored_files
from tenants.audit import audit_record
from tenants.models import Kommun, Membership, Role, User

# `tasks` imports this module back: both bind the module object only, so either may be imported first.
from . import rendering, selectors, tasks
from .documents import decided_plan, issued_statement, newsletter_issue
from .messages import (
    MSG_ISSUE_UNKNOWN,
    MSG_KOMMUN_REQUIRED,
    MSG_NOT_ALLOWED,
    MSG_PLAN_UNKNOWN,
    MSG_STATEMENT_UNKNOWN,
)
from .models import IssuedReport, ReportKind, ReportStatus

logger = logging.getLogger(__name__)


def can_request(user: User | None, kind: str, kommun: Kommun | None) -> bool:
    """Consortium and plan reports: the förvaltning and ledning. A kommun report: anyone who reads the
    kommun. A statement PDF: the förvaltning, and the people of the statement's kommun. A newsletter
    issue: the förvaltning (who publishes it)."""
    if user is None:
        return False
    role = access.consortium_role(user)
    if kind in (ReportKind.CONSORTIUM, ReportKind.PLAN):
        return role is not None
    if kind == ReportKind.NEWSLETTER:
        return role == Role.FORVALTNING
    if kommun is None or kommun.is_consortium:
        return False
    if kind == ReportKind.STATEMENT:
        return role == Role.FORVALTNING or access.kommun_role(user, kommun) is not None
    return access.can_read_kommun(user, kommun)


def _subject_of(kind: str, kommun: Kommun | None, parameters: dict) -> Kommun | None:
    """The kommun whose data the report shows (access follows it); validated parameters."""
    if kind == ReportKind.KOMMUN:
        if kommun is None or kommun.is_consortium:
            raise ValidationError({"kommun": MSG_KOMMUN_REQUIRED})
        return kommun
    if kind == ReportKind.STATEMENT:
        statement = issued_statement(parameters.get("statement_id"))
        if statement is None:
            raise ValidationError(MSG_STATEMENT_UNKNOWN)
        return statement.kommun
    if kind == ReportKind.PLAN:
        if decided_plan(parameters.get("plan_id")) is None:
            raise ValidationError(MSG_PLAN_UNKNOWN)
    if kind == ReportKind.NEWSLETTER:
        if newsletter_issue(parameters.get("issue_id")) is None:
            raise ValidationError(MSG_ISSUE_UNKNOWN)
    return None


@transaction.atomic
def report_request(
    *,
    kind: str,
    kommun: Kommun | None = None,
    parameters: dict | None = None,
    actor: User | None,
    scheduled: bool = False,
) -> IssuedReport:
    """Ask for a report: the row is made now, a worker renders it once this transaction commits."""
    parameters = dict(parameters or {})
    subject = _subject_of(kind, kommun, parameters)
    if not scheduled and not can_request(actor, kind, subject):
        raise ValidationError(MSG_NOT_ALLOWED, code="not_allowed")
    report = IssuedReport(kind=kind, kommun=subject, parameters=parameters, requested_by=actor, scheduled=scheduled)
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="reports.report.request",
        obj=report,
        kommun=subject,
        details={"kind": kind, "parameters": parameters, "scheduled": scheduled},
    )
    job_enqueue(task=tasks.render_report_task, object_id=report.pk)
    return report


def _set_progress(report_id: int, progress: int, step: str, **fields) -> None:
    # Committed at once (outside any transaction) so the page polling the status sees it.
    IssuedReport.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
        progress=progress, step=step, **fields
    )


def _paths(report: IssuedReport) -> tuple[Path, Path]:
    root = Path(settings.REPORTS_ROOT)
    final = root / f"{report.requested_at:%Y}" / f"{report.pk}-{report.kind}.pdf"
    temp = root / "tmp" / f"{report.pk}-{uuid.uuid4().hex}.part"
    return final, temp


def _clean_stale_temp(report_id: int) -> None:
    """A worker killed mid-write leaves a .part file: the retry removes it."""
    for stale in (Path(settings.REPORTS_ROOT) / "tmp").glob(f"{report_id}-*.part"):
        stale.unlink(missing_ok=True)


def _write_durably(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    half = len(data) // 2
    with open(path, "wb") as handle:
        handle.write(data[:half])
        handle.flush()
        checkpoint("report")  # a fault test kills the worker here: half a .part file, which the retry removes
        handle.write(data[half:])
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def report_render(*, report_id: int) -> IssuedReport:
    """Gather the data, render the PDF and store it (the worker's job). Does nothing to a finished report.

    Not one transaction as a whole: the progress must be visible while it runs. The last step
    (rename + mark done + audit) is one transaction.
    """
    report = IssuedReport.objects.select_related("kommun").get(pk=report_id)
    if report.is_finished:
        return report
    _clean_stale_temp(report_id)
    _set_progress(
        report_id,
        5,
        "Hämtar uppgifter",
        status=ReportStatus.RUNNING,
        started_at=timezone.now(),
        attempts=report.attempts + 1,
    )
    started = time.perf_counter()
    data = selectors.gather(kind=report.kind, kommun=report.kommun, parameters=report.parameters)
    gathered = time.perf_counter()
    _set_progress(report_id, 35, "Ritar sidorna")
    rendered = rendering.render_pdf(data)
    done_rendering = time.perf_counter()
    _set_progress(report_id, 85, "Sparar")
    final, temp = _paths(report)
    _write_durably(temp, rendered.pdf)
    renamed = False
    try:
        with transaction.atomic():
            locked = IssuedReport.objects.select_for_update().get(pk=report_id)
            if locked.is_finished:
                temp.unlink(missing_ok=True)
                return locked
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, final)
            renamed = True
            stored_files.remove_on_rollback(final)
            _fsync_dir(final.parent)
            locked.status = ReportStatus.DONE
            locked.progress = 100
            locked.step = ""
            locked.error = ""
            locked.finished_at = timezone.now()
            locked.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
            locked.size = len(rendered.pdf)
            locked.page_count = rendered.pages
            locked.file_path = str(final.relative_to(Path(settings.REPORTS_ROOT)))
            locked.data_as_of = data.data_as_of
            locked.figures = data.figures
            locked.full_clean()
            locked.save()
            audit_record(
                actor=locked.requested_by,
                action="reports.report.issue",
                obj=locked,
                kommun=locked.kommun,
                details={
                    "sha256": locked.sha256,
                    "pages": locked.page_count,
                    "size": locked.size,
                    "gather_s": round(gathered - started, 3),
                    "render_s": round(done_rendering - gathered, 3),
                },
            )
            transaction.on_commit(lambda: notify_ready(report_id=report_id))
    except BaseException:
        temp.unlink(missing_ok=True)
        if renamed:
            final.unlink(missing_ok=True)
        raise
    logger.info(
        "report %s: gather %.2fs, render %.2fs, %s pages",
        report_id,
        gathered - started,
        done_rendering - gathered,
        rendered.pages,
    )
    return locked


@transaction.atomic
def report_mark_failed(*, report_id: int, error: str) -> None:
    """After the last retry: the page stops polling and says it failed (the row keeps no file)."""
    report = IssuedReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.is_finished:
        return
    report.status = ReportStatus.FAILED
    report.error = error[:300]
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at"])
    audit_record(
        actor=None, action="reports.report.fail", obj=report, kommun=report.kommun, details={"error": error[:300]}
    )


def report_path(report: IssuedReport) -> Path:
    return Path(settings.REPORTS_ROOT) / report.file_path


def recipients(report: IssuedReport) -> list[tuple[str, Kommun]]:
    """Who is told that the report is ready, with the site their link leads to. The person who asked;
    for a scheduled report, its readers: ledning and förvaltning, or the kommun's arkivarier."""
    consortium = Kommun.objects.consortium()
    if report.requested_by is not None:
        user = report.requested_by
        site = consortium if report.kommun is None or access.consortium_role(user) else report.kommun
        return [(user.email, site)]
    if report.kommun is None:
        roles, kommun = (Role.FORVALTNING, Role.LEDNING), consortium
    else:
        roles, kommun = (Role.ARKIVARIE,), report.kommun
    emails = Membership.objects.filter(kommun=kommun, role__in=roles, user__is_active=True).values_list(
        "user__email", flat=True
    )
    return [(email, kommun) for email in sorted(emails)]


def notify_ready(*, report_id: int) -> None:
    """The e-mail that the report is ready, with a link to it (the link checks access again)."""
    report = IssuedReport.objects.select_related("kommun", "requested_by").get(pk=report_id)
    title = report.get_kind_display() + (f" – {report.kommun.name}" if report.kommun_id else "")
    for email, site in recipients(report):
        link = site.url(f"/rapporter/{report.pk}/")
        body = (
            f"Rapporten {title} är klar ({report.page_count} sidor).\n\n"
            f"Öppna och ladda ner den här:\n{link}\n\n"
            "Du behöver logga in. Rapporten kan bara hämtas av den som har rätt att läsa den.\n"
        )
        send_mail(f"Rapporten är klar: {title}", body, None, [email])
