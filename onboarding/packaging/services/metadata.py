"""The package metadata the platform fills in from what it knows: the kommun, the system, its records
creator, the approved submission agreement, its information types and period."""

import re
import uuid
from importlib import metadata as dist

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from onboarding.deliveries.models import Connection, PackageProfile, SubmissionAgreement
from onboarding.packaging import messages as msg
from tenants.models import CONSORTIUM_SCHEMA, Kommun

from .writer import PackageMetadata

OBJID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


def software_version() -> str:
    try:
        return dist.version("skanearkiv-platform")
    except dist.PackageNotFoundError:
        return "0"


def agreement_types(agreement: SubmissionAgreement) -> list[str]:
    """The agreement's information types: its text, one per line or separated by commas or semicolons."""
    parts = re.split(r"[\n;,]+", agreement.information_types or "")
    seen, types = set(), []
    for part in (p.strip() for p in parts):
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            types.append(part)
    return types


def agreement_reference(agreement: SubmissionAgreement, kommun: Kommun, version: int | None = None) -> str:
    return f"LÖ-{kommun.subdomain}-{agreement.connection_id}-v{version or agreement.version}"


def latest_agreement(connection: Connection) -> SubmissionAgreement:
    """The connection's agreement a package may be built on: the latest version, approved, for FGS 2.0."""
    agreement = connection.agreements.order_by("-version").first()
    if agreement is None:
        raise ValidationError(msg.MSG_NO_AGREEMENT)
    if not agreement.is_approved:
        raise ValidationError(msg.MSG_AGREEMENT_NOT_APPROVED)
    if agreement.package_profile != PackageProfile.FGS_20:
        raise ValidationError(msg.MSG_AGREEMENT_PROFILE, params={"profile": agreement.get_package_profile_display()})
    return agreement


def check_types(agreement: SubmissionAgreement, chosen: list[str]) -> list[str]:
    known = {t.casefold(): t for t in agreement_types(agreement)}
    if not chosen:
        raise ValidationError(msg.MSG_INFORMATION_TYPES)
    for name in chosen:
        if name.casefold() not in known:
            raise ValidationError(msg.MSG_INFORMATION_TYPE_UNKNOWN, params={"name": name})
    return [known[name.casefold()] for name in chosen]


def default_metadata(*, kommun: Kommun, connection: Connection, agreement: SubmissionAgreement) -> PackageMetadata:
    """Everything pre-filled; the person checks the label, identifier, category, creator and period."""
    system = connection.system
    types = agreement_types(agreement)
    stamp = timezone.now().strftime("%Y%m%d")
    period = f" {agreement.period_from or ''}–{agreement.period_to or ''}" if agreement.period_from else ""
    consortium = Kommun.objects.filter(schema_name=CONSORTIUM_SCHEMA).first()
    return PackageMetadata(
        objid=f"{slugify(kommun.subdomain)}-{connection.pk}-{stamp}-{uuid.uuid4().hex[:8]}",
        label=f"{system.name}{period}"[:200],
        archival_creator=system.records_creator or kommun.name,
        submitter=kommun.name,
        submitter_code=kommun.kommunkod or "",
        contact=agreement.archive_officer_name,
        preservation=consortium.name if consortium else "",
        software_version=software_version(),
        agreement=agreement_reference(agreement, kommun),
        previous_agreement=agreement_reference(agreement, kommun, agreement.version - 1)
        if agreement.version > 1
        else "",
        period_from=agreement.period_from,
        period_to=agreement.period_to,
        information_types=types,
        system=f"{system.name} ({system.product})" if system.product_id else system.name,
    )


def checked_metadata(meta: PackageMetadata) -> PackageMetadata:
    """The person's changes, checked: an identifier that is also a folder name, a period in order."""
    if not OBJID_RE.match(meta.objid):
        raise ValidationError({"objid": ValidationError(msg.MSG_OBJID)})
    if meta.period_from and meta.period_to and meta.period_to < meta.period_from:
        raise ValidationError({"period_to": ValidationError(msg.MSG_PERIOD)})
    return meta
