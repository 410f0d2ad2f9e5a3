"""The portfolio in kommun order (its default) is paged from one count per kommun, each page read from the
kommuner it spans (selectors._ByKommun): every page holds the rows the whole list in its ORDER BY has there,
in Swedish order of the kommuner (Å before Ä, kommuner of one name as one), either way, with filters."""

import pytest

from onboarding.portfolio import selectors
from onboarding.portfolio.models import PortfolioEntry
from onboarding.portfolio.selectors import SORTS, PortfolioFilters, ordering, portfolio_page
from tenants.models import Kommun

pytestmark = pytest.mark.django_db

NAMES = ["Ödeshög", "Åstorp", "Ängelholm", "Bjuv", "Åstorp", "Zeta", "Ale"]  # two of one name


@pytest.fixture
def rows(entry):
    kommuner = Kommun.objects.bulk_create(
        [Kommun(name=name, kommunkod=f"{9300 + i}", subdomain=f"sida{i}", schema_name=f"sida{i}")
         for i, name in enumerate(NAMES)]
    )  # fmt: skip
    for i, kommun in enumerate(kommuner):
        for n in range(i % 4 + 1):  # 1-4 systems a kommun; names unique, so the order has no ties
            entry(kommun, n + 1, f"System {'ÅZA'[n % 3]}{i}-{n}", status="klar" if n % 2 else "utkast")
    return {k.pk: k.name for k in kommuner}


def _all_pages(user, filters: PortfolioFilters) -> list[int]:
    seen, number = [], 1
    while True:
        page = portfolio_page(user=user, filters=filters, page=number)
        seen += [e.pk for e in page]
        if not page.has_next():
            return seen
        number += 1


@pytest.mark.parametrize("sort", ["kommun", "-kommun"])
@pytest.mark.parametrize("status", ["", "klar"])
def test_every_page_holds_the_rows_of_the_whole_list_there(rows, sort, status, monkeypatch, forvaltare):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    filters = PortfolioFilters(sort=sort, status=status)
    qs = PortfolioEntry.objects.filter(kommun__in=rows).order_by(*ordering(SORTS, sort, "kommun"))
    expected = list((qs.filter(status=status) if status else qs).values_list("pk", flat=True))
    assert _all_pages(forvaltare, filters) == expected and len(expected) > 3
    kommun_of = dict(PortfolioEntry.objects.filter(pk__in=expected).values_list("pk", "kommun_id"))
    order = ["Ale", "Bjuv", "Zeta", "Åstorp", "Ängelholm", "Ödeshög"]
    shown = list(dict.fromkeys(rows[kommun_of[pk]] for pk in expected))
    assert shown == [n for n in (order if sort == "kommun" else order[::-1]) if n in shown]
    # a page number past the end gives the last page, as the paginator always did
    last = portfolio_page(user=forvaltare, filters=filters, page=999)
    assert [e.pk for e in last] == expected[(last.number - 1) * 3 :]
