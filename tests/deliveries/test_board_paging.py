"""The förvaltning's board at many kommuner (issue 20): a page of 100 connections, phase by phase, "Sida 2 av 3"
links that keep the filters, every phase counted in full, downloads with every filtered row, and a query count
that does not grow with the kommuner or the connections."""

import csv
import re
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.deliveries_index.phases import BOARD_ORDER, Phase
from onboarding.deliveries_index.selectors import BOARD_PAGE_SIZE
from onboarding.portfolio.models import Product
from tenants.models import Kommun

pytestmark = pytest.mark.django_db

PER_KOMMUN = 6


def _kommuner(n: int) -> list[Kommun]:
    """Kommun rows in public only: the board reads the public index, never a kommun's schema."""
    return Kommun.objects.bulk_create(
        [
            Kommun(name=f"Kommun {i:02d}", kommunkod=f"{9100 + i}", subdomain=f"board{i}", schema_name=f"board{i}")
            for i in range(n)
        ]
    )


def _entries(kommuner, product, *, quarter="") -> None:
    """PER_KOMMUN index rows a kommun, the phases taken in turn."""
    ConnectionEntry.objects.bulk_create(
        [
            ConnectionEntry(
                kommun=kommun,
                connection_id=n + 1,
                system_id=n + 1,
                system_name=f"{kommun.name} system {n}",
                product=product,
                phase=BOARD_ORDER[(k + n) % len(BOARD_ORDER)],
                planned_quarter=quarter,
            )
            for k, kommun in enumerate(kommuner)
            for n in range(PER_KOMMUN)
        ]
    )


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.fixture
def procapita(db):
    return Product.objects.get_or_create(name="Procapita", vendor="CGI")[0]


def test_board_shows_a_page_at_a_time_with_the_same_queries_at_many_kommuner(
    lund, bjuv, procapita, forvaltare, consortium, client_for
):
    client = client_for(forvaltare, consortium)
    _entries([lund, bjuv], procapita)
    client.get("/anslutningar/")
    few, html = _queries(client, "/anslutningar/")
    assert "Sida 1 av" not in html  # 12 connections: one page, no pager

    _entries(_kommuner(60), procapita)
    total = 62 * PER_KOMMUN
    many, html = _queries(client, "/anslutningar/")
    assert many == few <= 12
    pages = -(-total // BOARD_PAGE_SIZE)
    assert f"{total} anslutningar" in html and f"Sida 1 av {pages}" in html
    assert html.count('<th scope="row">') == BOARD_PAGE_SIZE
    # Each phase's caption counts all its connections, also those on other pages.
    planned = ConnectionEntry.objects.filter(phase=Phase.PLANNED).count()
    assert f"Planerad ({planned})" in html

    last, html = _queries(client, f"/anslutningar/?sida={pages}")
    assert last == few
    assert f"Sida {pages} av {pages}" in html and "Nästa sida" not in html
    assert html.count('<th scope="row">') == total - (pages - 1) * BOARD_PAGE_SIZE
    # The last page ends with the last phase: cancelled connections.
    assert "Avbruten (" in html


def test_every_row_is_on_exactly_one_page_in_the_boards_order(
    lund, bjuv, procapita, forvaltare, consortium, client_for
):
    _entries([lund, bjuv, *_kommuner(30)], procapita)
    client = client_for(forvaltare, consortium)
    seen = []
    number = 1
    while True:
        html = client.get("/anslutningar/", {"sida": number}).content.decode()
        seen += re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)
        if "Nästa sida" not in html:
            break
        number += 1
    assert len(seen) == len(set(seen)) == ConnectionEntry.objects.count()
    # Phase by phase in lifecycle order, kommun by kommun within a phase.
    rows = {e.system_name: e for e in ConnectionEntry.objects.select_related("kommun")}
    keys = [(BOARD_ORDER.index(rows[name].phase), rows[name].kommun.name, name) for name in seen]
    assert keys == sorted(keys)


