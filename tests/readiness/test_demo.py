"""The readiness demo (issue 19): the workshop's checklist published, the autumn tour of visits, the workshop's action
on every kommun's checklist, a kick-off in Lund; seeded on top of the other apps' demo, and idempotent."""

from onboarding.readiness.checklist import readiness_of
from onboarding.readiness.models import ActionMark, ChecklistVersion, Meeting
from tests.integration.conftest import seed_demo_apps

APPS = ("onboarding", "onboarding.planning", "onboarding.deliveries", "onboarding.readiness")


def test_the_demo_has_the_workshops_checklist_and_the_autumn_tour(demo_result, folders, lund, bjuv, client_for,
                                                                  arkivarie_lund, forvaltare, consortium):  # fmt: skip
    seed_demo_apps(demo_result, apps=APPS)
    seed_demo_apps(demo_result, apps=("onboarding.readiness",))  # a second run adds nothing
    version = ChecklistVersion.objects.get()
    assert version.is_published and version.items.count() == 9 and "workshop" in version.note
    visits = Meeting.objects.filter(kind=Meeting.Kind.VISIT)
    assert {m.date.month for m in visits} <= {9, 10, 11} and visits.filter(kommuner=lund).exists()
    assert Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP).get().kommuner.count() == 2
    assert Meeting.objects.filter(kind=Meeting.Kind.KICKOFF, kommuner=lund).exists()
    assert ActionMark.objects.filter(kommun=lund, item_key="styrning", done=True).count() == 1

    lund_titles = {a.title for a in readiness_of(lund, today=version.published_at.date()).actions}
    assert "Boka ett internt möte med systemägarna om e-arkivet" in lund_titles  # the workshop's, for every kommun
    assert "Skicka testexporten till förvaltningen" in lund_titles  # the kick-off's, for Lund only
    assert "Skicka testexporten till förvaltningen" not in {
        a.title for a in readiness_of(bjuv, today=version.published_at.date()).actions
    }
    # Lund's pilot went through validation in the deliveries demo: the platform ticked it.
    assert any(
        a.platform_done and a.platform_check == "testleverans"
        for a in readiness_of(lund, today=version.published_at.date()).actions
    )
    assert "Viktigast nu" in client_for(arkivarie_lund, lund).get("/").content.decode()
    assert "Besök i Lund" in client_for(forvaltare, consortium).get("/moten/").content.decode()
