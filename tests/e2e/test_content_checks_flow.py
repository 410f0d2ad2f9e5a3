"""Issue 17's pages in the browser, with the keyboard: the förvaltning adds a rule to the accepted formats,
and a kommun that uploads a package with malicious code sees the delivery stopped and why."""

import zipfile

import pytest
from playwright.sync_api import expect

from onboarding.deliveries_index.phases import Phase
from onboarding.validation.sample import build_sip
from tests.clamd import EICAR_SIGNATURE
from tests.deliveries.conftest import new_connection
from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to, type_into
from tests.validation import content_files

pytestmark = [pytest.mark.e2e, committed_db]


def test_forvaltning_adds_a_format_rule(page, consortium, forvaltare):
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url("/filformat/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Godtagna filformat")
    type_into(page, "#id_puid", "fmt/40")
    type_into(page, "#id_name", "Microsoft Word 97-2003")
    tab_to(page, "#id_decision")
    page.keyboard.type("Godtas inte")  # a closed select takes the typed option
    type_into(page, "#id_note", "Konvertera till PDF/A före leverans")
    page.keyboard.press("Enter")
    row = page.get_by_role("row", name="fmt/40")
    expect(row).to_contain_text("Microsoft Word 97-2003")
    expect(row).to_contain_text("Godtas inte")
    expect(row).to_contain_text("Konvertera till PDF/A före leverans")
    assert_accessible(page, "the accepted formats")


def test_an_infected_package_is_stopped_and_the_kommun_sees_why(
    page, lund, kontakt_lund, tmp_path, settings, clamd_daemon
):
    settings.CLAMD_SOCKET = clamd_daemon.socket  # the live server runs in this process
    settings.QUARANTINE_DIR = tmp_path / "karantan"
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    folder = build_sip(tmp_path / "build", "sip-smitta", [("bilaga.com", content_files.eicar())])
    package = tmp_path / "sip-smitta.zip"
    with zipfile.ZipFile(package, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")

    log_in(page, lund, kontakt_lund)
    page.goto(lund.url(f"/anslutningar/{conn.pk}/"))
    page.get_by_label("Informationspaket (ZIP eller TAR)").set_input_files(str(package))
    tab_to(page, "#upload-form button[type=submit]")
    page.keyboard.press("Enter")

    status = page.locator("#delivery-status [role=status]")
    expect(status).to_contain_text("Skadlig kod hittad", timeout=30_000)
    expect(page.locator("main")).to_contain_text("Leveransen har stoppats")
    expect(page.locator("main")).to_contain_text(EICAR_SIGNATURE)
    assert_accessible(page, "a delivery stopped for malicious code")
