"""pg_dump and pg_restore of one kommun's schema, with the client that matches the server's major version.

Debian's postgresql-client serves a Debian server; the embedded server (pgserver, `make run`) is newer and
ships its own client programs, which a Debian pg_dump of an older major version would refuse to dump.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection


def _server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _candidates(program: str) -> list[str]:
    found = [shutil.which(program)]
    try:
        import pgserver  # optional: the embedded server of `make run`

        found.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / program))
    except ImportError:
        pass
    return [path for path in found if path and os.access(path, os.X_OK)]


def _major_of(path: str) -> int:
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    return int(out.split()[-1].split(".")[0])


def client(program: str) -> str:
    """The pg_dump/pg_restore whose major version is the server's (or newer), else a CommandError that says so."""
    major = _server_major()
    usable = [path for path in _candidates(program) if _major_of(path) >= major]
    if not usable:
        raise CommandError(
            f"{program} för PostgreSQL {major} saknas. Installera Debian-paketet postgresql-client "
            f"(platform/debian-packages.txt) i samma version som servern."
        )
    return min(usable, key=_major_of)


def _env_and_args() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    args = ["--dbname", db["NAME"], "--username", db.get("USER") or "postgres"]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    return env, args


def dump_schema(schema: str, target: Path) -> None:
    env, args = _env_and_args()
    command = [client("pg_dump"), *args, "--schema", schema, "--format", "custom", "--no-owner", "--no-privileges",
               "--file", str(target)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise CommandError(f"pg_dump misslyckades: {done.stderr.strip()}")


def restore_schema(source: Path) -> None:
    """All or nothing (one transaction); stops at the first error."""
    env, args = _env_and_args()
    command = [client("pg_restore"), *args, "--single-transaction", "--exit-on-error", "--no-owner",
               "--no-privileges", str(source)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise CommandError(f"pg_restore misslyckades: {done.stderr.strip()}")


def schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None
