"""A kommun uploads a package in the browser and watches its validation by a real worker: when the
validation ends, the page shows the findings and the JSON link without a reload (issue 12, bug 3)."""

import zipfile

import pytest
from playwright.sync_api import expect

from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.validation.sample import build_sip
from tests.celery_worker import queue_for, running_worker
from tests.deliveries.conftest import new_connection
from tests.e2e.helpers import assert_accessible, committed_db, log_in
from tests.e2e.test_usable_flows import tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.celery_worker, committed_db]


def broken_package(tmp_path):
    """A SIP without its package type (CSIP) whose data file differs from its checksum."""
    folder = build_sip(tmp_path / "build", "sip-trasig")
    mets = folder / "METS.xml"
    mets.write_text(mets.read_text().replace(' csip:OAISPACKAGETYPE="SIP"', ""))
    (folder / "representations/rep1/data/dokument.txt").write_text("Ändrad efteråt.\n")
    target = tmp_path / "sip-trasig.zip"
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return target


def test_the_findings_appear_when_the_validation_ends(page, lund, kontakt_lund, tmp_path):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    package = broken_package(tmp_path)
    with queue_for(tmp_path, "onboarding.deliveries.tasks.validate_delivery") as (broker, queue):
        log_in(page, lund, kontakt_lund)
        page.goto(lund.url(f"/anslutningar/{conn.pk}/"))
        page.get_by_label("Informationspaket (ZIP eller TAR)").set_input_files(str(package))
        tab_to(page, "#upload-form button[type=submit]")
        page.keyboard.press("Enter")
        status = page.locator("#delivery-status [role=status]")
        expect(status).to_contain_text(str(Delivery.State.RECEIVED.label))  # queued: no worker runs yet
        expect(page.get_by_role("link", name="Ladda ned rapporten som JSON")).to_have_count(0)

        with running_worker(queue, broker):
            expect(status).to_contain_text(str(Delivery.State.INVALID.label), timeout=60_000)
            findings = page.get_by_role("table", name="Alla iakttagelser")
            expect(findings).to_be_visible()  # without a reload
            expect(findings).to_contain_text("CSIP")
            expect(page.get_by_role("link", name="Ladda ned rapporten som JSON")).to_be_visible()
            assert_accessible(page, "a validated delivery")
