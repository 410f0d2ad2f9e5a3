"""Who sees which site: members read their kommun, the consortium reads all, everyone else gets 404."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.validators import EmailValidator
from django.test import Client
from django.utils import translation

from tenants.messages import MSG_INVITATION_SENT
from tenants.models import Invitation, Role
from tenants.services import invitation_create
from tests.isolation import host_of

# The kommun list and the people (12) and the state of the archive (4, reports/dashboard.py, 2 of them the months
# per kommun and the kommun choice; that they do not grow with the kommuner is tests/reports/test_dashboard.py's),
# every kommun's readiness (6, onboarding/readiness; tests/readiness/test_views.py counts them with more kommuner,
# actions, marks and meetings).
START_PAGE_QUERIES = 12 + 4 + 6


def test_anonymous_is_sent_to_log_in_on_the_same_host(lund):
    response = Client(HTTP_HOST=host_of(lund)).get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_login_page_is_swedish_with_labels(lund):
    page = Client(HTTP_HOST=host_of(lund)).get("/accounts/login/").content.decode()
    assert '<html lang="sv">' in page
    assert '<label for="id_login">' in page
    assert "Hoppa till innehållet" in page


def test_unknown_host_is_404(db):
    assert Client(HTTP_HOST="okand.skanearkiv.localhost").get("/accounts/login/").status_code == 404


def test_kommun_start_shows_members_and_role(client_for, lund, kontakt_lund, arkivarie_lund):
    page = client_for(kontakt_lund, lund).get("/").content.decode()
    assert "<h1>Lund</h1>" in page
    assert "Arvid Arkivarie" in page and "Karin Kontakt" in page
    assert "Kontaktperson" in page  # the header says which role you have here


def test_other_kommuns_people_get_404(lund, cross_kommun):
    cross_kommun.assert_hidden(lund, "/", "/inbjudningar/", data={"email": "x@test.example", "role": "kontakt"})
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("reader", ["forvaltare", "ledning"])
def test_consortium_roles_read_every_kommun(request, client_for, lund, bjuv, reader):
    user = request.getfixturevalue(reader)
    for kommun in (lund, bjuv):
        response = client_for(user, kommun).get("/")
        assert response.status_code == 200
        assert f"<h1>{kommun.name}</h1>" in response.content.decode()


def test_consortium_start_lists_kommuner_with_population(
    client_for, consortium, forvaltare, django_assert_max_num_queries
):
    client = client_for(forvaltare, consortium)
    with django_assert_max_num_queries(START_PAGE_QUERIES):
        page = client.get("/").content.decode()
    assert "Lund" in page and "Bjuv" in page
    assert "128\xa0513" in page or "128 513" in page or "128513" in page  # latest year (2024) is shown
    assert "värdkommun" in page


def test_consortium_start_query_count_does_not_grow_with_kommuner(client_for, consortium, ledning, lund):
    """The start page reads all kommuner in a fixed number of queries (checked by counting them)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(ledning, consortium)
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    assert len(captured) <= START_PAGE_QUERIES


def test_kommun_people_on_consortium_site_are_taken_to_their_kommun(client_for, consortium, kontakt_lund):
    response = client_for(kontakt_lund, consortium).get("/")
    assert response.status_code == 302
    assert response.url == "http://lund.skanearkiv.localhost:8000/"


def test_forvaltning_without_mfa_must_enrol_first(client_for, lund, consortium, forvaltare):
    Authenticator.objects.filter(user=forvaltare).delete()
    for site in (consortium, lund):
        response = client_for(forvaltare, site).get("/")
        assert response.status_code == 302
        assert response.url == "/tvastegsverifiering/"  # every role, since issue 15 (tests/people/test_mfa_gate.py)
    # the enrolment pages stay reachable (allauth asks for the password again first)
    enrol = client_for(forvaltare, consortium).get("/accounts/2fa/totp/activate/")
    assert enrol.status_code == 302
    assert enrol.url.startswith("/accounts/reauthenticate/")


