"""Shared fixtures: the test world (consortium, Lund, Bjuv, a user per role) and clients per site."""

import pytest
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import connection
from django.test import Client
from django.utils import translation

from tests import isolation, needs, world
from tests.isolation import host_of


def _flush_with_cascade():
    """Kommun tables may reference public ones (a system's author is a public User), so the
    TRUNCATE that ends a transactional test must cascade into the kommun schemas."""
    from django.core.management.commands import flush

    original = flush.Command.handle
    if getattr(original, "_cascades", False):
        return

    def handle(self, **options):
        options["allow_cascade"] = True
        return original(self, **options)

    handle._cascades = True
    flush.Command.handle = handle


_flush_with_cascade()


def _tenant_storage_follows_media_root(setting, **kwargs):
    """django-tenants' storage caches MEDIA_ROOT the first time and forgets it only for its own setting: a test
    that sets MEDIA_ROOT would otherwise store files under the first test's folder (where a worker process,
    told the new MEDIA_ROOT, does not look)."""
    if setting == "MEDIA_ROOT":
        storages["default"].__dict__.pop("relative_media_root", None)


setting_changed.connect(_tenant_storage_follows_media_root)


def pytest_configure(config):
    needs.allowed_skips()  # an unknown name in ALLOW_SKIP stops the run before any test


def pytest_terminal_summary(terminalreporter):
    """Skips are allowed only when asked for: say which were, so a short run is never mistaken for a full one."""
    granted = needs.granted_skips(terminalreporter)
    if granted:
        terminalreporter.section("skipped because ALLOW_SKIP asked for it", yellow=True)
        for name, count in sorted(granted.items()):
            terminalreporter.write_line(f"ALLOW_SKIP={name}: {count} tests did not run ({needs.SKIPPABLE[name]})")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Create the consortium and the two kommuner once: their schemas are migrated here, ~0.6 s."""
    with django_db_blocker.unblock():
        world.ensure_world()
    yield


@pytest.fixture(scope="session")
def clamd_daemon():
    """A real clamd with the tests' own signatures (EICAR and one custom), on a unix socket (tests/clamd.py)."""
    from tests.clamd import start_clamd

    daemon = start_clamd()
    yield daemon
    daemon.stop()


@pytest.fixture(autouse=True)
def _fresh_totp_window():
    """A test's logins need no wait for a TOTP window, nor meet a rate limit, that an earlier test used
    (tests/e2e/helpers.forget_allauth_state)."""
    yield
    from tests.e2e.helpers import forget_allauth_state

    forget_allauth_state()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users are re-created after every transactional test: hash their passwords cheaply (tests only)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _back_to_public():
    """A request leaves the connection on the kommun's schema: go back to public after each test."""
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread: the next test starts in the default again."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Tasks run in-process in ordinary tests; tests/celery use a real worker instead."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def consortium(db):
    world.ensure_world()
    from tenants.models import Kommun

    return Kommun.objects.consortium()


@pytest.fixture
def lund(db):
    world.ensure_world()
    return world.ensure_kommun("lund")


@pytest.fixture
def bjuv(db):
    world.ensure_world()
    return world.ensure_kommun("bjuv")


def _user_fixture(key):
    @pytest.fixture(name=key)
    def _fixture(db):
        world.ensure_world()
        return world.ensure_user(key)

    return _fixture


kontakt_lund = _user_fixture("kontakt_lund")
arkivarie_lund = _user_fixture("arkivarie_lund")
kontakt_bjuv = _user_fixture("kontakt_bjuv")
arkivarie_bjuv = _user_fixture("arkivarie_bjuv")
forvaltare = _user_fixture("forvaltare")
ledning = _user_fixture("ledning")


@pytest.fixture
def client_for(db):
    """client_for(user, site): a test client logged in as `user`, talking to `site`'s host."""

    def make(user, site) -> Client:
        client = Client(HTTP_HOST=host_of(site))
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def cross_kommun(db):
    """cross_kommun.assert_hidden(site, *urls) / .assert_found(site, *urls): see tests/isolation.py."""
    world.ensure_world()
    return isolation.CrossKommun()
