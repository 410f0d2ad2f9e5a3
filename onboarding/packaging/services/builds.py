"""The writes about package builds: ask for one (the export is stored, a worker builds it), run it with
progress, and hand the package on as the connection's test delivery. Each is audited."""

import logging
import os
import shutil
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from jobs.faults import checkpoint
from onboarding.deliveries import rules
from onboarding.deliveries.models import Connection, Delivery
from onboarding.deliveries.services import delivery_from_path
from onboarding.deliveries.services._common import actor_name, current_kommun, send_on_commit
from onboarding.deliveries_index.phases import Phase
from onboarding.packaging import messages as msg
from onboarding.packaging.models import PackageBuild
from tenants import stored_files
from tenants.audit import audit_record
from tenants.models import User

from .export import EXPORT_SUFFIXES, ExportLimits, ExportRefused
from .metadata import check_types, checked_metadata, latest_agreement
from .writer import PackageMetadata, build_package, remove_parts

log = logging.getLogger(__name__)


def export_limits() -> ExportLimits:
    """The package becomes a delivery: it may hold no more than a delivery may (DELIVERY_MAX_BYTES)."""
    return ExportLimits(max_bytes=settings.DELIVERY_MAX_BYTES)


def _folder(build: PackageBuild) -> str:
    return f"packaging/{build.connection_id}/{build.uuid}"


def _store_export(build: PackageBuild, files: list) -> tuple[str, str]:
    """Move the uploads (already on disk, Django streams them) into the kommun's storage; (path, name shown)."""
    base = Path(default_storage.path(_folder(build)))
    base.mkdir(parents=True, exist_ok=True)
    if len(files) == 1 and files[0].name.lower().endswith(EXPORT_SUFFIXES):
        name = os.path.basename(files[0].name)
        ext = ".tar.gz" if name.lower().endswith(".tar.gz") else os.path.splitext(name)[1].lower()
        target = base / f"export{ext}"
        _save(files[0], target)
        return str(target), name
    folder = base / "export"
    folder.mkdir()
    seen: dict[str, str] = {}
    for upload in files:
        name = os.path.basename(upload.name)
        if name.casefold() in seen:
            raise ValidationError(msg.MSG_NAME_CLASH, params={"name": name, "other": seen[name.casefold()]})
        seen[name.casefold()] = name
        _save(upload, folder / name)
    shown = files[0].name if len(files) == 1 else f"{len(files)} filer"
    return str(folder), shown


def _save(upload, target: Path) -> None:
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        shutil.move(temporary(), target)  # a rename: the upload is not read again
        return
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def _remove_folder_on_rollback(build: PackageBuild) -> None:
    folder = Path(default_storage.path(_folder(build)))
    stored_files.remove_on_rollback(folder)


@transaction.atomic
def package_build_request(
    *,
    connection: Connection,
    files: list,
    information_types: list[str],
    metadata: PackageMetadata,
    actor: User,
) -> PackageBuild:
    """Store the export and queue its build on the connection's approved agreement (FGS 2.0)."""
    if not rules.can_deliver(actor, current_kommun()):
        raise PermissionDenied(msg.MSG_NOT_ALLOWED)
    agreement = latest_agreement(connection)
    if not files:
        raise ValidationError({"files": ValidationError(msg.MSG_NO_FILES)})
    meta = checked_metadata(replace(metadata, information_types=check_types(agreement, information_types)))
    build = PackageBuild(
        connection=connection,
        agreement=agreement,
        metadata=meta.as_dict(),
        created_by_name=actor_name(actor),
        progress_label=str(msg.LABEL_QUEUED),
    )
    _remove_folder_on_rollback(build)
    build.export_path, build.export_name = _store_export(build, files)
    build.export_name = build.export_name[:255]
    build.full_clean()
    build.save()
    audit_record(
        actor=actor,
        action="packaging.build.request",
        obj=build,
        details={"connection": connection.pk, "agreement": agreement.version, "export": build.export_name},
    )
    from onboarding.packaging.tasks import build_package_task

    send_on_commit(build_package_task, build.pk)
    return build


def _set_progress(build_id: int, fraction: float, label: str) -> None:
    """Outside any transaction, so the page sees it at once."""
    PackageBuild.objects.filter(pk=build_id).update(progress=fraction, progress_label=label[:100])
    if label == str(msg.LABEL_METADATA):
        checkpoint("package_build")  # a fault test kills the worker here: the data written, the metadata not


