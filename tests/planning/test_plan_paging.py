"""The plan page at many kommuner (issue 20): it leads with every quarter (systems, load, where they begin), then
shows 100 planned systems a page, quarter by quarter, with "Sida 2 av 3" links; the xlsx holds the whole plan;
the query count does not grow with the kommuner or the systems."""

import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from onboarding.planning import services
from onboarding.planning.models import PlanItem, PlanVersion
from onboarding.planning.selectors import PLAN_PAGE_SIZE
from tenants.models import Kommun
from tests.planning.conftest import plan_without_room_early

pytestmark = pytest.mark.django_db

QUARTERS = ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]  # plan_inputs: four quarters from 2027 K1
PER_KOMMUN = 6


def _kommuner(n: int) -> list[Kommun]:
    """Kommun rows in public only: the plan page reads the plan's public rows, never a kommun's schema."""
    return Kommun.objects.bulk_create(
        [
            Kommun(name=f"Kommun {i:02d}", kommunkod=f"{9200 + i}", subdomain=f"plan{i}", schema_name=f"plan{i}")
            for i in range(n)
        ]
    )


def _more_items(plan, kommuner) -> None:
    """PER_KOMMUN planned systems a kommun (the quarters in turn) and one the plan leaves out, after the plan's own."""
    position = plan.items.count()
    rows = []
    for k, kommun in enumerate(kommuner):
        for n in range(PER_KOMMUN + 1):
            position += 1
            quarter = "" if n == PER_KOMMUN else QUARTERS[(k + n) % len(QUARTERS)]
            rows.append(
                PlanItem(plan=plan, position=position, kommun=kommun, system_id=n + 1,
                         system_name=f"{kommun.name} system {n}", product_name="Procapita", quarter=quarter,
                         score=50, effort=8, kind="ytterligare", reason="Samma produkt som redan ansluts")
            )  # fmt: skip
    PlanItem.objects.bulk_create(rows)


