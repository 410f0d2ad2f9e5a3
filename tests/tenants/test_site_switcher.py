"""'Byt plats': the förvaltning and ledning may go to every kommun, so the switcher lists them all, the
consortium first and then the kommuner in Swedish alphabetical order (issue 12, bug 5)."""

import re

import pytest

from tenants import access
from tenants.swedish import sort_key

pytestmark = pytest.mark.django_db


def switcher_sites(html: str) -> list[str]:
    switcher = re.search(r'<details class="site-switcher">(.*?)</details>', html, re.S)
    assert switcher, "no site switcher on the page"
    return re.findall(r"<li><a [^>]*>([^<]+)</a></li>", switcher.group(1))


def test_the_forvaltning_can_switch_to_every_kommun(client_for, lund, bjuv, forvaltare, ledning):
    for person in (forvaltare, ledning):
        html = client_for(person, lund).get("/").content.decode()
        assert switcher_sites(html) == ["Samverkan", "Bjuv", "Lund"]
        assert f'href="{bjuv.url()}"' in html


def test_a_kommun_member_switches_only_between_their_own_sites(client_for, lund, bjuv, kontakt_lund):
    assert [site.pk for site in access.sites_for_user(kontakt_lund)] == [lund.pk]
    html = client_for(kontakt_lund, lund).get("/").content.decode()
    assert "Bjuv" not in html


def test_the_sites_are_read_once_per_request(client_for, lund, forvaltare, django_assert_max_num_queries):
    access.sites_for_user(forvaltare)
    with django_assert_max_num_queries(0):
        access.sites_for_user(forvaltare)


def test_swedish_alphabetical_order():
    names = ["Örkelljunga", "Ängelholm", "Åstorp", "Ystad", "Eslöv", "Östra Göinge", "Älmhult", "Båstad", "Bjuv"]
    assert sorted(names, key=sort_key) == [
        "Bjuv", "Båstad", "Eslöv", "Ystad", "Åstorp", "Älmhult", "Ängelholm", "Örkelljunga", "Östra Göinge",
    ]  # fmt: skip
