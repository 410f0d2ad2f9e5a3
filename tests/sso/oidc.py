"""The OIDC provider for the tests of tests/sso and tests/e2e/test_sso_*: its people, the platform's client, and
how a site is pointed at it (as the förvaltning's page saves it)."""

from django.conf import settings

from tenants.models import Kommun, User
from tenants.sso.models import IdentityProvider
from tenants.sso.providers import platform_addresses
from tenants.sso.services import identity_provider_save

CLIENT_ID = "skanearkiv-platform"
CLIENT_SECRET = "a-secret-only-the-test-knows"  # noqa: S105
IDP_PASSWORD = "idp-password-2026"  # noqa: S105
# The IdP's people: the platform knows some of them (tests/world.py), others not.
IDP_USERS = [
    {"username": "karin", "email": "kontakt.lund@test.example", "name": "Karin Kontakt"},
    {"username": "alva", "email": "arkivarie.bjuv@test.example", "name": "Alva Arkivarie"},
    {"username": "nora", "email": "nora.ny@test.example", "name": "Nora Ny"},
    {"username": "okand", "email": "okand.person@test.example", "name": "Olle Okänd"},
]


def redirect_uris(port: str, sites: list[str]) -> list[str]:
    """The platform's callback on each site, as the förvaltning's page shows it for the IdP's registration."""
    host = settings.PLATFORM_DOMAIN
    return [f"http://{s + '.' if s else ''}{host}:{port}/accounts/oidc/{s or 'public'}-oidc/login/callback/"
            for s in sites]  # fmt: skip


def configure(site: Kommun, issuer: str, actor: User, *, password_login_allowed: bool = True) -> IdentityProvider:
    assert platform_addresses(site)["oidc_redirect_uri"].endswith(
        f"/accounts/oidc/{site.schema_name}-oidc/login/callback/"
    )
    return identity_provider_save(
        kommun=site, actor=actor, protocol="oidc", oidc_issuer=issuer, oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET, password_login_allowed=password_login_allowed,
    )  # fmt: skip
