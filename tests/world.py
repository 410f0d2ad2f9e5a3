"""The test world: the consortium, two kommuner (Lund, Bjuv) and a named user per role.

Created once per session; re-created cheaply after a transactional test has emptied the
public tables (the kommun schemas survive such a flush, so no migration runs again).
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection

from tenants.demo import ensure_consortium
from tenants.models import Kommun, Role, User
from tenants.services import kommun_create, membership_set_role

PASSWORD = "test-password-1234"

KOMMUNER = {
    "lund": {"kommunkod": "1281", "name": "Lund", "population": {2019: 124935, 2024: 128513}, "is_host": True},
    "bjuv": {"kommunkod": "1260", "name": "Bjuv", "population": {2019: 15715, 2024: 16109}, "is_host": False},
}
USERS = {
    "kontakt_lund": ("kontakt.lund@test.example", "Karin Kontakt", Role.KONTAKT, "lund"),
    "arkivarie_lund": ("arkivarie.lund@test.example", "Arvid Arkivarie", Role.ARKIVARIE, "lund"),
    "kontakt_bjuv": ("kontakt.bjuv@test.example", "Kim Kontakt", Role.KONTAKT, "bjuv"),
    "arkivarie_bjuv": ("arkivarie.bjuv@test.example", "Alva Arkivarie", Role.ARKIVARIE, "bjuv"),
    "forvaltare": ("forvaltare@test.example", "Frida Förvaltare", Role.FORVALTNING, None),
    "ledning": ("ledning@test.example", "Leif Ledning", Role.LEDNING, None),
}


def ensure_kommun(subdomain: str) -> Kommun:
    kommun = Kommun.objects.filter(subdomain=subdomain).first()
    if kommun is None:
        spec = KOMMUNER[subdomain]
        kommun = kommun_create(subdomain=subdomain, actor=None, **spec)
    return kommun


def ensure_user(key: str) -> User:
    email, name, role, subdomain = USERS[key]
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, PASSWORD, full_name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        site = ensure_consortium() if subdomain is None else ensure_kommun(subdomain)
        membership_set_role(user=user, kommun=site, role=role, actor=None)
        TOTP.activate(user, generate_totp_secret())  # every role needs a second factor (issue 15)
    return user


def ensure_world() -> None:
    connection.set_schema_to_public()
    ensure_consortium()
    for subdomain in KOMMUNER:
        ensure_kommun(subdomain)
    for key in USERS:
        ensure_user(key)
    ensure_plan_inputs()


def ensure_plan_inputs() -> None:
    """The plan's draft inputs, which migrate makes: a transactional test's flush empties them, and in a
    parallel run (make test: two xdist workers) a worker's next test may come after such a flush."""
    from onboarding.planning.services import plan_inputs_setup

    plan_inputs_setup()  # makes them only when they are missing


def totp_secret_of(user: User) -> str:
    from allauth.mfa.utils import decrypt

    return decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
