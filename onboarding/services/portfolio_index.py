"""The registry's side of the portfolio index: a kommun's system written as its row in the public index.

The index is written by the kommun's system services inside their own transaction (same
connection, search_path "<kommun>, public"), so a saved system is in the index when the save returns.
"""

from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from onboarding.completeness import completeness
from onboarding.inventory.choices import Retention
from onboarding.models import System
from onboarding.portfolio.models import PortfolioEntry, mb_from_gb
from tenants.models import Kommun


def _current_kommun() -> Kommun:
    tenant = connection.tenant
    if not isinstance(tenant, Kommun) or tenant.is_consortium:
        raise RuntimeError("The portfolio index is written from a kommun's schema.")
    return tenant


def index_values(system, info_types, done: int) -> dict:
    total = sum((it.volume_gb or Decimal(0) for it in info_types), Decimal(0))
    preserved = sum((it.volume_gb or Decimal(0) for it in info_types if it.retention == Retention.PRESERVE), Decimal(0))
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
