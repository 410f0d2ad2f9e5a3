"""A kommun that leaves: access ends, the export is kept, the schema is read-only for the förvaltning until the
deletion date; deletion removes its schema and files only, and the audit trail of it stays."""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from onboarding.kommun_data.messages import (
    MSG_DELETE_CONFIRM,
    MSG_DELETE_DATE_PAST,
    MSG_DELETE_NO_EXPORT,
    MSG_DELETE_TOO_EARLY,
    MSG_READ_ONLY,
    MSG_REASON_REQUIRED,
)
from onboarding.kommun_data.models import KommunDeparture, KommunExport
from onboarding.kommun_data.services.departure import kommun_data_delete
from onboarding.models import System
from tenants.models import AuditEvent, Kommun, Membership

from .conftest import fill_kommun, leave_hoor


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}  # fmt: skip


def test_leaving_ends_access_keeps_an_export_and_leaves_the_schema_read_only(
    hoor, forvaltare, consortium, client_for, django_capture_on_commit_callbacks
):
    kommun, person, data = hoor
    assert client_for(person, kommun).get("/system/").status_code == 200
    office = client_for(forvaltare, consortium)
    in_90_days = timezone.localdate() + timedelta(days=90)
    response = leave_hoor(office, in_90_days, on_commit=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    kommun.refresh_from_db()
    assert kommun.status == Kommun.Status.LEFT
    assert client_for(person, kommun).get("/system/").status_code == 404
    assert not Membership.objects.filter(kommun=kommun).exists()
    departure = KommunDeparture.objects.get(kommun=kommun)
    assert departure.export.state == KommunExport.State.DONE and departure.export.kept
    page = office.get("/kommuner/hoor/uttrade/").content.decode()
    assert "Ladda ned exporten" in page and "Kommunen går över till en egen e-arkivlösning." in page
    event = AuditEvent.objects.get(action="kommun_data.kommun_left", kommun=kommun)
    assert (
        event.actor == forvaltare and "arkivarie.hoor@test.example (arkivarie)" in event.details["memberships_removed"]
    )
    # Read-only for the förvaltning on the kommun's own site: pages answer, changes do not.
    on_site = client_for(forvaltare, kommun)
    assert data.system_name in on_site.get("/system/").content.decode()
    refused = on_site.post("/system/nytt/", {"name": "Nytt system"})
    assert refused.status_code == 403 and str(MSG_READ_ONLY) in refused.content.decode()
    with tenant_context(kommun):
        assert list(System.objects.values_list("name", flat=True)) == [data.system_name]
    # What changes nothing of the kommun's still works there: the reader's language, and signing out.
    assert on_site.post("/i18n/setlang/", {"language": "en", "next": "/system/"}).status_code == 302
    assert 'lang="en"' in on_site.get("/system/").content.decode()
    assert on_site.post("/accounts/logout/").status_code == 302
    assert on_site.get("/system/").status_code == 302  # signed out: sent to sign in


def test_bad_input_says_why_in_swedish_and_changes_nothing(hoor, forvaltare, consortium, client_for):
    kommun, person, _data = hoor
    office = client_for(forvaltare, consortium)
    past = leave_hoor(office, timezone.localdate() - timedelta(days=1))
    assert past.status_code == 400 and str(MSG_DELETE_DATE_PAST) in past.content.decode()
    empty = leave_hoor(office, timezone.localdate() + timedelta(days=30), reason="   ")
    assert empty.status_code == 400
    assert "Detta fält måste fyllas i." in empty.content.decode() or str(MSG_REASON_REQUIRED) in empty.content.decode()
    kommun.refresh_from_db()
    assert kommun.status == Kommun.Status.MEMBER
    assert not KommunDeparture.objects.exists() and not KommunExport.objects.exists()
    assert Membership.objects.filter(kommun=kommun, user=person).exists()


def test_deletion_waits_for_the_date_the_export_and_the_confirmation(
    hoor, forvaltare, consortium, client_for, django_capture_on_commit_callbacks
):
    kommun, _person, _data = hoor
    office = client_for(forvaltare, consortium)
    leave_hoor(office, timezone.localdate() + timedelta(days=1))  # the export is queued, not yet written
    departure = KommunDeparture.objects.get(kommun=kommun)
    early = office.post("/kommuner/hoor/uttrade/radera/", {"confirm": "hoor"})
    expected = MSG_DELETE_TOO_EARLY % {"date": departure.delete_on.isoformat()}
    assert early.status_code == 400 and expected in early.content.decode()
    KommunDeparture.objects.filter(pk=departure.pk).update(delete_on=timezone.localdate())
    with pytest.raises(ValidationError, match=str(MSG_DELETE_NO_EXPORT)):
        kommun_data_delete(departure=departure, confirm="hoor", actor=forvaltare)
    KommunExport.objects.filter(pk=departure.export_id).update(state=KommunExport.State.DONE)
    wrong = office.post("/kommuner/hoor/uttrade/radera/", {"confirm": "lund"})
    assert wrong.status_code == 400 and str(MSG_DELETE_CONFIRM % {"subdomain": "hoor"}) in wrong.content.decode()
    with tenant_context(kommun):
        assert System.objects.exists()


def test_deletion_removes_the_schema_and_files_keeps_the_record_and_touches_no_other_kommun(
    hoor, lund, bjuv, kontakt_lund, forvaltare, consortium, client_for, tmp_path, django_capture_on_commit_callbacks
):
    kommun, _person, _data = hoor
    fill_kommun(lund, kontakt_lund, tmp_path, "Lund", django_capture_on_commit_callbacks)
    media = Path(settings.MEDIA_ROOT)
    others_before = {s: _files(media / s) for s in ("lund", "bjuv") if (media / s).exists()}
    counts_before = _table_counts(["lund", "bjuv"])
    office = client_for(forvaltare, consortium)
    leave_hoor(office, timezone.localdate(), on_commit=django_capture_on_commit_callbacks)
    kept = KommunDeparture.objects.get(kommun=kommun).export
    assert (media / "hoor").is_dir()
    with django_capture_on_commit_callbacks(execute=True):  # the files go when the deletion commits
        response = office.post("/kommuner/hoor/uttrade/radera/", {"confirm": "hoor"})
    assert response.status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'hoor'")
        assert cursor.fetchone()[0] == 0
    assert not (media / "hoor").exists()
    assert Path(kept.path).is_file(), "the export made when the kommun left is kept"
    event = AuditEvent.objects.get(action="kommun_data.kommun_deleted", kommun=kommun)
    assert event.actor == forvaltare and event.details["schema"] == "hoor" and event.details["tables"] > 10
    assert AuditEvent.objects.filter(action="kommun_data.kommun_left", kommun=kommun).exists()
    assert {s: _files(media / s) for s in others_before} == others_before and others_before["lund"]
    assert _table_counts(["lund", "bjuv"]) == counts_before
    page = office.get("/kommuner/hoor/uttrade/").content.decode()
    assert "Ladda ned exporten" in page
    download = office.get(f"/kommuner/hoor/uttrade/export/{kept.uuid}/ladda-ned/")
    assert b"".join(download.streaming_content) == Path(kept.path).read_bytes()


def _table_counts(schemas: list[str]) -> dict:
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY(%s)", [schemas])
        for schema, table in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def test_departure_pages_are_the_forvaltnings_only(hoor, consortium, cross_kommun):
    urls = ["/kommuner/uttraden/", "/kommuner/hoor/uttrade/"]
    cross_kommun.assert_found(consortium, *urls)
    cross_kommun.assert_hidden(consortium, *urls, users=["ledning", "arkivarie_lund", "kontakt_bjuv"])
    cross_kommun.assert_hidden(consortium, "/kommuner/hoor/uttrade/radera/", "/kommuner/hoor/uttrade/raderingsdatum/",
                               users=["ledning", "arkivarie_lund"], methods=("post",))  # fmt: skip
    assert not KommunDeparture.objects.exists()
