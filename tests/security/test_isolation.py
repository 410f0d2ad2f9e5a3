"""No kommun sees another's objects through any route: the route-enumerating suite (isolation_suite.py),
and the proof that it covers a new view by itself."""

import pytest
from django.db import transaction
from django.test import override_settings

from config.celery import app as celery_app
from tenants.models import Kommun
from tests import isolation, world
from tests.isolation import CrossKommun, host_of

from . import isolation_suite as suite
from .routes import UnregisteredParameter, fill, routes
from .targets import PARAMETERS, QUERIES, build, choices

LUND_PEOPLE = ["kontakt_lund", "arkivarie_lund"]


@pytest.fixture(scope="module")
def targets(django_db_setup, django_db_blocker, tmp_path_factory):
    """Bjuv's objects of every kind, made once for the module and rolled back after it."""
    folder = tmp_path_factory.mktemp("isolation")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    folders = override_settings(
        MEDIA_ROOT=folder / "media",
        INGEST_DIR=folder / "ingest",
        ARCHIVE_INGEST_DIR=folder / "archive",
        REPORTS_ROOT=folder / "reports",
        KOMMUN_EXPORT_DIR=folder / "exports",
    )
    with folders, django_db_blocker.unblock(), transaction.atomic():
        made = build(folder)
        yield made
        transaction.set_rollback(True)
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def sites(db, targets):
    return {"lund": world.ensure_kommun("lund"), "bjuv": targets.victim, "consortium": Kommun.objects.consortium()}


def _fail_with(result: suite.Result, what: str, figures: str | None = None):
    if figures:
        suite.FIGURES[figures] = result
    assert not result.wrong, f"{len(result.wrong)} of {result.requests} answers {what}:\n{result.report()}"


def test_other_kommuns_people_get_404_on_every_route_of_a_kommuns_site(sites, targets):
    cross = CrossKommun()
    result = suite.ask_everyone(cross, sites["bjuv"], LUND_PEOPLE, targets)
    assert result.routes > 30 and result.requests == result.urls * (len(LUND_PEOPLE) + 1) * 2
    _fail_with(result, "let Lund's people or anonymous see Bjuv's site", "Bjuv's site, as Lund's people and anonymous")


def test_another_kommuns_ids_get_404_on_ones_own_site(sites, targets):
    cross = CrossKommun()
    result = suite.ask_everyone(cross, sites["lund"], LUND_PEOPLE, targets, objects_only=True, url_site=sites["bjuv"])
    assert result.routes > 20
    _fail_with(
        result, "on Lund's own site reached one of Bjuv's objects", "Lund's site with Bjuv's ids, as Lund's people"
    )
    result = suite.own_pages_without_secrets(cross, sites["lund"], LUND_PEOPLE, targets)
    _fail_with(result, "of Lund's own pages showed Bjuv's system", "Lund's own pages without ids: no Bjuv name")


def test_kommun_people_get_404_on_every_route_of_the_consortium(sites, targets):
    cross = CrossKommun()
    people = isolation.intruders(sites["consortium"])
    assert sorted(people) == sorted([*LUND_PEOPLE, "kontakt_bjuv", "arkivarie_bjuv"])
    result = suite.ask_everyone(cross, sites["consortium"], people, targets)
    assert result.routes > 30
    _fail_with(
        result, "let kommun people or anonymous see the consortium's site", "consortium, as kommun people and anonymous"
    )


def test_the_name_check_sees_the_victims_names_where_they_are_shown(sites, targets):
    """Asked as Bjuv's own arkivarie, Bjuv's pages do show its names: the check above can see them."""
    result = suite.own_pages_without_secrets(CrossKommun(), sites["bjuv"], ["arkivarie_bjuv"], targets)
    shown = {answer.url: answer.location for answer in result.wrong}
    assert "/system/" in shown and "/system/export.xlsx" in shown  # an xlsx is read inside its zip
    assert targets.statement.number in shown["/fakturaunderlag/export.csv"]


@pytest.mark.parametrize("site", ["bjuv", "consortium"])
def test_every_filled_url_is_found_by_someone_who_may_see_it(sites, targets, site):
    result = suite.not_found_by_readers(CrossKommun(), sites[site], targets)
    _fail_with(result, "were 404 even to the site's readers (the URL names nothing, the check above proves nothing)")


def test_every_registry_entry_fills_a_route(sites):
    """An entry no route uses any more is a stale promise of coverage."""
    used = set()
    for site in sites.values():
        for route in routes(suite.urlconf_of(site)):
            for param in route.params:
                used.add(suite.match(PARAMETERS, route.key_of(param)))
    assert set(PARAMETERS) - used == set()
    paths = {route.path for site in sites.values() for route in routes(suite.urlconf_of(site))}
    assert set(QUERIES) - paths == set()


def test_every_gate_matches_a_route(sites):
    for kind, site in (("kommun", sites["bjuv"]), ("consortium", sites["consortium"])):
        paths = [route.path for route in routes(suite.urlconf_of(site))]
        unused = [
            gate for gate in suite.GATES[kind] if not any(suite.match([gate], path) is not None for path in paths)
        ]
        assert unused == [], kind


# The proof: a view added to the urlconfs is checked without anyone listing it.


@override_settings(ROOT_URLCONF="tests.security.leaky_urls", PUBLIC_SCHEMA_URLCONF="tests.security.leaky_urls_public")
def test_a_leaky_view_added_to_the_urlconfs_fails_the_suite(sites, targets):
    cross = CrossKommun()
    own_site = suite.ask_everyone(cross, sites["lund"], LUND_PEOPLE, targets, objects_only=True, url_site=sites["bjuv"])
    consortium = suite.ask_everyone(cross, sites["consortium"], ["kontakt_bjuv"], targets)  # one is enough here
    by_url = {(a.host, a.url, a.who, a.method): a.status for a in own_site.wrong + consortium.wrong}
    statement = targets.statement.pk
    lund, consortium_host = host_of(sites["lund"]), host_of(sites["consortium"])
    assert by_url[(lund, f"/fakturaunderlag/{statement}/utskrift/", "kontakt_lund", "get")] == 200
    assert by_url[(consortium_host, f"/kostnader/{targets.cost_model.pk}/kopia/", "kontakt_bjuv", "post")] == 200
    assert {url for _host, url, _who, _method in by_url} == {
        f"/fakturaunderlag/{statement}/utskrift/",
        f"/fakturaunderlag/{targets.draft_statement.pk}/utskrift/",
        f"/kostnader/{targets.cost_model.pk}/kopia/",
    }


@override_settings(ROOT_URLCONF="tests.security.leaky_urls_unregistered")
def test_a_route_with_a_parameter_nobody_registered_fails_the_suite(sites, targets):
    with pytest.raises(UnregisteredParameter, match=r"lackor/<nummer>"):
        suite.filled(sites["bjuv"], targets)


def test_a_fill_that_reaches_another_view_is_refused(sites, targets):
    [route] = [r for r in routes("config.urls_public") if r.path == "kostnader/<pk>/"]
    wrong = {**PARAMETERS, "kostnader/<pk>": choices("summering")}  # the totals page's own route
    with pytest.raises(UnregisteredParameter, match="reaches billing:totals"):
        fill(route, wrong, targets, sites["consortium"])
