"""'Byt plats': the förvaltning and ledning may go to every kommun, so the switcher lists them all, the
consortium first and then the kommuner in Swedish alphabetical order (issue 12, bug 5)."""

import re

import pytest

from tenants import access, services
from tenants.models import Kommun, Membership, Role
from tenants.swedish import sort_key
from tenants.templatetags.sites import site_switcher

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


def test_the_current_site_is_marked_and_the_switcher_is_a_disclosure(client_for, lund, bjuv, forvaltare):
    html = client_for(forvaltare, bjuv).get("/").content.decode()
    switcher = re.search(r'<details class="site-switcher">(.*?)</details>', html, re.S).group(1)
    assert "<summary>Byt plats</summary>" in switcher  # a native disclosure: reached and opened by keyboard
    assert re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', switcher) == ["Bjuv"]


def test_a_new_membership_shows_on_the_next_page_and_a_removed_one_goes(
    client_for, lund, bjuv, kontakt_lund, forvaltare
):
    client = client_for(kontakt_lund, lund)
    assert "site-switcher" not in client.get("/").content.decode()  # one site: nothing to switch to
    membership = services.membership_set_role(user=kontakt_lund, kommun=bjuv, role=Role.KONTAKT, actor=forvaltare)
    assert switcher_sites(client.get("/").content.decode()) == ["Bjuv", "Lund"]
    services.membership_remove(membership=membership, actor=forvaltare)
    html = client.get("/").content.decode()
    assert "site-switcher" not in html
    assert "Bjuv" not in html


def test_a_forvaltare_whose_role_ends_no_longer_lists_every_kommun(
    client_for, consortium, lund, bjuv, forvaltare, ledning
):
    services.membership_set_role(user=forvaltare, kommun=lund, role=Role.ARKIVARIE, actor=ledning)
    client = client_for(forvaltare, lund)
    assert switcher_sites(client.get("/").content.decode()) == ["Samverkan", "Bjuv", "Lund"]
    services.membership_remove(membership=Membership.objects.get(user=forvaltare, kommun=consortium), actor=ledning)
    html = client.get("/").content.decode()
    assert "site-switcher" not in html  # Lund only: Bjuv and the consortium are not theirs any more
    assert "Bjuv" not in html


def test_a_kommun_renamed_or_gone_shows_on_the_next_page(client_for, lund, bjuv, forvaltare):
    client = client_for(forvaltare, lund)
    assert "Bjuv" in switcher_sites(client.get("/").content.decode())
    Kommun.objects.filter(pk=bjuv.pk).update(name="Bjuvs kommun")  # however it changes: read on every page
    assert switcher_sites(client.get("/").content.decode()) == ["Samverkan", "Bjuvs kommun", "Lund"]
    Kommun.objects.filter(pk=bjuv.pk).update(status=Kommun.Status.LEFT)
    assert switcher_sites(client.get("/").content.decode()) == ["Samverkan", "Lund"]


def test_the_switcher_of_a_consortium_reader_costs_one_query(
    client_for, lund, bjuv, forvaltare, rf, django_assert_num_queries
):
    request = rf.get("/")
    request.user = forvaltare
    access.memberships(forvaltare)  # read by every request before the page is drawn
    with django_assert_num_queries(1):
        html = site_switcher({"request": request, "current_site": lund})
    assert re.findall(r"<li><a [^>]*>([^<]+)</a></li>", html) == ["Samverkan", "Bjuv", "Lund"]


def test_swedish_alphabetical_order():
    names = ["Örkelljunga", "Ängelholm", "Åstorp", "Ystad", "Eslöv", "Östra Göinge", "Älmhult", "Båstad", "Bjuv"]
    assert sorted(names, key=sort_key) == [
        "Bjuv", "Båstad", "Eslöv", "Ystad", "Åstorp", "Älmhult", "Ängelholm", "Örkelljunga", "Östra Göinge",
    ]  # fmt: skip
