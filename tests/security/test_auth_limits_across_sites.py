"""allauth's rate limits and its record of used TOTP codes hold across every site.

Each kommun's site is its own schema, and django-tenants' cache key function puts the schema in front
of every key: without care, five wrong guesses are allowed per site (17 sites: 85 guesses), and a TOTP
code used on one site can be used again on another within its 30 seconds.
"""

import random
import uuid

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.utils import translation

from tenants.models import User
from tests.conftest import host_of
from tests.e2e.helpers import current_totp_code

PASSWORD = "ett-bra-losenord-2026"


@pytest.fixture
def person(db, lund, bjuv):
    """A person of their own (the limits count per e-mail address; other tests' guesses must not count)."""
    email = f"gissning-{uuid.uuid4().hex[:10]}@test.example"
    user = User.objects.create_user(email, PASSWORD, full_name="Gun Gissning")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def client_on(site, ip: str) -> Client:
    # Each test comes from an address of its own, so the per-address limit (10 a minute) of other tests'
    # guesses from 127.0.0.1 does not lock this one out.
    return Client(HTTP_HOST=host_of(site), REMOTE_ADDR=ip)


def some_ip() -> str:
    return f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def log_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def too_many_attempts() -> str:
    with translation.override("sv"):
        return str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])


def test_five_wrong_passwords_on_lund_and_bjuv_together_lock_the_login_everywhere(lund, bjuv, person):
    ip = some_ip()
    for _ in range(3):
        log_in(client_on(lund, ip), person.email, "fel-losenord")
    for _ in range(2):
        log_in(client_on(bjuv, ip), person.email, "fel-losenord")

    right = client_on(lund, ip)
    response = log_in(right, person.email, PASSWORD)
    assert not signed_in(right), "the sixth try (with the right password) must be refused after five wrong ones"
    assert too_many_attempts() in response.content.decode()


def test_four_wrong_passwords_across_sites_still_let_the_right_one_in(lund, bjuv, person):
    ip = some_ip()
    for site in (lund, lund, bjuv, bjuv):
        log_in(client_on(site, ip), person.email, "fel-losenord")
    right = client_on(bjuv, ip)
    log_in(right, person.email, PASSWORD)
    assert signed_in(right)


def _at_mfa_step(site, user, ip) -> Client:
    client = client_on(site, ip)
    response = log_in(client, user.email, PASSWORD)
    assert response.status_code == 302 and "/accounts/2fa/authenticate/" in response["Location"]
    return client


def test_five_wrong_totp_codes_on_lund_and_bjuv_together_lock_the_mfa_step(lund, bjuv, person):
    TOTP.activate(person, generate_totp_secret())
    ip = some_ip()
    right_code = current_totp_code(person)
    wrong_code = f"{(int(right_code) + 1) % 1_000_000:06d}"
    on_lund = _at_mfa_step(lund, person, ip)
    for _ in range(3):
        on_lund.post("/accounts/2fa/authenticate/", {"code": wrong_code})
    on_bjuv = _at_mfa_step(bjuv, person, ip)
    for _ in range(2):
        on_bjuv.post("/accounts/2fa/authenticate/", {"code": wrong_code})

    response = on_bjuv.post("/accounts/2fa/authenticate/", {"code": current_totp_code(person)})
    assert not signed_in(on_bjuv), "the right code after five wrong ones (on two sites) must be refused"
    assert too_many_attempts() in response.content.decode()


def test_a_totp_code_used_on_lund_is_refused_on_bjuv(lund, bjuv, person):
    TOTP.activate(person, generate_totp_secret())
    ip = some_ip()
    code = current_totp_code(person)
    on_lund = _at_mfa_step(lund, person, ip)
    response = on_lund.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302 and signed_in(on_lund)

    on_bjuv = _at_mfa_step(bjuv, person, ip)
    response = on_bjuv.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 200 and not signed_in(on_bjuv), "a used code must not work on another site"


def test_the_platforms_own_cache_keys_stay_per_kommun(lund, bjuv):
    from django.core.cache import cache
    from django_tenants.utils import tenant_context

    key = f"import-progress-{uuid.uuid4().hex}"
    with tenant_context(lund):
        cache.set(key, 40, 60)
    with tenant_context(bjuv):
        assert cache.get(key) is None, "a kommun's cached value must not show on another kommun's site"
    with tenant_context(lund):
        assert cache.get(key) == 40