def test_pager_and_downloads_keep_the_filters_and_downloads_hold_every_filtered_row(
    lund, bjuv, procapita, forvaltare, consortium, client_for
):
    other = Product.objects.create(name="Ecos", vendor="")
    _entries(_kommuner(60), procapita, quarter="2020Q1")  # late, unless archived or cancelled
    _entries([lund, bjuv], other, quarter="2020Q1")
    client = client_for(forvaltare, consortium)
    html = client.get("/anslutningar/", {"produkt": procapita.pk, "sena": "on"}).content.decode()
    late = ConnectionEntry.objects.filter(product=procapita).exclude(phase__in=[Phase.ARCHIVED, Phase.CANCELLED])
    filtered = late.count()
    assert 2 * BOARD_PAGE_SIZE < filtered < ConnectionEntry.objects.filter(product=procapita).count()
    assert f"{filtered} anslutningar" in html
    assert f"?produkt={procapita.pk}&amp;sena=on&amp;sida=2" in html  # the next page keeps both filters
    assert f'href="/anslutningar/export.csv?produkt={procapita.pk}&amp;sena=on"' in html

    page_two = client.get("/anslutningar/", {"produkt": procapita.pk, "sena": "on", "sida": 2}).content.decode()
    assert "Sida 2 av 3" in page_two and f"?produkt={procapita.pk}&amp;sena=on&amp;sida=1" in page_two
    assert f'href="/anslutningar/export.csv?produkt={procapita.pk}&amp;sena=on"' in page_two
    assert "Ecos" not in page_two.split("<table", 1)[1]

    response = client.get("/anslutningar/export.csv", {"produkt": procapita.pk, "sena": "on", "sida": 2})
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]
    assert len(rows) == filtered > BOARD_PAGE_SIZE
    assert {row[3] for row in rows} == {"Procapita (CGI)"} and {row[5] for row in rows} == {"Försenad"}
    labels = {str(label): BOARD_ORDER.index(value) for value, label in Phase.choices}
    order = [labels[row[0]] for row in rows]
    assert order == sorted(order) and len(set(order)) == len(BOARD_ORDER) - 2


def test_a_wrong_page_number_gives_a_page_not_an_error(lund, procapita, forvaltare, consortium, client_for):
    _entries(_kommuner(40), procapita)
    client = client_for(forvaltare, consortium)
    assert "Sida 1 av 3" in client.get("/anslutningar/", {"sida": "x"}).content.decode()
    assert "Sida 3 av 3" in client.get("/anslutningar/", {"sida": 99}).content.decode()


def test_phase_links_lead_to_the_page_where_the_phase_begins(lund, procapita, forvaltare, consortium, client_for):
    _entries(_kommuner(40), procapita)
    client = client_for(forvaltare, consortium)
    html = client.get("/anslutningar/").content.decode()
    cancelled = ConnectionEntry.objects.filter(phase=Phase.CANCELLED).count()
    link = re.search(rf'<a href="\?sida=(\d)#fas-avbruten">Avbruten \({cancelled}\)</a>', html)
    assert link
    target = client.get("/anslutningar/", {"sida": link.group(1)}).content.decode()
    assert 'id="fas-avbruten"' in target


def test_kommun_people_do_not_see_any_page_of_the_board(consortium, cross_kommun):
    cross_kommun.assert_hidden(consortium, "/anslutningar/?sida=2", "/anslutningar/?sena=on&sida=1")


def test_the_product_filter_offers_the_products_on_the_board(lund, procapita, forvaltare, consortium, client_for):
    unused = Product.objects.create(name="Aldrig ansluten", vendor="")
    _entries([lund], procapita)
    html = client_for(forvaltare, consortium).get("/anslutningar/", {"produkt": procapita.pk}).content.decode()
    assert f'<option value="{procapita.pk}" selected>Procapita (CGI)</option>' in html
    assert unused.name not in html
