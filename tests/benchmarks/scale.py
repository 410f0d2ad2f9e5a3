"""The benchmarks' world: seed_scale's 290 kommuner x 50 systems (its code path), committed and settled.

Building it means creating 290 kommun schemas the default way (each runs the tenant migrations, ~2-3 s of
Python state rendering per schema on this machine, ~15 minutes in all) and seeding ~14,500 systems. That cost
is not what any benchmark measures, so the world is built once and kept as a template database on the same
server, named after a key of everything it is made from: every migration file of every installed app,
the seeding code and the world's size (`world_key`). A later run whose test database lacks the world replaces
that database with a copy of the template (`CREATE DATABASE ... TEMPLATE`, a copy of files: seconds), the
same rows, schemas and statistics a fresh build would give; a changed migration or seeding module gives another
key, so a stale world is never reused. BENCH_WORLD_TEMPLATE=0 builds afresh (and keeps nothing).
"""

import hashlib
import os
import random
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

from onboarding.scale import ensure_kommuner, seed_systems, settle
from tenants.models import Kommun

# BENCH_KOMMUNER / BENCH_SYSTEMS build a smaller world while iterating; report figures at 290 x 50 only.
SCALE_KOMMUNER = int(os.environ.get("BENCH_KOMMUNER", "290"))
SCALE_SYSTEMS = int(os.environ.get("BENCH_SYSTEMS", "50"))
USE_TEMPLATE = os.environ.get("BENCH_WORLD_TEMPLATE", "1") != "0"
TEMPLATE_PREFIX = "bench_world_"
BASE_DIR = Path(settings.BASE_DIR)
# What the world is made of besides the migrations: the seeding code and the tests' own world (tests/world.py).
SEED_SOURCES = [
    "onboarding/scale.py",
    "onboarding/demo.py",
    "onboarding/catalogue.py",
    "onboarding/completeness.py",
    "onboarding/services/portfolio_index.py",
    "tenants/services.py",
    "tenants/provisioning.py",
    "tenants/reference.py",
    "tests/world.py",
]
SEED = 290  # the random seed of the world's systems (part of the key)


def build_scale_world() -> list[Kommun]:
    """The kommuner (created when missing) with their systems, settled by VACUUM ANALYZE as seed_scale does."""
    connection.set_schema_to_public()
    template = template_name()
    fresh = Kommun.objects.members().count() < SCALE_KOMMUNER
    if fresh and USE_TEMPLATE and _database_exists(template):
        _replace_database_with(template)
        fresh = False
    rng = random.Random(SEED)
    kommuner = ensure_kommuner(SCALE_KOMMUNER, rng=rng)
    seed_systems(kommuner, SCALE_SYSTEMS, rng=rng)
    settle(kommuner)
    if fresh and USE_TEMPLATE:
        _save_as(template)
    return kommuner


def world_key() -> str:
    """A digest of every migration file of every installed app (the project's and the libraries'), the seeding
    code, the seed and the world's size: the same key, the same world. (This module's own code, which only
    keeps and copies the world, is not part of it.)"""
    digest = hashlib.sha256(f"{SCALE_KOMMUNER}x{SCALE_SYSTEMS} seed {SEED}".encode())
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        folder = Path(app.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
            digest.update(f"{app.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    for name in SEED_SOURCES:
        digest.update(name.encode())
        digest.update((BASE_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def template_name() -> str:
    return f"{TEMPLATE_PREFIX}{SCALE_KOMMUNER}x{SCALE_SYSTEMS}_{world_key()}"


def _database_exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _copy(source: str, target: str) -> None:
    """CREATE DATABASE target as a file copy of source (no session may be connected to source)."""
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}" STRATEGY FILE_COPY')


def _replace_database_with(template: str) -> None:
    """The test database becomes a copy of the template (its name, and so Django's settings, stay)."""
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    _copy(template, name)
    connection.set_schema_to_public()


def _save_as(template: str) -> None:
    """Keep the world just built as the template of later runs; older worlds of this size go."""
    name = connection.settings_dict["NAME"]
    prefix = f"{TEMPLATE_PREFIX}{SCALE_KOMMUNER}x{SCALE_SYSTEMS}_"
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
        older = [old for (old,) in cursor.fetchall() if old != template]
        for old in older:
            cursor.execute(f'DROP DATABASE "{old}" WITH (FORCE)')
    if not _database_exists(template):  # another run of the same code may have kept it meanwhile
        _copy(name, template)
    connection.set_schema_to_public()
