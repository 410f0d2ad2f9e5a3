"""A draft built in Celery: the build page with its progress, then the draft with its optimality line;
who may see it; failures; the time limit setting; plan_build --time-limit."""

import json
from datetime import date

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from onboarding.planning import builds, messages, selectors, services
from onboarding.planning.models import PlanBuild, PlanVersion


def test_forvaltning_builds_a_draft_follows_it_and_sees_that_it_is_optimal(
    portfolio, forvaltare, consortium, client_for, django_capture_on_commit_callbacks
):
    client = client_for(forvaltare, consortium)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/planering/bygg/", {"title": "Vårens utkast"})
    build = PlanBuild.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/planering/bygg/{build.pk}/"
    assert build.state == PlanBuild.State.DONE and build.plan.title == "Vårens utkast"
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain == [(f"/planering/plan/{build.plan_id}/", 302)]
    html = page.content.decode()
    assert str(messages.MSG_DRAFT_BUILT % {"n": 1}) in html and str(messages.MSG_OPTIMAL) in html
    assert build.plan.summary["method"] == "losare" and build.plan.summary["solver"]["optimal"] is True
    # An HTMX poll of a finished build is told where the draft is.
    poll = client.get(f"/planering/bygg/{build.pk}/", HTTP_HX_REQUEST="true")
    assert poll["HX-Redirect"] == f"/planering/plan/{build.plan_id}/"


def test_the_build_page_shows_the_queue_then_the_solvers_progress(portfolio, forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)
    build = builds.plan_build_request(title="", actor=forvaltare)  # the test's transaction never commits
    url = f"/planering/bygg/{build.pk}/"
    page = client.get(url).content.decode()
    assert "I kö" in page and 'hx-trigger="every 2s"' in page and "<progress" in page
    PlanBuild.objects.filter(pk=build.pk).update(state=PlanBuild.State.RUNNING)
    cache.set(
        builds.progress_key(build),
        {"stage": 1, "stages": 4, "name": "avvecklingsdatum", "found": 3, "bound": 5, "percent": 40},
    )
    try:
        fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    finally:
        cache.delete(builds.progress_key(build))
    assert "<html" not in fragment and 'role="status"' in fragment
    assert "Steg 1 av 4" in fragment and "avvecklingsdatum som hålls" in fragment
    assert "bästa hittills 3" in fragment and "högst 5 möjligt" in fragment and 'value="40"' in fragment


def test_only_the_consortium_sees_a_build_and_only_the_forvaltning_asks_for_one(
    portfolio, forvaltare, ledning, consortium, client_for, cross_kommun
):
    build = builds.plan_build_request(title="", actor=forvaltare)
    url = f"/planering/bygg/{build.pk}/"
    # Every kommun person gets 404, on the consortium's site and on their own kommun's.
    cross_kommun.assert_hidden(consortium, url, also_on_their_sites=True)
    assert client_for(ledning, consortium).get(url).status_code == 200
    assert client_for(ledning, consortium).post("/planering/bygg/").status_code == 404
    assert client_for(forvaltare, consortium).get("/planering/bygg/99999/").status_code == 404
    with pytest.raises(PermissionDenied):
        builds.plan_build_request(title="", actor=ledning)


def test_a_build_that_fails_says_so_and_saves_nothing(portfolio, forvaltare, ledning, consortium, client_for):
    build = PlanBuild.objects.create(time_limit=5, requested_by=ledning)  # ledning may not build
    with pytest.raises(PermissionDenied):
        builds.plan_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.state == PlanBuild.State.FAILED and "PermissionDenied" in build.error
    assert not PlanVersion.objects.exists()
    page = client_for(forvaltare, consortium).get(f"/planering/bygg/{build.pk}/").content.decode()
    assert "Utkastet kunde inte byggas" in page and "hx-trigger" not in page


def test_a_message_delivered_twice_builds_one_draft(portfolio, forvaltare):
    build = builds.plan_build_request(title="", actor=forvaltare)
    builds.plan_build_run(build_id=build.pk)
    again = builds.plan_build_run(build_id=build.pk)
    assert again.state == PlanBuild.State.DONE and PlanVersion.objects.count() == 1


def test_the_next_draft_keeps_what_it_can_of_the_decided_plan(portfolio, forvaltare):
    first = services.plan_build(actor=forvaltare, today=date(2026, 11, 1))
    services.plan_propose(plan=first, actor=forvaltare)
    services.plan_decide(plan=first, decided_on=date(2026, 12, 1), minutes_reference="SR § 4", actor=forvaltare)
    second = services.plan_build(actor=forvaltare, today=date(2026, 11, 1))
    assert second.inputs["stability_against"] == first.number
    stages = [s["name"] for s in second.summary["solver"]["stages"]]
    assert "stabilitet" in stages
    quarters = lambda plan: {(i.kommun_id, i.system_id): i.quarter for i in plan.items.all()}  # noqa: E731
    assert quarters(second) == quarters(first)


def test_the_time_limit_is_a_setting_with_a_swedish_error(plan_inputs, forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)
    data = {
        "start_quarter": "Q1 2027",
        "horizon": "4",
        "fairness_quarters": "2",
        "default_capacity": "60",
        "effort_first": "30",
        "effort_additional": "8",
        "solver_time_limit": "0",
    }
    response = client.post("/planering/indata/", data)
    assert response.status_code == 422 and "Kontrollera att detta värde är större än eller lika med 1." in (
        response.content.decode()
    )
    assert client.post("/planering/indata/", data | {"solver_time_limit": "12"}).status_code == 302
    plan_inputs.refresh_from_db()
    assert plan_inputs.solver_time_limit == 12
    assert "Tidsgräns för lösaren (sekunder)" in client.get("/planering/indata/").content.decode()


def test_plan_build_command_takes_a_time_limit(portfolio, capsys):
    call_command("plan_build", "--json", "--time-limit", "3")
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "losare" and data["solver"]["time_limit"] == 3.0
    with pytest.raises(CommandError, match="ange sekunder"):
        call_command("plan_build", "--time-limit", "0")


@pytest.mark.parametrize(
    "summary, line",
    [
        (
            {
                "method": "losare",
                "solver": {
                    "optimal": False,
                    "time_limit": 30.0,
                    "stages": [{"name": "avvecklingsdatum", "value": 111, "bound": 115, "optimal": False}],
                },
            },
            str(messages.MSG_DATES_GAP % {"n": 4, "s": "30"}),
        ),
        (
            {
                "method": "losare",
                "solver": {
                    "optimal": False,
                    "time_limit": 30.0,
                    "stages": [
                        {"name": "avvecklingsdatum", "value": 111, "bound": 111, "optimal": True},
                        {"name": "kommuner", "value": 40, "bound": 43, "optimal": False},
                    ],
                },
            },
            str(messages.MSG_KOMMUNER_GAP % {"n": 3}),
        ),
        (
            {"method": "planerare", "solver": {"fallback": "no_solution", "time_limit": 30.0}},
            str(messages.MSG_GREEDY_NO_SOLUTION % {"s": "30"}),
        ),
        ({"method": "planerare", "solver": {"fallback": "not_installed"}}, str(messages.MSG_GREEDY_NOT_INSTALLED)),
        ({}, ""),
    ],
)
def test_the_optimality_line_says_how_far_from_the_bound_the_plan_may_be(summary, line):
    assert selectors.plan_optimality(PlanVersion(number=1, summary=summary, inputs={})) == line
