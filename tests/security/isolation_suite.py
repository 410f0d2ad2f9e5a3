"""The route-enumerating isolation check: every route of both urlconfs, its parameters filled with
another kommun's objects, asked by every person who may not see them.

Three ways in, each GET and POST:
- on the victim's site (Bjuv), as each role of the other kommun (Lund) and anonymous;
- on the intruders' own site (Lund) with the victim's ids in the URL, as each of Lund's roles
  (objects kept in the public schema, statements, reports, invitations, are the ones this reaches);
- on the consortium's site, as every kommun person and anonymous.
The answer must be 404, or the login page for anonymous people; the few routes that answer
otherwise by design are listed in GATES with their reason. A route is found by walking the
urlconf, so a new view is checked without anyone adding it here.
"""

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

from tests import isolation
from tests.isolation import ANONYMOUS, Answer, CrossKommun, host_of

from .routes import Route, entry, fill, match, routes
from .targets import PARAMETERS, QUERIES, SECRET, Targets

OPEN = "open"


def _api_refuses(response, who) -> bool:
    """The archive API reads only its bearer token: a session counts for nothing (404 where it has no page)."""
    return response.status_code in (401, 404)


def _to_own_site(response, who) -> bool:
    """The consortium's start page sends a kommun person to their kommun's site."""
    return response.status_code == 302 and urlsplit(response["Location"]).hostname == host_of(
        isolation.own_site_of(who)
    )


def _moved_within_the_consortium(response, who) -> bool:
    """A moved page: a redirect to another route of the consortium's site (which this suite asks itself)."""
    target = urlsplit(response.get("Location", ""))
    if response.status_code != 301 or target.netloc:
        return False
    try:
        return resolve(target.path, urlconf=settings.PUBLIC_SCHEMA_URLCONF) is not None
    except Resolver404:
        return False


def _admin_login(response, who) -> bool:
    """The admin has its own gate: everyone without staff status is sent to log in there."""
    return isolation.is_login_redirect(response)


# Routes that answer a person without business there something else than 404, and why.
# OPEN routes are not asked: they hold nothing of any kommun's.
SHARED_GATES = {
    "accounts/*": (OPEN, "allauth: logging in, and the person's own account"),
    "i18n/*": (OPEN, "the language choice"),
    "tillganglighet/": (OPEN, "the accessibility statement, the same on every site"),
    "healthz": (OPEN, "the load balancer's probe: 'ok' and nothing else"),
    ".well-known/security.txt": (OPEN, "where to report a vulnerability, the same on every site"),
    "favicon.ico": (OPEN, "the site icon, the same on every site"),
    "inbjudan/<token>/": (
        OPEN,
        "an invitation link: the token is the key; refused on any other site (test_invitations)",
    ),
    "nyheter/flode/<token>/": (
        OPEN,
        "a person's news feed for feed readers: the signed token is the key; it works only on a site its "
        "person may read, and stops when renewed (tests/news)",
    ),
}
GATES = {
    "kommun": SHARED_GATES,
    "consortium": {
        **SHARED_GATES,
        "": (_to_own_site, "the start page sends kommun people to their own site"),
        "portfolj/": (_moved_within_the_consortium, "the portfolio's old address: a redirect to planering/portfolj/"),
        "api/openapi.json": (OPEN, "the archive API's published schema"),
        "api/docs": (OPEN, "the archive API's published documentation"),
        "api/*": (_api_refuses, "the archive API answers 401 to anything but its token"),
        "admin/login/": (OPEN, "the admin's own login form"),
        "admin/logout/": (OPEN, "the admin's own logout: sends to the admin, which asks to log in"),
        "admin/*": (_admin_login, "the admin's own staff login"),
    },
}


@dataclass
class Result:
    """What one way in asked, and the answers that were wrong."""

    requests: int = 0
    routes: int = 0
    urls: int = 0
    # Answers other than 404 / the login page that were right all the same, by why (405, a gate).
    others: Counter = field(default_factory=Counter)
    wrong: list[Answer] = field(default_factory=list)

    def report(self) -> str:
        return "\n".join(map(str, self.wrong))


# What each way in asked, for the summary at the end of the run (tests/security/conftest.py).
FIGURES: dict[str, Result] = {}


def summary() -> list[str]:
    lines = []
    for name, result in FIGURES.items():
        others = sum(result.others.values())
        lines.append(
            f"{name}: {result.routes} routes, {result.urls} URLs, "
            f"{result.requests} requests (URL x person x method); {len(result.wrong)} wrong; "
            f"{others} right answers other than 404/login"
        )
        lines += [f"    {count:5} {why}" for why, count in result.others.most_common()]
    return lines


def urlconf_of(site) -> str:
    return settings.PUBLIC_SCHEMA_URLCONF if site.is_consortium else settings.ROOT_URLCONF


