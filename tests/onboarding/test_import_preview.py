"""The import preview says which systems are new and which change, and how (issue 12)."""

import re

import pytest

from tests.onboarding.fixtures_onboarding import row, xlsx
from tests.onboarding.test_views_import import upload

pytestmark = pytest.mark.django_db


def _import(client, rows, capture):
    job_url = upload(client, xlsx(rows), capture=capture)["Location"]
    with capture(execute=True):
        client.post(job_url)


def test_the_preview_lists_new_and_changed_systems_and_what_changes(
    lund, kontakt_lund, client_for, django_capture_on_commit_callbacks
):
    client = client_for(kontakt_lund, lund)
    first = [
        row(Version="1.0", Informationstyp="Akter", Bevarande="bevaras"),
        row(Systemnamn="Ekonomi", Produkt="Raindance"),
    ]
    _import(client, first, django_capture_on_commit_callbacks)
    second = [
        row(Version="2.0", Informationstyp="Akter", Bevarande="bevaras"),
        row(Version="2.0", Informationstyp="Journaler", Bevarande="bevaras"),
        row(Systemnamn="Ekonomi", Produkt="Raindance"),
        row(Systemnamn="Lönen", Produkt="Heroma"),
    ]
    page = client.get(upload(client, xlsx(second), capture=django_capture_on_commit_callbacks)["Location"]).content
    page = page.decode()
    listed = re.search(r"<caption>Det här händer med systemen</caption>.*?</table>", page, re.S).group(0)
    changed = re.search(r"<tr><td class=\"num\">2</td><th scope=\"row\">Procapita IFO</th>.*?</tr>", listed, re.S)
    assert "Ändras" in changed.group(0)
    assert "<li>Version</li>" in changed.group(0) and "<li>Ny informationstyp Journaler</li>" in changed.group(0)
    assert re.search(r"Lönen</th>\s*<td>Nytt system</td>", listed)
    assert "Ekonomi" not in listed  # unchanged systems are only counted
