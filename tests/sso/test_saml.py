"""SAML 2.0 against a real IdP (pysaml2, its own process): a signed assertion admits a member; an unsigned, a
tampered, another service's and an expired assertion are each refused; one kommun's assertion is refused on
another kommun's site."""

import pytest
from allauth.socialaccount.models import SocialAccount

from tenants.models import AuditEvent, Invitation, Membership, Role, User
from tenants.services import invitation_create
from tests.sso import saml
from tests.sso.saml import client_on, idp_response, post_to_acs

pytestmark = pytest.mark.django_db

FAILED = "Inloggningen misslyckades"


def _signed_in_as(client) -> str | None:
    response = client.get("/")
    return response.context["user"].email if response.status_code == 200 else None


def test_signed_assertion_signs_the_member_in(saml_idp, lund, forvaltare, arkivarie_lund):
    saml.configure(lund, saml_idp, forvaltare)
    client = client_on(lund)

    finished = post_to_acs(client, *idp_response(client, lund, saml_idp, arkivarie_lund.email))

    assert finished.status_code == 302 and finished["Location"] == "/"
    assert _signed_in_as(client) == arkivarie_lund.email
    assert SocialAccount.objects.filter(user=arkivarie_lund, provider="lund-saml").exists()
    assert AuditEvent.objects.filter(action="sso.login", actor=arkivarie_lund, kommun=lund).exists()


@pytest.mark.parametrize("mode", ["unsigned", "tampered", "wrong_audience", "expired"])
def test_bad_assertion_is_refused(saml_idp, lund, forvaltare, arkivarie_lund, mode):
    saml.configure(lund, saml_idp, forvaltare)
    client = client_on(lund)
    # tampered: signed for Arvid, then his address changed to the förvaltning's in the assertion.
    acs, fields = idp_response(client, lund, saml_idp, arkivarie_lund.email, mode, tamper_to=forvaltare.email)

    finished = post_to_acs(client, acs, fields)

    assert FAILED in finished.content.decode()
    assert _signed_in_as(client) is None
    assert not SocialAccount.objects.exists()
    assert not AuditEvent.objects.filter(action="sso.login").exists()
    failure = AuditEvent.objects.get(action="sso.failed", kommun=lund)
    assert failure.details["provider"] == "lund-saml" and failure.details["reason"]


def test_lunds_assertion_is_refused_on_bjuvs_site(saml_idp, lund, bjuv, forvaltare, arkivarie_lund):
    """Both kommuner trust the same IdP (a shared federation): an assertion made for Lund is still Lund's only."""
    saml.configure(lund, saml_idp, forvaltare)
    saml.configure(bjuv, saml_idp, forvaltare)
    acs, fields = idp_response(client_on(lund), lund, saml_idp, arkivarie_lund.email)
    bjuv_client = client_on(bjuv)

    assert post_to_acs(bjuv_client, acs, fields).status_code == 404  # Bjuv's site knows no Lund IdP
    finished = post_to_acs(bjuv_client, acs.replace("/saml/lund/", "/saml/bjuv/"), fields)
    assert FAILED in finished.content.decode()
    assert _signed_in_as(bjuv_client) is None


def test_unknown_person_is_refused_with_a_clear_page_and_no_account(saml_idp, lund, forvaltare):
    saml.configure(lund, saml_idp, forvaltare)
    client = client_on(lund)

    finished = post_to_acs(client, *idp_response(client, lund, saml_idp, "okand.person@test.example"))

    assert finished.status_code == 403
    page = finished.content.decode()
    assert "Du kan inte logga in här" in page and "Inget konto har skapats" in page
    assert not User.objects.filter(email="okand.person@test.example").exists()
    assert AuditEvent.objects.filter(action="sso.refused", kommun=lund, details__email="okand.person@test.example")


