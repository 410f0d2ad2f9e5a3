"""Signing in through the real forms (password, then the TOTP step), as the people tests need."""

from django.test import Client

from tests.e2e.helpers import current_totp_code
from tests.isolation import host_of
from tests.world import PASSWORD


def password_login(site, user, *, password: str = PASSWORD) -> tuple[Client, object]:
    """A client on `site`'s host after allauth's password form: (client, the answer)."""
    client = Client(HTTP_HOST=host_of(site))
    return client, client.post("/accounts/login/", {"login": user.email, "password": password})


def full_login(site, user) -> Client:
    """Password and TOTP code, through allauth's two forms; the client is signed in."""
    client, response = password_login(site, user)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/", response
    answer = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(user)})
    assert answer.status_code == 302 and signed_in(client), answer
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
