"""Attachments: files about a system, stored per kommun (TenantFileSystemStorage)."""

import os
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from onboarding import rules
from onboarding.messages import MSG_ATTACHMENT_EMPTY, MSG_ATTACHMENT_TOO_BIG, MSG_ATTACHMENT_TYPE, MSG_NOT_ALLOWED
from onboarding.models import Attachment, System
from tenants import stored_files
from tenants.audit import audit_record
from tenants.models import User
from tenants.sizes import MB

ALLOWED_EXTENSIONS = {".pdf", ".docx", ".xlsx", ".odt", ".ods", ".txt", ".csv", ".xml", ".json", ".zip", ".png", ".jpg"}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "ONBOARDING_ATTACHMENT_MAX_MB", 25) * MB)


def safe_filename(name: str) -> str:
    """A display name without paths or control characters ("../../etc/passwd" -> "passwd")."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*]", "", name).strip(" .")
    return name[:200] or "bilaga"


@transaction.atomic
def attachment_add(*, system: System, upload, kind: str, actor: User) -> Attachment:
    """Store a file for a system (size and type checked)."""
    if not rules.can_edit(actor, connection.tenant, system):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    name = safe_filename(upload.name)
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(sorted(ALLOWED_EXTENSIONS))
        raise ValidationError(MSG_ATTACHMENT_TYPE, params={"ext": ext or "–", "allowed": allowed})
    if upload.size == 0:
        raise ValidationError(MSG_ATTACHMENT_EMPTY)
    if upload.size > max_attachment_bytes():
        raise ValidationError(MSG_ATTACHMENT_TOO_BIG, params={"limit": max_attachment_bytes() // 1048576})
    attachment = Attachment(
        system=system, kind=kind, original_name=name, size=upload.size, uploaded_by_name=actor.get_full_name()
    )
    stored_files.store(attachment.file, name, upload)
    attachment.full_clean()
    attachment.save()
    audit_record(
        actor=actor,
        action="onboarding.system.attachment_add",
        obj=system,
        details={"file": name, "kind": kind, "size": upload.size},
    )
    return attachment
