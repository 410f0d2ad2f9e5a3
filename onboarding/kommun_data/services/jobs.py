"""Export jobs: ordered by a person (or by a departure), run by Celery with progress, downloaded when ready."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobs.services import job_enqueue
from tenants.audit import audit_record
from tenants.models import Kommun, User

from ..messages import MSG_EXPORT_RUNNING
from ..models import KommunExport
from .export import kommun_export_write

log = logging.getLogger(__name__)


def export_dir(kommun: Kommun) -> Path:
    return Path(settings.KOMMUN_EXPORT_DIR) / kommun.subdomain


@transaction.atomic
def kommun_export_request(
    *, kommun: Kommun, with_packages: bool, actor: User | None, kept: bool = False
) -> KommunExport:
    """Queue an export of the kommun's data; the Celery task starts when this transaction commits."""
    Kommun.objects.select_for_update().filter(pk=kommun.pk).first()  # one request at a time per kommun
    running = KommunExport.objects.filter(
        kommun=kommun, state__in=[KommunExport.State.QUEUED, KommunExport.State.RUNNING]
    )
    if not kept and running.exists():
        raise ValidationError(MSG_EXPORT_RUNNING, code="running")
    export = KommunExport(
        kommun=kommun,
        with_packages=with_packages,
        kept=kept,
        created_by=actor if actor is not None and actor.pk else None,
        created_by_name=actor.get_full_name() if actor is not None and actor.pk else "",
    )
    export.full_clean()
    export.save()
    audit_record(actor=actor, action="kommun_data.export_requested", obj=export, kommun=kommun,
                 details={"with_packages": with_packages, "kept": kept})  # fmt: skip
    _enqueue(export.pk)
    return export


def _enqueue(export_id: int) -> None:
    """A job row (jobs): sent when this transaction commits, sent again by beat's sweep when the broker was
    down or the worker vanished."""
    from ..tasks import kommun_export_task  # the task module imports this one

    job_enqueue(task=kommun_export_task, object_id=export_id)


def kommun_export_run(*, export_id: int, resume: bool = False) -> KommunExport | None:
    """Write a queued export. A second delivery of the same task finds it no longer queued and does nothing;
    `resume` (the job claimed again after its worker vanished) writes a running one again from the start."""
    states = [KommunExport.State.QUEUED, KommunExport.State.RUNNING] if resume else [KommunExport.State.QUEUED]
    claimed = KommunExport.objects.filter(pk=export_id, state__in=states).update(
        state=KommunExport.State.RUNNING, progress_label=""
    )
    export = KommunExport.objects.select_related("kommun").filter(pk=export_id).first()
    if not claimed or export is None:
        return export
    folder = export_dir(export.kommun)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{export.uuid}.zip"

    def progress(fraction: float, label: str) -> None:
        KommunExport.objects.filter(pk=export_id).update(progress=fraction, progress_label=label[:100])

    try:
        result = kommun_export_write(kommun=export.kommun, path=target, with_packages=export.with_packages,
                                     progress=progress)  # fmt: skip
    except Exception:
        log.exception("export %s of %s failed", export_id, export.kommun.subdomain)
        KommunExport.objects.filter(pk=export_id).update(state=KommunExport.State.FAILED, finished_at=timezone.now())
        raise
    KommunExport.objects.filter(pk=export_id).update(
        state=KommunExport.State.DONE, progress=1, path=str(result.path), size=result.size,
        manifest_sha256=result.manifest_sha256, row_count=result.rows, file_count=result.files,
        finished_at=timezone.now(),
    )  # fmt: skip
    export.refresh_from_db()
    return export
