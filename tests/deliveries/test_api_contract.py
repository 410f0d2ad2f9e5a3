"""The archive API keeps its OpenAPI contract: schemathesis, with all its checks, against a live server.

The live server is pytest-django's (the test database, committed data); schemathesis reads
/api/openapi.json from it and sends what the schema allows (and what it forbids) with a real token.
Bounded in examples so that the run stays well under a minute.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from onboarding.deliveries import services
from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.models import HandOver
from onboarding.deliveries_index.phases import Phase
from onboarding.deliveries_index.services import archive_backend_create
from tests.e2e.helpers import committed_db

from .conftest import new_connection, upload

pytestmark = committed_db

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = 25


def handed_over(lund, kontakt_lund, forvaltare, sip_zip) -> HandOver:
    """A production delivery validated, accepted and handed over (committed: the live server sees it)."""
    conn = new_connection(lund, phase=Phase.PRODUCTION)
    with tenant_context(lund):
        delivery = services.delivery_upload(connection=conn, uploaded_file=upload(sip_zip), actor=kontakt_lund)
        delivery = Delivery.objects.get(pk=delivery.pk)
        assert delivery.state == Delivery.State.VALID, (delivery.state, delivery.errors, delivery.progress_label)
        services.delivery_accept(delivery=delivery, actor=forvaltare)
    return HandOver.objects.get(uuid=delivery.uuid, state=HandOver.State.HANDED_OVER)


def test_the_archive_api_keeps_its_contract(live_server, consortium, lund, kontakt_lund, forvaltare, sip_zip, tmp_path):
    if not SCHEMATHESIS.exists():
        pytest.fail(f"The API contract test needs schemathesis at {SCHEMATHESIS} (pip install -e '.[dev]').")
    _backend, token = archive_backend_create(name="Schemathesis", actor=None)
    handover = handed_over(lund, kontakt_lund, forvaltare, sip_zip)
    # Half the cases name a real hand-over (so 200 and then 409 are reached), the rest what schemathesis makes.
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        f'[dictionaries.handovers]\nvalues = ["{handover.uuid}"]\n\n'
        '[parameters]\n"path.delivery" = { dictionary = "handovers", probability = 0.5 }\n'
    )
    port = live_server.url.rsplit(":", 1)[1]
    # glibc does not resolve *.localhost: connect to 127.0.0.1 and name the consortium's host.
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
            "run",
            f"http://127.0.0.1:{port}/api/openapi.json",
            "--checks",
            "all",
            "--header",
            f"Host: {settings.PLATFORM_DOMAIN}",
            "--header",
            f"Authorization: Bearer {token}",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            "20261201",
            "--request-timeout",
            "10",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,  # its reports and cassettes, if any, stay out of the project
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-12000:]
    assert "No issues found" in output and "1 selected / 1 total" in output, output[-3000:]
    handover.refresh_from_db()
    assert handover.state == HandOver.State.ARCHIVED  # a schema-valid confirmation of a real hand-over went through
