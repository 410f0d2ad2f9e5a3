"""Importing a kommun's inventory: check (preview, nothing saved) and commit (all or nothing).

The web import runs as an ImportJob in Celery (tasks.import_check / tasks.import_commit);
the command line (systems_import) calls import_inventory directly. Both use the same change-set.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation

from jobs.faults import checkpoint
from jobs.services import job_enqueue
from onboarding import rules
from onboarding.completeness import completeness
from onboarding.inventory.reader import MSG_TOO_BIG, FileRefused, Problem, max_bytes, read_inventory
from onboarding.messages import MSG_NOT_ALLOWED
from onboarding.models import ImportJob, InformationType, System
from onboarding.portfolio.models import PortfolioEntry
from onboarding.portfolio.services import product_resolve
from onboarding.services.changeset import ChangeSet, build_changeset, system_data
from tenants import stored_files
from tenants.audit import audit_record
from tenants.models import AuditEvent, User

from .portfolio_index import index_upsert, index_values
from .systems import information_types_set, system_update


@dataclass
class ImportResult:
    problems: list[Problem]
    summary: dict
    saved: bool


def check_inventory(data: bytes, filename: str, *, actor: User | None, progress=None) -> ChangeSet:
    """Read and check a file against the kommun's systems. Saves nothing."""
    try:
        sheet = read_inventory(data, filename)
    except FileRefused as exc:
        return ChangeSet(problems=[exc.problem])
    return build_changeset(sheet, actor=actor, kommun=connection.tenant, progress=progress)


class ImportRefused(Exception):
    """A row passed the sheet checks but not the model's: nothing is saved, the problems are reported."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _clean(obj, row: int, problems: list[Problem], **kwargs) -> None:
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False, **kwargs)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            label = str(obj._meta.get_field(field).verbose_name) if field != "__all__" else ""
            problems.extend(Problem(row, label, message) for message in messages)


def _create_new(new_changes: list, *, actor: User | None) -> None:
    """Insert new systems in bulk: a 2,000-row inventory is one import, not 40,000 statements.

    Same checks (full_clean) and the same index rows and audit events as system_create would write.
    """
    problems: list[Problem] = []
    systems, infos = [], []
    for change in new_changes:
        system = System(**system_data(change, change.product.pk if change.product else None))
        _clean(system, change.first_row, problems)
        systems.append(system)
        for row in change.info_rows:
            info = InformationType(system=system, **row)
            _clean(
                info,
                change.info_row_numbers.get(row["name"].casefold(), change.first_row),
                problems,
                exclude=["system"],
            )
            infos.append(info)
    if problems:
        raise ImportRefused(problems)
    System.objects.bulk_create(systems, batch_size=500)
    for info in infos:
        info.system_id = info.system.pk
    InformationType.objects.bulk_create(infos, batch_size=1000)
    by_system: dict[int, list] = {}
    for info in infos:
        by_system.setdefault(info.system_id, []).append(info)
    kommun = connection.tenant
    entries, events = [], []
    for system in systems:
        its = by_system.get(system.pk, [])
        entries.append(
            PortfolioEntry(
                kommun=kommun, system_id=system.pk, **index_values(system, its, completeness(system, its).done)
            )
        )
        # The same event audit_record writes for system_create, batched.
        events.append(
            AuditEvent(
                actor=actor,
                actor_email=actor.email if actor else "",
                action="onboarding.system.create",
                object_type=System._meta.label_lower,
                object_id=str(system.pk),
                object_repr=str(system)[:200],
                kommun=kommun,
                details={"name": system.name, "via": "import", "information_types": [it.name for it in its]},
            )
        )
    PortfolioEntry.objects.bulk_create(entries, batch_size=1000)
    AuditEvent.objects.bulk_create(events, batch_size=1000)


@transaction.atomic
def apply_changeset(changeset: ChangeSet, *, actor: User | None, progress=None) -> dict:
    """Create and update the changed systems in one transaction (the caller re-checked the change-set)."""
    for change in changeset.systems:
        if change.action != "unchanged" and change.product is None and change.has_product:
            change.product = product_resolve(
                name=change.values["product_name"], vendor=change.values["vendor"], confirm_new=True, actor=actor
            )
    if progress:
        progress(0)
    new = [p for p in changeset.systems if p.action == "new"]
    _create_new(new, actor=actor)
    if progress and new:
        progress(len(new))
    updates = [p for p in changeset.systems if p.action == "update"]
    for index, change in enumerate(updates):
        if progress and index % 50 == 0:
            progress(len(changeset.systems) - len(updates) + index)
        data = system_data(change, change.product.pk if change.product else None)
        system = change.existing
        system_update(system=system, data=data, actor=actor, via="import", index=False)
        information_types_set(system=system, rows=change.info_rows, actor=actor, via="import", index=False)
        index_upsert(system)
    return changeset.summary()


def import_inventory(data: bytes, filename: str, *, actor: User | None, dry_run: bool = False) -> ImportResult:
    """Check, then (unless dry_run or refused) import, all or nothing. For the command line."""
    if actor is not None and not rules.can_import(actor, connection.tenant):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    with transaction.atomic():
        changeset = check_inventory(data, filename, actor=actor)
        if changeset.problems or dry_run:
            return ImportResult(changeset.problems, changeset.summary(), saved=False)
        try:
            summary = apply_changeset(changeset, actor=actor)
        except ImportRefused as exc:
            transaction.set_rollback(True)
            return ImportResult(exc.problems, changeset.summary(), saved=False)
        audit_record(actor=actor, action="onboarding.import", details={"file": filename, **summary})
    return ImportResult([], summary, saved=True)


# --- the web import as a job ---------------------------------------------------------------------------


def progress_key(job: ImportJob) -> str:
    return f"onboarding:import:{job.pk}:progress"


@transaction.atomic
def import_job_create(*, upload, actor: User) -> ImportJob:
    """Store an uploaded file (per kommun) and check it in Celery. Nothing is imported yet."""
    if not rules.can_import(actor, connection.tenant):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    job = ImportJob(original_name=(upload.name or "fil")[:200], created_by=actor)
    if upload.size > max_bytes():
        # Refused at once: the file is not kept.
        job.state = ImportJob.State.REFUSED
        message = MSG_TOO_BIG % {"size": round(upload.size / 1048576, 1), "limit": max_bytes() // 1048576}
        job.problems = [Problem(None, "", str(message)).as_dict()]
        job.finished_at = timezone.now()
        job.save()
        return job
    stored_files.store(job.file, job.original_name, ContentFile(upload.read()))
    job.save()
    audit_record(actor=actor, action="onboarding.import.upload", obj=job, details={"file": job.original_name})
    # onboarding.tasks imports this module: the task is looked up when sent, not at import.
    from onboarding.tasks import import_check

    # The problems are written in the language of the person who uploaded.
    job_enqueue(task=import_check, object_id=job.pk, language=translation.get_language() or "")
    return job


def _read(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def import_job_check(*, job: ImportJob) -> ImportJob:
    """Check the job's file and store the preview (problems by row and column, counts). Saves no systems."""

    def progress(done: int, total: int) -> None:
        job.processed_rows, job.total_rows = done, total
        job.save(update_fields=["processed_rows", "total_rows"])

    data = _read(job)
    changeset = check_inventory(data, job.original_name, actor=job.created_by, progress=progress)
    job.total_rows = changeset.rows
    job.processed_rows = changeset.rows
    job.problems = [p.as_dict() for p in changeset.problems]
    job.summary = changeset.summary()
    job.state = ImportJob.State.REFUSED if changeset.problems else ImportJob.State.PREVIEW
    job.finished_at = timezone.now() if changeset.problems else None
    job.save(update_fields=["total_rows", "processed_rows", "problems", "summary", "state", "finished_at"])
    return job


