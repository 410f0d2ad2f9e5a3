"""The submission agreement PDF fetches nothing: no outside host, no file, whatever the agreement's text says.

An HTTP server of the test's own stands for the outside host and records every request it gets; a CSS
file on disk stands for a server file (its text would show in the PDF if it were read).
"""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from onboarding.deliveries import services

from .conftest import AGREEMENT_DATA, new_connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def outside_host():
    """http://127.0.0.1:<port>/ that answers every GET with a small stylesheet and records the paths asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server interface
            asked.append(self.path)
            body = b'body::after { content: "UTIFRAN"; }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def agreement_with(lund, actor, **text):
    conn = new_connection(lund)
    with tenant_context(lund):
        services.agreement_create_version(connection=conn, data={**AGREEMENT_DATA, **text}, actor=actor)
    return conn


def test_urls_in_the_agreement_text_are_shown_not_fetched(lund, arkivarie_lund, client_for, outside_host):
    base, asked = outside_host
    notes = f'<img src="{base}/bild.png"> <link rel="stylesheet" href="{base}/stil.css"> file:///etc/passwd'
    conn = agreement_with(lund, arkivarie_lund, notes=notes)
    response = client_for(arkivarie_lund, lund).get(f"/anslutningar/{conn.pk}/overenskommelse/1.pdf")
    assert response.status_code == 200
    assert asked == []
    assert f"{base}/bild.png" in pdf_text(response.content)  # the text is there, as text


def test_a_template_that_puts_agreement_text_in_a_url_still_fetches_nothing(
    lund, arkivarie_lund, client_for, outside_host, settings, tmp_path
):
    """Defence in depth: even a template that used the text as a URL (a logo, a stylesheet) fetches nothing."""
    base, asked = outside_host
    secret = tmp_path / "hemlig.css"
    secret.write_text('body::before { content: "HEMLIGT"; }')
    override = tmp_path / "templates" / "deliveries"
    override.mkdir(parents=True)
    (override / "agreement_pdf.html").write_text(
        '<html lang="sv"><head><title>Avtal</title><link rel="stylesheet" href="{{ agreement.notes }}">'
        '<link rel="stylesheet" href="{{ agreement.file_formats }}"></head>'
        '<body><p>Avtal</p><img src="{{ agreement.supplier_name }}"></body></html>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]},
        *settings.TEMPLATES[1:],
    ]
    conn = agreement_with(
        lund,
        arkivarie_lund,
        notes=f"{base}/stil.css",
        file_formats=f"file://{secret}",
        supplier_name="/etc/hostname",  # a path: relative to the base URL, never the request's host
    )
    response = client_for(arkivarie_lund, lund).get(f"/anslutningar/{conn.pk}/overenskommelse/1.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Avtal" in text
    assert asked == []
    assert "UTIFRAN" not in text and "HEMLIGT" not in text
