"""After a passed validation the delivery's page says what happens next (issue 12), seen in the browser when a
real worker has validated a package the kommun uploaded with the keyboard."""

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


def good_package(tmp_path):
    folder = build_sip(tmp_path / "build", "sip-bra")
    target = tmp_path / "sip-bra.zip"
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return target


def test_a_passed_test_delivery_says_what_happens_next(page, lund, kontakt_lund, tmp_path):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    with queue_for(tmp_path, "onboarding.deliveries.tasks.validate_delivery") as (broker, queue):
        log_in(page, lund, kontakt_lund)
        page.goto(lund.url(f"/anslutningar/{conn.pk}/"))
        page.get_by_label("Informationspaket (ZIP eller TAR)").set_input_files(str(good_package(tmp_path)))
        tab_to(page, "#upload-form button[type=submit]")
        page.keyboard.press("Enter")
        with running_worker(queue, broker):
            status = page.locator("#delivery-status [role=status]")
            expect(status).to_contain_text(str(Delivery.State.VALID.label), timeout=60_000)
    next_step = page.locator("#delivery-status .next-step")
    expect(next_step).to_contain_text("Nästa steg:")
    expect(next_step).to_contain_text("besiktning")
    tab_to(page, "#delivery-status .next-step a")
    page.keyboard.press("Enter")
    expect(page).to_have_url(lund.url(f"/anslutningar/{conn.pk}/"))
    assert_accessible(page, "the connection after a passed test delivery")
