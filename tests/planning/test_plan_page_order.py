"""The plan page leads with the plan (issue 12): the quarters first, the dates it cannot meet after them,
counted and folded away."""

import pytest

from tests.planning.conftest import plan_without_room_early

pytestmark = pytest.mark.django_db


def test_the_plan_comes_first_and_the_misses_are_counted_and_folded(
    portfolio, lund, forvaltare, consortium, client_for
):
    plan = plan_without_room_early(forvaltare)
    assert plan.summary["deadline_misses"]
    page = client_for(forvaltare, consortium).get(f"/planering/plan/{plan.pk}/").content.decode()
    assert page.index('id="schedule-heading"') < page.index('id="issues-heading"')
    assert '<a href="#issues-heading">1 system hinner inte före sitt avvecklingsdatum (längre ned)</a>' in page
    start = page.index('<details class="misses">')
    folded = page[start : page.index("</details>", start)]
    assert "<summary>1 system kan inte anslutas före sitt avvecklingsdatum" in folded and "Ecos miljö" in folded
