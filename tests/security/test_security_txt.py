"""/.well-known/security.txt (RFC 9116) on every site: whom to tell about a vulnerability, until when, in which
languages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from tests.conftest import host_of


def fields_of(text: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition(": ")
            fields.setdefault(name, []).append(value)
    return fields


@pytest.mark.parametrize("site_name", ["consortium", "lund", "bjuv"])
def test_every_site_answers_security_txt_to_anyone(site_name, request, settings):
    settings.PLATFORM_SECURITY_CONTACT = "mailto:sakerhet@skanearkiv.example, https://skanearkiv.example/sakerhet"
    site = request.getfixturevalue(site_name)
    response = Client(HTTP_HOST=host_of(site)).get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = fields_of(response.content.decode())
    assert fields["Contact"] == ["mailto:sakerhet@skanearkiv.example", "https://skanearkiv.example/sakerhet"]
    assert fields["Preferred-Languages"] == ["sv, en"]
    assert fields["Canonical"] == [f"http://{host_of(site)}/.well-known/security.txt"]
    [expires] = fields["Expires"]
    expires_at = datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.now(UTC) < expires_at < datetime.now(UTC) + timedelta(days=365), "RFC 9116: less than a year"


def test_a_plain_address_becomes_a_mailto_contact(settings, lund):
    settings.PLATFORM_SECURITY_CONTACT = "security@lund.example"
    text = Client(HTTP_HOST=host_of(lund)).get("/.well-known/security.txt").content.decode()
    assert fields_of(text)["Contact"] == ["mailto:security@lund.example"]
