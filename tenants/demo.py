"""The demo consortium: SkånEarkiv's 16 kommuner and one person per role. Idempotent."""

import csv
import unicodedata
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.db import transaction

from .models import CONSORTIUM_SCHEMA, Domain, Kommun, Role, User
from .reference import DATA_DIR
from .services import kommun_create, membership_set_role

CONSORTIUM_NAME = "SkånEarkiv"
POPULATION_YEAR = 2019


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    subdomain: str | None  # None: the consortium


DEMO_USERS = [
    DemoUser("forvaltare@skanearkiv.example", "Frida Förvaltare", Role.FORVALTNING, None),
    DemoUser("ledning@skanearkiv.example", "Leif Ledning", Role.LEDNING, None),
    DemoUser("kontakt.lund@skanearkiv.example", "Karin Kontakt (Lund)", Role.KONTAKT, "lund"),
    DemoUser("arkivarie.lund@skanearkiv.example", "Arvid Arkivarie (Lund)", Role.ARKIVARIE, "lund"),
    DemoUser("kontakt.bjuv@skanearkiv.example", "Kim Kontakt (Bjuv)", Role.KONTAKT, "bjuv"),
    DemoUser("arkivarie.bjuv@skanearkiv.example", "Alva Arkivarie (Bjuv)", Role.ARKIVARIE, "bjuv"),
]


def subdomain_for(name: str) -> str:
    """ "Ängelholm" -> "angelholm": ASCII, lower case, hyphens for spaces."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(ascii_name.lower().split())


def skanearkiv_kommuner() -> list[dict]:
    with open(DATA_DIR / "skanearkiv_kommuner.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ensure_consortium() -> Kommun:
    """The public tenant (the consortium's own site) and its domain."""
    consortium = Kommun.objects.filter(schema_name=CONSORTIUM_SCHEMA).first()
    if consortium is None:
        consortium = Kommun(schema_name=CONSORTIUM_SCHEMA, name=CONSORTIUM_NAME, subdomain="samverkan", kommunkod=None)
        consortium.save(verbosity=0)
    Domain.objects.get_or_create(domain=settings.PLATFORM_DOMAIN, defaults={"tenant": consortium, "is_primary": True})
    return consortium


def ensure_kommuner() -> list[Kommun]:
    kommuner = []
    existing = {k.kommunkod: k for k in Kommun.objects.members()}
    for row in skanearkiv_kommuner():
        kommun = existing.get(row["kommunkod"])
        if kommun is None:
            kommun = kommun_create(
                kommunkod=row["kommunkod"],
                name=row["namn"],
                subdomain=subdomain_for(row["namn"]),
                population={POPULATION_YEAR: int(row["folkmangd_2019"])},
                status=Kommun.Status.MEMBER,
                joined_on=date(2020, 1, 1),
                is_host=row["roll"] == "värdkommun",
                actor=None,
            )
        kommuner.append(kommun)
    return kommuner


@transaction.atomic
def ensure_user(demo: DemoUser, sites: dict[str | None, Kommun]) -> User:
    user = User.objects.filter(email=demo.email).first()
    if user is None:
        user = User.objects.create_user(demo.email, settings.DEMO_PASSWORD, full_name=demo.full_name, is_demo=True)
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    membership_set_role(user=user, kommun=sites[demo.subdomain], role=demo.role, actor=None)
    # Every password login needs a second factor (issue 15): each demo user has TOTP; seed_demo prints the
    # secrets and `demo_totp` the current code.
    if not Authenticator.objects.filter(user=user, type="totp").exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def totp_secret(user: User) -> str | None:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


def seed() -> dict:
    """Create whatever of the demo is missing; a second run creates nothing."""
    consortium = ensure_consortium()
    kommuner = ensure_kommuner()
    sites = {None: consortium, **{k.subdomain: k for k in kommuner}}
    users = [ensure_user(demo, sites) for demo in DEMO_USERS]
    return {"consortium": consortium, "kommuner": kommuner, "users": users}