def test_bjuv_person_is_not_let_in_through_lunds_idp(saml_idp, lund, forvaltare, kontakt_bjuv):
    saml.configure(lund, saml_idp, forvaltare)
    client = client_on(lund)

    finished = post_to_acs(client, *idp_response(client, lund, saml_idp, kontakt_bjuv.email))

    assert finished.status_code == 403
    assert _signed_in_as(client) is None
    assert not SocialAccount.objects.filter(user=kontakt_bjuv).exists()


def test_invitation_is_accepted_by_a_saml_sign_in(saml_idp, lund, forvaltare, arkivarie_lund):
    saml.configure(lund, saml_idp, forvaltare)
    invitation, _ = invitation_create(kommun=lund, email="nils.ny@test.example", role=Role.ARKIVARIE,
                                      actor=arkivarie_lund)  # fmt: skip
    client = client_on(lund)

    finished = post_to_acs(client, *idp_response(client, lund, saml_idp, "Nils.Ny@test.example"))

    assert finished.status_code == 302
    nils = User.objects.get(email="nils.ny@test.example")
    assert Membership.objects.get(user=nils, kommun=lund).role == Role.ARKIVARIE
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED
    assert _signed_in_as(client) == "nils.ny@test.example"


def test_platform_publishes_each_sites_own_sp_metadata(saml_idp, lund, bjuv, forvaltare):
    saml.configure(lund, saml_idp, forvaltare)
    metadata = client_on(lund).get("/accounts/saml/lund/metadata/")
    assert metadata.status_code == 200
    text = metadata.content.decode()
    assert 'entityID="http://lund.skanearkiv.localhost/accounts/saml/lund/metadata/"' in text
    assert 'Location="http://lund.skanearkiv.localhost/accounts/saml/lund/acs/"' in text
    assert client_on(bjuv).get("/accounts/saml/lund/metadata/").status_code == 404


def test_idp_metadata_by_url_and_the_consortium_site(saml_idp, consortium, forvaltare, ledning):
    """The consortium's own IdP, its metadata fetched from the IdP's URL (as with ADFS's FederationMetadata)."""
    saml.configure(consortium, saml_idp, forvaltare, saml_metadata_xml="",
                   saml_metadata_url=f"{saml_idp.base_url}/metadata")  # fmt: skip
    client = client_on(consortium)

    finished = post_to_acs(client, *idp_response(client, consortium, saml_idp, ledning.email))

    assert finished.status_code == 302
    assert _signed_in_as(client) == ledning.email
    assert AuditEvent.objects.filter(action="sso.login", actor=ledning, kommun=None).exists()


def test_deactivated_person_is_refused(saml_idp, lund, forvaltare, kontakt_lund):
    saml.configure(lund, saml_idp, forvaltare)
    kontakt_lund.is_active = False
    kontakt_lund.save(update_fields=["is_active"])
    client = client_on(lund)

    finished = post_to_acs(client, *idp_response(client, lund, saml_idp, kontakt_lund.email))

    assert finished.status_code == 403 and "är avstängt" in finished.content.decode()
    assert _signed_in_as(client) is None


def test_a_person_with_totp_is_not_asked_for_a_code_after_single_sign_on(saml_idp, lund, forvaltare, arkivarie_lund):
    """The kommun's IdP does the second factor: an SSO sign-in lands on the start page, not allauth's TOTP step
    (which a password sign-in of the same person still gets)."""
    from allauth.mfa.models import Authenticator

    assert Authenticator.objects.filter(user=arkivarie_lund, type=Authenticator.Type.TOTP).exists() or (
        Authenticator.objects.create(
            user=arkivarie_lund, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
        )
    )
    saml.configure(lund, saml_idp, forvaltare)
    client = client_on(lund)

    finished = post_to_acs(client, *idp_response(client, lund, saml_idp, arkivarie_lund.email))

    assert finished.status_code == 302 and finished["Location"] == "/"
    assert _signed_in_as(client) == arkivarie_lund.email
