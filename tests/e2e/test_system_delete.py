"""Deleting a system in the browser, with the keyboard: the confirmation panel (HTMX), then the list."""

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from onboarding.deliveries import services as delivery_services
from onboarding.messages import MSG_SYSTEM_HAS_CONNECTION
from onboarding.models import System
from tests.e2e.helpers import assert_accessible, committed_db, log_in
from tests.e2e.test_usable_flows import tab_to
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = [pytest.mark.e2e, committed_db]


def test_arkivarie_confirms_before_a_system_is_deleted(page, lund, arkivarie_lund):
    system = make_system(lund, name="Gamla lönesystemet")
    connected = make_system(lund, name="Anslutna diariet", status="klar")
    with tenant_context(lund):
        delivery_services.connection_create(system=connected, actor=None)
    log_in(page, lund, arkivarie_lund)

    page.goto(lund.url(f"/system/{connected.pk}/"))
    tab_to(page, "a[href$='/ta-bort/']")
    page.keyboard.press("Enter")
    expect(page.locator("#delete-confirm")).to_contain_text(str(MSG_SYSTEM_HAS_CONNECTION))
    expect(page.get_by_role("button", name="Ja, ta bort systemet")).to_have_count(0)

    page.goto(lund.url(f"/system/{system.pk}/"))
    tab_to(page, "a[href$='/ta-bort/']")
    page.keyboard.press("Enter")
    panel = page.locator("#delete-confirm")
    expect(panel).to_contain_text("Gamla lönesystemet och dess 2 informationstyper tas bort")
    expect(page).to_have_url(lund.url(f"/system/{system.pk}/"))  # the panel opened in place (HTMX)
    assert_accessible(page, "the delete confirmation")
    with tenant_context(lund):
        assert System.objects.filter(pk=system.pk).exists()  # asking deleted nothing
    tab_to(page, "#delete-confirm button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(lund.url("/system/"))
    expect(page.locator(".message--success")).to_contain_text("Systemet Gamla lönesystemet är borttaget.")
    expect(page.get_by_role("link", name="Gamla lönesystemet")).to_have_count(0)
    with tenant_context(lund):
        assert not System.objects.filter(pk=system.pk).exists()
        assert System.objects.filter(pk=connected.pk).exists()


def test_without_javascript_the_confirmation_is_a_page(browser, live_site, lund, arkivarie_lund):
    system = make_system(lund, name="Utan skript")
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, lund, arkivarie_lund)
        page.goto(lund.url(f"/system/{system.pk}/"))
        page.get_by_role("link", name="Ta bort systemet").click()
        expect(page).to_have_url(lund.url(f"/system/{system.pk}/ta-bort/"))
        page.get_by_role("button", name="Ja, ta bort systemet").click()
        expect(page).to_have_url(lund.url("/system/"))
        expect(page.locator(".message--success")).to_contain_text("Systemet Utan skript är borttaget.")
    finally:
        context.close()
