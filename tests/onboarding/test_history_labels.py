"""A system's history reads as people read it: field labels, choices by their labels, yes/no, products by
name, statuses by label — never stored codes such as `vendor_asked: [False, True]` (issue 12, bug 8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from onboarding import services
from onboarding.inventory.choices import ExportCapability, SystemStatus
from onboarding.models import System
from onboarding.portfolio.models import Product
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = pytest.mark.django_db


def label(name: str) -> str:
    text = str(System._meta.get_field(name).verbose_name)
    return text[:1].upper() + text[1:]


def test_the_history_shows_labels_not_codes(lund, kontakt_lund, client_for):
    system = make_system(lund, complete=False, name="Diariet", vendor_asked=False, export_capability="okand")
    other = Product.objects.create(name="Ärendia Nova", vendor="Leverantören AB")
    with tenant_context(lund):
        system = System.objects.get(pk=system.pk)
        services.system_update(
            system=system,
            data={"vendor_asked": True, "export_capability": ExportCapability.XML, "product_id": other.pk},
            actor=kontakt_lund,
        )
    html = client_for(kontakt_lund, lund).get(f"/system/{system.pk}/").content.decode()
    history = html[html.index('id="history-heading"') :]
    assert f"{label('vendor_asked')}: Nej → Ja" in history
    assert f"{label('export_capability')}: {ExportCapability.UNKNOWN.label} → {ExportCapability.XML.label}" in history
    assert f"{label('product')}: – → Ärendia Nova (Leverantören AB)" in history
    for code in ("[False, True]", "okand", "'xml'", "vendor_asked", "export_capability"):
        assert code not in history, code


def test_a_status_change_shows_the_statuses_by_label(lund, kontakt_lund, client_for):
    system = make_system(lund, name="Ekonomi")
    with tenant_context(lund):
        services.system_submit(system=System.objects.get(pk=system.pk), actor=kontakt_lund)
    html = client_for(kontakt_lund, lund).get(f"/system/{system.pk}/").content.decode()
    history = html[html.index('id="history-heading"') :]
    assert f"{SystemStatus.DRAFT.label} → {SystemStatus.SUBMITTED.label}" in history
    assert "utkast →" not in history and "inskickad" not in history


def test_the_products_a_history_names_are_read_at_once(lund, kontakt_lund, client_for):
    system = make_system(lund, complete=False, name="Diariet")
    client = client_for(kontakt_lund, lund)
    products = [Product.objects.create(name=f"Produkt {index}", vendor="Leverantören AB") for index in range(4)]

    def change_product(product):
        with tenant_context(lund):
            current = System.objects.get(pk=system.pk)
            services.system_update(system=current, data={"product_id": product.pk}, actor=kontakt_lund)

    change_product(products[0])
    client.get(f"/system/{system.pk}/")
    with CaptureQueriesContext(connection) as one_change:
        client.get(f"/system/{system.pk}/")
    for product in products[1:]:
        change_product(product)
    with CaptureQueriesContext(connection) as four_changes:
        html = client.get(f"/system/{system.pk}/").content.decode()
    assert len(four_changes.captured_queries) == len(one_change.captured_queries)
    history = html[html.index('id="history-heading"') :]
    assert f"{label('product')}: Produkt 2 (Leverantören AB) → Produkt 3 (Leverantören AB)" in history
