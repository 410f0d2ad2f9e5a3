"""Demo systems: 8–15 realistic systems per demo kommun, in all statuses, some soon decommissioned.

Idempotent (a system that exists by name is left alone) and deterministic (random seeded by kommunkod).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django_tenants.utils import tenant_context

from onboarding.inventory.choices import ExportCapability, SystemStatus
from tenants.models import Role

from . import services
from .catalogue import AREAS, PEOPLE, email_for, pick_product
from .models import System
from .portfolio.services import product_resolve
from .services.proposals import ProposalRow, proposal_set

STATUSES = ["utkast", "utkast", "inskickad", "inskickad", "komplettering", "klar", "klar"]
EXPORTS = [
    ExportCapability.XML,
    ExportCapability.CSV,
    ExportCapability.VENDOR,
    ExportCapability.DUMP,
    ExportCapability.EARK,
    ExportCapability.NONE,
]


def system_facts(rng: random.Random, area, kommun, today: date) -> tuple[dict, list[dict]]:
    """The facts and information types of one realistic system (used by the demo and seed_scale)."""
    owner, manager, admin = rng.sample(PEOPLE, 3)
    k, r, t = area.krt
    sensitive = any(info[3] for info in area.information)
    data = {
        "name": area.system_name,
        "version": f"{rng.randint(3, 12)}.{rng.randint(0, 9)}",
        "records_creator": area.records_creator,
        "purpose": area.purpose,
        "owner_name": owner,
        "owner_email": email_for(owner, kommun.subdomain),
        "manager_name": manager,
        "manager_email": email_for(manager, kommun.subdomain),
        "manager_phone": f"0{rng.randint(40, 46)}-{rng.randint(100000, 999999)}",
        "administrator_name": admin,
        "administrator_email": email_for(admin, kommun.subdomain),
        "personal_data": "ja" if sensitive or rng.random() < 0.7 else "nej",
        "sensitive_personal_data": "ja" if sensitive else "nej",
        "confidentiality": k,
        "integrity": r,
        "availability": t,
        "decommission_date": today + timedelta(days=rng.randint(30, 340)) if rng.random() < 0.25 else None,
        "export_capability": rng.choice(EXPORTS),
        "vendor_asked": rng.random() < 0.8,
    }
    info_rows = []
    decision_prefix = area.records_creator[:2].upper()
    for name, retention, years, _sensitive in area.information:
        start = rng.randint(1995, 2015)
        info_rows.append(
            {
                "name": name,
                "retention": retention,
                "retention_years": years,
                "retention_decision": f"{decision_prefix} {rng.randint(2012, 2023)}/{rng.randint(1, 99)}",
                "period_from": start,
                "period_to": None,
                "volume_gb": Decimal(rng.randint(1, 4000)) / 10,
                "record_count": rng.randint(1000, 500000),
            }
        )
    return data, info_rows


def _seed_kommun(kommun, forvaltare, today: date) -> int:
    rng = random.Random(int(kommun.kommunkod or 0))
    areas = rng.sample(AREAS, rng.randint(8, min(15, len(AREAS))))
    created = 0
    with tenant_context(kommun), transaction.atomic():
        existing = set(System.objects.values_list("name", flat=True))
        systems = []
        for index, area in enumerate(areas):
            data, info_rows = system_facts(rng, area, kommun, today)
            status = STATUSES[index % len(STATUSES)]
            if area.system_name in existing:
                continue
            name, vendor = pick_product(rng, area)
            data["product_id"] = product_resolve(name=name, vendor=vendor, confirm_new=True, actor=None).pk
            if status == "utkast":  # a draft is still missing things
                data.update(purpose="", owner_email="", confidentiality=None)
            else:
                data["vendor_asked"] = True
            system = services.system_create(data=data, actor=None, via="demo")
            services.information_types_set(system=system, rows=info_rows, actor=None, via="demo")
            if status != "utkast":
                services.system_submit(system=system, actor=None)
            if status == "komplettering" and forvaltare is not None:
                services.system_request_completion(
                    system=system,
                    comment="Ange volymen per år och vilket beslut gallringen vilar på.",
                    actor=forvaltare,
                )
            if status == "klar":
                services.system_mark_ready(system=system, actor=None)
            systems.append(system)
            created += 1
        ready = [s for s in systems if s.status == SystemStatus.READY]  # only these can be ranked
        if ready and not System.objects.filter(proposal_rank__isnull=False).exists():
            ranked = sorted(ready, key=lambda s: (s.decommission_date or date.max, s.name))[:3]
            proposal_set(
                rows=[
                    ProposalRow(s.pk, i + 1, "Avvecklas snart" if s.decommission_date else "Stor nytta", i == 0)
                    for i, s in enumerate(ranked)
                ],
                actor=None,
            )
    return created


def seed_demo(result: dict) -> None:
    """Called by `manage.py seed_demo` after the kommuner and users exist."""
    forvaltare = next((u for u in result["users"] if u.memberships.filter(role=Role.FORVALTNING).exists()), None)
    today = date.today()
    for kommun in result["kommuner"]:
        _seed_kommun(kommun, forvaltare, today)