@transaction.atomic
def import_job_start(*, job: ImportJob, actor: User) -> ImportJob:
    """The user confirmed the preview: import in Celery."""
    if not rules.can_import(actor, connection.tenant):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.state != ImportJob.State.PREVIEW:
        return job
    job.state = ImportJob.State.IMPORTING
    job.processed_rows = 0
    job.save(update_fields=["state", "processed_rows"])
    # onboarding.tasks imports this module: the task is looked up when sent, not at import.
    from onboarding.tasks import import_commit

    job_enqueue(task=import_commit, object_id=job.pk, language=translation.get_language() or "")
    return job


def import_job_commit(*, job: ImportJob) -> ImportJob:
    """Import the job's file, all or nothing. The file is checked again: the kommun's data may have changed."""
    actor = job.created_by
    total = max(job.summary.get("systems", 0), 1)

    def progress(done: int) -> None:
        # Inside the import's transaction a row update is invisible to the page: the cache is not.
        cache.set(progress_key(job), int(100 * done / total), 3600)
        if done * 2 >= total:
            checkpoint("import")  # a fault test kills the worker here, half-way through the transaction

    data = _read(job)
    with transaction.atomic():
        changeset = check_inventory(data, job.original_name, actor=actor)
        try:
            if changeset.problems:
                raise ImportRefused(changeset.problems)
            with transaction.atomic():
                job.summary = apply_changeset(changeset, actor=actor, progress=progress)
        except ImportRefused as exc:
            job.state = ImportJob.State.REFUSED
            job.problems = [p.as_dict() for p in exc.problems]
        else:
            job.state = ImportJob.State.DONE
            job.processed_rows = job.total_rows
            audit_record(
                actor=actor, action="onboarding.import", obj=job, details={"file": job.original_name, **job.summary}
            )
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "problems", "summary", "processed_rows", "finished_at"])
    cache.delete(progress_key(job))
    return job


def import_job_percent(job: ImportJob) -> int:
    if job.state == ImportJob.State.IMPORTING:
        return cache.get(progress_key(job), 0)
    if job.state == ImportJob.State.CHECKING:
        return job.percent
    return 100
