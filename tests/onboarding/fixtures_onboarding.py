"""Shared helpers and fixtures for the onboarding tests (systems registry, import/export, portfolio)."""

import io
from decimal import Decimal

from django_tenants.utils import tenant_context
from openpyxl import Workbook

from onboarding import services
from onboarding.inventory.columns import ALL_COLUMNS
from onboarding.portfolio.models import Product


def product(name: str = "Public 360°", vendor: str = "Tieto Evry") -> Product:
    found = Product.objects.filter(name=name, vendor=vendor).first()
    return found or Product.objects.create(name=name, vendor=vendor)


def complete_data(**overrides) -> dict:
    """Every fact a system needs before it can be submitted."""
    data = {
        "name": "Diariet",
        "product_id": product().pk,
        "version": "6.2",
        "records_creator": "Kommunstyrelsen",
        "purpose": "Diarieföring och ärendehantering",
        "owner_name": "Olle Ägare",
        "owner_email": "olle@kommun.example",
        "manager_name": "Maja Förvaltare",
        "manager_email": "maja@kommun.example",
        "personal_data": "ja",
        "sensitive_personal_data": "nej",
        "confidentiality": 2,
        "integrity": 2,
        "availability": 1,
        "export_capability": "xml",
        "vendor_asked": True,
        "decommission_date": None,
    }
    data.update(overrides)
    return data


INFO_ROWS = [
    {"name": "Ärenden", "retention": "bevaras", "period_from": 2005, "period_to": 2024, "volume_gb": Decimal("30")},
    {
        "name": "Loggar",
        "retention": "gallras",
        "retention_years": 2,
        "retention_decision": "KS 2019/12",
        "period_from": 2020,
        "volume_gb": Decimal("10"),
    },
]


def make_system(kommun, *, complete: bool = True, status: str | None = None, **overrides):
    """A system in `kommun` made through the services (so it is indexed and audited like a real one)."""
    with tenant_context(kommun):
        data = complete_data(**overrides) if complete else {"name": overrides.pop("name", "Utkastet"), **overrides}
        system = services.system_create(data=data, actor=None)
        if complete:
            services.information_types_set(system=system, rows=INFO_ROWS, actor=None)
        if status and status != "utkast":
            system.status = status
            system.save(update_fields=["status"])
            from onboarding.services.portfolio_index import index_upsert

            index_upsert(system)
        return system


HEADINGS = [c.heading for c in ALL_COLUMNS]


def row(**values) -> dict:
    base = {"Systemnamn": "Procapita IFO", "Produkt": "Procapita", "Leverantör": "Tieto", "Personuppgifter": "ja"}
    base.update(values)
    return base


def xlsx(rows: list[dict], headings=HEADINGS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "System"
    sheet.append(headings)
    for values in rows:
        sheet.append([values.get(h) for h in headings])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
