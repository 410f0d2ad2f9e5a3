"""Creating, editing, submitting and reviewing a kommun's systems. Each write is audited and indexed.

Run inside the kommun's schema (a request on its host, or tenant_context). `actor=None` is the
command line (systems_import, seed_demo): it is trusted like an arkivarie. `index=False` is only for
a caller that writes the portfolio index row itself, later in the same transaction (the import).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from onboarding import rules
from onboarding.completeness import completeness
from onboarding.inventory.choices import SystemStatus
from onboarding.messages import (
    MSG_COMMENT_REQUIRED,
    MSG_NOT_ALLOWED,
    MSG_NOT_COMPLETE,
    MSG_SYSTEM_EXISTS,
    MSG_SYSTEM_HAS_CONNECTION,
    MSG_WRONG_STATUS,
)
from onboarding.models import CompletionRequest, InformationType, System
from onboarding.selectors import system_has_connection
from tenants.audit import audit_record
from tenants.models import User

from .portfolio_index import index_delete, index_upsert

SYSTEM_FIELDS = [
    "name",
    "product_id",
    "version",
    "records_creator",
    "purpose",
    "owner_name",
    "owner_email",
    "owner_phone",
    "manager_name",
    "manager_email",
    "manager_phone",
    "administrator_name",
    "administrator_email",
    "administrator_phone",
    "personal_data",
    "sensitive_personal_data",
    "confidentiality",
    "integrity",
    "availability",
    "decommission_date",
    "export_capability",
    "vendor_asked",
]
INFO_FIELDS = [
    "retention",
    "retention_years",
    "retention_decision",
    "period_from",
    "period_to",
    "volume_gb",
    "record_count",
]


def _kommun():
    return connection.tenant


def _check(allowed: bool, actor: User | None) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied(MSG_NOT_ALLOWED)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (None if old is None else Decimal(old)) == (None if new is None else Decimal(new))
    return old == new


def _check_unique(system: System) -> None:
    clash = System.objects.filter(name__iexact=system.name.strip(), product_id=system.product_id)
    if system.pk:
        clash = clash.exclude(pk=system.pk)
    if clash.exists():
        raise ValidationError({"name": ValidationError(MSG_SYSTEM_EXISTS)})


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(SYSTEM_FIELDS)
    if unknown:
        raise TypeError(f"not system fields: {sorted(unknown)}")
    return {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}


@transaction.atomic
def system_create(*, data: dict[str, Any], actor: User | None, via: str = "form", index: bool = True) -> System:
    """Register a new system as a draft (utkast)."""
    _check(rules.can_create(actor, _kommun()) if actor else True, actor)
    system = System(**_clean_data(data))
    system.full_clean(validate_constraints=False)
    _check_unique(system)
    system.save()
    if index:
        index_upsert(system, [])
    audit_record(actor=actor, action="onboarding.system.create", obj=system, details={"name": system.name, "via": via})
    return system


@transaction.atomic
def system_update(
    *, system: System, data: dict[str, Any], actor: User | None, via: str = "form", index: bool = True
) -> bool:
    """Change a system's facts. Returns whether anything changed (nothing is saved or audited otherwise)."""
    _check(rules.can_edit(actor, _kommun(), system) if actor else True, actor)
    changes = {}
    for field, value in _clean_data(data).items():
        old = getattr(system, field)
        if not _same(old, value):
            changes[field] = [_jsonable(old), _jsonable(value)]
            setattr(system, field, value)
    if not changes:
        return False
    system.full_clean(validate_constraints=False)
    if {"name", "product_id"} & set(changes):
        _check_unique(system)
    system.save(update_fields=[*changes, "updated_at"])
    if index:
        index_upsert(system)
    audit_record(actor=actor, action="onboarding.system.update", obj=system, details={"changes": changes, "via": via})
    return True


@transaction.atomic
def information_types_set(
    *, system: System, rows: list[dict[str, Any]], actor: User | None, via: str = "form", index: bool = True
) -> bool:
    """Make the system's information types exactly `rows` (matched by name). Returns whether anything changed."""
    _check(rules.can_edit(actor, _kommun(), system) if actor else True, actor)
    existing = {it.name.casefold(): it for it in system.information_types.all()}
    wanted = {}
    for row in rows:
        wanted[row["name"].strip().casefold()] = row
    log: dict[str, Any] = {}
    errors = []
    for key, row in wanted.items():
        info = existing.get(key)
        if info is None:
            info = InformationType(system=system, name=row["name"].strip(), **{f: row.get(f) for f in INFO_FIELDS})
            info.retention_decision = info.retention_decision or ""
            try:
                info.full_clean(exclude=["system"], validate_constraints=False)
            except ValidationError as exc:
                errors.append(exc)
                continue
            info.save()
            log[info.name] = "skapad"
            continue
        changed = []
        for field in INFO_FIELDS:
            value = row.get(field)
            value = "" if value is None and field == "retention_decision" else value
            if not _same(getattr(info, field), value):
                setattr(info, field, value)
                changed.append(field)
        if changed:
            try:
                info.full_clean(exclude=["system"], validate_constraints=False)
            except ValidationError as exc:
                errors.append(exc)
                continue
            info.save(update_fields=changed)
            log[info.name] = "ändrad: " + ", ".join(changed)
    for key, info in existing.items():
        if key not in wanted:
            info.delete()
            log[info.name] = "borttagen"
    if errors:
        raise errors[0]
    if not log:
        return False
    system.save(update_fields=["updated_at"])
    if index:
        index_upsert(system)
    audit_record(
        actor=actor, action="onboarding.system.information_types", obj=system, details={"changes": log, "via": via}
    )
    return True


