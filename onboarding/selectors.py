"""Reads that carry rules: which systems a person sees in a kommun, filtered, sorted, and one system by id."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from onboarding.inventory.choices import YesNoUnknown
from tenants import access
from tenants.models import AuditEvent, Kommun, User

from .completeness import completeness
from .models import Attachment, ImportJob, InformationType, System

SORTS = {
    "namn": ("name",),
    "-namn": ("-name",),
    "produkt": ("product__name", "name"),
    "-produkt": ("-product__name", "name"),
    "status": ("status", "name"),
    "-status": ("-status", "name"),
    "avveckling": ("decommission_date", "name"),
    "-avveckling": ("-decommission_date", "name"),
    "rang": ("proposal_rank", "name"),
    "-rang": ("-proposal_rank", "name"),
    "andrad": ("updated_at", "name"),
    "-andrad": ("-updated_at", "name"),
}


@dataclass
class SystemFilters:
    """What the list page asks for; every value comes from a validated form."""

    q: str = ""
    status: str = ""
    min_confidentiality: int | None = None
    personal_data: str = ""
    decommission_12m: bool = False
    export_capability: str = ""
    sort: str = "namn"


def system_queryset(*, user: User, kommun: Kommun) -> QuerySet[System]:
    access.require_read_kommun(user, kommun)
    return System.objects.select_related("product")


def system_list(*, user: User, kommun: Kommun, filters: SystemFilters) -> QuerySet[System]:
    """The kommun's systems, filtered and sorted; information types prefetched (two queries in all)."""
    qs = system_queryset(user=user, kommun=kommun)
    if filters.q:
        q = filters.q
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(product__name__icontains=q)
            | Q(product__vendor__icontains=q)
            | Q(records_creator__icontains=q)
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.min_confidentiality is not None:
        qs = qs.filter(confidentiality__gte=filters.min_confidentiality)
    if filters.personal_data == "kansliga":
        qs = qs.filter(sensitive_personal_data=YesNoUnknown.YES)
    elif filters.personal_data:
        qs = qs.filter(personal_data=filters.personal_data)
    if filters.decommission_12m:
        today = date.today()
        qs = qs.filter(decommission_date__gte=today, decommission_date__lte=today + timedelta(days=365))
    if filters.export_capability:
        qs = qs.filter(export_capability=filters.export_capability)
    order = SORTS.get(filters.sort, SORTS["namn"])
    return qs.order_by(*order).prefetch_related(
        Prefetch("information_types", queryset=InformationType.objects.order_by("name"))
    )


def with_completeness(systems) -> list[System]:
    """Attach `completeness` to each system using the prefetched information types (no extra queries)."""
    rows = list(systems)
    for system in rows:
        system.state = completeness(system, list(system.information_types.all()))
    return rows


def system_get(*, user: User, kommun: Kommun, pk: int) -> System:
    """One system of this kommun that the user may read; 404 otherwise."""
    system = system_queryset(user=user, kommun=kommun).filter(pk=pk).first()
    if system is None:
        raise Http404
    return system


def system_has_connection(system: System) -> bool:
    """A system with a connection to the e-archive is part of the archive's record: it cannot be deleted."""
    return system.connections.exists()


ACTION_LABELS = {
    "onboarding.system.create": _("Registrerades"),
    "onboarding.system.update": _("Uppgifter ändrades"),
    "onboarding.system.information_types": _("Informationstyper ändrades"),
    "onboarding.system.submit": _("Skickades in"),
    "onboarding.system.mark_ready": _("Markerades klar för prioritering"),
    "onboarding.system.request_completion": _("Komplettering begärdes"),
    "onboarding.system.proposal": _("Rangordningen ändrades"),
    "onboarding.system.attachment_add": _("Bilaga lades till"),
    "onboarding.system.delete": _("Togs bort"),
}


def system_history(*, system: System, kommun: Kommun) -> list[AuditEvent]:
    """Every audited change of the system, newest first (the audit trail lives in public)."""
    events = list(
        AuditEvent.objects.filter(object_type="onboarding.system", object_id=str(system.pk), kommun=kommun).order_by(
            "-at", "-id"
        )
    )
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
    return events


def attachment_get(*, user: User, kommun: Kommun, system_pk: int, pk: int) -> Attachment:
    system = system_get(user=user, kommun=kommun, pk=system_pk)
    attachment = system.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def import_job_get(*, user: User, kommun: Kommun, pk: int) -> ImportJob:
    """An import of this kommun; only the kommun's own people see imports."""
    if access.kommun_role(user, kommun) is None:
        raise Http404
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def proposal_systems(*, user: User, kommun: Kommun) -> list[System]:
    """The kommun's systems for its ranking: ranked first, in order, then the rest by name."""
    qs = system_queryset(user=user, kommun=kommun)
    return list(qs.order_by(F("proposal_rank").asc(nulls_last=True), "name"))
