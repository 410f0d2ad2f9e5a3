"""Opening or reloading a plan button's address (GET) takes the förvaltning to the plan, changing nothing,
instead of a 405 page; everyone else still gets 404 (issue 12, bug 9)."""

import pytest

from onboarding.planning import services

pytestmark = pytest.mark.django_db
ACTIONS = ("foresla", "besluta", "ta-bort", "starta")


def test_get_on_a_plan_button_goes_to_the_plan(portfolio, forvaltare, ledning, consortium, client_for, cross_kommun):
    plan = services.plan_build(actor=forvaltare)
    client = client_for(forvaltare, consortium)
    for action in ACTIONS:
        response = client.get(f"/planering/plan/{plan.pk}/{action}/")
        assert response.status_code == 302 and response.url == f"/planering/plan/{plan.pk}/", action
    plan.refresh_from_db()
    assert plan.state == plan.State.DRAFT  # nothing was proposed, decided, deleted or started
    urls = [f"/planering/plan/{plan.pk}/{action}/" for action in ACTIONS]
    cross_kommun.assert_hidden(consortium, *urls, users=["ledning"], methods=("get",), anonymous=False)