def system_snapshot(system: System) -> dict[str, Any]:
    """Everything the kommun registered about a system, as JSON: what the audit keeps when it is deleted."""
    facts = {f.attname: _jsonable(getattr(system, f.attname)) for f in System._meta.concrete_fields}
    facts["product"] = str(system.product) if system.product_id else ""
    return {
        "system": facts,
        "information_types": [
            {"name": info.name, **{f: _jsonable(getattr(info, f)) for f in INFO_FIELDS}}
            for info in system.information_types.order_by("name")
        ],
        "attachments": [
            {"file": a.original_name, "kind": a.kind, "size": a.size, "uploaded_by": a.uploaded_by_name}
            for a in system.attachments.all()
        ],
        "completion_requests": [
            {"comment": r.comment, "by": r.requested_by_name, "at": r.requested_at.isoformat()}
            for r in system.completion_requests.all()
        ],
    }


@transaction.atomic
def system_delete(*, system: System, actor: User | None) -> None:
    """Remove a system (and its row in the portfolio index); the audit keeps all it held.

    Refused with MSG_SYSTEM_HAS_CONNECTION when the system has a connection (nothing is changed).
    """
    _check(rules.can_delete(actor, _kommun(), system) if actor else True, actor)
    system = System.objects.select_for_update(of=("self",)).select_related("product").get(pk=system.pk)
    if system_has_connection(system):
        raise ValidationError(MSG_SYSTEM_HAS_CONNECTION, code="has_connection")
    audit_record(actor=actor, action="onboarding.system.delete", obj=system, details=system_snapshot(system))
    system_id = system.pk
    for attachment in system.attachments.all():
        name = attachment.file.name
        storage = attachment.file.storage
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    try:
        with transaction.atomic():
            system.delete()
    except ProtectedError as exc:  # a connection made since the check above
        raise ValidationError(MSG_SYSTEM_HAS_CONNECTION, code="has_connection") from exc
    index_delete(system_id)


def _set_status(system: System, status: str, actor: User | None, action: str, details: dict | None = None) -> None:
    previous = system.status
    system.status = status
    system.save(update_fields=["status", "updated_at"])
    index_upsert(system)
    audit_record(actor=actor, action=action, obj=system, details={"from": previous, "to": status, **(details or {})})


@transaction.atomic
def system_submit(*, system: System, actor: User) -> System:
    """The kommun submits a complete record to the förvaltning (utkast/komplettering → inskickad)."""
    if system.status not in rules.DRAFT_STATES:
        raise ValidationError(MSG_WRONG_STATUS, params={"status": system.get_status_display()})
    _check(rules.can_submit(actor, _kommun(), system), actor)
    state = completeness(system)
    if not state.is_complete:
        raise ValidationError(MSG_NOT_COMPLETE, params={"missing": ", ".join(state.missing_labels)})
    system.completion_requests.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    _set_status(system, SystemStatus.SUBMITTED, actor, "onboarding.system.submit")
    return system


@transaction.atomic
def system_mark_ready(*, system: System, actor: User) -> System:
    """The kommun's arkivarie marks a submitted system "klar för prioritering"."""
    if system.status != SystemStatus.SUBMITTED:
        raise ValidationError(MSG_WRONG_STATUS, params={"status": system.get_status_display()})
    _check(rules.can_mark_ready(actor, _kommun(), system), actor)
    _set_status(system, SystemStatus.READY, actor, "onboarding.system.mark_ready")
    return system


@transaction.atomic
def system_request_completion(*, system: System, comment: str, actor: User) -> CompletionRequest:
    """The förvaltning asks the kommun to complete a submitted record; the kommun sees the comment."""
    if system.status not in {SystemStatus.SUBMITTED, SystemStatus.READY}:
        raise ValidationError(MSG_WRONG_STATUS, params={"status": system.get_status_display()})
    _check(rules.can_request_completion(actor, system), actor)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": ValidationError(MSG_COMMENT_REQUIRED)})
    request = CompletionRequest(system=system, comment=comment, requested_by_name=actor.get_full_name())
    request.full_clean()
    request.save()
    _set_status(
        system, SystemStatus.COMPLETION_REQUESTED, actor, "onboarding.system.request_completion", {"comment": comment}
    )
    return request
