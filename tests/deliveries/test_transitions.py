"""The lifecycle: every cell of the transition table, for every role, through the service (allowed and refused)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from onboarding.deliveries import services
from onboarding.deliveries.messages import MSG_REASON_REQUIRED, MSG_RESUME_PREVIOUS
from onboarding.deliveries.models import Connection
from onboarding.deliveries_index.phases import Phase, targets_for
from tenants.models import AuditEvent

from .conftest import approved_agreement, new_connection

pytestmark = pytest.mark.django_db

P = Phase
OPEN = [P.PLANNED, P.PREPARATION, P.AGREEMENT, P.TEST_DELIVERY, P.INSPECTION, P.PRODUCTION]
# The specification, written out independently of phases.TRANSITIONS: (from, to) -> roles allowed.
# K kontakt, A arkivarie, F förvaltning. Ledning may move nothing.
EXPECTED = {
    (P.PLANNED, P.PREPARATION): "KAF",
    (P.PREPARATION, P.PLANNED): "KAF",
    (P.PREPARATION, P.AGREEMENT): "AF",
    (P.AGREEMENT, P.PREPARATION): "AF",
    (P.AGREEMENT, P.TEST_DELIVERY): "AF",
    (P.TEST_DELIVERY, P.INSPECTION): "AF",
    (P.INSPECTION, P.TEST_DELIVERY): "F",
    (P.INSPECTION, P.PRODUCTION): "F",
    (P.PRODUCTION, P.ARCHIVED): "F",
    **{(p, P.PAUSED): "AF" for p in OPEN},
    **{(P.PAUSED, p): "AF" for p in OPEN},  # resuming to the phase it was paused in
    **{(p, P.CANCELLED): "F" for p in [*OPEN, P.PAUSED]},
}
ROLE_USERS = {"K": "kontakt_lund", "A": "arkivarie_lund", "F": "forvaltare", "L": "ledning"}


@pytest.mark.parametrize("letter", ["K", "A", "F", "L"])
def test_every_cell_of_the_transition_table(request, lund, letter):
    user = request.getfixturevalue(ROLE_USERS[letter])
    conn = new_connection(lund)
    approved_agreement(lund, conn)
    outcomes = {}
    with tenant_context(lund):
        for src in Phase.values:
            for dst in Phase.values:
                Connection.objects.filter(pk=conn.pk).update(phase=src, paused_from=dst if src == P.PAUSED else "")
                try:
                    services.connection_transition(connection=conn, to_phase=dst, comment="Skäl", actor=user)
                except (PermissionDenied, ValidationError):
                    outcomes[(src, dst)] = False
                else:
                    outcomes[(src, dst)] = True
    expected = {cell: letter in EXPECTED.get(cell, "") for cell in outcomes}
    wrong = {cell: outcomes[cell] for cell in outcomes if outcomes[cell] != expected[cell]}
    assert not wrong, f"cells that differ from the specification for {letter}: {wrong}"
    assert sum(expected.values()) == sum(1 for cell, roles in EXPECTED.items() if letter in roles)


def test_the_page_offers_only_moves_the_role_may_make():
    assert targets_for(P.INSPECTION, "arkivarie") == [P.PAUSED]
    assert targets_for(P.INSPECTION, "forvaltning") == [P.TEST_DELIVERY, P.PRODUCTION, P.PAUSED, P.CANCELLED]
    assert targets_for(P.PAUSED, "arkivarie", paused_from=P.TEST_DELIVERY) == [P.TEST_DELIVERY]
    assert targets_for(P.PLANNED, "ledning") == []


def test_a_transition_is_recorded_and_audited_with_who_and_comment(lund, arkivarie_lund):
    conn = new_connection(lund)
    with tenant_context(lund):
        services.connection_transition(
            connection=conn, to_phase=P.PREPARATION, comment="Leverantören kan exportera XML", actor=arkivarie_lund
        )
        step = conn.transitions.first()
    assert (step.from_phase, step.to_phase, step.actor_name) == (P.PLANNED, P.PREPARATION, "Arvid Arkivarie")
    event = AuditEvent.objects.filter(action="deliveries.connection.transition", object_id=str(conn.pk)).first()
    assert event.actor == arkivarie_lund
    assert event.kommun == lund
    assert event.details == {"from": "planerad", "to": "forberedelse", "comment": "Leverantören kan exportera XML"}


def test_pausing_needs_a_reason_and_resumes_where_it_was(lund, arkivarie_lund):
    conn = new_connection(lund, phase=P.TEST_DELIVERY)
    with tenant_context(lund):
        with pytest.raises(ValidationError) as exc:
            services.connection_transition(connection=conn, to_phase=P.PAUSED, comment=" ", actor=arkivarie_lund)
        assert str(MSG_REASON_REQUIRED) in exc.value.messages
        services.connection_transition(
            connection=conn, to_phase=P.PAUSED, comment="Leverantören byter version", actor=arkivarie_lund
        )
        conn.refresh_from_db()
        assert (conn.phase, conn.paused_from, conn.reason) == (P.PAUSED, P.TEST_DELIVERY, "Leverantören byter version")
        with pytest.raises(ValidationError) as exc:
            services.connection_transition(connection=conn, to_phase=P.PLANNED, actor=arkivarie_lund)
        assert str(MSG_RESUME_PREVIOUS % {"phase": "Testleverans"}) in exc.value.messages
        services.connection_transition(connection=conn, to_phase=P.TEST_DELIVERY, actor=arkivarie_lund)
        conn.refresh_from_db()
        assert (conn.phase, conn.paused_from, conn.reason) == (P.TEST_DELIVERY, "", "")


def test_refused_move_changes_nothing(lund, kontakt_lund):
    conn = new_connection(lund, phase=P.INSPECTION)
    with tenant_context(lund), pytest.raises(PermissionDenied):
        services.connection_transition(connection=conn, to_phase=P.PRODUCTION, actor=kontakt_lund)
    with tenant_context(lund):
        conn.refresh_from_db()
        assert conn.phase == P.INSPECTION
        assert conn.transitions.count() == 1  # only the creation
