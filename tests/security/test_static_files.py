"""Static files in production: hashed names (a deploy changes every changed file's URL, so no browser keeps an
old htmx or stylesheet), compressed copies, and served by WhiteNoise from gunicorn with a year's cache."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.conftest import host_of
from tests.security.test_production_settings import manage, production_env

ROOT = Path(__file__).resolve().parents[2]
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """`collectstatic` as a deploy runs it: production settings, into an empty STATIC_ROOT."""
    root = tmp_path_factory.mktemp("staticfiles")
    done = manage("collectstatic", "--noinput", "-v", "0", env=production_env(STATIC_ROOT=str(root)))
    assert done.returncode == 0, done.stderr
    return root


def test_collectstatic_writes_hashed_and_compressed_files_and_a_manifest(collected):
    manifest = (collected / "staticfiles.json").read_text()
    hashed = re.search(r'"js/htmx\.min\.js": "(js/htmx\.min\.[0-9a-f]{12}\.js)"', manifest)
    assert hashed, "htmx must get a hashed name"
    assert (collected / hashed.group(1)).read_bytes() == (ROOT / "static/js/htmx.min.js").read_bytes()
    assert (collected / (hashed.group(1) + ".gz")).exists()


def test_every_static_file_a_template_names_is_in_the_manifest(collected):
    """With hashed names an unknown file is an error on the page (500), not a missing image: find it here."""
    manifest = (collected / "staticfiles.json").read_text()
    named = set()
    for template in (ROOT / "templates").rglob("*.html"):
        named |= set(re.findall(r"""{%\s*static\s+['"]([^'"]+)['"]""", template.read_text(encoding="utf-8")))
    assert named, "the templates name static files"
    missing = sorted(name for name in named if f'"{name}":' not in manifest)
    assert missing == []


def test_pages_link_hashed_names_and_whitenoise_serves_them_cached_for_a_year(collected, lund):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(
        STORAGES=storages, STATIC_ROOT=collected, WHITENOISE_USE_FINDERS=False, WHITENOISE_AUTOREFRESH=False
    ):
        client = Client(HTTP_HOST=host_of(lund))  # a new client loads the middleware (WhiteNoise) anew
        page = client.get("/accounts/login/").content.decode()
        links = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
        assert any(re.fullmatch(r"/static/js/htmx\.min\.[0-9a-f]{12}\.js", link) for link in links), links
        assert any(re.fullmatch(r"/static/css/platform\.[0-9a-f]{12}\.css", link) for link in links), links
        for link in links:
            response = client.get(link, HTTP_ACCEPT_ENCODING="gzip")
            assert response.status_code == 200, link
            assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]
            assert response["Content-Encoding"] == "gzip"
