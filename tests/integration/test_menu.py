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


@pytest.mark.parametrize("who", ["forvaltare", "arkivarie_lund"])
def test_the_menu_has_the_same_order_in_english(who, request, consortium, lund, client_for):
    """Issue 12, bug 8: entries sharing an order number were sorted by their translated label."""
    user = request.getfixturevalue(who)
    client = client_for(user, consortium if who == "forvaltare" else lund)
    swedish = [href for href, _label in _menu(client)]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    english = _menu(client)
    assert [href for href, _label in english] == swedish