def _get(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _names(html: str) -> list[str]:
    """The planned systems' names on a page, in the page's order (the quarter tables only)."""
    schedule = html[html.index('id="schedule-heading"') : html.index('id="issues-heading"')]
    return re.findall(r'<th scope="row"><a href="/planering/portfolj/\d+/\d+/">([^<]+)</a></th>', schedule)


@pytest.fixture
def plan(portfolio, forvaltare):
    return services.plan_build(actor=forvaltare)


def test_plan_page_has_the_same_queries_at_many_kommuner_and_shows_a_page(plan, forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)
    url = f"/planering/plan/{plan.pk}/"
    client.get(url)
    few, html = _get(client, url)
    assert "Sida 1 av" not in html

    _more_items(plan, _kommuner(60))
    planned = plan.items.exclude(quarter="").count()
    many, html = _get(client, url)
    assert many <= few <= 20  # not more (a long list of left-out systems is read only when opened)
    pages = -(-planned // PLAN_PAGE_SIZE)
    assert pages >= 3 and f"Sida 1 av {pages}" in html
    assert len(_names(html)) == PLAN_PAGE_SIZE
    # The overview comes first and counts every quarter's systems, also those on later pages.
    assert html.index('class="quarters"') < html.index('class="quarter"')
    for code in QUARTERS:
        count = plan.items.filter(quarter=code).count()
        label = code.replace("-Q", " K")
        assert re.search(rf"{label}</a></th>\s*<td class=\"num\">{count}</td>", html), label
    # The systems it leaves out: counted in full, the first 200 shown.
    left_out = plan.items.filter(quarter="").count()
    assert f"{left_out} system planeras inte" in html and "De första 200 visas" not in html

    last, html = _get(client, f"{url}?sida={pages}")
    assert last == many and f"Sida {pages} av {pages}" in html and "Nästa sida" not in html
    assert len(_names(html)) == planned - (pages - 1) * PLAN_PAGE_SIZE


def test_every_planned_system_is_on_one_page_quarter_by_quarter(plan, forvaltare, consortium, client_for):
    _more_items(plan, _kommuner(40))
    client = client_for(forvaltare, consortium)
    seen, number = [], 1
    while True:
        html = client.get(f"/planering/plan/{plan.pk}/", {"sida": number}).content.decode()
        seen += _names(html)
        if "Nästa sida" not in html:
            break
        number += 1
    expected = list(
        plan.items.exclude(quarter="").order_by("quarter", "position").values_list("system_name", flat=True)
    )
    assert seen == expected


def test_quarter_links_lead_to_the_page_where_the_quarter_begins(plan, forvaltare, consortium, client_for):
    _more_items(plan, _kommuner(40))
    client = client_for(forvaltare, consortium)
    html = client.get(f"/planering/plan/{plan.pk}/").content.decode()
    link = re.search(r'<a href="\?sida=(\d+)#kvartal-2027-Q4">2027 K4</a>', html)
    assert link and link.group(1) != "1"
    target = client.get(f"/planering/plan/{plan.pk}/", {"sida": link.group(1)}).content.decode()
    assert 'id="kvartal-2027-Q4"' in target
    first = plan.items.filter(quarter="2027-Q4").order_by("position").first()
    assert first.system_name in target


def test_the_xlsx_still_holds_the_whole_plan_and_wrong_pages_give_a_page(plan, forvaltare, consortium, client_for):
    _more_items(plan, _kommuner(40))
    client = client_for(forvaltare, consortium)
    workbook = load_workbook(BytesIO(client.get(f"/planering/plan/{plan.pk}/anslutningsplan.xlsx").content))
    assert len(list(workbook["Plan"].iter_rows(min_row=2))) == plan.items.count() > 2 * PLAN_PAGE_SIZE
    pages = -(-plan.items.exclude(quarter="").count() // PLAN_PAGE_SIZE)
    assert f"Sida 1 av {pages}" in client.get(f"/planering/plan/{plan.pk}/", {"sida": "x"}).content.decode()
    assert f"Sida {pages} av {pages}" in client.get(f"/planering/plan/{plan.pk}/", {"sida": 99}).content.decode()


def test_kommun_people_do_not_see_any_page_of_the_plan(plan, consortium, cross_kommun):
    cross_kommun.assert_hidden(consortium, f"/planering/plan/{plan.pk}/?sida=2")


def test_a_long_list_of_left_out_systems_is_read_when_opened(plan, forvaltare, consortium, client_for):
    _more_items(plan, _kommuner(60))  # 60 left out: more than the page holds at once
    left_out = plan.items.filter(quarter="").order_by("position")
    client = client_for(forvaltare, consortium)
    url = f"/planering/plan/{plan.pk}/"
    html = client.get(url).content.decode()
    assert f"{left_out.count()} system planeras inte" in html
    assert left_out.first().system_name not in html  # folded and not read yet
    assert 'hx-get="?lista=ej-planerade"' in html and '<a href="?lista=ej-planerade#unplanned-heading">' in html

    fragment = client.get(url, {"lista": "ej-planerade"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "<caption>Ej planerade system och varför</caption>" in fragment
    assert all(item.system_name in fragment for item in left_out)

    without_js = client.get(url, {"lista": "ej-planerade"}).content.decode()
    assert '<details class="unplanned" open>' in without_js and left_out.last().system_name in without_js
    assert 'id="schedule-heading"' in without_js  # the whole page, the list opened in it


def test_a_long_list_of_missed_dates_is_counted_and_its_first_200_read_when_opened(
    portfolio, forvaltare, consortium, client_for
):
    plan = plan_without_room_early(forvaltare)
    miss = plan.summary["deadline_misses"][0]
    misses = [{**miss, "system": f"Missat system {n:03d}"} for n in range(250)]
    PlanVersion.objects.filter(pk=plan.pk).update(summary={**plan.summary, "deadline_misses": misses})
    client = client_for(forvaltare, consortium)
    url = f"/planering/plan/{plan.pk}/"
    html = client.get(url).content.decode()
    assert "250 system hinner inte före sina avvecklingsdatum (längre ned)" in html
    assert "<summary>250 system kan inte anslutas före sina avvecklingsdatum" in html
    assert "Missat system 000" not in html  # folded and not read yet
    assert 'hx-get="?lista=missar"' in html

    fragment = client.get(url, {"lista": "missar"}, headers={"HX-Request": "true"}).content.decode()
    shown = re.findall(r'<th scope="row">(Missat system \d+)</th>', fragment)
    assert shown == [f"Missat system {n:03d}" for n in range(200)]  # the first 200, in the plan's order

    without_js = client.get(url, {"lista": "missar"}).content.decode()
    assert '<details class="misses" open>' in without_js and "Missat system 199" in without_js
    assert "Missat system 200" not in without_js
