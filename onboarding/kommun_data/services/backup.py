"""Backup of one kommun, and its restore into another database (a fresh one: only the shared migrations run).

A backup folder holds:
- schema.dump: pg_dump (custom format) of the kommun's schema, every table with its rows and migrations;
- public/own/*.copy: the kommun's rows in public (the kommun, its domain, memberships, statements, audit trail...),
  as PostgreSQL's COPY writes them (exact values);
- public/deps/*.copy: the public rows those and the schema's rows point to (people, products, cost models...),
  restored only where the target database lacks them; with the people, their sign-in records (allauth's e-mail
  addresses, second factors: TOTP, recovery codes, passkeys, and single sign-on accounts), so a restored person
  signs in as before (README: why the factors are kept, and what that asks of the backup folder);
- files/media/: the kommun's uploaded files; files/reports/: its issued reports;
- backup.json: what the folder is, with the sha256 of every file in it.
"""

import hashlib
import json
import shutil
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.models import Kommun

from .postgres import dump_schema, restore_schema, schema_exists
from .rows import _fks, issued_report_files, public_tables, schema_storage_root, schema_tables

FORMAT = 1
# allauth's records of a person's sign-in: they point to the person (not to the kommun) and go back with them.
PERSON_APPS = ("account", "mfa", "socialaccount")


def _public_models() -> set[type[models.Model]]:
    tenant = {t.model for t in schema_tables()}
    return {m for m in apps.get_models() if m not in tenant}


def _dependencies(kommun: Kommun, own: dict) -> dict:
    """Public rows (model -> pks) that the kommun's rows point to, followed until nothing new turns up."""
    public = _public_models()
    wanted: dict = defaultdict(set)

    def collect(qs, model):
        for fk in _fks(model):
            if fk.related_model in public and fk.related_model is not Kommun:
                values = qs.exclude(**{f"{fk.attname}__isnull": True}).values_list(fk.attname, flat=True).distinct()
                wanted[fk.related_model].update(values)

    with tenant_context(kommun):
        for table in schema_tables():
            collect(table.queryset(), table.model)
    for table in public_tables(kommun, include_own=True):
        collect(table.queryset(), table.model)
    done: dict = defaultdict(set)
    while any(wanted[m] - done[m] for m in list(wanted)):
        for model in list(wanted):
            new = wanted[model] - done[model] - own.get(model, set())
            done[model] |= wanted[model]
            if new:
                collect(model._base_manager.filter(pk__in=new), model)
    result = {m: pks - own.get(m, set()) for m, pks in done.items() if pks - own.get(m, set())}
    people = result.get(apps.get_model(settings.AUTH_USER_MODEL), set())
    for model in _person_models():
        rows = model._base_manager.filter(user_id__in=people).values_list("pk", flat=True)
        if people and rows.exists():
            result[model] = set(rows)
    return result


