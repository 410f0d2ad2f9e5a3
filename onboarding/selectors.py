"""Reads that carry rules: which systems a person sees in a kommun, filtered, sorted, and one system by id."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from onboarding import rules
from onboarding.inventory.choices import SystemStatus, YesNoUnknown
from tenants import access
from tenants import formatting as fmt
from tenants.models import AuditEvent, Kommun, User
from tenants.paging import FirstPagePaginator
from tenants.sql import exists_sql, flag

from .completeness import completeness, information_ok_expression
from .models import Attachment, CompletionRequest, ImportJob, InformationType, System
from .portfolio.models import Product

SYSTEM_PAGE_SIZE = 50
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


def system_queryset(*, user: User, kommun: Kommun, with_product: bool = True) -> QuerySet[System]:
    access.require_read_kommun(user, kommun)
    return System.objects.select_related("product") if with_product else System.objects.all()


def system_list(*, user: User, kommun: Kommun, filters: SystemFilters) -> QuerySet[System]:
    """The kommun's systems, filtered and sorted, with their products."""
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
    return qs.order_by(*SORTS.get(filters.sort, SORTS["namn"]))


def system_list_with_information_types(*, user: User, kommun: Kommun, filters: SystemFilters) -> QuerySet[System]:
    """system_list with each system's information types prefetched (two queries in all): the export."""
    return system_list(user=user, kommun=kommun, filters=filters).prefetch_related(
        Prefetch("information_types", queryset=InformationType.objects.order_by("name"))
    )


def system_list_page(*, user: User, kommun: Kommun, filters: SystemFilters, number) -> Page:
    """Page `number` of system_list (SYSTEM_PAGE_SIZE a page), each system with its completeness as `state`.
    Whether a system's information types are complete is asked in the systems' own query
    (information_ok_expression) instead of reading every information type; a list that fits on one page is not
    counted apart (FirstPagePaginator)."""
    qs = system_list(user=user, kommun=kommun, filters=filters).annotate(information_ok=information_ok_expression())
    page = FirstPagePaginator(qs, SYSTEM_PAGE_SIZE).get_page(number)
    for system in page.object_list:
        system.state = completeness(system, information_ok=system.information_ok)
    return page


def system_get(*, user: User, kommun: Kommun, pk: int, with_product: bool = True) -> System:
    """One system of this kommun that the user may read; 404 otherwise. Without its product joined in when the
    caller does not show it (a later `system.product` reads it)."""
    return _system_or_404(system_queryset(user=user, kommun=kommun, with_product=with_product), pk)


def system_get_for_page(*, user: User, kommun: Kommun, pk: int) -> System:
    """system_get, also telling whether the system has completion requests and attachments (`has_completion_requests`,
    `has_attachments`) in the same query: its page reads them only when there are any, and most systems have none."""
    flags = system_queryset(user=user, kommun=kommun).annotate(
        has_completion_requests=flag(exists_sql(CompletionRequest, "system")),
        has_attachments=flag(exists_sql(Attachment, "system")),
    )
    return _system_or_404(flags, pk)


def _system_or_404(systems: QuerySet[System], pk: int) -> System:
    system = systems.filter(pk=pk).first()
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
    """Every audited change of the system, newest first (the audit trail lives in public). The products its
    changes name are read in one query, not one a change."""
    events = list(
        AuditEvent.objects.filter(object_type="onboarding.system", object_id=str(system.pk), kommun=kommun).order_by(
            "-at", "-id"
        )
    )
    products = _product_labels(events)
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        changes = (event.details.get("changes") or {}).items()
        event.changes = [_change_text(name, change, products) for name, change in changes]
        if event.details.get("to"):
            event.transition = (
                _value_text("status", event.details.get("from"), products),
                _value_text("status", event.details["to"], products),
            )
    return events


def _product_labels(events: list[AuditEvent]) -> dict:
    """{product id: its label} of every product the events' changes name (old or new)."""
    ids = {
        product_id
        for event in events
        for name, change in (event.details.get("changes") or {}).items()
        if name in _PRODUCT_FIELDS and isinstance(change, list | tuple)
        for product_id in map(_product_id, change)
        if product_id is not None
    }
    return {product.pk: str(product) for product in Product.objects.filter(pk__in=ids)} if ids else {}


def _change_text(name: str, change, products: dict) -> tuple[str, str | None, str]:
    """A stored change as people read it: the field's label, then old and new by their labels
    ({field: [old, new]}); an information type's change ({name: "ändrad: volume_gb"}) has no old value."""
    if not (isinstance(change, list | tuple) and len(change) == 2):
        return name, None, _information_type_change(str(change))
    label = _field(System, name)
    label = str(label.verbose_name) if label is not None else name
    return (
        label[:1].upper() + label[1:],
        _value_text(name, change[0], products),
        _value_text(name, change[1], products),
    )


def _information_type_change(text: str) -> str:
    prefix, sep, names = text.partition(": ")
    if not sep:
        return text
    labels = [str(f.verbose_name) if (f := _field(InformationType, n)) is not None else n for n in names.split(", ")]
    return f"{prefix}: {', '.join(labels)}"


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


_PRODUCT_FIELDS = ("product", "product_id")


def _product_id(value) -> int | None:
    """A product's id as a change stores it (a number, or its digits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _value_text(name: str, value, products: dict) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if name in _PRODUCT_FIELDS:
        return products.get(_product_id(value), str(value))
    field = _field(System, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, int | float | Decimal):
        return fmt.number(value)
    return str(value)


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


def with_rankability(qs: QuerySet[System]) -> QuerySet[System]:
    """Each system with `connection_started` (a connection past "planerad"), for rules.is_rankable."""
    connection = System._meta.get_field("connections").related_model  # deliveries imports this app, not back
    started = connection.objects.filter(system=OuterRef("pk"), phase__in=rules.CONNECTION_STARTED)
    return qs.annotate(connection_started=Exists(started))


@dataclass
class Proposal:
    """The ranking page: the systems that can be ranked, and why the others are not in the list."""

    systems: list[System]  # rankable: ranked first, in order, then the rest by name
    not_ready: list[tuple[str, str, int]]  # (status, its label, how many systems) of those not yet approved
    started: int  # systems whose connection has started or is archived
    dropped: list[System]  # not rankable, yet with a stored place: it goes when the ranking is saved

    @property
    def missing(self) -> int:
        return sum(n for _status, _label, n in self.not_ready) + self.started


def proposal_systems(*, user: User, kommun: Kommun) -> Proposal:
    """The kommun's ranking page in one query: every system, split into those that can be ranked and the rest."""
    qs = with_rankability(system_queryset(user=user, kommun=kommun))
    systems = list(qs.order_by(F("proposal_rank").asc(nulls_last=True), "name"))
    rankable = [s for s in systems if rules.is_rankable(s)]
    others = [s for s in systems if not rules.is_rankable(s)]
    waiting = Counter(s.status for s in others if s.status not in rules.RANKABLE_STATUSES)
    not_ready = [(status, label, waiting[status]) for status, label in SystemStatus.choices if waiting[status]]
    return Proposal(
        systems=rankable,
        not_ready=not_ready,
        started=sum(1 for s in others if s.status in rules.RANKABLE_STATUSES),
        dropped=[s for s in others if s.proposal_rank is not None],
    )
