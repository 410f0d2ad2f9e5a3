"""The förvaltning's page for each site's identity provider: saving, the write-only secret, bad input, 404s."""

import pytest

from tenants.models import AuditEvent
from tenants.sso.messages import MSG_OIDC_FIELDS, MSG_PASSWORD_NEEDS_IDP, MSG_SAML_METADATA_NO_ENTITY
from tenants.sso.models import IdentityProvider
from tenants.sso.sealing import unseal
from tests.sso import oidc

pytestmark = pytest.mark.django_db

SECRET = "s3cret-from-entra-id"  # noqa: S105


def _oidc_form(**overrides) -> dict:
    return {
        "protocol": "oidc", "oidc_issuer": "https://login.lund.example/v2.0", "oidc_client_id": "platform",
        "oidc_client_secret": SECRET, "saml_email_attribute": "", "password_login_allowed": "on", **overrides,
    }  # fmt: skip


def test_forvaltning_sees_every_site_and_saves_an_oidc_idp_whose_secret_is_never_shown(
    client_for, consortium, lund, bjuv, forvaltare
):
    client = client_for(forvaltare, consortium)
    listing = client.get("/inloggning/").content.decode()
    assert all(name in listing for name in ("SkånEarkiv", "Lund", "Bjuv"))

    saved = client.post(f"/inloggning/{lund.pk}/", _oidc_form(), follow=True)

    assert saved.status_code == 200
    assert "Inloggningen för Lund är sparad." in saved.content.decode()
    idp = IdentityProvider.objects.get(kommun=lund)
    assert (idp.protocol, unseal(idp.oidc_client_secret)) == ("oidc", SECRET)
    assert SECRET not in idp.oidc_client_secret  # sealed at rest
    page = client.get(f"/inloggning/{lund.pk}/").content.decode()
    assert SECRET not in page
    assert "sparad – lämna tomt för att behålla" in page
    assert "https://login.lund.example/v2.0" in page
    assert "/accounts/oidc/lund-oidc/login/callback/" in page  # what Lund's IT registers at the IdP
    event = AuditEvent.objects.get(action="sso.configure", kommun=lund)
    assert SECRET not in str(event.details) and event.details["secret_changed"] is True

    # An empty secret keeps the stored one.
    client.post(f"/inloggning/{lund.pk}/", _oidc_form(oidc_client_secret="", oidc_client_id="platform-2"))
    idp.refresh_from_db()
    assert (idp.oidc_client_id, unseal(idp.oidc_client_secret)) == ("platform-2", SECRET)


def test_incomplete_or_bad_input_changes_nothing_and_says_why(client_for, consortium, lund, forvaltare, saml_idp):
    client = client_for(forvaltare, consortium)

    missing = client.post(f"/inloggning/{lund.pk}/", _oidc_form(oidc_client_secret=""))
    assert missing.status_code == 422 and str(MSG_OIDC_FIELDS) in missing.content.decode()

    wrong_entity = client.post(f"/inloggning/{lund.pk}/", {
        "protocol": "saml", "saml_entity_id": "https://not-this-idp.example/", "password_login_allowed": "on",
        "saml_metadata_xml": saml_idp.extra["metadata_xml"], "saml_email_attribute": "mail",
    })  # fmt: skip
    expected = MSG_SAML_METADATA_NO_ENTITY % {"entity_id": "https://not-this-idp.example/"}
    assert wrong_entity.status_code == 422 and expected in wrong_entity.content.decode()

    not_xml = client.post(f"/inloggning/{lund.pk}/", {
        "protocol": "saml", "saml_entity_id": saml_idp.extra["entity_id"], "password_login_allowed": "on",
        "saml_metadata_xml": "<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", "saml_email_attribute": "mail",
    })  # fmt: skip
    assert not_xml.status_code == 422 and "gick inte att läsa" in not_xml.content.decode()

    no_password_no_idp = client.post(f"/inloggning/{lund.pk}/", {"protocol": ""})
    assert no_password_no_idp.status_code == 422
    assert str(MSG_PASSWORD_NEEDS_IDP) in no_password_no_idp.content.decode()
    assert not IdentityProvider.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="sso.").exists()


def test_saml_from_metadata_is_saved_and_choosing_none_removes_it(client_for, consortium, forvaltare, saml_idp):
    client = client_for(forvaltare, consortium)
    form = {"protocol": "saml", "saml_entity_id": saml_idp.extra["entity_id"], "saml_email_attribute": "mail",
            "saml_metadata_xml": saml_idp.extra["metadata_xml"]}  # fmt: skip
    assert client.post(f"/inloggning/{consortium.pk}/", form).status_code == 302
    idp = IdentityProvider.objects.get(kommun=consortium)
    assert not idp.password_login_allowed  # the box was left unticked
    assert "SAML 2.0" in client.get("/inloggning/").content.decode()

    assert client.post(f"/inloggning/{consortium.pk}/", {"protocol": "", "password_login_allowed": "on"}).status_code
    assert not IdentityProvider.objects.exists()
    assert AuditEvent.objects.filter(action="sso.remove").exists()


def test_only_the_forvaltning_may_open_or_post_the_configuration(client_for, consortium, lund, forvaltare, ledning):
    oidc.configure(lund, "https://login.lund.example", forvaltare)
    for path in ("/inloggning/", f"/inloggning/{lund.pk}/"):
        assert client_for(ledning, consortium).get(path).status_code == 404
    assert client_for(ledning, consortium).post(f"/inloggning/{lund.pk}/", _oidc_form()).status_code == 404
    assert client_for(forvaltare, consortium).get("/inloggning/999999/").status_code == 404
    assert IdentityProvider.objects.get(kommun=lund).oidc_client_id == oidc.CLIENT_ID


def test_kommun_people_get_404_on_the_configuration(cross_kommun, consortium, lund):
    cross_kommun.assert_found(consortium, "/inloggning/", f"/inloggning/{lund.pk}/")
    cross_kommun.assert_hidden(consortium, "/inloggning/", f"/inloggning/{lund.pk}/")
