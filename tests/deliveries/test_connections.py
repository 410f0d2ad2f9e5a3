"""Connections: creation, the plan's quarter and lateness, the index in public, and the submission agreement."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from onboarding.deliveries import services
from onboarding.deliveries.messages import (
    MSG_AGREEMENT_NOT_APPROVED,
    MSG_AGREEMENT_OLD_VERSION,
    MSG_CONNECTION_EXISTS,
    MSG_QUARTER_FORMAT,
)
from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.deliveries_index.phases import Phase, is_late, quarter_end

from .conftest import AGREEMENT_DATA, new_connection, new_system

pytestmark = pytest.mark.django_db


def test_quarters_and_lateness():
    assert quarter_end("2026Q1") == date(2026, 3, 31)
    assert quarter_end("2026-q2") == date(2026, 6, 30)
    assert quarter_end("2026Q4") == date(2026, 12, 31)
    assert is_late("testleverans", "2026Q1", today=date(2026, 4, 1))
    assert not is_late("testleverans", "2026Q1", today=date(2026, 3, 31))
    assert not is_late("arkiverad", "2020Q1", today=date(2026, 4, 1))
    assert not is_late("testleverans", "", today=date(2026, 4, 1))


def test_connection_is_in_the_public_index_with_its_phase_and_quarter(lund, arkivarie_lund, forvaltare):
    system = new_system(lund)
    with tenant_context(lund):
        conn = services.connection_create(system=system, planned_quarter="2020-q3", actor=arkivarie_lund)
    entry = ConnectionEntry.objects.get(kommun=lund, connection_id=conn.pk)
    assert (entry.system_name, entry.phase, entry.planned_quarter) == (system.name, "planerad", "2020Q3")
    assert entry.product_id == system.product_id
    assert entry.is_late
    with tenant_context(lund):
        services.connection_set_planned_quarter(connection=conn, planned_quarter="2099Q1", actor=forvaltare)
        services.connection_transition(connection=conn, to_phase=Phase.PREPARATION, actor=arkivarie_lund)
    entry.refresh_from_db()
    assert (entry.phase, entry.planned_quarter, entry.is_late) == ("forberedelse", "2099Q1", False)


def test_one_open_connection_per_system_and_who_may_start_one(lund, kontakt_lund, arkivarie_lund):
    system = new_system(lund)
    with tenant_context(lund):
        with pytest.raises(PermissionDenied):
            services.connection_create(system=system, actor=kontakt_lund)
        services.connection_create(system=system, actor=arkivarie_lund)
        with pytest.raises(ValidationError) as exc:
            services.connection_create(system=system, actor=arkivarie_lund)
    assert str(MSG_CONNECTION_EXISTS) in exc.value.messages


def test_only_the_forvaltning_sets_the_quarter_and_it_must_be_a_quarter(lund, arkivarie_lund, forvaltare):
    conn = new_connection(lund)
    with tenant_context(lund):
        with pytest.raises(PermissionDenied):
            services.connection_set_planned_quarter(connection=conn, planned_quarter="2026Q1", actor=arkivarie_lund)
        with pytest.raises(ValidationError) as exc:
            services.connection_set_planned_quarter(connection=conn, planned_quarter="våren 2026", actor=forvaltare)
    assert str(MSG_QUARTER_FORMAT) in exc.value.messages


def test_agreement_versions_approvals_and_the_test_delivery_gate(lund, arkivarie_lund, forvaltare, kontakt_lund):
    conn = new_connection(lund, phase=Phase.AGREEMENT)
    with tenant_context(lund):
        first = services.agreement_create_version(connection=conn, data=AGREEMENT_DATA, actor=arkivarie_lund)
        with pytest.raises(PermissionDenied):
            services.agreement_create_version(connection=conn, data=AGREEMENT_DATA, actor=kontakt_lund)
        services.agreement_approve(agreement=first, party="kommun", actor=arkivarie_lund)
        with pytest.raises(ValidationError) as exc:
            services.connection_transition(connection=conn, to_phase=Phase.TEST_DELIVERY, actor=arkivarie_lund)
        assert str(MSG_AGREEMENT_NOT_APPROVED) in exc.value.messages
        second = services.agreement_create_version(
            connection=conn, data={**AGREEMENT_DATA, "frequency": "kvartal"}, actor=forvaltare
        )
        assert second.version == 2 and not second.is_approved
        with pytest.raises(ValidationError) as exc:
            services.agreement_approve(agreement=first, party="arkiv", actor=forvaltare)
        assert str(MSG_AGREEMENT_OLD_VERSION) in exc.value.messages
        with pytest.raises(PermissionDenied):
            services.agreement_approve(agreement=second, party="arkiv", actor=arkivarie_lund)
        services.agreement_approve(agreement=second, party="kommun", actor=arkivarie_lund)
        services.agreement_approve(agreement=second, party="arkiv", actor=forvaltare)
        services.connection_transition(connection=conn, to_phase=Phase.TEST_DELIVERY, actor=arkivarie_lund)
        first.refresh_from_db()
    assert first.frequency == "ar" and first.kommun_approved_by == "Arvid Arkivarie"  # old versions stay as they were


def test_agreement_pdf_shows_parties_format_and_approvals(lund, arkivarie_lund, client_for):
    conn = new_connection(lund)
    with tenant_context(lund):
        agreement = services.agreement_create_version(connection=conn, data=AGREEMENT_DATA, actor=arkivarie_lund)
        services.agreement_approve(agreement=agreement, party="kommun", actor=arkivarie_lund)
    response = client_for(arkivarie_lund, lund).get(f"/anslutningar/{conn.pk}/overenskommelse/1.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Leveransöverenskommelse", "Maja Förvaltare", "Arvid Arkivarie", "Tieto Evry", "CSIP 2.1.0"):
        assert expected in text
