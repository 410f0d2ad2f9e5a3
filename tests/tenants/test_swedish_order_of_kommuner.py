"""Every list, table and select of kommuner is in Swedish alphabetical order: å, ä, ö after z, in that order
(issue 12). Checked with real kommun names, on the pages where people meet them."""

import re
from decimal import Decimal

import pytest

from billing.allocation import Key, Line, Participant
from billing.selectors import _table_from
from tenants.models import Kommun
from tenants.services import kommun_create

pytestmark = pytest.mark.django_db

# tenants/data/skanearkiv_kommuner.csv, and Östra Göinge (1256) from the national list.
NEW = [("1292", "Ängelholm"), ("1257", "Örkelljunga"), ("1256", "Östra Göinge"), ("1277", "Åstorp"), ("1286", "Ystad")]
SWEDISH_ORDER = ["Bjuv", "Lund", "Ystad", "Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge"]


@pytest.fixture
def kommuner(lund, bjuv):
    subdomains = {"Ängelholm": "angelholm", "Örkelljunga": "orkelljunga", "Östra Göinge": "ostragoinge"}
    for kommunkod, name in NEW:
        if not Kommun.objects.filter(kommunkod=kommunkod).exists():
            subdomain = subdomains.get(name, name.lower().replace("å", "a"))
            kommun_create(kommunkod=kommunkod, name=name, subdomain=subdomain, population={2024: 10000})
    return SWEDISH_ORDER


def names_in(html: str, after: str = "", before: str = "") -> list[str]:
    """The kommun names of SWEDISH_ORDER in the order they first appear in html between two markers; the site
    switcher (in Swedish order already) is taken out first."""
    html = re.sub(r'<details class="site-switcher">.*?</details>', "", html, flags=re.S)
    start = html.index(after) if after else 0
    end = html.index(before, start) if before else len(html)
    part = html[start:end]
    found = {name: part.find(f">{name}<") for name in SWEDISH_ORDER}
    found |= {name: part.find(f"{name}</") for name, at in found.items() if at < 0}
    return sorted((n for n, at in found.items() if at >= 0), key=found.get)


PAGES = [
    ("/", 'id="kommuner-heading"', "</table>"),  # the consortium's start page: its table of kommuner
    ("/anslutningar/", 'name="kommun"', "</select>"),  # the connection board's kommun filter
    ("/rapporter/", 'name="kommun"', "</select>"),  # the report form's kommun choice
    ("/nyheter/ny/", 'name="kommuner"', "</fieldset>"),  # a news item's recipients
    ("/beredskap/", "<tbody", "</tbody>"),  # readiness per kommun
    ("/moten/nytt/", 'name="kommuner"', "</fieldset>"),  # a meeting's kommuner
    ("/kommuner/uttraden/", "<tbody", "</tbody>"),  # kommuner that may leave
]


def test_kommuner_are_listed_in_swedish_order(kommuner, forvaltare, consortium, client_for):
    client = client_for(forvaltare, consortium)  # one test for every page: making the kommuner takes seconds
    seen = {}
    for url, after, before in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = names_in(response.content.decode(), after, before)
    assert seen == {url: kommuner for url, _after, _before in PAGES}


def test_the_cost_allocation_is_shown_in_swedish_order_but_computed_in_kommunkod_order():
    participants = [Participant(int(code), name, population=1000) for code, name in sorted(NEW)]
    table = _table_from([Line(1, "Drift", Key.POPULATION, Decimal("100.03"))], participants, {})
    assert [row.name for row in table.rows] == ["Ystad", "Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge"]
    # The 3 öre left over by rounding go by kommunkod, as before: 1256, 1257 and 1277 get one each.
    amounts = {row.name: row.cells[0].amount for row in table.rows}
    assert amounts == {
        "Östra Göinge": Decimal("20.01"), "Örkelljunga": Decimal("20.01"), "Åstorp": Decimal("20.01"),
        "Ystad": Decimal("20.00"), "Ängelholm": Decimal("20.00"),
    }  # fmt: skip