def _person_models() -> list[type[models.Model]]:
    """The sign-in records of a person: PERSON_APPS' models with a `user` foreign key."""
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return [m for m in apps.get_models() if m._meta.app_label in PERSON_APPS
            and any(f.name == "user" and f.related_model is user for f in _fks(m))]  # fmt: skip


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def kommun_backup(*, kommun: Kommun, folder: Path) -> dict:
    """Write the backup of `kommun` into `folder` (new or empty). Returns what backup.json says."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise CommandError(f"Mappen {folder} är inte tom.")
    folder.mkdir(parents=True, exist_ok=True)
    connection.set_schema_to_public()
    dump_schema(kommun.schema_name, folder / "schema.dump")
    tables = public_tables(kommun, include_own=True)
    own = {t.model: set(t.queryset().values_list("pk", flat=True)) for t in tables}
    deps = _dependencies(kommun, own)
    copies = [_copy_out(t.queryset(), folder, "own") for t in tables]
    copies += [_copy_out(m._base_manager.filter(pk__in=pks).order_by("pk"), folder, "deps") for m, pks in deps.items()]
    media = schema_storage_root(kommun)
    if media.is_dir():
        shutil.copytree(media, folder / "files" / "media")
    for rel, path in issued_report_files(kommun):
        if path.is_file():
            (folder / "files" / "reports" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, folder / "files" / "reports" / rel)
    files = {p.relative_to(folder).as_posix(): _sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}
    meta = {"format": FORMAT, "subdomain": kommun.subdomain, "schema": kommun.schema_name, "kommun_id": kommun.pk,
            "created_at": timezone.now().isoformat(), "public": copies, "files": files}  # fmt: skip
    (folder / "backup.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def _copy_out(qs: models.QuerySet, folder: Path, kind: str) -> dict:
    """The rows as PostgreSQL's COPY writes them: every value exactly (microseconds, jsonb, numerics)."""
    model = qs.model
    columns = [f.column for f in model._meta.concrete_fields]
    sql, params = qs.values_list(*[f.attname for f in model._meta.concrete_fields]).query.sql_with_params()
    rel = f"public/{kind}/{model._meta.label_lower}.copy"
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor, open(folder / rel, "wb") as handle:
        query = cursor.mogrify(sql, params).decode()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT", handle)
    return {"table": model._meta.db_table, "label": model._meta.label_lower, "columns": columns, "kind": kind,
            "file": rel}  # fmt: skip


def _check(folder: Path) -> dict:
    try:
        meta = json.loads((folder / "backup.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"{folder} är ingen kommunbackup (backup.json saknas eller är trasig).") from exc
    if meta.get("format") != FORMAT:
        raise CommandError(f"Okänt format på backupen: {meta.get('format')}.")
    for rel, digest in meta["files"].items():
        if not (folder / rel).is_file() or _sha256(folder / rel) != digest:
            raise CommandError(f"Backupen är skadad: {rel} saknas eller har fel kontrollsumma.")
    if Kommun.all_objects.filter(subdomain=meta["subdomain"]).exists() or schema_exists(meta["schema"]):
        raise CommandError(f"Kommunen {meta['subdomain']} finns redan i databasen; återställ till en ny databas.")
    return meta


def kommun_restore(*, folder: Path) -> Kommun:
    """Restore a backup into this database: the public rows (one transaction), then the schema, then the files."""
    folder = Path(folder)
    connection.set_schema_to_public()
    meta = _check(folder)
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Triggers stay off while rows go back as they were (an issued statement's lines, the audit trail refuse
            # changes). The rows come from one consistent backup; the schema's foreign keys into public are
            # checked by pg_restore below, which adds them to the restored tables.
            cursor.execute("SET LOCAL session_replication_role = replica")
        for copy in meta["public"]:
            _copy_in(folder, copy)
        touched = [apps.get_model(c["label"]) for c in meta["public"]]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
            for sql in connection.ops.sequence_reset_sql(no_style(), touched):
                cursor.execute(sql)
    restore_schema(folder / "schema.dump")
    kommun = Kommun.objects.get(pk=meta["kommun_id"])
    if (folder / "files" / "media").is_dir():
        shutil.copytree(folder / "files" / "media", schema_storage_root(kommun), dirs_exist_ok=True)
    if (folder / "files" / "reports").is_dir():
        shutil.copytree(folder / "files" / "reports", Path(settings.REPORTS_ROOT), dirs_exist_ok=True)
    return kommun


def _copy_in(folder: Path, copy: dict) -> None:
    """Own rows go in as they are (the database is fresh: a clash is an error); a dependency only where missing."""
    quote = connection.ops.quote_name
    table, columns = quote(copy["table"]), ", ".join(quote(c) for c in copy["columns"])
    with connection.cursor() as cursor, open(folder / copy["file"], "rb") as handle:
        if copy["kind"] == "own":
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", handle)
            return
        cursor.execute(f"CREATE TEMP TABLE kommun_restore_rows (LIKE {table}) ON COMMIT DROP")
        cursor.copy_expert(f"COPY kommun_restore_rows ({columns}) FROM STDIN", handle)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM kommun_restore_rows ON CONFLICT DO NOTHING"
        )
        cursor.execute("DROP TABLE kommun_restore_rows")
