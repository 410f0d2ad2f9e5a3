"""A kommun's checklist (issue 19): the platform ticks what it can see from its own data, people mark the rest done
with a comment and the förvaltning reopens; the one action that matters most comes first; versions keep marks."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from onboarding.deliveries import services as deliveries
from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.deliveries_index.phases import Phase
from onboarding.readiness import services
from onboarding.readiness.checklist import readiness_of
from onboarding.readiness.messages import (
    MSG_ALREADY_DONE,
    MSG_DRAFT_EMPTY,
    MSG_DRAFT_EXISTS,
    MSG_KEY_TAKEN,
    MSG_NOT_DONE,
    MSG_PLATFORM_TICKS,
    MSG_REASON_REQUIRED,
)
from onboarding.readiness.models import PlatformCheck
from onboarding.services.proposals import ProposalRow, proposal_set
from onboarding.validation.sample import build_sip
from tenants.models import AuditEvent, Membership, Role
from tests.deliveries.conftest import approved_agreement, new_connection, upload, zip_folder

TODAY = date(2026, 6, 1)


def _ticked(kommun, today=TODAY) -> set[str]:
    return {a.platform_check for a in readiness_of(kommun, today=today).actions if a.platform_done}


def _action(kommun, key, today=TODAY):
    return next(a for a in readiness_of(kommun, today=today).actions if a.key == key)


def test_an_appointed_arkivarie_ticks_itself_and_its_absence_does_not(checklist, lund, bjuv):
    Membership.objects.filter(kommun=bjuv, role=Role.ARKIVARIE).delete()
    assert PlatformCheck.ARKIVARIE_APPOINTED in _ticked(lund)
    assert PlatformCheck.ARKIVARIE_APPOINTED not in _ticked(bjuv)
    action = _action(lund, "mall:arkivarie")
    assert action.done and action.state == "klar" and not action.mark


def test_inventory_and_classification_tick_when_every_system_is_submitted_and_classified(checklist, lund, bjuv):
    from tests.onboarding.fixtures_onboarding import make_system

    make_system(lund, name="Diariet", status="inskickad")
    assert {PlatformCheck.INVENTORY_SUBMITTED, PlatformCheck.CLASSIFIED} <= _ticked(lund)
    assert not {PlatformCheck.INVENTORY_SUBMITTED, PlatformCheck.CLASSIFIED} & _ticked(bjuv)  # Bjuv has no systems

    make_system(lund, name="Utkastet", complete=False)  # a draft: the inventory is not all submitted
    assert PlatformCheck.INVENTORY_SUBMITTED not in _ticked(lund)
    assert PlatformCheck.CLASSIFIED in _ticked(lund)  # the submitted one is still classified

    make_system(lund, name="Oklassat", status="inskickad", availability=None)
    assert PlatformCheck.CLASSIFIED not in _ticked(lund)


def test_proposal_agreement_and_a_valid_test_delivery_tick_from_the_kommuns_own_data(
    checklist, lund, bjuv, arkivarie_lund, settings, tmp_path, django_capture_on_commit_callbacks
):
    from tests.onboarding.fixtures_onboarding import make_system

    settings.MEDIA_ROOT = tmp_path / "media"
    sip_zip = zip_folder(build_sip(tmp_path / "build", "sip-lund"), tmp_path / "sip-lund.zip")

    system = make_system(lund, name="Diariet", status="klar")
    with tenant_context(lund):
        proposal_set(rows=[ProposalRow(system_id=system.pk, rank=1, motivation="Störst nytta", first_choice=True)],
                     actor=arkivarie_lund)  # fmt: skip
    assert PlatformCheck.PROPOSAL_MADE in _ticked(lund)
    assert PlatformCheck.AGREEMENT_APPROVED not in _ticked(lund)

    conn = new_connection(lund, phase=Phase.AGREEMENT, system=system)
    approved_agreement(lund, conn)
    with tenant_context(lund):
        deliveries.connection_transition(connection=conn, to_phase=Phase.TEST_DELIVERY, actor=arkivarie_lund)
    assert PlatformCheck.AGREEMENT_APPROVED in _ticked(lund)
    assert PlatformCheck.TEST_DELIVERY_VALID not in _ticked(lund)

    with tenant_context(lund):
        with django_capture_on_commit_callbacks(execute=True):  # the validation task runs (eagerly) on commit
            delivery = deliveries.delivery_upload(connection=conn, uploaded_file=upload(sip_zip), actor=arkivarie_lund)
        assert Delivery.objects.get(pk=delivery.pk).state == Delivery.State.VALID
    assert PlatformCheck.TEST_DELIVERY_VALID in _ticked(lund)
    assert not {PlatformCheck.PROPOSAL_MADE, PlatformCheck.AGREEMENT_APPROVED, PlatformCheck.TEST_DELIVERY_VALID} & (
        _ticked(bjuv)
    )


def test_the_action_that_matters_most_comes_first_and_late_ones_are_late(checklist, lund, first_connection_lund):
    readiness = readiness_of(lund, today=date(2026, 12, 10))
    # Due 2027-06-01 minus days_before: arkivarie (240) is done by the platform; styrning (200) is due 2026-11-13 and
    # inventering (180) 2026-12-03, both late; krt (150) is due 2027-01-02.
    first = readiness.most_important
    assert first.key == "mall:styrning" and first.due == date(2026, 11, 13) and first.late
    assert [a.key for a in readiness.late] == ["mall:styrning", "mall:inventering"]
    assert readiness.behind  # late actions before the first connection
    dues = [a.due for a in readiness.open]
    assert dues == sorted(dues)
    assert readiness.done_count == 1 and readiness.total == 8  # only the arkivarie, ticked by the platform

    assert readiness_of(lund, today=date(2027, 7, 1)).behind  # the planned date passed without a connection
    conn = new_connection(lund)
    # What the connection services leave in the index once production delivery has started.
    ConnectionEntry.objects.filter(kommun=lund, connection_id=conn.pk).update(phase=Phase.PRODUCTION)
    connected = readiness_of(lund, today=date(2027, 7, 1))
    assert connected.late and not connected.behind  # connected: no longer "before" the first connection


def test_without_a_planned_first_connection_the_plans_first_quarter_counts(checklist, lund):
    new_connection(lund, quarter="2027-Q3")
    new_connection(lund, quarter="2027Q2")
    assert readiness_of(lund, today=TODAY).first_connection == date(2027, 4, 1)


def test_a_person_marks_an_action_done_with_a_comment_and_the_forvaltning_reopens_it(
    checklist, lund, bjuv, arkivarie_lund, forvaltare
):
    action = _action(lund, "mall:styrning")
    mark = services.action_mark_done(kommun=lund, action=action, comment="Beslut i KS.", actor=arkivarie_lund)
    done = _action(lund, "mall:styrning")
    assert done.done and done.mark.comment == "Beslut i KS." and done.mark.marked_by_name == "Arvid Arkivarie"
    assert not _action(bjuv, "mall:styrning").done  # Lund's mark is Lund's
    event = AuditEvent.objects.get(action="readiness.action_done")
    assert event.kommun == lund and event.actor == arkivarie_lund and event.details["comment"] == "Beslut i KS."
    with pytest.raises(ValidationError) as twice:
        services.action_mark_done(kommun=lund, action=done, comment="Igen", actor=arkivarie_lund)
    assert twice.value.messages == [str(MSG_ALREADY_DONE)]

    with pytest.raises(ValidationError) as no_reason:
        services.action_reopen(kommun=lund, action=done, reason="  ", actor=forvaltare)
    assert no_reason.value.messages == [str(MSG_REASON_REQUIRED)]
    services.action_reopen(kommun=lund, action=done, reason="Beslutet gäller bara 2026.", actor=forvaltare)
    reopened = _action(lund, "mall:styrning")
    assert not reopened.done and reopened.reopened and reopened.mark.reopened_reason == "Beslutet gäller bara 2026."
    assert AuditEvent.objects.filter(action="readiness.action_reopened", kommun=lund, object_id=str(mark.pk)).exists()
    with pytest.raises(ValidationError) as not_done:
        services.action_reopen(kommun=lund, action=reopened, reason="x", actor=forvaltare)
    assert not_done.value.messages == [str(MSG_NOT_DONE)]


def test_an_action_the_platform_ticks_is_not_marked_by_hand(checklist, lund, arkivarie_lund):
    action = _action(lund, "mall:forslag")
    with pytest.raises(ValidationError) as refused:
        services.action_mark_done(kommun=lund, action=action, comment="Gjort", actor=arkivarie_lund)
    assert refused.value.messages == [str(MSG_PLATFORM_TICKS) % {"check": PlatformCheck.PROPOSAL_MADE.label}]
    assert not _action(lund, "mall:forslag").done


def test_a_new_version_keeps_the_marks_of_actions_it_keeps(checklist, lund, arkivarie_lund, forvaltare):
    services.action_mark_done(kommun=lund, action=_action(lund, "mall:styrning"), comment="Klart", actor=arkivarie_lund)
    draft = services.checklist_draft_create(actor=forvaltare)
    assert draft.number == 2 and draft.items.count() == 8
    with pytest.raises(ValidationError) as second:
        services.checklist_draft_create(actor=forvaltare)
    assert second.value.messages == [str(MSG_DRAFT_EXISTS)]
    services.checklist_item_remove(item=draft.items.get(key="ihp"), actor=forvaltare)
    with pytest.raises(ValidationError) as taken:
        services.checklist_item_add(version=draft, actor=forvaltare, key="styrning", title="x", why="y",
                                    category="organisation", responsible="ledning", days_before=1)  # fmt: skip
    assert taken.value.message_dict == {"key": [str(MSG_KEY_TAKEN)]}
    services.checklist_item_add(version=draft, actor=forvaltare, key="budget", title="Avsätt budget", why="Pengar.",
                                category="organisation", responsible="ledning", days_before=300)  # fmt: skip
    # Until it is published the kommuner keep version 1.
    assert "mall:ihp" in {a.key for a in readiness_of(lund, today=TODAY).actions}

    services.checklist_publish(version=draft, note="Budget tillagd", actor=forvaltare)
    keys = {a.key: a for a in readiness_of(lund, today=TODAY).actions}
    assert "mall:ihp" not in keys and "mall:budget" in keys and keys["mall:styrning"].done
    assert AuditEvent.objects.filter(action="readiness.published", object_id=str(draft.pk)).exists()


def test_an_empty_draft_is_not_published(db, forvaltare):
    draft = services.checklist_draft_create(actor=forvaltare)
    with pytest.raises(ValidationError) as empty:
        services.checklist_publish(version=draft, note="Tom", actor=forvaltare)
    assert empty.value.messages == [str(MSG_DRAFT_EMPTY)]
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_meeting_action_for_every_kommun_lands_on_every_checklist(checklist, lund, bjuv, forvaltare):
    due = timezone.localdate() + timedelta(days=30)
    meeting = services.meeting_create(
        date=date(2026, 9, 1), kind="workshop", title="Workshop", kommuner=[lund, bjuv], actor=forvaltare,
        actions=[{"title": "Boka möte med systemägarna", "category": "organisation", "responsible": "arkivarie",
                  "due": due, "kommun": None}],
    )  # fmt: skip
    services.meeting_action_add(meeting=meeting, kommun=lund, actor=forvaltare, title="Bara för Lund",
                                category="leverans", responsible="systemagare")  # fmt: skip
    lund_titles = {a.title for a in readiness_of(lund, today=TODAY).actions}
    bjuv_titles = {a.title for a in readiness_of(bjuv, today=TODAY).actions}
    assert {"Boka möte med systemägarna", "Bara för Lund"} <= lund_titles
    assert "Boka möte med systemägarna" in bjuv_titles and "Bara för Lund" not in bjuv_titles
    assert AuditEvent.objects.filter(action="readiness.meeting_action_added").count() == 2
