"""Throwaway servers that a fault test may stop and start: never the machine's own Redis or PostgreSQL."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited ({process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{what} did not answer on port {port} within {timeout} s")


class PrivateRedis:
    """A redis-server of the test's own on an ephemeral port, with no persistence; stopped and started at will."""

    def __init__(self, folder: Path):
        if not Path(REDIS_SERVER).exists():
            pytest.fail("redis-server is not installed (apt-get install redis-server): the broker tests need one")
        self.folder, self.port, self.process = folder, free_port(), None
        folder.mkdir(parents=True, exist_ok=True)

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [*command, "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port, self.process, "the test's redis-server")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


class ThrowawayPostgres:
    """A PostgreSQL cluster of the test's own (pgserver's binaries, a socket in its folder), restarted at will.

    Never the machine's server: other people's databases live there.
    """

    def __init__(self, folder: Path):
        import logging

        import pgserver

        # pgserver logs from an atexit hook, after pytest has closed its log streams: keep it to warnings.
        logging.getLogger("pgserver").setLevel(logging.WARNING)
        self.server = pgserver.get_server(folder, cleanup_mode=None)
        self.folder = folder

    def url(self, database: str) -> str:
        from urllib.parse import quote

        exists = self.server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "(1 row)" not in exists:
            self.server.psql(f"CREATE DATABASE {database};")
        socket_dir = self.server.get_postmaster_info().socket_dir
        return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{database}"

    def _pg_ctl(self, *args: str) -> None:
        from pgserver._commands import pg_ctl
        from pgserver.utils import ensure_prefix_permissions

        ensure_prefix_permissions(self.folder)  # the server's own user must reach its folder
        pg_ctl(["-w", *args], pgdata=self.folder, user=self.server.system_user, timeout=60)

    def restart(self) -> None:
        """pg_ctl restart -m fast: every open connection is cut, the server comes back with the same options."""
        self._pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "stop")
