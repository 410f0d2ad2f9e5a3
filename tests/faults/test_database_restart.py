"""PostgreSQL restarts under a running web process and worker: the next request and the next task succeed.

The stack is production's (gunicorn as platform/Procfile.production starts it, a Celery worker), on a throwaway
PostgreSQL cluster of this test's own; both keep their connections (CONN_MAX_AGE), which the restart cuts.
With CONN_HEALTH_CHECKS a kept connection is checked before use and made again: no request or task fails.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from jobs.tasks import sweep_jobs
from tests.celery_worker import BASE_DIR, queue_for, running_worker

from .conftest import SWEEP
from .servers import ThrowawayPostgres, free_port, wait_for_port

pytestmark = pytest.mark.celery_worker
HOST = "skanearkiv.localhost"
GUNICORN = Path(sys.executable).with_name("gunicorn")


@pytest.fixture
def postgres():
    # Not under pytest's temporary folder: each new pytest session (other people's too) makes pytest-of-root
    # private again, and the server's own user could no longer reach its files.
    folder = Path(tempfile.mkdtemp(prefix="skanearkiv-faults-pg-"))
    folder.chmod(0o755)
    server = ThrowawayPostgres(folder / "pgdata")
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _env(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_CONN_MAX_AGE": "600", "PLATFORM_ALLOW_INSECURE_KEY": "1"}
    env.pop("DATABASE_TEST_NAME", None)
    return env


def _prepare(url: str) -> None:
    """The public schema and the consortium's site, as `make run` prepares them."""
    python, env = sys.executable, _env(url)
    subprocess.run([python, "manage.py", "migrate_schemas", "--shared", "-v", "0"], cwd=BASE_DIR, env=env, check=True)
    script = "import django; django.setup(); from tenants.demo import ensure_consortium; ensure_consortium()"
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    subprocess.run([python, "-c", script], cwd=BASE_DIR, env=env, check=True)


def _get(port: int, path: str) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def test_web_and_worker_recover_after_postgresql_restarts(postgres, tmp_path):
    url = postgres.url("skanearkiv_restart")
    _prepare(url)
    port = free_port()
    log = (tmp_path / "web.log").open("w+")
    # Production's web process, with one worker process: every request reuses its one kept connection.
    web_env = {**_env(url), "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    web = subprocess.Popen(
        [str(GUNICORN), "config.wsgi:application", "--config", "platform/gunicorn.conf.py"],
        cwd=BASE_DIR, env=web_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(port, web, "the web process")
        with queue_for(tmp_path, SWEEP) as (broker, queue):
            env = {"DATABASE_URL": url, "DATABASE_CONN_MAX_AGE": "600"}
            with running_worker(queue, broker, env=env) as worker:
                assert _get(port, "/healthz") == (200, "ok")  # both hold a connection now...
                assert _get(port, "/accounts/login/")[0] == 200
                assert worker.result(sweep_jobs.apply_async()) == 0

                postgres.restart()  # ...which the restart cuts

                assert _get(port, "/healthz") == (200, "ok"), _web_output(log)  # the next request
                assert _get(port, "/accounts/login/")[0] == 200
                assert worker.result(sweep_jobs.apply_async()) == 0  # and the next task
                assert "Traceback" not in worker.output(), worker.output()
    finally:
        web.terminate()
        web.wait(timeout=30)
    assert "Traceback" not in _web_output(log), _web_output(log)


def _web_output(log) -> str:
    log.flush()
    return Path(log.name).read_text()
