"""A SAML sign-in as the browser carries it: the platform's AuthnRequest to the IdP process, the IdP's signed
response back to the platform's ACS (HTTP-POST), then allauth's finishing step. The platform side runs in the
test's own process (Django's test client on the kommun's host), the IdP in its own."""

from urllib.parse import urlsplit

import lxml.html
import requests
from django.test import Client

from tenants.models import Kommun, User
from tenants.sso.services import identity_provider_save
from tests.isolation import host_of


def configure(site: Kommun, idp, actor: User, **overrides):
    fields = {
        "protocol": "saml", "saml_entity_id": idp.extra["entity_id"], "saml_metadata_xml": idp.extra["metadata_xml"],
        "saml_email_attribute": "urn:oid:0.9.2342.19200300.100.1.3", "password_login_allowed": True,
    }  # fmt: skip
    return identity_provider_save(kommun=site, actor=actor, **{**fields, **overrides})


def idp_response(client: Client, site: Kommun, idp, email: str, mode: str = "ok", **extra) -> tuple[str, dict]:
    """Start the sign-in on `site` and let the IdP answer: (the ACS address, the fields its form posts)."""
    started = client.post(f"/accounts/saml/{site.schema_name}/login/", {"process": "login"})
    assert started.status_code == 302, started.content[:500]
    assert started["Location"].startswith(f"{idp.base_url}/sso/redirect?SAMLRequest=")
    answer = requests.get(started["Location"], params={"user": email, "mode": mode, **extra}, timeout=30)
    assert answer.status_code == 200, answer.text
    form = lxml.html.fromstring(answer.text).forms[0]
    return form.action, dict(form.fields)


def post_to_acs(client: Client, acs_url: str, fields: dict):
    """The browser's POST of the IdP's form, then the redirect to allauth's finishing step."""
    posted = client.post(urlsplit(acs_url).path, fields)
    if posted.status_code != 302:
        return posted
    return client.get(posted["Location"])


def client_on(site: Kommun) -> Client:
    return Client(HTTP_HOST=host_of(site))