def _metadata_of(build: PackageBuild) -> PackageMetadata:
    data = dict(build.metadata)
    data.pop("created", None)
    return PackageMetadata(**data, created=timezone.now())


def package_build_run(*, build_id: int) -> PackageBuild | None:
    """Build a queued package (in a worker), reporting progress; done, refused (with the reasons) or failed.

    Not one transaction: progress is written as it goes, the outcome at the end. The export is removed
    whatever the outcome; a package is only ever there complete.
    """
    # The job row (jobs.services.job_claim) makes this worker the only one: a build left running by a worker
    # that vanished is built again from the start.
    claimed = PackageBuild.objects.filter(
        pk=build_id, state__in=[PackageBuild.State.QUEUED, PackageBuild.State.RUNNING]
    ).update(state=PackageBuild.State.RUNNING)
    build = PackageBuild.objects.filter(pk=build_id).first()
    if not claimed or build is None:
        return build
    package = Path(default_storage.path(_folder(build))) / build.download_name
    remove_parts(package)  # the half package of a worker that vanished (this build's folder is its own)
    fields = ["state", "progress", "progress_label", "finished_at"]
    try:
        result = build_package(
            build.export_path,
            package,
            _metadata_of(build),
            export_limits(),
            progress=lambda f, label: _set_progress(build.pk, f, label),
        )
    except ExportRefused as exc:
        build.state, build.reasons = PackageBuild.State.REFUSED, exc.reasons
        fields.append("reasons")
    except Exception:  # noqa: BLE001 - the person sees "failed"; the log has the cause
        log.exception("package build %s failed", build.pk)
        build.state = PackageBuild.State.FAILED
    else:
        build.state, build.package_path = PackageBuild.State.DONE, str(result.path)
        build.size, build.file_count, build.content_bytes = result.size, result.files, result.content_bytes
        fields += ["package_path", "size", "file_count", "content_bytes"]
    _remove_export(build)
    build.progress, build.progress_label, build.finished_at = 1.0, str(msg.LABEL_DONE), timezone.now()
    with transaction.atomic():
        build.save(update_fields=fields)
        audit_record(
            actor=None,
            action="packaging.build.finish",
            obj=build,
            details={"state": build.state, "files": build.file_count, "bytes": build.content_bytes},
        )
    return build


def package_build_gave_up(*, build_id: int) -> None:
    """The build never got a worker (the sweep gave up): it failed, and the page stops waiting."""
    with transaction.atomic():
        updated = PackageBuild.objects.filter(
            pk=build_id, state__in=[PackageBuild.State.QUEUED, PackageBuild.State.RUNNING]
        ).update(state=PackageBuild.State.FAILED, finished_at=timezone.now())
        if updated:
            audit_record(actor=None, action="packaging.build.gave_up", obj=PackageBuild.objects.get(pk=build_id))


def _remove_export(build: PackageBuild) -> None:
    path = Path(build.export_path)
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@transaction.atomic
def package_build_deliver(*, build: PackageBuild, actor: User) -> Delivery:
    """Hand the built package on as the connection's test delivery (validated like any other)."""
    if not rules.can_deliver(actor, current_kommun()):
        raise PermissionDenied(msg.MSG_NOT_ALLOWED)
    build = PackageBuild.objects.select_for_update().select_related("connection").get(pk=build.pk)
    if build.state != PackageBuild.State.DONE:
        raise ValidationError(msg.MSG_NOT_BUILT)
    if build.delivery_id:
        raise ValidationError(msg.MSG_ALREADY_DELIVERED)
    if build.connection.phase != Phase.TEST_DELIVERY:
        raise ValidationError(msg.MSG_NOT_TEST_PHASE, params={"phase": build.connection.get_phase_display()})
    # A second name for the same file (a hard link): the delivery takes it over, the download stays.
    package = Path(build.package_path)
    link = package.with_name(f"leverans-{build.download_name}")
    os.link(package, link)
    stored_files.remove_on_rollback(link)
    delivery = delivery_from_path(
        connection=build.connection, path=link, actor=actor, source=Delivery.Source.UPLOAD, name=build.download_name
    )
    build.delivery = delivery
    build.save(update_fields=["delivery"])
    audit_record(actor=actor, action="packaging.build.deliver", obj=build, details={"delivery": delivery.pk})
    return delivery
