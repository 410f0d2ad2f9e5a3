"""Local stack launcher: an embedded PostgreSQL (pgserver) for machines without one.

Used by the Makefile when DATABASE_URL is not set:

    python platform/localstack.py url     # start (if needed) and print a DATABASE_URL
    python platform/localstack.py stop    # stop the embedded server

The server is started with cleanup_mode=None so that it outlives this process
(web, worker, beat and pytest share it) and is stopped explicitly (`make stop`).
This file lives in platform/, which is deliberately not a Python package.
"""

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pgserver

ROOT = Path(__file__).resolve().parent.parent
PGDATA = ROOT / "var" / "pgdata"
DB_NAME = "skanearkiv"


def database_url() -> str:
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(PGDATA, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DB_NAME}"


def stop() -> None:
    if not (PGDATA / "postmaster.pid").exists():
        print("Embedded PostgreSQL is not running.")
        return
    pg_ctl = Path(pgserver.__file__).parent / "pginstall" / "bin" / "pg_ctl"
    subprocess.run([str(pg_ctl), "-D", str(PGDATA), "stop", "-m", "fast"], check=False)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "url"
    if command == "url":
        print(database_url())
    elif command == "stop":
        stop()
    else:
        sys.exit(f"unknown command: {command}")
