"""Every password login needs a second factor, whatever the role; who has none sets one up first (issue 15)."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from tenants.people import gate
from tests import world
from tests.e2e.helpers import current_totp_code
from tests.isolation import host_of, own_site_of
from tests.people.helpers import full_login, password_login, signed_in

ROLES = list(world.USERS)


def site_of(key, consortium):
    return consortium if world.USERS[key][3] is None else own_site_of(key)


@pytest.mark.parametrize("key", ROLES)
def test_the_password_alone_signs_no_role_in(key, consortium):
    user = world.ensure_user(key)
    client, response = password_login(site_of(key, consortium), user)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert not signed_in(client)
    assert client.get("/").status_code == 302  # still the login page, not the start page
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert not signed_in(client) and "Felaktig kod" in wrong.content.decode()


@pytest.mark.parametrize("key", ROLES)
def test_password_and_code_sign_every_role_in(key, consortium):
    user = world.ensure_user(key)
    client = full_login(site_of(key, consortium), user)
    assert client.get("/", follow=True).status_code == 200


@pytest.mark.parametrize("key", ROLES)
def test_without_a_second_factor_every_role_is_led_to_set_one_up_first(key, consortium, client_for):
    user = world.ensure_user(key)
    Authenticator.objects.filter(user=user).delete()
    site = site_of(key, consortium)
    client = client_for(user, site)
    for path in ("/", "/personer/", "/handelselogg/", "/system/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/tvastegsverifiering/", path
    page = client.get("/tvastegsverifiering/").content.decode()
    assert "Skydda ditt konto med tvåstegsverifiering" in page
    assert 'href="/accounts/2fa/totp/activate/"' in page and 'href="/accounts/2fa/webauthn/add/"' in page
    # Setting one up, and signing out, stay open.
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauthenticate/")


def test_a_code_app_set_up_opens_the_platform_and_gives_recovery_codes(lund, kontakt_lund):
    Authenticator.objects.filter(user=kontakt_lund).delete()
    client, _ = password_login(lund, kontakt_lund)
    assert signed_in(client)  # no factor yet: signed in, but fenced
    assert client.get("/")["Location"] == "/tvastegsverifiering/"
    # allauth asks for the password again before a factor is set up.
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": world.PASSWORD})
    form = client.get("/accounts/2fa/totp/activate/")
    assert form.status_code == 200
    secret = form.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    done = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/2fa/recovery-codes/"  # shown at once, to be written down
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes(Authenticator.objects.get(user=kontakt_lund, type="recovery_codes")).get_unused_codes()
    page = client.get(done["Location"]).content.decode()
    assert "Återställningskoder" in page and all(code in page for code in codes)
    assert client.get("/").status_code == 200


def test_a_recovery_code_is_a_second_factor_once(lund, kontakt_lund):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(kontakt_lund).get_unused_codes()
    client, _ = password_login(lund, kontakt_lund)
    client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert signed_in(client)
    again, _ = password_login(lund, kontakt_lund)
    again.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert not signed_in(again)


def test_a_session_from_single_sign_on_needs_no_second_factor_here(lund, kontakt_lund, client_for):
    """The hook the SSO login uses: the IdP did MFA, so the platform does not ask again."""
    Authenticator.objects.filter(user=kontakt_lund).delete()
    client = client_for(kontakt_lund, lund)
    assert client.get("/").status_code == 302
    session = client.session
    session[gate.IDP_SESSION_KEY] = True
    session.save()
    assert client.get("/").status_code == 200


def test_allauths_socialaccount_record_counts_as_the_idps_mfa(lund, kontakt_lund, client_for):
    Authenticator.objects.filter(user=kontakt_lund).delete()
    client = client_for(kontakt_lund, lund)
    session = client.session
    session["account_authentication_methods"] = [{"method": "socialaccount", "provider": "lund", "at": 0}]
    session["account_authentication_methods_user"] = str(kontakt_lund.pk)
    session.save()
    assert client.get("/").status_code == 200


def test_a_removed_factor_is_noticed_on_the_next_request(lund, kontakt_lund):
    client = full_login(lund, kontakt_lund)
    assert client.get("/").status_code == 200
    client.post("/accounts/reauthenticate/", {"password": world.PASSWORD})
    totp = Authenticator.objects.get(user=kontakt_lund, type="totp")
    client.post("/accounts/2fa/totp/deactivate/", {})
    assert not Authenticator.objects.filter(pk=totp.pk).exists()
    assert client.get("/")["Location"] == "/tvastegsverifiering/"


def test_passkeys_belong_to_the_parent_domain_so_one_works_on_every_site(lund, bjuv, consortium, forvaltare):
    """The WebAuthn relying party is PLATFORM_DOMAIN on every host (browser test: tests/e2e/test_passkeys.py)."""
    client = full_login(lund, forvaltare)
    client.post("/accounts/reauthenticate/", {"password": world.PASSWORD})  # allauth asks before any change
    for site in (lund, bjuv, consortium):
        client.defaults["HTTP_HOST"] = host_of(site)  # one session for every site
        page = client.get("/accounts/2fa/webauthn/add/")
        assert page.status_code == 200, page
        rp = page.context["js_data"]["creation_options"]["publicKey"]["rp"]
        assert rp["id"] == "skanearkiv.localhost"
        assert host_of(site) == rp["id"] or host_of(site).endswith("." + rp["id"])


def test_a_code_works_once_across_sites(lund, bjuv, kontakt_lund):
    client, _ = password_login(lund, kontakt_lund)
    code = current_totp_code(kontakt_lund)
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert signed_in(client)
    other = Client(HTTP_HOST=host_of(bjuv))
    other.post("/accounts/login/", {"login": kontakt_lund.email, "password": world.PASSWORD})
    other.post("/accounts/2fa/authenticate/", {"code": code})
    assert not signed_in(other)
