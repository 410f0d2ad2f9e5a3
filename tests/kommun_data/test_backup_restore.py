"""kommun_backup and kommun_restore: Lund restored into a new database equals the original, table by table and
file by file."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import tenant_context

from onboarding.kommun_data.services.rows import public_tables, schema_storage_root
from tests.celery_worker import BASE_DIR, worker_database_url

from .conftest import fill_kommun


def _url_for(name: str) -> str:
    return worker_database_url().rsplit("/", 1)[0] + "/" + name


def _connect(name: str):
    db = connection.settings_dict
    return psycopg2.connect(dbname=name, user=db["USER"], password=db["PASSWORD"], host=db["HOST"] or None,
                            port=db["PORT"] or None)  # fmt: skip


def _admin_execute(sql: str) -> None:
    conn = _connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


@pytest.fixture
def fresh_database():
    """A new, empty database with only the shared (public) migrations, as on a new server; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": _url_for(name), "DATABASE_CONN_MAX_AGE": "0"}
    subprocess.run([sys.executable, "manage.py", "migrate_schemas", "--shared", "-v", "0"], cwd=BASE_DIR, env=env,
                   check=True, capture_output=True)  # fmt: skip
    yield name, env
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rows(cursor, sql: str, params=()) -> list:
    cursor.execute(sql, params)
    return cursor.fetchall()


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_lund_restored_into_a_new_database_equals_the_original(
    lund, bjuv, kontakt_lund, kontakt_bjuv, tmp_path, fresh_database, django_capture_on_commit_callbacks
):
    fill_kommun(lund, kontakt_lund, tmp_path, "Lund", django_capture_on_commit_callbacks)
    fill_kommun(bjuv, kontakt_bjuv, tmp_path, "Bjuv", django_capture_on_commit_callbacks)
    # Lund's person has every kind of second factor: TOTP (the world's), recovery codes and a passkey.
    RecoveryCodes.activate(kontakt_lund)
    passkey = {"name": "Nyckel", "credential": {"id": "abc", "type": "public-key"}}
    Authenticator.objects.create(user=kontakt_lund, type=Authenticator.Type.WEBAUTHN, data=passkey)
    call_command("kommun_backup", "lund", str(tmp_path / "backup"))
    name, env = fresh_database
    restored_media = tmp_path / "restored-media"
    env = {**env, "MEDIA_ROOT": str(restored_media), "REPORTS_ROOT": str(restored_media / "reports")}
    done = subprocess.run([sys.executable, "manage.py", "kommun_restore", str(tmp_path / "backup")], cwd=BASE_DIR,
                          env=env, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Återställde Lund" in done.stdout

    # Both read the same way (plain psycopg2: Django's own connection hands jsonb over undecoded).
    original_db, restored = _connect(connection.settings_dict["NAME"]), _connect(name)
    try:
        with original_db.cursor() as original_cursor, restored.cursor() as restored_cursor:
            tables = [t for (t,) in _rows(original_cursor, "SELECT tablename FROM pg_tables WHERE schemaname = %s "
                                                           "ORDER BY 1", [lund.schema_name])]  # fmt: skip
            assert len(tables) > 10
            assert _rows(restored_cursor, "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY 1",
                         [lund.schema_name]) == [(t,) for t in tables]  # fmt: skip
            compared_rows = 0
            for table in tables:
                sql = f'SELECT * FROM "{lund.schema_name}"."{table}" ORDER BY 1'
                original = _rows(original_cursor, sql)
                assert _rows(restored_cursor, sql) == original, table
                compared_rows += len(original)
            assert compared_rows > 0
            connection.set_schema_to_public()
            for table in public_tables(lund, include_own=True):
                sql, params = table.queryset().values_list().query.sql_with_params()
                original = _rows(original_cursor, sql, params)
                assert _rows(restored_cursor, sql, params) == original, table.label
            assert _rows(restored_cursor, "SELECT subdomain FROM tenants_kommun") == [("lund",)]
            # Lund's people come back with their sign-in records: second factors and e-mail addresses, exactly.
            people = "SELECT user_id FROM tenants_membership WHERE kommun_id = %s"
            for table in ("mfa_authenticator", "account_emailaddress"):
                sql = f"SELECT * FROM {table} WHERE user_id IN ({people}) ORDER BY 1"
                assert _rows(restored_cursor, sql, [lund.pk]) == _rows(original_cursor, sql, [lund.pk]), table
            sql = f"SELECT type FROM mfa_authenticator WHERE user_id IN ({people}) ORDER BY 1"
            assert {t for (t,) in _rows(restored_cursor, sql, [lund.pk])} == {"totp", "recovery_codes", "webauthn"}
            assert not _rows(restored_cursor, "SELECT * FROM mfa_authenticator WHERE user_id = %s", [kontakt_bjuv.pk])
    finally:
        restored.close()
        original_db.close()
    with tenant_context(lund):
        original_media = schema_storage_root(lund)
    assert _files(original_media) and _files(restored_media / lund.schema_name) == _files(original_media)
    reports = restored_media / "reports" / "kommun"
    assert _files(reports) == {"lund-2026.pdf": _files(Path(settings.REPORTS_ROOT) / "kommun")["lund-2026.pdf"]}


def test_backup_refuses_a_folder_in_use_and_restore_an_existing_kommun(lund, lund_data, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("något")
    with pytest.raises(CommandError, match="är inte tom"):
        call_command("kommun_backup", "lund", str(tmp_path / "used"))
    with pytest.raises(CommandError, match="ingen kommunbackup"):
        call_command("kommun_restore", str(tmp_path / "used"))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup_and_a_kommun_that_exists(lund, kontakt_lund, tmp_path):
    call_command("kommun_backup", "lund", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="finns redan i databasen"):
        call_command("kommun_restore", str(tmp_path / "backup"))
    with open(tmp_path / "backup" / "public" / "own" / "tenants.kommun.copy", "a", encoding="utf-8") as handle:
        handle.write(" ")
    with pytest.raises(CommandError, match="tenants.kommun.copy saknas eller har fel kontrollsumma"):
        call_command("kommun_restore", str(tmp_path / "backup"))
