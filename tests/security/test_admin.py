"""/admin/: behind allauth's login and its TOTP step, every save and delete in the audit trail with old and
new values, and no admin at all with PLATFORM_ADMIN=0."""

import importlib
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client, override_settings
from django.urls import clear_url_caches, reverse

from tenants.admin_site import AuditedAdminMixin
from tenants.models import AuditEvent, Kommun, KommunPopulation, Membership
from tests.admin_login import ADMIN_PASSWORD, admin_client, log_in, make_staff

pytestmark = pytest.mark.usefixtures("consortium")


def consortium_client() -> Client:
    return Client(HTTP_HOST=settings.PLATFORM_DOMAIN)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def final_path(response) -> str:
    return urlsplit(response.redirect_chain[-1][0]).path if response.redirect_chain else response.request["PATH_INFO"]


def change_form(page):
    """The admin's change form (the page has others: the logout button is a form too)."""
    return next(f for f in lxml.html.fromstring(page.content).forms if (f.get("id") or "").endswith("_form"))


def post_admin_form(client: Client, url: str, changes: dict[str, str]):
    """Open an admin change form, change some fields as a person would, and save it."""
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    form = change_form(page)
    values: dict[str, list[str]] = {}
    for name, value in form.form_values():
        values.setdefault(name, []).append(value)
    for name, value in changes.items():
        values[name] = [value]
    response = client.post(url, values)
    assert response.status_code == 302, f"the admin refused the change: {response.content.decode()[:2000]}"
    return response


# --- the way in ---------------------------------------------------------------------------------------------


def test_the_admins_own_password_login_is_replaced_by_allauths():
    client = consortium_client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login")), "the admin must use allauth's login page"

    staff = make_staff()
    client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": ADMIN_PASSWORD, "next": "/admin/"})
    assert not signed_in(client), "a password alone (no rate limit, no TOTP) must not open the admin"


def test_the_password_alone_does_not_open_the_admin_the_totp_step_does():
    staff = make_staff()
    client = consortium_client()
    log_in(client, staff, with_code=False)
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302

    client = admin_client(staff)
    page = client.get("/admin/")
    assert page.status_code == 200 and b"Ada Admin" in page.content


def test_staff_without_totp_is_sent_to_set_it_up_first():
    staff = make_staff(mfa=False)
    client = consortium_client()
    log_in(client, staff)
    assert signed_in(client)
    response = client.get("/admin/", follow=True)
    # allauth asks for the password again before TOTP is set up, and then goes on to set it up.
    assert [urlsplit(url).path for url, _status in response.redirect_chain][-2:] == [
        reverse("mfa_activate_totp"),
        reverse("account_reauthenticate"),
    ]


def test_a_session_that_never_passed_the_totp_step_must_pass_it_before_the_admin():
    staff = make_staff()
    client = consortium_client()
    client.force_login(staff)  # e.g. signed in by an invitation link, before TOTP was set up
    response = client.get("/admin/", follow=True)
    assert final_path(response) == reverse("mfa_reauthenticate")


def test_people_who_are_not_staff_get_no_admin(forvaltare):
    from tests.e2e.helpers import current_totp_code
    from tests.world import PASSWORD

    client = consortium_client()
    client.post("/accounts/login/", {"login": forvaltare.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(forvaltare)})
    assert signed_in(client)
    assert client.get("/admin/", follow=True).status_code == 403


# --- the audit trail ----------------------------------------------------------------------------------------


def test_changing_billing_data_in_the_admin_is_audited_with_old_and_new_values(lund, bjuv):
    from billing.models import BillingParty

    party = BillingParty.objects.create(
        kommun=lund, orgnr="212000-1124", buyer_reference="Ekonomi", street="Stortorget 7", postal_zone="22223",
        city="Lund", payment_account="5050-1055",
    )  # fmt: skip
    staff = make_staff()
    client = admin_client(staff)
    post_admin_form(client, f"/admin/billing/billingparty/{party.pk}/change/", {"payment_account": "9999-1234"})

    party.refresh_from_db()
    assert party.payment_account == "9999-1234"
    event = AuditEvent.objects.get(action="admin.change", object_type="billing.billingparty", object_id=str(party.pk))
    assert event.actor == staff and event.kommun == lund
    assert event.details["changed"] == {"payment_account": {"old": "5050-1055", "new": "9999-1234"}}


