"""The förvaltning edits the accepted-formats policy on the consortium site; everyone else gets 404."""

import pytest

from onboarding.formatpolicy.messages import MSG_PUID_FORMAT
from onboarding.formatpolicy.models import FormatRule
from onboarding.formatpolicy.selectors import policy_effective
from tenants.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_forvaltning_sees_the_default_list_with_its_source(forvaltare, consortium, client_for):
    html = client_for(forvaltare, consortium).get("/filformat/").content.decode()
    assert "RA-FS 2009:2" in html and "fmt/354" in html and "PDF/A-1b" in html


def test_forvaltning_sets_and_removes_a_rule(forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)
    data = {"puid": "fmt/412", "name": "Word (OOXML)", "decision": "warning", "note": "Under övergången."}
    assert client.post("/filformat/regel/", data).status_code == 302
    rule = policy_effective().decide("fmt/412")
    assert (rule.decision, rule.source, rule.note) == ("warning", "förvaltningens lista", "Under övergången.")
    assert AuditEvent.objects.filter(action="formatpolicy.rule.set").exists()
    assert "Under övergången." in client.get("/filformat/").content.decode()
    assert client.post("/filformat/regel/ta-bort/", {"puid": "fmt/412"}).status_code == 302
    assert policy_effective().decide("fmt/412") is None and not FormatRule.objects.exists()


def test_forvaltning_overrides_a_default_rule_and_keeps_its_extension_identification(
    forvaltare, consortium, client_for
):
    client = client_for(forvaltare, consortium)
    client.post("/filformat/regel/", {"puid": "x-fmt/18", "name": "CSV", "decision": "warning", "note": ""})
    rule = policy_effective().decide("x-fmt/18")
    assert rule.decision == "warning" and rule.by_extension


def test_a_bad_puid_is_refused_with_a_swedish_message(forvaltare, consortium, client_for):
    response = client_for(forvaltare, consortium).post(
        "/filformat/regel/", {"puid": "PDF", "name": "x", "decision": "accept"}
    )
    assert response.status_code == 422 and str(MSG_PUID_FORMAT) in response.content.decode()
    assert not FormatRule.objects.exists()


@pytest.mark.parametrize("who", ["ledning", "arkivarie_lund", "kontakt_lund"])
def test_everyone_but_the_forvaltning_gets_404(who, request, consortium, client_for):
    FormatRule.objects.create(puid="fmt/40", name="Word 97", decision="error")
    client = client_for(request.getfixturevalue(who), consortium)
    assert client.get("/filformat/").status_code == 404
    assert client.post("/filformat/regel/", {"puid": "fmt/412", "name": "x", "decision": "accept"}).status_code == 404
    assert client.post("/filformat/regel/ta-bort/", {"puid": "fmt/40"}).status_code == 404
    assert FormatRule.objects.filter(puid="fmt/40").exists() and not FormatRule.objects.filter(puid="fmt/412").exists()
