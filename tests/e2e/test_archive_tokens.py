"""The förvaltning manages an archive backend's API token in the browser: register, copy once, rotate, revoke."""

import pytest
from playwright.sync_api import expect

from onboarding.deliveries_index.models import ArchiveToken
from tests.e2e.helpers import assert_accessible, committed_db, log_in, pass_mfa
from tests.e2e.test_usable_flows import tab_to, type_into

pytestmark = [pytest.mark.e2e, committed_db]


def test_forvaltning_registers_rotates_and_revokes_a_token(page, consortium, forvaltare):
    log_in(page, consortium, forvaltare)
    pass_mfa(page, forvaltare)
    page.goto(consortium.url("/anslutningar/"))
    page.get_by_role("link", name="Arkivbackends och API-nycklar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arkivbackends och API-nycklar")

    type_into(page, "#id_name", "E-arkivet prod")
    type_into(page, "#id_days", "180")
    page.keyboard.press("Enter")
    panel = page.get_by_role("status").filter(has_text="Ny nyckel för E-arkivet prod")
    expect(panel).to_be_visible()
    first = page.get_by_label("API-nyckel").input_value()
    assert len(first) > 30 and ArchiveToken.objects.filter(prefix=first[:8]).exists()
    assert_accessible(page, "the archive backends page with a new token")

    tab_to(page, "form[action$='/ny-nyckel/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Ny nyckel för E-arkivet prod")).to_be_visible()
    second = page.get_by_label("API-nyckel").input_value()
    assert second != first
    table = page.get_by_role("table", name="Nycklar för E-arkivet prod")
    expect(table.get_by_role("row")).to_have_count(3)  # header + two valid tokens during the switch

    page.get_by_role("button", name=f"Återkalla nyckeln {first[:8]}… för E-arkivet prod").click()
    expect(page.locator(".message--success")).to_contain_text(f"Nyckeln {first[:8]}… för E-arkivet prod är återkallad.")
    expect(page.get_by_label("API-nyckel")).to_have_count(0)  # a token is never shown again
    expect(table.get_by_role("row").filter(has_text=first[:8])).to_contain_text("Återkallad")
