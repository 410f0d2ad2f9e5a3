"""Cross-kommun checks for view tests: the people who may not see a site's objects get 404.

Who may not see a site follows from the test world (tests/world.py), so no test types the
list: on a kommun's site every role of the other kommun, on the consortium's site every
kommun person. Anonymous people get the login page instead of 404. Each URL is tried with
GET and POST unless a test says otherwise, and `assert_found` is the other half (someone who
may see the object does), so a check cannot pass because the URL points at nothing.

Model: NetBox's `utilities/testing/views.py` (reusable "without permission" / "constrained
permission -> 404" cases); here the constraint is the kommun.

    def test_other_kommun_gets_404(lund, cross_kommun):
        system = make_system(lund)
        cross_kommun.assert_found(lund, f"/system/{system.pk}/")
        cross_kommun.assert_hidden(lund, f"/system/{system.pk}/", f"/system/{system.pk}/ta-bort/")
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tenants.models import Kommun, Role
from tests import world

ANONYMOUS = "anonymous"


def host_of(site: Kommun) -> str:
    return settings.PLATFORM_DOMAIN if site.is_consortium else f"{site.subdomain}.{settings.PLATFORM_DOMAIN}"


def _home(key: str) -> str | None:
    """The subdomain of a world user's kommun, or None for the consortium's people."""
    return world.USERS[key][3]


def intruders(site: Kommun) -> list[str]:
    """The world's users with no business on `site`: another kommun's people, or on the consortium's
    site every kommun person (their pages are on their kommun's site)."""
    if site.is_consortium:
        return [key for key in world.USERS if _home(key) is not None]
    return [key for key in world.USERS if _home(key) not in (None, site.subdomain)]


def readers(site: Kommun) -> list[str]:
    """The world's users who may read `site`: its own people with the widest kommun role, and the förvaltning."""
    if site.is_consortium:
        return ["forvaltare"]
    own = [key for key in world.USERS if _home(key) == site.subdomain and world.USERS[key][2] == Role.ARKIVARIE]
    return [*own, "forvaltare"]


def own_site_of(key: str) -> Kommun:
    return world.ensure_kommun(_home(key))


def is_login_redirect(response) -> bool:
    """A redirect to the login page that comes back to the page asked for (allauth's, or the admin's own)."""
    if response.status_code != 302:
        return False
    target = urlsplit(response["Location"])
    return target.path in (reverse("account_login"), "/admin/login/") and target.query.startswith("next=")


@dataclass(frozen=True)
class Answer:
    method: str
    host: str
    url: str
    who: str
    status: int
    location: str

    def __str__(self) -> str:
        where = f" -> {self.location}" if self.location else ""
        return f"{self.method.upper()} {self.host}{self.url} as {self.who}: {self.status}{where}"


def not_allowed(response, method: str) -> bool:
    """405 because the view takes no such method at all (Django's Allow header): the same answer for any id,
    so it tells nothing of the object."""
    allowed = {m.strip() for m in response.get("Allow", "").split(",")}
    return response.status_code == 405 and method.upper() not in allowed


def hides(response, who: str, method: str) -> bool:
    """The answer tells `who` nothing: 404 to a person, the login page to anonymous, or a 405 as above."""
    if not_allowed(response, method):
        return True
    return is_login_redirect(response) if who == ANONYMOUS else response.status_code == 404


class CrossKommun:
    """Clients per (site, user), logged in once; every request made is counted in `requests`."""

    def __init__(self):
        self._clients: dict[tuple[str, str], Client] = {}
        self.requests = 0

    def client(self, site: Kommun, who: str) -> Client:
        key = (site.schema_name, who)
        if key not in self._clients:
            client = Client(HTTP_HOST=host_of(site))
            if who != ANONYMOUS:
                client.force_login(world.ensure_user(who))
            self._clients[key] = client
        return self._clients[key]

    def ask(self, site: Kommun, url: str, who: str, method: str = "get", data: dict | None = None):
        self.requests += 1
        return getattr(self.client(site, who), method)(url, data or {})

    def _answer(self, site, url, who, method, response) -> Answer:
        return Answer(method, host_of(site), url, who, response.status_code, response.get("Location", ""))

    def not_hidden(
        self,
        site: Kommun,
        url: str,
        *,
        users: list[str] | None = None,
        methods=("get", "post"),
        data: dict | None = None,
        anonymous: bool = True,
    ) -> list[Answer]:
        """The answers to `url` on `site` that let someone see it who may not (see `hides`): every intruder
        of the site, or `users`, and anonymous."""
        wrong = []
        who_all = [*(intruders(site) if users is None else users), *([ANONYMOUS] if anonymous else [])]
        for who in who_all:
            for method in methods:
                response = self.ask(site, url, who, method, data if method == "post" else None)
                if not hides(response, who, method):
                    wrong.append(self._answer(site, url, who, method, response))
        return wrong

    def assert_hidden(self, site: Kommun, *urls: str, also_on_their_sites: bool = False, **options) -> None:
        """Every URL answers 404 to each intruder of `site` (login for anonymous), GET and POST.

        options: users (instead of the intruders), methods, data (the POST's), anonymous.
        also_on_their_sites: the intruders ask for the same URLs on their own kommun's site too
        (for objects kept in the public schema: statements, reports, invitations).
        """
        wrong = []
        for url in urls:
            wrong += self.not_hidden(site, url, **options)
            if also_on_their_sites:
                for who in options.get("users") or intruders(site):
                    wrong += self.not_hidden(own_site_of(who), url, **{**options, "users": [who], "anonymous": False})
        assert not wrong, "seen by someone who may not:\n" + "\n".join(map(str, wrong))

    def found(self, site: Kommun, url: str, *, users: list[str] | None = None) -> list[Answer]:
        """GET answers of `url` on `site` to the people who may read it: the ones that are 404."""
        missing = []
        for who in users or readers(site):
            response = self.ask(site, url, who)
            if response.status_code == 404:
                missing.append(self._answer(site, url, who, "get", response))
        return missing

    def assert_found(self, site: Kommun, *urls: str, users: list[str] | None = None) -> None:
        """Someone who may read the site gets an answer other than 404: the URLs name real objects."""
        missing = [answer for url in urls for answer in self.found(site, url, users=users)]
        assert not missing, "not found by someone who may see it:\n" + "\n".join(map(str, missing))
