"""Uploading a package in the browser: a file over the limit is refused before anything is sent."""

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from tests.deliveries.conftest import new_connection
from tests.e2e.helpers import committed_db, log_in

pytestmark = [pytest.mark.e2e, committed_db]


def test_a_file_over_the_limit_is_refused_before_it_is_sent(page, lund, kontakt_lund, settings):
    settings.DELIVERY_MAX_BYTES = 1024  # the live server runs in this process: it sees the setting
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    log_in(page, lund, kontakt_lund)
    page.goto(lund.url(f"/anslutningar/{conn.pk}/"))
    field = page.get_by_label("Informationspaket (ZIP eller TAR)")
    expect(field).to_have_accessible_description("Högst 0 GB.")
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    field.set_input_files({"name": "paket.zip", "mimeType": "application/zip", "buffer": b"PK" + b"\0" * 4096})
    page.get_by_role("button", name="Ladda upp och validera").click()

    expect(page.get_by_role("alert")).to_contain_text("Filen är för stor.")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    assert sent == []  # nothing went to the server
    with tenant_context(lund):
        assert not Delivery.objects.filter(connection=conn).exists()