def gate_of(route: Route, site):
    """The route's entry in GATES, (its pattern, (answer, why)), or None for the rule: 404 / the login page."""
    gates = GATES["consortium" if site.is_consortium else "kommun"]
    key = match(gates, route.path)
    return None if key is None else (key, gates[key])


def _open(route: Route, site) -> bool:
    gate = gate_of(route, site)
    return gate is not None and gate[1][0] == OPEN


def names_an_object(route: Route) -> bool:
    return any(entry(route, param, PARAMETERS).names_an_object for param in route.params)


def filled(site, targets: Targets, *, objects_only: bool = False) -> list[tuple[Route, list[str]]]:
    """Every asked route of the site's urlconf with its URLs (OPEN routes left out; with objects_only,
    only the routes whose URL names an object, not just a format or an action)."""
    found = []
    for route in routes(urlconf_of(site)):
        if _open(route, site) or (objects_only and not names_an_object(route)):
            continue
        urls = fill(route, PARAMETERS, targets, site)
        if route.path in QUERIES:
            urls = [replace(one, url=f"{one.url}?{QUERIES[route.path](targets)}") for one in urls]
        found.append((route, urls))
    return found


def verdict(response, who: str, method: str, gate) -> tuple[bool, str]:
    """Whether the answer hides the route from `who`, and, when it is not 404 / the login page, why it is right."""
    if isolation.not_allowed(response, method):
        return True, f"405: the view takes no {method.upper()}"
    if gate is not None and not (who == ANONYMOUS and isolation.is_login_redirect(response)):
        pattern, (expected, why) = gate
        return expected(response, who), f"{pattern!r}: {why}"
    return isolation.hides(response, who, method), ""


def ask_everyone(cross: CrossKommun, site, users: list[str], targets: Targets, *, objects_only=False, url_site=None):
    """Ask every filled URL of `url_site`'s routes (default: the site's own) on `site` as each of `users`,
    GET and POST, and anonymous unless objects_only: the answers the route's gate does not allow."""
    result = Result()
    who_all = [*users, *([] if objects_only else [ANONYMOUS])]
    for route, urls in filled(url_site or site, targets, objects_only=objects_only):
        result.routes += 1
        gate = gate_of(route, site)
        for url in (one.url for one in urls):
            result.urls += 1
            for who in who_all:
                for method in ("get", "post"):
                    response = cross.ask(site, url, who, method)
                    result.requests += 1
                    ok, why = verdict(response, who, method, gate)
                    if not ok:
                        location = response.get("Location", "")
                        result.wrong.append(Answer(method, host_of(site), url, who, response.status_code, location))
                    elif why:
                        result.others[why] += 1
    return result


def _text_of(response) -> bytes:
    """The body, with the members of a zip (an xlsx export) unpacked, so a name inside is seen."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(name) for name in archive.namelist())
    return body


def own_pages_without_secrets(cross: CrossKommun, site, users: list[str], targets: Targets) -> Result:
    """The intruders' own pages that name no object (their lists, exports, start page) show nothing of the
    victim's: neither its system's name nor its statement's number."""
    result = Result()
    secrets = [SECRET.encode(), targets.statement.number.encode()]
    for route, urls in filled(site, targets):
        if names_an_object(route) or gate_of(route, site) is not None:  # a gated page is no list of anything
            continue
        result.routes += 1
        for url in (filled.url for filled in urls):
            result.urls += 1
            for who in users:
                response = cross.ask(site, url, who)
                result.requests += 1
                shown = [secret.decode() for secret in secrets if secret in _text_of(response)]
                if shown:
                    result.wrong.append(Answer("get", host_of(site), url, who, response.status_code, f"shows {shown}"))
    return result


def not_found_by_readers(cross: CrossKommun, site, targets: Targets) -> Result:
    """The other half: someone who may read the site gets something other than 404 (GET) from at least one
    URL of each route, and from at least one URL with each object's id, so no check above passes because
    its URLs name nothing. An object kept for the consortium (a draft statement) may be looked for on the
    consortium's site: it is the same id there."""
    result = Result()
    asked = [(site, who) for who in isolation.readers(site)]
    if not site.is_consortium:
        asked.append((targets.consortium, "forvaltare"))
    values_found: dict[tuple[str, str], bool] = {}
    for route, urls in filled(site, targets):
        if gate_of(route, site) is not None:
            continue
        result.routes += 1
        route_found = False
        for one in urls:
            result.urls += 1
            found = False
            for where, who in asked:
                result.requests += 1
                if cross.ask(where, one.url, who).status_code != 404:
                    found = True
                    break
            route_found |= found
            for key, value in one.values:
                if PARAMETERS[key].names_an_object:
                    values_found[(key, value)] = values_found.get((key, value), False) or found
        if not route_found:
            result.wrong.append(Answer("get", host_of(site), urls[0].url, "every reader", 404, "(every URL)"))
    for (key, value), found in values_found.items():
        if not found:
            result.wrong.append(Answer("get", host_of(site), f"{key} = {value}", "every reader", 404, "(every route)"))
    return result
