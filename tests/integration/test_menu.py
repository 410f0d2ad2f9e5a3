"""One portfolio in the consortium menu, and the kommun's systems in the kommun menu."""

import re

import pytest

pytestmark = pytest.mark.django_db

MENU = re.compile(r'<nav class="main-nav".*?</nav>', re.S)


def _menu(client, path="/") -> list[tuple[str, str]]:
    html = MENU.search(client.get(path).content.decode()).group(0)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)


def test_consortium_menu_has_one_portfolio(consortium, forvaltare, ledning, client_for):
    for user in (forvaltare, ledning):
        entries = _menu(client_for(user, consortium))
        assert [href for href, label in entries if label == "Portfölj"] == ["/planering/portfolj/"]


def test_kommun_menu_has_the_systems(lund, kontakt_lund, client_for):
    entries = _menu(client_for(kontakt_lund, lund))
    assert ("/system/", "System") in entries
    assert "Portfölj" not in [label for _href, label in entries]
