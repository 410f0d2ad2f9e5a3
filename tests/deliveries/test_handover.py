"""Hand-over to the archive's ingest area, retries, and the archive's confirmation through the JSON API."""

import json

import pytest
from django_tenants.utils import tenant_context

from onboarding.deliveries import services
from onboarding.deliveries.messages import MSG_DELIVERY_NOT_ACCEPTABLE, MSG_HANDOVER_WRITE_FAILED
from onboarding.deliveries.models import Delivery
from onboarding.deliveries.services import handover as handover_module
from onboarding.deliveries_index.models import ConnectionEntry, HandOver
from onboarding.deliveries_index.phases import Phase

from .conftest import new_connection, upload

pytestmark = pytest.mark.django_db


def _valid_production_delivery(lund, kontakt_lund, sip_zip, capture) -> Delivery:
    conn = new_connection(lund, phase=Phase.PRODUCTION)
    with tenant_context(lund), capture(execute=True):
        delivery = services.delivery_upload(connection=conn, uploaded_file=upload(sip_zip), actor=kontakt_lund)
    with tenant_context(lund):
        delivery.refresh_from_db()
    assert delivery.state == Delivery.State.VALID
    return delivery


@pytest.fixture
def accepted(lund, kontakt_lund, forvaltare, sip_zip, django_capture_on_commit_callbacks):
    delivery = _valid_production_delivery(lund, kontakt_lund, sip_zip, django_capture_on_commit_callbacks)
    with tenant_context(lund), django_capture_on_commit_callbacks(execute=True):
        services.delivery_accept(delivery=delivery, actor=forvaltare)
    with tenant_context(lund):
        delivery.refresh_from_db()
    return delivery


def test_accepted_delivery_is_handed_over_whole_under_its_identifier(accepted, settings, sip_zip):
    area = settings.ARCHIVE_INGEST_DIR / "lund"
    assert accepted.state == Delivery.State.HANDED_OVER
    assert [p.name for p in area.iterdir()] == [f"{accepted.uuid}.zip"]  # no temporary file left behind
    assert (area / f"{accepted.uuid}.zip").read_bytes() == sip_zip.read_bytes()
    assert HandOver.objects.get(uuid=accepted.uuid).state == HandOver.State.HANDED_OVER


def test_handing_over_twice_makes_one_copy(accepted, lund, settings):
    with tenant_context(lund):
        Delivery.objects.filter(pk=accepted.pk).update(state=Delivery.State.ACCEPTED)
        services.delivery_hand_over(delivery_id=accepted.pk)
        services.delivery_hand_over(delivery_id=accepted.pk)
    assert len(list((settings.ARCHIVE_INGEST_DIR / "lund").iterdir())) == 1


