"""A submission agreement narrows or widens the accepted formats; an approved version is never changed."""

import pytest
from django_tenants.utils import tenant_context

from onboarding.agreement_formats.messages import MSG_AGREEMENT_APPROVED_FORMATS
from onboarding.agreement_formats.models import AgreementFormatRule
from onboarding.deliveries import services
from onboarding.formatpolicy.selectors import policy_effective
from tenants.models import AuditEvent

from .conftest import AGREEMENT_DATA, approved_agreement, new_connection

pytestmark = pytest.mark.django_db


def _draft(kommun, conn):
    with tenant_context(kommun):
        return services.agreement_create_version(connection=conn, data=AGREEMENT_DATA, actor=None)


def test_arkivarie_narrows_and_widens_a_draft_agreement(lund, arkivarie_lund, client_for):
    conn = new_connection(lund)
    agreement = _draft(lund, conn)
    client = client_for(arkivarie_lund, lund)
    base = f"/anslutningar/{conn.pk}/overenskommelse/{agreement.version}/filformat/"
    assert "PDF/A-1b" in client.get(base).content.decode()
    narrow = {"puid": "fmt/11", "name": "PNG 1.0", "decision": "error", "note": "Bilder levereras som TIFF."}
    widen = {"puid": "fmt/412", "name": "Word (OOXML)", "decision": "accept", "note": ""}
    assert client.post(base + "regel/", narrow).status_code == 302
    assert client.post(base + "regel/", widen).status_code == 302
    with tenant_context(lund):
        policy = policy_effective(agreement=agreement)
        assert policy.decide("fmt/11").decision == "error" and policy.decide("fmt/412").decision == "accept"
        assert policy.decide("fmt/11").source == "leveransöverenskommelsen"
    assert "Bilder levereras som TIFF." in client.get(base).content.decode()
    assert AuditEvent.objects.filter(action="agreement_formats.rule.set").count() == 2
    assert client.post(base + "regel/ta-bort/", {"puid": "fmt/412"}).status_code == 302
    with tenant_context(lund):
        assert list(AgreementFormatRule.objects.values_list("puid", flat=True)) == ["fmt/11"]


def test_an_approved_agreement_keeps_its_formats(lund, arkivarie_lund, client_for):
    conn = new_connection(lund)
    agreement = approved_agreement(lund, conn)
    client = client_for(arkivarie_lund, lund)
    base = f"/anslutningar/{conn.pk}/overenskommelse/{agreement.version}/filformat/"
    response = client.post(base + "regel/", {"puid": "fmt/412", "name": "Word", "decision": "accept"})
    assert response.status_code == 422 and str(MSG_AGREEMENT_APPROVED_FORMATS) in response.content.decode()
    with tenant_context(lund):
        assert not AgreementFormatRule.objects.exists()


def test_other_kommuns_users_get_404_and_kontakt_may_not_change(lund, kontakt_lund, arkivarie_bjuv, client_for):
    conn = new_connection(lund)
    agreement = _draft(lund, conn)
    base = f"/anslutningar/{conn.pk}/overenskommelse/{agreement.version}/filformat/"
    other = client_for(arkivarie_bjuv, lund)
    assert other.get(base).status_code == 404
    assert other.post(base + "regel/", {"puid": "fmt/412", "name": "Word", "decision": "accept"}).status_code == 404
    kontakt = client_for(kontakt_lund, lund)
    assert kontakt.get(base).status_code == 200
    assert kontakt.post(base + "regel/", {"puid": "fmt/412", "name": "Word", "decision": "accept"}).status_code == 403
    with tenant_context(lund):
        assert not AgreementFormatRule.objects.exists()
