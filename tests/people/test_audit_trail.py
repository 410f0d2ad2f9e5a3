"""Sign-in, failed sign-in, MFA and logout in the kommun's audit trail; the trail on a page and as CSV."""

import csv
import io

from tenants.models import AuditEvent
from tests.people.helpers import full_login, password_login


def test_sign_in_mfa_and_logout_are_audited_in_the_kommuns_trail(lund, kontakt_lund):
    client = full_login(lund, kontakt_lund)
    client.post("/accounts/logout/")
    actions = list(
        AuditEvent.objects.filter(actor=kontakt_lund, kommun=lund).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["mfa.used", "auth.login", "auth.logout"]
    login = AuditEvent.objects.get(actor=kontakt_lund, action="auth.login")
    assert login.details["methods"] == ["password", "mfa"] and login.details["host"] == "lund.skanearkiv.localhost"


def test_a_failed_sign_in_and_a_wrong_code_are_audited(lund, kontakt_lund):
    password_login(lund, kontakt_lund, password="fel-losenord-123")
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.details["login"] == kontakt_lund.email and failed.kommun == lund and failed.actor is None
    assert "fel-losenord" not in str(failed.details)
    client, _ = password_login(lund, kontakt_lund)
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert AuditEvent.objects.filter(action="mfa.failed", actor=kontakt_lund, kommun=lund).exists()


def test_the_trail_is_shown_in_swedish_newest_first(lund, arkivarie_lund, kontakt_lund, client_for):
    password_login(lund, kontakt_lund, password="fel-losenord-123")
    full_login(lund, kontakt_lund)
    page = client_for(arkivarie_lund, lund).get("/handelselogg/").content.decode()
    assert page.index("Inloggning") < page.index("Misslyckad inloggning")
    assert "sätt: lösenord, tvåstegsverifiering" in page
    assert "auth.login" not in page


def test_the_csv_export_streams_every_event_with_swedish_headings_and_labels(lund, bjuv, forvaltare, kontakt_lund,
                                                                            kontakt_bjuv, client_for):  # fmt: skip
    full_login(lund, kontakt_lund)
    full_login(bjuv, kontakt_bjuv)
    client_for(forvaltare, lund).post(f"/personer/{kontakt_lund.pk}/roll/", {"role": "arkivarie"})
    response = client_for(forvaltare, lund).get("/handelselogg/export.csv")
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="handelselogg-lund-')
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Tidpunkt", "Vem", "Händelse", "Gäller", "Detaljer"]
    changed = [row for row in rows[1:] if row[2] == "Roll ändrad" and row[1] == forvaltare.email]
    assert len(changed) == 1 and "roll: Arkivarie" in changed[0][4] and "tidigare roll: Kontakt" in changed[0][4]
    assert kontakt_lund.email in [row[1] for row in rows[1:] if row[2] == "Inloggning"]
    assert kontakt_bjuv.email not in text  # Bjuv's sign-in is in Bjuv's trail only
    assert len(rows) - 1 == AuditEvent.objects.filter(kommun=lund).count()