def test_arkivarie_invites_with_htmx_and_sees_the_list_update(client_for, lund, arkivarie_lund):
    client = client_for(arkivarie_lund, lund)
    response = client.post("/inbjudningar/", {"email": "ny@test.example", "role": "kontakt"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="invitations"')
    assert "ny@test.example" in fragment
    assert str(MSG_INVITATION_SENT % {"email": "ny@test.example"}) in fragment


def test_invitation_form_shows_swedish_error_next_to_field_without_js(client_for, lund, arkivarie_lund):
    response = client_for(arkivarie_lund, lund).post("/inbjudningar/", {"email": "inte-en-adress", "role": "kontakt"})
    assert response.status_code == 422
    page = response.content.decode()
    with translation.override("sv"):
        assert str(EmailValidator.message) in page
    assert '<html lang="sv">' in page  # a whole page, not a fragment
    assert not Invitation.objects.filter(email="inte-en-adress").exists()


def test_kontakt_sees_no_invitation_form_and_cannot_post(client_for, lund, kontakt_lund):
    client = client_for(kontakt_lund, lund)
    assert "Skicka inbjudan" not in client.get("/").content.decode()
    assert client.post("/inbjudningar/", {"email": "x@test.example", "role": "kontakt"}).status_code == 404


def test_revoke_from_other_kommun_is_404_and_changes_nothing(lund, arkivarie_lund, cross_kommun):
    invitation, _ = invitation_create(kommun=lund, email="ny@test.example", role=Role.KONTAKT, actor=arkivarie_lund)
    # on Lund's site, and through Bjuv's own host, where the invitation is not Bjuv's
    cross_kommun.assert_hidden(lund, f"/inbjudningar/{invitation.pk}/aterkalla/", also_on_their_sites=True)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.OPEN


def test_arkivarie_revokes_own_invitation(client_for, lund, arkivarie_lund):
    invitation, _ = invitation_create(kommun=lund, email="ny@test.example", role=Role.KONTAKT, actor=arkivarie_lund)
    response = client_for(arkivarie_lund, lund).post(f"/inbjudningar/{invitation.pk}/aterkalla/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED


def test_accessibility_statement_is_public(lund, consortium):
    for site in (lund, consortium):
        page = Client(HTTP_HOST=host_of(site)).get("/tillganglighet/")
        assert page.status_code == 200
        assert "Tillgänglighetsredogörelse" in page.content.decode()
        assert "Digg" in page.content.decode()


def test_header_lets_a_person_switch_between_their_sites(client_for, lund, forvaltare):
    page = client_for(forvaltare, lund).get("/").content.decode()
    assert "Byt plats" in page
    assert 'href="http://skanearkiv.localhost:8000/"' in page
    assert "läser alla kommuner" in page


def test_english_is_available(client_for, lund, kontakt_lund):
    client = client_for(kontakt_lund, lund)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Skip to content" in page


def test_main_menu_shows_the_pages_of_the_site_and_marks_the_current_one(
    client_for, lund, consortium, kontakt_lund, ledning
):
    kommun_page = client_for(kontakt_lund, lund).get("/").content.decode()
    assert 'aria-label="Huvudmeny"' in kommun_page
    assert '<a href="/" aria-current="page">Start</a>' in kommun_page
    assert '<a href="/rapporter/">Rapporter</a>' in kommun_page
    consortium_page = client_for(ledning, consortium).get("/").content.decode()
    assert '<a href="/kostnader/">Kostnader</a>' in consortium_page
    assert "/fakturaunderlag/" not in consortium_page  # statements are the förvaltning's work


def test_swedish_even_for_an_english_browser_until_english_is_chosen(client_for, lund, kontakt_lund):
    client = client_for(kontakt_lund, lund)
    assert '<html lang="sv">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()


def test_only_the_most_specific_menu_entry_is_current(client_for, consortium, ledning):
    page = client_for(ledning, consortium).get("/planering/portfolj/").content.decode()
    menu = page.split('aria-label="Huvudmeny"', 1)[1].split("</nav>", 1)[0]
    assert menu.count('aria-current="page"') == 1
    assert '<a href="/planering/portfolj/" aria-current="page">' in menu
