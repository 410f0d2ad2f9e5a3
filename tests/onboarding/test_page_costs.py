"""What the kommun pages of the load test (tests/benchmarks/load_run.py) cost in queries, pinned: a page that
starts asking the database more often fails here before it slows every kommun's people down under load.
The labels of choices are read from a table kept per language: English pages still show English labels."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tenants.utils import tenant_context

from onboarding.models import System
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = pytest.mark.django_db

START_PAGE = 15  # a kontakt; the arkivarie, who may invite, also reads the open invitations (+1)
SYSTEM_LIST = {"/system/?status=utkast": 7, "/system/": 7, "/system/?q=arkiv&sort=-avveckling": 7, "/system/?k=3": 7}
SYSTEM_PAGE = 11  # the system, its information types, history and plan status; requests and attachments when it has any
STEP_SAVE = 9  # the load test saves a system's own values again
STEP_SAVE_CHANGED = 17  # a change is also audited and indexed


def _queries(client, method: str, url: str, data=None) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    return len(captured.captured_queries), response


@pytest.fixture
def systems(lund):
    return [make_system(lund, name=f"System {index:02}") for index in range(12)]


def test_the_kommun_pages_of_the_load_test_cost_no_more_queries_than_pinned(
    lund, kontakt_lund, client_for, systems, cross_kommun
):
    client = client_for(kontakt_lund, lund)
    client.get("/")  # the first request of a session reads what later ones keep
    count, response = _queries(client, "get", "/")
    assert response.status_code == 200 and count == START_PAGE
    for url, pinned in SYSTEM_LIST.items():
        count, response = _queries(client, "get", url)
        assert response.status_code == 200 and count == pinned, url
    count, response = _queries(client, "get", f"/system/{systems[0].pk}/")
    assert response.status_code == 200 and "System 00" in response.content.decode()
    assert count == SYSTEM_PAGE
    step = f"/system/{systems[1].pk}/steg/avveckling/"
    data = {"decommission_date": "", "export_capability": "xml", "vendor_asked": "on", "action": "save"}
    count, response = _queries(client, "post", step, data)
    assert response.status_code == 302 and count == STEP_SAVE
    data = {"decommission_date": "2031-06-30", "export_capability": "csv", "action": "save"}
    count, response = _queries(client, "post", step, data)
    assert response.status_code == 302 and count == STEP_SAVE_CHANGED
    with tenant_context(lund):
        saved = System.objects.get(pk=systems[1].pk)
    assert (str(saved.decommission_date), saved.export_capability) == ("2031-06-30", "csv")
    cross_kommun.assert_hidden(lund, f"/system/{systems[0].pk}/", f"/system/{systems[1].pk}/steg/avveckling/")


def test_the_arkivarie_start_page_costs_one_more_for_the_open_invitations(lund, arkivarie_lund, client_for, systems):
    client = client_for(arkivarie_lund, lund)
    client.get("/")
    count, response = _queries(client, "get", "/")
    assert response.status_code == 200 and count == START_PAGE + 1


def test_the_system_list_shows_choice_labels_in_the_language_chosen(lund, kontakt_lund, client_for, systems):
    client = client_for(kontakt_lund, lund)
    swedish = client.get("/system/").content.decode()
    assert "<td>Ja, " not in swedish  # sensitive personal data is "nej"
    assert "<td>Ja</td>" in swedish and "<td>XML</td>" in swedish and "Utkast" in swedish
    assert "<td>10 av 10</td>" in swedish
    client.post("/i18n/setlang/", {"language": "en", "next": "/system/"})
    english = client.get("/system/").content.decode()
    assert '<html lang="en">' in english
    assert "<td>Yes</td>" in english and "Draft" in english and "<td>Ja</td>" not in english
    assert "<td>10 of 10</td>" in english
    page = client.get(f"/system/{systems[0].pk}/").content.decode()
    assert "Draft" in page and "Utkast" not in page
    client.post("/i18n/setlang/", {"language": "sv", "next": "/system/"})
    assert "<td>Ja</td>" in client.get("/system/").content.decode()


def test_a_value_outside_the_choices_is_shown_as_it_is(lund):
    system = System(name="Gammalt", export_capability="diskett")
    assert system.get_export_capability_display() == "diskett"
    with translation.override("en"):
        assert System(export_capability="ingen").get_export_capability_display() == "None"
    with translation.override("sv"):
        assert System(export_capability="ingen").get_export_capability_display() == "Ingen"
