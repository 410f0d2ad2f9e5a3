"""A staff person of the admin, signed in as the platform requires: allauth's login, then the TOTP step."""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client

from tenants.models import User
from tests.e2e.helpers import current_totp_code

ADMIN_PASSWORD = "admin-losenord-2026"


def make_staff(*, mfa: bool = True, superuser: bool = True) -> User:
    """A new staff person each time: a TOTP code works once, so no two tests may share one."""
    email = f"admin-{uuid.uuid4().hex[:10]}@test.example"
    if superuser:
        user = User.objects.create_superuser(email, ADMIN_PASSWORD, full_name="Ada Admin")
    else:
        user = User.objects.create_user(email, ADMIN_PASSWORD, full_name="Ada Admin", is_staff=True)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def log_in(client: Client, user: User, *, with_code: bool = True):
    """allauth's login form, and (when the person has TOTP) its MFA step; returns the last answer."""
    response = client.post("/accounts/login/", {"login": user.email, "password": ADMIN_PASSWORD})
    if with_code and response.status_code == 302 and "/accounts/2fa/authenticate/" in response["Location"]:
        response = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(user)})
    return response


def admin_client(user: User | None = None) -> Client:
    """A client on the consortium's host, signed in through allauth with password and TOTP."""
    user = user or make_staff()
    client = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    response = log_in(client, user)
    assert response.status_code == 302, "the staff person could not sign in"
    return client
