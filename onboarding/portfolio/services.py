"""Writes to the public catalogue and index: products, and the portfolio row of a kommun's system.

The index is written by the kommun's system services inside their own transaction (same
connection, search_path "<kommun>, public"), so a saved system is in the index when the save returns.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from onboarding.completeness import completeness
from onboarding.messages import MSG_PRODUCT_REQUIRED, MSG_PRODUCT_SIMILAR
from onboarding.models import System
from tenants.audit import audit_record
from tenants.models import Kommun, User

from .models import PortfolioEntry, Product, mb_from_gb
from .normalize import normalize_name, product_key
from .selectors import product_similar


class ProductNearDuplicate(ValidationError):
    """A new product name that looks like existing ones: the user must pick one or confirm it is new."""

    def __init__(self, candidates: list[Product]):
        self.candidates = candidates
        names = ", ".join(str(p) for p in candidates)
        super().__init__({"product_name": ValidationError(MSG_PRODUCT_SIMILAR, params={"names": names})})


def product_find(*, name: str, vendor: str = "") -> Product | None:
    """The existing product with this (normalised) name and vendor; without a vendor, the only one of that name."""
    product = Product.objects.filter(key=product_key(name, vendor)).first()
    if product is None and not normalize_name(vendor):
        same = list(Product.objects.filter(key__startswith=f"{normalize_name(name)}|")[:2])
        if len(same) == 1:
            product = same[0]
    return product


@transaction.atomic
def product_resolve(*, name: str, vendor: str = "", confirm_new: bool = False, actor: User | None) -> Product:
    """The catalogue product for what the user typed: an existing one, or a new one.

    Near-duplicates ("Procapita" when "ProCapita VoO" exists) raise ProductNearDuplicate unless
    the user has confirmed that this is a new product.
    """
    name, vendor = (name or "").strip(), (vendor or "").strip()
    if not normalize_name(name):
        raise ValidationError({"product_name": ValidationError(MSG_PRODUCT_REQUIRED)})
    existing = product_find(name=name, vendor=vendor)
    if existing is not None:
        return existing
    if not confirm_new:
        candidates = product_similar(name)
        if candidates:
            raise ProductNearDuplicate(candidates)
    product = Product(name=name, vendor=vendor)
    product.full_clean(exclude=["key"])
    product.save()
    audit_record(actor=actor, action="portfolio.product.create", obj=product, details={"name": name, "vendor": vendor})
    return product


def _current_kommun() -> Kommun:
    tenant = connection.tenant
    if not isinstance(tenant, Kommun) or tenant.is_consortium:
        raise RuntimeError("The portfolio index is written from a kommun's schema.")
    return tenant


def index_values(system, info_types, done: int) -> dict:
    total = sum((it.volume_gb or Decimal(0) for it in info_types), Decimal(0))
    preserved = sum((it.volume_gb or Decimal(0) for it in info_types if it.retention == "bevaras"), Decimal(0))
    return {
        "name": system.name,
        "product_id": system.product_id,
        "status": system.status,
        "confidentiality": system.confidentiality,
        "integrity": system.integrity,
        "availability": system.availability,
        "personal_data": system.personal_data,
        "sensitive_personal_data": system.sensitive_personal_data,
        "decommission_date": system.decommission_date,
        "export_capability": system.export_capability,
        "total_mb": mb_from_gb(total),
        "preserved_mb": mb_from_gb(preserved),
        "proposal_rank": system.proposal_rank,
        "first_choice": system.first_choice,
        "completeness": done,
        "updated_at": timezone.now(),
    }


def index_upsert(system, info_types=None) -> PortfolioEntry:
    """Write the system's row in the portfolio index. Call it inside the service's transaction."""
    if info_types is None:
        info_types = list(system.information_types.all())
    kommun = _current_kommun()
    values = index_values(system, info_types, completeness(system, info_types).done)
    entry, _created = PortfolioEntry.objects.update_or_create(kommun=kommun, system_id=system.pk, defaults=values)
    return entry


def index_delete(system_id: int) -> None:
    PortfolioEntry.objects.filter(kommun=_current_kommun(), system_id=system_id).delete()


def index_rebuild() -> tuple[int, int]:
    """Rewrite the current kommun's rows of the index from its systems, in one transaction.

    For when the index may have drifted from the kommun's data (a restore, a migration that could
    only approximate a fact). Returns (rows written, rows that were there before).
    """
    kommun = _current_kommun()
    with transaction.atomic():
        before = PortfolioEntry.objects.filter(kommun=kommun).count()
        PortfolioEntry.objects.filter(kommun=kommun).delete()
        entries = []
        for system in System.objects.prefetch_related("information_types"):
            info_types = list(system.information_types.all())
            values = index_values(system, info_types, completeness(system, info_types).done)
            entries.append(PortfolioEntry(kommun=kommun, system_id=system.pk, **values))
        PortfolioEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries), before
