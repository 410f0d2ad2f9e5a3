"""Meetings (issue 19): the förvaltning records visits, workshops, kick-offs and follow-ups with the actions that came
out of them; a kommun sees its own meetings; the förvaltning sees who has not been visited and when each was met."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from onboarding.readiness import services
from onboarding.readiness.messages import MSG_ACTION_KOMMUN_NOT_IN_MEETING, MSG_NO_KOMMUNER
from onboarding.readiness.models import Meeting, MeetingAction
from tenants.models import AuditEvent


def _meeting(kommuner, forvaltare, **fields):
    data = {"date": date(2026, 9, 3), "kind": "besok", "title": "Besök", "actor": forvaltare, **fields}
    return services.meeting_create(kommuner=kommuner, **data)


def test_a_meeting_with_an_action_for_every_kommun_is_created_from_the_form(
    client_for, checklist, consortium, lund, bjuv, forvaltare, arkivarie_bjuv
):
    form = {
        "date": "2026-08-27", "kind": "workshop", "title": "Workshop med arkivarierna",
        "kommuner": [lund.pk, bjuv.pk], "participants": "Arkivarierna", "notes": "Checklistan togs fram.",
        "action_title": "Boka möte med systemägarna", "action_why": "De gör exporterna.",
        "action_category": "organisation", "action_responsible": "arkivarie", "action_due": "2026-12-15",
        "action_for": "alla",
    }  # fmt: skip
    answer = client_for(forvaltare, consortium).post("/moten/nytt/", form, follow=True)
    page = answer.content.decode()
    assert "Mötet är sparat." in page and "Boka möte med systemägarna – alla kommuner" in page
    meeting = Meeting.objects.get()
    assert set(meeting.kommuner.all()) == {lund, bjuv} and meeting.actions.get().kommun is None
    assert AuditEvent.objects.filter(action="readiness.meeting_created", object_id=str(meeting.pk)).exists()
    bjuv_page = client_for(arkivarie_bjuv, bjuv).get("/beredskap/").content.decode()
    assert (
        "Boka möte med systemägarna" in bjuv_page and "Från mötet ”Workshop med arkivarierna” 2026-08-27" in bjuv_page
    )


def test_a_meeting_without_kommuner_is_refused_and_nothing_is_saved(client_for, consortium, forvaltare):
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(kommuner=[], date=date(2026, 8, 27), kind="workshop", title="W", actor=forvaltare)
    assert refused.value.message_dict == {"kommuner": [str(MSG_NO_KOMMUNER)]}
    form = {"date": "2026-08-27", "kind": "workshop", "title": "Workshop", "action_for": "alla"}
    answer = client_for(forvaltare, consortium).post("/moten/nytt/", form)
    assert answer.status_code == 422 and "Mötet kunde inte sparas." in answer.content.decode()
    assert not Meeting.objects.exists()
    bad_date = client_for(forvaltare, consortium).post("/moten/nytt/", {**form, "date": "27 aug"})
    assert bad_date.status_code == 422 and not Meeting.objects.exists()


def test_an_action_goes_only_to_a_kommun_that_took_part(client_for, consortium, lund, bjuv, forvaltare):
    meeting = _meeting([lund], forvaltare)
    form = {"action_title": "Bara för Bjuv", "action_category": "leverans", "action_responsible": "kontakt"}
    refused = client_for(forvaltare, consortium).post(f"/moten/{meeting.pk}/atgard/", {**form, "action_for": bjuv.pk})
    assert refused.status_code == 422 and not MeetingAction.objects.exists()
    added = client_for(forvaltare, consortium).post(f"/moten/{meeting.pk}/atgard/", {**form, "action_for": lund.pk})
    assert added.status_code == 302 and MeetingAction.objects.get().kommun == lund
    with pytest.raises(ValidationError) as refused_by_service:
        services.meeting_action_add(meeting=meeting, kommun=bjuv, actor=forvaltare, title="x", category="leverans",
                                    responsible="kontakt")  # fmt: skip
    assert refused_by_service.value.message_dict == {"kommun": [str(MSG_ACTION_KOMMUN_NOT_IN_MEETING)]}


def test_the_forvaltning_sees_who_has_not_been_visited_and_when_each_was_last_met(
    client_for, consortium, lund, bjuv, forvaltare, ledning
):
    _meeting([lund], forvaltare, date=date(2026, 9, 3), title="Besök i Lund")
    _meeting([lund, bjuv], forvaltare, date=date(2026, 10, 1), kind="uppfoljning", title="Uppföljning")
    page = client_for(ledning, consortium).get("/moten/").content.decode()
    table = page.split('id="met-heading"', 1)[1].split("</table>", 1)[0]
    bjuv_row = table.split(">Bjuv</a>", 1)[1].split("</tr>", 1)[0]
    lund_row = table.split(">Lund</a>", 1)[1].split("</tr>", 1)[0]
    assert "Inte besökt" in bjuv_row and "2026-10-01" in bjuv_row  # met, but never visited
    assert "2026-09-03" in lund_row and "2026-10-01" in lund_row and "Inte besökt" not in lund_row
    assert table.index(">Bjuv</a>") < table.index(">Lund</a>")  # the ones not visited first
    assert "Nytt möte" not in page  # ledning reads only
    assert client_for(ledning, consortium).get("/moten/nytt/").status_code == 404


def test_a_kommun_sees_its_own_meetings_and_their_actions_only(client_for, lund, bjuv, forvaltare, arkivarie_lund):
    own = _meeting([lund], forvaltare, title="Besök i Lund", actions=[
        {"title": "Lunds åtgärd", "category": "leverans", "responsible": "kontakt", "kommun": lund}])  # fmt: skip
    _meeting([lund, bjuv], forvaltare, title="Gemensamt", actions=[
        {"title": "Bjuvs åtgärd", "category": "leverans", "responsible": "kontakt", "kommun": bjuv},
        {"title": "Allas åtgärd", "category": "leverans", "responsible": "kontakt", "kommun": None}])  # fmt: skip
    other = _meeting([bjuv], forvaltare, title="Besök i Bjuv")
    client = client_for(arkivarie_lund, lund)
    page = client.get("/moten/").content.decode()
    assert "Besök i Lund" in page and "Gemensamt" in page and "Besök i Bjuv" not in page
    assert "Lunds åtgärd" in page and "Allas åtgärd" in page and "Bjuvs åtgärd" not in page
    assert "Lunds åtgärd" in client.get(f"/moten/{own.pk}/").content.decode()
    assert client.get(f"/moten/{other.pk}/").status_code == 404


def test_other_kommuns_people_get_404_for_the_meeting_pages(lund, bjuv, consortium, forvaltare, cross_kommun):
    meeting = _meeting([lund], forvaltare)
    cross_kommun.assert_found(lund, "/moten/", f"/moten/{meeting.pk}/")
    cross_kommun.assert_hidden(lund, "/moten/", f"/moten/{meeting.pk}/", methods=["get"])
    cross_kommun.assert_found(consortium, "/moten/", f"/moten/{meeting.pk}/", "/moten/nytt/")
    cross_kommun.assert_hidden(
        consortium, "/moten/", "/moten/nytt/", f"/moten/{meeting.pk}/", f"/moten/{meeting.pk}/atgard/"
    )
    cross_kommun.assert_hidden(bjuv, f"/moten/{meeting.pk}/", users=["arkivarie_bjuv", "kontakt_bjuv"], anonymous=False,
                               methods=["get"])  # fmt: skip
    assert Meeting.objects.count() == 1 and not MeetingAction.objects.exists()