def test_only_the_forvaltning_accepts_and_only_a_valid_production_delivery(
    lund, kontakt_lund, arkivarie_lund, forvaltare, broken_sip_zip, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied, ValidationError

    conn = new_connection(lund, phase=Phase.PRODUCTION)
    with tenant_context(lund), django_capture_on_commit_callbacks(execute=True):
        delivery = services.delivery_upload(connection=conn, uploaded_file=upload(broken_sip_zip), actor=kontakt_lund)
    with tenant_context(lund):
        with pytest.raises(PermissionDenied):
            services.delivery_accept(delivery=delivery, actor=arkivarie_lund)
        with pytest.raises(ValidationError) as exc:
            services.delivery_accept(delivery=delivery, actor=forvaltare)
    assert str(MSG_DELIVERY_NOT_ACCEPTABLE) in exc.value.messages


def test_failing_hand_over_retries_then_shows_the_failure_and_can_be_retried(
    lund, kontakt_lund, forvaltare, sip_zip, settings, monkeypatch, client_for, django_capture_on_commit_callbacks
):
    delivery = _valid_production_delivery(lund, kontakt_lund, sip_zip, django_capture_on_commit_callbacks)
    calls = []

    def disk_full(source, target):
        calls.append(target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handover_module, "write_atomically", disk_full)
    with tenant_context(lund), django_capture_on_commit_callbacks(execute=True):
        services.delivery_accept(delivery=delivery, actor=forvaltare)
    from onboarding.deliveries.tasks import HANDOVER_MAX_RETRIES

    assert len(calls) == HANDOVER_MAX_RETRIES + 1  # eager mode runs the retries at once (backoff in a worker)
    client = client_for(forvaltare, lund)
    html = client.get(f"/leveranser/{delivery.pk}/").content.decode()
    assert "Överlämningen misslyckades" in html and str(MSG_HANDOVER_WRITE_FAILED) in html
    assert "No space left on device" not in html  # the OS error goes to the log, not to the kommun
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/leveranser/{delivery.pk}/overlamna-igen/")
    assert response.status_code == 302
    with tenant_context(lund):
        delivery.refresh_from_db()
    assert delivery.state == Delivery.State.HANDED_OVER and delivery.handover_error == ""
    assert (settings.ARCHIVE_INGEST_DIR / "lund" / f"{delivery.uuid}.zip").exists()


def _confirm(client, uuid, token, archive_id="AIP-2026-0001"):
    return client.post(
        f"/api/v1/overlamningar/{uuid}/bekraftelse",
        data=json.dumps({"archive_id": archive_id}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_archive_confirms_ingest_through_the_api(accepted, lund, consortium, archive_token, client_for, forvaltare):
    client = client_for(None, consortium)
    response = _confirm(client, accepted.uuid, archive_token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["archive_id"], body["kommun"]) == ("arkiverad", "AIP-2026-0001", "Lund")
    with tenant_context(lund):
        accepted.refresh_from_db()
    assert (accepted.state, accepted.archive_id) == (Delivery.State.ARCHIVED, "AIP-2026-0001")
    entry = ConnectionEntry.objects.get(kommun=lund, connection_id=accepted.connection_id)
    assert entry.archived_files == accepted.file_count > 0
    assert entry.archived_bytes == accepted.content_bytes > 0
    board = client_for(forvaltare, consortium).get("/anslutningar/").content.decode()
    assert "Levererat till e-arkivet" in board and "Lund" in board


def test_api_errors_are_clear_and_change_nothing(accepted, lund, consortium, archive_token, client_for):
    client = client_for(None, consortium)
    assert _confirm(client, accepted.uuid, "fel-nyckel").status_code == 401
    assert _confirm(client, "00000000-0000-0000-0000-000000000000", archive_token).status_code == 404
    assert _confirm(client, accepted.uuid, archive_token, archive_id=" ").status_code == 422
    with tenant_context(lund):
        accepted.refresh_from_db()
    assert accepted.state == Delivery.State.HANDED_OVER and accepted.archive_id == ""
    assert _confirm(client, accepted.uuid, archive_token).status_code == 200
    second = _confirm(client, accepted.uuid, archive_token, archive_id="AIP-ANNAT")
    assert second.status_code == 409
    assert "redan" in second.json()["detail"]
    with tenant_context(lund):
        accepted.refresh_from_db()
    assert accepted.archive_id == "AIP-2026-0001"
    entry = ConnectionEntry.objects.get(kommun=lund, connection_id=accepted.connection_id)
    assert entry.archived_files == accepted.file_count  # counted once


def test_openapi_schema_is_served(consortium, client_for):
    schema = client_for(None, consortium).get("/api/openapi.json").json()
    assert "/api/v1/overlamningar/{delivery}/bekraftelse" in schema["paths"]
    assert any(s.get("scheme") == "bearer" for s in schema["components"]["securitySchemes"].values())


def test_archive_confirmation_completes_the_connection(
    accepted, lund, consortium, archive_token, client_for, forvaltare
):
    from onboarding.deliveries.models import Connection, ConnectionTransition
    from tenants.models import AuditEvent

    assert _confirm(client_for(None, consortium), accepted.uuid, archive_token).status_code == 200
    with tenant_context(lund):
        conn = Connection.objects.get(pk=accepted.connection_id)
        step = ConnectionTransition.objects.filter(connection=conn).first()
    assert conn.phase == Phase.ARCHIVED
    assert (step.from_phase, step.to_phase) == (Phase.PRODUCTION, Phase.ARCHIVED)
    assert step.actor_name == "SkånEarkiv (automatiskt)"
    assert ConnectionEntry.objects.get(kommun=lund, connection_id=conn.pk).phase == Phase.ARCHIVED
    event = AuditEvent.objects.filter(action="deliveries.connection.transition", object_id=str(conn.pk)).latest("pk")
    assert event.actor_id is None and event.details["via"] == "archive_api" and event.details["to"] == "arkiverad"
    page = client_for(forvaltare, lund).get(f"/anslutningar/{conn.pk}/").content.decode()
    assert "Arkiverad" in page and "E-arkivet bekräftade leveransen (AIP-2026-0001)." in page


def test_archive_confirmation_leaves_a_paused_connection_alone(accepted, lund, consortium, archive_token, client_for):
    from onboarding.deliveries.models import Connection

    with tenant_context(lund):
        Connection.objects.filter(pk=accepted.connection_id).update(phase=Phase.PAUSED, paused_from=Phase.PRODUCTION)
    assert _confirm(client_for(None, consortium), accepted.uuid, archive_token).status_code == 200
    with tenant_context(lund):
        assert Connection.objects.get(pk=accepted.connection_id).phase == Phase.PAUSED


def test_refusals_carry_detail_as_a_sentence_as_the_schema_says(accepted, consortium, archive_token, client_for):
    client = client_for(None, consortium)
    for body, field in (({"archive_id": ""}, "body.payload.archive_id"), ({}, "body.payload.archive_id")):
        response = client.post(
            f"/api/v1/overlamningar/{accepted.uuid}/bekraftelse",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {archive_token}",
        )
        assert response.status_code == 422
        answer = response.json()
        assert isinstance(answer["detail"], str) and answer["detail"].startswith("Begäran är ogiltig")
        assert [e["field"] for e in answer["errors"]] == [field]
    response = client.post(
        f"/api/v1/overlamningar/{accepted.uuid}/bekraftelse",
        data=b"\x1b\x19 inte json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {archive_token}",
    )
    assert response.status_code == 400 and response.json() == {"detail": "Begärans innehåll kan inte läsas som JSON."}
    schema = client.get("/api/openapi.json").json()
    body = schema["components"]["schemas"]["ConfirmIn"]["properties"]["archive_id"]
    assert body["minLength"] == 1 and body["pattern"] == r"\S"  # an empty identifier is not schema-valid
    responses = schema["paths"]["/api/v1/overlamningar/{delivery}/bekraftelse"]["post"]["responses"]
    assert set(responses) == {"200", "400", "401", "404", "409", "422"}