def test_changing_a_kommuns_status_and_population_in_the_admin_is_audited(lund):
    row = KommunPopulation.objects.get(kommun=lund, year=2024)
    client = admin_client()
    page = client.get(f"/admin/tenants/kommun/{lund.pk}/change/")
    prefix = next(
        name.removesuffix("-id")
        for name, value in change_form(page).form_values()
        if name.endswith("-id") and value == str(row.pk)
    )
    post_admin_form(
        client, f"/admin/tenants/kommun/{lund.pk}/change/", {"status": "uttradande", f"{prefix}-population": "130000"}
    )

    kommun_event = AuditEvent.objects.get(action="admin.change", object_type="tenants.kommun", object_id=str(lund.pk))
    assert kommun_event.details["changed"] == {"status": {"old": "medlem", "new": "uttradande"}}
    assert kommun_event.kommun == lund
    row_event = AuditEvent.objects.get(
        action="admin.change", object_type="tenants.kommunpopulation", object_id=str(row.pk)
    )
    assert row_event.details["changed"] == {"population": {"old": 128513, "new": 130000}}
    assert row_event.details["parent"] == f"tenants.kommun:{lund.pk}"


def test_deleting_in_the_admin_keeps_what_was_deleted_in_the_audit_trail(lund, kontakt_lund, arkivarie_lund):
    one = Membership.objects.get(user=kontakt_lund, kommun=lund)
    other = Membership.objects.get(user=arkivarie_lund, kommun=lund)
    client = admin_client()
    assert client.post(f"/admin/tenants/membership/{one.pk}/delete/", {"post": "yes"}).status_code == 302
    client.post(
        "/admin/tenants/membership/", {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"}
    )

    assert not Membership.objects.filter(pk__in=[one.pk, other.pk]).exists()
    for membership, user in ((one, kontakt_lund), (other, arkivarie_lund)):
        event = AuditEvent.objects.get(
            action="admin.delete", object_type="tenants.membership", object_id=str(membership.pk)
        )
        assert event.details["old"]["role"] == membership.role
        assert event.details["old"]["user"] == user.pk and event.kommun == lund


def test_making_someone_staff_in_the_admin_is_audited_without_the_password_hash(kontakt_lund):
    client = admin_client()
    post_admin_form(client, f"/admin/tenants/user/{kontakt_lund.pk}/change/", {"is_staff": "on"})

    event = AuditEvent.objects.get(action="admin.change", object_type="tenants.user", object_id=str(kontakt_lund.pk))
    assert event.details["changed"] == {"is_staff": {"old": False, "new": True}}
    kontakt_lund.refresh_from_db()
    assert kontakt_lund.password.split("$")[-1] not in str(event.details)


def test_adding_in_the_admin_is_audited_with_the_new_values(lund):
    client = admin_client()
    page = client.get("/admin/tenants/domain/add/")
    assert page.status_code == 200
    response = client.post(
        "/admin/tenants/domain/add/", {"domain": "arkiv.lund.example", "tenant": str(lund.pk), "is_primary": ""}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.add", object_type="tenants.domain")
    assert event.details["new"]["domain"] == "arkiv.lund.example" and event.details["new"]["tenant"] == lund.pk


def test_every_model_in_the_admin_is_audited():
    unaudited = [
        model._meta.label for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdminMixin)
    ]  # fmt: skip
    assert len(admin.site._registry) > 10 and unaudited == []


# --- PLATFORM_ADMIN=0 ---------------------------------------------------------------------------------------


def _reload_public_urls():
    import config.urls_public

    importlib.reload(config.urls_public)
    clear_url_caches()


def test_platform_admin_off_leaves_no_admin_url():
    client = admin_client()
    assert client.get("/admin/").status_code == 200
    try:
        with override_settings(PLATFORM_ADMIN=False):
            _reload_public_urls()
            for path in ("/admin/", "/admin/login/", "/admin/tenants/kommun/"):
                assert client.get(path).status_code == 404, f"{path} must not exist with PLATFORM_ADMIN=0"
    finally:
        _reload_public_urls()
    assert client.get("/admin/").status_code == 200
    assert Kommun.objects.exists()


def test_removing_someones_totp_in_the_admin_is_audited_without_the_secret(kontakt_lund):
    from allauth.mfa.models import Authenticator

    from tests.world import totp_secret_of

    # Every role has TOTP in the test world (issue 15): remove kontakt_lund's.
    authenticator = Authenticator.objects.get(user=kontakt_lund, type="totp")
    secret = totp_secret_of(kontakt_lund)
    client = admin_client()
    response = client.post(f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Authenticator.objects.filter(pk=authenticator.pk).exists()

    event = AuditEvent.objects.get(action="admin.delete", object_type="mfa.authenticator")
    assert event.details["old"]["type"] == "totp" and event.details["old"]["user"] == kontakt_lund.pk
    assert event.details["old"]["data"] == "(dold)" and secret not in str(event.details)
