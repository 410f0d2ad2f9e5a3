"""A kommun's arkivarie exports the kommun's data with the keyboard only: opens "Exportera data" from the menu,
ticks "Ta med de levererade paketen", presses "Skapa export", follows the progress and downloads the zip."""

import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, committed_db, log_in
from tests.e2e.test_usable_flows import tab_to
from tests.kommun_data.conftest import fill_kommun

pytestmark = [pytest.mark.e2e, committed_db]


def test_arkivarie_exports_the_kommuns_data_with_the_keyboard(
    page, lund, kontakt_lund, arkivarie_lund, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"  # the live server runs in this process: it sees the settings
    settings.REPORTS_ROOT = tmp_path / "media" / "reports"
    settings.KOMMUN_EXPORT_DIR = tmp_path / "exports"
    data = fill_kommun(lund, kontakt_lund, tmp_path, "Lund", django_capture_on_commit_callbacks)

    log_in(page, lund, arkivarie_lund)
    page.goto(lund.url("/"))
    tab_to(page, "nav a[href='/data/export/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exportera Lunds data")
    assert_accessible(page, "Exportera data")
    tab_to(page, "#with-packages")
    page.keyboard.press("Space")
    expect(page.get_by_label("Ta med de levererade paketen")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Skapa export"

    status = page.locator("#export-status").get_by_role("status")
    expect(status).to_contain_text("Klar att ladda ned", timeout=60_000)
    assert_accessible(page, "Exporten")
    tab_to(page, "#export-status a.button")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / "nedladdad.zip"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith("lund-data-")
    with zipfile.ZipFile(saved) as zf:
        assert zf.testzip() is None
        assert zf.read(f"filer/{data.attachment_name}") == data.attachment_bytes
        assert f"paket/{data.package_name}" in zf.namelist()
        assert data.system_name.encode() in zf.read("data/kommun/onboarding.system.csv")
