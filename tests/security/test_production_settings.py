"""Production settings: no start without https, `check --deploy` silent, http redirected, HSTS on every site.

The settings are read when the process starts, so each case runs `manage.py` in a process of its own with
the environment a production server has (DEBUG off, no development allowance, a real secret key).
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.conftest import host_of

ROOT = Path(__file__).resolve().parents[2]
# What a production server does not have (or has otherwise) among the variables of this shell.
PRODUCTION_ONLY = ["DJANGO_DEBUG", "PLATFORM_ALLOW_INSECURE_KEY", "DJANGO_SECRET_KEY", "PLATFORM_SCHEME"]
PRODUCTION_ONLY += ["PLATFORM_PORT", "STATIC_ROOT"]


def production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ONLY}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        PLATFORM_SCHEME="https",
        PLATFORM_PORT="443",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


SETTINGS_JSON = """
import json
from django.conf import settings
names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
         "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
         "SECURE_REDIRECT_EXEMPT", "CONTENT_SECURITY_POLICY", "STORAGES"]
print(json.dumps({name: getattr(settings, name, None) for name in names}))
"""


def test_without_debug_the_platform_refuses_to_start_over_plain_http():
    done = manage("check", env=production_env(PLATFORM_SCHEME="http"))
    assert done.returncode != 0
    assert "PLATFORM_SCHEME must be https" in done.stderr


def test_the_development_allowance_still_runs_over_http():
    """make run (DJANGO_DEBUG=1) and make test / CI (PLATFORM_ALLOW_INSECURE_KEY=1) run on http://…localhost."""
    for allowance in ({"DJANGO_DEBUG": "1"}, {"PLATFORM_ALLOW_INSECURE_KEY": "1"}):
        done = manage("check", env=production_env(PLATFORM_SCHEME="http", **allowance))
        assert done.returncode == 0, done.stderr


def test_check_deploy_with_production_settings_reports_nothing():
    done = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(PLATFORM_DOMAIN="skanearkiv.se"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stdout + done.stderr


@pytest.fixture(scope="module")
def production_settings() -> dict:
    done = manage("shell", "-c", SETTINGS_JSON, env=production_env())
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_and_hsts_covers_every_kommuns_subdomain(production_settings):
    s = production_settings
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["LANGUAGE_COOKIE_SECURE"]
    assert s["SECURE_SSL_REDIRECT"] and s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert "upgrade-insecure-requests" in s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert s["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_behind_the_proxy_http_is_redirected_and_https_answers_with_hsts(production_settings, lund):
    s = production_settings
    with override_settings(
        SECURE_SSL_REDIRECT=s["SECURE_SSL_REDIRECT"],
        SECURE_PROXY_SSL_HEADER=tuple(s["SECURE_PROXY_SSL_HEADER"]),
        SECURE_HSTS_SECONDS=s["SECURE_HSTS_SECONDS"],
        SECURE_HSTS_INCLUDE_SUBDOMAINS=s["SECURE_HSTS_INCLUDE_SUBDOMAINS"],
        SECURE_HSTS_PRELOAD=s["SECURE_HSTS_PRELOAD"],
        SECURE_REDIRECT_EXEMPT=s["SECURE_REDIRECT_EXEMPT"],
    ):
        plain = Client(HTTP_HOST=host_of(lund)).get("/accounts/login/")
        assert plain.status_code == 301 and plain["Location"] == f"https://{host_of(lund)}/accounts/login/"

        secure = Client(HTTP_HOST=host_of(lund), HTTP_X_FORWARDED_PROTO="https").get("/accounts/login/")
        assert secure.status_code == 200
        assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

        # Load balancers ask over plain http.
        assert Client(HTTP_HOST=host_of(lund)).get("/healthz").status_code == 200
