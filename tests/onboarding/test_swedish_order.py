"""Tables in Swedish alphabetical order (issue 12): å, ä, ö after z, by the database's ICU collation."""

import re

import pytest

from onboarding.portfolio.models import Product
from tenants.models import Kommun
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = pytest.mark.django_db

NAMES = ["Ödet", "Ärenden", "Zeta", "Åtgärder", "Arkivet"]


def _row_names(page: str) -> list[str]:
    return [n for n in re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page) if n in NAMES]


def test_the_portfolio_sorts_names_the_swedish_way(lund, forvaltare, consortium, client_for):
    for name in NAMES:
        make_system(lund, name=name)
    client = client_for(forvaltare, consortium)
    page = client.get("/planering/portfolj/", {"sort": "namn"}).content.decode()
    assert _row_names(page) == ["Arkivet", "Zeta", "Åtgärder", "Ärenden", "Ödet"]
    page = client.get("/planering/portfolj/", {"sort": "-namn"}).content.decode()
    assert _row_names(page) == ["Ödet", "Ärenden", "Åtgärder", "Zeta", "Arkivet"]


def test_products_sort_the_swedish_way(lund, forvaltare, consortium, client_for):
    for name in NAMES:
        make_system(lund, name=f"System {name}", product_id=Product.objects.create(name=name, vendor="V").pk)
    page = client_for(forvaltare, consortium).get("/planering/portfolj/produkter/", {"sort": "produkt"})
    found = [n for n in re.findall(r">([^<>]+) \(V\)<", page.content.decode()) if n in NAMES]
    assert found == ["Arkivet", "Zeta", "Åtgärder", "Ärenden", "Ödet"]


def test_by_product_names_its_kommuner_the_swedish_way_each_name_once(lund, bjuv, forvaltare, consortium, client_for):
    product = Product.objects.create(name="Delad", vendor="V")
    for kommun in (lund, bjuv):
        make_system(kommun, name=f"Delad {kommun.subdomain}", product_id=product.pk)
    client = client_for(forvaltare, consortium)
    # Å before Ä (Python's and the C collation's order is Ä, Å)
    Kommun.objects.filter(pk=lund.pk).update(name="Ängelholm")
    Kommun.objects.filter(pk=bjuv.pk).update(name="Åstorp")
    page = client.get("/planering/portfolj/produkter/", {"q": "Delad"}).content.decode()
    assert "<td>Åstorp, Ängelholm</td>" in page
    Kommun.objects.filter(pk=bjuv.pk).update(name="Ängelholm")  # two kommuner of one name: the name once
    page = client.get("/planering/portfolj/produkter/", {"q": "Delad"}).content.decode()
    row = page[page.index("Delad (V)</a></th>") :]
    assert '<td class="num">2</td>' in row[: row.index("</tr>")] and "<td>Ängelholm</td>" in row
