"""A kommun's contact builds a package in the browser, as a person does: opens the connection, chooses
"Skapa paket", picks the export, leaves out one information type, corrects the label by typing, builds,
downloads the package and hands it on as the test delivery with one click."""

import zipfile

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.validation import validate_package
from tests.deliveries.conftest import approved_agreement, new_connection
from tests.e2e.helpers import assert_accessible, committed_db, log_in
from tests.e2e.test_usable_flows import type_into
from tests.packaging.exports import as_zip, swedish

pytestmark = [pytest.mark.e2e, committed_db]


def test_kontakt_builds_a_package_and_delivers_it_for_test(page, lund, kontakt_lund, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the live server runs in this process: it sees the setting
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    approved_agreement(lund, conn)
    export = as_zip(swedish(tmp_path / "export"), tmp_path / "export från systemet.zip")

    log_in(page, lund, kontakt_lund)
    page.goto(lund.url(f"/anslutningar/{conn.pk}/"))
    page.get_by_role("link", name="Skapa paket").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skapa paket för")
    assert_accessible(page, "Skapa paket")
    page.get_by_label("Exporten").set_input_files(str(export))
    page.get_by_label("diarium").uncheck()
    type_into(page, "#id_label", "Ärenden 2005–2024")
    page.get_by_role("button", name="Bygg paketet").click()

    expect(page.locator("#build-status").get_by_role("status")).to_contain_text("Klart", timeout=30_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Paket: Ärenden 2005–2024")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned").click()
    package = tmp_path / "nedladdat.zip"
    download.value.save_as(package)
    assert validate_package(package).summary()["errors"] == 0
    with zipfile.ZipFile(package) as zf:
        assert any(name.endswith("data/Ärenden och beslut/båtplats ändring.txt") for name in zf.namelist())

    page.get_by_role("button", name="Lämna som testleverans").click()
    expect(page.locator("#delivery-status").get_by_role("status")).to_contain_text("Validerad utan fel", timeout=30_000)
    with tenant_context(lund):
        delivery = Delivery.objects.get(connection=conn)
    assert delivery.kind == Delivery.Kind.TEST and delivery.state == Delivery.State.VALID
